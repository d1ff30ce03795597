/**
 * SCS trial episodes (issue 14): the insertion, the lead removal, the outcome at the end of the trial and
 * the decision to implant or not, on the trial request. Dates are checked against each other and today;
 * an impossible one is refused beside its field and nothing is saved. Clinicians only
 * (interventions.clinical); every change audited.
 */
import { calendarDaysBetween } from '../../shared/clinical/interventions/index';
import { formatDateGb } from '../../shared/dates';
import {
  SCS_TRIAL_MAX_DAYS,
  SCS_TRIAL_PROCEDURES,
  SCS_TRIAL_SOURCE,
  SCS_IMPLANT_PROCEDURES,
  implantListingCheck,
  scsTrialSuccess,
  type TrialForImplant,
  type AnalgesiaChange,
  type ImplantDecision,
  type ScsTrialInput,
  type ScsTrialView,
} from '../../shared/domain/interventions-scs';
import { can } from '../../shared/domain/roles';
import { AppError } from '../../shared/result';
import * as q from '../queries/interventions';
import * as qs from '../queries/interventions-scs';
import { writeAudit } from './audit';
import type { HandlerContext, Trx } from './context';
import { today, userId } from './interventions-common';

function refuse(field: string, message: string): never {
  throw new AppError('VALIDATION', message, { [field]: message });
}

async function trialRequest(ctx: HandlerContext, requestId: number) {
  const row = await q.requestById(ctx.conn.db, requestId);
  if (!row) throw new AppError('NOT_FOUND', 'That procedure request does not exist.');
  if (!(SCS_TRIAL_PROCEDURES as readonly string[]).includes(row.procedure_code))
    throw new AppError('VALIDATION', 'Only a spinal cord stimulator trial has a trial episode.');
  return row;
}

export async function getScsTrial(ctx: HandlerContext, requestId: number): Promise<ScsTrialView> {
  const row = await trialRequest(ctx, requestId);
  const t = await qs.scsTrialFor(ctx.conn.db, requestId);
  const outcome =
    t && t.relief_percent !== null && t.analgesia !== null && t.patient_satisfied !== null
      ? scsTrialSuccess({
          reliefPercent: t.relief_percent,
          analgesia: t.analgesia as AnalgesiaChange,
          patientSatisfied: t.patient_satisfied === 1,
        })
      : null;
  return {
    requestId,
    patientId: row.patient_id,
    source: SCS_TRIAL_SOURCE,
    episode: t
      ? {
          insertedOn: t.inserted_on,
          leadsRemovedOn: t.leads_removed_on,
          trialDays: t.leads_removed_on ? calendarDaysBetween(t.inserted_on, t.leads_removed_on) : null,
          reliefPercent: t.relief_percent,
          analgesia: t.analgesia as AnalgesiaChange | null,
          patientSatisfied: t.patient_satisfied === null ? null : t.patient_satisfied === 1,
          successful: t.successful === null ? null : t.successful === 1,
          successWhy: outcome?.why ?? null,
          decision: t.decision as ImplantDecision | null,
          decisionOn: t.decision_on,
          decisionReason: t.decision_reason,
          decidedBy: t.decided_by_name,
          version: t.version,
        }
      : null,
  };
}

/**
 * Checks an episode's dates and steps in order (insertion, removal, outcome, decision) and returns whether
 * the trial succeeded (null before an outcome). Refuses, beside the field, what cannot be.
 */
function checkEpisode(input: ScsTrialInput, todayIso: string, referredOn: string): boolean | null {
  if (input.insertedOn > todayIso) refuse('insertedOn', 'The trial cannot start after today.');
  if (input.insertedOn < referredOn)
    refuse(
      'insertedOn',
      `The trial cannot start before the patient was referred (${formatDateGb(referredOn)}).`,
    );
  const removed = input.leadsRemovedOn;
  if (removed !== null) {
    if (removed < input.insertedOn)
      refuse(
        'leadsRemovedOn',
        `The leads cannot come out before they went in (${formatDateGb(input.insertedOn)}).`,
      );
    if (removed > todayIso) refuse('leadsRemovedOn', 'Lead removal cannot be after today.');
    const days = calendarDaysBetween(input.insertedOn, removed);
    if (days > SCS_TRIAL_MAX_DAYS)
      refuse(
        'leadsRemovedOn',
        `A trial of ${days} days is longer than 3 weeks (${SCS_TRIAL_MAX_DAYS} days); check the dates.`,
      );
  }
  const parts = [input.reliefPercent, input.analgesia, input.patientSatisfied];
  let successful: boolean | null = null;
  if (parts.some((p) => p !== null)) {
    if (removed === null)
      refuse('leadsRemovedOn', 'Record when the leads were removed before the outcome of the trial.');
    if (input.reliefPercent === null) refuse('reliefPercent', 'Enter the % relief with activity (0 to 100).');
    if (input.analgesia === null) refuse('analgesia', 'Choose how the analgesia changed.');
    if (input.patientSatisfied === null) refuse('patientSatisfied', 'Say whether the patient was satisfied.');
    successful = scsTrialSuccess({
      reliefPercent: input.reliefPercent,
      analgesia: input.analgesia,
      patientSatisfied: input.patientSatisfied,
    }).successful;
  }
  if (input.decision !== null || input.decisionOn !== null) {
    if (successful === null) refuse('decision', 'Record the outcome of the trial before the decision.');
    if (input.decision === null) refuse('decision', 'Choose the decision.');
    if (input.decisionOn === null) refuse('decisionOn', 'Enter the date of the decision.');
    if (input.decisionOn < removed!)
      refuse(
        'decisionOn',
        `The decision cannot be before the leads were removed (${formatDateGb(removed!)}).`,
      );
    if (input.decisionOn > todayIso) refuse('decisionOn', 'The decision cannot be after today.');
    if (input.decision === 'implant' && !successful && !input.decisionReason)
      refuse('decisionReason', 'The trial did not meet the success criteria: give the reason to implant.');
  }
  return successful;
}

