import type { Selectable } from 'kysely';
import type { Allergy, Patient, PatientListItem, Sex } from '../../shared/domain/patient';
import type { AllergiesTable, PatientsTable } from '../schema';

type PatientRow = Selectable<PatientsTable> & { lead_clinician_name: string | null };

export function toPatient(row: PatientRow, allergies: Selectable<AllergiesTable>[]): Patient {
  return {
    id: row.id,
    nhsNumber: row.nhs_number,
    hospitalNumber: row.hospital_number,
    surname: row.surname,
    forename: row.forename,
    dateOfBirth: row.date_of_birth,
    sex: row.sex as Sex,
    postcode: row.postcode,
    gpPractice: row.gp_practice,
    referralDate: row.referral_date,
    referralSource: row.referral_source as Patient['referralSource'],
    leadClinicianId: row.lead_clinician_id,
    leadClinicianName: row.lead_clinician_name,
    diagnosisCode: row.diagnosis_code,
    diagnosisSite: row.diagnosis_site,
    diagnosisNotes: row.diagnosis_notes,
    whatMatters: row.what_matters,
    allergies: allergies.map(toAllergy),
    noKnownAllergies: row.no_known_allergies === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export function toAllergy(row: Selectable<AllergiesTable>): Allergy {
  return { id: row.id, agent: row.agent, reaction: row.reaction, recordedOn: row.recorded_on };
}

export type PatientListRow = Pick<
  Selectable<PatientsTable>,
  'id' | 'nhs_number' | 'hospital_number' | 'surname' | 'forename' | 'date_of_birth' | 'sex'
>;

export function toPatientListItem(row: PatientListRow): PatientListItem {
  return {
    id: row.id,
    nhsNumber: row.nhs_number,
    hospitalNumber: row.hospital_number,
    surname: row.surname,
    forename: row.forename,
    dateOfBirth: row.date_of_birth,
    sex: row.sex as Sex,
  };
}

/** The audit snapshot of a patient: the clinical content, without derived or bookkeeping fields. */
export function patientAuditSnapshot(p: Patient): Record<string, unknown> {
  const {
    allergies,
    leadClinicianName: _name,
    createdAt: _c,
    updatedAt: _u,
    version: _v,
    id: _id,
    ...rest
  } = p;
  return {
    ...rest,
    allergies: allergies.map((a) => ({ agent: a.agent, reaction: a.reaction, recordedOn: a.recordedOn })),
  };
}
