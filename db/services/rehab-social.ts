import type { Selectable, Updateable } from 'kysely';
import type { z } from 'zod';
import { meaningfulChange, type ChangeResult } from '../../shared/clinical/rehab/change';
import { REHAB_MEASURES_RULE_SET } from '../../shared/clinical/rehab/measures';
import type { MeasureScore } from '../../shared/clinical/rehab/scoring';
import { formatDateGb, londonToday } from '../../shared/dates';
import { displayName } from '../../shared/domain/patient';
import {
  SP_ACTIVITY_LABELS,
  SP_SNOMED,
  SP_STATUSES,
  type spAttendanceInputSchema,
  type spDeclineInputSchema,
  type spMeasuresInputSchema,
  type spOutcomeInputSchema,
  type spReferralInputSchema,
  type SpActivityType,
  type SpGpMessage,
  type SpList,
  type SpMeasureLink,
  type SpOutcomeMeasure,
  type SpReferral,
  type SpRoute,
  type SpStatus,
} from '../../shared/domain/rehab';
import { formatNhsNumber } from '../../shared/nhs-number';
import { AppError } from '../../shared/result';
import {
  measuresByIds,
  spAttendanceFor,
  spCountsByStatus,
  spList,
  spReferralById,
  spReferralsForPatient,
} from '../queries/rehab-social';
import type { RehabSpAttendanceTable, RehabSpReferralsTable } from '../schema-rehab';
import { writeAudit } from './audit';
import type { HandlerContext, Trx } from './context';
import { refuse, refuseDateOutside, requirePatient, requireVersion, type Db } from './rehab-common';

type ReferralData = z.output<typeof spReferralInputSchema>;
type AttendanceData = z.output<typeof spAttendanceInputSchema>;
type MeasuresData = z.output<typeof spMeasuresInputSchema>;
type OutcomeData = z.output<typeof spOutcomeInputSchema>;
type DeclineData = z.output<typeof spDeclineInputSchema>;
type ReferralRow = Selectable<RehabSpReferralsTable> & { referrer_name: string | null };
type MeasureRow = Awaited<ReturnType<typeof measuresByIds>>[number];

const CLOSED: readonly string[] = ['completed', 'stopped', 'declined'];

function toLink(row: MeasureRow | undefined): SpMeasureLink | null {
  if (!row) return null;
  const score = JSON.parse(row.score_json) as MeasureScore;
  return {
    id: row.id,
    administeredOn: row.administered_on,
    total: row.total,
    band: row.band,
    profile: score.profile ?? null,
    metric: score.metric ?? null,
  };
}

function changeOf(measure: string | null, before?: MeasureRow, after?: MeasureRow): ChangeResult | null {
  if (!measure || !before || !after) return null;
  return meaningfulChange(
    measure as SpOutcomeMeasure,
    JSON.parse(before.score_json) as MeasureScore,
    JSON.parse(after.score_json) as MeasureScore,
  );
}

function toReferral(
  row: ReferralRow,
  attendance: Selectable<RehabSpAttendanceTable>[],
  measures: Map<number, MeasureRow>,
): SpReferral {
  const before = row.before_measure_id === null ? undefined : measures.get(row.before_measure_id);
  const after = row.after_measure_id === null ? undefined : measures.get(row.after_measure_id);
  const snomed = row.status === 'declined' ? SP_SNOMED.declined : SP_SNOMED.referred;
  const mine = attendance.filter((a) => a.referral_id === row.id);
  return {
    id: row.id,
    patientId: row.patient_id,
    referredOn: row.referred_on,
    referrerName: row.referrer_name,
    route: row.route as SpRoute,
    linkWorker: row.link_worker,
    activityType: row.activity_type as SpActivityType,
    activity: row.activity,
    provider: row.provider,
    frequency: row.frequency,
    reason: row.reason,
    status: row.status as SpStatus,
    snomed: { code: snomed.code, term: snomed.term },
    startedOn: row.started_on,
    endedOn: row.ended_on,
    endReason: row.end_reason,
    declinedOn: row.declined_on,
    declinedReason: row.declined_reason,
    outcomeMeasure: row.outcome_measure as SpOutcomeMeasure | null,
    before: toLink(before),
    after: toLink(after),
    change: changeOf(row.outcome_measure, before, after),
    ruleSet: { id: REHAB_MEASURES_RULE_SET.id, version: REHAB_MEASURES_RULE_SET.version },
    outcomeNotes: row.outcome_notes,
    patientExperience: row.patient_experience,
    attendance: mine.map((a) => ({
      id: a.id,
      sessionDate: a.session_date,
      attended: a.attended === 1,
      note: a.note,
    })),
    attendedCount: mine.filter((a) => a.attended === 1).length,
    version: row.version,
  };
}

