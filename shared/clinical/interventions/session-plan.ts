/**
 * Rules for creating a procedure session (a list), issue 14:
 * - the date must be plausible: not more than a year in the past (a list recorded late) nor more than two
 *   years ahead (a typing slip such as 1900 or 2206 is refused, not saved);
 * - the start and end must exist in UK time (a time skipped when the clocks go forward is refused) and the
 *   length is counted in real elapsed minutes, so a list across a clock change has its true length;
 * - a bank holiday (the England and Wales rule set) warns and needs a reason;
 * - another list in the same room at an overlapping time is refused (a room holds one list at a time);
 * - the same clinician on another list at an overlapping time warns and needs a reason (e.g. supervising
 *   a second room).
 *
 * Recurring templates ({@link termDates}) give the dates of a weekly pattern over a term, skipping bank
 * holidays with a note for each one skipped.
 */
import { formatDateGb } from '../../dates';
import { addCalendarDays, calendarDaysBetween, parseCalendarDate } from '../calendar';
import { ClinicalInputError } from '../errors';
import { bankHolidayOn, bankHolidaysKnownFor, type BankHolidayRuleSet } from './bank-holidays';
import { sessionLengthMinutes } from './capacity';
import { londonInstant, parseProcedureStart } from './dates';

/** A list may be recorded up to this many days after it ran. */
export const SESSION_MAX_DAYS_PAST = 366;
/** ... and created up to this many days ahead (two years). */
export const SESSION_MAX_DAYS_AHEAD = 731;

export interface PlannedSession {
  /** 'YYYY-MM-DD' */
  date: string;
  /** 'HH:mm', Europe/London */
  start: string;
  end: string;
  room: string;
  clinicianId: number;
}

export interface ExistingSession extends PlannedSession {
  id: number;
  clinicianName?: string | undefined;
}

export type SessionWarningCode = 'BANK_HOLIDAY' | 'BANK_HOLIDAYS_UNKNOWN' | 'CLINICIAN_OVERLAP';

export interface SessionWarning {
  code: SessionWarningCode;
  message: string;
}

export interface SessionRefusal {
  field: 'date' | 'start' | 'end' | 'room';
  message: string;
}

export interface SessionPlanCheck {
  refusals: SessionRefusal[];
  warnings: SessionWarning[];
  /** Real elapsed minutes from start to end (null when refused for its times). */
  lengthMinutes: number | null;
}

/**
 * Whether a UK wall-clock start exists: null when it does, else the clinician-readable refusal (a time
 * skipped when the clocks go forward, e.g. 01:30 on Sunday 28 March 2027).
 */
export function startTimeProblem(date: string, time: string): string | null {
  try {
    londonInstant(parseProcedureStart(`${date}T${time}`, 'start').wall, 'start');
    return null;
  } catch (err) {
    if (err instanceof ClinicalInputError)
      return `${time} on ${formatDateGb(date)} does not exist in UK time: the clocks go forward from 01:00 to 02:00 that night. Choose a time outside 01:00-01:59.`;
    throw err;
  }
}

const overlaps = (a: PlannedSession, b: PlannedSession): boolean =>
  a.date === b.date && a.start < b.end && b.start < a.end;

