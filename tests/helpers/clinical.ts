import { expect } from 'vitest';
import { ClinicalInputError } from '../../shared/clinical/errors';

/** Runs `fn`, expecting it to throw a ClinicalInputError, and returns the error. */
export function clinicalErrorFrom(fn: () => unknown): ClinicalInputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ClinicalInputError);
    return error as ClinicalInputError;
  }
  return expect.unreachable('expected a ClinicalInputError');
}

/**
 * Asserts that `fn` throws a ClinicalInputError with this code and a readable message; optionally that the
 * message mentions `messagePart` and names `field`.
 */
export function expectClinicalError(
  fn: () => unknown,
  code: string,
  options: { field?: string; messagePart?: string } = {},
): void {
  const error = clinicalErrorFrom(fn);
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(10);
  if (options.field !== undefined) expect(error.field).toBe(options.field);
  if (options.messagePart !== undefined) expect(error.message).toContain(options.messagePart);
}
