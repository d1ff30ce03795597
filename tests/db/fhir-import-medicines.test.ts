import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { MedicineInput } from '../../shared/domain/medicines';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import { fhirXmlToJson } from '../helpers/fhir-xml';
import { JO, OXY_MR } from '../helpers/seed';
import { UK_CORE_DIR } from '../helpers/uk-core';

/**
 * Issue 20, "In": medication statements imported from a FHIR Bundle. Alongside's own export comes back as
 * the very lines that were entered (checked again as the Medicines tab checks them, counted in the OME);
 * anything else is kept as written and not counted. Expected values worked by hand with the FPM Opioids
 * Aware (2020) factors the formulary uses: oxycodone x1.5, codeine x0.1, fentanyl 25 micrograms/hour = 60.
 */
const example = (name: string) =>
  fhirXmlToJson(readFileSync(join(UK_CORE_DIR, 'examples', `${name}.xml`), 'utf8')) as Record<
    string,
    unknown
  >;

const BASE = { startDate: '2026-06-01', prescriber: 'gp', indication: 'Chronic low back pain' } as const;
const CO_CODAMOL: MedicineInput = {
  ...BASE,
  formularyId: 'co-codamol-tablet',
  doseKind: 'regular',
  written: { productId: 'co-codamol-tablet', strength: '30/500', units: 2, frequency: 'qds' },
};
const OXY_PRN: MedicineInput = {
  ...BASE,
  formularyId: 'oxycodone-ir-capsule',
  strength: '5 mg',
  doseKind: 'prn',
  doseMg: 5,
  timesPerDay: 4,
  prnMinIntervalHours: 4,
  indication: 'Breakthrough pain',
};
const FENTANYL_25: MedicineInput = {
  ...BASE,
  formularyId: 'fentanyl-72-hour-patch',
  strength: '25 micrograms/hour',
  doseKind: 'patch',
  patchMcgPerHour: 25,
  patchChangeEveryDays: 3,
  prescriber: 'service',
};
const KETAMINE: MedicineInput = {
  ...BASE,
  formularyId: 'not-on-formulary',
  doseKind: 'regular',
  unlistedName: 'Ketamine oral solution',
  asWritten: '10 mg four times a day',
};