async function loadReferrals(db: Db, rows: ReferralRow[]): Promise<SpReferral[]> {
  const attendance = await spAttendanceFor(
    db,
    rows.map((r) => r.id),
  );
  const ids = rows.flatMap((r) => [r.before_measure_id, r.after_measure_id]).filter((x) => x !== null);
  const measures = new Map((await measuresByIds(db, ids)).map((m) => [m.id, m]));
  return rows.map((r) => toReferral(r, attendance, measures));
}

export async function loadReferral(db: Db, id: number): Promise<SpReferral> {
  const row = await spReferralById(db, id);
  if (!row) throw new AppError('NOT_FOUND', 'That social prescribing referral does not exist.');
  return (await loadReferrals(db, [row]))[0]!;
}

/** Audit snapshot: the referral without its attendance log (each attendance row is audited itself). */
function snapshot(r: SpReferral): Record<string, unknown> {
  return { ...r, attendance: undefined, change: r.change ? { ...r.change } : null };
}

async function requireReferral(trx: Trx, id: number, version?: number): Promise<ReferralRow> {
  const row = await spReferralById(trx, id);
  if (!row) throw new AppError('NOT_FOUND', 'That social prescribing referral does not exist.');
  if (version !== undefined && row.version !== version) {
    // Attendance is audited under its own rows, and changes the referral's version too.
    const attendances = await trx
      .selectFrom('rehab_sp_attendance')
      .select('id')
      .where('referral_id', '=', id)
      .execute();
    await requireVersion(trx, row.version, version, {
      entity: 'rehab_sp_referral',
      entityId: id,
      thing: 'social prescribing referral',
      related: attendances.map((a) => ({ entity: 'rehab_sp_attendance', entityId: a.id })),
    });
  }
  return row;
}

/** Saves a change to a referral (a new version) and audits it; returns the referral as saved. */
async function updateReferral(
  trx: Trx,
  ctx: HandlerContext,
  row: ReferralRow,
  set: Updateable<RehabSpReferralsTable>,
  audit: {
    action: string;
    before: Record<string, unknown>;
    after: (referral: SpReferral) => Record<string, unknown>;
  },
): Promise<SpReferral> {
  await trx
    .updateTable('rehab_sp_referrals')
    .set({ ...set, updated_at: ctx.now().toISOString(), version: row.version + 1 })
    .where('id', '=', row.id)
    .execute();
  const referral = await loadReferral(trx, row.id);
  await writeAudit(trx, ctx, {
    action: audit.action,
    entity: 'rehab_sp_referral',
    entityId: row.id,
    patientId: row.patient_id,
    before: audit.before,
    after: audit.after(referral),
  });
  return referral;
}

/** Dates of the social prescription's events may not fall before the referral. */
const referral = (row: ReferralRow) => ({ date: row.referred_on, what: 'referral' });

export async function spReferralsOf(ctx: HandlerContext, patientId: number): Promise<SpReferral[]> {
  await requirePatient(ctx.conn.db, patientId);
  return loadReferrals(ctx.conn.db, await spReferralsForPatient(ctx.conn.db, patientId));
}

