import type Database from 'better-sqlite3';
import { addCalendarMonths } from '../shared/clinical/mdt/time';
import { londonToday } from '../shared/dates';
import { dashboardFrom } from '../db/services/mdt-outcomes';
import type { BenchContext, BenchRow } from './context';
import { mdtBaselines } from './mdt-baselines';
import { timePair } from './measure';

/** Benchmarks of the mdt operations (issue targets), each beside a hand-written SQL baseline. */
export async function mdtBench(ctx: BenchContext): Promise<BenchRow[]> {
  const db = ctx.sqlite;
  const rows: BenchRow[] = [];
  const meetingId = db
    .prepare("SELECT id FROM mdt_meetings WHERE status = 'planned' ORDER BY start_at LIMIT 1")
    .pluck()
    .get() as number | undefined;
  if (meetingId === undefined) return rows;
  const today = londonToday();

  const baselines = mdtBaselines(db);
  rows.push(
    await ctx.compare(
      'MDT: suggested list for the next meeting (with reasons)',
      100,
      () => ctx.call('mdt:meeting:suggestions', { meetingId, limit: 50 }),
      () => baselines.suggestions(meetingId, 50),
      { samples: 2 },
    ),
  );

  const listingIds = db
    .prepare('SELECT id FROM mdt_listings WHERE meeting_id = ?')
    .pluck()
    .all(meetingId) as number[];
  rows.push(
    await ctx.compare(
      'MDT: one case summary (question, what matters, allergies, open actions, readiness)',
      20,
      (i) => ctx.call('mdt:case:summary', { listingId: listingIds[i % listingIds.length]! }),
      (i) => baselines.caseSummary(listingIds[i % listingIds.length]!),
    ),
  );

  // Dashboard (issue 3 / issue 8: "dashboard"): the 12 months up to the latest closed meeting (a full year of
  // weekly meetings whatever the demo's end date).
  const dashTo =
    (db.prepare("SELECT max(meeting_date) FROM mdt_meetings WHERE status = 'closed'").pluck().get() as
      string | null) ?? today;
  const dashFrom = addCalendarMonths(dashTo, -12);
  rows.push(
    await ctx.compare(
      'MDT: dashboard for 12 months (counts, medians, attendance per core member, by month)',
      250,
      () => ctx.call('mdt:dashboard', { from: dashFrom, to: dashTo }),
      () => dashboardBaseline(db, dashFrom, dashTo),
      { samples: 2 },
    ),
  );

  // The live quorum is evaluated at the current second (the dispatcher's clock for ours, the baseline's own),
  // so each sample of the check starts early in a second and both answers fall in the same one. The check
  // also covers the latest closed meeting (attendance, join/leave intervals, cases started), as well as the
  // next meeting, which is the one timed.
  const operation = 'MDT: meeting list with time plan and live quorum';
  const detail = baselines.meetingDetail(meetingId);
  if (detail.listings.length === 0 || Object.keys(detail.quorum).length === 0)
    throw new Error(`${operation}: the next meeting has no cases in the bench data.`);
  const closedId = db
    .prepare("SELECT id FROM mdt_meetings WHERE status = 'closed' ORDER BY start_at DESC LIMIT 1")
    .pluck()
    .get() as number | undefined;
  const checked = closedId === undefined ? [meetingId] : [meetingId, closedId];
  const check = await ctx.same(
    operation,
    async (i) => {
      await earlyInASecond();
      return ctx.call('mdt:meeting:get', { meetingId: checked[i % checked.length]! });
    },
    (i) => baselines.meetingDetail(checked[i % checked.length]!),
    4,
  );
  const t = await timePair(
    () => ctx.call('mdt:meeting:get', { meetingId }),
    () => baselines.meetingDetail(meetingId),
    { iterations: ctx.iterations },
  );
  rows.push(ctx.row(operation, 50, t.ours, t.baseline, check));
  return rows;
}

/** Waits for the next UTC second when less than a quarter of the current one is left. */
async function earlyInASecond(): Promise<void> {
  const left = 1000 - (Date.now() % 1000);
  if (left < 250) await new Promise((resolve) => setTimeout(resolve, left + 1));
}

/** The MDT dashboard by hand: the same rows with plain prepared statements, the same dashboardFrom. */
function dashboardBaseline(db: Database.Database, from: string, to: string) {
  const meetings = db
    .prepare(
      `SELECT id, meeting_date, meeting_type_id FROM mdt_meetings
       WHERE meeting_date >= ? AND meeting_date <= ? AND status = 'closed'`,
    )
    .all(from, to) as { id: number; meeting_date: string }[];
  const ids = meetings.map((m) => m.id);
  const marks = ids.map(() => '?').join(',');
  const listings = ids.length
    ? (db
        .prepare(
          `SELECT l.id, l.category, l.status, l.added_at, l.defer_reason, m.meeting_date,
             (SELECT min(r.requested_at) FROM mdt_referrals r WHERE r.listing_id = l.id) AS referred_at,
             (SELECT min(lt.sent_at) FROM mdt_letters lt JOIN mdt_outcomes o ON o.id = lt.outcome_id
               WHERE o.listing_id = l.id AND lt.status = 'sent') AS sent_at
           FROM mdt_listings l JOIN mdt_meetings m ON m.id = l.meeting_id WHERE l.meeting_id IN (${marks})`,
        )
        .all(...ids) as {
        id: number;
        category: string;
        status: string;
        added_at: string;
        defer_reason: string | null;
        meeting_date: string;
        referred_at: string | null;
        sent_at: string | null;
      }[])
    : [];
  const attendance = ids.length
    ? (db
        .prepare(
          `SELECT meeting_id, user_id, status, deputy_for_user_id FROM mdt_attendance WHERE meeting_id IN (${marks})`,
        )
        .all(...ids) as {
        meeting_id: number;
        user_id: number;
        status: string;
        deputy_for_user_id: number | null;
      }[])
    : [];
  const coreIds = [
    ...new Set(
      (db.prepare('SELECT core_member_ids_json FROM mdt_meeting_types').pluck().all() as string[]).flatMap(
        (j) => JSON.parse(j) as number[],
      ),
    ),
  ];
  const core = coreIds.length
    ? (db
        .prepare(`SELECT id, display_name FROM users WHERE id IN (${coreIds.map(() => '?').join(',')})`)
        .all(...coreIds) as { id: number; display_name: string }[])
    : [];
  return dashboardFrom({ from, to, meetings, listings, attendance, core });
}
