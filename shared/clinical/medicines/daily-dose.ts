import { formatDateGb, isIsoDate } from '../../dates';
import { ClinicalInputError } from '../errors';
import { cleanNumber, formatNumber, normaliseDrugName, requireNonNegative, requirePositive } from './numbers';
import type { OpioidDose, OpioidRoute } from './types';

/**
 * A structured prescription line, as recorded at a review. Use exactly one of three shapes:
 *
 * - **Regular**: `doseMg` (per administration) and `timesPerDay`.
 * - **As needed (PRN)**: `prn: true` and either `prnMaxMgPer24h`, or `doseMg` with `timesPerDay` as the
 *   maximum number of doses allowed in 24 hours. `takenMgPer24h`, when recorded for the review, wins.
 * - **Patch**: `patchMcgPerHour` (the labelled strength) and optionally `patchChangeEveryDays`, which does
 *   not change the daily amount.
 *
 * For combination products give the opioid component only (co-codamol 30/500: `doseMg: 30`).
 */
export interface DoseEntry {
  /** mg of the medicine in one dose (strength per unit × units per dose). */
  doseMg?: number;
  /** Regular: doses a day. PRN: the maximum doses allowed in 24 hours (used when `prnMaxMgPer24h` is absent). */
  timesPerDay?: number;
  /** `true` for an as-needed prescription. */
  prn?: boolean;
  /** PRN: the maximum mg the prescription allows in 24 hours. */
  prnMaxMgPer24h?: number;
  /** PRN: mg actually taken per 24 hours, recorded for this review; wins over the maximum. */
  takenMgPer24h?: number;
  /**
   * PRN with `takenMgPer24h`: the date of the review the taken amount was recorded at (`YYYY-MM-DD`), shown
   * in the arithmetic as "taken (recorded at review on 21/11/2026)".
   */
  takenRecordedOn?: string;
  /**
   * Regular doses that differ through the day: mg at each administration, in the order taken (e.g. morning
   * 20, evening 10 → `[20, 10]`). Replaces `doseMg`; `timesPerDay`, if given, must equal the count.
   */
  administrationsMg?: number[];
  /** Patch strength in micrograms per hour. */
  patchMcgPerHour?: number;
  /** How often the patch is changed, in days (e.g. 3 or 7). Recorded only; it does not change the OME. */
  patchChangeEveryDays?: number;
}

/** What {@link dailyDoseMg} counted, and how. */
export type DailyDose =
  | {
      kind: 'mg-per-24h';
      mgPer24h: number;
      /** `regular`: dose × times a day; `prn-maximum`: the most the PRN allows; `prn-taken`: recorded amount. */
      basis: 'regular' | 'prn-maximum' | 'prn-taken';
      explanation: string;
    }
  | { kind: 'patch'; mcgPerHour: number; basis: 'patch'; explanation: string };

function has(value: unknown): boolean {
  return value !== undefined;
}

function reject(message: string, field: string): never {
  throw new ClinicalInputError('INVALID_DOSE', message, field);
}

/**
 * Turns a structured dose into the amount the OME calculation needs.
 *
 * - Regular: `doseMg × timesPerDay` mg per 24 hours.
 * - PRN: the maximum the prescription allows per 24 hours, unless `takenMgPer24h` is recorded (then that).
 * - Patch: the strength in micrograms per hour, whatever the change interval.
 *
 * @throws ClinicalInputError (`INVALID_DOSE`) for negative or non-numeric amounts, a PRN without a maximum,
 *   a regular dose without dose and frequency, a taken amount on a regular dose, or a mix of patch and tablet
 *   fields.
 */
