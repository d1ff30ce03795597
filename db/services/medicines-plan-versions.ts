import { taperLetterSafety } from '../../shared/clinical/medicines/taper-letter';
import { avoidNonWorkingDaysExplained } from '../../shared/clinical/medicines/taper-step-length';
import { formatDateGb, londonToday } from '../../shared/dates';
import {
  formatDose,
  type PlanLetter,
  type revisePlanSchema,
  type TaperPlan,
} from '../../shared/domain/medicines';
import { AppError } from '../../shared/result';
import type { z } from 'zod';
import { doseFieldsOf, entryFromRow } from '../mappers/medicines';
import { currentEntryOfItem, entriesOfPatient, replaceSteps, stepsOfPlan } from '../queries/medicines';
import type { DB } from '../schema';
import type { Kysely } from 'kysely';
import { writeAudit } from './audit';
import { switchIntoItem } from './medicines-benzo';
import type { HandlerContext } from './context';
import { taperAmount } from './medicines-ome';
import { getPlan } from './medicines-plan-read';
import { planStepsFor } from './medicines-plan-steps';
import { asInput, supersede, versionFrom, type StepInput } from './medicines-plan-change';
import { requirePatient } from './patients';
import { medicineRules } from './rule-sets';
import { readSettings } from './settings';
import { staleEditError } from './stale-edit';

/**
 * Taper plan versions (issue 13). A plan's clinical version changes when the dose is changed outside the
 * plan (the plan moves to the dose the patient now takes; no step left is at or above it; the plan needs a
 * prescriber's review) and when a prescriber revises an active plan with a reason. Each superseded version is
 * kept with its steps; the letter for the new version names the letters it replaces.
 */

/**
 * A prescriber changes an active or paused plan with a reason (issue 13): a new version whose steps still
 * to come are planned again from the medicine's current dose, from `startDate` (today or later). The steps
 * already taken stay; "needs review" is cleared; the old version is kept and its letter superseded.
 */
export async function revisePlan(
  ctx: HandlerContext,
  input: z.output<typeof revisePlanSchema>,
): Promise<TaperPlan> {
  const planId = await ctx.conn.db.transaction().execute(async (trx) => {
    const plan = await trx
      .selectFrom('taper_plans')
      .selectAll()
      .where('id', '=', input.planId)
      .executeTakeFirst();
    if (!plan) throw new AppError('NOT_FOUND', 'That plan is not on record.');
    if (plan.version !== input.version)
      throw await staleEditError(trx, { entity: 'taper_plan', entityId: input.planId, thing: 'taper plan' });
    if (plan.status !== 'active' && plan.status !== 'paused')
      throw new AppError(
        'CONFLICT',
        plan.status === 'draft'
          ? 'A draft is changed by editing its steps; revising is for a plan that has started.'
          : 'A finished or abandoned plan cannot be changed. Make a new plan.',
      );
    const today = londonToday(ctx.now());
    if (input.startDate < today) {
      const m = `The changed plan cannot start before today (${formatDateGb(today)}).`;
      throw new AppError('VALIDATION', m, { startDate: m });
    }
    const med = await currentEntryOfItem(trx, plan.item_id);
    if (!med || med.status !== 'active')
      throw new AppError('CONFLICT', 'The medicine on this plan has been stopped. Abandon the plan instead.');
    const rules = medicineRules(ctx.conn);
    const medDose = taperAmount(doseFieldsOf(med)).dose;
    if (plan.goal === 'reduce' && plan.target_dose !== null && plan.target_dose >= medDose) {
      const m = `The plan's target (${formatDose(plan.target_dose)} ${plan.unit}) is not below the current dose (${formatDose(medDose)} ${plan.unit}). Abandon this plan or make a new one.`;
      throw new AppError('VALIDATION', m, { startDate: m });
    }
    const avoidWeekends = input.avoidWeekends ?? plan.avoid_weekends === 1;
    const planned = planStepsFor(
      rules,
      med,
      {
        percent: input.percent,
        intervalDays: input.intervalDays,
        startDate: input.startDate,
        goal: plan.goal as 'stop' | 'reduce',
        targetDose: plan.goal === 'reduce' ? plan.target_dose : null,
        avoidWeekends: false,
      },
      '',
    );
    const changed = `The plan was changed from ${formatDateGb(input.startDate)}: ${input.reason}`;
    const steps = await stepsOfPlan(trx, plan.id);
    await supersede(trx, ctx, plan, steps);
    const kept = steps.filter((s) => s.step_no <= plan.current_step).map(asInput);
    // The patient's present dose: the current step when it matches the medicine, otherwise the new start.
    const first = planned.steps[0]!;
    const inStep = kept.at(-1)!.dose === medDose;
    if (!inStep && kept.at(-1)!.date >= input.startDate) kept.pop();
    const last = kept.at(-1)!;
    const head: StepInput[] = inStep
      ? [...kept.slice(0, -1), { ...last, lengthCauses: [...(last.lengthCauses ?? []), changed] }]
      : [
          ...kept,
          {
            ...first,
            products: first.products ?? null,
            note: `Plan changed: ${input.reason}`,
            lengthCauses: first.lengthCauses ?? [],
          },
        ];
    const all: StepInput[] = [...head, ...planned.steps.slice(1)];
    const dated = avoidWeekends ? avoidNonWorkingDaysExplained(all, head.length) : all;
    await replaceSteps(trx, plan.id, dated);
    const currentStep = head.length - 1;
    const before = { currentDose: plan.current_dose, planVersion: plan.plan_version, percent: plan.percent };
    await trx
      .updateTable('taper_plans')
      .set({
        current_step: currentStep,
        current_dose: medDose,
        current_ome: med.ome_mg_per_24h,
        percent: planned.percent,
        interval_days: planned.intervalDays,
        round_to: planned.roundTo,
        plan_version: plan.plan_version + 1,
        version_reason: input.reason,
        version_from: input.startDate,
        avoid_weekends: avoidWeekends ? 1 : 0,
        needs_review_reason: null,
        needs_review_since: null,
        next_review_date: dated[currentStep + 1]?.date ?? null,
        updated_at: ctx.now().toISOString(),
        version: plan.version + 1,
      })
      .where('id', '=', plan.id)
      .execute();
    await trx
      .insertInto('taper_events')
      .values({
        plan_id: plan.id,
        kind: 'revised',
        reason: input.reason,
        at: ctx.now().toISOString(),
        by_user: ctx.session?.userId ?? null,
      })
      .execute();
    await writeAudit(trx, ctx, {
      action: 'medicines.plan.revise',
      entity: 'taper_plan',
      entityId: plan.id,
      patientId: plan.patient_id,
      before,
      after: {
        reason: input.reason,
        planVersion: plan.plan_version + 1,
        currentDose: medDose,
        percent: planned.percent,
        intervalDays: planned.intervalDays,
        steps: dated.map((s) => `${s.date}: ${formatDose(s.dose)} ${plan.unit}`).join('; '),
      },
    });
    return plan.id;
  });
  return getPlan(ctx, planId);
}

