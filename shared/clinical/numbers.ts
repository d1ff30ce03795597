/**
 * Number formatting shared by the clinical modules' explanations.
 */

/**
 * Formats a number for an explanation: rounded to at most `maxDecimals` decimal places, with no trailing
 * zeros (`formatDecimal(2.5, 2) === '2.5'`, `formatDecimal(1 / 3, 3) === '0.333'`).
 */
export function formatDecimal(value: number, maxDecimals: number): string {
  return String(Number(value.toFixed(maxDecimals)));
}
