import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type {
  Bundle,
  Condition,
  MedicationStatement,
  Observation,
  Patient,
  Resource,
} from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../db/demo/generate';
import { openAndMigrate } from '../../db/open';
import type { HandlerContext } from '../../db/services/context';
import { exportAllNdjson } from '../../db/services/fhir-bulk';
import { SessionStore } from '../../db/services/sessions';
import { danglingReferences } from '../../shared/fhir/resources';
import { createTestApp, signedInAs, tempDir, type TestApp } from '../helpers/db';
import { JO, OXY_MR } from '../helpers/seed';
import { bundleProblems, r4Problems, ukCoreProblems } from '../helpers/uk-core';

/**
 * FHIR R4 UK Core export of one patient's record (issue 20, "Out"). Expected values are written by hand
 * from the UK Core profiles (NHS number system https://fhir.nhs.uk/Id/nhs-number with the
 * NHSNumberVerificationStatus extension) and LOINC (44261-6 PHQ-9 total score).
 */
describe('FHIR export of a patient record', () => {
  let app: TestApp;
  let bundle: Bundle;
  let counts: Record<string, number>;
  let patientId: number;

  beforeAll(async () => {
    app = await createTestApp();
    await signedInAs(app, 'consultant');
    const p = await app.ok('patients:create', {
      ...JO,
      hospitalNumber: 'RX1234567',
      postcode: 'LS1 4AP',
      diagnosisCode: 'MG30.01',
      allergies: [{ agent: 'Penicillin', reaction: 'Rash' }],
    });
    patientId = p.id;
    await app.ok('meds:add', { patientId, medicine: OXY_MR });
    const plan = await app.ok('rehab:createPlan', {
      patientId,
      pathway: 'physiotherapy',
      referralDate: '2026-09-01',
      treatmentStartDate: '2026-10-01',
    });
    await app.ok('rehab:addGoal', {
      planId: plan.id,
      goal: {
        whatMatters: 'Walk my granddaughter to school',
        activity: 'Walking',
        measure: 'Minutes walked without stopping',
        target: '15 minutes',
        setOn: '2026-10-01',
        targetDate: '2027-01-15',
        domain: 'mobility',
        baseline: -1,
        levelMinus2: 'Cannot walk to the end of the road',
        levelMinus1: 'Walks 5 minutes',
        levelZero: 'Walks 15 minutes',
        levelPlus1: 'Walks 20 minutes',
        levelPlus2: 'Walks 30 minutes',
      },
    });
    // PHQ-9 answers 1,1,1,1,1,1,1,1,0: total 8 by hand.
    await app.ok('rehab:recordMeasure', {
      patientId,
      planId: plan.id,
      measure: 'PHQ-9',
      timePoint: 'referral',
      administeredOn: '2026-09-15',
      answers: [1, 1, 1, 1, 1, 1, 1, 1, 0],
    });
    const out = await app.ok('fhir:exportPatient', { patientId });
    bundle = JSON.parse(out.json) as Bundle;
    counts = out.counts;
  }, 60_000);
  afterAll(() => app.close());

  it('holds the patient, allergy, diagnosis, medicine, measure, episode, plan and goal (counted by hand)', () => {
    expect(counts).toEqual({
      Patient: 1,
      AllergyIntolerance: 1,
      Condition: 1,
      MedicationStatement: 1,
      Observation: 1,
      QuestionnaireResponse: 1,
      EpisodeOfCare: 1,
      CarePlan: 1,
      Goal: 1,
    });
  });

  it('carries the NHS number under the NHS system, marked as not traced', () => {
    const patient = bundle.entry!.find((e) => e.resource?.resourceType === 'Patient')!.resource as Patient;
    const nhs = patient.identifier!.find((i) => i.system === 'https://fhir.nhs.uk/Id/nhs-number')!;
    expect(nhs.value).toBe('9434765919');
    // "02": number present but not traced (the app checks the check digit; it does not trace against PDS).
    expect(nhs.extension![0]!.valueCodeableConcept!.coding![0]!.code).toBe('02');
    expect(patient.birthDate).toBe('1960-02-29');
    expect(patient.name![0]).toMatchObject({ family: 'Smith', given: ['Jo'] });
  });

  it('writes the medicine and the PHQ-9 total as a clinician entered them', () => {
    const med = bundle.entry!.find((e) => e.resource?.resourceType === 'MedicationStatement')!
      .resource as MedicationStatement;
    expect(med.status).toBe('active');
    expect(med.medicationCodeableConcept!.text).toContain('Oxycodone');
    // Entered in mg (not as a product strength): the VTM, 777027001 Oxycodone (OpenPrescribing Hospitals'
    // mr_opioids measure, "VTM code for oxycodone").
    expect(med.medicationCodeableConcept!.coding).toEqual([
      { system: 'http://snomed.info/sct', code: '777027001', display: 'Oxycodone' },
    ]);
    expect(med.dosage![0]!.text).toBe('20 mg twice a day');
    const obs = bundle.entry!.find((e) => e.resource?.resourceType === 'Observation')!
      .resource as Observation;
    expect(obs.code.coding![0]).toMatchObject({ system: 'http://loinc.org', code: '44261-6' });
    // Beside it, SNOMED CT 720433000, the PHQ-9 total score observable (NHS Digital's MHSDS reference
    // tables, "Patient health questionnaire 9 score"; CamCOPS names it as below).
    expect(obs.code.coding![1]).toEqual({
      system: 'http://snomed.info/sct',
      code: '720433000',
      display: 'Patient Health Questionnaire Nine Item score (observable entity)',
    });
    expect(obs.valueQuantity!.value).toBe(8);
    expect(obs.effectiveDateTime).toBe('2026-09-15');
    // Licensed item wording is never exported; PHQ-9 answers are not either (only the total).
    expect(JSON.stringify(obs)).not.toMatch(/better off dead/i);
  });

  it('codes the diagnosis with its ICD-11 category and, beside it, the SNOMED CT concept of the same meaning', () => {
    const condition = bundle.entry!.find((e) => e.resource?.resourceType === 'Condition')!
      .resource as Condition;
    // ICD-11 MG30.01 Complex regional pain syndrome (WHO); SNOMED CT 128200000 "Complex regional pain
    // syndromes (disorder)" as the GM SDE neuropathic pain code set names it (UoM-Data-Science-Platforms/gm-sde).
    expect(condition.code!.coding).toEqual([
      {
        system: 'http://id.who.int/icd/release/11/mms',
        code: 'MG30.01',
        display: 'Complex regional pain syndrome',
      },
      {
        system: 'http://snomed.info/sct',
        code: '128200000',
        display: 'Complex regional pain syndromes (disorder)',
      },
    ]);
    // And the validator checks the Condition with both codes (the whole bundle is checked below too).
    expect(ukCoreProblems(condition)).toEqual([]);
    expect(r4Problems(condition)).toEqual([]);
  }, 60_000);

  it('validates against FHIR R4 and the UK Core profiles it claims, with no broken reference', () => {
    expect(danglingReferences(bundle)).toEqual([]);
    expect(bundleProblems(bundle)).toEqual([]);
  }, 60_000);

  it('is audited as an export, naming what it held', () => {
    const row = app.dispatcher.conn.sqlite
      .prepare("SELECT patient_id, after_json FROM audit_log WHERE action = 'export.fhir'")
      .get() as { patient_id: number; after_json: string };
    expect(row.patient_id).toBe(patientId);
    expect(JSON.parse(row.after_json).counts.MedicationStatement).toBe(1);
  });
});

