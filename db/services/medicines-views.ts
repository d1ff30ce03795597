import { addCalendarDays } from '../../shared/clinical/calendar';
import { OME_THRESHOLDS } from '../../shared/clinical/medicines/flags';
import { londonToday } from '../../shared/dates';
import {
  COMBINATION_LABELS,
  PLAN_STATUSES,
  type PlanStatus,
  type ServiceView,
  type TaperConcern,
  type Worklist,
  type WorklistRow,
} from '../../shared/domain/medicines';
import { displayName } from '../../shared/domain/patient';
import {
  countAtOrAbove,
  countFlag,
  countPatientsWithMedicines,
  highestOme,
  omeReductions,
  plansByStatus,
  reviewsDue,
  taperConcerns,
  type FlagColumn,
} from '../queries/medicines';
import type { HandlerContext } from './context';

/** The nurse's worklist: taper reviews overdue, due today and in the next `upcomingDays` days. */
export async function worklist(
  ctx: HandlerContext,
  input: { nurseId: number | null; today?: string | undefined; upcomingDays: number },
): Promise<Worklist> {
  const today = input.today ?? londonToday(ctx.now());
  const until = addCalendarDays(today, input.upcomingDays);
  return worklistFrom(today, await reviewsDue(ctx.conn.db, until, input.nurseId));
}

/** A plan due for review, as `reviewsDue` reads it. */
export type ReviewDueRow = Awaited<ReturnType<typeof reviewsDue>>[number];

/**
 * The worklist from the plans due (soonest first), split into overdue, due today and upcoming. One
 * implementation for the service and the benchmark's hand-written baseline.
 */
export function worklistFrom(today: string, rows: readonly ReviewDueRow[]): Worklist {
  const out: Worklist = { today, overdue: [], dueToday: [], upcoming: [] };
  for (const r of rows) {
    const row: WorklistRow = {
      planId: r.plan_id,
      patientId: r.patient_id,
      patientName: displayName(r),
      nhsNumber: r.nhs_number,
      medicineName: r.medicine_name,
      currentDose: r.current_dose,
      unit: r.unit,
      nextReviewDate: r.next_review_date!,
      nurseId: r.nurse_id,
      nurseName: r.nurse_name,
      holds: r.holds,
      stepBacks: r.step_backs,
      version: r.version,
      needsReview: r.needs_review_reason,
    };
    if (row.nextReviewDate < today) out.overdue.push(row);
    else if (row.nextReviewDate === today) out.dueToday.push(row);
    else out.upcoming.push(row);
  }
  return out;
}

/** The stored combination flag column of each combination code (patient_ome). */
export const FLAG_COLUMNS: Record<string, FlagColumn> = {
  OPIOID_BENZODIAZEPINE_Z_DRUG: 'flag_opioid_benzo',
  OPIOID_GABAPENTINOID: 'flag_opioid_gabapentinoid',
  MULTIPLE_OPIOIDS: 'flag_multiple_opioids',
  GABAPENTIN_PREGABALIN: 'flag_gabapentin_pregabalin',
};

/** Median of a list (null when empty). */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The service view: read from the stored per-patient totals and flags (indexed), never recomputed. */
export async function serviceView(ctx: HandlerContext): Promise<ServiceView> {
  const db = ctx.conn.db;
  const [thresholdCounts, flagCounts, statuses, reductions, highest, withMeds] = await Promise.all([
    Promise.all(OME_THRESHOLDS.thresholds.map((t) => countAtOrAbove(db, t.mgPer24h))),
    Promise.all(Object.values(FLAG_COLUMNS).map((column) => countFlag(db, column))),
    plansByStatus(db),
    omeReductions(db),
    highestOme(db, 20),
    countPatientsWithMedicines(db),
  ]);
  return serviceViewFrom({
    thresholdCounts,
    flagCounts,
    statuses,
    reductions,
    highest,
    patientsWithMedicines: withMeds,
  });
}

/**
 * The service view from its stored counts: `thresholdCounts` in the order of OME_THRESHOLDS.thresholds,
 * `flagCounts` in the order of FLAG_COLUMNS. One implementation for the service and the benchmark's
 * hand-written baseline.
 */
export function serviceViewFrom(parts: {
  thresholdCounts: readonly number[];
  flagCounts: readonly number[];
  statuses: readonly { status: string; n: number | bigint | string }[];
  reductions: readonly { start_ome: number | null; current_ome: number | null }[];
  highest: readonly {
    patient_id: number;
    surname: string;
    forename: string;
    total_mg_per_24h: number;
    complete: number;
  }[];
  patientsWithMedicines: number;
}): ServiceView {
  const byStatus = new Map(parts.statuses.map((s) => [s.status, Number(s.n)]));
  const diffs = parts.reductions.map((r) => (r.start_ome ?? 0) - (r.current_ome ?? 0));
  const m = median(diffs);
  return {
    thresholds: OME_THRESHOLDS.thresholds.map((t, i) => ({
      code: t.code,
      label: t.label,
      mgPer24h: t.mgPer24h,
      patients: parts.thresholdCounts[i] ?? 0,
    })),
    combinations: Object.keys(FLAG_COLUMNS).map((code, i) => ({
      code,
      label: COMBINATION_LABELS[code] ?? code,
      patients: parts.flagCounts[i] ?? 0,
    })),
    plansByStatus: PLAN_STATUSES.map((status: PlanStatus) => ({ status, plans: byStatus.get(status) ?? 0 })),
    medianOmeReduction: { mgPer24h: m === null ? null : Math.round(m * 10) / 10, plans: diffs.length },
    highest: parts.highest.map((h) => ({
      patientId: h.patient_id,
      patientName: displayName(h),
      totalMgPer24h: h.total_mg_per_24h,
      complete: h.complete === 1,
    })),
    patientsWithMedicines: parts.patientsWithMedicines,
  };
}

/** Plans held or stepped back at least `minCount` times (the MDT module's suggested cases). */
export async function concerns(
  ctx: HandlerContext,
  input: { minCount: number; limit: number },
): Promise<TaperConcern[]> {
  const rows = await taperConcerns(ctx.conn.db, input.minCount, input.limit);
  return rows.map(concernFromRow);
}

/** One taper concern from its `taperConcerns` row (the service and the benchmark's baseline). */
export function concernFromRow(r: {
  id: number;
  patient_id: number;
  surname: string;
  forename: string;
  medicine_name: string;
  holds: number;
  step_backs: number;
  status: string;
}): TaperConcern {
  return {
    planId: r.id,
    patientId: r.patient_id,
    patientName: displayName(r),
    medicineName: r.medicine_name,
    holds: r.holds,
    stepBacks: r.step_backs,
    status: r.status as PlanStatus,
  };
}
