import type { z } from 'zod';
import { addCalendarDays } from '../../shared/clinical/calendar';
import { meaningfulChange } from '../../shared/clinical/rehab/change';
import {
  MEASURE_IDS,
  MEASURES,
  REHAB_MEASURES_RULE_SET,
  type MeasureId,
} from '../../shared/clinical/rehab/measures';
import type { MeasureScore } from '../../shared/clinical/rehab/scoring';
import { formatDateGb, londonToday } from '../../shared/dates';
import { displayName } from '../../shared/domain/patient';
import type {
  AttendanceStatus,
  CohortMeasureChange,
  CohortMeasureSummary,
  CohortParticipant,
  CohortReport,
  enrolInputSchema,
  PatientProgramme,
  Programme,
  programmeInputSchema,
  ProgrammeListItem,
  registerInputSchema,
  withdrawInputSchema,
} from '../../shared/domain/rehab';
import { AppError } from '../../shared/result';
import {
  attendanceOf,
  bumpRegisterVersion,
  enrolmentById,
  enrolmentsOf,
  measuresForCohort,
  programmeById,
  programmeList,
  programmesForPatient,
  reviewsForCohort,
  sessionById,
  sessionsOf,
} from '../queries/rehab-groups';
import { activePlanForPatient } from '../queries/rehab';
import { writeAudit } from './audit';
import type { HandlerContext } from './context';
import { insertActivePlan, refuse, refuseDateOutside, type Db } from './rehab-common';
import { changedByOtherError } from './stale-edit';
import { activeRuleSet } from './rule-sets';

type ProgrammeData = z.output<typeof programmeInputSchema>;
type EnrolData = z.output<typeof enrolInputSchema>;
type WithdrawData = z.output<typeof withdrawInputSchema>;
type RegisterData = z.output<typeof registerInputSchema>;

/** How far either side of the programme a start or end score is looked for (stated in the report). */
export const COHORT_MEASURE_WINDOW_DAYS = 90;

/** A programme's row, sessions, enrolments (with names) and register, read together. */
async function programmeRows(db: Db, id: number) {
  const g = await programmeById(db, id);
  if (!g) throw new AppError('NOT_FOUND', 'That programme does not exist.');
  const [sessions, enrolments, attendance] = await Promise.all([
    sessionsOf(db, id),
    enrolmentsOf(db, id),
    attendanceOf(db, id),
  ]);
  return { g, sessions, enrolments, attendance };
}
type ProgrammeRows = Awaited<ReturnType<typeof programmeRows>>;

/** The programme without its enrolments: its sessions with how many attended and were recorded. */
function programmeHeader({ g, sessions, attendance }: ProgrammeRows): Omit<Programme, 'enrolments'> {
  const bySession = new Map<number, { attended: number; recorded: number }>();
  for (const a of attendance) {
    const attended = a.status === 'attended' ? 1 : 0;
    const s = bySession.get(a.session_id);
    if (s) {
      s.attended += attended;
      s.recorded += 1;
    } else bySession.set(a.session_id, { attended, recorded: 1 });
  }
  return {
    id: g.id,
    name: g.name,
    facilitators: g.facilitators,
    location: g.location,
    capacity: g.capacity,
    completionPercent: g.completion_percent,
    startDate: g.start_date,
    endDate: g.end_date,
    version: g.version,
    sessions: sessions.map((s) => ({
      id: s.id,
      sessionNo: s.session_no,
      date: s.session_date,
      topic: s.topic,
      attended: bySession.get(s.id)?.attended ?? 0,
      recorded: bySession.get(s.id)?.recorded ?? 0,
      registerVersion: s.register_version,
    })),
  };
}

