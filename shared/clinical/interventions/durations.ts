/**
 * Planned case durations (the service's clinical decisions (clinical lead), interventions 6): the catalogue default, replaced by the service's
 * own median once 30 cases have actual in-room times recorded — the session clinician's own median when
 * they have 30 timed cases of the procedure, else the median of every clinician's cases, else the default.
 *
 * Pure: callers count the recorded cases and take the medians.
 */
import { ClinicalInputError } from '../errors';

/** Observed durations replace the catalogue default once this many timed cases exist. */
export const OBSERVED_DURATION_MIN_CASES = 30;

/** Timed cases and their median in-room minutes (median null when there are none). */
export interface ObservedDurations {
  count: number;
  median: number | null;
}

export interface PlannedDurationInput {
  /** The catalogue's planning default, in minutes. */
  catalogueMinutes: number;
  /** The session (or requested) clinician's own timed cases of this procedure, with their name. */
  clinician?: ObservedDurations & { name: string };
  /** Every clinician's timed cases of this procedure. */
  procedure: ObservedDurations;
}

export interface PlannedDuration {
  minutes: number;
  basis: 'clinician' | 'procedure' | 'catalogue';
  /** Shown beside the minutes: 'median of 34 cases by Dr X'. */
  source: string;
}

function checkObserved(o: ObservedDurations, field: string): void {
  if (!Number.isInteger(o.count) || o.count < 0)
    throw new ClinicalInputError('INVALID_INPUT', `${field}.count must be a whole number, 0 or more.`, field);
  if (o.median !== null && (!Number.isFinite(o.median) || o.median <= 0))
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `${field}.median must be a positive number of minutes.`,
      field,
    );
}

const enough = (o: ObservedDurations | undefined): o is ObservedDurations & { median: number } =>
  o !== undefined && o.count >= OBSERVED_DURATION_MIN_CASES && o.median !== null;

/**
 * The planned minutes for one case and where they come from.
 *
 * @throws ClinicalInputError for a non-positive default or invalid counts/medians.
 */
export function plannedCaseDuration(input: PlannedDurationInput): PlannedDuration {
  if (!Number.isInteger(input.catalogueMinutes) || input.catalogueMinutes <= 0)
    throw new ClinicalInputError(
      'INVALID_INPUT',
      'catalogueMinutes must be a positive whole number of minutes.',
      'catalogueMinutes',
    );
  if (input.clinician) checkObserved(input.clinician, 'clinician');
  checkObserved(input.procedure, 'procedure');
  const c = input.clinician;
  if (enough(c))
    return {
      minutes: Math.round(c.median),
      basis: 'clinician',
      source: `median of ${c.count} cases by ${c.name}`,
    };
  const p = input.procedure;
  if (enough(p))
    return {
      minutes: Math.round(p.median),
      basis: 'procedure',
      source: `median of ${p.count} cases (all clinicians${c ? `; ${c.name} has ${c.count}` : ''})`,
    };
  return {
    minutes: input.catalogueMinutes,
    basis: 'catalogue',
    source: `catalogue default (${p.count} timed case${p.count === 1 ? '' : 's'}; ${OBSERVED_DURATION_MIN_CASES} needed)`,
  };
}

/** One bar of a histogram of timed cases: `cases` cases took `minutes` in the room. */
export interface DurationBar {
  minutes: number;
  cases: number;
}

/**
 * Count and median of timed cases given as a histogram (what one grouped query returns), so callers need
 * not fetch every case: the middle value, or the mean of the two middle values rounded to whole minutes.
 *
 * @throws ClinicalInputError for a negative or fractional case count.
 */
export function observedFromHistogram(bars: readonly DurationBar[]): ObservedDurations {
  let count = 0;
  for (const b of bars) {
    if (!Number.isInteger(b.cases) || b.cases < 0)
      throw new ClinicalInputError('INVALID_INPUT', 'cases must be a whole number, 0 or more.', 'cases');
    count += b.cases;
  }
  if (count === 0) return { count, median: null };
  const sorted = [...bars].sort((a, b) => a.minutes - b.minutes);
  // 0-based positions of the middle value(s) in the sorted list of cases.
  const lo = count % 2 === 0 ? count / 2 - 1 : (count - 1) / 2;
  const hi = count % 2 === 0 ? count / 2 : lo;
  let seen = 0;
  let atLo: number | null = null;
  let atHi: number | null = null;
  for (const b of sorted) {
    const next = seen + b.cases;
    if (atLo === null && lo < next) atLo = b.minutes;
    if (hi < next) {
      atHi = b.minutes;
      break;
    }
    seen = next;
  }
  return { count, median: Math.round(((atLo ?? 0) + (atHi ?? 0)) / 2) };
}