describe('the validators themselves fail on what is wrong', () => {
  it('FHIR R4: an AllergyIntolerance with no patient', () => {
    expect(r4Problems({ resourceType: 'AllergyIntolerance' } as never).join('\n')).toMatch(/patient/);
  }, 60_000);

  it('UK Core: an NHS number under the wrong verification code, and a bundle reference that dangles', () => {
    const patient: Patient = {
      resourceType: 'Patient',
      meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient'] },
      identifier: [
        {
          extension: [
            {
              url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
              valueCodeableConcept: {
                coding: [
                  {
                    system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatus',
                    code: '99',
                  },
                ],
              },
            },
          ],
          system: 'https://fhir.nhs.uk/Id/nhs-number',
          value: '9434765919',
        },
      ],
    };
    expect(ukCoreProblems(patient).join('\n')).toMatch(/code 99 is not in/);
    const broken: Bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          fullUrl: 'urn:uuid:00000000-0000-8000-8000-000000000001',
          resource: {
            resourceType: 'AllergyIntolerance',
            patient: { reference: 'urn:uuid:missing' },
          } as never,
        },
      ],
    };
    expect(danglingReferences(broken)).toEqual(['AllergyIntolerance.patient -> urn:uuid:missing']);
  });

  it('UK Core: an AllergyIntolerance without the code UK Core requires', () => {
    const allergy = {
      resourceType: 'AllergyIntolerance',
      meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-AllergyIntolerance'] },
      patient: { reference: 'Patient/1' },
    } as Resource;
    expect(ukCoreProblems(allergy).join('\n')).toMatch(/AllergyIntolerance.code is required \(min 1\)/);
  });

  it('UK Core: a second NHS number breaks the slice maximum of one', () => {
    const nhs = { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' };
    const patient: Patient = {
      resourceType: 'Patient',
      meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient'] },
      identifier: [nhs, { ...nhs, value: '9434765870' }],
    };
    expect(ukCoreProblems(patient).join('\n')).toMatch(/identifier:nhsNumber appears 2 times \(max 1\)/);
  });
});

