import type { Kysely, Selectable } from 'kysely';
import {
  approveLateAddition,
  CASE_READINESS_RULES,
  evaluateQuorum,
  forecastFinish,
  isLateAddition,
  lateAdditionState,
  listCutOff,
  mergeReferrals,
  nextMeetingDate,
  parseQuorumRuleSet,
  planMeetingTime,
  rankSuggestions,
  staleOutcomeMeasures,
  suggestCases,
  type Attendance,
  type PatientSignals,
  type QuorumResult,
  type QuorumRuleSet,
  type Recurrence,
  type Urgency,
} from '../../shared/clinical/mdt/index';
import { addCalendarDays, addCalendarMonths } from '../../shared/clinical/mdt/time';
import { formatDateGb, londonToday } from '../../shared/dates';
import {
  caseCategoryFor,
  REFERRAL_REASON_LABELS,
  type AttendanceView,
  type CaseSummary,
  type ListingView,
  type MdtPerson,
  type MeetingDetail,
  type MeetingSummary,
  type MeetingTypeInput,
  type MeetingTypeView,
  type ReferralReason,
  type SuggestionView,
} from '../../shared/domain/mdt';
import { displayName } from '../../shared/domain/patient';
import { can } from '../../shared/domain/roles';
import { AppError } from '../../shared/result';
import { disciplineOf, parseJson, toAttendance, toMeetingSummary, toMeetingType } from '../mappers/mdt';
import {
  attendanceIntervalRows,
  attendanceRows,
  heldTaperPatients,
  highOmePatients,
  interventionOutcomePatients,
  listingRowById,
  listingRowsById,
  listedPatients,
  listingRows,
  meetingRowById,
  meetingRows,
  meetingSummaryRow,
  meetingTypeRow,
  openActionRowsForPatient,
  overdueActionPatients,
  patientNames,
  previousOutcomeRows,
  referralRowsForListing,
  referralRowsForListings,
} from '../queries/mdt';
import { confirmedOutcomeOf, noProgressReviews, openRiskAlertPatients } from '../queries/mdt-list';
import { getPatient } from '../queries/patients';
import type { DB } from '../schema';
import type { MdtListingsTable, MdtMeetingsTable, MdtMeetingTypesTable } from '../schema-mdt';
import { writeAudit } from './audit';
import { activeRuleSet } from './rule-sets';
import { clinical } from './clinical-errors';
import { interventionsSection, medicinesSection, rehabSection, rehabText } from './mdt-case-sections';
import type { HandlerContext, Trx } from './context';

/** A pure MDT rule whose input errors become a VALIDATION refusal on the form. */
export function rule<T>(fn: () => T): T {
  return clinical(fn, '', 'form');
}

export function userId(ctx: HandlerContext): number {
  if (!ctx.session) throw new AppError('FORBIDDEN', 'Please sign in.');
  return ctx.session.userId;
}

export function nowInstant(ctx: HandlerContext): string {
  return ctx.now().toISOString();
}

// ---------------- people and meeting types ----------------

export async function listPeople(ctx: HandlerContext): Promise<MdtPerson[]> {
  const rows = await ctx.conn.db
    .selectFrom('users')
    .select(['id', 'display_name', 'role'])
    .where('active', '=', 1)
    .where('role', '!=', 'admin')
    .orderBy('display_name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.display_name,
    role: r.role,
    discipline: disciplineOf(r.role),
  }));
}

export async function listMeetingTypes(ctx: HandlerContext): Promise<MeetingTypeView[]> {
  const rows = await ctx.conn.db.selectFrom('mdt_meeting_types').selectAll().orderBy('id').execute();
  return rows.map(toMeetingType);
}

