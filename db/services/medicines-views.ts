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
  const rows = await reviewsDue(ctx.conn.db, until, input.nurseId);
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
    };
    if (row.nextReviewDate < today) out.overdue.push(row);
    else if (row.nextReviewDate === today) out.dueToday.push(row);
    else out.upcoming.push(row);
  }
  return out;
}

const FLAG_COLUMNS: Record<string, FlagColumn> = {
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
  const [thresholds, combinations, statuses, reductions, highest, withMeds] = await Promise.all([
    Promise.all(
      OME_THRESHOLDS.thresholds.map(async (t) => ({
        code: t.code,
        label: t.label,
        mgPer24h: t.mgPer24h,
        patients: await countAtOrAbove(db, t.mgPer24h),
      })),
    ),
    Promise.all(
      Object.entries(FLAG_COLUMNS).map(async ([code, column]) => ({
        code,
        label: COMBINATION_LABELS[code] ?? code,
        patients: await countFlag(db, column),
      })),
    ),
    plansByStatus(db),
    omeReductions(db),
    highestOme(db, 20),
    countPatientsWithMedicines(db),
  ]);
  const byStatus = new Map(statuses.map((s) => [s.status, Number(s.n)]));
  const diffs = reductions.map((r) => (r.start_ome ?? 0) - (r.current_ome ?? 0));
  const m = median(diffs);
  return {
    thresholds,
    combinations,
    plansByStatus: PLAN_STATUSES.map((status: PlanStatus) => ({ status, plans: byStatus.get(status) ?? 0 })),
    medianOmeReduction: { mgPer24h: m === null ? null : Math.round(m * 10) / 10, plans: diffs.length },
    highest: highest.map((h) => ({
      patientId: h.patient_id,
      patientName: displayName(h),
      totalMgPer24h: h.total_mg_per_24h,
      complete: h.complete === 1,
    })),
    patientsWithMedicines: withMeds,
  };
}

/** Plans held or stepped back at least `minCount` times (the MDT module's suggested cases). */
export async function concerns(
  ctx: HandlerContext,
  input: { minCount: number; limit: number },
): Promise<TaperConcern[]> {
  const rows = await taperConcerns(ctx.conn.db, input.minCount, input.limit);
  return rows.map((r) => ({
    planId: r.id,
    patientId: r.patient_id,
    patientName: displayName(r),
    medicineName: r.medicine_name,
    holds: r.holds,
    stepBacks: r.step_backs,
    status: r.status as PlanStatus,
  }));
}
