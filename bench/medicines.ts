import type Database from 'better-sqlite3';
import type { Selectable } from 'kysely';
import { londonToday } from '../shared/dates';
import type { PatientMedicines } from '../shared/domain/medicines';
import { SHIPPED_MEDICINE_RULES } from '../shared/domain/rule-sets';
import { doseFieldsOf, entryFromRow, planSummaryFromRow, type EntryRow } from '../db/mappers/medicines';
import type { TaperPlansTable } from '../db/schema-medicines';
import { cdcComparisonFor } from '../db/services/medicines-compare';
import { omeLineFor, omeSummaryFor } from '../db/services/medicines-ome';
import { reviewViewFromRow } from '../db/services/medicines-reviews';
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
  const pick = (i: number) => patients[i % patients.length]!;
  const patientMedicines = patientMedicinesBaseline(db);
  rows.push(
    await ctx.compare(
      'A patient’s medicines with OME, flags, history and plans',
      16,
      (i) => ctx.call('meds:patient', { patientId: pick(i) }),
      (i) => patientMedicines(pick(i)),
      { iterations: ctx.iterations },
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

/**
 * A patient's medicines by hand: plain prepared statements, the same row mappers and the same pure OME
 * arithmetic (omeSummaryFor, omeLineFor, cdcComparisonFor over shared/clinical) with the shipped rule sets
 * (the bench database has no edited set).
 */
function patientMedicinesBaseline(db: Database.Database) {
  const patient = db.prepare('SELECT id FROM patients WHERE id = ?');
  const entries = db.prepare(
    `SELECT e.*, u.display_name AS recorded_by_name FROM medicine_entries e LEFT JOIN users u ON u.id = e.recorded_by
     WHERE e.patient_id = ? ORDER BY e.id`,
  );
  const snaps = db.prepare(
    `SELECT effective_date, total_mg_per_24h, complete, review_id FROM ome_snapshots WHERE patient_id = ?
     ORDER BY effective_date, id`,
  );
  const plans = db.prepare('SELECT * FROM taper_plans WHERE patient_id = ? ORDER BY id DESC');
  const taken = db.prepare(
    `SELECT entry_id, review_id, review_date, taken_mg_per_24h, prescribed_max_mg_per_24h FROM prn_taken
     WHERE entry_id IN (SELECT value FROM json_each(?)) ORDER BY review_date, id`,
  );
  const reviews = db.prepare(
    `SELECT r.*, u.display_name AS recorded_by_name FROM medicine_reviews r LEFT JOIN users u ON u.id = r.recorded_by
     WHERE r.patient_id = ? ORDER BY r.review_date DESC, r.id DESC LIMIT 20`,
  );
  const rules = SHIPPED_MEDICINE_RULES;
  return (patientId: number): PatientMedicines => {
    if (!patient.get(patientId)) throw new Error('no such patient');
    const rows = entries.all(patientId) as EntryRow[];
    const all = rows.map(entryFromRow);
    const currentRows = rows.filter((r) => r.current === 1 && r.status === 'active');
    const prn = currentRows.filter((r) => r.dose_kind === 'prn');
    const takenRows = (prn.length ? taken.all(JSON.stringify(prn.map((r) => r.id))) : []) as {
      entry_id: number;
      review_id: number;
      review_date: string;
      taken_mg_per_24h: number;
      prescribed_max_mg_per_24h: number | null;
    }[];
    const latest = new Map<number, NonNullable<PatientMedicines['current'][number]['latestTaken']>>();
    for (const t of takenRows) {
      const r = prn.find((x) => x.id === t.entry_id);
      if (!r) continue;
      const line = omeLineFor(
        { ...doseFieldsOf(r), taken: { mgPer24h: t.taken_mg_per_24h, reviewDate: t.review_date } },
        rules,
      );
      latest.set(t.entry_id, {
        reviewId: t.review_id,
        reviewDate: t.review_date,
        takenMgPer24h: t.taken_mg_per_24h,
        prescribedMaxMgPer24h: t.prescribed_max_mg_per_24h,
        omeMgPer24h: line?.omeMgPer24h ?? null,
      } as NonNullable<PatientMedicines['current'][number]['latestTaken']>);
    }
    for (const e of all) e.latestTaken = latest.get(e.id) ?? null;
    const current = all.filter((e) => e.current && e.status === 'active');
    const byDay = new Map<string, { totalMgPer24h: number; complete: boolean; fromReview: boolean }>();
    for (const s of snaps.all(patientId) as {
      effective_date: string;
      total_mg_per_24h: number;
      complete: number;
      review_id: number | null;
    }[])
      byDay.set(`${s.effective_date}|${s.review_id === null ? 0 : 1}`, {
        totalMgPer24h: s.total_mg_per_24h,
        complete: s.complete === 1,
        fromReview: s.review_id !== null,
      });
    const ome = omeSummaryFor(currentRows.map(doseFieldsOf), rules);
    return {
      patientId,
      current,
      stopped: all.filter((e) => e.current && e.status === 'stopped'),
      history: all.filter((e) => !e.current).reverse(),
      ome,
      omeSeries: [...byDay.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, v]) => ({ date: key.slice(0, 10), ...v })),
      plans: (plans.all(patientId) as Selectable<TaperPlansTable>[]).map(planSummaryFromRow),
      reviews: (reviews.all(patientId) as Parameters<typeof reviewViewFromRow>[0][]).map(reviewViewFromRow),
      cdcComparison: cdcComparisonFor(
        currentRows.flatMap((r) => {
          const entry = current.find((e) => e.id === r.id);
          return entry ? [{ entry, fields: doseFieldsOf(r) }] : [];
        }),
        ome.totalMgPer24h,
      ),
    };
  };
}
