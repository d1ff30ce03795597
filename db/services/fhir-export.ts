import type { Bundle, Resource } from '@medplum/fhirtypes';
import { londonToday } from '../../shared/dates';
import { chronicPainTitle } from '../../shared/domain/icd11';
import type { MedicineEntry } from '../../shared/domain/medicines';
import type { Patient } from '../../shared/domain/patient';
import { PATHWAY_LABELS, type MeasureResponse, type RehabPlan } from '../../shared/domain/rehab';
import { MEASURES } from '../../shared/clinical/rehab/measures';
import { MEASURE_LOINC } from '../../shared/fhir/codes';
import { dmdForLine } from '../../shared/fhir/dmd';
import {
  appointmentResource,
  letterDocumentReference,
  outcomeComposition,
  procedureResource,
  questionnaireResponseResource,
  serviceRequestResource,
  type FhirLetterIn,
  type FhirOutcomeIn,
} from '../../shared/fhir/care';
import { findProcedure } from '../../shared/clinical/interventions';
import type { LetterView, PatientMdtOverview } from '../../shared/domain/mdt';
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
import { bookingsForExport, requestsForExport } from '../queries/fhir';
import { writeAudit } from './audit';
import { letterPdf } from './letter-pdf';
import type { HandlerContext } from './context';
import { patientMedicines } from './medicines';
import { medicineEntryExtension, medicineInputOf, structuredDosage } from '../../shared/fhir/medicine-entry';
import { listLetters } from './mdt-letters';
import { patientOverview } from './mdt-outcomes';
import { requirePatient } from './patients';
import { rehabSummary } from './rehab-read';

type Entry = { fullUrl: string; resource: Resource };

const AUDIENCE: Record<LetterView['audience'], string> = {
  gp: 'GP',
  referrer: 'the referrer',
  patient: 'the patient',
};

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
  const db = ctx.conn.db;
  const [medicines, rehab, requests, bookings, mdt, letters] = await Promise.all([
    patientMedicines(ctx, patientId),
    rehabSummary(ctx, patientId),
    requestsForExport(db, patientId),
    bookingsForExport(db, patientId),
    patientOverview(ctx, patientId),
    listLetters(ctx, null, patientId),
  ]);
  const letterPdfs = new Map<number, string>();
  for (const l of letters) {
    if (l.body === null) continue;
    const pdf = await letterPdf({
      title: `MDT letter to ${AUDIENCE[l.audience]}`,
      body: l.body,
      patientName: `${patient.forename} ${patient.surname}`,
      nhsNumber: patient.nhsNumber,
      generatedAt: l.generatedAt,
      superseded: l.supersededAt !== null,
      templateApproved: l.templateApproved,
    });
    letterPdfs.set(l.id, pdf.toString('base64'));
  }
  const bundle = buildPatientBundle(
    {
      patient,
      medicines: [...medicines.current, ...medicines.stopped],
      plans: rehab.plans,
      measures: rehab.measures,
      requests,
      bookings,
      mdt,
      letters,
      letterPdfs,
    },
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
export interface PatientRecord {
  patient: Patient;
  medicines: readonly MedicineEntry[];
  plans: readonly RehabPlan[];
  measures: readonly MeasureResponse[];
  requests: Awaited<ReturnType<typeof requestsForExport>>;
  bookings: Awaited<ReturnType<typeof bookingsForExport>>;
  mdt: PatientMdtOverview;
  letters: readonly LetterView[];
  /** Each written letter's PDF (base64), by letter id. */
  letterPdfs: ReadonlyMap<number, string>;
}

export function buildPatientBundle(record: PatientRecord, now: Date): Bundle {
  const { patient, medicines, plans, measures } = record;
  const entries: Entry[] = [];
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
    const answersUrl = fullUrlFor('QuestionnaireResponse', r.id);
    entries.push({
      fullUrl: answersUrl,
      resource: questionnaireResponseResource(
        {
          id: r.id,
          measure: r.measure,
          measureName: def?.name ?? r.measure,
          administeredOn: r.administeredOn,
          answers: r.answers,
          enteredInError: r.enteredInError !== null,
        },
        subject,
      ),
    });
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
          enteredInError: r.enteredInError !== null,
          derivedFrom: answersUrl,
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
            status: g.enteredInError ? 'entered-in-error' : g.status,
            statusReason: g.statusReason,
            levels: g.levels,
          },
          subject,
        ),
      });
  }
  entries.push(...interventionEntries(record, subject));
  entries.push(...mdtEntries(record, subject));
  return collectionBundle(entries, now.toISOString());
}

