import { describe, expect, it } from 'vitest';
import { toErrorShape } from '../../db/dispatcher';
import { clinical } from '../../db/services/clinical-errors';
import { ClinicalInputError } from '../../shared/clinical/errors';
import { AppError } from '../../shared/result';

describe('error envelope', () => {
  it('turns a clinical input error into a VALIDATION answer on its field', () => {
    const err = new ClinicalInputError('INVALID_DOSE', 'Enter a dose of 0 or more.', 'doseMg');
    expect(toErrorShape(err, 'x:y')).toEqual({
      code: 'VALIDATION',
      message: 'Enter a dose of 0 or more.',
      fields: { doseMg: 'Enter a dose of 0 or more.' },
    });
  });

  it('lets services put a clinical error on a prefixed field', () => {
    const throwing = () =>
      clinical(() => {
        throw new ClinicalInputError('INVALID_DATE', 'Not a real date.', 'startDate');
      }, 'steps.0.');
    expect(throwing).toThrow(AppError);
    try {
      throwing();
    } catch (e) {
      expect((e as AppError).fields).toEqual({ 'steps.0.startDate': 'Not a real date.' });
    }
  });

  it('never leaks SQL or data from an unexpected error', () => {
    const shape = toErrorShape(
      Object.assign(new Error('UNIQUE constraint failed: patients.nhs_number 9434765919'), {
        code: 'SQLITE_CONSTRAINT_UNIQUE',
      }),
      'x:y',
    );
    expect(shape.code).toBe('CONFLICT');
    expect(shape.message).not.toMatch(/9434765919|patients\.|constraint/i);
  });
});
