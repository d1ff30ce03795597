import { AppError } from '../../shared/result';
import type { HandlerContext } from './context';
import { composeLetter, meetingNameForListing } from './mdt-letter-writing';
import { getOutcome } from './mdt-outcomes';

/**
 * The patient letter as it would be written from the case's outcome now (the draft the chair is typing, once
 * saved), for the chair to read before confirming. Nothing is stored.
 */
export async function previewPatientLetter(
  ctx: HandlerContext,
  listingId: number,
): Promise<{ patientId: number; text: string; problem: string | null }> {
  const found = await getOutcome(ctx, listingId);
  if (!found) throw new AppError('NOT_FOUND', 'Nothing has been typed for this case yet.');
  // An action still being typed (no valid due date yet) is left out of the preview.
  const o = { ...found, actions: found.actions.filter((a) => /^\d{4}-\d{2}-\d{2}$/.test(a.dueDate)) };
  const w = await composeLetter(
    ctx,
    ctx.conn.db,
    o,
    'patient',
    await meetingNameForListing(ctx.conn.db, listingId),
    null,
    true,
  );
  return { patientId: o.patientId, text: w.body ?? '', problem: w.problem };
}
