import type Database from 'better-sqlite3';
import type { Selectable } from 'kysely';
import { addCalendarDays } from '../shared/clinical/calendar';
import { GAS_RULE_SET } from '../shared/clinical/rehab/gas';
import { MEASURE_IDS, REHAB_MEASURES_RULE_SET, type MeasureId } from '../shared/clinical/rehab/measures';
import type { MeasureScore } from '../shared/clinical/rehab/scoring';
import { measuresDue, type DueItem } from '../shared/clinical/rehab/timepoints';
import { londonToday } from '../shared/dates';
import { PATHWAYS, type CohortReport } from '../shared/domain/rehab';
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
import {
  COHORT_MEASURE_WINDOW_DAYS,
  cohortFigures,
  cohortParticipant,
  sessionsToCompleteOf,
  type ScoredAdministration,
} from '../db/services/rehab-groups';
import { psfsTrends, withChange } from '../db/services/rehab-read';
import type { BenchContext, BenchRow } from './context';

type PlanRow = Selectable<RehabPlansTable>;
type RatingRow = Selectable<RehabReviewRatingsTable>;

/** Benchmarks of the rehab operations (issue targets), each beside a hand-written SQL baseline. */
export async function rehabBench(ctx: BenchContext): Promise<BenchRow[]> {
  const db = ctx.sqlite;
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
    const report = cohortBaseline(db);
    rows.push(
      await ctx.compare(
        'Pain management programme: cohort report (attendance, completers, GAS and measure change)',
        100,
        (i) => ctx.call('rehab:cohortReport', { programmeId: cohort(i) }),
        (i) => report(cohort(i)),
        { iterations: ctx.iterations },
      ),
    );
  }
  return rows;
}

/**
 * The cohort report by hand: plain prepared statements for the programme, its sessions, enrolments,
 * attendance, the cohort's goal reviews and measures, and the same pure rules (meaningfulChange) and
 * arithmetic as the service. The GAS rule set is the shipped one (the bench database has no edited set).
 */
function cohortBaseline(db: Database.Database) {
  const programme = db.prepare('SELECT * FROM rehab_programmes WHERE id = ?');
  const sessions = db.prepare(
    'SELECT * FROM rehab_programme_sessions WHERE programme_id = ? ORDER BY session_no',
  );
  const enrolments = db.prepare(
    `SELECT e.*, p.surname, p.forename, p.nhs_number FROM rehab_programme_enrolments e
     JOIN patients p ON p.id = e.patient_id WHERE e.programme_id = ? ORDER BY p.surname, p.forename, e.id`,
  );
  const attendance = db.prepare(
    `SELECT a.session_id, a.enrolment_id, a.status FROM rehab_programme_attendance a
     JOIN rehab_programme_sessions s ON s.id = a.session_id WHERE s.programme_id = ?`,
  );
  const reviews = db.prepare(
    `SELECT plan_id, review_date, t_score, baseline_t_score, change, label FROM rehab_reviews
     WHERE plan_id IN (SELECT plan_id FROM rehab_programme_enrolments WHERE programme_id = ?)
       AND review_date >= ? AND review_date <= ? ORDER BY plan_id, review_date, id`,
  );
  const measures = db.prepare(
    `SELECT id, patient_id, measure, administered_on, total, score_json FROM rehab_measures
     WHERE patient_id IN (SELECT patient_id FROM rehab_programme_enrolments WHERE programme_id = ?)
       AND administered_on >= ? AND administered_on <= ? ORDER BY patient_id, measure, administered_on, id`,
  );
  return (id: number): CohortReport => {
    const g = programme.get(id) as {
      id: number;
      name: string;
      facilitators: string;
      location: string;
      capacity: number;
      completion_percent: number;
      start_date: string;
      end_date: string;
      version: number;
    };
    const sess = sessions.all(id) as {
      id: number;
      session_no: number;
      session_date: string;
      topic: string;
      register_version: number;
    }[];
    const enrols = enrolments.all(id) as {
      id: number;
      patient_id: number;
      plan_id: number | null;
      status: string;
      surname: string;
      forename: string;
    }[];
    const marks = attendance.all(id) as { session_id: number; enrolment_id: number; status: string }[];
    const asOf = londonToday();
    const total = sess.length;
    const held = sess.filter((s) => s.session_date <= asOf);
    const heldIds = new Set(held.map((s) => s.id));
    const sessionsToComplete = sessionsToCompleteOf(g.completion_percent, total);
    const first = sess[0]!.session_date;
    const last = sess[total - 1]!.session_date;
    const lastHeld = last <= asOf;
    const reviewRows = reviews.all(id, first, asOf) as {
      plan_id: number;
      review_date: string;
      t_score: number | null;
      baseline_t_score: number | null;
      change: number | null;
      label: string;
    }[];
    const latest = new Map(reviewRows.map((r) => [r.plan_id, r]));
    const measureRows = (
      measures.all(
        id,
        addCalendarDays(first, -COHORT_MEASURE_WINDOW_DAYS),
        addCalendarDays(last, COHORT_MEASURE_WINDOW_DAYS),
      ) as {
        id: number;
        patient_id: number;
        measure: MeasureId;
        administered_on: string;
        total: number | null;
        score_json: string;
      }[]
    ).map((m) => ({ ...m, score: JSON.parse(m.score_json) as MeasureScore }));
    const scoredBy = new Map<number, Map<string, ScoredAdministration[]>>();
    for (const m of measureRows) {
      if (m.score.total === null && m.score.profile === undefined) continue;
      const byMeasure = scoredBy.get(m.patient_id) ?? new Map<string, ScoredAdministration[]>();
      scoredBy.set(m.patient_id, byMeasure);
      byMeasure.set(m.measure, [...(byMeasure.get(m.measure) ?? []), m]);
    }
    const participants = enrols.map((e) => {
      const mine = marks.filter((a) => a.enrolment_id === e.id && heldIds.has(a.session_id));
      const count = (status: string) => mine.filter((a) => a.status === status).length;
      return cohortParticipant(
        e,
        {
          attended: count('attended'),
          apologies: count('apologies'),
          dna: count('dna'),
          marked: mine.length,
        },
        e.plan_id === null ? undefined : latest.get(e.plan_id),
        scoredBy.get(e.patient_id),
        { sessionsHeld: held.length, sessionsToComplete, first, last, lastHeld },
      );
    });
    return {
      programme: {
        id: g.id,
        name: g.name,
        facilitators: g.facilitators,
        location: g.location,
        capacity: g.capacity,
        completionPercent: g.completion_percent,
        startDate: g.start_date,
        endDate: g.end_date,
        version: g.version,
        sessions: sess.map((s) => {
          const rows = marks.filter((a) => a.session_id === s.id);
          return {
            id: s.id,
            sessionNo: s.session_no,
            date: s.session_date,
            topic: s.topic,
            attended: rows.filter((a) => a.status === 'attended').length,
            recorded: rows.length,
            registerVersion: s.register_version,
          };
        }),
      },
      asOf,
      ...cohortFigures({
        participants,
        sessionsHeld: held.length,
        sessionsTotal: total,
        sessionsToComplete,
        completionPercent: g.completion_percent,
        firstSession: first,
        lastSession: last,
      }),
      ruleSets: [
        { id: REHAB_MEASURES_RULE_SET.id, version: REHAB_MEASURES_RULE_SET.version },
        { id: GAS_RULE_SET.id, version: GAS_RULE_SET.version },
      ],
    } as CohortReport;
  };
}
