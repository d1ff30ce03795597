/**
 * Collection points for outcome measures, as configurable data: referral, start of treatment, discharge, and 6
 * and 12 months after discharge (product decision). The measure lists and windows are example defaults that
 * a service changes in Settings; they are not a national standard.
 */
import { addCalendarDays, addCalendarMonths, parseCalendarDate } from '../calendar';
import type { MeasureId } from './measures';

/** The pathway event a collection point hangs off. */
export type TimePointAnchor = 'referral' | 'treatmentStart' | 'discharge';

/** One collection point. */
export interface TimePoint {
  /** Stable id stored with each administration, e.g. `discharge-6m`. */
  id: string;
  label: string;
  anchor: TimePointAnchor;
  /** Calendar months after the anchor date (0 = on the day). */
  offsetMonths: number;
  /** Days after the due date during which collection still counts as on time; after that it is overdue. */
  windowDays: number;
  /** Measures to collect at this point. */
  measures: readonly MeasureId[];
}

const CORE_SET: readonly MeasureId[] = ['BPI', 'PSEQ', 'PHQ-9', 'GAD-7', 'EQ-5D-5L'];
const CORE_WITH_PSFS: readonly MeasureId[] = [...CORE_SET, 'PSFS'];

/**
 * Default collection points. The core set (BPI, PSEQ, PHQ-9, GAD-7, EQ-5D-5L) follows the anchor set proposed
 * in the FPM/BPS Outcome Measures guidance (January 2019); PSFS is added from the start of treatment, when activities are named. Windows
 * (14 days for pathway events, 28 days for follow-ups) are example values, not from a source.
 */
export const DEFAULT_TIME_POINTS: readonly TimePoint[] = [
  {
    id: 'referral',
    label: 'Referral',
    anchor: 'referral',
    offsetMonths: 0,
    windowDays: 14,
    measures: CORE_SET,
  },
  {
    id: 'treatment-start',
    label: 'Start of treatment',
    anchor: 'treatmentStart',
    offsetMonths: 0,
    windowDays: 14,
    measures: CORE_WITH_PSFS,
  },
  {
    id: 'discharge',
    label: 'Discharge',
    anchor: 'discharge',
    offsetMonths: 0,
    windowDays: 14,
    measures: CORE_WITH_PSFS,
  },
  {
    id: 'discharge-6m',
    label: '6 months after discharge',
    anchor: 'discharge',
    offsetMonths: 6,
    windowDays: 28,
    measures: CORE_WITH_PSFS,
  },
  {
    id: 'discharge-12m',
    label: '12 months after discharge',
    anchor: 'discharge',
    offsetMonths: 12,
    windowDays: 28,
    measures: CORE_WITH_PSFS,
  },
];

/** Where a collection point stands on a given day. */
export type DueStatus = 'anchor date not recorded' | 'not yet due' | 'due' | 'overdue' | 'complete';

/** One line of {@link measuresDue}. */
export interface DueItem {
  timePointId: string;
  label: string;
  /** 'YYYY-MM-DD', or null while the anchor event has no date. */
  dueDate: string | null;
  status: DueStatus;
  /** Measures at this point not yet collected. */
  outstanding: MeasureId[];
}

/** Input to {@link measuresDue}. */
export interface MeasuresDueInput {
  /** Dates ('YYYY-MM-DD') of the pathway events recorded so far. */
  dates: Partial<Record<TimePointAnchor, string>>;
  /** The day to judge against ('YYYY-MM-DD'). */
  asOf: string;
  /** Administrations already collected. */
  completed?: readonly { timePointId: string; measure: MeasureId }[];
  /** Collection points to use (default {@link DEFAULT_TIME_POINTS}). */
  timePoints?: readonly TimePoint[];
}

/**
 * Add calendar months to a 'YYYY-MM-DD' date; a day that does not exist in the target month becomes that
 * month's last day (31 August + 6 months = 28 or 29 February). The shared {@link addCalendarMonths}.
 *
 * @throws ClinicalInputError (`INVALID_DATE`) for a malformed date, (`INVALID_INPUT`) for a month count that
 * is not a whole number.
 */
export const addMonths: (isoDate: string, months: number) => string = addCalendarMonths;

/**
 * Which measures are due at each collection point on a given day. 'YYYY-MM-DD' strings compare correctly as
 * text, so no time zone is involved.
 *
 * @throws ClinicalInputError (`INVALID_DATE`) for a malformed `asOf` or anchor date, (`INVALID_INPUT`) for a
 * time point whose `offsetMonths` or `windowDays` is not a whole number.
 */
export function measuresDue(input: MeasuresDueInput): DueItem[] {
  parseCalendarDate(input.asOf, 'asOf');
  for (const [anchor, date] of Object.entries(input.dates)) {
    if (date !== undefined) parseCalendarDate(date, `dates.${anchor}`);
  }
  const timePoints = input.timePoints ?? DEFAULT_TIME_POINTS;
  const completed = input.completed ?? [];
  return timePoints.map((tp, i) => {
    const outstanding = tp.measures.filter(
      (m) => !completed.some((c) => c.timePointId === tp.id && c.measure === m),
    );
    const anchorDate = input.dates[tp.anchor];
    const dueDate =
      anchorDate === undefined
        ? null
        : addCalendarMonths(anchorDate, tp.offsetMonths, `timePoints[${i}].offsetMonths`);
    let status: DueStatus;
    if (outstanding.length === 0) status = 'complete';
    else if (dueDate === null) status = 'anchor date not recorded';
    else if (input.asOf < dueDate) status = 'not yet due';
    else if (input.asOf <= addCalendarDays(dueDate, tp.windowDays, `timePoints[${i}].windowDays`))
      status = 'due';
    else status = 'overdue';
    return { timePointId: tp.id, label: tp.label, dueDate, status, outstanding };
  });
}
