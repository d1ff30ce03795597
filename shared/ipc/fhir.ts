import { z } from 'zod';
import type { FhirImportPlan } from '../fhir/import';
import type { CodeTally } from '../fhir/labels';
import { op } from './operation';

/** A FHIR Bundle sent as JSON text; 20 MB is far above a GP structured record. */
const bundleText = z
  .string()
  .min(2, 'Choose a FHIR file.')
  .max(20_000_000, 'The file is larger than 20 MB: export fewer patients at a time.');

export interface FhirImportPreview extends FhirImportPlan {
  patientCount: number;
  allergyCount: number;
  /** Medicines to be recorded, and how many of them are kept as written (not counted in the OME). */
  medicineCount: number;
  asWrittenCount: number;
}

/** What a FHIR import saved. */
export interface FhirImportResult {
  patients: number;
  allergies: number;
  medicines: number;
}

/** One patient's record exported as FHIR R4 (UK Core): the file's name and text, and what it holds. */
export interface FhirPatientExport {
  fileName: string;
  /** The Bundle as JSON text (application/fhir+json), ready to save. */
  json: string;
  /** Resources in the bundle by type, e.g. `{ Patient: 1, MedicationStatement: 3 }`. */
  counts: Record<string, number>;
}

/** A service-wide FHIR Bulk Data export run from the app, and how far it has gone. */
export interface BulkExportStatus {
  id: string;
  state: 'running' | 'finished' | 'failed';
  /** Patients exported so far, of all the service holds (0 of 0 until the count is known). */
  done: number;
  total: number;
  /** The folder the NDJSON files are written to (one file per resource type). */
  folder: string;
  /** Resources written by type, once finished. */
  counts: Record<string, number>;
  /** Which standard codes the records carry (by code system and kind of record), once finished. */
  codes: CodeTally;
  /** Why it failed, in words for people (null unless failed). */
  message: string | null;
  startedAt: string;
  finishedAt: string | null;
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
    summary:
      'What importing a FHIR Bundle (patients, allergies and current medicines) would save, with every problem by entry.',
    // The preview names the patients in the file and any already registered here.
    reads: { kind: 'list' },
  }),
  'fhir:importCommit': op<FhirImportResult>()({
    input: z.strictObject({ json: bundleText, confirm: z.literal(true, 'Confirm the import.') }),
    access: 'data.import',
    write: true,
    summary:
      'Import the patients, allergies and current medicines of a FHIR Bundle: all or nothing, audited.',
  }),
  'fhir:bulkExportStart': op<BulkExportStatus>()({
    input: z.strictObject({}),
    access: 'data.export',
    write: true,
    summary:
      "Start exporting the whole service's records as FHIR Bulk Data NDJSON files for the trust's data warehouse (audited).",
  }),
  'fhir:bulkExportStatus': op<BulkExportStatus>()({
    input: z.strictObject({ id: z.string().min(1).max(100) }),
    access: 'data.export',
    write: false,
    summary: 'How far a service-wide FHIR export has gone, and what it wrote once finished.',
    reads: { kind: 'none', why: 'progress of an export: counts and a folder name, no patient data' },
  }),
} as const;
