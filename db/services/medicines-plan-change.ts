import { addCalendarDays, calendarDaysBetween } from '../../shared/clinical/calendar';
import { avoidNonWorkingDaysExplained } from '../../shared/clinical/medicines/taper-step-length';
import { formatDateGb, londonToday } from '../../shared/dates';
import { formatDose, type MedicineEntry } from '../../shared/domain/medicines';
import { doseFieldsOf } from '../mappers/medicines';
import { entryById, replaceSteps, stepsOfPlan } from '../queries/medicines';
import type { Selectable, Updateable } from 'kysely';
import type { TaperPlansTable } from '../schema-medicines';
import { writeAudit } from './audit';
import type { HandlerContext, Trx } from './context';
import { taperAmount } from './medicines-ome';

/**
 * Taper plan versions (issue 13): the part used when a medicine changes (db/services/medicines.ts), kept apart
 * from the plan services so the medicine services do not depend on them.
 */

export type PlanRow = Selectable<TaperPlansTable>;
export type StepRow = Awaited<ReturnType<typeof stepsOfPlan>>[number];

export const unitWords = (unit: string) => (unit === 'mcg/h' ? 'micrograms/hour' : 'mg a day');

/** The day a version took effect: recorded for versions 2 on; version 1 from its sign-off (or drafting). */
export function versionFrom(plan: PlanRow): string {
  return plan.version_from ?? londonToday(new Date(plan.signed_off_at ?? plan.created_at));
}

/** Keeps the plan's current version, with its steps as they are, as superseded today. */
export async function supersede(
  trx: Trx,
  ctx: HandlerContext,
  plan: PlanRow,
  steps: StepRow[],
): Promise<void> {
  await trx
    .insertInto('taper_plan_versions')
    .values({
      plan_id: plan.id,
      plan_version: plan.plan_version,
      reason: plan.version_reason,
      valid_from: versionFrom(plan),
      superseded_on: londonToday(ctx.now()),
      current_dose: plan.current_dose,
      steps_json: JSON.stringify(
        steps.map((s) => ({ stepNo: s.step_no, date: s.date, dose: s.dose, products: s.products_text })),
      ),
      superseded_at: ctx.now().toISOString(),
      superseded_by: ctx.session?.userId ?? null,
    })
    .execute();
}

export type StepInput = Parameters<typeof replaceSteps>[2][number];

export const asInput = (s: StepRow): StepInput => ({
  date: s.date,
  dose: s.dose,
  administrations: s.administrations_json
    ? (JSON.parse(s.administrations_json) as number[]).map((mg) => ({ mg }))
    : null,
  products: s.products_text,
  note: s.note,
  lengthCauses: s.length_causes ? (JSON.parse(s.length_causes) as string[]) : null,
});

/**
 * A patch line as a taper step's products (as taper-products.ts writes them): which patch, how often, and to
 * remove the old one. One patch when the line's strength is the dose; otherwise the dose in patches.
 */
function patchWords(
  row: { strength: string; patch_change_every_days: number | null },
  mcgPerHour: number,
): string {
  const every = row.patch_change_every_days ?? 3;
  const one = Number.parseFloat(row.strength) === mcgPerHour;
  const what = one
    ? `one ${formatDose(mcgPerHour)} micrograms/hour patch`
    : `patches making ${formatDose(mcgPerHour)} micrograms/hour`;
  return `${what}, changed every ${every} days (remove the old patches)`;
}

/**
 * A dose changed outside an open taper plan (issue 13). A draft is marked "needs review" (it cannot be signed
 * off until it is made again). An active or paused plan also gets a new version at once: the dose the
 * patient now takes becomes the current step (dated today), the planned steps at or above it are dropped (no
 * step is ever an increase), the rest keep their dates but none comes sooner than one interval from today
 * (never faster than planned), and the review is due today.
 */
