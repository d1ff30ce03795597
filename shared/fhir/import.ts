import { PATIENT_FIELD_LABELS, patientInputSchema, type PatientData } from '../domain/patient';
import { formatNhsNumber } from '../nhs-number';
import { SYSTEM } from './systems';
import { readMedicationStatement, type FhirImportMedicine } from './import-medicines';

export type { FhirImportMedicine } from './import-medicines';

/**
 * Reading a FHIR R4 Bundle (a GP Connect structured record, a trust export, or Alongside's own export)
 * into patients with their allergies, checked by the same rules as the registration form. Pure: the
 * database layer adds the duplicate check and the all-or-nothing save.
 *
 * What is read: Patient (NHS number under https://fhir.nhs.uk/Id/nhs-number, official name, birth date,
 * gender, postcode, hospital number from Alongside's own exports), AllergyIntolerance (substance text or
 * the first coding's display, reaction manifestation) and current MedicationStatements (see
 * import-medicines.ts: Alongside's own lines exactly, anything else kept as written and not counted).
 */

export interface FhirImportProblem {
  /** 1-based position of the entry in the bundle ("entry 3"). */
  entry: number;
  resourceType: string;
  /** What the problem is about, in words ("NHS number", "Date of birth"). */
  field: string;
  message: string;
}

export interface FhirImportPatient {
  entry: number;
  /** "SMITH, Jo (943 476 5919)", for the preview. */
  label: string;
  data: PatientData;
  medicines: FhirImportMedicine[];
}