/** The letters a version replaces, oldest first. */
async function supersededVersions(db: Kysely<DB>, planId: number) {
  const rows = await db
    .selectFrom('taper_plan_versions')
    .select(['plan_version', 'valid_from', 'superseded_on'])
    .where('plan_id', '=', planId)
    .orderBy('plan_version')
    .execute();
  return rows.map((r) => ({ version: r.plan_version, from: r.valid_from, until: r.superseded_on }));
}

/**
 * What the printable GP letter and patient calendar need (issue 13): dated, the service's contact number,
 * the patient's name as people write it, the plan version and the letters it replaces, the other opioids and
 * sedating medicines, the withdrawal symptoms for the class, the tolerance and overdose warning and naloxone
 * advice where it applies.
 */
export async function planLetter(ctx: HandlerContext, planId: number): Promise<PlanLetter> {
  const plan = await getPlan(ctx, planId);
  const patient = await requirePatient(ctx, plan.patientId);
  const db = ctx.conn.db;
  const [row, rows, supersedes, settings, tapered] = await Promise.all([
    db.selectFrom('taper_plans').selectAll().where('id', '=', planId).executeTakeFirstOrThrow(),
    entriesOfPatient(db, plan.patientId),
    supersededVersions(db, planId),
    readSettings(db),
    currentEntryOfItem(db, plan.itemId),
  ]);
  const today = londonToday(ctx.now());
  const letterRules = medicineRules(ctx.conn);
  const current = rows.filter(
    (r) => r.current === 1 && r.status === 'active' && r.item_id !== plan.itemId && r.start_date <= today,
  );
  const omeRow = await db
    .selectFrom('patient_ome')
    .select('total_mg_per_24h')
    .where('patient_id', '=', plan.patientId)
    .executeTakeFirst();
  const safety = taperLetterSafety(
    {
      tapered: {
        generic: plan.generic,
        drugClass: tapered?.drug_class ?? (plan.isOpioid ? 'strong-opioid' : 'other'),
      },
      others: current.map((r) => {
        const e = entryFromRow(r);
        return { name: e.name, generic: e.generic, drugClass: e.drugClass, doseText: e.doseText };
      }),
      totalOmeMgPer24h: omeRow?.total_mg_per_24h ?? null,
    },
    letterRules.taperLetter,
    letterRules.checks,
  );
  return {
    plan,
    patient: {
      name: `${patient.forename} ${patient.surname}`,
      nhsNumber: patient.nhsNumber,
      dateOfBirth: patient.dateOfBirth,
      gpPractice: patient.gpPractice,
    },
    prescriberName: plan.signedOffBy,
    letterDate: today,
    planVersion: plan.planVersion,
    versionFrom: versionFrom(row),
    supersedes,
    contactNumber: settings.serviceContactNumber || null,
    safety,
    // Issue 13: a diazepam taper after a switch names the switch and the equivalence used (Ashton).
    diazepamSwitch: await switchIntoItem(db, plan.itemId),
  };
}
