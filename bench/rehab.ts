import type { Selectable } from 'kysely';
import { MEASURE_IDS, REHAB_MEASURES_RULE_SET } from '../shared/clinical/rehab/measures';
import { measuresDue, type DueItem } from '../shared/clinical/rehab/timepoints';
import { londonToday } from '../shared/dates';
import { PATHWAYS } from '../shared/domain/rehab';
import {
  toGoal,
  toMeasureResponse,
  toPlan,
  toRating,
  toReview,
  type GoalRow,
  type MeasureRow,
  type ReviewRow,
} from '../db/mappers/rehab';
import type { RehabPlansTable, RehabReviewRatingsTable } from '../db/schema-rehab';
import { psfsTrends, withChange } from '../db/services/rehab-read';
import type { BenchContext, BenchRow } from './context';

type PlanRow = Selectable<RehabPlansTable>;
type RatingRow = Selectable<RehabReviewRatingsTable>;
import { time } from './measure';

/** Benchmarks of the rehab operations (issue targets), each beside a hand-written SQL baseline. */
export async function rehabBench(ctx: BenchContext): Promise<BenchRow[]> {
  const db = ctx.sqlite;
  const it = { iterations: ctx.iterations };
  const rows: BenchRow[] = [];
  // Patients with goals and reviews (the fullest summaries), chosen deterministically.
  const ids = db
    .prepare('SELECT DISTINCT patient_id FROM rehab_reviews ORDER BY patient_id LIMIT 5000')
    .pluck()
    .all() as number[];
  if (ids.length === 0) return rows;
  const pick = (i: number) => ids[(i * 7919) % ids.length]!;

  // Hand-written: the same rows by patient (subqueries instead of id lists), the same mappers and the
  // same pure rules (change from first, PSFS trends, measures due) as the service.
  const existsSql = db.prepare('SELECT id FROM patients WHERE id = ?');
  const plansSql = db.prepare('SELECT * FROM rehab_plans WHERE patient_id = ? ORDER BY id DESC');
  const goalsSql = db.prepare(
    `SELECT g.*, u.display_name AS owner_name FROM rehab_goals g LEFT JOIN users u ON u.id = g.owner_id
     WHERE g.plan_id IN (SELECT id FROM rehab_plans WHERE patient_id = ?) ORDER BY g.id`,
  );
  const reviewsSql = db.prepare(
    `SELECT r.*, u.display_name AS reviewer_name FROM rehab_reviews r LEFT JOIN users u ON u.id = r.created_by
     WHERE r.plan_id IN (SELECT id FROM rehab_plans WHERE patient_id = ?) ORDER BY r.review_date, r.id`,
  );
  const ratingsSql = db.prepare(
    `SELECT * FROM rehab_review_ratings WHERE review_id IN (SELECT r.id FROM rehab_reviews r
       WHERE r.plan_id IN (SELECT id FROM rehab_plans WHERE patient_id = ?)) ORDER BY id`,
  );
  const measuresSql = db.prepare(
    `SELECT m.*, u.display_name AS recorder_name FROM rehab_measures m LEFT JOIN users u ON u.id = m.created_by
     WHERE m.patient_id = ? ORDER BY m.measure, m.administered_on, m.id`,
  );
  const baseline = (i: number) => {
    const patientId = pick(i);
    if (!existsSql.get(patientId)) throw new Error('no such patient');
    const planRows = plansSql.all(patientId) as PlanRow[];
    const goalRows = goalsSql.all(patientId) as GoalRow[];
    const reviewRows = reviewsSql.all(patientId) as ReviewRow[];
    const measureRows = measuresSql.all(patientId) as MeasureRow[];
    const ratingRows = ratingsSql.all(patientId) as RatingRow[];
    const ratingsByReview = new Map<number, ReturnType<typeof toRating>[]>();
    for (const r of ratingRows) {
      const list = ratingsByReview.get(r.review_id) ?? [];
      list.push(toRating(r));
      ratingsByReview.set(r.review_id, list);
    }
    const plans = planRows.map((p) => {
      const goals = goalRows.filter((g) => g.plan_id === p.id).map(toGoal);
      const reviews = reviewRows
        .filter((r) => r.plan_id === p.id)
        .map((r) => toReview(r, ratingsByReview.get(r.id) ?? [], goals));
      return toPlan(p, goals, reviews);
    });
    const base = measureRows.map(toMeasureResponse);
    const active = plans.find((p) => p.status === 'active');
    let due: DueItem[] = [];
    if (active) {
      const dates: Parameters<typeof measuresDue>[0]['dates'] = {};
      if (active.referralDate) dates.referral = active.referralDate;
      if (active.treatmentStartDate) dates.treatmentStart = active.treatmentStartDate;
      if (active.dischargeDate) dates.discharge = active.dischargeDate;
      due = measuresDue({
        dates,
        asOf: londonToday(),
        completed: base
          .filter((m) => m.planId === active.id)
          .map((m) => ({ timePointId: m.timePoint, measure: m.measure })),
      });
    }
    const latestReview = active?.reviews[active.reviews.length - 1];
    return {
      patientId,
      plans,
      measures: withChange(base),
      due,
      noProgress: latestReview?.noProgress ?? false,
      psfs: psfsTrends(base),
    };
  };
  const ours = (i: number) => ctx.call('rehab:summary', { patientId: pick(i) });
  rows.push(
    await ctx.compare(
      "A patient's rehab summary (plans, goals, GAS reviews, measures with change flags, measures due)",
      20,
      ours,
      baseline,
    ),
  );

  // Hand-written: one pass over the precomputed change rows (paired, improved and deteriorated counted
  // together), the no-progress count, and the same table of measures by pathway.
  const serviceSql = db.prepare(
    `SELECT measure, pathway, count(*) AS paired,
       sum(CASE WHEN meaningful = 1 AND improved = 1 THEN 1 ELSE 0 END) AS improved,
       sum(CASE WHEN meaningful = 1 AND improved = 0 THEN 1 ELSE 0 END) AS deteriorated
     FROM rehab_measure_change WHERE change IS NOT NULL GROUP BY measure, pathway`,
  );
  const noProgressSql = db.prepare('SELECT count(*) FROM rehab_patient_status WHERE no_progress = 1').pluck();
  const serviceBaseline = () => {
    type Acc = { paired: number; improved: number; deteriorated: number };
    const acc = new Map<string, Acc>();
    for (const r of serviceSql.all() as ({ measure: string; pathway: string } & Acc)[])
      for (const k of [`${r.measure}|${r.pathway}`, `${r.measure}|all`]) {
        const row = acc.get(k) ?? { paired: 0, improved: 0, deteriorated: 0 };
        row.paired += r.paired;
        row.improved += r.improved;
        row.deteriorated += r.deteriorated;
        acc.set(k, row);
      }
    const out = [];
    for (const measure of MEASURE_IDS)
      for (const p of ['all', ...PATHWAYS]) {
        const v = acc.get(`${measure}|${p}`);
        if (v)
          out.push({
            measure,
            pathway: p,
            ...v,
            percentImproved: v.paired === 0 ? null : (100 * v.improved) / v.paired,
          });
      }
    return {
      rows: out,
      ruleSet: { id: REHAB_MEASURES_RULE_SET.id, version: REHAB_MEASURES_RULE_SET.version },
      noProgressPatients: noProgressSql.get() as number,
    };
  };
  rows.push(
    await ctx.compare(
      'Service outcome view: % of patients with meaningful change per measure, by pathway',
      250,
      () => ctx.call('rehab:serviceOutcomes', {}),
      serviceBaseline,
      { samples: 1, iterations: Math.min(ctx.iterations, 100) },
    ),
  );

  // Pain management programme cohort report: the fullest cohorts, chosen deterministically.
  const cohorts = db
    .prepare(
      `SELECT programme_id FROM rehab_programme_enrolments GROUP BY programme_id
       ORDER BY count(*) DESC, programme_id LIMIT 200`,
    )
    .pluck()
    .all() as number[];
  if (cohorts.length > 0) {
    const cohort = (i: number) => cohorts[(i * 7919) % cohorts.length]!;
    const progSql = db.prepare('SELECT * FROM rehab_programmes WHERE id = ?');
    const sessSql = db.prepare(
      'SELECT * FROM rehab_programme_sessions WHERE programme_id = ? ORDER BY session_no',
    );
    const enrolSql = db.prepare(
      `SELECT e.*, p.surname, p.forename, p.nhs_number FROM rehab_programme_enrolments e
       JOIN patients p ON p.id = e.patient_id WHERE e.programme_id = ? ORDER BY p.surname, p.forename, e.id`,
    );
    const attSql = db.prepare(
      `SELECT a.session_id, a.enrolment_id, a.status FROM rehab_programme_attendance a
       JOIN rehab_programme_sessions s ON s.id = a.session_id WHERE s.programme_id = ?`,
    );
    const revSql = db.prepare(
      `SELECT r.plan_id, r.review_date, r.t_score, r.change FROM rehab_reviews r WHERE r.plan_id IN
       (SELECT plan_id FROM rehab_programme_enrolments WHERE programme_id = ?) ORDER BY r.plan_id, r.review_date`,
    );
    const measSql = db.prepare(
      `SELECT m.patient_id, m.measure, m.administered_on, m.score_json FROM rehab_measures m WHERE m.patient_id IN
       (SELECT patient_id FROM rehab_programme_enrolments WHERE programme_id = ?) ORDER BY m.patient_id, m.measure,
       m.administered_on`,
    );
    rows.push(
      ctx.row(
        'Pain management programme: cohort report (attendance, completers, GAS and measure change)',
        100,
        await time((i) => ctx.call('rehab:cohortReport', { programmeId: cohort(i) }), it),
        await time((i) => {
          const id = cohort(i);
          const measures = measSql.all(id) as { score_json: string }[];
          for (const m of measures) JSON.parse(m.score_json);
          return [
            progSql.get(id),
            sessSql.all(id),
            enrolSql.all(id),
            attSql.all(id),
            revSql.all(id),
            measures,
          ];
        }, it),
        { sameResult: null, note: 'baseline reads the same rows; ours also applies the change rules' },
      ),
    );
  }
  return rows;
}