export async function loadProgramme(db: Db, id: number): Promise<Programme> {
  const rows = await programmeRows(db, id);
  // Each enrolment's register marks (in the order the rows came).
  const byEnrolment = new Map<number, [number, AttendanceStatus][]>();
  for (const a of rows.attendance) {
    const mark: [number, AttendanceStatus] = [a.session_id, a.status as AttendanceStatus];
    const e = byEnrolment.get(a.enrolment_id);
    if (e) e.push(mark);
    else byEnrolment.set(a.enrolment_id, [mark]);
  }
  return {
    ...programmeHeader(rows),
    enrolments: rows.enrolments.map((e) => ({
      id: e.id,
      patientId: e.patient_id,
      patientName: displayName(e),
      nhsNumber: e.nhs_number,
      planId: e.plan_id,
      enrolledOn: e.enrolled_on,
      status: e.status === 'withdrawn' ? 'withdrawn' : 'enrolled',
      withdrawnOn: e.withdrawn_on,
      withdrawnReason: e.withdrawn_reason,
      attendance: Object.fromEntries(byEnrolment.get(e.id) ?? []),
    })),
  };
}

export async function listProgrammes(ctx: HandlerContext, limit: number): Promise<ProgrammeListItem[]> {
  return (await programmeList(ctx.conn.db, limit)).map((r) => ({
    id: r.id,
    name: r.name,
    facilitators: r.facilitators,
    startDate: r.start_date,
    endDate: r.end_date,
    sessionCount: Number(r.sessions ?? 0),
    enrolled: Number(r.enrolled ?? 0),
  }));
}

export async function patientProgrammes(ctx: HandlerContext, patientId: number): Promise<PatientProgramme[]> {
  return (await programmesForPatient(ctx.conn.db, patientId)).map((r) => ({
    enrolmentId: r.enrolment_id,
    programmeId: r.programme_id,
    name: r.name,
    startDate: r.start_date,
    endDate: r.end_date,
    status: r.status === 'withdrawn' ? 'withdrawn' : 'enrolled',
    attended: Number(r.attended ?? 0),
    sessionCount: Number(r.sessions ?? 0),
  }));
}

export async function createProgramme(ctx: HandlerContext, input: ProgrammeData): Promise<Programme> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const sessions = [...input.sessions].sort((a, b) => a.date.localeCompare(b.date));
    const at = ctx.now().toISOString();
    const { id } = await trx
      .insertInto('rehab_programmes')
      .values({
        name: input.name,
        facilitators: input.facilitators,
        location: input.location,
        capacity: input.capacity,
        completion_percent: input.completionPercent,
        start_date: sessions[0]!.date,
        end_date: sessions[sessions.length - 1]!.date,
        created_at: at,
        created_by: ctx.session?.userId ?? null,
        updated_at: at,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('rehab_programme_sessions')
      .values(
        sessions.map((s, i) => ({
          programme_id: id,
          session_no: i + 1,
          session_date: s.date,
          topic: s.topic,
        })),
      )
      .execute();
    const programme = await loadProgramme(trx, id);
    await writeAudit(trx, ctx, {
      action: 'rehab.groupCreate',
      entity: 'rehab_programme',
      entityId: id,
      after: { ...programme, enrolments: undefined },
    });
    return programme;
  });
}