export function dailyDoseMg(entry: DoseEntry): DailyDose {
  if (!entry || typeof entry !== 'object') reject('The dose is missing.', 'entry');

  if (has(entry.patchMcgPerHour)) {
    if (
      has(entry.doseMg) ||
      has(entry.timesPerDay) ||
      entry.prn === true ||
      has(entry.prnMaxMgPer24h) ||
      has(entry.administrationsMg)
    ) {
      reject('A patch is recorded by its strength in micrograms per hour only.', 'patchMcgPerHour');
    }
    if (has(entry.takenMgPer24h)) reject('A taken amount applies to as-needed doses only.', 'takenMgPer24h');
    const mcgPerHour = requireNonNegative(entry.patchMcgPerHour, 'patchMcgPerHour', 'The patch strength');
    let every = '';
    if (has(entry.patchChangeEveryDays)) {
      const days = requirePositive(
        entry.patchChangeEveryDays,
        'patchChangeEveryDays',
        'The patch change interval',
        'INVALID_DOSE',
      );
      every = `, changed every ${formatNumber(days)} day${days === 1 ? '' : 's'}`;
    }
    return {
      kind: 'patch',
      mcgPerHour,
      basis: 'patch',
      explanation: `patch ${formatNumber(mcgPerHour)} micrograms/hour${every} (the strength counts, not the change interval)`,
    };
  }
  if (has(entry.patchChangeEveryDays)) {
    reject('A patch change interval needs the patch strength in micrograms per hour.', 'patchMcgPerHour');
  }

  if (entry.prn === true) {
    if (has(entry.administrationsMg)) {
      reject('Different doses through the day apply to regular doses only.', 'administrationsMg');
    }
    let maximum: number | undefined;
    let maxText = '';
    if (has(entry.prnMaxMgPer24h)) {
      maximum = requireNonNegative(
        entry.prnMaxMgPer24h,
        'prnMaxMgPer24h',
        'The as-needed maximum per 24 hours',
      );
      maxText = `maximum ${formatNumber(maximum)} mg/24h`;
    } else if (has(entry.doseMg) && has(entry.timesPerDay)) {
      const dose = requireNonNegative(entry.doseMg, 'doseMg', 'The dose');
      const times = requireNonNegative(entry.timesPerDay, 'timesPerDay', 'The maximum doses a day');
      maximum = cleanNumber(dose * times);
      maxText = `${formatNumber(dose)} mg up to ${formatNumber(times)} times a day = maximum ${formatNumber(maximum)} mg/24h`;
    }
    if (has(entry.takenMgPer24h)) {
      const taken = requireNonNegative(entry.takenMgPer24h, 'takenMgPer24h', 'The amount taken per 24 hours');
      let recorded = 'recorded for this review';
      if (has(entry.takenRecordedOn)) {
        if (typeof entry.takenRecordedOn !== 'string' || !isIsoDate(entry.takenRecordedOn)) {
          reject('The review date of a taken amount must be YYYY-MM-DD.', 'takenRecordedOn');
        }
        recorded = `recorded at review on ${formatDateGb(entry.takenRecordedOn)}`;
      }
      return {
        kind: 'mg-per-24h',
        mgPer24h: taken,
        basis: 'prn-taken',
        explanation:
          `as needed: taken ${formatNumber(taken)} mg/24h (${recorded}` +
          (maximum === undefined ? ')' : `; prescribed ${maxText})`),
      };
    }
    if (maximum === undefined) {
      reject(
        'An as-needed dose needs the maximum allowed in 24 hours (or the dose and the maximum times a day), ' +
          'or the amount taken.',
        'prnMaxMgPer24h',
      );
    }
    return {
      kind: 'mg-per-24h',
      mgPer24h: maximum,
      basis: 'prn-maximum',
      explanation: `as needed: ${maxText}`,
    };
  }

  if (has(entry.prnMaxMgPer24h))
    reject('A maximum per 24 hours applies to as-needed doses only.', 'prnMaxMgPer24h');
  if (has(entry.takenMgPer24h)) reject('A taken amount applies to as-needed doses only.', 'takenMgPer24h');
  if (has(entry.administrationsMg)) return unevenDose(entry);
  if (!has(entry.doseMg)) reject('A regular dose needs the dose in mg.', 'doseMg');
  if (!has(entry.timesPerDay))
    reject('A regular dose needs how many times a day it is taken.', 'timesPerDay');
  const dose = requireNonNegative(entry.doseMg, 'doseMg', 'The dose');
  const times = requireNonNegative(entry.timesPerDay, 'timesPerDay', 'The number of times a day');
  const mgPer24h = cleanNumber(dose * times);
  return {
    kind: 'mg-per-24h',
    mgPer24h,
    basis: 'regular',
    explanation: `${formatNumber(dose)} mg × ${formatNumber(times)} a day = ${formatNumber(mgPer24h)} mg/24h`,
  };
}

/** A regular dose that differs through the day: the doses are added (20 mg + 10 mg = 30 mg/24h). */
function unevenDose(entry: DoseEntry): DailyDose {
  const list: unknown = entry.administrationsMg;
  if (!Array.isArray(list) || list.length === 0 || list.length > 24) {
    reject('Give the dose at each time of day (1 to 24 doses).', 'administrationsMg');
  }
  if (has(entry.doseMg)) reject('Give either one dose or the dose at each time of day, not both.', 'doseMg');
  const doses = list.map((d, i) => requireNonNegative(d, `administrationsMg.${i}`, `Dose ${i + 1}`));
  if (has(entry.timesPerDay) && entry.timesPerDay !== doses.length) {
    reject(`${doses.length} doses were given for ${String(entry.timesPerDay)} times a day.`, 'timesPerDay');
  }
  const mgPer24h = cleanNumber(doses.reduce((a, b) => a + b, 0));
  return {
    kind: 'mg-per-24h',
    mgPer24h,
    basis: 'regular',
    explanation: `${doses.map((d) => `${formatNumber(d)} mg`).join(' + ')} = ${formatNumber(mgPer24h)} mg/24h`,
  };
}

/**
 * Builds the {@link OpioidDose} for `calculateOme` from a structured dose: patches give `mcgPerHour`,
 * everything else `mgPer24h` (see {@link dailyDoseMg}).
 *
 * @throws ClinicalInputError (`INVALID_DOSE`) when a patch is given for a non-transdermal route or the
 *   other way round, plus anything {@link dailyDoseMg} throws.
 */
export function opioidDoseFromEntry(drug: string, route: OpioidRoute, entry: DoseEntry): OpioidDose {
  const name = normaliseDrugName(drug, 'drug');
  const daily = dailyDoseMg(entry);
  if (daily.kind === 'patch') {
    if (route !== 'transdermal')
      reject(`A patch strength was given for ${name} by the ${route} route.`, 'route');
    return { drug: name, route, mcgPerHour: daily.mcgPerHour };
  }
  if (route === 'transdermal')
    reject(`The ${name} patch needs its strength in micrograms per hour.`, 'route');
  return { drug: name, route, mgPer24h: daily.mgPer24h };
}
