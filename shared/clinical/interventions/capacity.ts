/**
 * Session capacity in minutes (NHS list planning: a 4-hour half-day list = 240 minutes): bookable minutes = session length − declared
 * unavailable time; planned case minutes plus turnarounds must fit.
 */
import { ClinicalInputError } from '../errors';
import { londonInstant, parseClockTime, parseProcedureStart } from './dates';

/** Input to {@link sessionCapacity}. */
export interface SessionCapacityInput {
  /** 'HH:mm' (same day as `end`) or a full local date-time 'YYYY-MM-DDTHH:mm', Europe/London. */
  start: string;
  /** Same form as `start`; must be after it. */
  end: string;
  /** Declared unavailable time in the session (whole minutes, 0 or more). */
  unavailableMinutes: number;
  /** Turnaround between consecutive cases (whole minutes, 0 or more). */
  turnaroundMinutes: number;
  /** Planned minutes of each case on the list (whole minutes, each above 0). */
  caseMinutes: number[];
  /**
   * Count a turnaround after the last case too (default false). By default turnarounds are only between
   * cases: after the last patient leaves the list is over, so n cases have n − 1 turnarounds.
   */
  turnaroundAfterLastCase?: boolean;
}

/** Capacity of a session, all in minutes. */
export interface SessionCapacity {
  bookableMinutes: number;
  usedMinutes: number;
  freeMinutes: number;
  overbookedByMinutes: number;
}

const FULL_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

function wholeMinutes(value: unknown, field: string, allowZero: boolean): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || (!allowZero && value === 0)) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `${field}: ${String(value)} is not valid; give whole minutes${allowZero ? ', 0 or more' : ' above 0'}.`,
      field,
    );
  }
  return value;
}

/**
 * Length of a session in real elapsed minutes. 'HH:mm' times are on the same day (a list does not run
 * past midnight); full local date-times are converted to instants, so a session spanning a clock change
 * has its true length.
 *
 * @throws ClinicalInputError `INVALID_DATE` for bad times, mixed forms, or an end not after the start.
 */
export function sessionLengthMinutes(start: string, end: string): number {
  const startFull = typeof start === 'string' && FULL_RE.test(start);
  const endFull = typeof end === 'string' && FULL_RE.test(end);
  let length: number;
  if (startFull && endFull) {
    const s = londonInstant(parseProcedureStart(start, 'start').wall, 'start');
    const e = londonInstant(parseProcedureStart(end, 'end').wall, 'end');
    length = Math.round((e - s) / 60_000);
  } else if (!startFull && !endFull) {
    length = parseClockTime(end, 'end') - parseClockTime(start, 'start');
  } else {
    throw new ClinicalInputError(
      'INVALID_DATE',
      'start and end must both be HH:mm times or both be YYYY-MM-DDTHH:mm date-times.',
      startFull ? 'end' : 'start',
    );
  }
  if (length <= 0) {
    throw new ClinicalInputError('INVALID_DATE', `end (${end}) must be after start (${start}).`, 'end');
  }
  return length;
}

/**
 * Minutes of a session: bookable = length − unavailable; used = sum of case minutes + turnarounds
 * between cases (n − 1 for n cases; n with `turnaroundAfterLastCase`); free = max(0, bookable − used);
 * overbooked = max(0, used − bookable). A list that is exactly full has free 0 and overbooked 0.
 *
 * @throws ClinicalInputError for bad times, an end not after the start, minutes that are negative or not
 * whole, a case of 0 minutes, or unavailable time longer than the session.
 */
export function sessionCapacity(input: SessionCapacityInput): SessionCapacity {
  const length = sessionLengthMinutes(input.start, input.end);
  const unavailable = wholeMinutes(input.unavailableMinutes, 'unavailableMinutes', true);
  const turnaround = wholeMinutes(input.turnaroundMinutes, 'turnaroundMinutes', true);
  if (!Array.isArray(input.caseMinutes)) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      'caseMinutes: give a list of case durations in minutes.',
      'caseMinutes',
    );
  }
  const cases = input.caseMinutes.map((m, i) => wholeMinutes(m, `caseMinutes[${i}]`, false));
  if (unavailable > length) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `unavailableMinutes: ${unavailable} minutes unavailable is more than the ${length}-minute session.`,
      'unavailableMinutes',
    );
  }
  const bookableMinutes = length - unavailable;
  const turnarounds =
    cases.length === 0 ? 0 : input.turnaroundAfterLastCase ? cases.length : cases.length - 1;
  const usedMinutes = cases.reduce((sum, m) => sum + m, 0) + turnarounds * turnaround;
  return {
    bookableMinutes,
    usedMinutes,
    freeMinutes: Math.max(0, bookableMinutes - usedMinutes),
    overbookedByMinutes: Math.max(0, usedMinutes - bookableMinutes),
  };
}