/** The intervention pathway: each request, its bookings on lists, and each procedure done with its outcome. */
function interventionEntries(record: PatientRecord, subject: PatientRef): Entry[] {
  const entries: Entry[] = [];
  const nameOf = (code: string) => findProcedure(code)?.name ?? code;
  for (const r of record.requests)
    entries.push({
      fullUrl: fullUrlFor('ServiceRequest', r.id),
      resource: serviceRequestResource(
        {
          id: r.id,
          procedureName: nameOf(r.procedure_code),
          side: r.side,
          site: r.site,
          indication: r.indication,
          priority: r.priority,
          status: r.status as 'waiting',
          rttClockStart: r.rtt_clock_start,
          requesterName: r.clinician_name,
        },
        subject,
      ),
    });
  for (const b of record.bookings) {
    entries.push({
      fullUrl: fullUrlFor('Appointment', b.id),
      resource: appointmentResource(
        {
          id: b.id,
          requestId: b.request_id,
          status: b.status,
          sessionDate: b.session_date,
          sessionStart: b.start_time,
          sessionEnd: b.end_time,
          room: b.room,
          clinicianName: b.clinician_name,
          cancelReason: b.cancel_reason,
        },
        subject,
      ),
    });
    if (b.status === 'done')
      entries.push({
        fullUrl: fullUrlFor('Procedure', b.id),
        resource: procedureResource(
          {
            bookingId: b.id,
            requestId: b.request_id,
            procedureName: nameOf(b.procedure_code),
            side: b.side,
            site: b.site,
            date: b.session_date,
            inRoomStart: b.in_room_start,
            inRoomEnd: b.in_room_end,
            reliefPercent: b.relief_percent,
            reliefDurationWeeks: b.relief_duration_weeks,
            pgic: b.pgic,
            successful: b.successful === null ? null : b.successful === 1,
            complications: b.complications,
            clinicianName: b.clinician_name,
          },
          subject,
        ),
      });
  }
  return entries;
}

/**
 * The MDT: each confirmed outcome (its current version) as a Composition, and every letter as a
 * DocumentReference linked to the outcome it now belongs to (a letter written from an amended version points
 * at the version that replaced it).
 */
function mdtEntries(record: PatientRecord, subject: PatientRef): Entry[] {
  const entries: Entry[] = [];
  const exported = new Set<number>();
  for (const l of record.mdt.listings) {
    const o = l.outcome;
    if (!o || o.status !== 'confirmed') continue;
    const input: FhirOutcomeIn = {
      id: o.id,
      version: o.version,
      meetingDate: l.meetingDate,
      meetingName: l.meetingTypeName,
      questions: record.mdt.referrals.filter((r) => r.meetingId === l.meetingId).map((r) => r.question),
      summary: o.summary,
      rationale: o.rationale,
      actions: o.actions.map((a) => ({
        description: a.description,
        ownerName: a.ownerName,
        dueDate: a.dueDate,
      })),
      confirmedAt: o.confirmedAt,
      confirmedByName: o.confirmedByName,
      amendReason: o.amendReason,
    };
    exported.add(o.id);
    entries.push({ fullUrl: fullUrlFor('Composition', o.id), resource: outcomeComposition(input, subject) });
  }
  const replacedBy = new Map(record.letters.map((l) => [l.outcomeId, l.supersededByOutcomeId]));
  const currentOutcome = (id: number): number | null => {
    for (let at: number | null | undefined = id, hops = 0; at && hops < 50; hops++) {
      if (exported.has(at)) return at;
      at = replacedBy.get(at);
    }
    return null;
  };
  for (const l of record.letters) {
    const letter: FhirLetterIn = {
      id: l.id,
      outcomeId: l.outcomeId,
      audienceLabel: AUDIENCE[l.audience],
      recipientName: l.recipientName,
      body: l.body,
      problem: l.problem,
      generatedAt: l.generatedAt,
      sentAt: l.sentAt,
      supersededAt: l.supersededAt,
      replacesLetterId: l.replacesLetterId,
    };
    entries.push({
      fullUrl: fullUrlFor('DocumentReference', l.id),
      resource: letterDocumentReference(
        letter,
        subject,
        currentOutcome(l.outcomeId),
        record.letterPdfs.get(l.id) ?? null,
      ),
    });
  }
  return entries;
}

/**
 * The line's verified dm+d concept: the VMP when the line was written as a strength of its product, else
 * the product's VTM; null (exported by name) when none is held.
 */
function dmdCoding(m: MedicineEntry): FhirMedicineIn['dmd'] {
  const held = dmdForLine(m);
  return held ? { code: held.concept.id, display: held.concept.name } : null;
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
    dmd: dmdCoding(m),
    notCountedReason: notCounted,
    prescriber: m.prescriber,
    indication: m.indication,
    structured: structuredDosage(m),
    entry: medicineEntryExtension(medicineInputOf(m)),
  };
}
