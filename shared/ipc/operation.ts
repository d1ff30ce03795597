import type { z } from 'zod';
import type { Permission } from '../domain/roles';

/** Who may call an operation. */
export type Access =
  | 'public' // before sign-in
  | 'session' // any signed-in session, even a locked one (sign out, unlock)
  | Permission; // a signed-in, unlocked user whose role has this permission

export interface Operation<I extends z.ZodType, O> {
  input: I;
  access: Access;
  /** Writes change data and run in one transaction with their audit rows. */
  write: boolean;
  summary: string;
  /** Phantom: the answer's type, for the typed client. */
  readonly output?: O;
}

/** Declares one operation: `op<AnswerType>()({ input: zodSchema, access, write, summary })`. */
export const op =
  <O>() =>
  <I extends z.ZodType>(def: {
    input: I;
    access: Access;
    write: boolean;
    summary: string;
  }): Operation<I, O> =>
    def;
