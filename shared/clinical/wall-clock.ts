/**
 * UK wall-clock time shared by every clinical module: one implementation of reading 'HH:mm' times of day
 * and of converting between Europe/London wall-clock times and instants (epoch milliseconds).
 *
 * Nothing here reads the machine's time zone. What to do with a wall-clock time that does not exist (the
 * hour skipped when British Summer Time starts) is the caller's rule, so {@link londonInstantsFor} returns
 * every instant a wall-clock time stands for and leaves the choice to the caller.
 */
import { tzOffset } from '@date-fns/tz';
import { formatCalendarDate, type CalendarDate } from './calendar';
import { ClinicalInputError } from './errors';

/** The service's time zone: every wall-clock time in `shared/clinical` is read in it. */
export const LONDON_TIME_ZONE = 'Europe/London';

/** A 24-hour time of day split into numbers (hour 0-23, minute 0-59). */
export interface TimeOfDay {
  hour: number;
  minute: number;
}

/** A UK wall-clock date and time split into numbers (month 1-12, hour 0-23). */
export interface WallClock extends CalendarDate, TimeOfDay {}

const TIME_RE = /^(\d{2}):(\d{2})$/;
const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/**
 * Reads an 'HH:mm' 24-hour time (00:00 to 23:59), or returns undefined when the value is not one. For
 * callers that word their own error.
 */
export function readTimeOfDay(value: unknown): TimeOfDay | undefined {
  const m = typeof value === 'string' ? TIME_RE.exec(value) : null;
  if (!m) return undefined;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  return hour <= 23 && minute <= 59 ? { hour, minute } : undefined;
}

/**
 * Reads an 'HH:mm' 24-hour time (00:00 to 23:59).
 *
 * @throws ClinicalInputError `INVALID_DATE` naming `field` when the value is not a valid time.
 */
export function parseTimeOfDay(value: string, field = 'time'): TimeOfDay {
  const time = readTimeOfDay(value);
  if (time) return time;
  throw new ClinicalInputError(
    'INVALID_DATE',
    `${field}: "${String(value)}" is not a valid 24-hour time in the form HH:mm (00:00 to 23:59).`,
    field,
  );
}

/** London's offset from UTC in minutes at an instant (0 in winter, 60 in summer). */
export function londonOffsetMinutes(epochMs: number): number {
  return tzOffset(LONDON_TIME_ZONE, new Date(epochMs));
}

/**
 * Every instant (epoch milliseconds) at which UK clocks show the given wall-clock time, earliest first.
 *
 * Normally one. Empty for a time skipped when the clocks go forward (01:00-01:59 on the last Sunday of
 * March); two for a time that happens twice when they go back (01:00-01:59 on the last Sunday of October).
 */
export function londonInstantsFor(wall: WallClock): number[] {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  // The time-zone lookups are slow and their answer never changes: remembered (a list's start is asked
  // for once per patient when "Fill this session" walks a waiting list of thousands).
  const known = instantsCache.get(naive);
  if (known) return [...known];
  const instants = computeInstants(naive);
  if (instantsCache.size >= INSTANTS_CACHE_SIZE) instantsCache.clear();
  instantsCache.set(naive, instants);
  return [...instants];
}

const INSTANTS_CACHE_SIZE = 4096;
const instantsCache = new Map<number, number[]>();

function computeInstants(naive: number): number[] {
  const offsets = new Set<number>([
    londonOffsetMinutes(naive - MS_PER_DAY),
    londonOffsetMinutes(naive),
    londonOffsetMinutes(naive + MS_PER_DAY),
  ]);
  const instants: number[] = [];
  for (const offset of offsets) {
    const candidate = naive - offset * MS_PER_MINUTE;
    if (londonOffsetMinutes(candidate) === offset) instants.push(candidate);
  }
  return [...new Set(instants)].sort((a, b) => a - b);
}

/** The UK wall clock showing at an instant (epoch milliseconds). */
export function wallClockAt(instant: number): WallClock {
  const shifted = new Date(instant + londonOffsetMinutes(instant) * MS_PER_MINUTE);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** 'YYYY-MM-DDTHH:mm' for a wall clock. */
export function formatWallClock(wall: WallClock): string {
  return `${formatCalendarDate(wall)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** 'YYYY-MM-DDTHH:mm' UK local time for an instant (epoch milliseconds). */
export function formatLondon(instant: number): string {
  return formatWallClock(wallClockAt(instant));
}
