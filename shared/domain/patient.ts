import { z } from 'zod';
import { isIsoDate } from '../dates';
import { NHS_NUMBER_MESSAGES, nhsNumberProblem, normaliseNhsNumber } from '../nhs-number';
import { CHRONIC_PAIN_CODES } from './icd11';

/** Text that may be left blank: trimmed, and '' becomes null. */
export const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} can be at most ${max} characters.`)
    .nullish()
    .transform((v) => (v ? v : null));

export const requiredText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${label.toLowerCase()}.`)
    .max(max, `${label} can be at most ${max} characters.`);

export const isoDate = (label: string) =>
  z.string().trim().refine(isIsoDate, `Enter ${label.toLowerCase()} as a real date, for example 07/03/1961.`);

export const optionalIsoDate = (label: string) =>
  z
    .string()
    .trim()
    .nullish()
    .transform((v) => (v ? v : null))
    .refine(
      (v) => v === null || isIsoDate(v),
      `Enter ${label.toLowerCase()} as a real date, for example 07/03/1961.`,
    );

export const SEXES = ['female', 'male', 'indeterminate', 'not-known'] as const;
export type Sex = (typeof SEXES)[number];
export const SEX_LABELS: Record<Sex, string> = {
  female: 'Female',
  male: 'Male',
  indeterminate: 'Indeterminate',
  'not-known': 'Not known',
};

export const REFERRAL_SOURCES = [
  'gp',
  'secondary-care',
  'tertiary-care',
  'emergency-department',
  'self',
  'other',
] as const;
export const REFERRAL_SOURCE_LABELS: Record<(typeof REFERRAL_SOURCES)[number], string> = {
  gp: 'GP',
  'secondary-care': 'Secondary care consultant',
  'tertiary-care': 'Tertiary centre',
  'emergency-department': 'Emergency department',
  self: 'Self-referral',
  other: 'Other',
};

/** UK postcode (outward + inward code), normalised to upper case with one space. */
const POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$/;
export function normalisePostcode(value: string): string {
  const compact = value.toUpperCase().replace(/\s+/g, '');
  const m = POSTCODE.exec(compact);
  return m ? `${m[1]} ${m[2]}` : value.trim().toUpperCase();
}

export const nhsNumberField = z
  .string()
  .trim()
  .nullish()
  .transform((v) => (v ? normaliseNhsNumber(v) : null))
  .superRefine((v, ctx) => {
    if (v === null) return;
    const problem = nhsNumberProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: NHS_NUMBER_MESSAGES[problem] });
  });

export const allergySchema = z.strictObject({
  agent: requiredText(120, 'Agent'),
  reaction: requiredText(200, 'Reaction'),
  recordedOn: optionalIsoDate('The date recorded'),
});
export type AllergyInput = z.input<typeof allergySchema>;

export const patientInputSchema = z
  .strictObject({
    nhsNumber: nhsNumberField,
    hospitalNumber: optionalText(20, 'Hospital number').refine(
      (v) => v === null || /^[A-Za-z0-9-]+$/.test(v),
      'A hospital number has letters, digits and hyphens only.',
    ),
    surname: requiredText(80, 'Surname'),
    forename: requiredText(80, 'Forename'),
    dateOfBirth: isoDate('The date of birth'),
    sex: z.enum(SEXES, 'Choose the sex.'),
    postcode: optionalText(10, 'Postcode')
      .transform((v) => (v ? normalisePostcode(v) : null))
      .refine((v) => v === null || POSTCODE.test(v.replace(' ', '')), 'Enter a UK postcode, e.g. LS1 4AP.'),
    gpPractice: optionalText(120, 'GP practice'),
    referralDate: optionalIsoDate('The referral date'),
    referralSource: z
      .enum(REFERRAL_SOURCES)
      .nullish()
      .transform((v) => v ?? null),
    leadClinicianId: z
      .number()
      .int()
      .positive()
      .nullish()
      .transform((v) => v ?? null),
    diagnosisCode: z
      .enum(CHRONIC_PAIN_CODES, 'Choose an ICD-11 chronic pain category.')
      .nullish()
      .transform((v) => v ?? null),
    diagnosisSite: optionalText(60, 'Pain site'),
    diagnosisNotes: optionalText(2000, 'Diagnosis notes'),
    whatMatters: optionalText(4000, 'What matters to me'),
    allergies: z.array(allergySchema).max(50, 'At most 50 allergies.').default([]),
    /** Asked, and the patient has no known allergies: a recorded state, distinct from "not recorded". */
    noKnownAllergies: z.boolean().default(false),
  })
  .superRefine((p, ctx) => {
    if (p.noKnownAllergies && p.allergies.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['noKnownAllergies'],
        message: 'Allergies are listed below: remove them, or untick "No known allergies".',
      });
    }
    // A date of birth in the future, or a referral before birth, is a typing error.
    if (p.referralDate && p.referralDate < p.dateOfBirth) {
      ctx.addIssue({
        code: 'custom',
        path: ['referralDate'],
        message: 'The referral date is before the date of birth.',
      });
    }
  });

/** What a form or a request sends. */
export type PatientInput = z.input<typeof patientInputSchema>;
/** What the services receive after validation and normalisation. */
export type PatientData = z.output<typeof patientInputSchema>;

export interface Allergy {
  id: number;
  agent: string;
  reaction: string;
  recordedOn: string | null;
}

export interface Patient {
  id: number;
  nhsNumber: string | null;
  hospitalNumber: string | null;
  surname: string;
  forename: string;
  dateOfBirth: string;
  sex: Sex;
  postcode: string | null;
  gpPractice: string | null;
  referralDate: string | null;
  referralSource: (typeof REFERRAL_SOURCES)[number] | null;
  leadClinicianId: number | null;
  leadClinicianName: string | null;
  diagnosisCode: string | null;
  diagnosisSite: string | null;
  diagnosisNotes: string | null;
  whatMatters: string | null;
  allergies: Allergy[];
  /** True when recorded as "no known allergies"; false with no allergies listed means "not recorded". */
  noKnownAllergies: boolean;
  createdAt: string;
  updatedAt: string;
  /** Incremented on every change; an edit must name the version it started from. */
  version: number;
}

/** One row of the patient list: enough for the list and the banner, nothing more. */
export interface PatientListItem {
  id: number;
  nhsNumber: string | null;
  hospitalNumber: string | null;
  surname: string;
  forename: string;
  dateOfBirth: string;
  sex: Sex;
}

/** 'SMITH, John' — NHS banner style. */
export function displayName(p: { surname: string; forename: string }): string {
  return `${p.surname.toUpperCase()}, ${p.forename}`;
}

/** How each recorded field is named to clinicians (the audit history, letters). */
export const PATIENT_FIELD_LABELS: Record<string, string> = {
  nhsNumber: 'NHS number',
  hospitalNumber: 'Hospital number',
  surname: 'Surname',
  forename: 'Forename',
  dateOfBirth: 'Date of birth',
  sex: 'Sex',
  postcode: 'Postcode',
  gpPractice: 'GP practice',
  referralDate: 'Referral date',
  referralSource: 'Referral source',
  leadClinicianId: 'Lead clinician',
  diagnosisCode: 'ICD-11 category',
  diagnosisSite: 'Main pain site',
  diagnosisNotes: 'Diagnosis notes',
  whatMatters: 'What matters to me',
  allergies: 'Allergies',
  noKnownAllergies: 'No known allergies',
};
