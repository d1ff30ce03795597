import { z } from 'zod';
import { OPIOID_ROUTES, type OpioidRoute } from '../clinical/medicines/types';

/** The zod building blocks of the rule-set body schemas, with clinician-readable messages. */

export const text = (message: string, max = 2000) =>
  z.string({ error: message }).trim().min(1, message).max(max, `At most ${max} characters.`);
export const optionalText = (max = 2000) =>
  z.string({ error: 'Enter text.' }).max(max, `At most ${max} characters.`).optional();
export const positiveNumber = (message: string, max: number) =>
  z.number({ error: message }).finite(message).positive(message).max(max, `At most ${max}.`);
export const nonNegativeNumber = (message: string, max: number) =>
  z.number({ error: message }).finite(message).min(0, message).max(max, `At most ${max}.`);
export const wholeNumber = (message: string, min: number, max: number) =>
  z
    .number({ error: message })
    .int('Enter a whole number.')
    .min(min, `At least ${min}.`)
    .max(max, `At most ${max}.`);
export const bool = (message: string) => z.boolean({ error: message });

export const genericName = z
  .string({ error: 'Enter the lower-case generic name, e.g. oxycodone.' })
  .trim()
  .min(1, 'Enter the lower-case generic name, e.g. oxycodone.')
  .max(60, 'At most 60 characters.')
  .regex(/^[a-z][a-z0-9 -]*$/, 'Use the lower-case generic name, e.g. oxycodone.');

export const opioidRoute = z.enum(OPIOID_ROUTES as unknown as [OpioidRoute, ...OpioidRoute[]], {
  error: `Choose a route: ${OPIOID_ROUTES.join(', ')}.`,
});

/** Adds a "duplicate" issue at `path` of each row whose key was seen before. */
export function unique<T>(
  rows: readonly T[],
  keyOf: (row: T) => string,
  field: string,
  message: (row: T) => string,
  ctx: z.RefinementCtx,
  prefix: (string | number)[] = [],
): void {
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const key = keyOf(row);
    if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [...prefix, i, field], message: message(row) });
    seen.add(key);
  });
}

/** A body refinement: every row of the list `list` has its own `field` ("X is used twice." by the repeat). */
export const uniqueIn =
  <L extends string, F extends string>(list: L, field: F) =>
  (b: Record<L, readonly Record<F, string>[]>, ctx: z.RefinementCtx): void =>
    unique(
      b[list],
      (r) => r[field],
      field,
      (r) => `${r[field]} is used twice.`,
      ctx,
      [list],
    );
