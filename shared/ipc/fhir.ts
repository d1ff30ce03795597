import { z } from 'zod';
import type { FhirImportPlan } from '../fhir/import';
import { op } from './operation';

/** A FHIR Bundle sent as JSON text; 20 MB is far above a GP structured record. */
const bundleText = z
  .string()
  .min(2, 'Choose a FHIR file.')
  .max(20_000_000, 'The file is larger than 20 MB: export fewer patients at a time.');

export interface FhirImportPreview extends FhirImportPlan {
  patientCount: number;
  allergyCount: number;
}

/** One patient's record exported as FHIR R4 (UK Core): the file's name and text, and what it holds. */
export interface FhirPatientExport {
  fileName: string;
  /** The Bundle as JSON text (application/fhir+json), ready to save. */
  json: string;
  /** Resources in the bundle by type, e.g. `{ Patient: 1, MedicationStatement: 3 }`. */
  counts: Record<string, number>;
}

/** Interoperability (FHIR UK Core): this module's named operations. Spread into `contract` in contract.ts. */
export const fhirContract = {
  'fhir:exportPatient': op<FhirPatientExport>()({
    input: z.strictObject({ patientId: z.number().int().positive() }),
    access: 'patient.read',
    write: false,
    summary: "A patient's record as a FHIR R4 UK Core Bundle (audited as an export).",
    reads: { kind: 'patient', patientId: (input) => input.patientId },
  }),
  'fhir:importPreview': op<FhirImportPreview>()({
    input: z.strictObject({ json: bundleText }),
    access: 'data.import',
    write: false,
    summary: 'What importing a FHIR Bundle (patients and allergies) would save, with every problem by entry.',
    // The preview names the patients in the file and any already registered here.
    reads: { kind: 'list' },
  }),
  'fhir:importCommit': op<{ patients: number; allergies: number }>()({
    input: z.strictObject({ json: bundleText, confirm: z.literal(true, 'Confirm the import.') }),
    access: 'data.import',
    write: true,
    summary: 'Import the patients and allergies of a FHIR Bundle: all or nothing, audited.',
  }),
} as const;
