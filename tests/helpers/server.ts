import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection, Engine } from '../../db/connection';
import { openPostgres } from '../../db/connection-pg';
import { localChangeFeed, postgresChangeFeed, type ChangeFeed } from '../../server/changes';
import { connectToServer, type RemoteConnection } from '../../server/client';
import { startServer, type RunningServer } from '../../server/server';
import { makeSelfSigned } from '../../server/tls';
import type { Channel, RequestOf, ResponseOf } from '../../shared/ipc/contract';
import type { Result } from '../../shared/result';
import { TEST_PASSWORD_COST } from './db';
import { freshDatabase, type EngineDatabase } from './engines';

export const PASSWORD = 'correct horse battery';

/** One test certificate per test process (openssl, a few milliseconds). */
let certificate: { cert: Buffer; key: Buffer } | null = null;
const certDir = mkdtempSync(join(tmpdir(), 'alongside-tls-'));
export function testCertificate(): { cert: Buffer; key: Buffer } {
  certificate ??= makeSelfSigned(certDir);
  return certificate;
}
process.on('exit', () => rmSync(certDir, { recursive: true, force: true }));

export interface TestClient {
  remote: RemoteConnection;
  call<C extends Channel>(channel: C, payload: RequestOf<C>, key?: string): Promise<Result<ResponseOf<C>>>;
  ok<C extends Channel>(channel: C, payload: RequestOf<C>, key?: string): Promise<ResponseOf<C>>;
}

export interface TestServers {
  db: EngineDatabase;
  servers: RunningServer[];
  feeds: ChangeFeed[];
  clock: { now: Date };
  /** A desktop-side connection to instance `i` (trusting the test certificate). */
  client(i?: number): TestClient;
  close(): Promise<void>;
}

/**
 * `count` server instances on one fresh database (several only on PostgreSQL: they share it, and their
 * changes travel by LISTEN/NOTIFY), each on 127.0.0.1 over HTTPS with the test certificate.
 */
export async function startTestServers(engine: Engine, count = 1): Promise<TestServers> {
  const db = await freshDatabase(engine);
  const tls = testCertificate();
  const clock = { now: new Date('2026-11-21T10:00:00Z') };
  const servers: RunningServer[] = [];
  const feeds: ChangeFeed[] = [];
  const conns: Connection[] = [];
  const remotes: RemoteConnection[] = [];
  for (let i = 0; i < count; i++) {
    const conn = i === 0 ? db.conn : openPostgres({ connectionString: db.url!, max: 4 });
    if (i > 0) conns.push(conn);
    const feed =
      engine === 'postgres'
        ? await postgresChangeFeed(conn, { connectionString: db.url! })
        : localChangeFeed();
    feeds.push(feed);
    servers.push(
      await startServer({
        conn,
        feed,
        tls,
        host: '127.0.0.1',
        port: 0,
        services: { passwordCost: TEST_PASSWORD_COST, now: () => clock.now },
      }),
    );
  }
  return {
    db,
    servers,
    feeds,
    clock,
    client(i = 0) {
      const remote = connectToServer({ url: servers[i]!.url, ca: tls.cert });
      remotes.push(remote);
      const call = (channel: Channel, payload: unknown, key = 'window-1') =>
        remote.request(key, channel, payload);
      return {
        remote,
        call: call as TestClient['call'],
        ok: (async (channel: Channel, payload: unknown, key?: string) => {
          const r = await call(channel, payload, key);
          if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message}`);
          return r.value;
        }) as TestClient['ok'],
      };
    },
    async close() {
      for (const r of remotes) await r.close();
      for (const s of servers) await s.close();
      for (const f of feeds) await f.close();
      for (const c of conns) await c.close();
      await db.cleanup();
    },
  };
}

/** Waits until `check` returns something (polling every 20 ms), or fails after `ms`. */
export async function eventually<T>(check: () => T | undefined | null | false, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
