import type { HandlerContext, Trx } from './context';

export interface AuditEvent {
  action: string;
  entity: string;
  entityId: number | null;
  patientId?: number | null;
  before?: unknown;
  after?: unknown;
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
  await trx
    .insertInto('audit_log')
    .values({
      at: ctx.now().toISOString(),
      user_id: ctx.session?.userId ?? null,
      action: event.action,
      entity: event.entity,
      entity_id: event.entityId,
      patient_id: event.patientId ?? null,
      before_json: event.before === undefined ? null : JSON.stringify(event.before),
      after_json: event.after === undefined ? null : JSON.stringify(event.after),
    })
    .execute();
}
