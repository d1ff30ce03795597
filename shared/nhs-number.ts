/**
 * NHS numbers: ten digits, the tenth a Modulus 11 check digit (NHS Data Dictionary, "NHS Number").
 * Weights 10..2 apply to the first nine digits; check = 11 - (sum mod 11); 11 becomes 0; 10 means the
 * number is invalid.
 */

/** Strips spaces and hyphens, the ways people type an NHS number ("943 476 5919", "943-476-5919"). */
export function normaliseNhsNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

export type NhsNumberProblem = 'not-ten-digits' | 'check-digit' | 'all-same-digit';

/** Returns why `input` is not a valid NHS number, or null when it is. */
export function nhsNumberProblem(input: string): NhsNumberProblem | null {
  const digits = normaliseNhsNumber(input);
  if (!/^\d{10}$/.test(digits)) return 'not-ten-digits';
  // 0000000000 passes the arithmetic but is not issued; nor is any repeated digit.
  if (/^(\d)\1{9}$/.test(digits)) return 'all-same-digit';
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(digits[i]) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check === 10 || check !== Number(digits[9])) return 'check-digit';
  return null;
}

export function isValidNhsNumber(input: string): boolean {
  return nhsNumberProblem(input) === null;
}

export const NHS_NUMBER_MESSAGES: Record<NhsNumberProblem, string> = {
  'not-ten-digits': 'An NHS number has 10 digits (spaces are fine).',
  'check-digit': 'This is not a valid NHS number: the check digit does not match. Check for a typing error.',
  'all-same-digit': 'This is not a valid NHS number.',
};

/** Formats ten digits as 3-3-4 ("943 476 5919"); anything else is returned unchanged. */
export function formatNhsNumber(input: string): string {
  const d = normaliseNhsNumber(input);
  return /^\d{10}$/.test(d) ? `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}` : input;
}
