import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../schema';
import type { SessionsTable } from '../schema-trust';

type Db = Kysely<DB> | Transaction<DB>;

/** The team server's stored sessions (migration 0200), keyed by the SHA-256 of the bearer token. */
export function readSession(db: Db, tokenHash: string): Promise<SessionsTable | undefined> {
  return db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function upsertSession(db: Db, row: SessionsTable): Promise<void> {
  const { token_hash: _key, ...rest } = row;
  await db
    .insertInto('sessions')
    .values(row)
    .onConflict((oc) => oc.column('token_hash').doUpdateSet(rest))
    .execute();
}

/** Writes what a request changed on its own session (lock, last activity, password state). */
export async function updateSessionState(
  db: Db,
  tokenHash: string,
  state: Pick<SessionsTable, 'locked' | 'last_activity_at' | 'must_change_password'>,
): Promise<void> {
  await db.updateTable('sessions').set(state).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteAllSessions(db: Db): Promise<void> {
  await db.deleteFrom('sessions').execute();
}

/** Removes sessions past their end (the server does this now and then; an expired row is refused anyway). */
export async function deleteExpiredSessions(db: Db, nowIso: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('expires_at', '<=', nowIso).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Whether the session behind this token still exists (the server's change stream checks it). */
export async function sessionExists(db: Db, tokenHash: string): Promise<boolean> {
  const row = await db
    .selectFrom('sessions')
    .select('token_hash')
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row !== undefined;
}
