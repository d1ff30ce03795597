import { sql, type Kysely } from 'kysely';

/**
 * Issue 19 (team mode): sessions stored in the database, so that any server instance can serve any signed-in
 * person and a sign-out or a deactivated account takes effect on every instance at once. The desktop app
 * keeps its sessions in memory (a window's session ends with the app) and leaves this table empty.
 * - `token_hash`: SHA-256 of the bearer token (the token itself is never stored: a copy of the database
 *   cannot be used to take over a session).
 * - `generation`: the database generation the session was opened in; a restore changes it, which ends
 *   every session on every instance.
 * - `expires_at`: the absolute end (sign in again after it, however active); the inactivity lock is
 *   decided from `last_activity_at` and the lock time in Settings, as on the desktop.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('clinical_lead', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`locked in (0, 1)`),
    )
    .addColumn('generation', 'text', (c) => c.notNull())
    .addColumn('signed_in_at', 'text', (c) => c.notNull())
    .addColumn('last_activity_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();
}
