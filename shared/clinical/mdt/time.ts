/**
 * Time conventions for the MDT rules.
 *
 * - An **instant** is a UTC ISO-8601 string `YYYY-MM-DDTHH:mm:ssZ` (milliseconds are accepted on input and
 *   dropped on output). Everything that is stored is an instant.
 * - A **local date-time** is a wall-clock time in Europe/London, `YYYY-MM-DDTHH:mm`. It is what people type
 *   and read ("the meeting starts at 09:00").
 * - A **local date** is a calendar date `YYYY-MM-DD` (no time zone: the day as the service sees it).
 *
 * Local to instant: a wall-clock time that does not exist (the hour skipped when British Summer Time starts)
 * is moved forward by the gap (01:30 becomes 02:30 BST); a wall-clock time that happens twice (the hour
 * repeated when BST ends) is taken at its first occurrence (BST). Nothing here reads the machine's time zone.
 *
 * Calendar arithmetic and the Europe/London conversions themselves live in the shared `../calendar` and
 * `../wall-clock` modules; this module adds the MDT conventions above on top.
 */
import { epochDay, parseCalendarDate, readCalendarDate, type CalendarDate } from '../calendar';
import { ClinicalInputError } from '../errors';
import {
  LONDON_TIME_ZONE,
  formatLondon,
  londonInstantsFor,
  londonOffsetMinutes,
  parseTimeOfDay,
  readTimeOfDay,
  type TimeOfDay,
} from '../wall-clock';

// The shared calendar and wall-clock helpers, re-exported so that this module's index keeps its names.
export { addCalendarDays, addCalendarMonths, calendarDaysBetween, epochDay, fromEpochDay } from '../calendar';
/**
 * Parses a calendar date `YYYY-MM-DD` (the shared {@link parseCalendarDate}).
 *
 * @throws ClinicalInputError `INVALID_DATE` if malformed or not a real date.
 */
export const parseLocalDate = parseCalendarDate;
/**
 * Parses a wall-clock time `HH:mm` (the shared {@link parseTimeOfDay}).
 *
 * @throws ClinicalInputError `INVALID_DATE` if malformed or out of range.
 */
export const parseLocalTime = parseTimeOfDay;
/**
 * Europe/London wall-clock date-time of epoch milliseconds (the shared {@link formatLondon}).
 */
export const epochToLocalDateTime = formatLondon;

/** The service's time zone: every local date-time in this module is wall-clock time here. */
export const SERVICE_TIME_ZONE = LONDON_TIME_ZONE;

/** A UTC instant, `YYYY-MM-DDTHH:mm:ssZ`. */
export type Instant = string;
/** A Europe/London wall-clock date-time, `YYYY-MM-DDTHH:mm`. */
export type LocalDateTime = string;
/** A calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;
/** A wall-clock time of day, `HH:mm` (24-hour). */
export type LocalTime = string;

const MS_PER_MINUTE = 60_000;

const INSTANT_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}):(\d{2})(?:\.\d{1,3})?Z$/;
const LOCAL_DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;

/** The date and time of a matched date-time (groups 1 and 2), naming the whole `value` when either is wrong. */
function dateTimeParts(m: RegExpExecArray, value: string, field: string): CalendarDate & TimeOfDay {
  const date = readCalendarDate(m[1]);
  if (!date) {
    throw new ClinicalInputError('INVALID_DATE', `${field}: "${value}" is not a real calendar date.`, field);
  }
  const time = readTimeOfDay(m[2]);
  if (!time) {
    throw new ClinicalInputError('INVALID_DATE', `${field}: "${value}" is not a valid time of day.`, field);
  }
  return { ...date, ...time };
}

/**
 * Parses a UTC instant to epoch milliseconds.
 *
 * @throws ClinicalInputError `INVALID_DATE` if the value is not `YYYY-MM-DDTHH:mm:ssZ` or not a real time.
 */
export function parseInstant(value: string, field = 'instant'): number {
  const m = typeof value === 'string' ? INSTANT_RE.exec(value) : null;
  if (!m) {
    throw new ClinicalInputError(
      'INVALID_DATE',
      `${field}: expected a UTC instant like 2026-03-29T08:00:00Z, got "${String(value)}".`,
      field,
    );
  }
  dateTimeParts(m, value, field);
  if (Number(m[3]) > 59) {
    throw new ClinicalInputError('INVALID_DATE', `${field}: "${value}" has invalid seconds.`, field);
  }
  return Date.parse(value);
}

