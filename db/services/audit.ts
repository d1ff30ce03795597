import type { AuditLogTable } from '../schema';
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
export function auditRow(
  ctx: Pick<HandlerContext, 'session' | 'now' | 'workstation'>,
  event: AuditEvent,
): AuditRow {
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
    workstation: ctx.workstation ?? null,
  };
}

/**
 * Appends one audit row inside the caller's transaction: if the change rolls back, so does its audit row,
 * and no change commits without one.
 */
export async function writeAudit(
  trx: Trx,
  ctx: Pick<HandlerContext, 'session' | 'now' | 'workstation'>,
  event: AuditEvent,
): Promise<void> {
  await trx.insertInto('audit_log').values(auditRow(ctx, event)).execute();
}

type AuditRow = Omit<AuditLogTable, 'id'>;
