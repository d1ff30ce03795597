import type Database from 'better-sqlite3';
import type { Selectable } from 'kysely';
import { londonToday } from '../shared/dates';
import { addCalendarDays } from '../shared/clinical/calendar';
import { OME_THRESHOLDS } from '../shared/clinical/medicines/flags';
import type { PatientMedicines, ServiceView, TaperConcern, Worklist } from '../shared/domain/medicines';
import { SHIPPED_MEDICINE_RULES } from '../shared/domain/rule-sets';
import { doseFieldsOf, entryFromRow, planSummaryFromRow, type EntryRow } from '../db/mappers/medicines';
import type { TaperPlansTable } from '../db/schema-medicines';
import { cdcComparisonFor } from '../db/services/medicines-compare';
import { omeLineFor, omeSummaryFor } from '../db/services/medicines-ome';
import { reviewViewFromRow } from '../db/services/medicines-reviews';
import { checksViewFrom } from '../db/services/medicine-checks';
import {
  concernFromRow,
  FLAG_COLUMNS,
  serviceViewFrom,
  worklistFrom,
  type ReviewDueRow,
} from '../db/services/medicines-views';
import type { BenchContext, BenchRow } from './context';

/** Benchmarks of the medicines operations (issue targets), each beside a hand-written SQL baseline. */
export async function medicinesBench(ctx: BenchContext): Promise<BenchRow[]> {
  const db = ctx.sqlite;
  const rows: BenchRow[] = [];

  // The nurse with the most active plans due by the end of the worklist's window (a non-empty list).
  const worklist = worklistBaseline(db);
  const until = addCalendarDays(londonToday(), 14);
  const nurseId = db
    .prepare(
      `SELECT nurse_id FROM taper_plans WHERE status = 'active' AND nurse_id IS NOT NULL AND next_review_date <= ?
       GROUP BY nurse_id ORDER BY count(*) DESC, nurse_id LIMIT 1`,
    )
    .pluck()
    .get(until) as number | undefined;
  if (nurseId === undefined)
    throw new Error('Nurse worklist: no nurse has an active plan due in the bench data.');
  const due = worklist(nurseId);
  if (due.overdue.length + due.dueToday.length + due.upcoming.length === 0)
    throw new Error('Nurse worklist: the bench nurse has an empty worklist.');
  rows.push(
    await ctx.compare(
      'Nurse worklist: reviews overdue, due today and next 14 days (one nurse)',
      50,
      () => ctx.call('meds:worklist', { nurseId }),
      () => worklist(nurseId),
      { samples: 2 },
    ),
  );

  const service = serviceViewBaseline(db);
  const view = service();
  if (view.patientsWithMedicines === 0 || view.highest.length === 0 || view.medianOmeReduction.plans === 0)
    throw new Error('Medicines service view: the bench data has no medicines or no taper plans.');
  rows.push(
    await ctx.compare(
      'Medicines service view: thresholds, combination flags, plans by status, median reduction',
      250,
      () => ctx.call('meds:serviceView', {}),
      () => service(),
      { samples: 2 },
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

  const concerns = taperConcernsBaseline(db);
  if (concerns(2).length === 0)
    throw new Error('Taper concerns: no plan held or stepped back twice in the bench data.');
  rows.push(
    await ctx.compare(
      'Taper concerns for the MDT (held or stepped back twice or more)',
      50,
      () => ctx.call('meds:taperConcerns', { minCount: 2 }),
      () => concerns(2),
      { samples: 2 },
    ),
  );
  return rows;
}

/**
 * `meds:worklist` { nurseId } by hand: the same rows with a plain prepared statement (index taper_plans_nurse),
 * split by the service's own worklistFrom; today from the same London calendar, the default 14 days ahead.
 */
function worklistBaseline(db: Database.Database) {
  const due = db.prepare(
    `SELECT p.id AS plan_id, p.patient_id, pt.surname, pt.forename, pt.nhs_number, p.medicine_name, p.current_dose,
       p.unit, p.next_review_date, p.nurse_id, u.display_name AS nurse_name, p.holds, p.step_backs, p.version, p.needs_review_reason
     FROM taper_plans p JOIN patients pt ON pt.id = p.patient_id LEFT JOIN users u ON u.id = p.nurse_id
     WHERE p.status = 'active' AND p.next_review_date <= ? AND p.nurse_id = ?
     ORDER BY p.next_review_date, p.id LIMIT 500`,
  );
  return (nurseId: number): Worklist => {
    const today = londonToday();
    return worklistFrom(today, due.all(addCalendarDays(today, 14), nurseId) as ReviewDueRow[]);
  };
}

/**
 * `meds:serviceView` by hand: the stored per-patient totals and flags (patient_ome, indexed) and the plans,
 * counted with plain prepared statements, put together by the service's own serviceViewFrom.
 */
function serviceViewBaseline(db: Database.Database) {
  const atOrAbove = db.prepare('SELECT count(*) FROM patient_ome WHERE total_mg_per_24h >= ?').pluck();
  const flags = Object.values(FLAG_COLUMNS).map((column) =>
    db.prepare(`SELECT count(*) FROM patient_ome WHERE ${column} = 1`).pluck(),
  );
  const byStatus = db.prepare('SELECT status, count(*) AS n FROM taper_plans GROUP BY status');
  const reductions = db.prepare(
    `SELECT start_ome, current_ome FROM taper_plans
     WHERE status IN ('active', 'completed', 'paused') AND start_ome IS NOT NULL`,
  );
  const highest = db.prepare(
    `SELECT o.patient_id, surname, forename, total_mg_per_24h, complete FROM patient_ome o
     JOIN patients p ON p.id = o.patient_id ORDER BY total_mg_per_24h DESC LIMIT 20`,
  );
  const all = db.prepare('SELECT count(*) FROM patient_ome').pluck();
  type Parts = Parameters<typeof serviceViewFrom>[0];
  return (): ServiceView =>
    serviceViewFrom({
      thresholdCounts: OME_THRESHOLDS.thresholds.map((t) => atOrAbove.get(t.mgPer24h) as number),
      flagCounts: flags.map((f) => f.get() as number),
      statuses: byStatus.all() as Parts['statuses'],
      reductions: reductions.all() as Parts['reductions'],
      highest: highest.all() as Parts['highest'],
      patientsWithMedicines: all.get() as number,
    });
}

/**
 * `meds:taperConcerns` { minCount } by hand: plans held or stepped back at least `minCount` times, most first
 * (the partial expression index taper_plans_concerns), the first 100, mapped by the service's concernFromRow.
 */
function taperConcernsBaseline(db: Database.Database) {
  const concerns = db.prepare(
    `SELECT p.id, p.patient_id, surname, forename, medicine_name, holds, step_backs, status
     FROM taper_plans p JOIN patients pt ON pt.id = p.patient_id
     WHERE holds + step_backs >= ? AND holds + step_backs > 0 ORDER BY holds + step_backs DESC LIMIT 100`,
  );
  return (minCount: number): TaperConcern[] =>
    (concerns.all(minCount) as Parameters<typeof concernFromRow>[0][]).map(concernFromRow);
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
  const patientFacts = db.prepare('SELECT date_of_birth, sex FROM patients WHERE id = ?');
  const fact = db.prepare(
    'SELECT * FROM medicine_patient_facts WHERE patient_id = ? AND kind = ? ORDER BY id DESC LIMIT 1',
  );
  const acks = db.prepare(
    `SELECT a.check_key, a.reason, a.acknowledged_at, a.rule_set_version, u.display_name AS by_name
     FROM medicine_check_acks a LEFT JOIN users u ON u.id = a.acknowledged_by WHERE a.patient_id = ? ORDER BY a.id`,
  );
  const rules = SHIPPED_MEDICINE_RULES;
  return (patientId: number): PatientMedicines => {
    if (!patient.get(patientId)) throw new Error('no such patient');
    const who = patientFacts.get(patientId) as { date_of_birth: string; sex: string };
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
      checks: checksViewFrom({
        patient: { dateOfBirth: who.date_of_birth, sex: who.sex as 'female' },
        rows: currentRows,
        omeTotalMgPer24h: ome.totalMgPer24h,
        today: londonToday(),
        renal: fact.get(patientId, 'renal') as Parameters<typeof checksViewFrom>[0]['renal'],
        pregnancy: fact.get(patientId, 'pregnancy') as Parameters<typeof checksViewFrom>[0]['pregnancy'],
        acks: acks.all(patientId) as Parameters<typeof checksViewFrom>[0]['acks'],
      }),
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
