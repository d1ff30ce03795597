/**
 * Writing an MDT action's status (issue 3, "Actions"): the one place that sets status, completed_at,
 * completed_by and completion_note, keeps the patient's MDT state (earliest open action due) in step, and
 * audits it. Used by the manual completion (mdt:action:complete, db/services/mdt-outcomes.ts) and by the
 * modules when the draft an action created is completed there (completeActionByLink).
 *
 * A leaf module (audit and context only), so that medicines, interventions and rehab services can call it
 * without an import cycle through mdt-outcomes -> mdt-links.
 */
import type { Selectable } from 'kysely';
import { formatDateGb, londonToday } from '../../shared/dates';
import { AppError } from '../../shared/result';
import type { MdtActionsTable } from '../schema-mdt';
import { writeAudit } from './audit';
import type { HandlerContext, Trx } from './context';

type ActionRow = Selectable<MdtActionsTable>;

/** Statuses in which an action is still to do (shown on worklists and the case summary). */
export const OPEN_ACTION_STATUSES = ['open', 'in-progress'] as const;

/** Recomputes the patient's MDT state (last outcome, earliest open action due) after a change. */
export async function recomputePatientState(trx: Trx, patientId: number): Promise<void> {
  const last = await trx
    .selectFrom('mdt_outcomes')
    .select(['id', 'listing_id', 'meeting_date'])
    .where('patient_id', '=', patientId)
    .where('status', '=', 'confirmed')
    .orderBy('meeting_date', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  let earliest: string | null = null;
  if (last) {
    const r = await trx
      .selectFrom('mdt_actions')
      .select((eb) => eb.fn.min('due_date').as('d'))
      .where('listing_id', '=', last.listing_id)
      .where('status', 'in', [...OPEN_ACTION_STATUSES])
      .executeTakeFirst();
    earliest = (r?.d as string | null | undefined) ?? null;
  }
  const values = {
    last_discussed_on: last?.meeting_date ?? null,
    last_outcome_id: last?.id ?? null,
    earliest_open_action_due: earliest,
  };
  await trx
    .insertInto('mdt_patient_state')
    .values({ patient_id: patientId, listed_meeting_id: null, ...values })
    .onConflict((oc) => oc.column('patient_id').doUpdateSet(values))
    .execute();
}

/**
 * Sets an action's status inside the caller's transaction: done or cancelled records who and when; the
 * patient's MDT state is recomputed; one audit row (`auditAction`, with `auditExtra` added to its after).
 */
export async function writeActionStatus(
  trx: Trx,
  ctx: HandlerContext,
  a: ActionRow,
  status: string,
  note: string,
  auditAction = 'mdt.action.status',
  auditExtra: Record<string, unknown> = {},
): Promise<void> {
  if (!ctx.session) throw new AppError('FORBIDDEN', 'Please sign in.');
  const at = ctx.now().toISOString();
  const by = ctx.session.userId;
  const done = status === 'done' || status === 'cancelled';
  await trx
    .updateTable('mdt_actions')
    .set((eb) => ({
      status,
      completed_at: done ? at : null,
      completed_by: done ? by : null,
      completion_note: note || null,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', a.id)
    .execute();
  await recomputePatientState(trx, a.patient_id);
  await writeAudit(trx, ctx, {
    action: auditAction,
    entity: 'mdt_action',
    entityId: a.id,
    patientId: a.patient_id,
    before: { status: a.status },
    after: { status, note, ...auditExtra },
  });
}

/** What completed a linked action, for its note and audit row. */
export interface LinkCompletion {
  kind: 'taper-plan' | 'intervention-request' | 'rehab-goal-draft';
  itemId: number;
  /** What happened, e.g. 'taper plan signed off (Medicines)'. */
  what: string;
}

/** The completion note of an action done by its linked item: "Done: <what> on 22-Nov-2026". */
export function linkCompletionNote(ctx: HandlerContext, what: string): string {
  return `Done: ${what} on ${formatDateGb(londonToday(ctx.now()))}`;
}

/**
 * Completes the MDT action a module item came from, inside the caller's transaction (the item's own
 * completion), with its own audit row 'mdt.action.completedByLink'. Nothing happens when the item did not
 * come from an MDT action, or the action is no longer open (already done or cancelled: it stays as it is).
 * Returns whether the action was completed.
 */
export async function completeActionByLink(
  trx: Trx,
  ctx: HandlerContext,
  actionId: number | null,
  c: LinkCompletion,
): Promise<boolean> {
  if (actionId === null) return false;
  const a = await trx.selectFrom('mdt_actions').selectAll().where('id', '=', actionId).executeTakeFirst();
  if (!a || !(OPEN_ACTION_STATUSES as readonly string[]).includes(a.status)) return false;
  await writeActionStatus(
    trx,
    ctx,
    a,
    'done',
    linkCompletionNote(ctx, c.what),
    'mdt.action.completedByLink',
    {
      completedBy: ctx.session?.userId ?? null,
      by: { kind: c.kind, itemId: c.itemId },
    },
  );
  return true;
}
