import { londonToday } from '../../shared/dates';
import { planFhirImport, type FhirImportPlan, type FhirImportProblem } from '../../shared/fhir/import';
import type { FhirImportPreview, FhirImportResult } from '../../shared/ipc/fhir';
import { AppError } from '../../shared/result';
import { findDuplicate } from '../queries/patients';
import { writeAudit } from './audit';
import type { HandlerContext, Trx } from './context';
import { addMedicineIn, refuseMedicine } from './medicines';
import { createPatientIn } from './patients';

function parse(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return null;
  }
}

/** The message of a refusal, in words (an unexpected fault is not shown as it is). */
function refusalText(e: unknown): string {
  return e instanceof AppError ? e.message : 'This medicine could not be checked.';
}

/**
 * Problems the database adds: a patient already registered (by NHS or hospital number), and a medicine
 * from Alongside's own export that the formulary in use here refuses (checked as the Medicines tab would).
 */
async function duplicates(
  ctx: HandlerContext,
  db: Trx | HandlerContext['conn']['db'],
  plan: FhirImportPlan,
): Promise<FhirImportProblem[]> {
  const out: FhirImportProblem[] = [];
  for (const p of plan.patients)
    for (const m of p.medicines) {
      if (m.kind !== 'entry') continue;
      try {
        refuseMedicine(ctx, m.data);
      } catch (e) {
        out.push({
          entry: m.entry,
          resourceType: 'MedicationStatement',
          field: 'Medicine',
          message: `${m.label}: ${refusalText(e)}`,
        });
      }
    }
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
    medicineCount: plan.patients.reduce((n, p) => n + p.medicines.length, 0),
    asWrittenCount: plan.patients.reduce(
      (n, p) => n + p.medicines.filter((m) => m.kind === 'as-written').length,
      0,
    ),
  };
}

/** What importing this FHIR Bundle would save, with every problem by entry. Saves nothing. */
export async function fhirImportPreview(ctx: HandlerContext, json: string): Promise<FhirImportPreview> {
  const plan = planFhirImport(parse(json), londonToday(ctx.now()));
  return previewOf(plan, await duplicates(ctx, ctx.conn.db, plan));
}

/**
 * Saves the bundle's patients, allergies and current medicines in ONE transaction: all or nothing. The file
 * is read again and re-checked inside the transaction (someone may have registered one of the patients
 * since the preview); any problem refuses the whole import with nothing saved. Each medicine goes through
 * the Medicines tab's own checks; one refused names its entry and nothing is saved. Each patient and
 * medicine gets its own audit row and the import one more with its counts.
 */
export async function fhirImportCommit(ctx: HandlerContext, json: string): Promise<FhirImportResult> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const plan = planFhirImport(parse(json), londonToday(ctx.now()));
    const preview = previewOf(plan, await duplicates(ctx, trx, plan));
    if (preview.problems.length > 0 || preview.patientCount === 0)
      throw new AppError(
        'VALIDATION',
        preview.problems.length > 0
          ? `Nothing was imported: ${preview.problems.length} problem${preview.problems.length === 1 ? '' : 's'} to put right first (see the preview).`
          : 'Nothing was imported: the file holds no patient.',
      );
    for (const p of plan.patients) {
      const patient = await createPatientIn(trx, ctx, p.data, 'patient.import-fhir');
      for (const m of p.medicines) {
        try {
          await addMedicineIn(trx, ctx, { patientId: patient.id, medicine: m.data });
        } catch (e) {
          throw new AppError(
            'VALIDATION',
            `Nothing was imported: entry ${m.entry} (${m.label}): ${refusalText(e)}`,
          );
        }
      }
    }
    await writeAudit(trx, ctx, {
      action: 'import.fhir',
      entity: 'patients',
      entityId: null,
      after: {
        patients: preview.patientCount,
        allergies: preview.allergyCount,
        medicines: preview.medicineCount,
        medicinesAsWritten: preview.asWrittenCount,
        notImported: plan.notImported,
      },
    });
    return {
      patients: preview.patientCount,
      allergies: preview.allergyCount,
      medicines: preview.medicineCount,
    };
  });
}