/** Records or updates the trial episode of an SCS trial request (clinicians; audited; version-checked). */
export async function recordScsTrial(ctx: HandlerContext, input: ScsTrialInput): Promise<ScsTrialView> {
  const row = await trialRequest(ctx, input.requestId);
  const successful = checkEpisode(input, today(ctx), row.rtt_clock_start);
  const at = ctx.now().toISOString();
  const values = {
    inserted_on: input.insertedOn,
    leads_removed_on: input.leadsRemovedOn,
    relief_percent: input.reliefPercent,
    analgesia: input.analgesia,
    patient_satisfied: input.patientSatisfied === null ? null : input.patientSatisfied ? 1 : 0,
    successful: successful === null ? null : successful ? 1 : 0,
    outcome_on: successful === null ? null : input.leadsRemovedOn,
    decision: input.decision,
    decision_on: input.decisionOn,
    decision_reason: input.decisionReason || null,
    recorded_by: userId(ctx),
    updated_at: at,
  };
  await ctx.conn.db.transaction().execute(async (trx) => {
    const before = await qs.scsTrialFor(trx, input.requestId);
    if ((before?.version ?? 0) !== input.version)
      throw new AppError(
        'CONFLICT',
        'Someone else changed this trial after you opened it. Reload to see their changes; nothing was saved.',
      );
    const decidedBy =
      input.decision === null
        ? null
        : before && before.decision === input.decision && before.decision_on === input.decisionOn
          ? before.decided_by
          : userId(ctx);
    let entityId: number;
    if (before) {
      await trx
        .updateTable('intervention_scs_trials')
        .set({ ...values, decided_by: decidedBy, version: before.version + 1 })
        .where('id', '=', before.id)
        .where('version', '=', before.version)
        .execute();
      entityId = before.id;
    } else {
      const r = await trx
        .insertInto('intervention_scs_trials')
        .values({
          ...values,
          request_id: row.id,
          patient_id: row.patient_id,
          decided_by: decidedBy,
          created_at: at,
          version: 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      entityId = r.id;
    }
    const { decided_by_name: _n, ...stored } = before ?? { decided_by_name: null };
    await writeAudit(trx, ctx, {
      action: 'interventions.scs-trial.record',
      entity: 'intervention_scs_trial',
      entityId,
      patientId: row.patient_id,
      before: before ? stored : null,
      after: { ...input, successful },
    });
  });
  return getScsTrial(ctx, input.requestId);
}

/**
 * An implant listing (createRequest) checked against the patient's latest trial episode: refused beside
 * the procedure, with why, unless a clinician gives a reason (the service's clinical decisions (clinical lead), interventions 2: not a hard
 * block, so an audited override). A coordinator's reason is refused: the gate belongs to clinicians.
 * Returns what to audit when it was overridden. Runs in the caller's transaction.
 */
export async function checkImplantListing(
  trx: Trx,
  ctx: HandlerContext,
  patientId: number,
  procedureCode: string,
  overrideReason: string | undefined,
): Promise<{ reason: string; trialRequestId: number | null; refused: string } | null> {
  if (!(SCS_IMPLANT_PROCEDURES as readonly string[]).includes(procedureCode)) return null;
  const trials = (await qs.scsTrialsForPatient(trx, patientId)).map((t): TrialForImplant => ({
    requestId: t.request_id,
    insertedOn: t.inserted_on,
    leadsRemovedOn: t.leads_removed_on,
    reliefPercent: t.relief_percent,
    analgesia: t.analgesia as AnalgesiaChange | null,
    patientSatisfied: t.patient_satisfied === null ? null : t.patient_satisfied === 1,
    decision: t.decision as ImplantDecision | null,
    decisionOn: t.decision_on,
  }));
  const check = implantListingCheck(trials, formatDateGb);
  if (check.allowed) return null;
  const reason = overrideReason?.trim();
  if (!reason) refuse('procedureCode', check.message);
  if (!ctx.session || !can(ctx.session.role, 'interventions.clinical')) {
    const message = 'Only a clinician may list an implant without a successful trial.';
    throw new AppError('FORBIDDEN', message, { trialOverrideReason: message });
  }
  return { reason, trialRequestId: check.trial?.requestId ?? null, refused: check.message };
}
