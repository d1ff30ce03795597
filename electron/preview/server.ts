import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Dispatcher } from '../../db/dispatcher';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';

/**
 * The browser preview: the built renderer and the same dispatcher, served on 127.0.0.1 only.
 * Every request must carry this run's random token (first as ?token= in the printed URL, which sets a
 * strict cookie; API calls also send it in a header that other pages cannot add without a CORS
 * preflight, which is never granted). Nothing answers without it.
 */
export interface PreviewServer {
  url: string;
  token: string;
  port: number;
  /** The address the socket is bound to (always 127.0.0.1). */
  boundAddress: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

const MAX_BODY = 1_000_000;

function sameSecret(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage): string | undefined {
  const m = /(?:^|;\s*)alongside_token=([A-Za-z0-9_-]+)/.exec(req.headers.cookie ?? '');
  return m?.[1];
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'text/plain; charset=utf-8',
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    ...extra,
  });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startPreviewServer(options: {
  /** The local dispatcher, or a team server's connection (`--server`): the same named operations. */
  dispatcher: Pick<Dispatcher, 'dispatch'>;
  /** With a team server: its change stream for one window's session (server/client.ts `watch`). */
  watch?: (sessionKey: string, onEvent: (e: { event: string; data: unknown }) => void) => () => void;
  staticDir: string;
  port?: number;
  token?: string;
}): Promise<PreviewServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const root = resolve(options.staticDir);

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => send(res, 500, 'Internal error'));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const queryToken = url.searchParams.get('token') ?? undefined;
    if (sameSecret(queryToken, token)) {
      // Trade the token in the URL for a cookie, and drop it from the address bar.
      url.searchParams.delete('token');
      res.writeHead(303, {
        Location: url.pathname + (url.search || '') + url.hash,
        'Set-Cookie': `alongside_token=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }
    if (!sameSecret(cookieToken(req), token)) return send(res, 401, 'Unauthorised');

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return send(res, 405, 'Method not allowed');
      if (!sameSecret(req.headers['x-alongside-token'] as string | undefined, token))
        return send(res, 401, 'Unauthorised');
      const channel = decodeURIComponent(url.pathname.slice('/api/'.length));
      const sessionKey = `preview:${String(req.headers['x-alongside-session'] ?? '').slice(0, 64)}`;
      let payload: unknown;
      try {
        const body = await readBody(req);
        payload = body ? (JSON.parse(body) as unknown) : {};
      } catch {
        return send(
          res,
          200,
          JSON.stringify({
            ok: false,
            error: { code: 'VALIDATION', message: 'The request body was not valid JSON.' },
          }),
          'application/json',
        );
      }
      const result = await options.dispatcher.dispatch(sessionKey, channel, payload);
      return send(res, 200, JSON.stringify(result), 'application/json');
    }

    if (url.pathname === '/events' && req.method === 'GET') {
      // The team server's change stream for this tab's session, passed on (renderer/src/api/transport.ts).
      // 204 on a local database: the browser then stops asking.
      if (!options.watch) return send(res, 204, '');
      const sessionKey = `preview:${String(url.searchParams.get('session') ?? '').slice(0, 64)}`;
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      res.write(': connected\n\n');
      const stop = options.watch(sessionKey, (e) => {
        res.write(`event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
        if (e.event !== 'change') res.end();
      });
      req.on('close', stop);
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = normalize(join(root, rel));
    if (file !== root && !file.startsWith(root + sep)) return send(res, 403, 'Forbidden');
    try {
      let body: Buffer | string = await readFile(file);
      if (rel === 'index.html') {
        // The renderer reads the token from here to sign its API calls.
        body = body
          .toString('utf8')
          .replace('</head>', `<meta name="alongside-token" content="${token}"></head>`);
      }
      return send(res, 200, body, TYPES[extname(file)] ?? 'application/octet-stream');
    } catch {
      return send(res, 404, 'Not found');
    }
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    // Loopback only: nothing on the network can reach the preview.
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePromise());
  });
  const { port, address } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    boundAddress: address,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
