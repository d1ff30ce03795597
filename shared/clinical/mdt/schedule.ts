/**
 * Meeting types, recurring series and list cut-off.
 *
 * Series are defined in Europe/London wall-clock time ("every Tuesday at 09:00"); each occurrence is
 * returned both as local wall-clock time (for display) and as a UTC instant (for storage and sorting), so a
 * 09:00 meeting stays at 09:00 across the changes to and from British Summer Time.
 */
import { daysInMonth, formatCalendarDate, shiftCalendarMonth } from '../calendar';
import { ClinicalInputError } from '../errors';
import {
  WEEKDAYS,
  epochDay,
  epochToLocalDateTime,
  formatInstant,
  fromEpochDay,
  localDateAndTimeToEpoch,
  localDateTimeToEpoch,
  parseInstant,
  parseLocalDate,
  parseLocalTime,
  weekdayOf,
  type Instant,
  type LocalDate,
  type LocalDateTime,
  type LocalTime,
  type Weekday,
} from './time';

/** Fields shared by every kind of recurrence. */
export interface RecurrenceBase {
  /** Start time, Europe/London wall clock. */
  time: LocalTime;
  /** First meeting of the series; must itself be an occurrence (right weekday, right week of the month). */
  startsOn: LocalDate;
  /** Last date the series may run (inclusive); absent or null for open-ended. */
  endsOn?: LocalDate | null;
  /** Dates with no meeting (bank holidays, cancellations); the next occurrence is used instead. */
  skipDates?: LocalDate[];
}

/** Weekly on a weekday, or every N weeks (`everyWeeks`, counted from `startsOn`). */
export interface WeeklyRecurrence extends RecurrenceBase {
  kind: 'weekly';
  weekday: Weekday;
  /** 1 for weekly, 2 for fortnightly, and so on. */
  everyWeeks: number;
}

/** Monthly on the Nth weekday (e.g. first Tuesday) or the last one, every N months from `startsOn`. */
export interface MonthlyNthWeekdayRecurrence extends RecurrenceBase {
  kind: 'monthly-nth-weekday';
  weekday: Weekday;
  nth: 1 | 2 | 3 | 4 | 'last';
  /** 1 for monthly, 3 for quarterly, and so on. */
  everyMonths: number;
}

/** How a meeting series repeats. */
export type Recurrence = WeeklyRecurrence | MonthlyNthWeekdayRecurrence;

/** One meeting of a series. */
export interface MeetingOccurrence {
  date: LocalDate;
  /** Europe/London wall-clock start, for display. */
  startLocal: LocalDateTime;
  /** UTC instant of the start, for storage and sorting. */
  startAt: Instant;
}

/** A type of MDT meeting and its defaults (settings approved by a clinical lead). */
export interface MeetingType {
  id: string;
  name: string;
  recurrence: Recurrence;
  durationMinutes: number;
  /** Hours before the start after which additions to the list are late and need the chair's approval. */
  cutOffHours: number;
  chairPersonId: string | null;
  /** Core members, whose attendance is reported against the threshold. */
  coreMemberIds: string[];
  /** Planning default when a case has no estimate. */
  defaultMinutesPerCase: number;
  /** True for shipped examples. */
  example: boolean;
}

/**
 * Example meeting types for the demo data (examples only; a service sets its own).
 * The 24-hour cut-off mirrors the coordinator duty to circulate the list at least 24 hours before.
 */
export const EXAMPLE_MEETING_TYPES: readonly MeetingType[] = [
  {
    id: 'complex-pain-mdt',
    name: 'Complex pain MDT (example)',
    recurrence: { kind: 'weekly', weekday: 'tuesday', everyWeeks: 1, startsOn: '2026-01-06', time: '09:00' },
    durationMinutes: 120,
    cutOffHours: 24,
    chairPersonId: null,
    coreMemberIds: [],
    defaultMinutesPerCase: 10,
    example: true,
  },
  {
    id: 'neuromodulation-mdt',
    name: 'Neuromodulation MDT (example)',
    recurrence: {
      kind: 'monthly-nth-weekday',
      weekday: 'thursday',
      nth: 1,
      everyMonths: 1,
      startsOn: '2026-01-01',
      time: '13:00',
    },
    durationMinutes: 90,
    cutOffHours: 72,
    chairPersonId: null,
    coreMemberIds: [],
    defaultMinutesPerCase: 15,
    example: true,
  },
];