export interface FhirImportPlan {
  patients: FhirImportPatient[];
  problems: FhirImportProblem[];
  /** Resources read but not imported, by type, with why. */
  notImported: { resourceType: string; count: number; why: string }[];
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

const SEX_OF: Record<string, PatientData['sex']> = {
  female: 'female',
  male: 'male',
  other: 'indeterminate',
  unknown: 'not-known',
};

const NOT_IMPORTED_WHY: Record<string, string> = {
  MedicationRequest:
    'Prescriptions are not imported yet: enter each current medicine on the Medicines tab, so that it is checked against the formulary.',
};

function codeText(concept: unknown): string | null {
  if (!isObj(concept)) return null;
  return (
    str(concept.text) ??
    str(
      arr(concept.coding)
        .map((c) => (isObj(c) ? c.display : null))
        .find(str),
    )
  );
}

/** Reads the bundle. Never throws on content: every problem becomes a line of the preview. */
export function planFhirImport(input: unknown, today: string): FhirImportPlan {
  const problems: FhirImportProblem[] = [];
  if (!isObj(input) || input.resourceType !== 'Bundle') {
    return {
      patients: [],
      problems: [
        { entry: 0, resourceType: 'Bundle', field: 'File', message: 'This file is not a FHIR Bundle.' },
      ],
      notImported: [],
    };
  }
  const entries = arr(input.entry);
  const byAddress = new Map<string, number>();
  const patients = new Map<
    number,
    { data: Record<string, unknown>; allergies: Json[]; medicines: FhirImportMedicine[] }
  >();
  const notImported = new Map<string, number>();
  /** Medication statements left out, by why (stopped, ended...). */
  const medicinesLeft = new Map<string, number>();

  entries.forEach((raw, i) => {
    const n = i + 1;
    const e = isObj(raw) ? raw : {};
    const r = isObj(e.resource) ? e.resource : null;
    if (!r) {
      problems.push({
        entry: n,
        resourceType: '?',
        field: 'Entry',
        message: 'This entry holds no resource.',
      });
      return;
    }
    if (r.resourceType !== 'Patient') return;
    for (const addr of [str(e.fullUrl), r.id ? `Patient/${String(r.id)}` : null])
      if (addr) byAddress.set(addr, n);
    const identifiers = arr(r.identifier).filter(isObj);
    const nhs = identifiers.filter((id) => id.system === SYSTEM.nhsNumber).map((id) => str(id.value));
    if (nhs.length > 1)
      problems.push({
        entry: n,
        resourceType: 'Patient',
        field: 'NHS number',
        message: 'More than one NHS number.',
      });
    const hospital = identifiers.find((id) => id.system === SYSTEM.hospitalNumber);
    const names = arr(r.name).filter(isObj);
    const name = names.find((x) => x.use === 'official') ?? names.find((x) => x.use !== 'old') ?? names[0];
    const address = arr(r.address).filter(isObj);
    const home = address.find((a) => a.use === 'home') ?? address[0];
    const gender = str(r.gender);
    patients.set(n, {
      data: {
        nhsNumber: nhs[0] ?? null,
        hospitalNumber: hospital ? str(hospital.value) : null,
        surname: name ? (str(name.family) ?? '') : '',
        forename: name ? (arr(name.given).map(str).filter(Boolean).join(' ') ?? '') : '',
        dateOfBirth: str(r.birthDate) ?? '',
        sex: gender ? SEX_OF[gender] : undefined,
        postcode: home ? str(home.postalCode) : null,
      },
      allergies: [],
      medicines: [],
    });
  });

  entries.forEach((raw, i) => {
    const n = i + 1;
    const r = isObj(raw) && isObj(raw.resource) ? raw.resource : null;
    if (!r || r.resourceType === 'Patient') return;
    if (r.resourceType === 'AllergyIntolerance') {
      const ref = isObj(r.patient) ? str(r.patient.reference) : null;
      const owner = ref ? byAddress.get(ref) : undefined;
      if (owner === undefined) {
        problems.push({
          entry: n,
          resourceType: 'AllergyIntolerance',
          field: 'Patient',
          message: 'This allergy names a patient who is not in the file.',
        });
        return;
      }
      const status = isObj(r.verificationStatus) ? codeText(r.verificationStatus) : null;
      const statusCode = isObj(r.verificationStatus)
        ? arr(r.verificationStatus.coding).map((c) => (isObj(c) ? c.code : null))[0]
        : null;
      if (statusCode === 'entered-in-error' || statusCode === 'refuted' || status === 'Entered in Error')
        return;
      const reaction = arr(r.reaction).filter(isObj)[0];
      patients.get(owner)!.allergies.push({
        agent: codeText(r.code) ?? '',
        reaction:
          (reaction ? arr(reaction.manifestation).map(codeText).filter(Boolean).join(', ') : '') ||
          'Not recorded',
        recordedOn: str(r.recordedDate)?.slice(0, 10) ?? null,
      });
      return;
    }
    if (r.resourceType === 'MedicationStatement') {
      const ref = isObj(r.subject) ? str(r.subject.reference) : null;
      const owner = ref ? byAddress.get(ref) : undefined;
      if (owner === undefined) {
        problems.push({
          entry: n,
          resourceType: 'MedicationStatement',
          field: 'Patient',
          message: 'This medicine names a patient who is not in the file.',
        });
        return;
      }
      const read = readMedicationStatement(r, n, today);
      if (read.ok === 'skip') medicinesLeft.set(read.why, (medicinesLeft.get(read.why) ?? 0) + 1);
      else if (read.ok) patients.get(owner)!.medicines.push(read.medicine);
      else
        for (const p of read.problems) problems.push({ entry: n, resourceType: 'MedicationStatement', ...p });
      return;
    }
    const type = String(r.resourceType);
    notImported.set(type, (notImported.get(type) ?? 0) + 1);
  });

  const out: FhirImportPatient[] = [];
  const seen = new Map<string, number>();
  for (const [n, p] of patients) {
    const parsed = patientInputSchema.safeParse({ ...p.data, allergies: p.allergies });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '');
        const field =
          key === 'allergies'
            ? `Allergy ${Number(issue.path[1] ?? 0) + 1}`
            : (PATIENT_FIELD_LABELS[key] ?? 'Patient');
        problems.push({ entry: n, resourceType: 'Patient', field, message: issue.message });
      }
      continue;
    }
    const data = parsed.data;
    if (data.nhsNumber) {
      const first = seen.get(data.nhsNumber);
      if (first !== undefined) {
        problems.push({
          entry: n,
          resourceType: 'Patient',
          field: 'NHS number',
          message: `The same NHS number as the patient in entry ${first}.`,
        });
        continue;
      }
      seen.set(data.nhsNumber, n);
    }
    const label = `${data.surname.toUpperCase()}, ${data.forename}${data.nhsNumber ? ` (${formatNhsNumber(data.nhsNumber)})` : ''}`;
    out.push({ entry: n, label, data, medicines: p.medicines });
  }
  if (patients.size === 0 && problems.length === 0)
    problems.push({ entry: 0, resourceType: 'Bundle', field: 'File', message: 'The file holds no patient.' });

  return {
    patients: out,
    problems: problems.sort((a, b) => a.entry - b.entry),
    notImported: [
      ...[...medicinesLeft].map(([why, count]) => ({ resourceType: 'MedicationStatement', count, why })),
      ...[...notImported].map(([resourceType, count]) => ({
        resourceType,
        count,
        why: NOT_IMPORTED_WHY[resourceType] ?? 'Alongside does not import this kind of record.',
      })),
    ],
  };
}
