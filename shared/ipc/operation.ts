import type { z } from 'zod';
import type { Permission } from '../domain/roles';

/** Who may call an operation. */
export type Access =
  | 'public' // before sign-in
  | 'session' // any signed-in session, even a locked one (sign out, unlock)
  | Permission; // a signed-in, unlocked user whose role has this permission

/**
 * What a read shows, for the access audit (issue 17, "who looked at whom"). Every read that a permission
 * guards declares one; the dispatcher writes the audit row with the answer, so an operation cannot forget
 * it (tests/contract/read-audit.test.ts fails on an undeclared read).
 * - `patient`: one patient's data; `patientId` finds whose, from the request or the answer (null: no one
 *   patient, e.g. a list by meeting: recorded as a list read).
 * - `list`: several patients' data at once (a search, a worklist, a meeting list); the request's terms are
 *   recorded (searches with their terms).
 * - `none`: no patient data (reference lists, staff names); `why` says so for the reviewer.
 */
export type ReadAudit<I = never, O = never> =
  | {
      kind: 'patient';
      // Method syntax: checked bivariantly, so every declaration fits `Operation<ZodType, unknown>`.
      patientId(input: I, output: O): number | null;
    }
  | { kind: 'list' }
  | { kind: 'none'; why: string };

export interface Operation<I extends z.ZodType, O> {
  input: I;
  access: Access;
  /** Writes change data and run in one transaction with their audit rows. */
  write: boolean;
  summary: string;
  /** Reads only: what the answer shows, for the access audit (see {@link ReadAudit}). */
  reads?: ReadAudit<z.output<I>, O>;
  /** Phantom: the answer's type, for the typed client. */
  readonly output?: O;
}

/** Declares one operation: `op<AnswerType>()({ input: zodSchema, access, write, summary, reads? })`. */
export const op =
  <O>() =>
  <I extends z.ZodType>(def: {
    input: I;
    access: Access;
    write: boolean;
    summary: string;
    reads?: ReadAudit<z.output<I>, O>;
  }): Operation<I, O> =>
    def;
