/** Shared helpers of the MDT services: the signed-in user, the clock, pure rules as form refusals. */
import { AppError } from '../../shared/result';
import { clinical } from './clinical-errors';
import type { HandlerContext } from './context';

/** A pure MDT rule whose input errors become a VALIDATION refusal on the form. */
export function rule<T>(fn: () => T): T {
  return clinical(fn, '', 'form');
}

export function userId(ctx: HandlerContext): number {
  if (!ctx.session) throw new AppError('FORBIDDEN', 'Please sign in.');
  return ctx.session.userId;
}

export function nowInstant(ctx: HandlerContext): string {
  return ctx.now().toISOString();
}
