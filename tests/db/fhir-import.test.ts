import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { fhirXmlToJson } from '../helpers/fhir-xml';
import { JO, OXY_MR, rowCounter } from '../helpers/seed';
import { UK_CORE_DIR } from '../helpers/uk-core';

/**
 * FHIR import (issue 20, "In"): patients and allergies from a Bundle, previewed by entry, then all or
 * nothing. Inputs include NHS England's published UK Core examples (Richard Smith, NHS number
 * 999 200 3888 — check digit worked by hand: 9x10+9x9+1x8+2x7+0+0+3x4+8x3+8x2 = 245, 245 mod 11 = 3,
 * 11 - 3 = 8 — and his amoxicillin allergy with an urticarial rash).
 */
const example = (name: string) =>
  fhirXmlToJson(readFileSync(join(UK_CORE_DIR, 'examples', `${name}.xml`), 'utf8'));

function collection(...resources: Record<string, unknown>[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: resources.map((resource) => ({ resource })),
  } as unknown as Bundle;
}

describe('importing a FHIR Bundle', () => {
  let app: TestApp;
  let rows: ReturnType<typeof rowCounter>;
  beforeEach(async () => {
    app = await createTestApp();
    rows = rowCounter(() => app);
    await signedInAs(app, 'coordinator');
  });
  afterEach(() => app.close());

  it('reads the NHS UK Core examples: Richard Smith with his amoxicillin allergy', async () => {
    const json = JSON.stringify(
      collection(
        example('UKCore-Patient-RichardSmith-Example'),
        example('UKCore-AllergyIntolerance-Amoxicillin-Example'),
      ),
    );
    const preview = await app.ok('fhir:importPreview', { json });
    expect(preview.problems).toEqual([]);
    expect(preview.patients.map((p) => p.label)).toEqual(['SMITH, Richard (991 200 3888)']);
    expect(preview.patientCount).toBe(1);
    expect(preview.allergyCount).toBe(1);
    expect(rows('patients')).toBe(0); // the preview saves nothing
    expect(await app.ok('fhir:importCommit', { json, confirm: true })).toEqual({
      patients: 1,
      allergies: 1,
      medicines: 0,
    });
    const page = await app.ok('patients:search', { query: '9912003888' });
    const patient = await app.ok('patients:get', { id: page.items[0]!.id });
    expect(patient).toMatchObject({
      nhsNumber: '9912003888',
      surname: 'SMITH',
      forename: 'Richard',
      dateOfBirth: '1970-09-11',
      sex: 'male',
      postcode: 'LS17 7DF',
    });
    expect(patient.allergies).toMatchObject([
      { agent: 'Amoxicillin', reaction: 'Urticarial rash', recordedOn: '2019-12-10' },
    ]);
    expect(rows('audit_log', "action = 'patient.import-fhir'")).toBe(1);
    expect(rows('audit_log', "action = 'import.fhir'")).toBe(1);
  });

  it('round trip: a patient exported from one database imports into an empty one with nothing lost', async () => {
    const source = await createTestApp();
    try {
      await signedInAs(source, 'consultant');
      const p = await source.ok('patients:create', {
        ...JO,
        hospitalNumber: 'RX1234567',
        postcode: 'LS1 4AP',
        allergies: [
          { agent: 'Penicillin', reaction: 'Rash', recordedOn: '2020-05-01' },
          { agent: 'Codeine', reaction: 'Vomiting' },
        ],
      });
      await source.ok('meds:add', { patientId: p.id, medicine: OXY_MR });
      const exported = await source.ok('fhir:exportPatient', { patientId: p.id });
      const preview = await app.ok('fhir:importPreview', { json: exported.json });
      expect(preview.problems).toEqual([]);
      // The medicine comes back too (tests/db/fhir-import-medicines.test.ts checks it line by line).
      expect(preview.notImported).toEqual([]);
      expect(preview.medicineCount).toBe(1);
      await app.ok('fhir:importCommit', { json: exported.json, confirm: true });
      const id = (await app.ok('patients:search', { query: 'Smith' })).items[0]!.id;
      const back = await app.ok('patients:get', { id });
      const pick = (x: typeof back) => ({
        nhsNumber: x.nhsNumber,
        hospitalNumber: x.hospitalNumber,
        surname: x.surname,
        forename: x.forename,
        dateOfBirth: x.dateOfBirth,
        sex: x.sex,
        postcode: x.postcode,
        allergies: x.allergies.map((a) => ({
          agent: a.agent,
          reaction: a.reaction,
          recordedOn: a.recordedOn,
        })),
      });
      expect(pick(back)).toEqual(pick(p));
    } finally {
      await source.close();
    }
  });

  it('lists every problem by entry and saves nothing while any stands', async () => {
    await app.ok('patients:create', { ...JO });
    const json = JSON.stringify(
      collection(
        // entry 1: a wrong check digit
        {
          resourceType: 'Patient',
          identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765918' }],
          name: [{ family: 'Able', given: ['Ann'] }],
          birthDate: '1950-01-01',
          gender: 'female',
        },
        // entry 2: fine on its own
        {
          resourceType: 'Patient',
          id: 'b',
          name: [{ family: 'Baker', given: ['Bob'] }],
          birthDate: '1960-06-15',
          gender: 'male',
        },
        // entry 3: already registered here (Jo Smith's NHS number)
        {
          resourceType: 'Patient',
          identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' }],
          name: [{ family: 'Smith', given: ['Jo'] }],
          birthDate: '1960-02-29',
          gender: 'female',
        },
        // entry 4: no date of birth
        { resourceType: 'Patient', name: [{ family: 'Cole', given: ['Cat'] }], gender: 'female' },
        // entry 5: an allergy for somebody not in the file
        {
          resourceType: 'AllergyIntolerance',
          code: { text: 'Latex' },
          patient: { reference: 'Patient/nobody' },
        },
      ),
    );
    const preview = await app.ok('fhir:importPreview', { json });
    expect(preview.problems.map((p) => [p.entry, p.field])).toEqual([
      [1, 'NHS number'],
      [3, 'NHS number'],
      [4, 'Date of birth'],
      [5, 'Patient'],
    ]);
    expect(preview.problems[1]!.message).toBe('Already registered here as SMITH, Jo.');
    const before = rows('patients');
    const r = await app.call('fhir:importCommit', { json, confirm: true });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(/^Nothing was imported: 4 problems/);
    expect(rows('patients')).toBe(before);
    expect(rows('audit_log', "action LIKE '%import%'")).toBe(0);
  });

  it('refuses what is not a FHIR Bundle, and a nurse may not import', async () => {
    const preview = await app.ok('fhir:importPreview', { json: '{"resourceType":"Patient"}' });
    expect(preview.problems).toEqual([
      { entry: 0, resourceType: 'Bundle', field: 'File', message: 'This file is not a FHIR Bundle.' },
    ]);
    await signedInAs(app, 'nurse', 'nurse');
    const r = await app.call('fhir:importPreview', { json: '{}' }, 'nurse');
    expect(!r.ok && r.error.code).toBe('FORBIDDEN');
  });
});
