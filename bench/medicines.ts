import { londonToday } from '../shared/dates';
import type { BenchContext, BenchRow } from './context';
import { time } from './measure';

/** Benchmarks of the medicines operations (issue targets), each beside a hand-written SQL baseline. */
export async function medicinesBench(ctx: BenchContext): Promise<BenchRow[]> {
  const db = ctx.sqlite;
  const it = { iterations: ctx.iterations };
  const nurseId = db.prepare("SELECT id FROM users WHERE username = 'sjones'").pluck().get() as number;
  const today = londonToday();
  const until = new Date(Date.parse(`${today}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
  const rows: BenchRow[] = [];

  const worklistSql =
    db.prepare(`SELECT p.id, p.patient_id, pt.surname, pt.forename, pt.nhs_number, p.medicine_name,
      p.current_dose, p.unit, p.next_review_date, p.nurse_id, u.display_name, p.holds, p.step_backs, p.version
    FROM taper_plans p JOIN patients pt ON pt.id = p.patient_id LEFT JOIN users u ON u.id = p.nurse_id
    WHERE p.nurse_id = ? AND p.status = 'active' AND p.next_review_date <= ?
    ORDER BY p.next_review_date, p.id LIMIT 500`);
  rows.push(
    ctx.row(
      'Nurse worklist: reviews overdue, due today and next 14 days (one nurse)',
      50,
      await time(() => ctx.call('meds:worklist', { nurseId }), it),
      await time(() => worklistSql.all(nurseId, until), it),
      { sameResult: null, note: 'not compared: the result is changing this round (medicines module)' },
    ),
  );

  const count90 = db.prepare('SELECT count(*) FROM patient_ome WHERE total_mg_per_24h >= ?').pluck();
  const flags = [
    'flag_opioid_benzo',
    'flag_opioid_gabapentinoid',
    'flag_multiple_opioids',
    'flag_gabapentin_pregabalin',
  ].map((f) => db.prepare(`SELECT count(*) FROM patient_ome WHERE ${f} = 1`).pluck());
  const byStatus = db.prepare('SELECT status, count(*) FROM taper_plans GROUP BY status');
  const reductions = db.prepare(
    "SELECT start_ome, current_ome FROM taper_plans WHERE status IN ('active','completed','paused') AND start_ome IS NOT NULL",
  );
  const highest = db.prepare(
    'SELECT o.patient_id, surname, forename, total_mg_per_24h, complete FROM patient_ome o JOIN patients p ON p.id = o.patient_id ORDER BY total_mg_per_24h DESC LIMIT 20',
  );
  const all = db.prepare('SELECT count(*) FROM patient_ome').pluck();
  rows.push(
    ctx.row(
      'Medicines service view: thresholds, combination flags, plans by status, median reduction',
      250,
      await time(() => ctx.call('meds:serviceView', {}), it),
      await time(() => {
        count90.get(90);
        count90.get(120);
        for (const f of flags) f.get();
        byStatus.all();
        const d = (reductions.all() as { start_ome: number; current_ome: number }[])
          .map((r) => r.start_ome - r.current_ome)
          .sort((a, b) => a - b);
        highest.all();
        all.get();
        return d[Math.floor(d.length / 2)];
      }, it),
      { sameResult: null, note: 'not compared: the result is changing this round (medicines module)' },
    ),
  );

  const patients = db
    .prepare('SELECT patient_id FROM patient_ome WHERE total_mg_per_24h > 0 ORDER BY patient_id LIMIT 500')
    .pluck()
    .all() as number[];
  const entries = db.prepare(
    'SELECT e.*, u.display_name FROM medicine_entries e LEFT JOIN users u ON u.id = e.recorded_by WHERE patient_id = ? ORDER BY e.id',
  );
  const ome = db.prepare('SELECT * FROM patient_ome WHERE patient_id = ?');
  const snaps = db.prepare(
    'SELECT effective_date, total_mg_per_24h, complete FROM ome_snapshots WHERE patient_id = ? ORDER BY effective_date, id',
  );
  const plans = db.prepare('SELECT * FROM taper_plans WHERE patient_id = ? ORDER BY id DESC');
  const patient = db.prepare('SELECT id FROM patients WHERE id = ?');
  const pick = (i: number) => patients[i % patients.length]!;
  rows.push(
    ctx.row(
      'A patient’s medicines with OME, flags, history and plans',
      16,
      await time((i) => ctx.call('meds:patient', { patientId: pick(i) }), it),
      await time((i) => {
        const id = pick(i);
        patient.get(id);
        const e = entries.all(id) as { ome_json: string | null }[];
        for (const r of e) if (r.ome_json) JSON.parse(r.ome_json);
        ome.get(id);
        snaps.all(id);
        plans.all(id);
      }, it),
      { sameResult: null, note: 'not compared: the result is changing this round (medicines module)' },
    ),
  );

  const concerns =
    db.prepare(`SELECT p.id, p.patient_id, surname, forename, medicine_name, holds, step_backs, status
    FROM taper_plans p JOIN patients pt ON pt.id = p.patient_id
    WHERE holds + step_backs >= 2 AND holds + step_backs > 0 ORDER BY holds + step_backs DESC LIMIT 100`);
  rows.push(
    ctx.row(
      'Taper concerns for the MDT (held or stepped back twice or more)',
      50,
      await time(() => ctx.call('meds:taperConcerns', { minCount: 2 }), it),
      await time(() => concerns.all(), it),
      { sameResult: null, note: 'not compared: the result is changing this round (medicines module)' },
    ),
  );
  return rows;
}