describeEachEngine('FHIR import: medication statements', (engine) => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp(engine);
    await signedInAs(app, 'coordinator');
  });
  afterEach(() => app.close());

  async function onlyPatientMedicines(query: string) {
    const id = (await app.ok('patients:search', { query })).items[0]!.id;
    await signedInAs(app, 'consultant');
    return app.ok('meds:patient', { patientId: id });
  }

  it("reads Alongside's own export back as the lines entered, counted as before; a stopped line stays out", async () => {
    // The exporting service is a single computer (SQLite); the importing one is this engine.
    const source = await createTestApp();
    let exported: string;
    try {
      await signedInAs(source, 'consultant');
      const p = await source.ok('patients:create', { ...JO });
      const add = async (medicine: MedicineInput) => {
        const r = await source.call('meds:add', { patientId: p.id, medicine });
        if (r.ok) return r.value;
        // Warnings that need judgement are confirmed with a reason, as a prescriber would.
        const codes = Object.keys(r.error.fields ?? {})
          .filter((k) => k.startsWith('medicine.warning.'))
          .map((k) => k.slice('medicine.warning.'.length));
        return source.ok('meds:add', {
          patientId: p.id,
          medicine: { ...medicine, confirmWarnings: { codes, reason: 'Reviewed with the pharmacist' } },
        });
      };
      for (const m of [OXY_MR, CO_CODAMOL, OXY_PRN, FENTANYL_25, KETAMINE]) await add(m);
      const old = await add({
        ...BASE,
        formularyId: 'gabapentin-capsule',
        strength: '300 mg',
        doseKind: 'regular',
        doseMg: 300,
        timesPerDay: 3,
      });
      await source.ok('meds:stop', {
        itemId: old.itemId,
        version: old.version,
        stoppedOn: '2026-07-01',
        reason: 'No benefit',
      });
      exported = (await source.ok('fhir:exportPatient', { patientId: p.id })).json;
    } finally {
      await source.close();
    }

    const preview = await app.ok('fhir:importPreview', { json: exported });
    expect(preview.problems).toEqual([]);
    expect(preview.medicineCount).toBe(5);
    expect(preview.asWrittenCount).toBe(0);
    expect(preview.notImported).toEqual([
      { resourceType: 'MedicationStatement', count: 1, why: 'medicines stopped' },
    ]);
    expect(await app.ok('fhir:importCommit', { json: exported, confirm: true })).toMatchObject({
      patients: 1,
      medicines: 5,
    });

    const view = await onlyPatientMedicines('Smith');
    const lines = view.current
      .map((m) => ({
        name: m.name,
        strength: m.strength,
        doseKind: m.doseKind,
        doseMg: m.doseMg,
        timesPerDay: m.timesPerDay,
        patch: m.patchMcgPerHour,
        written: m.written?.text ?? null,
        prescriber: m.prescriber,
        indication: m.indication,
        ome: m.ome?.omeMgPer24h ?? null,
      }))
      .sort((a, b) => a.name.localeCompare(b.name) || (a.doseKind < b.doseKind ? -1 : 1));
    expect(lines).toEqual([
      {
        name: 'Co-codamol tablets (8/500, 15/500, 30/500)',
        strength: '30 mg',
        doseKind: 'regular',
        doseMg: 60,
        timesPerDay: 4,
        patch: null,
        written:
          '2 × co-codamol 30/500 tablets four times a day (codeine 60 mg + paracetamol 1000 mg a dose)',
        prescriber: 'gp',
        indication: 'Chronic low back pain',
        ome: 24, // 60 mg x 4 = 240 mg codeine x 0.1
      },
      {
        name: 'Fentanyl 72-hour transdermal patches',
        strength: '25 micrograms/hour',
        doseKind: 'patch',
        doseMg: null,
        timesPerDay: null,
        patch: 25,
        written: null,
        prescriber: 'service',
        indication: 'Chronic low back pain',
        ome: 60,
      },
      {
        name: 'Ketamine oral solution',
        strength: '',
        doseKind: 'regular',
        doseMg: null,
        timesPerDay: null,
        patch: null,
        written: null,
        prescriber: 'gp',
        indication: 'Chronic low back pain',
        ome: null,
      },
      {
        name: 'Oxycodone capsules',
        strength: '5 mg',
        doseKind: 'prn',
        doseMg: 5,
        timesPerDay: 4,
        patch: null,
        written: null,
        prescriber: 'gp',
        indication: 'Breakthrough pain',
        ome: 30, // the most in 24 hours, 20 mg, x 1.5
      },
      {
        name: 'Oxycodone modified-release tablets (12-hourly)',
        strength: '20 mg',
        doseKind: 'regular',
        doseMg: 20,
        timesPerDay: 2,
        patch: null,
        written: null,
        prescriber: 'gp',
        indication: 'Chronic low back pain',
        ome: 60, // 40 mg x 1.5
      },
    ]);
    // 24 + 60 + 30 + 60 = 174 mg OME in 24 hours; the ketamine line is named as not counted.
    expect(view.ome.totalMgPer24h).toBe(174);
    expect(view.ome.headline.notOnFormulary).toEqual(['Ketamine oral solution']);
    expect(view.stopped).toEqual([]);
  });

  it("keeps a GP record's medicines as written, not counted, and says what each looks like", async () => {
    const patient = example('UKCore-Patient-RichardSmith-Example');
    const amoxicillin = example('UKCore-MedicationStatement-Amoxicillin-Example');
    const current = { ...amoxicillin, id: 'current', effectivePeriod: { start: '2026-11-01' } };
    const gabapentin = {
      resourceType: 'MedicationStatement',
      status: 'active',
      medicationCodeableConcept: { text: 'Gabapentin 300mg capsules' },
      subject: { reference: 'Patient/UKCore-Patient-RichardSmith-Example' },
      dateAsserted: '2026-10-02',
      dosage: [{ text: 'One capsule three times a day' }],
    };
    const json = JSON.stringify({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [patient, amoxicillin, current, gabapentin].map((resource) => ({ resource })),
    });
    const preview = await app.ok('fhir:importPreview', { json });
    expect(preview.problems).toEqual([]);
    expect(preview.medicineCount).toBe(2);
    expect(preview.asWrittenCount).toBe(2);
    // NHS England's example ended on 15-May-2021: not a current medicine.
    expect(preview.notImported).toEqual([
      { resourceType: 'MedicationStatement', count: 1, why: 'medicines that ended before today' },
    ]);
    expect(preview.patients[0]!.medicines.map((m) => [m.entry, m.label, m.note])).toEqual([
      [
        3,
        'Amoxicillin 250mg capsules: 2 capsules 4 times a day.',
        'Kept as written and not counted in the OME. Its dm+d code (39732311000001104) is not among the dm+d codes the formulary holds.',
      ],
      [
        4,
        'Gabapentin 300mg capsules: One capsule three times a day',
        'Kept as written and not counted in the OME. It looks like gabapentin on the formulary: enter it there to count it.',
      ],
    ]);
    await app.ok('fhir:importCommit', { json, confirm: true });
    const view = await onlyPatientMedicines('9912003888');
    expect(
      view.current
        .map((m) => [m.name, m.doseText, m.doseKind, m.startDate, m.indication, m.notOnFormulary])
        .sort(),
    ).toEqual([
      ['Amoxicillin 250mg capsules', '2 capsules 4 times a day.', 'prn', '2026-11-01', 'Otitis media', true],
      [
        'Gabapentin 300mg capsules',
        'One capsule three times a day',
        'regular',
        '2026-10-02',
        'Not stated in the imported record',
        true,
      ],
    ]);
    expect(view.ome.totalMgPer24h).toBe(0);
  });

  it('names each problem by entry and saves nothing: a medicine for nobody, and a line not on the formulary in use here', async () => {
    const own = {
      resourceType: 'MedicationStatement',
      status: 'active',
      extension: [
        {
          url: 'urn:alongside:medicine-entry',
          extension: [
            { url: 'formularyId', valueString: 'oxycodone-sr-wafer' },
            { url: 'strength', valueString: '17 mg' },
            { url: 'doseKind', valueString: 'regular' },
            { url: 'doseMg', valueDecimal: 17 },
            { url: 'timesPerDay', valueInteger: 2 },
            { url: 'startDate', valueString: '2026-06-01' },
            { url: 'prescriber', valueString: 'gp' },
            { url: 'indication', valueString: 'Back pain' },
          ],
        },
      ],
      medicationCodeableConcept: { text: 'Oxycodone MR 17 mg' },
      subject: { reference: 'Patient/p1' },
      dosage: [{ text: '17 mg twice a day' }],
    };
    const json = JSON.stringify({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          resource: {
            resourceType: 'Patient',
            id: 'p1',
            name: [{ family: 'Able', given: ['Ann'] }],
            birthDate: '1950-01-01',
            gender: 'female',
          },
        },
        { resource: own },
        { resource: { ...own, subject: { reference: 'Patient/nobody' } } },
      ],
    });
    const preview = await app.ok('fhir:importPreview', { json });
    expect(preview.problems.map((p) => [p.entry, p.field])).toEqual([
      [2, 'Medicine'],
      [3, 'Patient'],
    ]);
    expect(preview.problems[0]!.message).toMatch(/^Oxycodone MR 17 mg: 17 mg twice a day: /);
    expect(preview.problems[1]!.message).toBe('This medicine names a patient who is not in the file.');
    const r = await app.call('fhir:importCommit', { json, confirm: true });
    expect(r.ok).toBe(false);
    expect((await app.ok('patients:search', { query: 'Able' })).items).toEqual([]);
  });
});
