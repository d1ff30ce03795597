/**
 * The envelope every request returns. Nothing is ever thrown across the process boundary: the renderer
 * branches on `ok` and, on failure, on `error.code`.
 */
export type ErrorCode =
  | 'VALIDATION' // the request did not match its schema; `fields` says where
  | 'UNKNOWN_CHANNEL'
  | 'UNAUTHENTICATED' // nobody is signed in
  | 'LOCKED' // the session locked after inactivity: unlock with the password
  | 'FORBIDDEN' // signed in, but the role may not do this
  | 'BAD_CREDENTIALS'
  | 'TOO_MANY_ATTEMPTS' // repeated failed sign-ins or unlocks: wait (the message says how long)
  | 'NOT_FOUND'
  | 'CONFLICT' // e.g. a duplicate NHS number, or a stale edit
  | 'READ_ONLY' // the database cannot be written (read-only file, disk full)
  | 'INTERNAL';

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  /** Field path (dot-separated) → message, for showing next to the field. */
  fields?: Record<string, string>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

/** An error a service throws on purpose; the dispatcher turns it into `{ ok: false, error }`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: Record<string, string> | undefined;

  constructor(code: ErrorCode, message: string, fields?: Record<string, string>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
  }

  toShape(): AppErrorShape {
    return this.fields
      ? { code: this.code, message: this.message, fields: this.fields }
      : { code: this.code, message: this.message };
  }
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: AppErrorShape): Result<never> => ({ ok: false, error });