export async function saveMeetingType(ctx: HandlerContext, input: MeetingTypeInput & { id: number | null }) {
  return ctx.conn.db.transaction().execute(async (trx) => {
    rule(() => nextMeetingDate(input.recurrence as Recurrence, '2000-01-01T00:00:00Z'));
    const at = nowInstant(ctx);
    const values = {
      code: input.code,
      name: input.name,
      purpose: input.purpose ?? '',
      recurrence_json: JSON.stringify(input.recurrence),
      duration_minutes: input.durationMinutes,
      cut_off_hours: input.cutOffHours,
      chair_id: input.chairId ?? null,
      core_member_ids_json: JSON.stringify(input.coreMemberIds ?? []),
      default_minutes_per_case: input.defaultMinutesPerCase ?? 10,
      updated_at: at,
    };
    let id = input.id;
    let before: unknown = undefined;
    const old = id === null ? null : await meetingTypeRow(trx, id);
    if (id !== null && !old) throw new AppError('NOT_FOUND', 'That meeting type does not exist.');
    const quorumJson = input.quorumRules
      ? await quorumRulesJson(
          ctx,
          trx,
          input.code,
          input.name,
          input.quorumRules,
          old?.quorum_rules_json ?? null,
        )
      : null;
    if (id === null) {
      const dup = await trx
        .selectFrom('mdt_meeting_types')
        .select('id')
        .where('code', '=', input.code)
        .executeTakeFirst();
      if (dup)
        throw new AppError('CONFLICT', 'A meeting type with this code exists.', {
          code: 'A meeting type with this code exists.',
        });
      const rules = await trx
        .selectFrom('mdt_meeting_types')
        .select('quorum_rules_json')
        .orderBy('id')
        .executeTakeFirst();
      const row = await trx
        .insertInto('mdt_meeting_types')
        .values({
          ...values,
          quorum_rules_json: quorumJson ?? rules?.quorum_rules_json ?? '{"rules":[]}',
          example: 0,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
    } else {
      before = toMeetingType(old!);
      await trx
        .updateTable('mdt_meeting_types')
        .set(quorumJson ? { ...values, quorum_rules_json: quorumJson } : values)
        .where('id', '=', id)
        .execute();
    }
    const after = toMeetingType((await meetingTypeRow(trx, id))!);
    await writeAudit(trx, ctx, {
      action: 'mdt.meeting-type.save',
      entity: 'mdt_meeting_type',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

/**
 * The quorum rule set of a meeting type written from the screen: versioned, labelled with who approved it.
 * Quorum rules are a clinical lead's decision (decisions.md, MDT 1): changing them needs mdt.chair
 * (a consultant); a coordinator can change the rest of a meeting type. Unchanged rules keep their version.
 */
async function quorumRulesJson(
  ctx: HandlerContext,
  trx: Trx,
  code: string,
  name: string,
  rules: NonNullable<MeetingTypeInput['quorumRules']>,
  previousJson: string | null,
): Promise<string | null> {
  const previous = previousJson ? parseJson<QuorumRuleSet | null>(previousJson, null) : null;
  const normalised = rules.map((r, i) => ({
    id: `rule-${i + 1}`,
    label: r.label,
    meetingTypeIds: null,
    caseCategories: r.caseCategories,
    requirements: r.requirements.map((q) => ({
      disciplines: [...q.disciplines],
      min: q.min,
      label: q.label,
    })),
    enforcement: r.enforcement,
  }));
  const comparable = (list: QuorumRuleSet['rules']) =>
    JSON.stringify(
      list.map((r) => ({
        label: r.label,
        caseCategories: r.caseCategories,
        requirements: r.requirements,
        enforcement: r.enforcement,
      })),
    );
  if (previous && comparable(previous.rules) === comparable(normalised)) return null;
  const role = ctx.session?.role;
  if (!role || !can(role, 'mdt.chair')) {
    throw new AppError(
      'FORBIDDEN',
      'Quorum rules are approved by a clinical lead (a consultant who chairs).',
      {
        quorumRules: 'Quorum rules are approved by a clinical lead (a consultant who chairs).',
      },
    );
  }
  const signer = await trx
    .selectFrom('users')
    .select('display_name')
    .where('id', '=', userId(ctx))
    .executeTakeFirstOrThrow();
  const prevVersion = previous && /^\d+$/.test(previous.version) ? Number(previous.version) : 0;
  const at = nowInstant(ctx);
  const set = rule(() =>
    parseQuorumRuleSet({
      id: `quorum-${code}`,
      name: `${name}: quorum rules`,
      version: String(prevVersion + 1),
      source: `Approved by ${signer.display_name} (clinical lead) on ${at.slice(0, 10)}.`,
      example: false,
      rules: normalised,
    }),
  );
  return JSON.stringify(set);
}

// ---------------- meetings ----------------

/** The meeting of `type` that follows `after` in its recurrence, created if it does not exist yet. */
export async function ensureNextMeeting(
  trx: Trx | Kysely<DB>,
  typeId: number,
  after: string,
  at: string,
): Promise<Selectable<MdtMeetingsTable>> {
  const type = await meetingTypeRow(trx, typeId);
  if (!type) throw new AppError('NOT_FOUND', 'That meeting type does not exist.');
  const view = toMeetingType(type);
  const afterInstant = `${after.slice(0, 19)}Z`;
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
  if (existing) return existing;
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

async function meetingRow(db: Kysely<DB>, id: number) {
  const m = await meetingRowById(db, id);
  if (!m) throw new AppError('NOT_FOUND', 'That meeting does not exist.');
  return m;
}

async function listingRow(db: Kysely<DB>, id: number) {
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

async function listingView(db: Kysely<DB>, listingId: number): Promise<ListingView> {
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

// ---------------- referrals and listings ----------------

export interface ReferralData {
  patientId: number;
  question: string;
  reason: ReferralReason;
  urgency: Urgency;
  presenterId: number | null;
  patientAware: boolean;
  whatMatters: string;
  meetingTypeId: number;
  meetingId: number | null;
}

export async function createReferral(ctx: HandlerContext, input: ReferralData): Promise<ListingView> {
  const { listingId } = await ctx.conn.db
    .transaction()
    .execute(async (trx) => createReferralInTrx(trx, ctx, input));
  return listingView(ctx.conn.db, listingId);
}

/** The referral itself, inside the caller's transaction (referral sifting creates one while triaging). */
export async function createReferralInTrx(
  trx: Trx,
  ctx: HandlerContext,
  input: ReferralData,
): Promise<{ listingId: number; referralId: number }> {
  const me = userId(ctx);
  const at = nowInstant(ctx);
  const patient = await trx
    .selectFrom('patients')
    .select(['id'])
    .where('id', '=', input.patientId)
    .executeTakeFirst();
  if (!patient) throw new AppError('NOT_FOUND', 'That patient record does not exist.');
  let meeting: Selectable<MdtMeetingsTable>;
  if (input.meetingId !== null) {
    meeting = await meetingRow(trx, input.meetingId);
    if (meeting.meeting_type_id !== input.meetingTypeId) {
      throw new AppError('VALIDATION', 'That meeting is not of the chosen type.', {
        meetingId: 'That meeting is not of the chosen type.',
      });
    }
  } else {
    meeting = await ensureNextMeeting(trx, input.meetingTypeId, at, at);
  }
  if (meeting.status === 'closed') {
    throw new AppError('VALIDATION', 'That meeting has finished; choose a later one.', {
      meetingId: 'That meeting has finished; choose a later one.',
    });
  }
  const type = toMeetingType((await meetingTypeRow(trx, meeting.meeting_type_id))!);
  let listing = await trx
    .selectFrom('mdt_listings')
    .selectAll()
    .where('meeting_id', '=', meeting.id)
    .where('patient_id', '=', input.patientId)
    .executeTakeFirst();
  if (listing && (listing.status === 'withdrawn' || listing.status === 'deferred')) {
    await trx
      .updateTable('mdt_listings')
      .set({ status: 'proposed', updated_at: at })
      .where('id', '=', listing.id)
      .execute();
  }
  if (!listing) {
    const late = rule(() => isLateAddition(meeting.start_local, type.cutOffHours, `${at.slice(0, 19)}Z`));
    listing = await trx
      .insertInto('mdt_listings')
      .values({
        meeting_id: meeting.id,
        patient_id: input.patientId,
        position: await nextPosition(trx, meeting.id),
        source: 'referral',
        category: 'full-discussion',
        status: 'proposed',
        planned_minutes: type.defaultMinutesPerCase,
        presenter_id: input.presenterId,
        case_categories_json: '[]',
        urgency: input.urgency,
        is_late_addition: late ? 1 : 0,
        deferral_count: 0,
        escalate: 0,
        added_at: at,
        updated_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  const ref = await trx
    .insertInto('mdt_referrals')
    .values({
      patient_id: input.patientId,
      meeting_type_id: input.meetingTypeId,
      meeting_id: meeting.id,
      listing_id: listing.id,
      requested_by: me,
      requested_at: at,
      question: input.question,
      reason: input.reason,
      urgency: input.urgency,
      presenter_id: input.presenterId,
      patient_aware: input.patientAware ? 1 : 0,
      what_matters: input.whatMatters,
      status: 'listed',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Two referrals of one patient to one meeting are one listing with both requesters (mergeReferrals).
  const all = await referralRowsForListings(trx, [listing.id]);
  const merged = rule(() =>
    mergeReferrals(
      all.map((r) => ({
        id: String(r.id),
        patientId: String(r.patient_id),
        meetingId: String(meeting.id),
        requestedBy: { personId: String(r.requested_by), name: r.requester_name },
        requestedAt: `${r.requested_at.slice(0, 19)}Z`,
        question: r.question,
        caseCategory: caseCategoryFor(r.reason as ReferralReason),
        urgency: r.urgency as Urgency,
      })),
    ),
  )[0]!;
  await trx
    .updateTable('mdt_listings')
    .set({
      urgency: merged.urgency,
      case_categories_json: JSON.stringify(merged.caseCategories),
      presenter_id: listing.presenter_id ?? input.presenterId,
      updated_at: at,
    })
    .where('id', '=', listing.id)
    .execute();
  await setListedMeeting(trx, input.patientId, meeting.id);
  await writeAudit(trx, ctx, {
    action: 'mdt.referral.create',
    entity: 'mdt_referral',
    entityId: ref.id,
    patientId: input.patientId,
    after: {
      ...input,
      listingId: listing.id,
      meetingId: meeting.id,
      mergedRequesters: merged.requesters.length,
    },
  });
  return { listingId: listing.id, referralId: ref.id };
}

export async function addSuggested(
  ctx: HandlerContext,
  meetingId: number,
  patientId: number,
): Promise<ListingView> {
  const listingId = await ctx.conn.db.transaction().execute(async (trx) => {
    const at = nowInstant(ctx);
    const meeting = await meetingRow(trx, meetingId);
    if (meeting.status === 'closed') throw new AppError('VALIDATION', 'That meeting has finished.');
    const suggestion = (await suggestionsFor(ctx, trx, meeting, [patientId], 1))[0];
    if (!suggestion) throw new AppError('VALIDATION', 'This patient is not suggested for this meeting.');
    const type = toMeetingType((await meetingTypeRow(trx, meeting.meeting_type_id))!);
    const late = rule(() => isLateAddition(meeting.start_local, type.cutOffHours, `${at.slice(0, 19)}Z`));
    const row = await trx
      .insertInto('mdt_listings')
      .values({
        meeting_id: meeting.id,
        patient_id: patientId,
        position: await nextPosition(trx, meeting.id),
        source: 'suggested',
        category: 'full-discussion',
        status: 'proposed',
        planned_minutes: type.defaultMinutesPerCase,
        presenter_id: null,
        case_categories_json: '[]',
        urgency: 'routine',
        is_late_addition: late ? 1 : 0,
        deferral_count: 0,
        escalate: 0,
        suggestion_json: JSON.stringify(suggestion.reasons),
        added_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await setListedMeeting(trx, patientId, meeting.id);
    await writeAudit(trx, ctx, {
      action: 'mdt.listing.add-suggested',
      entity: 'mdt_listing',
      entityId: row.id,
      patientId,
      after: { meetingId, reasons: suggestion.reasons, ruleSet: suggestion.ruleSet },
    });
    return row.id;
  });
  return listingView(ctx.conn.db, listingId);
}

/** Refuses a change to a listing whose outcome is confirmed (the outcome and what led to it are the record). */
export async function refuseIfConfirmed(trx: Kysely<DB>, listingId: number, message: string) {
  if (await confirmedOutcomeOf(trx, listingId)) throw new AppError('CONFLICT', message);
}

export async function changeListing(
  ctx: HandlerContext,
  listingId: number,
  action: string,
  fn: (trx: Trx, l: Selectable<MdtListingsTable>, m: Selectable<MdtMeetingsTable>) => Promise<void>,
) {
  await ctx.conn.db.transaction().execute(async (trx) => changeListingInTrx(trx, ctx, listingId, action, fn));
}

/** One audited listing change inside the caller's transaction. */
export async function changeListingInTrx(
  trx: Trx,
  ctx: HandlerContext,
  listingId: number,
  action: string,
  fn: (trx: Trx, l: Selectable<MdtListingsTable>, m: Selectable<MdtMeetingsTable>) => Promise<void>,
) {
  const before = await listingRow(trx, listingId);
  const meeting = await meetingRow(trx, before.meeting_id);
  if (meeting.status === 'closed')
    throw new AppError('VALIDATION', 'That meeting has finished; its list cannot change.');
  await fn(trx, before, meeting);
  const after = await listingRow(trx, listingId);
  await writeAudit(trx, ctx, {
    action,
    entity: 'mdt_listing',
    entityId: listingId,
    patientId: before.patient_id,
    before,
    after,
  });
}

export async function updateListing(
  ctx: HandlerContext,
  input: {
    listingId: number;
    plannedMinutes?: number | undefined;
    category?: ListingView['category'] | undefined;
    presenterId?: number | null | undefined;
  },
) {
  await changeListing(ctx, input.listingId, 'mdt.listing.update', async (trx, l) => {
    await trx
      .updateTable('mdt_listings')
      .set({
        planned_minutes: input.plannedMinutes ?? l.planned_minutes,
        category: input.category ?? l.category,
        presenter_id: input.presenterId === undefined ? l.presenter_id : input.presenterId,
        updated_at: nowInstant(ctx),
      })
      .where('id', '=', l.id)
      .execute();
  });
  return listingView(ctx.conn.db, input.listingId);
}

async function writeOrder(trx: Trx, ids: number[], at: string) {
  for (const [i, id] of ids.entries()) {
    await trx
      .updateTable('mdt_listings')
      .set({ position: i + 1, updated_at: at })
      .where('id', '=', id)
      .execute();
  }
}

export async function moveListing(ctx: HandlerContext, listingId: number, direction: 'up' | 'down') {
  let meetingId = 0;
  await changeListing(ctx, listingId, 'mdt.listing.move', async (trx, l) => {
    meetingId = l.meeting_id;
    const rows = await trx
      .selectFrom('mdt_listings')
      .select('id')
      .where('meeting_id', '=', l.meeting_id)
      .orderBy('position')
      .orderBy('id')
      .execute();
    const ids = rows.map((r) => r.id);
    const i = ids.indexOf(l.id);
    const j = direction === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    await writeOrder(trx, ids, nowInstant(ctx));
  });
  return listingViews(ctx.conn.db, await meetingRow(ctx.conn.db, meetingId));
}

export async function reorderListings(ctx: HandlerContext, meetingId: number, order: number[]) {
  await ctx.conn.db.transaction().execute(async (trx) => {
    const meeting = await meetingRow(trx, meetingId);
    if (meeting.status === 'closed')
      throw new AppError('VALIDATION', 'That meeting has finished; its list cannot change.');
    const rows = await trx
      .selectFrom('mdt_listings')
      .select('id')
      .where('meeting_id', '=', meetingId)
      .orderBy('position')
      .execute();
    const have = new Set(rows.map((r) => r.id));
    if (order.length !== have.size || !order.every((id) => have.has(id))) {
      throw new AppError('VALIDATION', 'The new order must list every case of this meeting once.');
    }
    await writeOrder(trx, order, nowInstant(ctx));
    await writeAudit(trx, ctx, {
      action: 'mdt.listing.reorder',
      entity: 'mdt_meeting',
      entityId: meetingId,
      before: rows.map((r) => r.id),
      after: order,
    });
  });
  return listingViews(ctx.conn.db, await meetingRow(ctx.conn.db, meetingId));
}

export async function withdrawListing(ctx: HandlerContext, listingId: number, reason: string) {
  await ctx.conn.db.transaction().execute(async (trx) => withdrawListingInTrx(trx, ctx, listingId, reason));
  return listingView(ctx.conn.db, listingId);
}

/** Takes a case off its meeting's list inside the caller's transaction (reopening a triage decision uses it). */
export async function withdrawListingInTrx(trx: Trx, ctx: HandlerContext, listingId: number, reason: string) {
  await changeListingInTrx(trx, ctx, listingId, 'mdt.listing.withdraw', async (trx, l) => {
    await refuseIfConfirmed(
      trx,
      l.id,
      'The outcome for this case is confirmed, so it cannot be taken off the list.',
    );
    if (l.status === 'discussed') throw new AppError('VALIDATION', 'A discussed case cannot be withdrawn.');
    await trx
      .updateTable('mdt_listings')
      .set({ status: 'withdrawn', defer_reason: reason, updated_at: nowInstant(ctx) })
      .where('id', '=', l.id)
      .execute();
    await setListedMeeting(trx, l.patient_id, null);
  });
}

export async function approveLate(ctx: HandlerContext, listingId: number) {
  await changeListing(ctx, listingId, 'mdt.listing.approve-late', async (trx, l, m) => {
    const me = userId(ctx);
    let chair = m.chair_id;
    if (chair === null) {
      // No chair named yet: the clinician approving (who holds mdt.chair) chairs this meeting.
      chair = me;
      await trx
        .updateTable('mdt_meetings')
        .set({ chair_id: me, updated_at: nowInstant(ctx) })
        .where('id', '=', m.id)
        .execute();
    }
    const approved = rule(() =>
      approveLateAddition(
        {
          id: String(l.id),
          meetingId: String(l.meeting_id),
          patientId: String(l.patient_id),
          referralIds: [],
          requesters: [],
          caseCategories: [],
          category: l.category as ListingView['category'],
          status: l.status as ListingView['status'],
          plannedMinutes: l.planned_minutes,
          deferralCount: l.deferral_count,
          deferReason: l.defer_reason,
          carriedFromListingId: null,
          isLateAddition: l.is_late_addition === 1,
          lateApprovedBy: null,
        },
        String(me),
        String(chair),
      ),
    );
    await trx
      .updateTable('mdt_listings')
      .set({
        late_approved_by: Number(approved.lateApprovedBy),
        late_approved_at: nowInstant(ctx),
        status: 'accepted',
        updated_at: nowInstant(ctx),
      })
      .where('id', '=', l.id)
      .execute();
  });
  return listingView(ctx.conn.db, listingId);
}

// ---------------- attendance and running the meeting ----------------

const COUNTING = ['present', 'remote', 'deputy'];

/** Keeps the attendance row's first join / last leave in step with its intervals (for lists and exports). */
async function syncAttendanceTimes(trx: Trx, attendanceId: number, at: string) {
  const intervals = await trx
    .selectFrom('mdt_attendance_intervals')
    .select(['joined_at', 'left_at'])
    .where('attendance_id', '=', attendanceId)
    .orderBy('id')
    .execute();
  const last = intervals[intervals.length - 1];
  await trx
    .updateTable('mdt_attendance')
    .set({ joined_at: intervals[0]?.joined_at ?? null, left_at: last?.left_at ?? null, updated_at: at })
    .where('id', '=', attendanceId)
    .execute();
}

export async function setAttendance(
  ctx: HandlerContext,
  input: {
    meetingId: number;
    userId: number;
    status: AttendanceView['status'];
    deputyForUserId: number | null;
    joinedAt: string | null;
    leftAt: string | null;
  },
) {
  await ctx.conn.db.transaction().execute(async (trx) => {
    const meeting = await meetingRow(trx, input.meetingId);
    const user = await trx
      .selectFrom('users')
      .select(['id', 'role'])
      .where('id', '=', input.userId)
      .executeTakeFirst();
    if (!user) throw new AppError('NOT_FOUND', 'That person does not exist.');
    const deputyFor = input.status === 'deputy' ? input.deputyForUserId : null;
    if (input.status === 'deputy') {
      if (deputyFor === null) {
        throw new AppError('VALIDATION', 'Say whom the deputy stands in for.', {
          deputyForUserId: 'Say whom the deputy stands in for.',
        });
      }
      if (deputyFor === input.userId) {
        throw new AppError('VALIDATION', 'Someone cannot deputise for themselves.', {
          deputyForUserId: 'Someone cannot deputise for themselves.',
        });
      }
      const type = toMeetingType((await meetingTypeRow(trx, meeting.meeting_type_id))!);
      const principal = await trx
        .selectFrom('users')
        .select('id')
        .where('id', '=', deputyFor)
        .executeTakeFirst();
      if (!principal || (type.coreMemberIds.length > 0 && !type.coreMemberIds.includes(deputyFor))) {
        throw new AppError('VALIDATION', 'A deputy stands in for a core member of this meeting type.', {
          deputyForUserId: 'A deputy stands in for a core member of this meeting type.',
        });
      }
    }
    if (input.joinedAt && input.leftAt && input.leftAt < input.joinedAt) {
      throw new AppError('VALIDATION', 'Leaving time is before joining time.', {
        leftAt: 'Leaving time is before joining time.',
      });
    }
    const before = await trx
      .selectFrom('mdt_attendance')
      .selectAll()
      .where('meeting_id', '=', meeting.id)
      .where('user_id', '=', input.userId)
      .executeTakeFirst();
    const at = nowInstant(ctx);
    const values = {
      meeting_id: meeting.id,
      user_id: input.userId,
      discipline: disciplineOf(user.role),
      status: input.status,
      deputy_for_user_id: deputyFor,
      joined_at: input.joinedAt,
      left_at: input.leftAt,
      updated_at: at,
    };
    const row = await trx
      .insertInto('mdt_attendance')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['meeting_id', 'user_id']).doUpdateSet({
          discipline: values.discipline,
          status: values.status,
          deputy_for_user_id: values.deputy_for_user_id,
          updated_at: at,
        }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    const intervals = await trx
      .selectFrom('mdt_attendance_intervals')
      .select('id')
      .where('attendance_id', '=', row.id)
      .execute();
    const counting = COUNTING.includes(input.status);
    // Given times replace the intervals (a correction); otherwise a newly attending person gets one interval.
    if (!counting || input.joinedAt !== null || input.leftAt !== null || intervals.length === 0) {
      await trx.deleteFrom('mdt_attendance_intervals').where('attendance_id', '=', row.id).execute();
      if (counting) {
        await trx
          .insertInto('mdt_attendance_intervals')
          .values({
            attendance_id: row.id,
            meeting_id: meeting.id,
            joined_at: input.joinedAt,
            left_at: input.leftAt,
            created_at: at,
          })
          .execute();
      }
    }
    await syncAttendanceTimes(trx, row.id, at);
    await writeAudit(trx, ctx, {
      action: 'mdt.attendance.set',
      entity: 'mdt_meeting',
      entityId: meeting.id,
      before,
      after: values,
    });
  });
  return meetingAttendance(ctx.conn.db, input.meetingId);
}

async function attendanceFor(trx: Trx, meetingId: number, who: number) {
  const a = await trx
    .selectFrom('mdt_attendance')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .where('user_id', '=', who)
    .executeTakeFirst();
  if (!a || !COUNTING.includes(a.status)) {
    throw new AppError('VALIDATION', 'This person is not recorded as attending.');
  }
  const open = await trx
    .selectFrom('mdt_attendance_intervals')
    .selectAll()
    .where('attendance_id', '=', a.id)
    .where('left_at', 'is', null)
    .executeTakeFirst();
  return { a, open };
}

export async function leaveMeeting(ctx: HandlerContext, meetingId: number, who: number) {
  await ctx.conn.db.transaction().execute(async (trx) => {
    const { a, open } = await attendanceFor(trx, meetingId, who);
    if (!open) throw new AppError('VALIDATION', 'This person has already left.');
    const at = nowInstant(ctx);
    if (open.joined_at !== null && open.joined_at > at) {
      throw new AppError('VALIDATION', 'Leaving time is before joining time.', {
        leftAt: 'Leaving time is before joining time.',
      });
    }
    await trx
      .updateTable('mdt_attendance_intervals')
      .set({ left_at: at })
      .where('id', '=', open.id)
      .execute();
    await syncAttendanceTimes(trx, a.id, at);
    await writeAudit(trx, ctx, {
      action: 'mdt.attendance.leave',
      entity: 'mdt_meeting',
      entityId: meetingId,
      before: open,
      after: { ...open, left_at: at },
    });
  });
  return meetingAttendance(ctx.conn.db, meetingId);
}

/** Someone who left comes back: a new join/leave interval from now. */
export async function rejoinMeeting(ctx: HandlerContext, meetingId: number, who: number) {
  await ctx.conn.db.transaction().execute(async (trx) => {
    const { a, open } = await attendanceFor(trx, meetingId, who);
    if (open) throw new AppError('VALIDATION', 'This person is still in the meeting.');
    const at = nowInstant(ctx);
    const row = await trx
      .insertInto('mdt_attendance_intervals')
      .values({ attendance_id: a.id, meeting_id: meetingId, joined_at: at, left_at: null, created_at: at })
      .returningAll()
      .executeTakeFirstOrThrow();
    await syncAttendanceTimes(trx, a.id, at);
    await writeAudit(trx, ctx, {
      action: 'mdt.attendance.rejoin',
      entity: 'mdt_meeting',
      entityId: meetingId,
      after: row,
    });
  });
  return meetingAttendance(ctx.conn.db, meetingId);
}

export async function startCase(ctx: HandlerContext, listingId: number): Promise<MeetingDetail> {
  let meetingId = 0;
  await ctx.conn.db.transaction().execute(async (trx) => {
    const l = await listingRow(trx, listingId);
    const m = await meetingRow(trx, l.meeting_id);
    meetingId = m.id;
    if (m.status === 'closed') throw new AppError('VALIDATION', 'That meeting has finished.');
    if (londonToday(ctx.now()) < m.meeting_date)
      throw new AppError(
        'VALIDATION',
        `This meeting is on ${formatDateGb(m.meeting_date)}: cases can be discussed on the day.`,
      );
    if (l.is_late_addition === 1 && l.late_approved_by === null) {
      throw new AppError('CONFLICT', 'This late addition needs the chair’s approval before it is discussed.');
    }
    if (l.status === 'withdrawn' || l.status === 'deferred')
      throw new AppError('VALIDATION', 'This case is no longer on the list.');
    const at = nowInstant(ctx);
    const role = ctx.session?.role;
    await trx
      .updateTable('mdt_meetings')
      .set({
        status: 'in-progress',
        actual_start_at: m.actual_start_at ?? at,
        current_listing_id: l.id,
        chair_id: m.chair_id ?? (role === 'consultant' ? userId(ctx) : null),
        updated_at: at,
      })
      .where('id', '=', m.id)
      .execute();
    if (l.started_at === null) {
      await trx
        .updateTable('mdt_listings')
        .set({ started_at: at, updated_at: at })
        .where('id', '=', l.id)
        .execute();
    }
    await writeAudit(trx, ctx, {
      action: 'mdt.case.start',
      entity: 'mdt_listing',
      entityId: l.id,
      patientId: l.patient_id,
      after: { startedAt: l.started_at ?? at },
    });
  });
  return meetingDetail(ctx, meetingId);
}

// ---------------- suggestions ----------------

async function suggestionsFor(
  ctx: HandlerContext,
  db: Kysely<DB>,
  meeting: Selectable<MdtMeetingsTable>,
  onlyPatients: number[] | null,
  limit: number,
) {
  const rules = activeRuleSet(ctx.conn, 'mdt-suggestions').value;
  const today = londonToday(ctx.now());
  const cap = Math.max(limit * 4, 200);
  const signals = new Map<number, PatientSignals>();
  const get = (id: number): PatientSignals => {
    let s = signals.get(id);
    if (!s) {
      s = { patientId: String(id), omeTotalMgPerDay: null, lastMdtDiscussedOn: null };
      signals.set(id, s);
    }
    return s;
  };
  // Ours: actions from the last MDT overdue (precomputed earliest open due date per patient).
  const dueBefore = addCalendarDays(today, -rules.overdueActionGraceDays.value);
  for (const r of await overdueActionPatients(db, dueBefore, cap)) {
    const s = get(r.patient_id);
    s.lastMdtDiscussedOn = r.last_discussed_on;
    s.lastMdtActions = [
      ...(s.lastMdtActions ?? []),
      {
        description: r.description,
        ownerName: r.owner_name,
        dueDate: r.due_date,
        status: r.status as 'open',
      },
    ];
  }
  // Other modules' precomputed signals (typed queries, all indexed).
  const since = addCalendarMonths(today, -rules.opioidNoDiscussionMonths.value);
  const [high, held, stalled, outcomes, alerts] = await Promise.all([
    highOmePatients(db, rules.opioidHighDoseMgPerDay.value, since, cap),
    heldTaperPatients(db, rules.taperHoldsOrStepBacks.value, cap),
    noProgressReviews(db, cap),
    interventionOutcomePatients(db, addCalendarDays(today, -90), cap),
    openRiskAlertPatients(db, cap),
  ]);
  const ratedByReview = new Map<number, { goal: string; reviewedOn: string }[]>();
  for (const r of high) {
    const s = get(r.patient_id);
    s.omeTotalMgPerDay = r.total;
    s.omeTotalIncomplete = r.complete === 0;
    s.lastMdtDiscussedOn = r.last_discussed_on;
  }
  for (const r of held) get(r.patient_id).taperHoldsOrStepBacks = r.events;
  for (const r of stalled) {
    // Name the goals rated at or below their baseline in that review (no movement); when the review as a whole
    // showed no progress but no single goal sat at baseline, name the goals it rated. The date is the review's.
    const s = get(r.patient_id);
    const goals = s.rehabGoalsWithoutProgress ?? [];
    if (r.activity !== null && r.level !== null && r.baseline !== null && r.level <= r.baseline)
      goals.push({ goal: r.activity, reviewedOn: r.review_date });
    s.rehabGoalsWithoutProgress = goals;
    const rated = ratedByReview.get(r.patient_id) ?? [];
    if (r.activity !== null) rated.push({ goal: r.activity, reviewedOn: r.review_date });
    ratedByReview.set(r.patient_id, rated);
  }
  for (const [id, rated] of ratedByReview) {
    const s = get(id);
    if ((s.rehabGoalsWithoutProgress ?? []).length === 0) s.rehabGoalsWithoutProgress = rated;
  }
  for (const r of alerts) {
    const s = get(r.patient_id);
    s.openRiskAlerts = [
      ...(s.openRiskAlerts ?? []),
      { measure: r.measure, itemLabel: r.item_label, answeredOn: r.administered_on },
    ];
  }
  for (const r of outcomes) {
    const s = get(r.patient_id);
    s.interventionsAwaitingDecision = [
      ...(s.interventionsAwaitingDecision ?? []),
      { procedure: r.procedure_code, outcomeRecordedOn: r.procedure_date },
    ];
  }
  let ids = [...signals.keys()];
  if (onlyPatients) ids = ids.filter((id) => onlyPatients.includes(id));
  if (ids.length === 0) return [];
  // Already listed for an upcoming meeting (or this one): no suggestion.
  const listed = new Set((await listedPatients(db, ids, meeting.id)).map((r) => r.patient_id));
  const input = ids.map((id) => ({ ...signals.get(id)!, alreadyListed: listed.has(id) }));
  const bySignal = new Map(input.map((p) => [p.patientId, p]));
  // Clinical priority, then recency (versioned rule SUGGESTION_RANKING_RULE), before the limit is applied.
  return rule(() => rankSuggestions(suggestCases(input, rules, today), bySignal)).slice(0, limit);
}

export async function meetingSuggestions(
  ctx: HandlerContext,
  meetingId: number,
  limit: number,
): Promise<SuggestionView[]> {
  const db = ctx.conn.db;
  const meeting = await meetingRow(db, meetingId);
  const list = await suggestionsFor(ctx, db, meeting, null, limit);
  if (list.length === 0) return [];
  const patients = await patientNames(
    db,
    list.map((s) => Number(s.patientId)),
  );
  const byId = new Map(patients.map((p) => [p.id, p]));
  return list.map((s) => {
    const p = byId.get(Number(s.patientId));
    return { ...s, patientName: p ? displayName(p) : '', nhsNumber: p?.nhs_number ?? null };
  });
}

// ---------------- case summary ----------------

/** Every read of the summary is compiled once and keyed by the listing or its patient. */
export async function caseSummary(ctx: HandlerContext, listingId: number): Promise<CaseSummary> {
  const db = ctx.conn.db;
  const [l] = await listingRowsById(db, listingId);
  if (!l) throw new AppError('NOT_FOUND', 'That listing does not exist.');
  const parts = await Promise.all([
    getPatient(db, l.patient_id),
    referralRowsForListing(db, l.id),
    openActionRowsForPatient(db, l.patient_id),
    previousOutcomeRows(db, l.patient_id, l.id),
    medicinesSection(db, l.patient_id),
    interventionsSection(db, l.patient_id),
    rehabSection(db, l.patient_id),
  ]);
  return toCaseSummary(ctx, l, ...parts);
}

type Listing = Selectable<MdtListingsTable>;
type Reads = [
  patient: Awaited<ReturnType<typeof getPatient>>,
  refs: Awaited<ReturnType<typeof referralRowsForListing>>,
  actions: Awaited<ReturnType<typeof openActionRowsForPatient>>,
  previous: Awaited<ReturnType<typeof previousOutcomeRows>>,
  medicines: string | null,
  interventions: string | null,
  rehab: Awaited<ReturnType<typeof rehabSection>>,
];

function toCaseSummary(ctx: HandlerContext, l: Listing, ...reads: Reads): CaseSummary {
  const [patient, refs, actions, previous, medicines, interventions, rehab] = reads;
  if (!patient) throw new AppError('NOT_FOUND', 'That patient record does not exist.');
  const today = londonToday(ctx.now());
  const suggestion = parseJson<{ code: string; text: string }[] | null>(l.suggestion_json, null) ?? [];
  const own = l.question?.trim() ? [l.question.trim()] : [];
  const questions = own.length > 0 ? own : [...new Set(refs.map((r) => r.question.trim()))];
  const whatMatters =
    [...new Set(refs.map((r) => r.what_matters.trim()).filter((t) => t !== ''))].join(' / ') ||
    (patient.whatMatters ?? '');
  const diagnosis =
    [patient.diagnosisCode, patient.diagnosisSite, patient.diagnosisNotes]
      .filter((x): x is string => !!x && x.trim() !== '')
      .join(' · ') || null;
  const missing: string[] = [];
  if (questions.length === 0) missing.push('No question for the MDT');
  if (whatMatters.trim() === '') missing.push('What matters to the patient is not recorded');
  if (l.presenter_id === null) missing.push('No presenter named');
  if (!diagnosis) missing.push('No diagnosis recorded');
  if (refs.length > 0 && !refs.every((r) => r.patient_aware === 1))
    missing.push('The patient has not been told they are being discussed');
  if (l.is_late_addition === 1 && l.late_approved_by === null)
    missing.push('Late addition awaiting the chair’s approval');
  if (medicines === null) missing.push('No medicines list recorded');
  if (rehab.measures.length === 0) missing.push('No outcome measures recorded');
  const maxAge = CASE_READINESS_RULES.outcomeMeasureMaxAgeDays.value;
  for (const m of rule(() => staleOutcomeMeasures(rehab.measures, today)))
    missing.push(
      `${m.name} last recorded ${formatDateGb(m.administeredOn)}, more than ${maxAge} days ago (out of date for the MDT)`,
    );
  return {
    listingId: l.id,
    patient: {
      id: patient.id,
      name: displayName(patient),
      nhsNumber: patient.nhsNumber,
      dateOfBirth: patient.dateOfBirth,
      gpPractice: patient.gpPractice,
    },
    diagnosis,
    questions: questions.length > 0 ? questions : suggestion.map((s) => `Suggested: ${s.text}`),
    reasons: [...new Set(refs.map((r) => REFERRAL_REASON_LABELS[r.reason as ReferralReason] ?? r.reason))],
    whatMatters,
    patientAware: refs.length > 0 && refs.every((r) => r.patient_aware === 1),
    allergies: patient.allergies.map((a) => ({ agent: a.agent, reaction: a.reaction })),
    openActions: actions.map((a) => ({
      id: a.id,
      description: a.description,
      ownerName: a.owner_name,
      dueDate: a.due_date,
      overdue: a.due_date < today,
    })),
    previousDiscussions: previous.map((p) => ({
      date: p.meeting_date,
      kind: p.kind as CaseSummary['previousDiscussions'][number]['kind'],
      summary: p.summary,
    })),
    sections: [
      { title: 'Medicines', text: medicines },
      { title: 'Interventions', text: interventions },
      { title: 'Rehabilitation', text: rehabText(rehab) },
    ],
    rehab,
    readiness: { ready: missing.length === 0, missing },
  };
}

export { meetingRow, listingRow, listingView };
