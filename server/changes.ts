import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { Connection } from '../db/connection';

/** The PostgreSQL notification channel every server instance listens on. */
export const CHANGES_CHANNEL = 'alongside_changes';

/**
 * What one instance tells the others (and its own clients) after a request:
 * - `write`: a write operation succeeded (its name, and the patient when the request named one), so the
 *   screens showing what it changed refresh (shared/ipc/invalidation.ts says which);
 * - `sessions`: sessions ended (sign-out, a user's sessions ended, everyone's): change streams check
 *   their own session at once;
 * - `resync`: this instance lost its listening connection and may have missed changes (clients refresh all).
 */
export type Change =
  | { kind: 'write'; channel: string; patientId: number | null; by?: string; origin: string }
  | { kind: 'sessions'; origin: string }
  | { kind: 'resync'; origin: string };

type ChangeBody =
  | { kind: 'write'; channel: string; patientId: number | null; by?: string }
  | { kind: 'sessions' }
  | { kind: 'resync' };

export interface ChangeFeed {
  /** This instance's random id (a change's `origin`). */
  readonly instanceId: string;
  /** Tells every instance, this one included (delivered after the writing transaction committed). */
  publish(change: ChangeBody): Promise<void>;
  subscribe(listener: (change: Change) => void): () => void;
  close(): Promise<void>;
}

function newInstanceId(): string {
  return randomBytes(8).toString('hex');
}

/** Parses a notification's payload; anything else on the channel is ignored. */
export function parseChange(payload: string | undefined): Change | null {
  if (!payload) return null;
  try {
    const c = JSON.parse(payload) as Partial<Change>;
    if (typeof c.origin !== 'string') return null;
    if (c.kind === 'write' && typeof c.channel === 'string')
      return {
        kind: 'write',
        channel: c.channel,
        patientId: typeof c.patientId === 'number' ? c.patientId : null,
        ...(typeof c.by === 'string' ? { by: c.by } : {}),
        origin: c.origin,
      };
    if (c.kind === 'sessions' || c.kind === 'resync') return { kind: c.kind, origin: c.origin };
  } catch {
    // not ours
  }
  return null;
}

/**
 * Changes shared through PostgreSQL's own LISTEN/NOTIFY (no broker of our own): one dedicated connection
 * per instance LISTENs; a change is published with pg_notify on the pool, so PostgreSQL delivers it to
 * every listening instance when the publishing statement commits. If the listening connection drops, it
 * reconnects (every 2 s) and tells its clients to refresh everything (`resync`), since notifications sent
 * meanwhile are lost.
 */
export async function postgresChangeFeed(
  conn: Connection,
  clientConfig: pg.ClientConfig,
): Promise<ChangeFeed> {
  const instanceId = newInstanceId();
  const listeners = new Set<(c: Change) => void>();
  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;

  const deliver = (c: Change) => {
    for (const l of listeners) {
      try {
        l(c);
      } catch (err) {
        console.error('[alongside-server] a change listener failed', (err as Error).name);
      }
    }
  };

  async function listen(afterLoss: boolean): Promise<void> {
    const c = new pg.Client({ ...clientConfig, application_name: 'alongside-listen' });
    c.on('notification', (msg) => {
      if (msg.channel !== CHANGES_CHANNEL) return;
      const change = parseChange(msg.payload);
      if (change) deliver(change);
    });
    const lost = () => {
      if (closed || client !== c) return;
      client = null;
      console.error('[alongside-server] lost the PostgreSQL change listener; reconnecting');
      c.removeAllListeners('notification');
      void c.end().catch(() => undefined);
      retry = setTimeout(() => void reconnect(), 2000);
    };
    c.on('error', lost);
    c.on('end', lost);
    await c.connect();
    await c.query(`LISTEN ${CHANGES_CHANNEL}`);
    client = c;
    if (afterLoss) deliver({ kind: 'resync', origin: instanceId });
  }

  async function reconnect(): Promise<void> {
    retry = null;
    if (closed) return;
    try {
      await listen(true);
    } catch {
      if (!closed) retry = setTimeout(() => void reconnect(), 2000);
    }
  }

  await listen(false);

  return {
    instanceId,
    async publish(change) {
      const payload = JSON.stringify({ ...change, origin: instanceId });
      await sql`SELECT pg_notify(${CHANGES_CHANNEL}, ${payload})`.execute(conn.db);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      listeners.clear();
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}

/** A single server on a SQLite file (trying it out): changes go to this instance's own clients only. */
export function localChangeFeed(): ChangeFeed {
  const instanceId = newInstanceId();
  const listeners = new Set<(c: Change) => void>();
  return {
    instanceId,
    async publish(change) {
      const c = { ...change, origin: instanceId } as Change;
      queueMicrotask(() => {
        for (const l of listeners) l(c);
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
    },
  };
}