export async function spRefer(ctx: HandlerContext, input: ReferralData): Promise<SpReferral> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    await requirePatient(trx, input.patientId);
    refuseDateOutside(ctx, 'referredOn', 'referral date', input.referredOn);
    const at = ctx.now().toISOString();
    const { id } = await trx
      .insertInto('rehab_sp_referrals')
      .values({
        patient_id: input.patientId,
        referred_on: input.referredOn,
        referrer_id: ctx.session?.userId ?? null,
        route: input.route,
        link_worker: input.linkWorker,
        activity_type: input.activityType,
        activity: input.activity,
        provider: input.provider,
        frequency: input.frequency,
        reason: input.reason,
        status: 'referred',
        snomed_code: SP_SNOMED.referred.code,
        started_on: null,
        ended_on: null,
        end_reason: null,
        declined_on: null,
        declined_reason: null,
        outcome_measure: null,
        before_measure_id: null,
        after_measure_id: null,
        outcome_notes: null,
        patient_experience: null,
        created_at: at,
        created_by: ctx.session?.userId ?? null,
        updated_at: at,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const referral = await loadReferral(trx, id);
    await writeAudit(trx, ctx, {
      action: 'rehab.spRefer',
      entity: 'rehab_sp_referral',
      entityId: id,
      patientId: input.patientId,
      after: snapshot(referral),
    });
    return referral;
  });
}

export async function spRecordAttendance(ctx: HandlerContext, input: AttendanceData): Promise<SpReferral> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const row = await requireReferral(trx, input.referralId);
    if (row.status === 'declined')
      throw new AppError('CONFLICT', 'The patient declined this referral; there is no attendance to record.');
    if (CLOSED.includes(row.status))
      throw new AppError(
        'CONFLICT',
        'This social prescription is closed; attendance can no longer be added.',
      );
    refuseDateOutside(ctx, 'sessionDate', 'session date', input.sessionDate, referral(row));
    const dup = await trx
      .selectFrom('rehab_sp_attendance')
      .select('id')
      .where('referral_id', '=', row.id)
      .where('session_date', '=', input.sessionDate)
      .executeTakeFirst();
    if (dup) refuse('sessionDate', 'A session on this date is already recorded.', 'CONFLICT');
    const at = ctx.now().toISOString();
    const { id } = await trx
      .insertInto('rehab_sp_attendance')
      .values({
        referral_id: row.id,
        patient_id: row.patient_id,
        session_date: input.sessionDate,
        attended: input.attended ? 1 : 0,
        note: input.note,
        created_at: at,
        created_by: ctx.session?.userId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const starts = input.attended && (row.started_on === null || input.sessionDate < row.started_on);
    await trx
      .updateTable('rehab_sp_referrals')
      .set({
        ...(starts ? { started_on: input.sessionDate } : {}),
        ...(input.attended && row.status === 'referred' ? { status: 'attending' } : {}),
        updated_at: at,
        version: row.version + 1,
      })
      .where('id', '=', row.id)
      .execute();
    await writeAudit(trx, ctx, {
      action: 'rehab.spAttendance',
      entity: 'rehab_sp_attendance',
      entityId: id,
      patientId: row.patient_id,
      after: {
        referralId: row.id,
        sessionDate: input.sessionDate,
        attended: input.attended,
        note: input.note,
      },
    });
    return loadReferral(trx, row.id);
  });
}

