import { ClinicalInputError } from '../errors';
import { formatDecimal } from '../numbers';
import type { ClinicalInputErrorCode } from '../errors';

/**
 * Removes binary floating-point noise (e.g. `30 * 0.1 = 3.0000000000000004`) by keeping 12 significant
 * figures. Doses and factors carry far fewer, so nothing clinically meaningful is lost, and threshold
 * comparisons (`>= 90`) are made on the value a person would compute by hand.
 */
export function cleanNumber(x: number): number {
  if (x === 0) return 0;
  return Number.parseFloat(x.toPrecision(12));
}

/** Formats a number for an explanation: at most 3 decimal places, no trailing zeros. */
export function formatNumber(x: number): string {
  return formatDecimal(x, 3);
}

/** Formats a number to 1 decimal place, the display precision for OME totals. */
export function formatOneDecimal(x: number): string {
  return x.toFixed(1);
}

/** Throws unless `value` is a finite number >= 0. */
export function requireNonNegative(
  value: unknown,
  field: string,
  label: string,
  code: ClinicalInputErrorCode = 'INVALID_DOSE',
): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ClinicalInputError(code, `${label} must be a number (got ${describe(value)}).`, field);
  }
  if (value < 0) {
    throw new ClinicalInputError(code, `${label} cannot be negative (got ${value}).`, field);
  }
  return value;
}

/** Throws unless `value` is a finite number > 0. */
export function requirePositive(
  value: unknown,
  field: string,
  label: string,
  code: ClinicalInputErrorCode = 'INVALID_INPUT',
): number {
  const n = requireNonNegative(value, field, label, code);
  if (n === 0) {
    throw new ClinicalInputError(code, `${label} must be more than 0.`, field);
  }
  return n;
}

/** Lower-cases and trims a generic drug name; throws if it is not a non-empty string. */
export function normaliseDrugName(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ClinicalInputError('INVALID_INPUT', 'Each medicine needs a generic name.', field);
  }
  return value.trim().toLowerCase();
}

/** A short description of an unexpected value, for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `"${value}"`;
  return typeof value;
}
