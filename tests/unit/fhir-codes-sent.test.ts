import { describe, expect, it } from 'vitest';
import { codedSummary, codesSent, codeTallyRows, emptyCodeTally, tallyCodes } from '../../shared/fhir/labels';

/**
 * What the record export's "Codes in the file" table lists: each medicine, diagnosis, outcome measure and
 * procedure once, with the code read from the file itself, or none.
 */
describe('codes sent in an exported bundle', () => {
  it('names dm+d, ICD-11 and LOINC codes, lists a record sent by name only, and each once', () => {
    const bundle = {
      resourceType: 'Bundle',
      entry: [
        {
          resource: {
            resourceType: 'Condition',
            // ICD-11 MMS MG30.01 Chronic widespread pain (WHO ICD-11).
            code: {
              text: 'Chronic widespread pain',
              coding: [{ system: 'http://id.who.int/icd/release/11/mms', code: 'MG30.01' }],
            },
          },
        },
        ...[1, 2].map(() => ({
          resource: {
            resourceType: 'Observation',
            // LOINC 44261-6 PHQ-9 total score (Regenstrief).
            code: { text: 'PHQ-9 total score', coding: [{ system: 'http://loinc.org', code: '44261-6' }] },
          },
        })),
        { resource: { resourceType: 'Procedure', code: { text: 'Lumbar medial branch block' } } },
        { resource: { resourceType: 'Patient' } },
      ],
    };
    expect(codesSent(bundle)).toEqual([
      { kind: 'Diagnosis', text: 'Chronic widespread pain', code: 'ICD-11 MG30.01' },
      { kind: 'Outcome measure', text: 'PHQ-9 total score', code: 'LOINC 44261-6' },
      { kind: 'Procedure', text: 'Lumbar medial branch block', code: null },
    ]);
    expect(codesSent(null)).toEqual([]);
  });

  // Found in review: every code under SNOMED CT's address was named "dm+d", so a SNOMED CT diagnosis or
  // procedure code read as a medicine code. dm+d concept ids travel under SNOMED CT's address too, so the
  // system is told by what the record is: a medicine's code is dm+d (UK Core binds medicine codes to the dm+d
  // value set), any other code under that address is SNOMED CT.
  it('labels each code with its real system: dm+d for a medicine, SNOMED CT otherwise, and every code a record carries', () => {
    const snomed = 'http://snomed.info/sct';
    const bundle = {
      resourceType: 'Bundle',
      entry: [
        {
          resource: {
            resourceType: 'MedicationStatement',
            medicationCodeableConcept: {
              text: 'Oxycodone capsules 5 mg',
              coding: [{ system: snomed, code: '777027001', display: 'Oxycodone' }],
            },
          },
        },
        {
          resource: {
            resourceType: 'Condition',
            code: {
              text: 'Complex regional pain syndrome',
              coding: [
                { system: 'http://id.who.int/icd/release/11/mms', code: 'MG30.01' },
                { system: snomed, code: '128200000', display: 'Complex regional pain syndromes (disorder)' },
              ],
            },
          },
        },
        {
          resource: {
            resourceType: 'Condition',
            // SNOMED CT 247369005 Facet joint pain (UoM-Data-Science-Platforms/gm-sde back-pain code set): a
            // record with a SNOMED CT code alone, which the table named "dm+d" before.
            code: {
              text: 'Facet joint pain',
              coding: [{ system: snomed, code: '247369005', display: 'Facet joint pain' }],
            },
          },
        },
        {
          resource: {
            resourceType: 'Observation',
            code: {
              text: 'PHQ-9 total score',
              coding: [
                { system: 'http://loinc.org', code: '44261-6' },
                { system: 'urn:alongside:measure', code: 'PHQ-9' },
              ],
            },
          },
        },
      ],
    };
    expect(codesSent(bundle)).toEqual([
      { kind: 'Medicine', text: 'Oxycodone capsules 5 mg', code: 'dm+d 777027001 (Oxycodone)' },
      {
        kind: 'Diagnosis',
        text: 'Complex regional pain syndrome',
        code: 'ICD-11 MG30.01; SNOMED CT 128200000 (Complex regional pain syndromes (disorder))',
      },
      { kind: 'Diagnosis', text: 'Facet joint pain', code: 'SNOMED CT 247369005 (Facet joint pain)' },
      // A local code is not a standard code: the table lists the standard ones.
      { kind: 'Outcome measure', text: 'PHQ-9 total score', code: 'LOINC 44261-6' },
    ]);
  });

  it('the bulk export tally: records carrying each system, in words, and how many codable records carry one', () => {
    const t = emptyCodeTally();
    const snomed = 'http://snomed.info/sct';
    // Two medicines with a dm+d code, one without; a diagnosis with ICD-11 and SNOMED CT; a patient (no code
    // of this kind); an outcome measure score with LOINC and a local code.
    tallyCodes(t, {
      resourceType: 'MedicationStatement',
      medicationCodeableConcept: { coding: [{ system: snomed, code: '777027001' }] },
    });
    tallyCodes(t, {
      resourceType: 'MedicationStatement',
      medicationCodeableConcept: { coding: [{ system: snomed, code: '773372004' }] },
    });
    tallyCodes(t, {
      resourceType: 'MedicationStatement',
      medicationCodeableConcept: { text: 'Senna tablets' },
    });
    tallyCodes(t, {
      resourceType: 'Condition',
      code: {
        coding: [
          { system: 'http://id.who.int/icd/release/11/mms', code: 'MG30.01' },
          { system: snomed, code: '128200000' },
        ],
      },
    });
    tallyCodes(t, { resourceType: 'Patient' });
    tallyCodes(t, {
      resourceType: 'Observation',
      code: {
        coding: [
          { system: 'http://loinc.org', code: '44261-6' },
          { system: 'urn:alongside:measure', code: 'PHQ-9' },
        ],
      },
    });
    expect(codeTallyRows(t)).toEqual([
      { system: 'dm+d', records: '2 medicines' },
      { system: 'SNOMED CT', records: '1 diagnosis' },
      { system: 'ICD-11', records: '1 diagnosis' },
      { system: 'LOINC', records: '1 outcome measure score' },
    ]);
    // 3 medicines + 1 diagnosis + 1 measure can carry a code; 4 of them do.
    const counts = { Patient: 1, MedicationStatement: 3, Condition: 1, Observation: 1 };
    expect(codedSummary(counts, t)).toBe(
      '4 of 5 records that can carry a code (medicines, diagnoses, outcome measure scores and procedures) carry a standard code.',
    );
    expect(codedSummary({ Patient: 5 }, emptyCodeTally())).toBe(
      'No record in the files can carry a code (no medicines, diagnoses, outcome measure scores or procedures).',
    );
  });
});