export async function enrol(ctx: HandlerContext, input: EnrolData): Promise<Programme> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const g = await programmeById(trx, input.programmeId);
    if (!g) throw new AppError('NOT_FOUND', 'That programme does not exist.');
    const p = await trx
      .selectFrom('patients')
      .select(['id', 'referral_date'])
      .where('id', '=', input.patientId)
      .executeTakeFirst();
    if (!p) refuse('patientId', 'That patient record does not exist.');
    refuseDateOutside(ctx, 'enrolledOn', 'enrolment date', input.enrolledOn);
    if (input.enrolledOn > g.end_date)
      refuse('enrolledOn', `The programme finished on ${formatDateGb(g.end_date)}.`);
    const existing = await trx
      .selectFrom('rehab_programme_enrolments')
      .select('id')
      .where('programme_id', '=', g.id)
      .where('patient_id', '=', p.id)
      .executeTakeFirst();
    if (existing)
      throw await changedByOtherError(
        trx,
        'This patient is already enrolled in this programme.',
        [{ entity: 'rehab_programme_enrolment', entityId: existing.id }],
        'patientId',
      );
    if (g.capacity !== null) {
      const n = await trx
        .selectFrom('rehab_programme_enrolments')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .where('programme_id', '=', g.id)
        .where('status', '=', 'enrolled')
        .executeTakeFirstOrThrow();
      if (Number(n.n) >= g.capacity)
        refuse('patientId', `The programme is full (${g.capacity} places).`, 'CONFLICT');
    }
    const at = ctx.now().toISOString();
    // The participant's goals and measures roll up through their active rehab plan; without one, a
    // pain management programme plan starting on the first session is opened for them.
    let planId = (await activePlanForPatient(trx, p.id))?.id ?? null;
    if (planId === null) {
      planId = await insertActivePlan(trx, ctx, at, {
        patientId: p.id,
        pathway: 'pain-management-programme',
        referralDate: p.referral_date,
        treatmentStartDate: g.start_date,
        dischargeDate: null,
        carriedFromPlanId: null,
      });
      await writeAudit(trx, ctx, {
        action: 'rehab.createPlan',
        entity: 'rehab_plan',
        entityId: planId,
        patientId: p.id,
        after: { pathway: 'pain-management-programme', treatmentStartDate: g.start_date, programmeId: g.id },
      });
    }
    const { id } = await trx
      .insertInto('rehab_programme_enrolments')
      .values({
        programme_id: g.id,
        patient_id: p.id,
        plan_id: planId,
        enrolled_on: input.enrolledOn,
        status: 'enrolled',
        withdrawn_on: null,
        withdrawn_reason: null,
        created_at: at,
        created_by: ctx.session?.userId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, {
      action: 'rehab.groupEnrol',
      entity: 'rehab_programme_enrolment',
      entityId: id,
      patientId: p.id,
      after: { programmeId: g.id, planId, enrolledOn: input.enrolledOn },
    });
    return loadProgramme(trx, g.id);
  });
}

export async function withdraw(ctx: HandlerContext, input: WithdrawData): Promise<Programme> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const e = await enrolmentById(trx, input.enrolmentId);
    if (!e) throw new AppError('NOT_FOUND', 'That enrolment does not exist.');
    if (e.status === 'withdrawn')
      throw await changedByOtherError(trx, 'This participant has already left.', [
        { entity: 'rehab_programme_enrolment', entityId: e.id },
      ]);
    refuseDateOutside(ctx, 'withdrawnOn', 'date withdrawn', input.withdrawnOn, {
      date: e.enrolled_on,
      what: 'enrolment',
    });
    await trx
      .updateTable('rehab_programme_enrolments')
      .set({ status: 'withdrawn', withdrawn_on: input.withdrawnOn, withdrawn_reason: input.reason })
      .where('id', '=', e.id)
      .execute();
    await writeAudit(trx, ctx, {
      action: 'rehab.groupWithdraw',
      entity: 'rehab_programme_enrolment',
      entityId: e.id,
      patientId: e.patient_id,
      before: { status: e.status },
      after: { status: 'withdrawn', withdrawnOn: input.withdrawnOn, reason: input.reason },
    });
    return loadProgramme(trx, e.programme_id);
  });
}

/**
 * Takes (or corrects) one session's register. A register saved by someone else since this one was opened (a
 * newer version) is refused, naming who saved it and when, never written over (issue 19).
 */
