import { meaningfulChange, psfsChange, type ChangeResult } from '../../shared/clinical/rehab/change';
import { activeRuleSet } from './rule-sets';
import {
  MEASURE_IDS,
  MEASURES,
  REHAB_MEASURES_RULE_SET,
  type MeasureId,
} from '../../shared/clinical/rehab/measures';
import { measuresDue, type DueItem } from '../../shared/clinical/rehab/timepoints';
import { londonToday } from '../../shared/dates';

import { displayName } from '../../shared/domain/patient';
import {
  PATHWAYS,
  type MeasureResponse,
  type NoProgressPatient,
  type Pathway,
  type RehabSummary,
  type ServiceOutcomeRow,
  type ServiceOutcomes,
} from '../../shared/domain/rehab';
import { toGoal, toMeasureResponse, toPlan, toRating, toReview } from '../mappers/rehab';
import {
  countNoProgress,
  goalsOfPatient,
  measuresOfPatient,
  noProgressPatients,
  plansOfPatient,
  ratingsOfPatient,
  reviewsOfPatient,
  serviceOutcomeCounts,
  serviceOutcomeCountsForPathway,
} from '../queries/rehab';
import type { HandlerContext } from './context';
import { requirePatient } from './rehab-common';

type Base = Omit<MeasureResponse, 'changeFromFirst'>;

/** Scored and not entered in error: the only administrations that count in changes and trends. */
const scored = (m: Base) =>
  m.enteredInError === null && (m.score.total !== null || m.score.profile !== undefined);

/** Each administration compared with the first scored one of the same measure (measure's own change rule). */
export function withChange(responses: readonly Base[]): MeasureResponse[] {
  const first = new Map<MeasureId, Base>();
  return responses.map((m) => {
    let change: ChangeResult | null = null;
    const f = first.get(m.measure);
    if (m.enteredInError !== null) return { ...m, changeFromFirst: null };
    if (!f) {
      if (scored(m)) first.set(m.measure, m);
    } else if (MEASURES[m.measure].changeFlags.length > 0) {
      change = meaningfulChange(m.measure, f.score, m.score);
    }
    return { ...m, changeFromFirst: change };
  });
}

export function psfsTrends(responses: readonly Base[]): RehabSummary['psfs'] {
  const byActivity = new Map<string, { date: string; rating: number }[]>();
  for (const m of responses) {
    if (m.measure !== 'PSFS' || m.enteredInError !== null) continue;
    m.activities.forEach((activity, i) => {
      const rating = m.answers[i];
      if (rating === null || rating === undefined) return;
      const key = activity.trim();
      const list = byActivity.get(key) ?? [];
      list.push({ date: m.administeredOn, rating });
      byActivity.set(key, list);
    });
  }
  return [...byActivity.entries()].map(([activity, points]) => {
    const a = points[0];
    const b = points[points.length - 1];
    return {
      activity,
      points,
      change: a && b && points.length > 1 ? psfsChange(a.rating, b.rating, 'activity') : null,
    };
  });
}

export async function rehabSummary(ctx: HandlerContext, patientId: number): Promise<RehabSummary> {
  const db = ctx.conn.db;
  await requirePatient(db, patientId);
  // Each table by patient with a query compiled once (no id lists, so no round trip waits for another).
  const params = { patientId };
  const [planRows, goalRows, reviewRows, ratingRows, measureRows] = await Promise.all([
    plansOfPatient.all(db, params),
    goalsOfPatient.all(db, params),
    reviewsOfPatient.all(db, params),
    ratingsOfPatient.all(db, params),
    measuresOfPatient.all(db, params),
  ]);
  const ratingsByReview = new Map<number, ReturnType<typeof toRating>[]>();
  for (const r of ratingRows) {
    const list = ratingsByReview.get(r.review_id);
    if (list) list.push(toRating(r));
    else ratingsByReview.set(r.review_id, [toRating(r)]);
  }
  const plans = planRows.map((p) => {
    const goals = goalRows.filter((g) => g.plan_id === p.id).map(toGoal);
    const reviews = reviewRows
      .filter((r) => r.plan_id === p.id)
      .map((r) => toReview(r, ratingsByReview.get(r.id) ?? [], goals));
    return toPlan(p, goals, reviews);
  });
  const base = measureRows.map(toMeasureResponse);
  const measures = withChange(base);
  const active = plans.find((p) => p.status === 'active');
  let due: DueItem[] = [];
  if (active) {
    const dates: Parameters<typeof measuresDue>[0]['dates'] = {};
    if (active.referralDate) dates.referral = active.referralDate;
    if (active.treatmentStartDate) dates.treatmentStart = active.treatmentStartDate;
    if (active.dischargeDate) dates.discharge = active.dischargeDate;
    due = measuresDue({
      dates,
      timePoints: activeRuleSet(ctx.conn, 'rehab-timepoints').value.timePoints,
      asOf: londonToday(ctx.now()),
      completed: base
        .filter((m) => m.planId === active.id && m.enteredInError === null)
        .map((m) => ({ timePointId: m.timePoint, measure: m.measure })),
    });
  }
  const latestReview = active?.reviews.filter((r) => r.enteredInError === null).at(-1);
  return {
    patientId,
    plans,
    measures,
    due,
    noProgress: latestReview?.noProgress ?? false,
    psfs: psfsTrends(base),
  };
}

export async function serviceOutcomes(
  ctx: HandlerContext,
  pathway: Pathway | null,
): Promise<ServiceOutcomes> {
  const db = ctx.conn.db;
  // One pass over the precomputed change rows (paired, improved and deteriorated counted together).
  const [counts, np] = await Promise.all([
    pathway === null ? serviceOutcomeCounts.all(db, {}) : serviceOutcomeCountsForPathway.all(db, { pathway }),
    countNoProgress.first(db, {}),
  ]);
  const key = (m: string, p: string) => `${m}|${p}`;
  const acc = new Map<string, { paired: number; improved: number; deteriorated: number }>();
  for (const c of counts)
    for (const k of [key(c.measure, c.pathway), key(c.measure, 'all')]) {
      const row = acc.get(k);
      if (row) {
        row.paired += c.paired;
        row.improved += c.improved;
        row.deteriorated += c.deteriorated;
      } else acc.set(k, { paired: c.paired, improved: c.improved, deteriorated: c.deteriorated });
    }
  const rows: ServiceOutcomeRow[] = [];
  // Filtered to one pathway: only that pathway's rows (an "all pathways" row would hold one pathway's figures).
  const shown: readonly (Pathway | 'all')[] = pathway === null ? ['all', ...PATHWAYS] : [pathway];
  for (const measure of MEASURE_IDS)
    for (const p of shown) {
      const v = acc.get(key(measure, p));
      if (!v) continue;
      rows.push({
        measure,
        pathway: p,
        ...v,
        percentImproved: v.paired === 0 ? null : (100 * v.improved) / v.paired,
      });
    }
  return {
    rows,
    ruleSet: { id: REHAB_MEASURES_RULE_SET.id, version: REHAB_MEASURES_RULE_SET.version },
    noProgressPatients: Number(np?.n ?? 0),
  };
}

export async function noProgress(ctx: HandlerContext, limit: number): Promise<NoProgressPatient[]> {
  const rows = await noProgressPatients(ctx.conn.db, limit);
  return rows.map((r) => ({
    patientId: r.patient_id,
    patientName: displayName(r),
    reviewDate: r.review_date,
    tScore: r.t_score,
    label: r.label,
  }));
}
