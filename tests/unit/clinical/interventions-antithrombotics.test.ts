import { describe, expect, it } from 'vitest';
import { ClinicalInputError } from '../../../shared/clinical/errors';
import {
  OBSERVED_DURATION_MIN_CASES,
  antithromboticsFromMedicines,
  plannedCaseDuration,
  usualDoseTimes,
  type MedicineListLine,
} from '../../../shared/clinical/interventions/index';
import { FORMULARY } from '../../../shared/clinical/medicines/formulary';

const line = (over: Partial<MedicineListLine>): MedicineListLine => ({
  itemId: 1,
  version: 1,
  generic: 'apixaban',
  name: 'Apixaban tablets',
  route: 'oral',
  doseKind: 'regular',
  doseMg: 5,
  timesPerDay: 2,
  indication: 'Atrial fibrillation',
  startDate: '2025-01-01',
  ...over,
});

describe('antithromboticsFromMedicines: the medicines list gives the hold-plan drugs', () => {
  // [label, line, expected rule key or null, expected dose times]
  const rows: [string, Partial<MedicineListLine>, string | null, string[]][] = [
    ['apixaban 5 mg twice a day', {}, 'apixaban', ['08:00', '20:00']],
    [
      'rivaroxaban 20 mg once a day',
      { generic: 'rivaroxaban', doseMg: 20, timesPerDay: 1 },
      'rivaroxaban',
      ['08:00'],
    ],
    ['edoxaban', { generic: 'edoxaban', doseMg: 60, timesPerDay: 1 }, 'edoxaban', ['08:00']],
    ['dabigatran', { generic: 'dabigatran', doseMg: 150 }, 'dabigatran', ['08:00', '20:00']],
    ['warfarin', { generic: 'warfarin', doseMg: 3, timesPerDay: 1 }, 'warfarin', ['08:00']],
    ['clopidogrel', { generic: 'clopidogrel', doseMg: 75, timesPerDay: 1 }, 'clopidogrel', ['08:00']],
    ['prasugrel', { generic: 'prasugrel', doseMg: 10, timesPerDay: 1 }, 'prasugrel', ['08:00']],
    ['ticagrelor', { generic: 'ticagrelor', doseMg: 90 }, 'ticagrelor', ['08:00', '20:00']],
    // Enoxaparin: 40 mg a day or less is prophylactic; 1.5 mg/kg (e.g. 120 mg) is therapeutic.
    [
      'enoxaparin 40 mg daily',
      { generic: 'enoxaparin', doseMg: 40, timesPerDay: 1 },
      'enoxaparin-prophylactic',
      ['08:00'],
    ],
    [
      'enoxaparin 20 mg twice daily (40/day)',
      { generic: 'enoxaparin', doseMg: 20 },
      'enoxaparin-prophylactic',
      ['08:00', '20:00'],
    ],
    [
      'enoxaparin 120 mg daily',
      { generic: 'enoxaparin', doseMg: 120, timesPerDay: 1 },
      'enoxaparin-therapeutic',
      ['08:00'],
    ],
    [
      'enoxaparin with no dose',
      { generic: 'enoxaparin', doseMg: null },
      'enoxaparin-therapeutic',
      ['08:00', '20:00'],
    ],
    // Aspirin: secondary prevention unless the indication says primary.
    [
      'aspirin after MI',
      { generic: 'aspirin', doseMg: 75, timesPerDay: 1, indication: 'Post MI' },
      'aspirin-secondary-prevention',
      ['08:00'],
    ],
    [
      'aspirin primary prevention',
      { generic: 'aspirin', doseMg: 75, timesPerDay: 1, indication: 'Primary prevention' },
      'aspirin-primary-prevention',
      ['08:00'],
    ],
    // NSAIDs the rule sets cover, systemic only.
    ['naproxen tablets', { generic: 'naproxen', doseMg: 500 }, 'naproxen', ['08:00', '20:00']],
    ['ibuprofen gel', { generic: 'ibuprofen', route: 'topical' }, null, []],
    [
      'ibuprofen three times a day',
      { generic: 'ibuprofen', doseMg: 400, timesPerDay: 3 },
      'ibuprofen',
      ['08:00', '14:00', '20:00'],
    ],
    // Not antithrombotics.
    ['morphine', { generic: 'morphine' }, null, []],
    ['pregabalin', { generic: 'pregabalin' }, null, []],
  ];
  it.each(rows)('%s', (_label, over, drug, times) => {
    const found = antithromboticsFromMedicines([line(over)]);
    if (drug === null) {
      expect(found).toEqual([]);
      return;
    }
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ itemId: 1, version: 1, drug, doseTimes: times });
  });

  it('says why a key was chosen and describes the dose', () => {
    const [enox] = antithromboticsFromMedicines([
      line({ generic: 'enoxaparin', name: 'Enoxaparin', doseMg: 40, timesPerDay: 1 }),
    ]);
    expect(enox?.basis).toBe('40 mg a day is a prophylactic dose (40 mg a day or less).');
    expect(enox?.label).toBe('Enoxaparin 40 mg once a day');
    const [apix] = antithromboticsFromMedicines([line({})]);
    expect(apix?.basis).toBeNull();
    expect(apix?.dose).toBe('5 mg twice a day');
  });

  it('keeps list order and finds dual antiplatelets as two lines', () => {
    const found = antithromboticsFromMedicines([
      line({ itemId: 3, generic: 'aspirin', doseMg: 75, timesPerDay: 1 }),
      line({ itemId: 4, generic: 'morphine' }),
      line({ itemId: 5, generic: 'clopidogrel', doseMg: 75, timesPerDay: 1 }),
    ]);
    expect(found.map((f) => [f.itemId, f.drug])).toEqual([
      [3, 'aspirin-secondary-prevention'],
      [5, 'clopidogrel'],
    ]);
  });

  it('usual dose times: 1-4 a day, more than 4 capped; invalid counts throw', () => {
    expect(usualDoseTimes(null)).toEqual(['08:00']);
    expect(usualDoseTimes(4)).toEqual(['08:00', '12:00', '16:00', '20:00']);
    expect(usualDoseTimes(6)).toEqual(['08:00', '12:00', '16:00', '20:00']);
    expect(() => usualDoseTimes(0)).toThrow(ClinicalInputError);
    expect(() => usualDoseTimes(1.5)).toThrow(/whole number/);
  });

  it('the formulary has an entry for every antithrombotic the hold rule sets name', () => {
    for (const generic of [
      'apixaban',
      'rivaroxaban',
      'edoxaban',
      'dabigatran',
      'warfarin',
      'enoxaparin',
      'clopidogrel',
      'prasugrel',
      'ticagrelor',
      'aspirin',
    ])
      expect(FORMULARY.some((f) => f.generic === generic)).toBe(true);
  });
});

