import { AppError } from '../../shared/result';
import type { HandlerContext } from './context';
import { patientLetterAsShown } from './mdt-letter-writing';
import { getOutcome } from './mdt-outcomes';

/**
 * The patient letter as it would be written from the case's outcome now (the draft the chair is typing, once
 * saved), for the chair to read before confirming. Nothing is stored. The confirmation carries the seal of
 * this text and is refused if the outcome it confirms would write another (mdt-outcomes.ts, confirmOutcome).
 */
export async function previewPatientLetter(
  ctx: HandlerContext,
  listingId: number,
): Promise<{ patientId: number; text: string; problem: string | null }> {
  const found = await getOutcome(ctx, listingId);
  if (!found) throw new AppError('NOT_FOUND', 'Nothing has been typed for this case yet.');
  return { patientId: found.patientId, ...(await patientLetterAsShown(ctx, ctx.conn.db, found)) };
}
