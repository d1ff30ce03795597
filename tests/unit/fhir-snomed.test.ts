import { describe, expect, it } from 'vitest';
import { MEASURE_LOINC } from '../../shared/fhir/codes';
import { measureObservation } from '../../shared/fhir/resources';
import { DIAGNOSIS_SNOMED, MEASURE_SNOMED, PROCEDURE_SNOMED } from '../../shared/fhir/snomed';
import { verhoeffOk } from '../helpers/snomed-check-digit';
import { r4Problems, ukCoreProblems } from '../helpers/uk-core';

/**
 * SNOMED CT concepts held beside Alongside's own codes (issue 20, "Codes"). The expected ids and terms are
 * copied by hand from the public sources named beside each, never from the code under test:
 * - NHS Digital's Mental Health Monthly Statistics reference tables (NHSDigital/mental-health-monthly-statistics,
 *   04_mhsds_ref_tables.py and LoadRefData.sql): "Patient health questionnaire 9 score" 720433000 (range 0 to
 *   27) and "Generalized anxiety disorder 7 item score" 445455005 (range 0 to 21);
 * - CamCOPS's SNOMED CT documentation (ucam-department-of-psychiatry/camcops, docs/source/administrator/
 *   snomed.rst): "720433000 |Patient Health Questionnaire Nine Item score (observable entity)|";
 * - the GM SDE code sets for the two diagnoses (as in 1.3.0).
 */
const HAND_TABLE: { key: string; id: string; name: string }[] = [
  { key: 'PHQ-9', id: '720433000', name: 'Patient Health Questionnaire Nine Item score (observable entity)' },
  { key: 'GAD-7', id: '445455005', name: 'Generalized anxiety disorder 7 item score' },
];

describe('SNOMED CT concepts held with their sources', () => {
  it('the check digit test refuses a changed digit (720433000 is well formed, 720433001 is not)', () => {
    expect(verhoeffOk('720433000')).toBe(true);
    expect(verhoeffOk('720433001')).toBe(false);
    expect(verhoeffOk('445455005')).toBe(true);
    expect(verhoeffOk('445455006')).toBe(false);
  });

  it('outcome measure totals: the PHQ-9 and GAD-7 score observables, exactly as their sources name them', () => {
    expect(Object.keys(MEASURE_SNOMED).sort()).toEqual(['GAD-7', 'PHQ-9']);
    for (const row of HAND_TABLE) {
      const c = MEASURE_SNOMED[row.key]!;
      expect({ id: c.id, name: c.name }, row.key).toEqual({ id: row.id, name: row.name });
      // Named source: repository, commit and path.
      expect(c.source, row.key).toMatch(/NHSDigital\/mental-health-monthly-statistics@[0-9a-f]{12}:\S+/);
    }
    // The PHQ-9 concept has a second source that agrees.
    expect(MEASURE_SNOMED['PHQ-9']!.source).toMatch(/ucam-department-of-psychiatry\/camcops@[0-9a-f]{12}:/);
  });

  it('every held concept id passes the SNOMED CT check digit test and names its source', () => {
    const held = [
      ...Object.values(DIAGNOSIS_SNOMED),
      ...Object.values(MEASURE_SNOMED),
      ...Object.values(PROCEDURE_SNOMED),
    ];
    expect(held.length).toBe(4);
    for (const c of held) {
      expect(verhoeffOk(c.id), `${c.name} ${c.id}`).toBe(true);
      expect(c.source, c.name).toMatch(/@[0-9a-f]{12}:/);
    }
  });

  it('no procedure concept is held: none was found in a source that could be named', () => {
    expect(PROCEDURE_SNOMED).toEqual({});
  });

  it('a PHQ-9 or GAD-7 total goes out with LOINC and, beside it, the SNOMED CT observable; it validates', () => {
    const subject = { reference: 'urn:uuid:00000000-0000-4000-8000-000000000001' };
    for (const row of HAND_TABLE) {
      const obs = measureObservation(
        {
          id: 7,
          measure: row.key,
          measureName: row.key,
          administeredOn: '2026-09-15',
          total: 8,
          band: null,
          loinc: MEASURE_LOINC[row.key] ?? null,
        },
        subject,
      );
      // LOINC 44261-6 (PHQ-9) and 70274-6 (GAD-7), Regenstrief, as before; the SNOMED CT concept second.
      expect(obs.code.coding, row.key).toEqual([
        {
          system: 'http://loinc.org',
          code: row.key === 'PHQ-9' ? '44261-6' : '70274-6',
          display: MEASURE_LOINC[row.key]!.display,
        },
        { system: 'http://snomed.info/sct', code: row.id, display: row.name },
      ]);
      expect(ukCoreProblems(obs), row.key).toEqual([]);
      expect(r4Problems(obs), row.key).toEqual([]);
    }
  }, 60_000);

  it('a measure without a held concept (e.g. the BPI) goes out as before, with its text alone', () => {
    const obs = measureObservation(
      {
        id: 8,
        measure: 'BPI',
        measureName: 'Brief Pain Inventory',
        administeredOn: '2026-09-15',
        total: 5,
        band: null,
        loinc: null,
      },
      { reference: 'urn:uuid:00000000-0000-4000-8000-000000000001' },
    );
    expect(obs.code).toEqual({ text: 'Brief Pain Inventory total score' });
  });
});
