import type { Bundle, Resource } from '@medplum/fhirtypes';
import { londonToday } from '../../shared/dates';
import { chronicPainTitle } from '../../shared/domain/icd11';
import type { MedicineEntry } from '../../shared/domain/medicines';
import type { Patient } from '../../shared/domain/patient';
import { PATHWAY_LABELS, type MeasureResponse, type RehabPlan } from '../../shared/domain/rehab';
import { MEASURES } from '../../shared/clinical/rehab/measures';
import { MEASURE_LOINC } from '../../shared/fhir/codes';
import {
  allergyResource,
  carePlanResource,
  collectionBundle,
  diagnosisResource,
  episodeResource,
  fullUrlFor,
  goalResource,
  measureObservation,
  medicationStatementResource,
  patientResource,
  type FhirMedicineIn,
  type PatientRef,
} from '../../shared/fhir/resources';
import { writeAudit } from './audit';
import type { HandlerContext } from './context';
import { patientMedicines } from './medicines';
import { requirePatient } from './patients';
import { rehabSummary } from './rehab-read';

/** What one patient's export holds, by resource type (shown to the user and written to the audit row). */
export type ResourceCounts = Record<string, number>;

export interface PatientExport {
  bundle: Bundle;
  counts: ResourceCounts;
  /** A file name that says whose record it is without the name: `alongside-fhir-<NHS number>-<date>.json`. */
  fileName: string;
}

/**
 * One patient's record as a FHIR R4 collection Bundle claiming the UK Core profiles: Patient,
 * AllergyIntolerance, Condition (the chronic pain diagnosis), MedicationStatement (each medicine line as it
 * stands now), Observation (outcome measure totals, never item wording), EpisodeOfCare, CarePlan and Goal
 * (rehabilitation plans with their goals' Goal Attainment Scaling levels). Audited as an export.
 */
export async function exportPatient(ctx: HandlerContext, patientId: number): Promise<PatientExport> {
  const { patient, bundle } = await readPatientBundle(ctx, patientId);
  const counts = countResources(bundle);
  await ctx.conn.db.transaction().execute((trx) =>
    writeAudit(trx, ctx, {
      action: 'export.fhir',
      entity: 'patients',
      entityId: patientId,
      patientId,
      after: { format: 'FHIR R4 UK Core bundle', counts },
    }),
  );
  const who = patient.nhsNumber ?? patient.hospitalNumber ?? `patient-${patient.id}`;
  const fileName = `alongside-fhir-${who.replace(/[^A-Za-z0-9]/g, '')}-${londonToday(ctx.now())}.json`;
  return { bundle, counts, fileName };
}

/** Reads one patient's records and builds the bundle (no audit row: the callers write their own). */
export async function readPatientBundle(
  ctx: HandlerContext,
  patientId: number,
): Promise<{ patient: Patient; bundle: Bundle }> {
  const patient = await requirePatient(ctx, patientId);
  const [medicines, rehab] = await Promise.all([
    patientMedicines(ctx, patientId),
    rehabSummary(ctx, patientId),
  ]);
  const bundle = buildPatientBundle(
    patient,
    [...medicines.current, ...medicines.stopped],
    rehab.plans,
    rehab.measures,
    ctx.now(),
  );
  return { patient, bundle };
}

export function countResources(bundle: Bundle): ResourceCounts {
  const counts: ResourceCounts = {};
  for (const e of bundle.entry ?? []) {
    const t = e.resource?.resourceType ?? 'unknown';
    counts[t] = (counts[t] ?? 0) + 1;
  }
  return counts;
}

/** The bundle for one patient from records already read (pure apart from the clock passed in). */
export function buildPatientBundle(
  patient: Patient,
  medicines: readonly MedicineEntry[],
  plans: readonly RehabPlan[],
  measures: readonly MeasureResponse[],
  now: Date,
): Bundle {
  const entries: { fullUrl: string; resource: Resource }[] = [];
  const patientUrl = fullUrlFor('Patient', patient.id);
  const subject: PatientRef = { reference: patientUrl, display: `${patient.forename} ${patient.surname}` };
  entries.push({ fullUrl: patientUrl, resource: patientResource(patient) });
  for (const a of patient.allergies)
    entries.push({ fullUrl: fullUrlFor('AllergyIntolerance', a.id), resource: allergyResource(a, subject) });
  if (patient.diagnosisCode || patient.diagnosisNotes)
    entries.push({
      fullUrl: fullUrlFor('Condition', patient.id),
      resource: diagnosisResource(
        {
          code: patient.diagnosisCode,
          title: patient.diagnosisCode ? chronicPainTitle(patient.diagnosisCode) : null,
          site: patient.diagnosisSite,
          notes: patient.diagnosisNotes,
          recordedOn: patient.referralDate,
        },
        subject,
        patient.id,
      ),
    });
  const today = londonToday(now);
  for (const m of medicines)
    entries.push({
      fullUrl: fullUrlFor('MedicationStatement', m.itemId),
      resource: medicationStatementResource(medicineIn(m, today), subject),
    });
  for (const r of measures) {
    const def = MEASURES[r.measure];
    entries.push({
      fullUrl: fullUrlFor('Observation', r.id),
      resource: measureObservation(
        {
          id: r.id,
          measure: r.measure,
          measureName: def?.name ?? r.measure,
          administeredOn: r.administeredOn,
          total: r.score.total,
          band: r.score.band ?? null,
          loinc: MEASURE_LOINC[r.measure] ?? null,
        },
        subject,
      ),
    });
  }
  for (const plan of plans) {
    const planIn = {
      id: plan.id,
      pathwayLabel: PATHWAY_LABELS[plan.pathway] ?? plan.pathway,
      status: plan.status,
      referralDate: plan.referralDate,
      treatmentStartDate: plan.treatmentStartDate,
      dischargeDate: plan.dischargeDate,
      goalIds: plan.goals.map((g) => g.id),
    };
    const episodeUrl = fullUrlFor('EpisodeOfCare', plan.id);
    entries.push({ fullUrl: episodeUrl, resource: episodeResource(planIn, subject) });
    entries.push({
      fullUrl: fullUrlFor('CarePlan', plan.id),
      resource: carePlanResource(planIn, subject, { reference: episodeUrl }),
    });
    for (const g of plan.goals)
      entries.push({
        fullUrl: fullUrlFor('Goal', g.id),
        resource: goalResource(
          {
            id: g.id,
            planId: g.planId,
            whatMatters: g.whatMatters,
            measure: g.measure,
            target: g.target,
            setOn: g.setOn,
            targetDate: g.targetDate,
            status: 'active',
            levels: g.levels,
          },
          subject,
        ),
      });
  }
  return collectionBundle(entries, now.toISOString());
}

function medicineIn(m: MedicineEntry, today: string): FhirMedicineIn {
  const status: FhirMedicineIn['status'] =
    m.status === 'stopped' ? 'stopped' : m.startDate > today ? 'planned' : 'active';
  const notCounted = m.ome?.status === 'not-totalled' ? (m.ome.reason ?? 'no conversion factor') : null;
  return {
    itemId: m.itemId,
    name: m.name,
    strength: m.strength,
    route: m.route,
    doseText: m.doseText,
    asNeeded: m.doseKind === 'prn',
    status,
    startDate: m.startDate,
    stoppedOn: m.stoppedOn,
    recordedAt: m.recordedAt,
    dmd: null,
    notCountedReason: notCounted,
  };
}