describe('FHIR Bulk Data NDJSON export of the whole service', () => {
  it('writes one file per resource type; every line validates and every reference resolves across files', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const { conn } = await openAndMigrate(join(dir, 'alongside.sqlite'));
      generateDemo(conn.sqlite, { patients: 60, passwordHash: 'x', now: new Date('2026-11-21T10:00:00Z') });
      const ctx: HandlerContext = {
        conn,
        sessions: new SessionStore(),
        sessionKey: 'test',
        session: null,
        now: () => new Date('2026-11-21T10:00:00Z'),
        options: {},
      };
      const progress: number[] = [];
      const result = await exportAllNdjson(ctx, join(dir, 'out'), (done) => progress.push(done), 25);
      expect(result.patients).toBe(60);
      expect(progress).toEqual([25, 50, 60]);
      expect(result.counts.Patient).toBe(60);
      const all = new Map<string, Resource>();
      for (const f of result.files) {
        const lines = readFileSync(join(dir, 'out', f), 'utf8')
          .trimEnd()
          .split('\n');
        expect(lines.length).toBe(result.counts[f.replace('.ndjson', '')]);
        for (const line of lines) {
          const r = JSON.parse(line) as Resource;
          expect(`${r.resourceType}.ndjson`).toBe(f);
          all.set(`${r.resourceType}/${r.id}`, r);
        }
      }
      const problems: string[] = [];
      const refs: string[] = [];
      for (const [key, r] of all) {
        for (const p of [...r4Problems(r), ...ukCoreProblems(r)]) problems.push(`${key}: ${p}`);
        JSON.stringify(r, (k, v: unknown) => {
          if (k === 'reference' && typeof v === 'string') refs.push(v);
          return v;
        });
      }
      expect(problems).toEqual([]);
      expect(refs.filter((ref) => !all.has(ref))).toEqual([]);
      expect(statSync(join(dir, 'out', 'Patient.ndjson')).mode & 0o077).toBe(0);
      const audit = conn.sqlite
        .prepare("SELECT after_json FROM audit_log WHERE action = 'export.fhir-bulk'")
        .get() as {
        after_json: string;
      };
      expect(JSON.parse(audit.after_json).patients).toBe(60);
      await conn.close();
    } finally {
      cleanup();
    }
  }, 120_000);
});
