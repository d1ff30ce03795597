import { createHash } from 'node:crypto';
import type { Role } from '../../shared/domain/roles';
import type { Connection } from '../connection';
import {
  deleteAllSessions,
  deleteExpiredSessions,
  deleteSession,
  deleteSessionsOfUser,
  readSession,
  sessionExists,
  updateSessionState,
  upsertSession,
} from '../queries/sessions';
import type { Session, SessionChange, SessionStore } from './sessions';

/** The SHA-256 of a bearer token, as stored (the token itself never is). */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface SessionStorageOptions {
  /** Hours after sign-in at which a session ends however active it is (default 12: a working day). */
  maxHours?: number;
}

/**
 * Sessions kept in the database (team mode): every server instance reads the asking token's session at the
 * start of each request and writes back what the request changed, so any instance can serve anyone, and a
 * sign-out, a lock or a deactivated account is seen by every instance on the next request. The desktop app
 * does not use this (its sessions live in memory and end with the app).
 */
export class DatabaseSessions {
  readonly maxHours: number;

  constructor(options: SessionStorageOptions = {}) {
    this.maxHours = options.maxHours ?? 12;
  }

  /** The token's session, or null (none, ended, expired, or opened before a restore: `generation`). */
  async load(conn: Connection, token: string, generation: string, nowMs: number): Promise<Session | null> {
    const hash = tokenHash(token);
    const row = await readSession(conn.db, hash);
    if (!row) return null;
    if (row.generation !== generation || Date.parse(row.expires_at) <= nowMs) {
      await deleteSession(conn.db, hash);
      return null;
    }
    return {
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      role: row.role as Role,
      signedInAt: Date.parse(row.signed_in_at),
      lastActivityAt: Date.parse(row.last_activity_at),
      locked: row.locked === 1,
      mustChangePassword: row.must_change_password === 1,
      clinicalLead: row.clinical_lead === 1,
    };
  }

  /** Removes sessions past their end; returns how many. */
  purgeExpired(conn: Connection, now: Date): Promise<number> {
    return deleteExpiredSessions(conn.db, now.toISOString());
  }

  exists(conn: Connection, token: string): Promise<boolean> {
    return sessionExists(conn.db, tokenHash(token));
  }

  /**
   * Writes back what one request did: the changes it recorded, in order (sign-in, sign-out, every session of
   * a user ended, every session ended), then the asking session's own state (lock and last activity).
   * Returns the changes that ended sessions (the server tells the other instances).
   */
  async save(
    conn: Connection,
    token: string,
    store: SessionStore,
    generation: string,
  ): Promise<SessionChange[]> {
    const changes = store.changes ?? [];
    const own = store.get(token);
    const hash = tokenHash(token);
    if (!changes.length && !own) return [];
    // Read committed, not the pool's serializable: each request writes only its own session's row (last
    // writer wins), and under serializable PostgreSQL refused these small writes at commit whenever several
    // workstations' requests overlapped (the sessions table is one page, so every save "read" every other),
    // after the request's own change had been committed: a saved change then came back "nothing was saved"
    // (bench/server-100k.ts, 40 workstations). SQLite ignores the level (one writer at a time).
    await conn.db
      .transaction()
      .setIsolationLevel('read committed')
      .execute(async (trx) => {
        for (const c of changes) {
          if (c.kind === 'set') {
            const s = c.session;
            await upsertSession(trx, {
              token_hash: tokenHash(c.key),
              user_id: s.userId,
              username: s.username,
              display_name: s.displayName,
              role: s.role,
              clinical_lead: s.clinicalLead ? 1 : 0,
              must_change_password: s.mustChangePassword ? 1 : 0,
              locked: s.locked ? 1 : 0,
              generation,
              signed_in_at: new Date(s.signedInAt).toISOString(),
              last_activity_at: new Date(s.lastActivityAt).toISOString(),
              expires_at: new Date(s.signedInAt + this.maxHours * 3_600_000).toISOString(),
            });
          } else if (c.kind === 'delete') await deleteSession(trx, tokenHash(c.key));
          else if (c.kind === 'endAllFor') await deleteSessionsOfUser(trx, c.userId);
          else await deleteAllSessions(trx);
        }
        if (own)
          await updateSessionState(trx, hash, {
            locked: own.locked ? 1 : 0,
            last_activity_at: new Date(own.lastActivityAt).toISOString(),
            must_change_password: own.mustChangePassword ? 1 : 0,
          });
      });
    return changes.filter((c) => c.kind !== 'set');
  }
}
