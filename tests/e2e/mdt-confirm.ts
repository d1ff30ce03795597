import { patientLetterSeal } from '../../shared/domain/letter-seal';
import type { PreviewFixture } from './harness';

/**
 * Seeds a confirmed MDT outcome through the dispatcher the way the confirm step does it (issue 16: the chair
 * reads the patient letter first): saves the outcome as the draft, opens the patient letter written from it
 * and confirms with that letter's seal.
 */
export async function seedConfirmAfterReading<T>(
  preview: PreviewFixture,
  input: { listingId: number; outcome: Record<string, unknown> },
  chairSession: string,
): Promise<T> {
  await preview.seed('mdt:outcome:saveDraft', { listingId: input.listingId, ...input.outcome }, chairSession);
  const shown = await preview.seed<{ text: string; problem: string | null }>(
    'mdt:outcome:previewPatientLetter',
    { listingId: input.listingId },
    chairSession,
  );
  return preview.seed<T>(
    'mdt:outcome:confirm',
    { ...input, patientLetterSeal: patientLetterSeal(shown) },
    chairSession,
  );
}
