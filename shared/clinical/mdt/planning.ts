/**
 * Time planning for a meeting list: minutes per case, running total against the meeting length, planned
 * start and finish per case, and a live forecast of the finish time during the meeting.
 */
import { ClinicalInputError } from '../errors';
import {
  epochToLocalDateTime,
  formatInstant,
  localDateTimeToEpoch,
  parseInstant,
  type Instant,
  type LocalDateTime,
} from './time';

const MS_PER_MINUTE = 60_000;

/** Input to {@link planMeetingTime}. */
export interface MeetingPlanInput {
  /** Europe/London wall clock, e.g. `2026-11-03T09:00`. */
  meetingStart: LocalDateTime;
  durationMinutes: number;
  /** Cases in list order, each with its planned minutes (a whole number, zero or more). */
  cases: readonly { id: string; minutes: number }[];
}

/** One case in a meeting plan. */
export interface PlannedCase {
  id: string;
  minutes: number;
  /** Minutes from the meeting start to this case's start. */
  startOffsetMinutes: number;
  /** Running total: minutes from the meeting start to this case's finish. */
  runningTotalMinutes: number;
  plannedStartLocal: LocalDateTime;
  plannedFinishLocal: LocalDateTime;
  plannedStartAt: Instant;
  plannedFinishAt: Instant;
  /** Minutes this case's finish runs past the meeting end (0 if it finishes in time). */
  overrunMinutes: number;
  fitsInMeeting: boolean;
}

/** A meeting plan. */
export interface MeetingPlan {
  meetingStartAt: Instant;
  meetingEndLocal: LocalDateTime;
  meetingEndAt: Instant;
  durationMinutes: number;
  totalMinutes: number;
  /** Minutes left over at the end (0 if the list over-runs). */
  spareMinutes: number;
  /** Minutes the whole list runs past the meeting end (0 if it fits). */
  overrunMinutes: number;
  /** Europe/London wall clock at which the list is planned to finish. */
  plannedFinishLocal: LocalDateTime;
  plannedFinishAt: Instant;
  cases: PlannedCase[];
}

function checkMinutes(value: number, field: string, allowZero: boolean): void {
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `${field} must be a whole number of minutes${allowZero ? ', zero or more' : ' of at least 1'}.`,
      field,
    );
  }
}

/**
 * Plans the list: each case starts when the previous one finishes. Times are computed on the UTC time line
 * and shown in Europe/London wall-clock time.
 *
 * @throws ClinicalInputError for a bad start, a non-positive duration, or case minutes that are not whole
 *   numbers of zero or more
 */
export function planMeetingTime(input: MeetingPlanInput): MeetingPlan {
  checkMinutes(input.durationMinutes, 'durationMinutes', false);
  const start = localDateTimeToEpoch(input.meetingStart, 'meetingStart');
  const end = start + input.durationMinutes * MS_PER_MINUTE;
  let offset = 0;
  const cases = input.cases.map((c, i): PlannedCase => {
    if (typeof c.id !== 'string' || c.id === '') {
      throw new ClinicalInputError('INVALID_INPUT', `cases[${i}].id is required.`, `cases[${i}].id`);
    }
    checkMinutes(c.minutes, `cases[${i}].minutes`, true);
    const caseStart = start + offset * MS_PER_MINUTE;
    offset += c.minutes;
    const caseEnd = start + offset * MS_PER_MINUTE;
    const over = Math.max(0, offset - input.durationMinutes);
    return {
      id: c.id,
      minutes: c.minutes,
      startOffsetMinutes: offset - c.minutes,
      runningTotalMinutes: offset,
      plannedStartLocal: epochToLocalDateTime(caseStart),
      plannedFinishLocal: epochToLocalDateTime(caseEnd),
      plannedStartAt: formatInstant(caseStart),
      plannedFinishAt: formatInstant(caseEnd),
      overrunMinutes: over,
      fitsInMeeting: over === 0,
    };
  });
  const finish = start + offset * MS_PER_MINUTE;
  return {
    meetingStartAt: formatInstant(start),
    meetingEndLocal: epochToLocalDateTime(end),
    meetingEndAt: formatInstant(end),
    durationMinutes: input.durationMinutes,
    totalMinutes: offset,
    spareMinutes: Math.max(0, input.durationMinutes - offset),
    overrunMinutes: Math.max(0, offset - input.durationMinutes),
    plannedFinishLocal: epochToLocalDateTime(finish),
    plannedFinishAt: formatInstant(finish),
    cases,
  };
}

/** Input to {@link forecastFinish}. */
export interface ForecastInput {
  /** The current instant (UTC ISO). */
  now: Instant;
  /** The case under discussion, if any: when it started and its planned minutes. */
  currentCase: { startedAt: Instant; plannedMinutes: number } | null;
  /** Planned minutes of the cases still to come, after the current one. */
  remainingMinutes: readonly number[];
  /** The scheduled end of the meeting, to report an over-run; optional. */
  meetingEndAt?: Instant;
}

/** A live forecast of when the meeting will finish. */
export interface FinishForecast {
  /** UTC instant. */
  finishAt: Instant;
  /** Europe/London wall clock, rounded UP to the minute (never promise an earlier finish). */
  finishLocal: LocalDateTime;
  /** Minutes of planned work left, including what remains of the current case (may be fractional). */
  minutesLeft: number;
  /** True when the current case has run past its planned minutes. */
  currentCaseOverrunning: boolean;
  /** Whole minutes (rounded up) the forecast runs past `meetingEndAt`; null if no end was given. */
  overrunMinutes: number | null;
}

/**
 * Forecasts the finish: now + what remains of the current case (its planned minutes less the time elapsed
 * since it started, never less than zero: an over-running case is assumed to end now) + the planned minutes
 * of every remaining case.
 *
 * @throws ClinicalInputError if a case started after `now`, or minutes are not whole numbers of zero or more
 */
export function forecastFinish(input: ForecastInput): FinishForecast {
  const now = parseInstant(input.now, 'now');
  let currentLeftMs = 0;
  let overrunning = false;
  if (input.currentCase) {
    const started = parseInstant(input.currentCase.startedAt, 'currentCase.startedAt');
    if (started > now) {
      throw new ClinicalInputError(
        'INVALID_DATE',
        'The current case cannot start after now.',
        'currentCase.startedAt',
      );
    }
    checkMinutes(input.currentCase.plannedMinutes, 'currentCase.plannedMinutes', true);
    const left = input.currentCase.plannedMinutes * MS_PER_MINUTE - (now - started);
    overrunning = left < 0;
    currentLeftMs = Math.max(0, left);
  }
  let restMs = 0;
  input.remainingMinutes.forEach((m, i) => {
    checkMinutes(m, `remainingMinutes[${i}]`, true);
    restMs += m * MS_PER_MINUTE;
  });
  const finish = now + currentLeftMs + restMs;
  const roundedUp = Math.ceil(finish / MS_PER_MINUTE) * MS_PER_MINUTE;
  let overrunMinutes: number | null = null;
  if (input.meetingEndAt !== undefined) {
    const end = parseInstant(input.meetingEndAt, 'meetingEndAt');
    overrunMinutes = Math.max(0, Math.ceil((finish - end) / MS_PER_MINUTE));
  }
  return {
    finishAt: formatInstant(finish),
    finishLocal: epochToLocalDateTime(roundedUp),
    minutesLeft: (currentLeftMs + restMs) / MS_PER_MINUTE,
    currentCaseOverrunning: overrunning,
    overrunMinutes,
  };
}