/** Formats epoch milliseconds as a UTC instant `YYYY-MM-DDTHH:mm:ssZ` (milliseconds dropped). */
export function formatInstant(epochMs: number): Instant {
  if (!Number.isFinite(epochMs)) {
    throw new ClinicalInputError('INVALID_DATE', 'Cannot format a time that is not a finite number.');
  }
  return `${new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

/**
 * Parses a Europe/London wall-clock date-time `YYYY-MM-DDTHH:mm`.
 *
 * @throws ClinicalInputError `INVALID_DATE` if malformed or out of range.
 */
export function parseLocalDateTime(value: string, field = 'localDateTime'): CalendarDate & TimeOfDay {
  const m = typeof value === 'string' ? LOCAL_DATE_TIME_RE.exec(value) : null;
  if (!m) {
    throw new ClinicalInputError(
      'INVALID_DATE',
      `${field}: expected a local date-time like 2026-03-29T09:00 (Europe/London), got "${String(value)}".`,
      field,
    );
  }
  return dateTimeParts(m, value, field);
}

/** Epoch ms of a London wall-clock time, with the gap/overlap rules described at the top of this file. */
function localPartsToEpoch(parts: CalendarDate & TimeOfDay): number {
  // One instant, or two in the autumn overlap: take the earlier (first) occurrence.
  const first = londonInstantsFor(parts)[0];
  if (first !== undefined) return first;
  // In the spring-forward gap: use the offset in force before the gap, which lands after it.
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  return wall - londonOffsetMinutes(wall - 12 * 60 * MS_PER_MINUTE) * MS_PER_MINUTE;
}

/**
 * Converts a Europe/London wall-clock date-time to a UTC instant.
 *
 * @example localDateTimeToInstant('2026-03-29T09:00') // '2026-03-29T08:00:00Z' (BST, UTC+1)
 * @example localDateTimeToInstant('2026-10-25T09:00') // '2026-10-25T09:00:00Z' (GMT, UTC+0)
 */
export function localDateTimeToInstant(local: LocalDateTime, field = 'localDateTime'): Instant {
  return formatInstant(localPartsToEpoch(parseLocalDateTime(local, field)));
}

/** Epoch ms of a Europe/London wall-clock date-time. */
export function localDateTimeToEpoch(local: LocalDateTime, field = 'localDateTime'): number {
  return localPartsToEpoch(parseLocalDateTime(local, field));
}

/** Epoch ms of a calendar date at a wall-clock time in Europe/London. */
export function localDateAndTimeToEpoch(date: LocalDate, time: LocalTime, field = 'date'): number {
  return localPartsToEpoch({ ...parseLocalDate(date, field), ...parseLocalTime(time, `${field}.time`) });
}

/**
 * Converts a UTC instant to the Europe/London wall-clock date-time, for display.
 *
 * @example instantToLocalDateTime('2026-03-29T08:00:00Z') // '2026-03-29T09:00'
 */
export function instantToLocalDateTime(instant: Instant, field = 'instant'): LocalDateTime {
  return epochToLocalDateTime(parseInstant(instant, field));
}

/** The Europe/London calendar date on which a UTC instant falls. */
export function instantToLocalDate(instant: Instant, field = 'instant'): LocalDate {
  return instantToLocalDateTime(instant, field).slice(0, 10);
}

/** Days of the week, Monday first. */
export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
/** A day of the week. */
export type Weekday = (typeof WEEKDAYS)[number];

/** The day of the week of a calendar date. */
export function weekdayOf(date: LocalDate, field = 'date'): Weekday {
  // 1970-01-01 was a Thursday (index 3 with Monday = 0).
  const index = (((epochDay(date, field) + 3) % 7) + 7) % 7;
  return WEEKDAYS[index] as Weekday;
}

/** English month names, January first (letters and plain-words instructions). */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** A date in British English, day first: `3 November 2026`. */
export function formatDateEnGb(date: LocalDate, field = 'date'): string {
  const p = parseLocalDate(date, field);
  return `${p.day} ${MONTH_NAMES[p.month - 1] ?? ''} ${p.year}`;
}

/** A date in British English with the weekday: `Tuesday 3 November 2026`. */
export function formatDateLongEnGb(date: LocalDate, field = 'date'): string {
  return `${capitalise(weekdayOf(date, field))} ${formatDateEnGb(date, field)}`;
}

/** The `HH:mm` part of a local date-time (24-hour clock, as used in UK clinical letters). */
export function formatLocalTime(local: LocalDateTime): string {
  parseLocalDateTime(local);
  return local.slice(11, 16);
}
