import { afterAll, beforeAll, describe, expect } from 'vitest';
import { DEMO_PASSWORD, generateDemo } from '../../db/demo/generate';
import { hashPassword } from '../../db/services/passwords';
import { createTestApp, signedInAs, TEST_PASSWORD_COST, type TestApp } from '../helpers/db';
import { itOnSqlite } from '../helpers/engines';

/**
 * Issue 20, "Done when": a DEMONSTRATION patient (made by the demo generator, as `npm run demo` makes them)
 * exports as a FHIR Bundle and re-imports into an empty database with no loss of what the import covers:
 * the patient's details, the allergies and the current medicines (each line as entered, with its OME).
 * The demo generator writes SQLite directly, hence SQLite only.
 */
describe('a demonstration patient round-trips through FHIR into an empty database', () => {
  let source: TestApp;
  let target: TestApp;
  beforeAll(async () => {
    source = await createTestApp('sqlite');
    target = await createTestApp('sqlite');
  }, 60_000);
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  itOnSqlite(
    'the patient, allergies and current medicines come back the same, and nothing else is in the new database',
    async () => {
      generateDemo(source.dispatcher.conn.sqlite, {
        patients: 60,
        passwordHash: await hashPassword(DEMO_PASSWORD, TEST_PASSWORD_COST),
        now: source.clock.now,
      });
      await source.ok('auth:signIn', { username: 'apatel', password: DEMO_PASSWORD });
      // A demo patient with an NHS number, at least one allergy and at least two current medicines.
      const patientId = source.dispatcher.conn.sqlite
        .prepare(
          `SELECT p.id FROM patients p
           WHERE p.nhs_number IS NOT NULL
             AND EXISTS (SELECT 1 FROM allergies a WHERE a.patient_id = p.id)
           ORDER BY p.id`,
        )
        .pluck()
        .all() as number[];
      let chosen: number | null = null;
      for (const id of patientId) {
        const meds = await source.ok('meds:patient', { patientId: id });
        if (meds.current.length >= 2) {
          chosen = id;
          break;
        }
      }
      expect(chosen, 'a demo patient with allergies and two current medicines').not.toBeNull();
      const before = await source.ok('patients:get', { id: chosen! });
      const medsBefore = await source.ok('meds:patient', { patientId: chosen! });
      const exported = await source.ok('fhir:exportPatient', { patientId: chosen! });

      await signedInAs(target, 'coordinator');
      const count = (t: string) =>
        target.dispatcher.conn.sqlite.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
      expect(count('patients')).toBe(0);
      const preview = await target.ok('fhir:importPreview', { json: exported.json });
      expect(preview.problems).toEqual([]);
      await target.ok('fhir:importCommit', { json: exported.json, confirm: true });
      expect(count('patients')).toBe(1);

      const id = target.dispatcher.conn.sqlite.prepare('SELECT id FROM patients').pluck().get() as number;
      const after = await target.ok('patients:get', { id });
      const person = (x: typeof before) => ({
        nhsNumber: x.nhsNumber,
        hospitalNumber: x.hospitalNumber,
        surname: x.surname,
        forename: x.forename,
        dateOfBirth: x.dateOfBirth,
        sex: x.sex,
        postcode: x.postcode,
        allergies: x.allergies
          .map((a) => ({ agent: a.agent, reaction: a.reaction, recordedOn: a.recordedOn }))
          .sort((a, b) => a.agent.localeCompare(b.agent)),
      });
      expect(person(after)).toEqual(person(before));

      const medsAfter = await target.ok('meds:patient', { patientId: id });
      const line = (m: (typeof medsBefore.current)[number]) => ({
        formularyId: m.formularyId,
        name: m.name,
        strength: m.strength,
        doseText: m.doseText,
        doseKind: m.doseKind,
        startDate: m.startDate,
        prescriber: m.prescriber,
        indication: m.indication,
        ome: m.ome?.omeMgPer24h ?? null,
      });
      const sorted = (xs: typeof medsBefore.current) =>
        xs.map(line).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      expect(sorted(medsAfter.current)).toEqual(sorted(medsBefore.current));
      expect(medsAfter.ome.totalMgPer24h).toBeCloseTo(medsBefore.ome.totalMgPer24h, 6);
    },
    120_000,
  );
});
