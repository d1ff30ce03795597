import { z } from 'zod';
import { referrerInputSchema, type LetterTemplateView, type LetterView } from '../domain/mdt';
import { op } from './operation';

const id = z.number().int().positive();

/** MDT letter operations added for issue 16 (the referrer, local approval of a template). */
export const mdtLettersContract = {
  'mdt:letter:setReferrer': op<LetterView>()({
    input: referrerInputSchema,
    access: 'mdt.manage',
    write: true,
    summary:
      'Record the clinician who referred the patient (name, role, organisation, address); the referrer letter is written to them.',
  }),
  'mdt:letterTemplates:approve': op<LetterTemplateView>()({
    input: z.strictObject({ templateId: id }),
    access: 'mdt.chair',
    write: true,
    summary: 'A clinical lead marks a letter template version approved for local use (audited).',
  }),
  'mdt:outcome:previewPatientLetter': op<{ patientId: number; text: string; problem: string | null }>()({
    input: z.strictObject({ listingId: id }),
    access: 'mdt.chair',
    write: false,
    reads: { kind: 'patient', patientId: (_, o) => o?.patientId ?? null },
    summary:
      'The patient letter as it would be written from the outcome typed so far, for the chair to read before confirming.',
  }),
} as const;