function dayOfMonthFor(year: number, month: number, weekday: Weekday, nth: 1 | 2 | 3 | 4 | 'last'): number {
  const target = WEEKDAYS.indexOf(weekday);
  const firstWeekday = WEEKDAYS.indexOf(weekdayOf(formatCalendarDate({ year, month, day: 1 })));
  const firstMatch = 1 + ((target - firstWeekday + 7) % 7);
  if (nth !== 'last') return firstMatch + (nth - 1) * 7;
  const lastDay = daysInMonth(year, month);
  return firstMatch + Math.floor((lastDay - firstMatch) / 7) * 7;
}

function checkRecurrence(r: Recurrence): void {
  if (!r || (r.kind !== 'weekly' && r.kind !== 'monthly-nth-weekday')) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      'recurrence.kind must be weekly or monthly-nth-weekday.',
      'recurrence.kind',
    );
  }
  if (!WEEKDAYS.includes(r.weekday)) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `Unknown weekday "${String(r.weekday)}".`,
      'recurrence.weekday',
    );
  }
  parseLocalTime(r.time, 'recurrence.time');
  parseLocalDate(r.startsOn, 'recurrence.startsOn');
  if (r.endsOn) parseLocalDate(r.endsOn, 'recurrence.endsOn');
  for (const [i, d] of (r.skipDates ?? []).entries()) parseLocalDate(d, `recurrence.skipDates[${i}]`);
  const every = r.kind === 'weekly' ? r.everyWeeks : r.everyMonths;
  if (!Number.isInteger(every) || every < 1) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      'The interval of a recurrence must be a whole number of at least 1.',
      r.kind === 'weekly' ? 'recurrence.everyWeeks' : 'recurrence.everyMonths',
    );
  }
  if (weekdayOf(r.startsOn) !== r.weekday) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `recurrence.startsOn (${r.startsOn}) is a ${weekdayOf(r.startsOn)}, not a ${r.weekday}.`,
      'recurrence.startsOn',
    );
  }
  if (r.kind === 'monthly-nth-weekday') {
    if (![1, 2, 3, 4, 'last'].includes(r.nth)) {
      throw new ClinicalInputError(
        'INVALID_INPUT',
        'recurrence.nth must be 1, 2, 3, 4 or "last".',
        'recurrence.nth',
      );
    }
    const p = parseLocalDate(r.startsOn);
    if (dayOfMonthFor(p.year, p.month, r.weekday, r.nth) !== p.day) {
      throw new ClinicalInputError(
        'INVALID_INPUT',
        `recurrence.startsOn (${r.startsOn}) is not the ${String(r.nth)} ${r.weekday} of its month.`,
        'recurrence.startsOn',
      );
    }
  }
}

function occurrenceOn(date: LocalDate, time: LocalTime): MeetingOccurrence & { epoch: number } {
  const epoch = localDateAndTimeToEpoch(date, time);
  return { date, startLocal: epochToLocalDateTime(epoch), startAt: formatInstant(epoch), epoch };
}

/**
 * The first meeting of a series that starts strictly after an instant.
 *
 * @param recurrence - the series
 * @param after - UTC instant; a meeting starting exactly at this instant is not "next"
 * @returns the occurrence, or null if the series has ended (`endsOn`)
 * @throws ClinicalInputError if the recurrence is malformed or `startsOn` is not itself an occurrence
 * @example
 * // Last Sunday of each month at 09:00 (29 March 2026 is the day BST starts):
 * nextMeetingDate({ kind: 'monthly-nth-weekday', weekday: 'sunday', nth: 'last', everyMonths: 1,
 *   startsOn: '2026-01-25', time: '09:00' }, '2026-03-01T00:00:00Z')
 * // { date: '2026-03-29', startLocal: '2026-03-29T09:00', startAt: '2026-03-29T08:00:00Z' }
 */
