/** MDT meetings: the next meeting, lists of meetings, a meeting with its listings, attendance and quorum. */
import type { Kysely, Selectable } from 'kysely';
import {
  evaluateQuorum,
  forecastFinish,
  lateAdditionState,
  listCutOff,
  nextMeetingDate,
  planMeetingTime,
  type Attendance,
  type QuorumResult,
  type QuorumRuleSet,
  type Urgency,
} from '../../shared/clinical/mdt/index';
import { addCalendarDays } from '../../shared/clinical/mdt/time';
import { londonToday } from '../../shared/dates';
import {
  type AttendanceView,
  type ListingView,
  type MeetingDetail,
  type MeetingSummary,
  type ReferralReason,
} from '../../shared/domain/mdt';
import { displayName } from '../../shared/domain/patient';
import { AppError } from '../../shared/result';
import { parseJson, toAttendance, toMeetingSummary, toMeetingType } from '../mappers/mdt';
import {
  attendanceIntervalRows,
  attendanceRows,
  listingRowById,
  listingRows,
  meetingRowById,
  meetingRows,
  meetingSummaryRow,
  meetingTypeRow,
  referralRowsForListings,
} from '../queries/mdt';
import type { DB } from '../schema';
import type { MdtListingsTable, MdtMeetingsTable, MdtMeetingTypesTable } from '../schema-mdt';
import { writeAudit } from './audit';
import type { HandlerContext, Trx } from './context';
import { rule, nowInstant } from './mdt-common';

// ---------------- meetings ----------------

/** The meeting of `type` that follows `after` in its recurrence, created if it does not exist yet. */
export async function ensureNextMeeting(
  trx: Trx | Kysely<DB>,
  typeId: number,
  after: string,
  at: string,
  /** The meeting being finished: never its own next meeting (a series moved later on the same day). */
  notMeetingId?: number,
): Promise<Selectable<MdtMeetingsTable>> {
  const type = await meetingTypeRow(trx, typeId);
  if (!type) throw new AppError('NOT_FOUND', 'That meeting type does not exist.');
  const view = toMeetingType(type);
  let afterInstant = `${after.slice(0, 19)}Z`;
  for (;;) {
    const occ = rule(() => nextMeetingDate(view.recurrence, afterInstant));
    if (!occ)
      throw new AppError('VALIDATION', 'This meeting series has ended.', {
        meetingTypeId: 'This meeting series has ended.',
      });
    const existing = await trx
      .selectFrom('mdt_meetings')
      .selectAll()
      .where('meeting_type_id', '=', typeId)
      .where('meeting_date', '=', occ.date)
      .executeTakeFirst();
    // One meeting of a type a day: an occurrence on the finished meeting's own day is that meeting, so the
    // next one is the occurrence after it.
    if (existing && existing.id === notMeetingId) {
      afterInstant = `${occ.startAt.slice(0, 19)}Z`;
      continue;
    }
    if (existing) return existing;
    return insertMeeting(trx, typeId, view, occ, at);
  }
}

