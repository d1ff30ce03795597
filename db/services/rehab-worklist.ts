import { addCalendarDays, addCalendarMonths } from '../../shared/clinical/calendar';
import type { MeasureId } from '../../shared/clinical/rehab/measures';
import { measuresDue, type TimePoint, type TimePointAnchor } from '../../shared/clinical/rehab/timepoints';
import { displayName } from '../../shared/domain/patient';
import type { WorklistItem } from '../../shared/domain/rehab';
import {
  countDuePoint,
  duePointPage,
  measuresRecordedForPlans,
  type AnchorColumn,
  type DuePointWindow,
} from '../queries/rehab-worklist';
import type { HandlerContext } from './context';
import { activeRuleSet } from './rule-sets';

/** How far back the worklist looks for collection points still outstanding. */
export const WORKLIST_LOOKBACK_DAYS = 90;

const ANCHOR_COLUMN: Record<TimePointAnchor, AnchorColumn> = {
  referral: 'referral_date',
  treatmentStart: 'treatment_start_date',
  discharge: 'discharge_date',
};

/**
 * The anchor dates whose collection point `months` later falls due in [since, asOf]: [from, to], or null
 * when none does. Adding calendar months never moves a later date earlier, so the set is one range; its
 * ends are found from the month-end rule of addCalendarMonths itself (31 August + 6 months = 28 February),
 * stepping a day at a time over the at most three days a month end can fold together.
 */
export function anchorRange(since: string, asOf: string, months: number): [string, string] | null {
  const due = (a: string) => addCalendarMonths(a, months);
  let from = addCalendarMonths(since, -months);
  while (due(from) < since) from = addCalendarDays(from, 1);
  while (due(addCalendarDays(from, -1)) >= since) from = addCalendarDays(from, -1);
  let to = addCalendarMonths(asOf, -months);
  while (due(to) > asOf) to = addCalendarDays(to, -1);
  while (due(addCalendarDays(to, 1)) <= asOf) to = addCalendarDays(to, 1);
  return from <= to ? [from, to] : null;
}

type Row = Awaited<ReturnType<typeof duePointPage>>[number];

/**
 * Measures due (rehab:worklist): every collection point of an active plan due or overdue on `asOf` whose due
 * date is within the last 90 days, first `limit` by due date then patient, and how many there are.
 *
 * Issue 18 (2.3 s on screen at 100,000 patients): it used to read every active plan with an anchor date in
 * a wide window, its patient and its recorded measures (14,450 plans at 100,000 patients) and work out each
 * plan's collection points in JavaScript, to show 200. Now each collection point of the rule set is counted
 * in SQL over the exact anchor dates that make it due in the window (indexes on status and anchor date,
 * recorded measures counted from a covering index), only the page's plans are read with their patients,
 * and the clinical rule (measuresDue) still decides each shown row's status and outstanding measures. The
 * anchor ranges come from the rule set's own offsets, so a service's collection point 18 months after
 * discharge or 3 months after referral is listed too (the old read stopped at 12 months after discharge and
 * at the referral and start-of-treatment dates themselves).
 */
export async function worklist(
  ctx: HandlerContext,
  asOf: string,
  limit: number,
): Promise<{ items: WorklistItem[]; total: number }> {
  const db = ctx.conn.db;
  const since = addCalendarDays(asOf, -WORKLIST_LOOKBACK_DAYS);
  const timePoints = activeRuleSet(ctx.conn, 'rehab-timepoints').value.timePoints;
  let total = 0;
  const candidates: { tp: TimePoint; order: number; row: Row; dueDate: string }[] = [];
  for (const [order, tp] of timePoints.entries()) {
    if (tp.measures.length === 0) continue;
    const range = anchorRange(since, asOf, tp.offsetMonths);
    if (range === null) continue;
    const w: DuePointWindow = {
      column: ANCHOR_COLUMN[tp.anchor],
      from: range[0],
      to: range[1],
      timePointId: tp.id,
      measures: tp.measures,
    };
    total += await countDuePoint(db, w);
    const due = (a: string) => addCalendarMonths(a, tp.offsetMonths);
    let rows = await duePointPage(db, w, limit);
    if (rows.length === limit && limit > 0) {
      // Plans sharing the last due date read here may continue past the limit, and some of them may come
      // before it by patient: read every plan with that due date (a few days of anchor dates at most).
      const lastDue = due(rows[rows.length - 1]!.anchor_date as string);
      const [from, to] = anchorRange(lastDue, lastDue, tp.offsetMonths) ?? [lastDue, lastDue];
      const tied = await duePointPage(db, { ...w, from, to }, null);
      rows = [...rows.filter((r) => due(r.anchor_date as string) < lastDue), ...tied];
    }
    for (const row of rows) candidates.push({ tp, order, row, dueDate: due(row.anchor_date as string) });
  }
  candidates.sort(
    (a, b) =>
      a.dueDate.localeCompare(b.dueDate) ||
      a.row.patient_id - b.row.patient_id ||
      a.order - b.order ||
      a.row.id - b.row.id,
  );
  const shown = candidates.slice(0, limit);
  const recorded = new Map<number, { timePointId: string; measure: MeasureId }[]>();
  for (const m of await measuresRecordedForPlans(db, [...new Set(shown.map((c) => c.row.id))])) {
    if (m.plan_id === null) continue;
    const list = recorded.get(m.plan_id) ?? [];
    list.push({ timePointId: m.time_point, measure: m.measure as MeasureId });
    recorded.set(m.plan_id, list);
  }
  const items: WorklistItem[] = [];
  for (const { tp, row } of shown) {
    const [d] = measuresDue({
      dates: { [tp.anchor]: row.anchor_date as string },
      asOf,
      completed: recorded.get(row.id) ?? [],
      timePoints: [tp],
    });
    if (!d || (d.status !== 'due' && d.status !== 'overdue')) continue;
    items.push({
      patientId: row.patient_id,
      patientName: displayName(row),
      nhsNumber: row.nhs_number,
      planId: row.id,
      timePointId: d.timePointId,
      label: d.label,
      dueDate: d.dueDate,
      status: d.status,
      outstanding: d.outstanding,
    });
  }
  return { items, total };
}
