import { createHash } from 'node:crypto';
import { Agent, request as httpsRequest } from 'node:https';
import { hostname } from 'node:os';
import type { IncomingMessage } from 'node:http';
import type { Result } from '../shared/result';

/**
 * The desktop's side of team mode, in Node (the Electron main process or the browser preview's server):
 * the same `request(sessionKey, channel, payload)` as the local database host, carried to the team server
 * over HTTPS. The renderer is unchanged: it still sends named operations and gets `{ ok, value } | { ok:
 * false, error }` back. Each window (session key) has its own bearer token, held here in memory only.
 */
export interface RemoteOptions {
  /** https://alongside.example.nhs.uk:8443 */
  url: string;
  /** The trust's certificate authority (PEM) that signed the server's certificate. */
  ca?: string | Buffer;
  /** How long to wait for an answer (default 60 s). */
  timeoutMs?: number;
  /** This workstation's name for the audit trail (default: the computer's name). */
  workstation?: string;
}

/** The header a desktop declares its workstation name in (the server adds the address it sees). */
export const WORKSTATION_HEADER = 'Alongside-Workstation';

export interface ServerEvent {
  event: string;
  data: unknown;
}

export interface RemoteConnection {
  request(sessionKey: string, channel: unknown, payload: unknown): Promise<Result<unknown>>;
  /** Listens for others' changes for this window's session (`change`, `signed-out`); returns a stop. */
  watch(sessionKey: string, onEvent: (e: ServerEvent) => void): () => void;
  /** Whether this window holds a token (signed in, as far as this side knows). */
  hasSession(sessionKey: string): boolean;
  close(): Promise<void>;
}

/**
 * Which window's request made a change, as the change stream says it (`by`): a hash of its session token, so
 * a window can leave out its own changes (it refreshed after its own save) and no token is ever sent on.
 */
export function writerTag(token: string): string {
  return createHash('sha256').update(`alongside-change:${token}`).digest('hex').slice(0, 16);
}

/** The request never reached the server: certainly not saved. */
export const UNREACHABLE_MESSAGE =
  'The Alongside server could not be reached, so nothing was saved. Check the network connection and try again; if it keeps happening, tell IT.';
/** The request was sent but no answer came back: it may or may not have been saved. */
export const NO_ANSWER_MESSAGE =
  'The Alongside server did not answer, so this may not have been saved. Check the record before trying again.';
/** The server's certificate is not the trust's: nothing is sent. */
export const CERTIFICATE_MESSAGE =
  "The Alongside server's certificate could not be verified, so nothing was sent. Tell IT: the server's address or certificate may be wrong.";

const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function failure(message: string): Result<unknown> {
  return { ok: false, error: { code: 'INTERNAL', message } };
}

function errorMessage(err: unknown): string {
  const code = (err as { code?: string })?.code ?? '';
  if (NOT_SENT.has(code)) return UNREACHABLE_MESSAGE;
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) return CERTIFICATE_MESSAGE;
  return NO_ANSWER_MESSAGE;
}

export function connectToServer(options: RemoteOptions): RemoteConnection {
  const base = new URL(options.url);
  // Printable ASCII only (a header value), at most 64 characters.
  const workstationName =
    (options.workstation ?? hostname()).replace(/[^\x20-\x7e]/g, '').slice(0, 64) || 'unnamed';
  if (base.protocol !== 'https:')
    throw new Error('The Alongside server is reached over HTTPS only (https://…).');
  const agent = new Agent({
    keepAlive: true,
    // Idle connections are closed after 30 s, well before the server's 75 s (server/server.ts), so a request
    // is never sent down a connection the server is closing.
    timeout: 30_000,
    maxSockets: 16,
    ...(options.ca ? { ca: options.ca } : {}),
    rejectUnauthorized: true,
  });
  const tokens = new Map<string, string>();
  const watchers = new Set<IncomingMessage>();
  const timeoutMs = options.timeoutMs ?? 60_000;

  function post(sessionKey: string, body: string): Promise<{ result: Result<unknown>; token?: string }> {
    return new Promise((resolve) => {
      const token = tokens.get(sessionKey);
      const req = httpsRequest(
        new URL('/api', base),
        {
          method: 'POST',
          agent,
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
            [WORKSTATION_HEADER]: workstationName,
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
          },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', () => resolve({ result: failure(NO_ANSWER_MESSAGE) }));
          res.on('end', () => {
            try {
              const result = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Result<unknown>;
              const issued = res.headers['alongside-session'];
              resolve({ result, ...(typeof issued === 'string' ? { token: issued } : {}) });
            } catch {
              resolve({ result: failure(NO_ANSWER_MESSAGE) });
            }
          });
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      req.on('error', (err) => resolve({ result: failure(errorMessage(err)) }));
      req.end(body);
    });
  }

  return {
    async request(sessionKey, channel, payload) {
      const { result, token } = await post(sessionKey, JSON.stringify({ operation: channel, payload }));
      if (token) tokens.set(sessionKey, token);
      if (channel === 'auth:signOut' && result.ok) tokens.delete(sessionKey);
      if (!result.ok && result.error.code === 'UNAUTHENTICATED') tokens.delete(sessionKey);
      return result;
    },

    watch(sessionKey, onEvent) {
      const token = tokens.get(sessionKey);
      let stopped = false;
      let current: IncomingMessage | null = null;
      const req = httpsRequest(new URL('/events', base), {
        method: 'GET',
        agent: false,
        ...(options.ca ? { ca: options.ca } : {}),
        rejectUnauthorized: true,
        headers: { Accept: 'text/event-stream', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      });
      req.on('response', (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          onEvent({ event: 'signed-out', data: {} });
          return;
        }
        current = res;
        watchers.add(res);
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let event = 'message';
            let data = '';
            for (const line of block.split('\n')) {
              if (line.startsWith('event: ')) event = line.slice(7);
              else if (line.startsWith('data: ')) data += line.slice(6);
            }
            if (!data) continue;
            try {
              const parsed = JSON.parse(data) as { by?: unknown };
              // This window's own save comes back too: it already refreshed what it changed.
              if (event === 'change' && token && parsed?.by === writerTag(token)) continue;
              onEvent({ event, data: parsed });
            } catch {
              // a malformed event is dropped
            }
          }
        });
        res.on('close', () => watchers.delete(res));
      });
      req.on('error', () => {
        if (!stopped) onEvent({ event: 'lost', data: {} });
      });
      req.end();
      return () => {
        stopped = true;
        current?.destroy();
        req.destroy();
      };
    },

    hasSession: (sessionKey) => tokens.has(sessionKey),

    async close() {
      for (const w of watchers) w.destroy();
      agent.destroy();
    },
  };
}
