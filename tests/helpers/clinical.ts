import { expect } from 'vitest';
import { ClinicalInputError } from '../../shared/clinical/errors';
import type { ProcedureSession } from '../../shared/clinical/interventions/index';

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

/**
 * The hand-worked procedure list of the interventions tests: Monday 6 July 2026, 08:30-12:30 (240 min),
 * clinician C1, day case with a radiographer, fluoroscopy and an RF generator, nothing unavailable, 15-min
 * turnaround, two 60-minute cases already booked.
 */
export const RF_DAY_LIST: ProcedureSession = {
  id: 'S1',
  date: '2026-07-06',
  start: '08:30',
  end: '12:30',
  clinicianId: 'C1',
  setting: 'day-case',
  hasRadiographer: true,
  equipment: ['fluoroscopy', 'rf-generator'],
  unavailableMinutes: 0,
  turnaroundMinutes: 15,
  bookedCaseMinutes: [60, 60],
};
