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
});
