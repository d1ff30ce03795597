import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Connection } from '../db/connection';
import { createDispatcher, type Dispatcher } from '../db/dispatcher';
import type { ServiceOptions } from '../db/services/context';
import { DatabaseSessions } from '../db/services/session-storage';
import { contract, isChannel } from '../shared/ipc/contract';
import type { Result } from '../shared/result';
import type { Change, ChangeFeed } from './changes';
import { WORKSTATION_HEADER, writerTag } from './client';
import { healthReport, type HealthOptions } from './health';

/** The response header carrying a new session's bearer token (after sign-in). */
export const SESSION_HEADER = 'alongside-session';
/** Operations that open a session: they always get a new token (never the one the client sent). */
const OPENS_SESSION = new Set(['auth:signIn', 'setup:createFirstAdmin']);

export interface ServerOptions {
  conn: Connection;
  feed: ChangeFeed;
  /** PEM certificate (chain) and key of the trust's certificate for this server's name. */
  tls: { cert: string | Buffer; key: string | Buffer };
  host?: string;
  /** 0: any free port (tests). */
  port?: number;
  sessionHours?: number;
  /** Largest request body in bytes (default 10 MB: CSV and FHIR imports). */
  maxBodyBytes?: number;
  services?: ServiceOptions;
  /** What GET /health checks besides the database (the backup job's record). */
  health?: HealthOptions;
}

export interface RunningServer {
  url: string;
  port: number;
  dispatcher: Dispatcher;
  instanceId: string;
  /** Open change streams (clients listening for others' changes). */
  streams(): number;
  close(): Promise<void>;
}

const HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=31536000',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
};

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...HEADERS, ...extra });
  res.end(JSON.stringify(body));
}

function refuse(res: ServerResponse, status: number, code: string, message: string) {
  sendJson(res, status, { ok: false, error: { code, message } });
}

class TooLarge extends Error {}

