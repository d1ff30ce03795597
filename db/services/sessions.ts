import type { Role } from '../../shared/domain/roles';

export interface Session {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  signedInAt: number;
  lastActivityAt: number;
  locked: boolean;
  /** After an administrator's reset: only choosing a new password is allowed. */
  mustChangePassword: boolean;
  clinicalLead: boolean;
}

/** What a request did to the sessions (recorded for the database store: db/services/session-storage.ts). */
export type SessionChange =
  | { kind: 'set'; key: string; session: Session }
  | { kind: 'delete'; key: string }
  | { kind: 'endAllFor'; userId: number }
  | { kind: 'endAll' };

/**
 * Signed-in sessions, in memory, keyed by the transport's connection key (an Electron window, or a
 * browser tab of the preview). The lock is decided here, in the main process: a renderer that stops
 * asking cannot keep a session open.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  /**
   * The changes made since this store was created, when it records them: the server's per-request store
   * (loaded from the database for one request, its changes written back after it).
   */
  readonly changes: SessionChange[] | null;

  constructor(options: { record?: boolean } = {}) {
    this.changes = options.record ? [] : null;
  }

  /** Puts a session read from the database into a recording store without recording it as a change. */
  load(key: string, session: Session): void {
    this.sessions.set(key, session);
  }

  get(key: string): Session | null {
    return this.sessions.get(key) ?? null;
  }

  set(key: string, session: Session): void {
    this.sessions.set(key, session);
    this.changes?.push({ kind: 'set', key, session });
  }

  delete(key: string): void {
    this.sessions.delete(key);
    this.changes?.push({ kind: 'delete', key });
  }

  /** Locks the session if it has been idle longer than the limit; returns it (or null). */
  refresh(key: string, nowMs: number, lockAfterMinutes: number): Session | null {
    const s = this.sessions.get(key);
    if (!s) return null;
    if (!s.locked && nowMs - s.lastActivityAt > lockAfterMinutes * 60_000) s.locked = true;
    return s;
  }

  /** Keys whose session ended because the database changed underneath (told once why). */
  private readonly endedByChange = new Set<string>();
  /** The database generation the sessions belong to (db/migrations/0060). */
  generation: string | null = null;

  /** Ends every session (the database was restored or replaced). */
  endAll(): void {
    for (const key of this.sessions.keys()) this.endedByChange.add(key);
    this.sessions.clear();
    this.changes?.push({ kind: 'endAll' });
  }

  /** Whether this key's session was ended by a database change (answers once). */
  takeEndedByChange(key: string): boolean {
    return this.endedByChange.delete(key);
  }

  /** Ends every session of a user (deactivated, or role changed). */
  endAllFor(userId: number): void {
    for (const [key, s] of this.sessions) if (s.userId === userId) this.sessions.delete(key);
    this.changes?.push({ kind: 'endAllFor', userId });
  }
}
