/**
 * Overriding one open readiness item at a time, with its own reason and signer (issue 14). Split from
 * interventions.ts.
 */
import { evaluateReadiness } from '../../shared/clinical/interventions/index';
import { overrideNeedsClinician, type RequestDetail } from '../../shared/domain/interventions';
import { can } from '../../shared/domain/roles';
import { AppError } from '../../shared/result';
import { writeAudit } from './audit';
import { clinical } from './clinical-errors';
import type { HandlerContext } from './context';
import { interventionRules } from './rule-sets';
import { today, userId } from './interventions-common';
import { loadRequest, readinessInput, storedOverrides, summarise } from './interventions-readiness';
import { getRequest } from './interventions-requests';
import { staleEditError } from './stale-edit';

/**
 * Overrides ONE open readiness item with its own reason (issue 14): a prescriber signs each item, so one
 * override cannot clear consent, the pregnancy enquiry and seven other items at once. Hard blocks are never
 * overridden. Audited with the item, the reason and the signer.
 */
export async function approveOverride(
  ctx: HandlerContext,
  input: { requestId: number; version: number; itemId: string; reason: string },
): Promise<RequestDetail> {
  const todayIso = today(ctx);
  await ctx.conn.db.transaction().execute(async (trx) => {
    const rc = await loadRequest(trx, input.requestId, interventionRules(ctx.conn));
    if (rc.row.version !== input.version)
      throw await staleEditError(trx, {
        entity: 'intervention_request',
        entityId: input.requestId,
        thing: 'request',
      });
    const readiness = clinical(() => evaluateReadiness(readinessInput(rc, todayIso)));
    const item = readiness.items.find((i) => i.id === input.itemId);
    if (!item) throw new AppError('VALIDATION', 'That readiness item does not exist for this request.');
    if (item.status === 'block')
      throw new AppError('CONFLICT', `A hard block cannot be overridden: ${item.message}`);
    if (
      overrideNeedsClinician(item.id) &&
      !(ctx.session && can(ctx.session.role, 'interventions.clinical'))
    ) {
      const message = `Only a consultant may override “${item.title}”: it is a clinical gate, not a medicines one. Nothing was saved.`;
      throw new AppError('FORBIDDEN', message, { reason: message });
    }
    const summary = summarise(rc, readiness);
    if (!summary.openItems.includes(item.id))
      throw new AppError(
        'CONFLICT',
        `“${item.title}” is not an open readiness warning; there is nothing to override.`,
      );
    const at = ctx.now().toISOString();
    const overrides = [
      ...storedOverrides(rc.row),
      { itemId: item.id, reason: input.reason, by: userId(ctx), at },
    ];
    await trx
      .updateTable('intervention_requests')
      .set({
        override_reason: input.reason,
        override_items_json: JSON.stringify(overrides),
        override_by: userId(ctx),
        override_at: at,
        version: input.version + 1,
        updated_at: at,
      })
      .where('id', '=', input.requestId)
      .execute();
    await writeAudit(trx, ctx, {
      action: 'interventions.readiness.override',
      entity: 'intervention_request',
      entityId: input.requestId,
      patientId: rc.row.patient_id,
      before: { item: item.id, status: item.status },
      after: { item: item.id, title: item.title, reason: input.reason, signer: userId(ctx) },
    });
  });
  return getRequest(ctx, input.requestId);
}