/** Checks a planned session against the calendar, the clock and the other sessions (see the module doc). */
export function checkSessionPlan(input: {
  session: PlannedSession;
  today: string;
  bankHolidays: BankHolidayRuleSet;
  /** Sessions already on that date (any room, any clinician); the session itself is ignored by id. */
  others: readonly ExistingSession[];
  /** The session's own id when it already exists. */
  selfId?: number;
}): SessionPlanCheck {
  const { session: s, today } = input;
  const refusals: SessionRefusal[] = [];
  const warnings: SessionWarning[] = [];
  parseCalendarDate(s.date, 'date');
  const offset = calendarDaysBetween(today, s.date);
  if (offset < -SESSION_MAX_DAYS_PAST || offset > SESSION_MAX_DAYS_AHEAD) {
    const earliest = formatDateGb(addCalendarDays(today, -SESSION_MAX_DAYS_PAST));
    const latest = formatDateGb(addCalendarDays(today, SESSION_MAX_DAYS_AHEAD));
    refusals.push({
      field: 'date',
      message: `${formatDateGb(s.date)} is not a plausible date for a list: choose a date from ${earliest} to ${latest}.`,
    });
  }
  const startProblem = startTimeProblem(s.date, s.start);
  if (startProblem) refusals.push({ field: 'start', message: startProblem });
  const endProblem = startTimeProblem(s.date, s.end);
  if (endProblem)
    refusals.push({ field: 'end', message: endProblem.replace('Choose a time', 'Choose an end') });
  let lengthMinutes: number | null = null;
  if (!startProblem && !endProblem) {
    try {
      lengthMinutes = sessionLengthMinutes(`${s.date}T${s.start}`, `${s.date}T${s.end}`);
    } catch (err) {
      if (!(err instanceof ClinicalInputError)) throw err;
      refusals.push({ field: 'end', message: 'The session must end after it starts.' });
    }
  }
  if (refusals.some((r) => r.field === 'date')) return { refusals, warnings, lengthMinutes };
  const holiday = bankHolidayOn(input.bankHolidays, s.date);
  if (holiday)
    warnings.push({
      code: 'BANK_HOLIDAY',
      message: `${formatDateGb(s.date)} is a bank holiday (${holiday.name}).`,
    });
  else if (!bankHolidaysKnownFor(input.bankHolidays, s.date))
    warnings.push({
      code: 'BANK_HOLIDAYS_UNKNOWN',
      message: `The bank holidays for ${s.date.slice(0, 4)} are not in the calendar yet: check this date is not one.`,
    });
  const room = s.room.trim().toLowerCase();
  for (const o of input.others) {
    if (o.id === input.selfId || !overlaps(s, o)) continue;
    if (o.room.trim().toLowerCase() === room)
      refusals.push({
        field: 'room',
        message: `${o.room} already has a list on ${formatDateGb(o.date)} ${o.start}-${o.end}${o.clinicianName ? ` (${o.clinicianName})` : ''}, which overlaps this one. Choose another room or time.`,
      });
    else if (o.clinicianId === s.clinicianId)
      warnings.push({
        code: 'CLINICIAN_OVERLAP',
        message: `${o.clinicianName ?? 'The clinician'} already has a list in ${o.room} on ${formatDateGb(o.date)} ${o.start}-${o.end}, which overlaps this one.`,
      });
  }
  return { refusals, warnings, lengthMinutes };
}

/** A weekly pattern over a term: every `weekday` (1 Monday .. 7 Sunday) from `from` to `to` inclusive. */
export interface TermPattern {
  from: string;
  to: string;
  weekday: number;
  /** 1: every week; 2: every other week (from the first matching day). */
  everyWeeks: number;
}

/** The dates of a term's lists, and the bank holidays skipped (each with a note). */
export function termDates(
  pattern: TermPattern,
  bankHolidays: BankHolidayRuleSet,
): { dates: string[]; skipped: { date: string; note: string }[] } {
  parseCalendarDate(pattern.from, 'from');
  parseCalendarDate(pattern.to, 'to');
  if (pattern.to < pattern.from)
    throw new ClinicalInputError('INVALID_DATE', 'The last date must not be before the first.', 'to');
  if (!Number.isInteger(pattern.weekday) || pattern.weekday < 1 || pattern.weekday > 7)
    throw new ClinicalInputError('INVALID_INPUT', 'Choose the day of the week.', 'weekday');
  if (!Number.isInteger(pattern.everyWeeks) || pattern.everyWeeks < 1 || pattern.everyWeeks > 4)
    throw new ClinicalInputError('INVALID_INPUT', 'Every 1 to 4 weeks.', 'everyWeeks');
  const isoWeekday = (d: string): number => {
    const js = new Date(`${d}T12:00:00Z`).getUTCDay();
    return js === 0 ? 7 : js;
  };
  let first = pattern.from;
  while (isoWeekday(first) !== pattern.weekday) first = addCalendarDays(first, 1);
  const dates: string[] = [];
  const skipped: { date: string; note: string }[] = [];
  for (let d = first; d <= pattern.to; d = addCalendarDays(d, 7 * pattern.everyWeeks)) {
    const holiday = bankHolidayOn(bankHolidays, d);
    if (holiday)
      skipped.push({ date: d, note: `${formatDateGb(d)} skipped: ${holiday.name} (bank holiday).` });
    else dates.push(d);
  }
  return { dates, skipped };
}