export async function takeRegister(ctx: HandlerContext, input: RegisterData): Promise<Programme> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const s = await sessionById(trx, input.sessionId);
    if (!s) throw new AppError('NOT_FOUND', 'That session does not exist.');
    if (s.register_version !== input.version)
      throw await changedByOtherError(
        trx,
        `Someone else saved the register for session ${s.session_no} (${formatDateGb(s.session_date)}) after you opened it, ` +
          'so your marks were not saved: compare them with the register as it is now and save again if they are still right.',
        [{ entity: 'rehab_programme_session', entityId: s.id }],
      );
    if (s.session_date > londonToday(ctx.now()))
      refuse(
        'sessionId',
        `Session ${s.session_no} is on ${formatDateGb(s.session_date)}: take its register on the day or after.`,
      );
    const enrolments = await enrolmentsOf(trx, s.programme_id);
    const seen = new Set<number>();
    input.entries.forEach((entry, i) => {
      const e = enrolments.find((x) => x.id === entry.enrolmentId);
      if (!e) refuse(`entries.${i}.enrolmentId`, 'This person is not enrolled in the programme.');
      if (seen.has(e.id)) refuse(`entries.${i}.enrolmentId`, 'This participant is listed twice.');
      seen.add(e.id);
      if (e.status === 'withdrawn' && e.withdrawn_on !== null && e.withdrawn_on < s.session_date)
        refuse(
          `entries.${i}.status`,
          `${displayName(e)} left the programme on ${formatDateGb(e.withdrawn_on)}, before this session.`,
        );
    });
    const before = await trx
      .selectFrom('rehab_programme_attendance')
      .select(['enrolment_id', 'status'])
      .where('session_id', '=', s.id)
      .execute();
    const at = ctx.now().toISOString();
    await bumpRegisterVersion(trx, s.id);
    for (const entry of input.entries)
      await trx
        .insertInto('rehab_programme_attendance')
        .values({
          session_id: s.id,
          enrolment_id: entry.enrolmentId,
          status: entry.status,
          recorded_at: at,
          recorded_by: ctx.session?.userId ?? null,
        })
        .onConflict((oc) =>
          oc.columns(['session_id', 'enrolment_id']).doUpdateSet({
            status: entry.status,
            recorded_at: at,
            recorded_by: ctx.session?.userId ?? null,
          }),
        )
        .execute();
    // One audit row per participant, so each patient's history shows their attendance.
    for (const entry of input.entries) {
      const e = enrolments.find((x) => x.id === entry.enrolmentId)!;
      const was = before.find((b) => b.enrolment_id === entry.enrolmentId)?.status ?? null;
      await writeAudit(trx, ctx, {
        action: 'rehab.groupRegister',
        entity: 'rehab_programme_session',
        entityId: s.id,
        patientId: e.patient_id,
        before: was === null ? undefined : { status: was },
        after: {
          programmeId: s.programme_id,
          sessionNo: s.session_no,
          date: s.session_date,
          status: entry.status,
        },
      });
    }
    return loadProgramme(trx, s.programme_id);
  });
}

// ---- The cohort report ---------------------------------------------------------------------------

const isScored = (s: MeasureScore) => s.total !== null || s.profile !== undefined;
const EPSILON = 1e-9;

/** Sessions a participant must attend to complete: the programme's completion percentage, rounded up. */
export function sessionsToCompleteOf(completionPercent: number, sessionsTotal: number): number {
  return Math.ceil((completionPercent * sessionsTotal) / 100 - EPSILON);
}

/** One scored administration of a measure, as the cohort report compares them. */
export interface ScoredAdministration {
  id: number;
  administered_on: string;
  total: number | null;
  score: MeasureScore;
}

/** An enrolment's attendance marks for the sessions held so far. */
export interface CohortMarks {
  attended: number;
  apologies: number;
  dna: number;
  marked: number;
}

/**
 * One participant's line of the cohort report: attendance of the sessions held, completer or not, the
 * latest GAS review, and each measure's change from the last score up to the first session to the first
 * score from the last session on. One rule for the service and the benchmark's hand-written baseline.
 */
