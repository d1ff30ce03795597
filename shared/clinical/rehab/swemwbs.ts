/**
 * SWEMWBS raw-to-metric conversion (Rasch-based), raw totals 7–35.
 *
 * Table as cross-checked against the Warwick SWEMWBS scoring guidance (Stewart-Brown 2009): two public research scripts agree on every value and a
 * German norms paper confirms 23 → 20.73 and 32 → 29.31. Raw 29 converts to 26.02 (one public copy has 25.99,
 * which is wrong by the other copies). Check against the licensed Warwick table once the licence is held.
 */
import { ClinicalInputError } from '../errors';

/** Metric score for each raw SWEMWBS total (index = raw total 7–35). */
export const SWEMWBS_CONVERSION: Readonly<Record<number, number>> = {
  7: 7.0,
  8: 9.51,
  9: 11.25,
  10: 12.4,
  11: 13.33,
  12: 14.08,
  13: 14.75,
  14: 15.32,
  15: 15.84,
  16: 16.36,
  17: 16.88,
  18: 17.43,
  19: 17.98,
  20: 18.59,
  21: 19.25,
  22: 19.98,
  23: 20.73,
  24: 21.54,
  25: 22.35,
  26: 23.21,
  27: 24.11,
  28: 25.03,
  29: 26.02,
  30: 27.03,
  31: 28.13,
  32: 29.31,
  33: 30.7,
  34: 32.55,
  35: 35.0,
};

/**
 * Convert a raw SWEMWBS total (sum of 7 items scored 1–5) to the metric score.
 *
 * @throws ClinicalInputError (`INVALID_INPUT`) when the raw total is not a whole number from 7 to 35.
 */
export function swemwbsMetric(rawTotal: number): number {
  const metric = Number.isInteger(rawTotal) ? SWEMWBS_CONVERSION[rawTotal] : undefined;
  if (metric === undefined) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `SWEMWBS raw total ${String(rawTotal)} cannot be converted: it must be a whole number from 7 to 35.`,
      'rawTotal',
    );
  }
  return metric;
}