async function insertMeeting(
  trx: Trx | Kysely<DB>,
  typeId: number,
  view: ReturnType<typeof toMeetingType>,
  occ: NonNullable<ReturnType<typeof nextMeetingDate>>,
  at: string,
): Promise<Selectable<MdtMeetingsTable>> {
  const cut = rule(() => listCutOff(occ.startLocal, view.cutOffHours));
  return trx
    .insertInto('mdt_meetings')
    .values({
      meeting_type_id: typeId,
      meeting_date: occ.date,
      start_local: occ.startLocal,
      start_at: occ.startAt,
      duration_minutes: view.durationMinutes,
      cut_off_at: cut.cutOffAt,
      status: 'planned',
      chair_id: view.chairId,
      created_at: at,
      updated_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function meetingSummary(db: Kysely<DB>, meetingId: number): Promise<MeetingSummary> {
  const row = await meetingSummaryRow(db, meetingId);
  if (!row) throw new AppError('NOT_FOUND', 'That meeting does not exist.');
  return toMeetingSummary(row);
}

export async function listMeetings(ctx: HandlerContext, from: string | null, limit: number) {
  const since = from ?? addCalendarDays(londonToday(ctx.now()), -28);
  const rows = await meetingRows(ctx.conn.db)
    .where('m.meeting_date', '>=', since)
    .orderBy('m.start_at')
    .limit(limit)
    .execute();
  return rows.map(toMeetingSummary);
}

export async function createNextMeeting(ctx: HandlerContext, meetingTypeId: number) {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const at = nowInstant(ctx);
    const before = await trx
      .selectFrom('mdt_meetings')
      .select('id')
      .where('meeting_type_id', '=', meetingTypeId)
      .execute();
    const m = await ensureNextMeeting(trx, meetingTypeId, at, at);
    if (!before.some((b) => b.id === m.id)) {
      await writeAudit(trx, ctx, {
        action: 'mdt.meeting.create',
        entity: 'mdt_meeting',
        entityId: m.id,
        after: m,
      });
    }
    return meetingSummary(trx, m.id);
  });
}

type ListingRow = Awaited<ReturnType<typeof listingRows>>[number];

export async function listingViews(
  db: Kysely<DB>,
  meeting: Selectable<MdtMeetingsTable>,
): Promise<ListingView[]> {
  const rows = await listingRows(db, meeting.id);
  const refs = await referralRowsForListings(
    db,
    rows.map((r) => r.id),
  );
  return toListingViews(meeting, rows, refs);
}

type ReferralRow = Awaited<ReturnType<typeof referralRowsForListings>>[number];

/**
 * A meeting's list from its listing and referral rows, with each case's planned start (the time plan). One
 * implementation for the service and the benchmark's hand-written baseline.
 */
export function toListingViews(
  meeting: Pick<Selectable<MdtMeetingsTable>, 'start_local' | 'duration_minutes'>,
  rows: readonly ListingRow[],
  refs: readonly ReferralRow[],
): ListingView[] {
  const active = rows.filter((r) => r.status !== 'withdrawn' && r.status !== 'deferred');
  const plan = rule(() =>
    planMeetingTime({
      meetingStart: meeting.start_local,
      durationMinutes: meeting.duration_minutes,
      cases: active.map((r) => ({ id: String(r.id), minutes: r.planned_minutes })),
    }),
  );
  return rows.map((r: ListingRow) => {
    const mine = refs.filter((x) => x.listing_id === r.id);
    const requesters: { id: number; name: string }[] = [];
    for (const x of mine)
      if (!requesters.some((q) => q.id === x.requested_by))
        requesters.push({ id: x.requested_by, name: x.requester_name });
    const suggestion = parseJson<{ code: string; text: string }[] | null>(r.suggestion_json, null) ?? [];
    const questions = [...new Set(mine.map((x) => x.question.trim()))];
    const planned = plan.cases.find((c) => c.id === String(r.id));
    return {
      id: r.id,
      patientId: r.patient_id,
      patientName: displayName({ surname: r.surname, forename: r.forename }),
      nhsNumber: r.nhs_number,
      position: r.position,
      source: r.source as ListingView['source'],
      category: r.category as ListingView['category'],
      status: r.status as ListingView['status'],
      plannedMinutes: r.planned_minutes,
      presenterId: r.presenter_id,
      presenterName: r.presenter_name,
      requesters,
      questions: r.question?.trim()
        ? [r.question.trim()]
        : questions.length > 0
          ? questions
          : suggestion.map((s) => `Suggested: ${s.text}`),
      ownQuestion: r.question?.trim() ? r.question.trim() : null,
      questionVersion: r.question_version,
      meetingId: r.meeting_id,
      reasons: [...new Set(mine.map((x) => x.reason as ReferralReason))],
      caseCategories: parseJson<string[]>(r.case_categories_json, []),
      urgency: r.urgency as Urgency,
      patientAware: mine.length > 0 && mine.every((x) => x.patient_aware === 1),
      whatMatters: mine
        .map((x) => x.what_matters.trim())
        .filter((t) => t !== '')
        .join(' / '),
      lateState: lateAdditionState({
        isLateAddition: r.is_late_addition === 1,
        lateApprovedBy: r.late_approved_by === null ? null : String(r.late_approved_by),
      }),
      lateApprovedByName: r.approver_name,
      deferralCount: r.deferral_count,
      deferReason: r.defer_reason,
      escalate: r.escalate === 1,
      suggestionReasons: suggestion,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      outcomeStatus: (r.outcome_status ?? 'none') as ListingView['outcomeStatus'],
      plannedStartLocal: planned?.plannedStartLocal ?? null,
      runningTotalMinutes: planned?.runningTotalMinutes ?? null,
      fitsInMeeting: planned?.fitsInMeeting ?? null,
    };
  });
}

export async function meetingRow(db: Kysely<DB>, id: number) {
  const m = await meetingRowById(db, id);
  if (!m) throw new AppError('NOT_FOUND', 'That meeting does not exist.');
  return m;
}

export async function listingRow(db: Kysely<DB>, id: number) {
  const l = await listingRowById(db, id);
  if (!l) throw new AppError('NOT_FOUND', 'That listing does not exist.');
  return l;
}

/** A meeting's attendance, each attendee with every join/leave interval. */
export async function meetingAttendance(db: Kysely<DB>, meetingId: number): Promise<AttendanceView[]> {
  const [rows, intervals] = await Promise.all([
    attendanceRows(db, meetingId),
    attendanceIntervalRows(db, meetingId),
  ]);
  return rows.map((r) => toAttendance(r, intervals));
}

const instantZ = (t: string | null) => (t === null ? null : `${t.slice(0, 19)}Z`);

/** One clinical attendance record per interval (someone who rejoined has several). */
export function toClinicalAttendance(rows: AttendanceView[]): Attendance[] {
  return rows.flatMap((a) => {
    const base = {
      personId: String(a.userId),
      name: a.name,
      discipline: a.discipline,
      status: a.status,
      deputyForPersonId: a.deputyForUserId === null ? null : String(a.deputyForUserId),
      deputyForDiscipline: a.deputyForDiscipline,
    };
    const windows = a.intervals.length > 0 ? a.intervals : [{ joinedAt: a.joinedAt, leftAt: a.leftAt }];
    return windows.map((w) => ({ ...base, joinedAt: instantZ(w.joinedAt), leftAt: instantZ(w.leftAt) }));
  });
}

export async function quorumFor(
  db: Kysely<DB>,
  meeting: Selectable<MdtMeetingsTable>,
  listing: Pick<Selectable<MdtListingsTable>, 'case_categories_json'>,
  at: string,
): Promise<QuorumResult> {
  const type = (await meetingTypeRow(db, meeting.meeting_type_id))!;
  const rules = parseJson<QuorumRuleSet>(type.quorum_rules_json, {
    id: '',
    name: '',
    version: '',
    source: '',
    example: true,
    rules: [],
  });
  const attendance = await meetingAttendance(db, meeting.id);
  return rule(() =>
    evaluateQuorum(
      rules,
      type.code,
      parseJson<string[]>(listing.case_categories_json, []),
      toClinicalAttendance(attendance),
      `${at.slice(0, 19)}Z`,
    ),
  );
}

export async function meetingDetail(
  ctx: HandlerContext,
  meetingId: number,
  db: Kysely<DB> = ctx.conn.db,
): Promise<MeetingDetail> {
  // Compiled reads (db/compiled.ts). The meeting's summary row is the meeting row too (with its type name,
  // chair and case count); the next four need only the meeting, the referrals the listings' ids.
  const meeting = await meetingSummaryRow(db, meetingId);
  if (!meeting) throw new AppError('NOT_FOUND', 'That meeting does not exist.');
  const [typeRow, rows, attendanceRowsOfMeeting, intervals] = await Promise.all([
    meetingTypeRow(db, meeting.meeting_type_id),
    listingRows(db, meetingId),
    attendanceRows(db, meetingId),
    attendanceIntervalRows(db, meetingId),
  ]);
  const refs = await referralRowsForListings(
    db,
    rows.map((r) => r.id),
  );
  return meetingDetailFrom({
    meeting,
    typeRow: typeRow!,
    listings: toListingViews(meeting, rows, refs),
    attendance: attendanceRowsOfMeeting.map((r) => toAttendance(r, intervals)),
    summary: toMeetingSummary(meeting),
    now: nowInstant(ctx),
  });
}

/**
 * A meeting's detail from its rows: the time plan, the live quorum of each active case (at its start, else
 * `now`) and, while the meeting runs, the forecast finish. One implementation for the service and the
 * benchmark's hand-written baseline.
 */
export function meetingDetailFrom(input: {
  meeting: Selectable<MdtMeetingsTable>;
  typeRow: Selectable<MdtMeetingTypesTable>;
  listings: ListingView[];
  attendance: AttendanceView[];
  summary: MeetingSummary;
  /** The current UTC instant (ISO). */
  now: string;
}): MeetingDetail {
  const { meeting, typeRow, listings, attendance } = input;
  const type = toMeetingType(typeRow);
  const active = listings.filter((l) => l.status !== 'withdrawn' && l.status !== 'deferred');
  const plan = rule(() =>
    planMeetingTime({
      meetingStart: meeting.start_local,
      durationMinutes: meeting.duration_minutes,
      cases: active.map((l) => ({ id: String(l.id), minutes: l.plannedMinutes })),
    }),
  );
  const rules = parseJson<QuorumRuleSet>(typeRow.quorum_rules_json, {
    id: '',
    name: '',
    version: '',
    source: '',
    example: true,
    rules: [],
  });
  const now = `${input.now.slice(0, 19)}Z`;
  const quorum: Record<number, QuorumResult> = {};
  const clinicalAttendance = toClinicalAttendance(attendance);
  for (const l of active) {
    const at = l.startedAt ? `${l.startedAt.slice(0, 19)}Z` : now;
    quorum[l.id] = rule(() => evaluateQuorum(rules, type.code, l.caseCategories, clinicalAttendance, at));
  }
  let forecast = null;
  if (meeting.status === 'in-progress') {
    const current = active.find(
      (l) => l.id === meeting.current_listing_id && l.status !== 'discussed' && l.startedAt,
    );
    const idx = current ? active.indexOf(current) : -1;
    const remaining = active.filter(
      (l, i) => i > idx && (l.status === 'proposed' || l.status === 'accepted') && l.id !== current?.id,
    );
    forecast = rule(() =>
      forecastFinish({
        now,
        currentCase: current?.startedAt
          ? { startedAt: `${current.startedAt.slice(0, 19)}Z`, plannedMinutes: current.plannedMinutes }
          : null,
        remainingMinutes: remaining.map((l) => l.plannedMinutes),
        meetingEndAt: plan.meetingEndAt,
      }),
    );
  }
  return {
    meeting: input.summary,
    type,
    listings,
    plan,
    attendance,
    quorum,
    forecast,
    currentListingId: meeting.current_listing_id,
  };
}

export async function listingView(db: Kysely<DB>, listingId: number): Promise<ListingView> {
  const l = await listingRow(db, listingId);
  const m = await meetingRow(db, l.meeting_id);
  return (await listingViews(db, m)).find((x) => x.id === listingId)!;
}

export async function nextPosition(trx: Trx, meetingId: number): Promise<number> {
  const r = await trx
    .selectFrom('mdt_listings')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst();
  return Number(r?.p ?? 0) + 1;
}

export async function setListedMeeting(trx: Trx, patientId: number, meetingId: number | null) {
  await trx
    .insertInto('mdt_patient_state')
    .values({
      patient_id: patientId,
      listed_meeting_id: meetingId,
      last_discussed_on: null,
      last_outcome_id: null,
      earliest_open_action_due: null,
    })
    .onConflict((oc) => oc.column('patient_id').doUpdateSet({ listed_meeting_id: meetingId }))
    .execute();
}