export async function markPlanNeedsReview(
  trx: Trx,
  ctx: HandlerContext,
  itemId: number,
  after: MedicineEntry,
  reason: string,
): Promise<void> {
  const plan = await trx
    .selectFrom('taper_plans')
    .selectAll()
    .where('item_id', '=', itemId)
    .where('status', 'in', ['draft', 'active', 'paused'])
    .executeTakeFirst();
  if (!plan) return;
  const row = await entryById(trx, after.id);
  const now = taperAmount(doseFieldsOf(row!)).dose;
  if (now === plan.current_dose) return;
  const today = londonToday(ctx.now());
  const unit = unitWords(plan.unit);
  const why =
    `${plan.medicine_name} was changed outside this plan on ${formatDateGb(today)} to ` +
    `${formatDose(now)} ${unit} (the plan expected ${formatDose(plan.current_dose)} ${unit}; reason given: ${reason}). ` +
    'A prescriber must review the plan before the next step.';
  const set: Updateable<TaperPlansTable> = {
    needs_review_reason: why,
    needs_review_since: ctx.now().toISOString(),
    updated_at: ctx.now().toISOString(),
  };
  if (plan.status !== 'draft') {
    const steps = await stepsOfPlan(trx, plan.id);
    await supersede(trx, ctx, plan, steps);
    const kept = steps.filter((s) => s.step_no <= plan.current_step).map(asInput);
    const fields = doseFieldsOf(row!);
    const administrations =
      plan.unit === 'mcg/h'
        ? null
        : (
            fields.administrationsMg ??
            Array.from({ length: row!.times_per_day ?? 1 }, () => fields.doseMg ?? now)
          ).map((mg) => ({
            mg,
            ml: null,
          }));
    const changed = {
      date: today,
      dose: now,
      administrations,
      products: plan.unit === 'mcg/h' ? patchWords(row!, now) : null,
      note: `Changed outside the plan on ${formatDateGb(today)}: ${reason}`,
      lengthCauses: [
        `The dose was changed outside the plan on ${formatDateGb(today)}; the plan’s next lower dose keeps ` +
          'its planned date, and the plan is to be reviewed before then.',
      ],
    };
    // The current step is replaced when it started today; otherwise the change is a new step after it.
    if (kept.at(-1)!.date >= today) kept.pop();
    const earliest = addCalendarDays(today, plan.interval_days);
    const ahead = steps.filter((s) => s.step_no > plan.current_step && s.dose < now).map(asInput);
    const shift = ahead[0] && ahead[0].date < earliest ? calendarDaysBetween(ahead[0].date, earliest) : 0;
    const moved = ahead.map((s) => ({ ...s, date: addCalendarDays(s.date, shift) }));
    const all = [...kept, changed, ...moved];
    const dated = plan.avoid_weekends === 1 ? avoidNonWorkingDaysExplained(all, kept.length + 1) : all;
    await replaceSteps(trx, plan.id, dated);
    Object.assign(set, {
      current_step: kept.length,
      current_dose: now,
      current_ome: now === 0 ? 0 : (after.ome?.omeMgPer24h ?? plan.current_ome),
      plan_version: plan.plan_version + 1,
      version_reason: `The dose was changed outside the plan on ${formatDateGb(today)} to ${formatDose(now)} ${unit}: ${reason}`,
      version_from: today,
      next_review_date: today,
      version: plan.version + 1,
    });
  }
  await trx.updateTable('taper_plans').set(set).where('id', '=', plan.id).execute();
  await trx
    .insertInto('taper_events')
    .values({
      plan_id: plan.id,
      kind: 'needs-review',
      reason: why,
      at: ctx.now().toISOString(),
      by_user: ctx.session?.userId ?? null,
    })
    .execute();
  await writeAudit(trx, ctx, {
    action: 'medicines.plan.needsReview',
    entity: 'taper_plan',
    entityId: plan.id,
    patientId: plan.patient_id,
    before: { currentDose: plan.current_dose, planVersion: plan.plan_version },
    after: {
      needsReview: why,
      currentDose: now,
      planVersion: plan.status === 'draft' ? plan.plan_version : plan.plan_version + 1,
    },
  });
}