export function nextMeetingDate(recurrence: Recurrence, after: Instant): MeetingOccurrence | null {
  checkRecurrence(recurrence);
  const afterMs = parseInstant(after, 'after');
  const afterDay = epochDay(epochToLocalDateTime(afterMs).slice(0, 10));
  const startDay = epochDay(recurrence.startsOn);
  const endDay = recurrence.endsOn ? epochDay(recurrence.endsOn) : Infinity;
  const skip = new Set(recurrence.skipDates ?? []);

  const candidateAt = (k: number): LocalDate => {
    if (recurrence.kind === 'weekly') return fromEpochDay(startDay + k * 7 * recurrence.everyWeeks);
    const s = parseLocalDate(recurrence.startsOn);
    const { year, month } = shiftCalendarMonth(s.year, s.month, k * recurrence.everyMonths);
    const day = dayOfMonthFor(year, month, recurrence.weekday, recurrence.nth);
    return formatCalendarDate({ year, month, day });
  };

  // Jump close to `after` (one step early, to be safe), then walk forward.
  let k = 0;
  if (afterDay > startDay) {
    if (recurrence.kind === 'weekly') {
      k = Math.max(0, Math.floor((afterDay - startDay) / (7 * recurrence.everyWeeks)) - 1);
    } else {
      const s = parseLocalDate(recurrence.startsOn);
      const a = parseLocalDate(fromEpochDay(afterDay));
      const monthsApart = a.year * 12 + a.month - (s.year * 12 + s.month);
      k = Math.max(0, Math.floor(monthsApart / recurrence.everyMonths) - 1);
    }
  }
  // Bounded walk: skip dates can only push a bounded distance.
  for (let guard = 0; guard < 10_000; guard += 1, k += 1) {
    const date = candidateAt(k);
    if (epochDay(date) > endDay) return null;
    if (skip.has(date)) continue;
    const occ = occurrenceOn(date, recurrence.time);
    if (occ.epoch > afterMs) {
      return { date: occ.date, startLocal: occ.startLocal, startAt: occ.startAt };
    }
  }
  throw new ClinicalInputError(
    'INVALID_INPUT',
    'No meeting found in the series; check skipDates.',
    'recurrence',
  );
}

/** When the list closes for a meeting. */
export interface ListCutOff {
  /** UTC instant; additions at or before it are on time. */
  cutOffAt: Instant;
  /** Europe/London wall clock, for display. */
  cutOffLocal: LocalDateTime;
}

function checkCutOffHours(cutOffHours: number): void {
  if (!Number.isFinite(cutOffHours) || cutOffHours < 0) {
    throw new ClinicalInputError('INVALID_INPUT', 'cutOffHours must be zero or more.', 'cutOffHours');
  }
}

/**
 * The list cut-off: `cutOffHours` elapsed hours before the meeting starts (real elapsed time, so across a
 * clock change the wall-clock time of the cut-off moves by an hour).
 *
 * @param meetingStartLocal - Europe/London wall clock, e.g. `2026-03-31T09:00`
 * @param cutOffHours - hours before the start, zero or more
 */
export function listCutOff(meetingStartLocal: LocalDateTime, cutOffHours: number): ListCutOff {
  checkCutOffHours(cutOffHours);
  const start = localDateTimeToEpoch(meetingStartLocal, 'meetingStartLocal');
  const cutOff = start - Math.round(cutOffHours * 3_600_000);
  return { cutOffAt: formatInstant(cutOff), cutOffLocal: epochToLocalDateTime(cutOff) };
}

/**
 * Whether a case added at `addedAt` is a late addition (added strictly after the cut-off) and so needs the
 * chair's approval before the list is locked. Adding exactly at the cut-off is on time.
 *
 * @param meetingStartLocal - Europe/London wall clock of the meeting start
 * @param cutOffHours - hours before the start that the list closes
 * @param addedAt - UTC instant the case was added
 */
export function isLateAddition(
  meetingStartLocal: LocalDateTime,
  cutOffHours: number,
  addedAt: Instant,
): boolean {
  const { cutOffAt } = listCutOff(meetingStartLocal, cutOffHours);
  return parseInstant(addedAt, 'addedAt') > parseInstant(cutOffAt);
}
