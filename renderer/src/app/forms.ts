import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError } from '../api/client';

/**
 * Puts the main process's field messages next to the fields (the server is the authority: the form's own
 * validation only gives earlier feedback). Returns the message for the form-level alert.
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  prefix = '',
): string {
  if (!(error instanceof ApiError)) return 'Something went wrong; nothing was saved.';
  for (const [field, message] of Object.entries(error.fields ?? {})) {
    const name = prefix && field.startsWith(prefix) ? field.slice(prefix.length) : field;
    setError(name as Path<T>, { type: 'server', message });
  }
  return error.message;
}
