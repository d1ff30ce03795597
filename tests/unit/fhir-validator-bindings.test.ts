import { describe, expect, it } from 'vitest';
import type { Resource } from '@medplum/fhirtypes';
import { r4Problems, ukCoreProblems } from '../helpers/uk-core';

/**
 * The tests' FHIR validator must refuse a code outside a REQUIRED binding (HL7 FHIR R4, "Terminologies:
 * binding strength required": "To be conformant, the concept in this element SHALL be from the specified
 * value set"). Medplum's validator checks structure and invariants, not terminology, so these failed (no
 * problem found) before the bindings were checked.
 */
const problems = (r: Resource) => [...r4Problems(r), ...ukCoreProblems(r)].join('\n');

describe('the validator checks required bindings', () => {
  it('a Patient whose gender is "x" (FHIR R4 Patient.gender: required, administrative-gender)', () => {
    const patient = {
      resourceType: 'Patient',
      meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient'] },
      gender: 'x',
    } as unknown as Resource;
    // administrative-gender holds male, female, other, unknown (HL7 FHIR R4 ValueSet administrative-gender).
    expect(problems(patient)).toMatch(
      /Patient\.gender code x is not in http:\/\/hl7\.org\/fhir\/ValueSet\/administrative-gender/,
    );
    for (const gender of ['male', 'female', 'other', 'unknown'])
      expect(problems({ ...patient, gender } as Resource)).toBe('');
  });

  it('a code inside a data type: an identifier whose use is "primary" (Identifier.use: identifier-use)', () => {
    const patient = {
      resourceType: 'Patient',
      identifier: [{ use: 'primary', system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' }],
    } as unknown as Resource;
    expect(problems(patient)).toMatch(/Patient\.identifier\.use code primary is not in .*identifier-use/);
  });

  it('a coded status: an allergy whose clinical status is "gone" (AllergyIntolerance.clinicalStatus)', () => {
    const allergy = {
      resourceType: 'AllergyIntolerance',
      clinicalStatus: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'gone' },
        ],
      },
      patient: { reference: 'Patient/1' },
    } as unknown as Resource;
    expect(problems(allergy)).toMatch(
      /AllergyIntolerance\.clinicalStatus code gone is not in .*allergyintolerance-clinical/,
    );
    const active = {
      ...allergy,
      clinicalStatus: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' },
        ],
      },
    } as unknown as Resource;
    expect(problems(active)).toBe('');
  });

  it('a status and a code inside a choice element: an Observation "done" with a comparator "~"', () => {
    const obs = {
      resourceType: 'Observation',
      status: 'done',
      code: { text: 'PHQ-9' },
      valueQuantity: { value: 3, comparator: '~' },
    } as unknown as Resource;
    const found = problems(obs);
    expect(found).toMatch(/Observation\.status code done is not in .*observation-status/);
    expect(found).toMatch(/Observation\.value\[x\]\.comparator code ~ is not in .*quantity-comparator/);
  });

  it('a code that is not in the code system it names, even under a weaker binding (Condition.category)', () => {
    const condition = {
      resourceType: 'Condition',
      // R4 Condition.category is bound extensibly; problem-list-item and encounter-diagnosis are the codes of
      // http://terminology.hl7.org/CodeSystem/condition-category (HL7 FHIR R4).
      category: [
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem' }] },
      ],
      code: { text: 'Chronic primary pain' },
      subject: { reference: 'Patient/1' },
    } as unknown as Resource;
    expect(problems(condition)).toMatch(
      /Condition\.category\.coding code problem is not in the code system http:\/\/terminology\.hl7\.org\/CodeSystem\/condition-category/,
    );
  });
});
