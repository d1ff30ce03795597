import { formatDateGb, londonToday } from '../../shared/dates';
import type { Pathway, RehabGoal } from '../../shared/domain/rehab';
import { AppError } from '../../shared/result';
import { patientExists, upsertPatientStatus } from '../queries/rehab';
import type { HandlerContext, Trx } from './context';
import { staleEditError, type AuditedRecord } from './stale-edit';

/** The rules every rehab service (plans, social prescribing, group programmes) shares. */

export type Db = HandlerContext['conn']['db'] | Trx;

/** A refusal shown next to one field. */
export function refuse(
  field: string,
  message: string,
  code: 'VALIDATION' | 'CONFLICT' = 'VALIDATION',
): never {
  throw new AppError(code, message, { [field]: message });
}

export async function requirePatient(db: Db, patientId: number): Promise<void> {
  const p = await patientExists.first(db, { patientId });
  if (!p) throw new AppError('NOT_FOUND', 'That patient record does not exist.');
}

/**
 * Optimistic concurrency: refuses an edit made against an older version of the record, naming who changed it
 * and when (issue 19); `shown` is their change in words when the caller can show it.
 */
export async function requireVersion(
  trx: Trx,
  actual: number,
  expected: number | undefined,
  record: {
    entity: string;
    entityId: number;
    thing: string;
    shown?: string;
    related?: readonly AuditedRecord[];
  },
): Promise<void> {
  if (expected !== undefined && actual !== expected) throw await staleEditError(trx, record);
}

/**
 * A clinical date may not be in the future, nor (when `notBefore` is given) before the date of the record it
 * belongs to: "The {label} is in the future." / "The {label} is before the {what} (date)."
 */
export function refuseDateOutside(
  ctx: HandlerContext,
  field: string,
  label: string,
  date: string,
  notBefore?: { date: string; what: string },
): void {
  if (date > londonToday(ctx.now())) refuse(field, `The ${label} is in the future.`);
  if (notBefore && date < notBefore.date)
    refuse(field, `The ${label} is before the ${notBefore.what} (${formatDateGb(notBefore.date)}).`);
}

/** A goal counts in reviews unless it was entered in error, withdrawn, or replaced by an edited version. */
export function goalCounts(g: Pick<RehabGoal, 'enteredInError' | 'status'>): boolean {
  return g.enteredInError === null && (g.status === 'active' || g.status === 'achieved');
}

/** Refuses a clinical date before the patient was born. */
export async function refuseBeforeBirth(
  db: Db,
  patientId: number,
  field: string,
  label: string,
  date: string,
): Promise<void> {
  const p = await db
    .selectFrom('patients')
    .select('date_of_birth')
    .where('id', '=', patientId)
    .executeTakeFirst();
  if (p && date < p.date_of_birth)
    refuse(field, `The ${label} is before the patient was born (${formatDateGb(p.date_of_birth)}).`);
}

/**
 * A plan's own dates (issue 15, "dates make sense"): the referral not before the patient's birth nor in the
 * future; the start of treatment and discharge not before the birth nor the referral. Each refusal sits
 * beside its field.
 */
export async function refusePlanDatesOutside(
  db: Db,
  ctx: HandlerContext,
  patientId: number,
  dates: { referralDate: string | null; treatmentStartDate: string | null; dischargeDate: string | null },
): Promise<void> {
  const { referralDate, treatmentStartDate, dischargeDate } = dates;
  if (referralDate) {
    await refuseBeforeBirth(db, patientId, 'referralDate', 'referral date', referralDate);
    if (referralDate > londonToday(ctx.now())) refuse('referralDate', 'The referral date is in the future.');
  }
  for (const [field, label, date] of [
    ['treatmentStartDate', 'start of treatment', treatmentStartDate],
    ['dischargeDate', 'discharge date', dischargeDate],
  ] as const) {
    if (!date) continue;
    await refuseBeforeBirth(db, patientId, field, label, date);
    if (referralDate && date < referralDate)
      refuse(field, `The ${label} is before the referral date (${formatDateGb(referralDate)}).`);
  }
}

/** Opens an active rehab plan and makes it the patient's current one; returns its id. */
export async function insertActivePlan(
  trx: Trx,
  ctx: HandlerContext,
  at: string,
  plan: {
    patientId: number;
    pathway: Pathway;
    referralDate: string | null;
    treatmentStartDate: string | null;
    dischargeDate: string | null;
    carriedFromPlanId: number | null;
  },
): Promise<number> {
  const { id } = await trx
    .insertInto('rehab_plans')
    .values({
      patient_id: plan.patientId,
      pathway: plan.pathway,
      referral_date: plan.referralDate,
      treatment_start_date: plan.treatmentStartDate,
      discharge_date: plan.dischargeDate,
      status: 'active',
      carried_from_plan_id: plan.carriedFromPlanId,
      created_at: at,
      created_by: ctx.session?.userId ?? null,
      updated_at: at,
      version: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await upsertPatientStatus(trx, {
    patient_id: plan.patientId,
    active_plan_id: id,
    latest_review_id: null,
    no_progress: 0,
    updated_at: at,
  });
  return id;
}