export async function spLinkMeasures(ctx: HandlerContext, input: MeasuresData): Promise<SpReferral> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const row = await requireReferral(trx, input.referralId, input.version);
    if (row.status === 'declined')
      throw new AppError('CONFLICT', 'The patient declined this referral; there are no outcomes to link.');
    const ids = [input.beforeMeasureId, input.afterMeasureId].filter((x) => x !== null);
    const found = new Map((await measuresByIds(trx, ids)).map((m) => [m.id, m]));
    const check = (field: 'beforeMeasureId' | 'afterMeasureId', mid: number | null) => {
      if (mid === null) return undefined;
      const m = found.get(mid);
      if (!m || m.patient_id !== row.patient_id)
        refuse(field, 'Choose one of this patient’s recorded measures.');
      if (m.measure !== input.measure) refuse(field, `Choose a ${input.measure} administration.`);
      return m;
    };
    const before = check('beforeMeasureId', input.beforeMeasureId);
    const after = check('afterMeasureId', input.afterMeasureId);
    if (before && row.started_on !== null && before.administered_on > row.started_on)
      refuse(
        'beforeMeasureId',
        `The “before” measure must be on or before the first session attended (${formatDateGb(row.started_on)}).`,
      );
    if (after) {
      if (row.started_on === null)
        refuse('afterMeasureId', 'Link an “after” measure once the patient has attended a session.');
      if (after.administered_on < row.started_on)
        refuse(
          'afterMeasureId',
          `The “after” measure must be on or after the first session attended (${formatDateGb(row.started_on)}).`,
        );
      if (before && (after.id === before.id || after.administered_on <= before.administered_on))
        refuse('afterMeasureId', 'The “after” measure must be later than the “before” measure.');
    }
    const previous = await loadReferral(trx, row.id);
    return updateReferral(
      trx,
      ctx,
      row,
      {
        outcome_measure: input.measure,
        before_measure_id: input.beforeMeasureId,
        after_measure_id: input.afterMeasureId,
      },
      {
        action: 'rehab.spLinkMeasures',
        before: { measure: previous.outcomeMeasure, before: previous.before?.id, after: previous.after?.id },
        after: (referral) => ({
          measure: referral.outcomeMeasure,
          before: referral.before?.id ?? null,
          after: referral.after?.id ?? null,
          change: referral.change,
          ruleSet: referral.ruleSet,
        }),
      },
    );
  });
}

export async function spRecordOutcome(ctx: HandlerContext, input: OutcomeData): Promise<SpReferral> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const row = await requireReferral(trx, input.referralId, input.version);
    if (CLOSED.includes(row.status))
      throw new AppError(
        'CONFLICT',
        row.status === 'declined'
          ? 'The patient declined this referral; it has no outcome to record.'
          : 'The outcome of this social prescription is already recorded.',
      );
    refuseDateOutside(ctx, 'endedOn', 'end date', input.endedOn, referral(row));
    const last = await trx
      .selectFrom('rehab_sp_attendance')
      .select(({ fn }) => [fn.max('session_date').as('last'), fn.sum<number>('attended').as('attended')])
      .where('referral_id', '=', row.id)
      .executeTakeFirstOrThrow();
    if (input.status === 'completed' && !Number(last.attended))
      refuse('status', 'No session was attended: record the attendance first, or choose “stopped”.');
    if (last.last && input.endedOn < last.last)
      refuse('endedOn', `The end date is before the last session recorded (${formatDateGb(last.last)}).`);
    return updateReferral(
      trx,
      ctx,
      row,
      {
        status: input.status,
        ended_on: input.endedOn,
        end_reason: input.status === 'stopped' ? input.endReason : null,
        outcome_notes: input.outcomeNotes,
        patient_experience: input.patientExperience,
      },
      { action: 'rehab.spOutcome', before: { status: row.status }, after: snapshot },
    );
  });
}

export async function spDecline(ctx: HandlerContext, input: DeclineData): Promise<SpReferral> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const row = await requireReferral(trx, input.referralId, input.version);
    if (row.status !== 'referred')
      throw new AppError(
        'CONFLICT',
        row.status === 'declined'
          ? 'This referral is already recorded as declined.'
          : 'The patient has already started; record the outcome as “stopped” instead.',
      );
    refuseDateOutside(ctx, 'declinedOn', 'date declined', input.declinedOn, referral(row));
    return updateReferral(
      trx,
      ctx,
      row,
      {
        status: 'declined',
        snomed_code: SP_SNOMED.declined.code,
        declined_on: input.declinedOn,
        declined_reason: input.reason,
      },
      {
        action: 'rehab.spDecline',
        before: { status: row.status, snomedCode: row.snomed_code },
        after: snapshot,
      },
    );
  });
}

