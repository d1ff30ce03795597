/** Running the meeting: attendance, leaving and rejoining, starting a case. */
import { formatDateGb, formatInstantGb, londonToday } from '../../shared/dates';
import { ATTENDANCE_LABELS, type AttendanceView, type MeetingDetail } from '../../shared/domain/mdt';
import { AppError } from '../../shared/result';
import { disciplineOf, toMeetingType } from '../mappers/mdt';
import { meetingTypeRow } from '../queries/mdt';
import { writeAudit } from './audit';
import type { HandlerContext, Trx } from './context';
import { userId, nowInstant } from './mdt-common';
import { meetingRow, listingRow, meetingAttendance, meetingDetail } from './mdt-meetings';
import { changedByOtherError } from './stale-edit';

// ---------------- attendance and running the meeting ----------------

const COUNTING = ['present', 'remote', 'deputy'];

/**
 * Keeps the attendance row's first join / last leave in step with its intervals (for lists and exports).
 * `moveOn`: a leaving or rejoining is a change of the attendance, so its version moves on (issue 19).
 */
async function syncAttendanceTimes(trx: Trx, attendanceId: number, at: string, moveOn = false) {
  const intervals = await trx
    .selectFrom('mdt_attendance_intervals')
    .select(['joined_at', 'left_at'])
    .where('attendance_id', '=', attendanceId)
    .orderBy('id')
    .execute();
  const last = intervals[intervals.length - 1];
  await trx
    .updateTable('mdt_attendance')
    .set((eb) => ({
      joined_at: intervals[0]?.joined_at ?? null,
      left_at: last?.left_at ?? null,
      updated_at: at,
      ...(moveOn ? { version: eb('version', '+', 1) } : {}),
    }))
    .where('id', '=', attendanceId)
    .execute();
}

const ATTENDANCE_AUDITS = ['mdt.attendance.set', 'mdt.attendance.leave', 'mdt.attendance.rejoin'];

/**
 * One person's attendance changed after the screen read it (issue 19): the refusal says what it is now and
 * who changed it, when. Attendance is audited under the meeting: the audit rows about this person are those
 * recording them (`user_id`) or one of their join/leave intervals (`attendance_id`).
 */
async function attendanceChangedError(
  trx: Trx,
  meetingId: number,
  who: { id: number; name: string },
  readNone: boolean,
) {
  const now = await trx
    .selectFrom('mdt_attendance')
    .select(['id', 'status', 'left_at'])
    .where('meeting_id', '=', meetingId)
    .where('user_id', '=', who.id)
    .executeTakeFirst();
  const label = now ? (ATTENDANCE_LABELS[now.status as AttendanceView['status']] ?? now.status) : '';
  const left =
    now && COUNTING.includes(now.status) && now.left_at
      ? `, left at ${formatInstantGb(now.left_at).split(' ')[1]}`
      : '';
  const is = now ? `it is now ${label.toLowerCase()}${left}` : 'it is no longer recorded';
  const happened = readNone ? 'was recorded' : 'changed';
  const about = ({ before, after }: { before: unknown; after: unknown }) =>
    [before, after].some((x) => {
      const r = (x ?? {}) as { user_id?: unknown; attendance_id?: unknown };
      return r.user_id === who.id || (now !== undefined && r.attendance_id === now.id);
    });
  return changedByOtherError(
    trx,
    `${who.name}’s attendance ${happened} after you read it: ${is}. Yours was not saved.`,
    [{ entity: 'mdt_meeting', entityId: meetingId, actions: ATTENDANCE_AUDITS, about }],
  );
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
    /** The person's attendance version as the screen showed it; null: the screen showed none recorded. */
    version: number | null;
  },
) {
  await ctx.conn.db.transaction().execute(async (trx) => {
    const meeting = await meetingRow(trx, input.meetingId);
    const user = await trx
      .selectFrom('users')
      .select(['id', 'role', 'display_name'])
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
    // Issue 19: a change made against an older state of this person's attendance than the one stored (a
    // colleague recorded it, or they left or rejoined, since the screen was read) is refused, naming who
    // changed it and when: it could make quorum look met when it is not. Written only if still as read.
    const refused = () =>
      attendanceChangedError(
        trx,
        meeting.id,
        { id: user.id, name: user.display_name },
        input.version === null,
      );
    if ((before?.version ?? null) !== input.version) throw await refused();
    const row = before
      ? await trx
          .updateTable('mdt_attendance')
          .set((eb) => ({
            discipline: values.discipline,
            status: values.status,
            deputy_for_user_id: values.deputy_for_user_id,
            updated_at: at,
            version: eb('version', '+', 1),
          }))
          .where('id', '=', before.id)
          .where('version', '=', before.version)
          .returning('id')
          .executeTakeFirst()
      : await trx
          .insertInto('mdt_attendance')
          .values(values)
          .onConflict((oc) => oc.columns(['meeting_id', 'user_id']).doNothing())
          .returning('id')
          .executeTakeFirst();
    if (!row) throw await refused();
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
    await syncAttendanceTimes(trx, a.id, at, true);
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
    await syncAttendanceTimes(trx, a.id, at, true);
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
