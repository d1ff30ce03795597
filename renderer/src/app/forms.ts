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

/** The main process's field messages, for forms that keep their values in state (no react-hook-form). */
export function serverFieldErrors(error: unknown): Record<string, string> {
  return error instanceof ApiError ? (error.fields ?? {}) : {};
}

/** What a form says when its own checks refuse it (the messages are beside the fields). */
export const NOT_SAVED =
  'Some fields need attention: see the messages below each one. Nothing has been saved.';

/** Select and text values are strings; empty means "not recorded". */
export const emptyToNull = (v: string | null) => (v === '' || v === null ? null : v);
