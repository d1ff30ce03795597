import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';

/**
 * Issue 18: search finds people as their names are written and typed. Compound and Irish/Welsh surnames
 * are written with spaces ("Ní Bhriain", "Ó Súilleabháin", "Smith Jones"), and people type names without
 * their accents ("Lukasiewicz" for "Łukasiewicz": the Polish Ł has no Unicode decomposition, so removing
 * combining marks alone leaves "ukasiewicz"). Names and expectations worked out by hand.
 */
describeEachEngine('patient search', (engine) => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp(engine);
    await signedInAs(app, 'consultant');
    const people: [string, string, string][] = [
      ['Ní Bhriain', 'Aoife', '1961-03-07'],
      ['Ó Súilleabháin', 'Seán', '1970-01-01'],
      ['Smith Jones', 'Mary', '1980-05-05'],
      ['Łukasiewicz', 'Zofia', '1955-12-12'],
      ['Smith', 'Mary Ann', '1990-02-02'],
      ['Bhriain', 'Ni', '1991-02-02'],
      ['Jones', 'Smith', '1992-02-02'],
    ];
    for (const [surname, forename, dateOfBirth] of people)
      await app.ok('patients:create', { surname, forename, dateOfBirth, sex: 'female', allergies: [] });
  });
  afterEach(() => app.close());

  const names = async (query: string) =>
    (await app.ok('patients:search', { query, offset: 0, limit: 50 })).items
      .map((p) => `${p.forename} ${p.surname}`)
      .sort();

  describe('patient search by names as written and typed', () => {
    it.each([
      ['Ní Bhriain', ['Aoife Ní Bhriain', 'Ni Bhriain']],
      ['ni bhriain', ['Aoife Ní Bhriain', 'Ni Bhriain']],
      ['Aoife Ní Bhriain', ['Aoife Ní Bhriain']],
      ['Ní Bhriain Aoife', ['Aoife Ní Bhriain']],
      ['Ó Súilleabháin', ['Seán Ó Súilleabháin']],
      ['o suilleabhain', ['Seán Ó Súilleabháin']],
      ['Sean O Suilleabhain', ['Seán Ó Súilleabháin']],
      ['Smith Jones', ['Mary Smith Jones', 'Smith Jones']],
      ['Lukasiewicz', ['Zofia Łukasiewicz']],
      ['łukasiewicz', ['Zofia Łukasiewicz']],
      ['Zofia Lukas', ['Zofia Łukasiewicz']],
      ['lukasiewicz, zofia', ['Zofia Łukasiewicz']],
      // Prefix search: the first word against forenames, the last against the start of surnames.
      ['Mary Ann Smith', ['Mary Ann Smith', 'Mary Smith Jones']],
    ])('"%s" finds %j', async (query, expected) => {
      expect(await names(query)).toEqual(expected);
    });
  });

  // Issue 18: "No known allergies" is a recorded state, distinct from "not recorded" (an empty list nobody
  // has asked about). Both used to read "No allergies recorded" on the banner.
  describe('no known allergies', () => {
    const base = { surname: 'Allergy', forename: 'Test', dateOfBirth: '1970-01-01', sex: 'male' as const };
    it('records "no known allergies" apart from "not recorded"', async () => {
      const asked = await app.ok('patients:create', { ...base, allergies: [], noKnownAllergies: true });
      const notAsked = await app.ok('patients:create', { ...base, forename: 'Other', allergies: [] });
      expect((await app.ok('patients:get', { id: asked.id })).noKnownAllergies).toBe(true);
      expect((await app.ok('patients:get', { id: notAsked.id })).noKnownAllergies).toBe(false);
    });
    it('refuses allergies listed together with "no known allergies", next to the field', async () => {
      const r = await app.call('patients:create', {
        ...base,
        allergies: [{ agent: 'Penicillin', reaction: 'Rash' }],
        noKnownAllergies: true,
      });
      expect(r.ok).toBe(false);
      if (!r.ok)
        expect(r.error.fields?.noKnownAllergies).toMatch(/remove them, or untick "No known allergies"/);
    });
  });
});
