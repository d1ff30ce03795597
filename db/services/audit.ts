import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { compiled } from '../compiled';
import type { AuditLogTable, DB } from '../schema';
import type { HandlerContext, Trx } from './context';

export interface AuditEvent {
  action: string;
  entity: string;
  entityId: number | null;
  patientId?: number | null;
  before?: unknown;
  after?: unknown;
}

/** The audit row for an event, stamped with the request's clock and user. */
export function auditRow(ctx: Pick<HandlerContext, 'session' | 'now'>, event: AuditEvent): AuditRow {
  return {
    at: ctx.now().toISOString(),
    user_id: ctx.session?.userId ?? null,
    // As they are now, i.e. when the row is written: a later rename, role change or a restore that rewinds
    // user ids cannot make this row read as someone else's.
    user_name: ctx.session?.displayName ?? null,
    user_role: ctx.session?.role ?? null,
    action: event.action,
    entity: event.entity,
    entity_id: event.entityId,
    patient_id: event.patientId ?? null,
    before_json: event.before === undefined ? null : JSON.stringify(event.before),
    after_json: event.after === undefined ? null : JSON.stringify(event.after),
  };
}

/**
 * Appends one audit row inside the caller's transaction: if the change rolls back, so does its audit row,
 * and no change commits without one.
 */
export async function writeAudit(
  trx: Trx,
  ctx: Pick<HandlerContext, 'session' | 'now'>,
  event: AuditEvent,
): Promise<void> {
  await trx.insertInto('audit_log').values(auditRow(ctx, event)).execute();
}

type AuditRow = Omit<AuditLogTable, 'id'>;
const insertAudit = compiled<AuditRow, ReturnType<typeof auditInsertQuery>>((db, p) =>
  auditInsertQuery(db, p),
);
function auditInsertQuery(db: Kysely<DB>, p: <K extends keyof AuditRow & string>(name: K) => AuditRow[K]) {
  return db.insertInto('audit_log').values({
    at: p('at'),
    user_id: p('user_id'),
    action: p('action'),
    entity: p('entity'),
    entity_id: p('entity_id'),
    patient_id: p('patient_id'),
    before_json: p('before_json'),
    after_json: p('after_json'),
    user_name: p('user_name'),
    user_role: p('user_role'),
  });
}

/**
 * {@link writeAudit} as one synchronous run of a prepared statement (compiled once), the same row: only
 * inside a transaction's callback, where the transaction holds the connection (`sqlite`), for a write path
 * that does its other statements synchronously too (it never waits in Kysely's queue). `db` is the
 * transaction or the connection's Kysely instance (only used to compile the statement once).
 */
export function writeAuditSync(
  db: Kysely<DB>,
  sqlite: Database.Database,
  ctx: Pick<HandlerContext, 'session' | 'now'>,
  event: AuditEvent,
): void {
  insertAudit.runSync(db, sqlite, auditRow(ctx, event));
}
