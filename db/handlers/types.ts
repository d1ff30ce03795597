import type { z } from 'zod';
import type { Operation } from '../../shared/ipc/operation';
import type { HandlerContext } from '../services/context';

type OutputOf<T> = T extends Operation<z.ZodType, infer O> ? O : never;
type InputOf<T> = T extends Operation<infer I, unknown> ? z.output<I> : never;

/** One handler per operation of a module's contract: a missing or mistyped one is a type error. */
export type HandlersFor<C extends Record<string, Operation<z.ZodType, unknown>>> = {
  [K in keyof C]: (ctx: HandlerContext, input: InputOf<C[K]>) => OutputOf<C[K]> | Promise<OutputOf<C[K]>>;
};
