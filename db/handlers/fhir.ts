import type { fhirContract } from '../../shared/ipc/fhir';
import { bulkExportStatus, startBulkExport } from '../services/fhir-bulk-jobs';
import { exportPatient } from '../services/fhir-export';
import { fhirImportCommit, fhirImportPreview } from '../services/fhir-import';
import type { HandlersFor } from './types';

/** Handlers for the FHIR exchange operations (see shared/ipc/fhir.ts). */
export const fhirHandlers: HandlersFor<typeof fhirContract> = {
  'fhir:exportPatient': async (ctx, input) => {
    const { bundle, counts, fileName } = await exportPatient(ctx, input.patientId);
    return { fileName, json: JSON.stringify(bundle, null, 2), counts };
  },
  'fhir:importPreview': (ctx, input) => fhirImportPreview(ctx, input.json),
  'fhir:importCommit': (ctx, input) => fhirImportCommit(ctx, input.json),
  'fhir:bulkExportStart': (ctx) => startBulkExport(ctx),
  'fhir:bulkExportStatus': async (ctx, input) => bulkExportStatus(ctx, input.id),
};