export function cohortParticipant(
  e: { id: number; patient_id: number; status: string; surname: string; forename: string },
  marks: CohortMarks,
  review:
    | {
        review_date: string;
        t_score: number | null;
        baseline_t_score: number | null;
        change: number | null;
        label: string;
      }
    | undefined,
  scoredByMeasure: ReadonlyMap<string, readonly ScoredAdministration[]> | undefined,
  c: { sessionsHeld: number; sessionsToComplete: number; first: string; last: string; lastHeld: boolean },
): CohortParticipant {
  const measures: CohortMeasureChange[] = [];
  for (const measure of MEASURE_IDS) {
    if (MEASURES[measure].changeFlags.length === 0) continue;
    const scored = scoredByMeasure?.get(measure);
    if (!scored) continue;
    // Start: the last score in the window up to and including the first session.
    const start = scored.findLast((m) => m.administered_on <= c.first);
    // End: the first score from the last session on, once the last session has been held.
    const end = c.lastHeld ? scored.find((m) => m.administered_on >= c.last) : undefined;
    if (!start || !end || start.id === end.id) continue;
    measures.push({
      measure,
      start: { date: start.administered_on, total: start.total },
      end: { date: end.administered_on, total: end.total },
      change: meaningfulChange(measure, start.score, end.score),
    });
  }
  return {
    enrolmentId: e.id,
    patientId: e.patient_id,
    patientName: displayName(e),
    status: e.status === 'withdrawn' ? 'withdrawn' : 'enrolled',
    attended: marks.attended,
    apologies: marks.apologies,
    dna: marks.dna,
    notRecorded: c.sessionsHeld - marks.marked,
    attendancePercent: c.sessionsHeld === 0 ? null : (100 * marks.attended) / c.sessionsHeld,
    completer: marks.attended >= c.sessionsToComplete,
    gas: review
      ? {
          reviewDate: review.review_date,
          tScore: review.t_score,
          baselineTScore: review.baseline_t_score,
          change: review.change,
          label: review.label,
        }
      : null,
    measures,
  };
}

export async function cohortReport(ctx: HandlerContext, programmeId: number): Promise<CohortReport> {
  const db = ctx.conn.db;
  const rows = await programmeRows(db, programmeId);
  const programme = programmeHeader(rows);
  const asOf = londonToday(ctx.now());
  const total = programme.sessions.length;
  const held = programme.sessions.filter((s) => s.date <= asOf);
  const heldIds = new Set(held.map((s) => s.id));
  const sessionsToComplete = sessionsToCompleteOf(programme.completionPercent, total);
  const first = programme.sessions[0]!.date;
  const last = programme.sessions[total - 1]!.date;
  const lastHeld = last <= asOf;

  const [reviews, measureRows] = await Promise.all([
    reviewsForCohort.all(db, { programmeId, from: first, to: asOf }),
    measuresForCohort.all(db, {
      programmeId,
      from: addCalendarDays(first, -COHORT_MEASURE_WINDOW_DAYS),
      to: addCalendarDays(last, COHORT_MEASURE_WINDOW_DAYS),
    }),
  ]);
  const latestReview = new Map<number, (typeof reviews)[number]>();
  for (const r of reviews) latestReview.set(r.plan_id, r); // ordered by date: the last one wins
  // Each patient's scored administrations by measure, oldest first (the rows come by patient, measure, date).
  type Scored = (typeof measureRows)[number] & { score: MeasureScore };
  const scoredBy = new Map<number, Map<string, Scored[]>>();
  for (const m of measureRows) {
    const score = JSON.parse(m.score_json) as MeasureScore;
    if (!isScored(score)) continue;
    let mine = scoredBy.get(m.patient_id);
    if (!mine) scoredBy.set(m.patient_id, (mine = new Map()));
    const row = { ...m, score };
    const list = mine.get(m.measure);
    if (list) list.push(row);
    else mine.set(m.measure, [row]);
  }
  // Each enrolment's marks for the sessions held so far.
  const marksBy = new Map<number, CohortMarks>();
  for (const a of rows.attendance) {
    if (!heldIds.has(a.session_id)) continue;
    let m = marksBy.get(a.enrolment_id);
    if (!m) marksBy.set(a.enrolment_id, (m = { attended: 0, apologies: 0, dna: 0, marked: 0 }));
    m.marked += 1;
    if (a.status === 'attended') m.attended += 1;
    else if (a.status === 'apologies') m.apologies += 1;
    else if (a.status === 'dna') m.dna += 1;
  }

  const noMarks: CohortMarks = { attended: 0, apologies: 0, dna: 0, marked: 0 };
  const participants = rows.enrolments.map((e) =>
    cohortParticipant(
      e,
      marksBy.get(e.id) ?? noMarks,
      e.plan_id === null ? undefined : latestReview.get(e.plan_id),
      scoredBy.get(e.patient_id),
      { sessionsHeld: held.length, sessionsToComplete, first, last, lastHeld },
    ),
  );

  // The GAS set in use (Settings › Clinical rule sets), recorded as the reviews are (db/services/rehab.ts).
  const gasRules = activeRuleSet(ctx.conn, 'gas');
  return {
    programme,
    asOf,
    ...cohortFigures({
      participants,
      sessionsHeld: held.length,
      sessionsTotal: total,
      sessionsToComplete,
      completionPercent: programme.completionPercent,
      firstSession: first,
      lastSession: last,
    }),
    ruleSets: [
      { id: REHAB_MEASURES_RULE_SET.id, version: REHAB_MEASURES_RULE_SET.version },
      { id: gasRules.setKey, version: gasRules.version },
    ],
  };
}

