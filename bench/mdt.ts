import { londonToday } from '../shared/dates';
import type { BenchContext, BenchRow } from './context';
import { time } from './measure';

/** Benchmarks of the mdt operations (issue targets), each beside a hand-written SQL baseline. */
export async function mdtBench(ctx: BenchContext): Promise<BenchRow[]> {
  const db = ctx.sqlite;
  const it = { iterations: ctx.iterations };
  const rows: BenchRow[] = [];
  const meetingId = db
    .prepare("SELECT id FROM mdt_meetings WHERE status = 'planned' ORDER BY start_at LIMIT 1")
    .pluck()
    .get() as number | undefined;
  if (meetingId === undefined) return rows;
  const today = londonToday();

  const overdueSql =
    db.prepare(`SELECT s.patient_id, s.last_discussed_on, a.description, u.display_name, a.due_date, a.status
     FROM (SELECT patient_id, last_discussed_on, last_outcome_id FROM mdt_patient_state
           WHERE earliest_open_action_due IS NOT NULL AND earliest_open_action_due < ?
           ORDER BY earliest_open_action_due LIMIT 200) s
     JOIN mdt_outcomes o ON o.id = s.last_outcome_id
     JOIN mdt_actions a ON a.listing_id = o.listing_id
     JOIN users u ON u.id = a.owner_id`);
  const hasOme =
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'patient_ome'").get() !==
    undefined;
  const omeSql = hasOme
    ? db.prepare(`SELECT o.patient_id, o.total_mg_per_24h FROM patient_ome o LEFT JOIN mdt_patient_state s ON s.patient_id = o.patient_id
       WHERE o.total_mg_per_24h >= 90 AND (s.last_discussed_on IS NULL OR s.last_discussed_on < ?) ORDER BY o.total_mg_per_24h DESC LIMIT 200`)
    : null;
  const sixMonthsAgo = new Date(Date.parse(`${today}T12:00:00Z`) - 182 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  rows.push(
    ctx.row(
      'MDT: suggested list for the next meeting (with reasons)',
      100,
      await time(() => ctx.call('mdt:meeting:suggestions', { meetingId, limit: 50 }), it),
      await time(() => {
        overdueSql.all(today);
        omeSql?.all(sixMonthsAgo);
      }, it),
    ),
  );

  const listingIds = db
    .prepare('SELECT id FROM mdt_listings WHERE meeting_id = ?')
    .pluck()
    .all(meetingId) as number[];
  const summarySql = [
    db.prepare('SELECT l.*, p.* FROM mdt_listings l JOIN patients p ON p.id = l.patient_id WHERE l.id = ?'),
    db.prepare('SELECT question, what_matters, patient_aware FROM mdt_referrals WHERE listing_id = ?'),
    db.prepare(
      'SELECT agent, reaction FROM allergies WHERE patient_id = (SELECT patient_id FROM mdt_listings WHERE id = ?)',
    ),
    db.prepare(`SELECT a.description, u.display_name, a.due_date FROM mdt_actions a JOIN users u ON u.id = a.owner_id
      WHERE a.patient_id = (SELECT patient_id FROM mdt_listings WHERE id = ?) AND a.status IN ('open','in-progress') ORDER BY a.due_date LIMIT 20`),
    db.prepare(`SELECT meeting_date, kind, summary FROM mdt_outcomes WHERE patient_id = (SELECT patient_id FROM mdt_listings WHERE id = ?)
      AND status = 'confirmed' ORDER BY meeting_date DESC LIMIT 3`),
  ];
  rows.push(
    ctx.row(
      'MDT: one case summary (question, what matters, allergies, open actions, readiness)',
      20,
      await time((i) => ctx.call('mdt:case:summary', { listingId: listingIds[i % listingIds.length]! }), it),
      await time((i) => {
        const id = listingIds[i % listingIds.length]!;
        for (const s of summarySql) s.all(id);
      }, it),
    ),
  );

  rows.push(
    ctx.row(
      'MDT: meeting list with time plan and live quorum',
      50,
      await time(() => ctx.call('mdt:meeting:get', { meetingId }), it),
      null,
    ),
  );
  return rows;
}
