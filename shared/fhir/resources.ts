import type {
  AllergyIntolerance,
  Bundle,
  BundleEntry,
  CarePlan,
  CodeableConcept,
  Coding,
  Condition,
  EpisodeOfCare,
  Goal,
  Dosage,
  MedicationStatement,
  Observation,
  Patient,
  Extension,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import { EXTENSION, PROFILE, SYSTEM } from './systems';
import { DIAGNOSIS_SNOMED, MEASURE_SNOMED } from './snomed';

/**
 * Pure builders from Alongside's records to FHIR R4 resources that claim the UK Core profiles. They take
 * small input shapes (only what each resource needs) so the database layer maps its rows once, and the same
 * builders serve the record export and the service-wide bulk export.
 *
 * What is deliberately not exported: the item wording of licensed questionnaires (never), free-text notes
 * beyond what the resource is for, and anything Alongside does not hold (an NHS number's trace status: the
 * app checks the check digit, it does not trace against the Personal Demographics Service, so every NHS
 * number is exported as "number present but not traced").
 */

export interface FhirPatientIn {
  id: number;
  nhsNumber: string | null;
  hospitalNumber: string | null;
  surname: string;
  forename: string;
  dateOfBirth: string;
  sex: 'female' | 'male' | 'indeterminate' | 'not-known';
  postcode: string | null;
}

export interface FhirAllergyIn {
  id: number;
  agent: string;
  reaction: string;
  recordedOn: string | null;
}

export interface FhirDiagnosisIn {
  /** ICD-11 MMS code, e.g. `MG30.01`, and its title. */
  code: string | null;
  title: string | null;
  site: string | null;
  notes: string | null;
  recordedOn: string | null;
}

export interface FhirMedicineIn {
  /** Stable id of the medicine line (the same across its versions). */
  itemId: number;
  name: string;
  strength: string;
  route: string;
  doseText: string;
  asNeeded: boolean;
  status: 'active' | 'stopped' | 'planned' | 'entered-in-error';
  startDate: string;
  stoppedOn: string | null;
  recordedAt: string;
  /** dm+d concept (SNOMED CT UK drug extension), when the formulary holds one. */
  dmd: { code: string; display: string } | null;
  /** The line is not counted in the OME (not on the formulary, or no factor): said in a note. */
  notCountedReason: string | null;
  /** Who prescribes it (GP or the pain service) and what for. */
  prescriber: 'gp' | 'service';
  indication: string;
  /** The dose in FHIR's structured form (empty for a line recorded as written). */
  structured: Omit<Dosage, 'text' | 'route'>;
  /** The exact entry, so that Alongside can read its own export back (see medicine-entry.ts). */
  entry: Extension;
}

export interface FhirMeasureIn {
  id: number;
  /** Measure id as Alongside names it (`PHQ-9`), with its full name. */
  measure: string;
  measureName: string;
  administeredOn: string;
  total: number | null;
  band: string | null;
  /** LOINC code for the total score where one is established. */
  loinc: { code: string; display: string } | null;
  /** Marked entered in error in Alongside: exported with that status, never as a final result. */
  enteredInError?: boolean;
  /** The bundle address of the QuestionnaireResponse holding the answers the score came from. */
  derivedFrom?: string;
}

export interface FhirGoalIn {
  id: number;
  planId: number;
  whatMatters: string;
  /** How the goal is measured ("minutes walked without stopping") and its target ("15 minutes"). */
  measure: string;
  target: string;
  setOn: string;
  targetDate: string;
  status: 'active' | 'achieved' | 'withdrawn' | 'superseded' | 'entered-in-error';
  /** Why it was achieved, withdrawn or replaced (as the clinician wrote it). */
  statusReason?: string | null;
  levels: { minus2: string; minus1: string; zero: string; plus1: string; plus2: string };
}

export interface FhirPlanIn {
  id: number;
  pathwayLabel: string;
  status: 'active' | 'closed';
  referralDate: string | null;
  treatmentStartDate: string | null;
  dischargeDate: string | null;
  goalIds: number[];
}

/** A stable placeholder address for one record inside a bundle (`urn:uuid:` needs a UUID; this is one). */
export function fullUrlFor(kind: string, id: number | string): string {
  return `urn:uuid:${uuidFor(`${kind}/${id}`)}`;
}

/**
 * A deterministic UUID (version 8, RFC 9562 "custom") from a record's kind and id, so re-exporting the same
 * record gives the same address and references inside a bundle never dangle. Not a secret, not random:
 * FNV-1a over the text, spread over 128 bits.
 */
export function uuidFor(text: string): string {
  const words: number[] = [];
  for (let seed = 0; seed < 4; seed++) {
    let h = 0x811c9dc5 ^ seed;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    words.push(h >>> 0);
  }
  const hex = words.map((w) => w.toString(16).padStart(8, '0')).join('');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A reference to the bundle's Patient entry. */
export type PatientRef = Reference<Patient>;

const GENDER: Record<FhirPatientIn['sex'], NonNullable<Patient['gender']>> = {
  female: 'female',
  male: 'male',
  indeterminate: 'other',
  'not-known': 'unknown',
};

export function patientResource(p: FhirPatientIn): Patient {
  const identifier: NonNullable<Patient['identifier']> = [];
  if (p.nhsNumber)
    identifier.push({
      extension: [
        {
          url: EXTENSION.nhsNumberVerificationStatus,
          valueCodeableConcept: {
            coding: [
              {
                system: SYSTEM.nhsNumberVerification,
                code: '02',
                display: 'Number present but not traced',
              },
            ],
          },
        },
      ],
      system: SYSTEM.nhsNumber,
      value: p.nhsNumber,
    });
  if (p.hospitalNumber) identifier.push({ system: SYSTEM.hospitalNumber, value: p.hospitalNumber });
  return {
    resourceType: 'Patient',
    meta: { profile: [PROFILE.Patient] },
    identifier,
    name: [{ use: 'official', family: p.surname, given: [p.forename] }],
    gender: GENDER[p.sex],
    birthDate: p.dateOfBirth,
    ...(p.postcode ? { address: [{ use: 'home' as const, postalCode: p.postcode }] } : {}),
  };
}

export function allergyResource(a: FhirAllergyIn, patient: PatientRef): AllergyIntolerance {
  return {
    resourceType: 'AllergyIntolerance',
    meta: { profile: [PROFILE.AllergyIntolerance] },
    identifier: [{ system: SYSTEM.localRecord, value: `allergy/${a.id}` }],
    clinicalStatus: { coding: [{ system: SYSTEM.allergyClinical, code: 'active', display: 'Active' }] },
    code: { text: a.agent },
    patient,
    ...(a.recordedOn ? { recordedDate: a.recordedOn } : {}),
    ...(a.reaction.trim() ? { reaction: [{ manifestation: [{ text: a.reaction }] }] } : {}),
  };
}

export function diagnosisResource(d: FhirDiagnosisIn, subject: PatientRef, patientId: number): Condition {
  const code: CodeableConcept = {
    text: [d.title ?? d.code, d.site ? `(${d.site})` : null].filter(Boolean).join(' ') || 'Persistent pain',
  };
  if (d.code) {
    code.coding = [{ system: SYSTEM.icd11, code: d.code, ...(d.title ? { display: d.title } : {}) }];
    // Beside the ICD-11 category, the SNOMED CT concept of the same meaning where a named source gives one.
    const sct = DIAGNOSIS_SNOMED[d.code];
    if (sct) code.coding.push({ system: SYSTEM.snomed, code: sct.id, display: sct.name });
  }
  return {
    resourceType: 'Condition',
    meta: { profile: [PROFILE.Condition] },
    identifier: [{ system: SYSTEM.localRecord, value: `diagnosis/${patientId}` }],
    clinicalStatus: { coding: [{ system: SYSTEM.conditionClinical, code: 'active', display: 'Active' }] },
    category: [
      {
        coding: [
          { system: SYSTEM.conditionCategory, code: 'problem-list-item', display: 'Problem List Item' },
        ],
      },
    ],
    code,
    subject,
    ...(d.recordedOn ? { recordedDate: d.recordedOn } : {}),
    ...(d.notes?.trim() ? { note: [{ text: d.notes }] } : {}),
  };
}

const MED_STATUS: Record<FhirMedicineIn['status'], MedicationStatement['status']> = {
  active: 'active',
  stopped: 'stopped',
  planned: 'intended',
  'entered-in-error': 'entered-in-error',
};

/** UK Core's prescribing organisation type, from the GP's side: the pain service is another organisation. */
const PRESCRIBING_ORGANISATION: Record<
  FhirMedicineIn['prescriber'],
  { system: string; code: string; display: string }
> = {
  gp: {
    system: SYSTEM.prescribingOrganizationType,
    code: 'prescribed-at-gp-practice',
    display: 'Prescribed at GP practice',
  },
  service: {
    system: SYSTEM.prescribingOrganizationType,
    code: 'prescribed-by-another-organisation',
    display: 'Prescribed by another organisation',
  },
};

export function medicationStatementResource(m: FhirMedicineIn, subject: PatientRef): MedicationStatement {
  const medication: CodeableConcept = { text: `${m.name} ${m.strength}`.trim() };
  if (m.dmd) medication.coding = [{ system: SYSTEM.snomed, code: m.dmd.code, display: m.dmd.display }];
  return {
    resourceType: 'MedicationStatement',
    meta: { profile: [PROFILE.MedicationStatement] },
    extension: [
      {
        url: EXTENSION.medicationPrescribingOrganizationType,
        valueCodeableConcept: { coding: [PRESCRIBING_ORGANISATION[m.prescriber]] },
      },
      m.entry,
    ],
    identifier: [{ system: SYSTEM.localRecord, value: `medicine-line/${m.itemId}` }],
    status: MED_STATUS[m.status],
    medicationCodeableConcept: medication,
    subject,
    effectivePeriod: { start: m.startDate, ...(m.stoppedOn ? { end: m.stoppedOn } : {}) },
    dateAsserted: m.recordedAt,
    reasonCode: [{ text: m.indication }],
    dosage: [{ text: m.doseText, asNeededBoolean: m.asNeeded, route: { text: m.route }, ...m.structured }],
    ...(m.notCountedReason
      ? { note: [{ text: `Not counted in the OME total: ${m.notCountedReason}` }] }
      : {}),
  };
}

export function measureObservation(m: FhirMeasureIn, subject: PatientRef): Observation {
  const code: CodeableConcept = { text: `${m.measureName} total score` };
  const coding: Coding[] = [];
  if (m.loinc) coding.push({ system: SYSTEM.loinc, code: m.loinc.code, display: m.loinc.display });
  // Beside the LOINC code, the SNOMED CT observable of the same total score where a named source gives one.
  const sct = MEASURE_SNOMED[m.measure];
  if (sct) coding.push({ system: SYSTEM.snomed, code: sct.id, display: sct.name });
  if (coding.length > 0) code.coding = coding;
  return {
    resourceType: 'Observation',
    meta: { profile: [PROFILE.Observation] },
    identifier: [{ system: SYSTEM.localRecord, value: `measure/${m.id}` }],
    status: m.enteredInError ? 'entered-in-error' : 'final',
    category: [{ coding: [{ system: SYSTEM.observationCategory, code: 'survey', display: 'Survey' }] }],
    code,
    subject,
    effectiveDateTime: m.administeredOn,
    ...(m.total === null
      ? { dataAbsentReason: { text: 'Not scored: too few items were answered' } }
      : {
          valueQuantity: {
            value: m.total,
            unit: 'score',
            system: 'http://unitsofmeasure.org',
            code: '{score}',
          },
        }),
    ...(m.band ? { interpretation: [{ text: m.band }] } : {}),
    ...(m.derivedFrom ? { derivedFrom: [{ reference: m.derivedFrom }] } : {}),
  };
}

const GOAL_ACHIEVEMENT = 'http://terminology.hl7.org/CodeSystem/goal-achievement';

const GOAL_STATUS: Record<FhirGoalIn['status'], Goal['lifecycleStatus']> = {
  active: 'active',
  achieved: 'completed',
  withdrawn: 'cancelled',
  superseded: 'cancelled',
  'entered-in-error': 'entered-in-error',
};

const GOAL_REASON_PREFIX: Partial<Record<FhirGoalIn['status'], string>> = {
  achieved: 'Achieved',
  withdrawn: 'Withdrawn',
  superseded: 'Replaced by an edited version',
};

export function goalResource(g: FhirGoalIn, subject: PatientRef): Goal {
  return {
    resourceType: 'Goal',
    identifier: [{ system: SYSTEM.localRecord, value: `goal/${g.id}` }],
    lifecycleStatus: GOAL_STATUS[g.status],
    ...(g.status === 'achieved'
      ? {
          achievementStatus: {
            coding: [{ system: GOAL_ACHIEVEMENT, code: 'achieved', display: 'Achieved' }],
          },
        }
      : {}),
    ...(GOAL_REASON_PREFIX[g.status]
      ? {
          statusReason: g.statusReason?.trim()
            ? `${GOAL_REASON_PREFIX[g.status]}: ${g.statusReason.trim()}`
            : GOAL_REASON_PREFIX[g.status],
        }
      : {}),
    description: { text: g.whatMatters },
    subject,
    startDate: g.setOn,
    target: [{ measure: { text: g.measure }, detailString: g.target, dueDate: g.targetDate }],
    note: [
      { text: `Goal Attainment Scaling −2 (much less than expected): ${g.levels.minus2}` },
      { text: `Goal Attainment Scaling −1 (less than expected): ${g.levels.minus1}` },
      { text: `Goal Attainment Scaling 0 (expected outcome): ${g.levels.zero}` },
      { text: `Goal Attainment Scaling +1 (more than expected): ${g.levels.plus1}` },
      { text: `Goal Attainment Scaling +2 (much more than expected): ${g.levels.plus2}` },
    ],
  };
}

export function carePlanResource(p: FhirPlanIn, subject: PatientRef, episode: Reference): CarePlan {
  const start = p.treatmentStartDate ?? p.referralDate;
  return {
    resourceType: 'CarePlan',
    meta: { profile: [PROFILE.CarePlan] },
    identifier: [{ system: SYSTEM.localRecord, value: `rehab-plan/${p.id}` }],
    status: p.status === 'active' ? 'active' : 'completed',
    intent: 'plan',
    title: `Pain rehabilitation plan: ${p.pathwayLabel}`,
    subject,
    ...(start ? { period: { start, ...(p.dischargeDate ? { end: p.dischargeDate } : {}) } } : {}),
    goal: p.goalIds.map((id) => ({ reference: fullUrlFor('Goal', id) })),
    supportingInfo: [episode],
  };
}

export function episodeResource(p: FhirPlanIn, patient: PatientRef): EpisodeOfCare {
  const start = p.referralDate ?? p.treatmentStartDate;
  return {
    resourceType: 'EpisodeOfCare',
    meta: { profile: [PROFILE.EpisodeOfCare] },
    identifier: [{ system: SYSTEM.localRecord, value: `episode/${p.id}` }],
    status: p.status === 'active' ? 'active' : 'finished',
    type: [{ text: `Specialist pain service: ${p.pathwayLabel}` }],
    patient,
    ...(start ? { period: { start, ...(p.dischargeDate ? { end: p.dischargeDate } : {}) } } : {}),
  };
}

/** A collection bundle: every resource with its own `urn:uuid:` address (see {@link fullUrlFor}). */
export function collectionBundle(
  entries: { fullUrl: string; resource: Resource }[],
  timestamp: string,
): Bundle {
  return {
    resourceType: 'Bundle',
    meta: { profile: [PROFILE.Bundle] },
    type: 'collection',
    timestamp,
    entry: entries.map((e): BundleEntry => ({ fullUrl: e.fullUrl, resource: e.resource })),
  };
}

/**
 * Every reference inside a bundle that does not resolve to one of its entries (a broken reference), as
 * `ResourceType/path -> reference`. An export with any is refused by the tests.
 */
export function danglingReferences(bundle: Bundle): string[] {
  const known = new Set((bundle.entry ?? []).map((e) => e.fullUrl));
  const out: string[] = [];
  const walk = (value: unknown, path: string, owner: string) => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`, owner));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'reference' && typeof v === 'string' && !known.has(v)) out.push(`${owner}${path} -> ${v}`);
        else walk(v, `${path}.${k}`, owner);
      }
    }
  };
  for (const e of bundle.entry ?? []) walk(e.resource, '', e.resource?.resourceType ?? '?');
  return out;
}
