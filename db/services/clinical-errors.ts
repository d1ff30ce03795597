import { ClinicalInputError } from '../../shared/clinical/errors';
import { AppError } from '../../shared/result';

/**
 * Runs a pure clinical calculation and turns its typed input error into a VALIDATION refusal with the
 * message next to the field (`prefix` + the error's field, or `defaultField`), so nothing is saved and the
 * clinician sees why.
 */
export function clinical<T>(fn: () => T, prefix = '', defaultField = '_'): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ClinicalInputError) {
      const field = `${prefix}${err.field ?? defaultField}`;
      throw new AppError('VALIDATION', err.message, { [field]: err.message });
    }
    throw err;
  }
}