describe('plannedCaseDuration: observed medians replace the default once 30 cases exist', () => {
  const N = OBSERVED_DURATION_MIN_CASES;
  // [label, clinician (count, median) or null, procedure (count, median), minutes, basis, source]
  const rows: [
    string,
    [number, number | null] | null,
    [number, number | null],
    number,
    'clinician' | 'procedure' | 'catalogue',
    string,
  ][] = [
    [
      'no cases: catalogue default',
      null,
      [0, null],
      60,
      'catalogue',
      'catalogue default (0 timed cases; 30 needed)',
    ],
    [
      '29 cases: still the default',
      [29, 40],
      [29, 40],
      60,
      'catalogue',
      'catalogue default (29 timed cases; 30 needed)',
    ],
    ['1 case: singular', null, [1, 40], 60, 'catalogue', 'catalogue default (1 timed case; 30 needed)'],
    [
      '30 in all, clinician 12: procedure median',
      [12, 35],
      [N, 45],
      45,
      'procedure',
      'median of 30 cases (all clinicians; Dr X has 12)',
    ],
    [
      '30 in all, no clinician: procedure median',
      null,
      [N, 45],
      45,
      'procedure',
      'median of 30 cases (all clinicians)',
    ],
    ['clinician has 34: their own median', [34, 38], [80, 45], 38, 'clinician', 'median of 34 cases by Dr X'],
    ['clinician exactly 30', [N, 52.5], [N, 45], 53, 'clinician', 'median of 30 cases by Dr X'],
  ];
  it.each(rows)('%s', (_label, clinician, procedure, minutes, basis, source) => {
    const input: Parameters<typeof plannedCaseDuration>[0] = {
      catalogueMinutes: 60,
      procedure: { count: procedure[0], median: procedure[1] },
    };
    if (clinician) input.clinician = { name: 'Dr X', count: clinician[0], median: clinician[1] };
    expect(plannedCaseDuration(input)).toEqual({ minutes, basis, source });
  });

  it.each([
    ['zero default', { catalogueMinutes: 0, procedure: { count: 0, median: null } }],
    ['negative count', { catalogueMinutes: 30, procedure: { count: -1, median: null } }],
    ['zero median', { catalogueMinutes: 30, procedure: { count: 40, median: 0 } }],
  ])('refuses %s', (_label, input) => {
    expect(() => plannedCaseDuration(input)).toThrow(ClinicalInputError);
  });
});
