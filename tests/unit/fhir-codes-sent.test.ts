import { describe, expect, it } from 'vitest';
import { codesSent } from '../../shared/fhir/labels';

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
});
