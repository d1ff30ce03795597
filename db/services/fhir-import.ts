import { planFhirImport, type FhirImportPlan, type FhirImportProblem } from '../../shared/fhir/import';
import type { FhirImportPreview } from '../../shared/ipc/fhir';
import { AppError } from '../../shared/result';
import { findDuplicate } from '../queries/patients';
import { writeAudit } from './audit';
import type { HandlerContext, Trx } from './context';
import { createPatientIn } from './patients';

function parse(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return null;
  }
}

/** Problems the database adds: a patient already registered (by NHS or hospital number). */
async function duplicates(
  db: Trx | HandlerContext['conn']['db'],
  plan: FhirImportPlan,
): Promise<FhirImportProblem[]> {
  const out: FhirImportProblem[] = [];
  for (const p of plan.patients) {
    const dup = await findDuplicate(db, p.data, null);
    if (dup)
      out.push({
        entry: p.entry,
        resourceType: 'Patient',
        field: dup.field === 'nhsNumber' ? 'NHS number' : 'Hospital number',
        message: `Already registered here as ${dup.patient.surname.toUpperCase()}, ${dup.patient.forename}.`,
      });
  }
  return out;
}

function previewOf(plan: FhirImportPlan, extra: FhirImportProblem[]): FhirImportPreview {
  return {
    ...plan,
    problems: [...plan.problems, ...extra].sort((a, b) => a.entry - b.entry),
    patientCount: plan.patients.length,
    allergyCount: plan.patients.reduce((n, p) => n + p.data.allergies.length, 0),
  };
}

/** What importing this FHIR Bundle would save, with every problem by entry. Saves nothing. */
export async function fhirImportPreview(ctx: HandlerContext, json: string): Promise<FhirImportPreview> {
  const plan = planFhirImport(parse(json));
  return previewOf(plan, await duplicates(ctx.conn.db, plan));
}

/**
 * Saves the bundle's patients and allergies in ONE transaction: all or nothing. The file is read again and
 * re-checked inside the transaction (someone may have registered one of the patients since the preview);
 * any problem refuses the whole import with nothing saved. Each patient gets its own audit row
 * (`patient.import-fhir`) and the import one more with its counts.
 */
export async function fhirImportCommit(
  ctx: HandlerContext,
  json: string,
): Promise<{ patients: number; allergies: number }> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const plan = planFhirImport(parse(json));
    const preview = previewOf(plan, await duplicates(trx, plan));
    if (preview.problems.length > 0 || preview.patientCount === 0)
      throw new AppError(
        'VALIDATION',
        preview.problems.length > 0
          ? `Nothing was imported: ${preview.problems.length} problem${preview.problems.length === 1 ? '' : 's'} to put right first (see the preview).`
          : 'Nothing was imported: the file holds no patient.',
      );
    for (const p of plan.patients) await createPatientIn(trx, ctx, p.data, 'patient.import-fhir');
    await writeAudit(trx, ctx, {
      action: 'import.fhir',
      entity: 'patients',
      entityId: null,
      after: {
        patients: preview.patientCount,
        allergies: preview.allergyCount,
        notImported: plan.notImported,
      },
    });
    return { patients: preview.patientCount, allergies: preview.allergyCount };
  });
}
