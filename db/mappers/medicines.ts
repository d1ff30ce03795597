import type { Selectable } from 'kysely';
import { stepLengthNote } from '../../shared/clinical/medicines/taper-step-length';
import {
  doseText,
  NOT_ON_FORMULARY,
  stepInstruction,
  type DoseKind,
  type MedicineEntry,
  type MedicineStatus,
  type OmeLine,
  type PlanGoal,
  type PlanStatus,
  type Prescriber,
  type ReviewOutcome,
  type StepAdministration,
  type TaperPlanSummary,
  type TaperReview,
  type TaperStepView,
} from '../../shared/domain/medicines';
import type { WrittenDose } from '../../shared/clinical/medicines/written-dose';
import type { CowsBand } from '../../shared/clinical/medicines/cows';
import { prnStepInstruction } from '../../shared/clinical/medicines/taper-prn';
import type {
  MedicineEntriesTable,
  TaperPlansTable,
  TaperReviewsTable,
  TaperStepsTable,
} from '../schema-medicines';
import { factorSource, type DoseFields } from '../services/medicines-ome';

export type EntryRow = Selectable<MedicineEntriesTable> & { recorded_by_name?: string | null };

export function doseFieldsOf(r: Selectable<MedicineEntriesTable>): DoseFields {
  return {
    generic: r.generic,
    drugClass: r.drug_class,
    route: r.route,
    doseKind: r.dose_kind as DoseKind,
    doseMg: r.dose_mg,
    timesPerDay: r.times_per_day,
    prnMaxMgPer24h: r.prn_max_mg_per_24h,
    patchMcgPerHour: r.patch_mcg_per_hour,
    patchChangeEveryDays: r.patch_change_every_days,
    administrationsMg: r.administrations_json ? (JSON.parse(r.administrations_json) as number[]) : null,
    name: r.name,
    startDate: r.start_date,
    notOnFormulary: r.formulary_id === NOT_ON_FORMULARY,
  };
}

function omeWithSource(line: Omit<OmeLine, 'source'>, r: Selectable<MedicineEntriesTable>): OmeLine {
  return { ...line, source: factorSource(r.generic, r.route) };
}

export function entryFromRow(r: EntryRow): MedicineEntry {
  const fields = doseFieldsOf(r);
  return {
    id: r.id,
    itemId: r.item_id,
    version: r.version,
    patientId: r.patient_id,
    formularyId: r.formulary_id,
    name: r.name,
    generic: r.generic,
    drugClass: r.drug_class,
    form: r.form,
    route: r.route,
    strength: r.strength,
    doseKind: fields.doseKind,
    doseMg: r.dose_mg,
    timesPerDay: r.times_per_day,
    prnMaxMgPer24h: r.prn_max_mg_per_24h,
    prnMinIntervalHours: r.prn_min_interval_hours,
    patchMcgPerHour: r.patch_mcg_per_hour,
    patchChangeEveryDays: r.patch_change_every_days,
    startDate: r.start_date,
    confirmedWarnings: r.confirmed_warnings_json
      ? (JSON.parse(r.confirmed_warnings_json) as { codes: string[]; reason: string })
      : null,
    prescriber: r.prescriber as Prescriber,
    indication: r.indication,
    status: r.status as MedicineStatus,
    stoppedOn: r.stopped_on,
    changeReason: r.change_reason,
    effectiveFrom: r.effective_from,
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by_name ?? null,
    current: r.current === 1,
    planned: false,
    administrationsMg: fields.administrationsMg ?? null,
    doseText: r.formulary_id === NOT_ON_FORMULARY ? (r.as_written ?? '') : doseText(fields),
    written: r.written_json ? (JSON.parse(r.written_json) as WrittenDose) : null,
    notOnFormulary: r.formulary_id === NOT_ON_FORMULARY,
    asWritten: r.as_written,
    ome: r.ome_json ? omeWithSource(JSON.parse(r.ome_json) as Omit<OmeLine, 'source'>, r) : null,
    latestTaken: null,
  };
}

