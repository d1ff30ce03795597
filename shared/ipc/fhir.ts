import { z } from 'zod';
import { op } from './operation';

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
  }),
} as const;