/**
 * The cohort report's figures from its participants: sessions and the completion rule, attendance %,
 * completers, GAS change (mean, with a review, at or above the expected level) and, per measure, how many
 * participants improved or deteriorated meaningfully; with the rules stated in words. One implementation for
 * the service and the benchmark's hand-written baseline.
 */
export function cohortFigures(input: {
  participants: CohortParticipant[];
  sessionsHeld: number;
  sessionsTotal: number;
  sessionsToComplete: number;
  completionPercent: number;
  firstSession: string;
  lastSession: string;
}): Pick<
  CohortReport,
  | 'sessionsHeld'
  | 'sessionsToComplete'
  | 'completionRule'
  | 'attendancePercent'
  | 'participants'
  | 'completers'
  | 'gas'
  | 'measures'
  | 'measureRule'
> {
  const { participants, sessionsHeld, sessionsTotal: total, sessionsToComplete } = input;
  const byMeasure = new Map<MeasureId, CohortMeasureSummary>();
  for (const p of participants)
    for (const m of p.measures) {
      const row = byMeasure.get(m.measure) ?? {
        measure: m.measure,
        paired: 0,
        improved: 0,
        deteriorated: 0,
        percentImproved: null,
      };
      row.paired += 1;
      if (m.change.meaningful && m.change.improved === true) row.improved += 1;
      if (m.change.meaningful && m.change.improved === false) row.deteriorated += 1;
      row.percentImproved = (100 * row.improved) / row.paired;
      byMeasure.set(m.measure, row);
    }
  const gasChanges = participants.map((p) => p.gas?.change).filter((c) => c !== null && c !== undefined);
  const attendedTotal = participants.reduce((a, p) => a + p.attended, 0);
  const slots = participants.length * sessionsHeld;
  return {
    sessionsHeld,
    sessionsToComplete,
    completionRule:
      `A completer attended at least ${input.completionPercent}% of the programme’s ${total} ` +
      `session${total === 1 ? '' : 's'} (${sessionsToComplete} or more).`,
    attendancePercent: slots === 0 ? null : (100 * attendedTotal) / slots,
    participants,
    completers: participants.filter((p) => p.completer).length,
    gas: {
      withReview: participants.filter((p) => p.gas !== null).length,
      meanChange: gasChanges.length === 0 ? null : gasChanges.reduce((a, b) => a + b, 0) / gasChanges.length,
      atOrAboveExpected: participants.filter((p) => (p.gas?.tScore ?? -Infinity) >= 50 - EPSILON).length,
    },
    measures: MEASURE_IDS.map((m) => byMeasure.get(m)).filter((x) => x !== undefined),
    measureRule:
      `Start: each measure’s last score in the ${COHORT_MEASURE_WINDOW_DAYS} days up to and including the ` +
      `first session (${formatDateGb(input.firstSession)}). End: its first score from the last session ` +
      `(${formatDateGb(input.lastSession)}) to ${COHORT_MEASURE_WINDOW_DAYS} days after. Meaningful change by each ` +
      'measure’s own threshold. GAS: the latest goal review since the first session (change since baseline).',
  };
}
