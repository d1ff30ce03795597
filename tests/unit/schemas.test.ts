import { describe, expect, it } from 'vitest';
import { ageInYears, formatDateGb, formatInstantGb, isIsoDate } from '../../shared/dates';
import { patientInputSchema } from '../../shared/domain/patient';
import { patientAuditSnapshot, toPatient, toPatientListItem } from '../../db/mappers/patients';
import { nameKey, parsePatientQuery } from '../../shared/search';

const valid = {
  nhsNumber: '943 476 5919',
  surname: 'Smith',
  forename: 'Jo',
  dateOfBirth: '1960-02-29',
  sex: 'female',
};

describe('patient schema', () => {
  it('normalises what people type', () => {
    const out = patientInputSchema.parse({
      ...valid,
      postcode: 'ls14ap',
      hospitalNumber: '  ',
      gpPractice: '',
    });
    expect(out.nhsNumber).toBe('9434765919');
    expect(out.postcode).toBe('LS1 4AP');
    expect(out.hospitalNumber).toBeNull();
    expect(out.gpPractice).toBeNull();
    expect(out.allergies).toEqual([]);
  });

  it.each([
    [{ nhsNumber: '943 476 5918' }, 'nhsNumber', 'check digit'],
    [{ nhsNumber: '12345' }, 'nhsNumber', '10 digits'],
    [{ surname: '   ' }, 'surname', 'Enter the surname'],
    [{ dateOfBirth: '2026-02-30' }, 'dateOfBirth', 'real date'],
    [{ dateOfBirth: '30/01/1960' }, 'dateOfBirth', 'real date'],
    [{ sex: 'x' }, 'sex', 'Choose the sex'],
    [{ postcode: 'NOT A CODE' }, 'postcode', 'UK postcode'],
    [{ referralDate: '1950-01-01' }, 'referralDate', 'before the date of birth'],
    [{ diagnosisCode: 'MG99' }, 'diagnosisCode', 'ICD-11'],
    [{ hospitalNumber: 'H12;DROP' }, 'hospitalNumber', 'letters, digits'],
    [{ allergies: [{ agent: '', reaction: 'Rash' }] }, 'allergies.0.agent', 'Enter the agent'],
  ])('refuses %o with a message on %s', (patch, path, text) => {
    const r = patientInputSchema.safeParse({ ...valid, ...patch });
    expect(r.success).toBe(false);
    const issue = r.error!.issues.find((i) => i.path.join('.') === path);
    expect(issue?.message).toContain(text);
  });

  it('refuses unknown keys, including prototype-pollution keys', () => {
    expect(patientInputSchema.safeParse({ ...valid, isAdmin: true }).success).toBe(false);
    expect(
      patientInputSchema.safeParse(
        JSON.parse(
          `{"surname":"A","forename":"B","dateOfBirth":"1960-01-01","sex":"male","__proto__":{"x":1}}`,
        ),
      ).success,
    ).toBe(false);
  });
});

describe('dates', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2026-02-30', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['1900-01-01', true],
    ['26-01-01', false],
  ])('isIsoDate(%s) = %s', (d, ok) => expect(isIsoDate(d)).toBe(ok));

  it('works out age on and around the birthday', () => {
    expect(ageInYears('1960-11-21', '2026-11-21')).toBe(66);
    expect(ageInYears('1960-11-22', '2026-11-21')).toBe(65);
    expect(ageInYears('1960-02-29', '2026-02-28')).toBe(65);
    expect(ageInYears('1960-02-29', '2026-03-01')).toBe(66);
  });

  it('formats en-GB in Europe/London, across summer time', () => {
    expect(formatDateGb('2026-11-21')).toBe('21-Nov-2026');
    expect(formatInstantGb('2026-07-01T08:30:00Z')).toBe('01-Jul-2026 09:30'); // BST = UTC+1
    expect(formatInstantGb('2026-12-01T08:30:00Z')).toBe('01-Dec-2026 08:30'); // GMT
  });
});

describe('search query reading', () => {
  it.each([
    ['943 476 5919', { kind: 'nhs-number', nhsNumber: '9434765919' }],
    ['9434765919', { kind: 'nhs-number', nhsNumber: '9434765919' }],
    ['h1000', { kind: 'hospital-number', prefix: 'H1000' }],
    ['Smith', { kind: 'name', first: 'smith', second: null, commaSeparated: false }],
    ["o'brien, jo", { kind: 'name', first: 'obrien', second: 'jo', commaSeparated: true }],
    [
      'Jo Smith',
      {
        kind: 'name',
        first: 'jo',
        second: 'smith',
        commaSeparated: false,
        words: { all: 'josmith', afterFirst: 'smith', beforeLast: 'jo' },
      },
    ],
    ['   ', { kind: 'all' }],
  ])('%s', (q, expected) => expect(parsePatientQuery(q)).toEqual(expected));

  it('folds accents and punctuation in name keys', () => {
    expect(nameKey('Fernández')).toBe('fernandez');
    expect(nameKey("O'Brien")).toBe('obrien');
    expect(nameKey('Smith-Jones')).toBe('smithjones');
  });
});

describe('row mappers', () => {
  const row = {
    id: 7,
    nhs_number: '9434765919',
    hospital_number: 'H1',
    surname: 'Smith',
    forename: 'Jo',
    surname_key: 'smith',
    forename_key: 'jo',
    date_of_birth: '1960-02-29',
    sex: 'female',
    postcode: null,
    gp_practice: 'Park View',
    referral_date: '2026-01-02',
    referral_source: 'gp',
    lead_clinician_id: 2,
    lead_clinician_name: 'Dr A',
    diagnosis_code: 'MG30.5',
    diagnosis_site: 'Low back',
    diagnosis_notes: null,
    what_matters: 'Walking',
    no_known_allergies: 0,
    created_at: '2026-01-02T10:00:00.000Z',
    updated_at: '2026-01-03T10:00:00.000Z',
    version: 3,
  };
  it('maps a row to the domain patient and back to an audit snapshot', () => {
    const p = toPatient(row, [
      { id: 1, patient_id: 7, agent: 'Penicillin', reaction: 'Rash', recorded_on: null, created_at: 'x' },
    ]);
    expect(p).toMatchObject({
      id: 7,
      nhsNumber: '9434765919',
      leadClinicianName: 'Dr A',
      version: 3,
      allergies: [{ id: 1, agent: 'Penicillin', reaction: 'Rash', recordedOn: null }],
    });
    const snap = patientAuditSnapshot(p);
    expect(snap).not.toHaveProperty('version');
    expect(snap).not.toHaveProperty('leadClinicianName');
    expect(snap.allergies).toEqual([{ agent: 'Penicillin', reaction: 'Rash', recordedOn: null }]);
    expect(toPatientListItem(row)).toEqual({
      id: 7,
      nhsNumber: '9434765919',
      hospitalNumber: 'H1',
      surname: 'Smith',
      forename: 'Jo',
      dateOfBirth: '1960-02-29',
      sex: 'female',
    });
  });
});
