import { sql } from 'kysely';
import type { Connection } from './connection';

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Gives the application role (the one the server signs in as; the tables belong to the owner role that ran
 * the migrations) what it needs and no more: read and write every table, except that the audit trail is
 * append-only (SELECT and INSERT; never UPDATE, DELETE or TRUNCATE). The trigger on audit_log refuses
 * changes from every role as well, the owner included. Run by `npm run server -- --grant-app-role NAME` after
 * each upgrade (new tables), as the owner.
 */
export async function grantApplicationRole(conn: Connection, role: string): Promise<void> {
  if (conn.engine !== 'postgres') throw new Error('Roles are PostgreSQL only.');
  if (!ROLE_NAME.test(role)) throw new Error(`Not a plain role name: ${role}`);
  const r = sql.id(role);
  await conn.db.transaction().execute(async (trx) => {
    await sql`GRANT USAGE ON SCHEMA public TO ${r}`.execute(trx);
    await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`.execute(trx);
    await sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`.execute(trx);
    await sql`REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM ${r}`.execute(trx);
    await sql`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alongside_schema_version FROM ${r}`.execute(trx);
  });
}