async function readBody(req: IncomingMessage, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new TooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function bearer(req: IncomingMessage): string {
  const m = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(req.headers.authorization ?? '');
  return m?.[1] ?? '';
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The patient a write was about, when its request or answer names one (for the screens' refresh). */
/**
 * Which workstation sent a request, for its audit rows: the name the desktop declares (printable, at most 64
 * characters; it cannot be verified) and the address this server saw, e.g. "PAIN-CLINIC-03 (10.1.2.3)".
 */
export function workstationOf(req: IncomingMessage): string {
  const declared = String(req.headers[WORKSTATION_HEADER.toLowerCase()] ?? '')
    .replace(/[^\x20-\x7e]/g, '')
    .trim()
    .slice(0, 64);
  const address = (req.socket.remoteAddress ?? 'unknown address').replace(/^::ffff:/, '');
  return declared ? `${declared} (${address})` : `Unnamed workstation (${address})`;
}

function patientOf(channel: string, payload: unknown, value: unknown): number | null {
  const p = (payload ?? {}) as Record<string, unknown>;
  if (typeof p.patientId === 'number') return p.patientId;
  if (channel.startsWith('patients:')) {
    if (typeof p.id === 'number') return p.id;
    const v = (value ?? {}) as Record<string, unknown>;
    if (typeof v.id === 'number') return v.id;
  }
  return null;
}

/**
 * The Alongside team server: Node's HTTPS server (never plain HTTP) in front of the same dispatcher as the
 * desktop app, so every operation is validated, authorised and audited the same way.
 *
 *   POST /api      {"operation": "patients:search", "payload": {...}}  →  { ok, value } | { ok: false, error }
 *                  Authorization: Bearer <token>; sign-in answers with the new token in `Alongside-Session`.
 *   GET  /events   the caller's change stream (server-sent events): `change` for every write anyone made
 *                  (through any instance), `signed-out` when this session ended.
 *   GET  /health   the database, its schema and the backups in words (server/health.ts): 200 while the
 *                  server can serve, 503 when it cannot; no sign-in, no patient data.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { conn, feed } = options;
  const maxBody = options.maxBodyBytes ?? 10 * 1024 * 1024;
  const databaseSessions = new DatabaseSessions({ maxHours: options.sessionHours ?? 12 });
  const dispatcher = createDispatcher(conn, options.services ?? {}, {
    databaseSessions,
    onSessionsEnded: () => void feed.publish({ kind: 'sessions' }).catch(() => undefined),
  });
  const streams = new Set<{ token: string; res: ServerResponse }>();

  const unsubscribe = feed.subscribe((change: Change) => {
    // What another instance changed that this one keeps between requests.
    if (
      change.origin !== feed.instanceId &&
      change.kind === 'write' &&
      (change.channel === 'settings:update' || change.channel.startsWith('rules:'))
    )
      dispatcher.forgetCached();
    if (change.kind === 'resync') dispatcher.forgetCached();
    for (const s of streams) {
      if (change.kind === 'sessions') {
        void databaseSessions.exists(conn, s.token).then(
          (alive) => {
            if (!alive) endStream(s, 'signed-out');
          },
          () => undefined,
        );
      } else {
        const { origin: _o, ...body } = change;
        s.res.write(`event: change\ndata: ${JSON.stringify(body)}\n\n`);
      }
    }
  });

  function endStream(s: { token: string; res: ServerResponse }, event: string) {
    if (!streams.delete(s)) return;
    s.res.write(`event: ${event}\ndata: {}\n\n`);
    s.res.end();
  }

  async function api(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return refuse(res, 405, 'METHOD', 'Use POST.');
    let body: { operation?: unknown; payload?: unknown };
    try {
      body = JSON.parse(await readBody(req, maxBody)) as typeof body;
    } catch (err) {
      if (err instanceof TooLarge)
        return refuse(res, 413, 'TOO_LARGE', 'That is too much to send at once; nothing was saved.');
      return refuse(res, 400, 'BAD_REQUEST', 'The request was not understood; nothing was saved.');
    }
    const channel = body?.operation;
    let token = bearer(req);
    const extra: Record<string, string> = {};
    if (typeof channel === 'string' && OPENS_SESSION.has(channel)) {
      // A new session always gets a new token; the one sent (if any) ends first.
      if (token) await dispatcher.dispatch(token, 'auth:signOut', {});
      token = newToken();
    }
    const result: Result<unknown> = await dispatcher.dispatch(token, channel, body.payload, {
      workstation: workstationOf(req),
    });
    if (result.ok && typeof channel === 'string' && OPENS_SESSION.has(channel)) extra[SESSION_HEADER] = token;
    if (result.ok && isChannel(channel) && contract[channel].write && !channel.startsWith('auth:')) {
      await feed
        .publish({
          kind: 'write',
          channel,
          patientId: patientOf(channel, body.payload, result.value),
          by: writerTag(token),
        })
        .catch((err: unknown) =>
          console.error('[alongside-server] could not publish a change', (err as Error).name),
        );
    }
    sendJson(res, 200, result, extra);
  }

  async function events(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const token = bearer(req);
    const answer = token ? await dispatcher.dispatch(token, 'auth:session', {}) : null;
    if (!answer?.ok || answer.value === null) return refuse(res, 401, 'UNAUTHENTICATED', 'Please sign in.');
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', ...HEADERS });
    res.write(': connected\n\n');
    const s = { token, res };
    streams.add(s);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      streams.delete(s);
    });
  }

  const server: Server = createServer(
    { cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' },
    (req, res) => {
      const path = new URL(req.url ?? '/', 'https://server').pathname;
      const route =
        path === '/api'
          ? api(req, res)
          : path === '/events' && req.method === 'GET'
            ? events(req, res)
            : path === '/health'
              ? healthReport(conn, options.health).then((report) =>
                  sendJson(res, report.ok ? 200 : 503, report),
                )
              : Promise.resolve(refuse(res, 404, 'NOT_FOUND', 'Not found.'));
      route.catch((err: unknown) => {
        console.error('[alongside-server] request failed', (err as Error)?.name);
        if (!res.headersSent) refuse(res, 500, 'INTERNAL', 'Something went wrong; nothing was saved.');
        else res.end();
      });
    },
  );
  server.requestTimeout = 120_000;
  // An idle connection is kept 75 s (Node's default is 5 s), far longer than a desktop keeps it (30 s,
  // server/client.ts), so the desktop always closes first. With the default, a desktop whose event loop was
  // held for a moment sent its next request down a connection the server had just closed, and the request
  // was lost ("did not answer"): 2 of 49,561 requests at 40 workstations (tests/server/idle-connection.test.ts).
  server.keepAliveTimeout = 75_000;
  server.headersTimeout = 76_000;

  // Sessions past their end are removed hourly (an expired one is refused anyway).
  const purge = setInterval(
    () => void databaseSessions.purgeExpired(conn, new Date()).catch(() => undefined),
    3_600_000,
  );
  purge.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8443, options.host ?? '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : 'localhost';

  return {
    url: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    dispatcher,
    instanceId: feed.instanceId,
    streams: () => streams.size,
    async close() {
      clearInterval(purge);
      unsubscribe();
      for (const s of [...streams]) endStream(s, 'closing');
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