/** What the audit trail keeps of a medicine version. */
export function entryAuditSnapshot(e: MedicineEntry): Record<string, unknown> {
  return {
    medicine: e.name,
    strength: e.strength,
    dose: e.doseText,
    startDate: e.startDate,
    prescriber: e.prescriber,
    indication: e.indication,
    status: e.status,
    stoppedOn: e.stoppedOn,
    version: e.version,
    omeMgPer24h: e.ome?.omeMgPer24h ?? null,
    ...(e.written ? { asWritten: e.written.text } : {}),
    ...(e.notOnFormulary ? { notOnFormulary: true, asWritten: e.asWritten } : {}),
    ...(e.confirmedWarnings ? { confirmedWarnings: e.confirmedWarnings } : {}),
  };
}

export function planSummaryFromRow(r: Selectable<TaperPlansTable>): TaperPlanSummary {
  return {
    id: r.id,
    patientId: r.patient_id,
    itemId: r.item_id,
    medicineName: r.medicine_name,
    generic: r.generic,
    status: r.status as PlanStatus,
    goal: r.goal as PlanGoal,
    targetDose: r.target_dose,
    unit: r.unit,
    startDose: r.start_dose,
    currentDose: r.current_dose,
    nextReviewDate: r.next_review_date,
    holds: r.holds,
    stepBacks: r.step_backs,
    version: r.version,
    needsReview: r.needs_review_reason,
    planVersion: r.plan_version,
    versionReason: r.version_reason,
  };
}

/** The doses of the day stored with a step (mg), with mL for a liquid. */
export function stepAdministrations(
  r: Pick<Selectable<TaperStepsTable>, 'administrations_json'>,
  mgPerMl: number | null,
): StepAdministration[] | null {
  if (!r.administrations_json) return null;
  const mgs = JSON.parse(r.administrations_json) as number[];
  return mgs.map((mg) => ({ mg, ml: mgPerMl ? Math.round((mg / mgPerMl) * 1000) / 1000 : null }));
}

export function stepFromRow(
  r: Selectable<TaperStepsTable>,
  plan: Pick<
    TaperPlansTable,
    'current_step' | 'unit' | 'times_per_day' | 'status' | 'mg_per_ml' | 'prn_min_interval_hours'
  >,
): TaperStepView {
  const state: TaperStepView['state'] =
    plan.status === 'draft'
      ? r.step_no === 0
        ? 'current'
        : 'planned'
      : r.step_no < plan.current_step
        ? 'done'
        : r.step_no === plan.current_step
          ? 'current'
          : 'planned';
  const administrations = plan.unit === 'mcg/h' ? null : stepAdministrations(r, plan.mg_per_ml);
  return {
    stepNo: r.step_no,
    date: r.date,
    dose: r.dose,
    products: r.products_text,
    note: r.note,
    longer: null,
    administrations,
    instruction:
      plan.prn_min_interval_hours !== null
        ? prnStepInstruction(
            administrations?.[0]?.mg ?? 0,
            r.dose > 0 ? (administrations?.length ?? 0) : 0,
            plan.prn_min_interval_hours || null,
            r.products_text,
          )
        : plan.unit === 'mcg/h' && r.products_text && r.dose > 0
          ? `Use ${r.products_text}`
          : stepInstruction(r.dose, plan.unit, plan.times_per_day, administrations),
    state,
    supply: null,
  };
}

export function reviewFromRow(
  r: Selectable<TaperReviewsTable> & { recorded_by_name: string | null },
): TaperReview {
  return {
    id: r.id,
    reviewDate: r.review_date,
    outcome: r.outcome as ReviewOutcome,
    stepNo: r.step_no,
    cowsTotal: r.cows_total,
    cowsBand: r.cows_band as CowsBand | null,
    withdrawalSymptoms: r.withdrawal_symptoms,
    painScore: r.pain_score,
    functionScore: r.function_score,
    notes: r.notes,
    nextReviewDate: r.next_review_date,
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by_name,
  };
}

/**
 * Each step's note on its length (shared/clinical/medicines/taper-step-length.ts): read from the dates (this
 * step to the next) against the plan's interval, with the reasons stored when they arose.
 */
export function withLengthNotes(
  views: TaperStepView[],
  rows: readonly Pick<Selectable<TaperStepsTable>, 'length_causes'>[],
  intervalDays: number,
): TaperStepView[] {
  return views.map((v, i) => {
    const stored = rows[i]?.length_causes;
    const causes = stored ? (JSON.parse(stored) as string[]) : [];
    return { ...v, longer: stepLengthNote(v, views[i + 1], intervalDays, causes) };
  });
}
