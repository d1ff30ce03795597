import type { BenchContext, BenchRow } from './context';
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
    `SELECT rr.* FROM rehab_review_ratings rr JOIN rehab_reviews r ON r.id = rr.review_id
     WHERE r.patient_id = ? ORDER BY rr.id`,
  );
  const measuresSql = db.prepare(
    `SELECT m.*, u.display_name AS recorder_name FROM rehab_measures m LEFT JOIN users u ON u.id = m.created_by
     WHERE m.patient_id = ? ORDER BY m.measure, m.administered_on, m.id`,
  );
  rows.push(
    ctx.row(
      "A patient's rehab summary (plans, goals, GAS reviews, measures with change flags, measures due)",
      20,
      await time((i) => ctx.call('rehab:summary', { patientId: pick(i) }), it),
      await time((i) => {
        const id = pick(i);
        const measures = measuresSql.all(id) as { score_json: string; answers_json: string }[];
        for (const m of measures) {
          JSON.parse(m.score_json);
          JSON.parse(m.answers_json);
        }
        return [plansSql.all(id), goalsSql.all(id), reviewsSql.all(id), ratingsSql.all(id), measures];
      }, it),
    ),
  );

  const serviceSql = db.prepare(
    `SELECT measure, pathway, count(*) AS paired,
       sum(CASE WHEN meaningful = 1 AND improved = 1 THEN 1 ELSE 0 END) AS improved,
       sum(CASE WHEN meaningful = 1 AND improved = 0 THEN 1 ELSE 0 END) AS deteriorated
     FROM rehab_measure_change WHERE change IS NOT NULL GROUP BY measure, pathway`,
  );
  const noProgressSql = db.prepare('SELECT count(*) FROM rehab_patient_status WHERE no_progress = 1').pluck();
  rows.push(
    ctx.row(
      'Service outcome view: % of patients with meaningful change per measure, by pathway',
      250,
      await time(() => ctx.call('rehab:serviceOutcomes', {}), it),
      await time(() => [serviceSql.all(), noProgressSql.get()], it),
    ),
  );
  return rows;
}