export async function spServiceList(
  ctx: HandlerContext,
  status: SpStatus | null,
  limit: number,
): Promise<SpList> {
  const [rows, counts] = await Promise.all([
    spList(ctx.conn.db, status, limit),
    spCountsByStatus(ctx.conn.db),
  ]);
  const byStatus = Object.fromEntries(SP_STATUSES.map((s) => [s, 0])) as Record<SpStatus, number>;
  for (const c of counts) if (c.status in byStatus) byStatus[c.status as SpStatus] = Number(c.n);
  return {
    items: rows.map((r) => ({
      id: r.id,
      patientId: r.patient_id,
      patientName: displayName(r),
      nhsNumber: r.nhs_number,
      referredOn: r.referred_on,
      route: r.route as SpRoute,
      activityType: r.activity_type as SpActivityType,
      activity: r.activity,
      status: r.status as SpStatus,
      attendedCount: Number(r.attended ?? 0),
      sessionCount: Number(r.sessions ?? 0),
    })),
    byStatus,
    total: status === null ? SP_STATUSES.reduce((a, s) => a + byStatus[s], 0) : byStatus[status],
  };
}

// ---- The message back to the GP --------------------------------------------------------------------

function longDate(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${iso}T00:00:00Z`));
}

const MEASURE_WORDS: Record<SpOutcomeMeasure, string> = {
  SWEMWBS: 'mental wellbeing (SWEMWBS, metric score 7 to 35, higher is better)',
  'EQ-5D-5L':
    'health today (EQ-5D-5L: the five-digit profile, where 1 is no problems, and the EQ VAS 0 to 100)',
};

function measureValue(measure: SpOutcomeMeasure, m: SpMeasureLink): string {
  if (measure === 'SWEMWBS')
    return m.metric === null ? 'not scored (an item was missing)' : m.metric.toFixed(2);
  const vas = m.total === null ? 'no EQ VAS' : `EQ VAS ${m.total}`;
  return m.profile === null ? vas : `profile ${m.profile}, ${vas}`;
}

function measureSentences(r: SpReferral, forename: string): string[] {
  const measure = r.outcomeMeasure;
  if (!measure || (!r.before && !r.after))
    return ['No wellbeing measure was linked to this social prescription.'];
  const out: string[] = [];
  const what = MEASURE_WORDS[measure];
  if (r.before && r.after) {
    out.push(
      `We measured ${forename}’s ${what} before and after: ${measureValue(measure, r.before)} on ` +
        `${longDate(r.before.administeredOn)}, and ${measureValue(measure, r.after)} on ` +
        `${longDate(r.after.administeredOn)}.`,
    );
    if (r.change) {
      const verdict = !r.change.meaningful
        ? 'This is not a meaningful change by the measure’s agreed threshold.'
        : r.change.improved
          ? 'This is a meaningful improvement by the measure’s agreed threshold.'
          : 'This is a meaningful deterioration by the measure’s agreed threshold.';
      out.push(verdict);
    }
  } else if (r.before) {
    out.push(
      `Before starting, ${forename}’s ${what} was ${measureValue(measure, r.before)} ` +
        `(${longDate(r.before.administeredOn)}); there is no later measure yet to compare it with.`,
    );
  } else if (r.after) {
    out.push(
      `After the activity, ${forename}’s ${what} was ${measureValue(measure, r.after)} ` +
        `(${longDate(r.after.administeredOn)}); there was no measure beforehand to compare it with.`,
    );
  }
  return out;
}

export async function spGpMessage(ctx: HandlerContext, referralId: number): Promise<SpGpMessage> {
  const db = ctx.conn.db;
  const r = await loadReferral(db, referralId);
  const p = await db
    .selectFrom('patients')
    .select(['surname', 'forename', 'date_of_birth', 'nhs_number', 'gp_practice'])
    .where('id', '=', r.patientId)
    .executeTakeFirstOrThrow();
  const me = ctx.session
    ? await db
        .selectFrom('users')
        .select('display_name')
        .where('id', '=', ctx.session.userId)
        .executeTakeFirst()
    : undefined;
  const name = `${p.forename} ${p.surname}`;
  const forename = p.forename;
  const activity = `${SP_ACTIVITY_LABELS[r.activityType].toLowerCase()}: ${r.activity}${r.provider ? ` (${r.provider})` : ''}`;
  const to =
    r.route === 'link-worker'
      ? `a social prescribing link worker (${r.linkWorker ?? 'the local link worker service'}) for ${activity}`
      : `a community activity, ${activity}`;
  const paragraphs: string[] = [
    `On ${longDate(r.referredOn)} the pain service referred ${name} to ${to}${r.frequency ? `, planned ${r.frequency}` : ''}. ` +
      `Reason for the referral: ${r.reason.replace(/\.$/, '')}.`,
  ];
  const attended = r.attendance.filter((a) => a.attended);
  if (r.status === 'declined') {
    paragraphs.push(
      `${forename} declined this referral on ${longDate(r.declinedOn ?? r.referredOn)}. ` +
        `The reason given: ${(r.declinedReason ?? 'none recorded').replace(/\.$/, '')}. We have recorded ` +
        `it as declined, and ${forename} can ask us to refer again at any time.`,
    );
  } else {
    if (r.attendance.length === 0)
      paragraphs.push(`${forename} has not started yet; we will write again when there is news.`);
    else {
      const first = attended[0]?.sessionDate;
      const lastAttended = attended[attended.length - 1]?.sessionDate;
      paragraphs.push(
        `${forename} attended ${attended.length} of the ${r.attendance.length} sessions we have a record of` +
          (first && lastAttended
            ? first === lastAttended
              ? `, on ${longDate(first)}.`
              : `, between ${longDate(first)} and ${longDate(lastAttended)}.`
            : '.'),
      );
    }
    paragraphs.push(...measureSentences(r, forename));
    if (r.status === 'completed')
      paragraphs.push(`${forename} completed the activity on ${longDate(r.endedOn ?? r.referredOn)}.`);
    if (r.status === 'stopped')
      paragraphs.push(
        `${forename} stopped on ${longDate(r.endedOn ?? r.referredOn)}; the reason given was ` +
          `${r.endReason ?? 'not recorded'}.`,
      );
    if (r.status === 'attending') paragraphs.push(`${forename} is still taking part.`);
    if (r.outcomeNotes) paragraphs.push(`Outcome: ${r.outcomeNotes.replace(/\.$/, '')}.`);
    if (r.patientExperience)
      paragraphs.push(`In ${forename}’s words: “${r.patientExperience.replace(/\.$/, '')}.”`);
  }
  paragraphs.push(
    `For the GP record, the SNOMED CT code is ${r.snomed.code}: ${r.snomed.term}. ` +
      'No action is needed from you unless you wish to follow this up.',
  );
  const nhs = p.nhs_number ? `, NHS number ${formatNhsNumber(p.nhs_number)}` : '';
  return {
    referralId: r.id,
    patientId: r.patientId,
    patient: {
      name,
      dateOfBirth: p.date_of_birth,
      nhsNumber: p.nhs_number,
      gpPractice: p.gp_practice,
    },
    subject: `Social prescribing: ${name}, born ${formatDateGb(p.date_of_birth)}${nhs}`,
    paragraphs,
    snomed: r.snomed,
    from: me?.display_name ?? 'The Pain Management Service',
    writtenOn: londonToday(ctx.now()),
  };
}
