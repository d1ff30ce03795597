import { describe, it, expect } from 'vitest';
import {
  BENZODIAZEPINE_EQUIVALENCE,
  COWS_ITEMS,
  diazepamEquivalentMg,
  diazepamEquivalentRangeMg,
  scoreCows,
} from '../../../shared/clinical/medicines/index';
import { expectClinicalError } from '../../helpers/clinical';

describe('scoreCows', () => {
  it('has 11 items whose maxima add up to 48 (Wesson & Ling 2003)', () => {
    // pulse 4, sweating 4, restlessness 5, pupils 5, aches 4, runny nose 4, GI 5, tremor 4, yawning 4,
    // anxiety 4, gooseflesh 5 = 48
    expect(COWS_ITEMS.map((i) => Math.max(...i.options))).toEqual([4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 5]);
    // Issue 13: every score has its descriptor (Wesson & Ling 2003), e.g. pulse 2 = 101-120, gooseflesh 5.
    for (const item of COWS_ITEMS) expect(item.descriptors).toHaveLength(item.options.length);
    expect(COWS_ITEMS[0]!.descriptors[2]).toBe('101-120');
    expect(COWS_ITEMS[10]!.descriptors[2]).toBe('prominent piloerection');
  });

  // Item order: pulse, sweating, restlessness, pupils, aches, nose, GI, tremor, yawning, anxiety, gooseflesh.
  it.each([
    { items: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], total: 0, band: 'none', working: '0' },
    { items: [4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], total: 4, band: 'none', working: '4' },
    { items: [4, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0], total: 5, band: 'mild', working: '4 + 1' },
    { items: [4, 4, 3, 1, 0, 0, 0, 0, 0, 0, 0], total: 12, band: 'mild', working: '4 + 4 + 3 + 1' },
    { items: [4, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0], total: 13, band: 'moderate', working: '4 + 4 + 5' },
    {
      items: [4, 4, 5, 5, 4, 2, 0, 0, 0, 0, 0],
      total: 24,
      band: 'moderate',
      working: '4 + 4 + 5 + 5 + 4 + 2',
    },
    {
      items: [4, 4, 5, 5, 4, 2, 1, 0, 0, 0, 0],
      total: 25,
      band: 'moderately severe',
      working: '4 + 4 + 5 + 5 + 4 + 2 + 1',
    },
    {
      items: [4, 4, 5, 5, 4, 4, 5, 4, 1, 0, 0],
      total: 36,
      band: 'moderately severe',
      working: '4 + 4 + 5 + 5 + 4 + 4 + 5 + 4 + 1',
    },
    {
      items: [4, 4, 5, 5, 4, 4, 5, 4, 2, 0, 0],
      total: 37,
      band: 'severe',
      working: '4 + 4 + 5 + 5 + 4 + 4 + 5 + 4 + 2',
    },
    {
      items: [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 5],
      total: 48,
      band: 'severe',
      working: 'every item at its maximum',
    },
    { items: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3], total: 3, band: 'none', working: 'gooseflesh 3' },
  ])('$working = $total → $band', ({ items, total, band }) => {
    expect(scoreCows(items)).toEqual({ total, band });
  });

  it.each([
    { name: '10 items', items: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
    { name: '12 items', items: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
    { name: 'no items', items: [] },
    { name: 'pulse 3 (allowed 0, 1, 2, 4)', items: [3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
    { name: 'pulse 5 (above its maximum 4)', items: [5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
    { name: 'restlessness 2 (allowed 0, 1, 3, 5)', items: [0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0] },
    { name: 'gooseflesh 1 (allowed 0, 3, 5)', items: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] },
    { name: 'GI upset 4 (allowed 0, 1, 2, 3, 5)', items: [0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0] },
    { name: 'a negative item', items: [-1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
    { name: 'a fractional item', items: [0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
    { name: 'a NaN item', items: [Number.NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
  ])('throws for $name', ({ items }) => {
    expectClinicalError(() => scoreCows(items), 'INVALID_ITEMS');
  });

  it('throws when the scores are not a list', () => {
    expectClinicalError(() => scoreCows(null as unknown as number[]), 'INVALID_ITEMS');
  });
});

describe('diazepamEquivalentMg (UK/Ashton table only)', () => {
  // UK table (Scottish Government benzodiazepine guide, after Ashton): each dose ≈ diazepam 5 mg.
  it.each([
    { drug: 'diazepam', mg: 5 },
    { drug: 'alprazolam', mg: 0.25 },
    { drug: 'chlordiazepoxide', mg: 12.5 },
    { drug: 'clobazam', mg: 10 },
    { drug: 'clonazepam', mg: 0.25 },
    { drug: 'lorazepam', mg: 0.5 },
    { drug: 'nitrazepam', mg: 5 },
    { drug: 'oxazepam', mg: 10 },
    { drug: 'temazepam', mg: 10 },
    { drug: 'zolpidem', mg: 10 },
    { drug: 'zopiclone', mg: 7.5 },
  ])('$drug $mg mg ≈ diazepam 5 mg', ({ drug, mg }) => {
    expect(diazepamEquivalentMg(drug, mg)).toBe(5);
  });

  it.each([
    { drug: 'lorazepam', mg: 2, expected: 20, working: '2 × 5 / 0.5 = 20 (VA/DoD would give 10: not used)' },
    { drug: 'zopiclone', mg: 15, expected: 10, working: '15 × 5 / 7.5 = 10' },
    { drug: 'temazepam', mg: 20, expected: 10, working: '20 × 5 / 10 = 10' },
    { drug: 'alprazolam', mg: 1, expected: 20, working: '1 × 5 / 0.25 = 20' },
    { drug: 'chlordiazepoxide', mg: 25, expected: 10, working: '25 × 5 / 12.5 = 10' },
    { drug: 'clonazepam', mg: 1.5, expected: 30, working: '1.5 × 5 / 0.25 = 30' },
    { drug: 'oxazepam', mg: 30, expected: 15, working: '30 × 5 / 10 = 15' },
    { drug: 'diazepam', mg: 12, expected: 12, working: 'diazepam is itself' },
    { drug: 'zolpidem', mg: 5, expected: 2.5, working: '5 × 5 / 10 = 2.5' },
    { drug: 'zopiclone', mg: 3.75, expected: 2.5, working: '3.75 × 5 / 7.5 = 2.5' },
    { drug: 'Lorazepam', mg: 1, expected: 10, working: 'name is case-insensitive: 1 × 5 / 0.5 = 10' },
    { drug: 'lorazepam', mg: 0, expected: 0, working: '0 mg = 0' },
  ])('$drug $mg mg/day: $working', ({ drug, mg, expected }) => {
    expect(diazepamEquivalentMg(drug, mg)).toBe(expected);
  });

  it.each(['midazolam', 'pregabalin', 'morphine', 'unknownazepam'])(
    '%s is not in the table → null',
    (drug) => {
      expect(diazepamEquivalentMg(drug, 10)).toBeNull();
      expect(diazepamEquivalentRangeMg(drug, 10)).toBeNull();
    },
  );

  it('gives null, not a guess, for the ranged rows; the range helper gives both ends', () => {
    // loprazolam / lormetazepam 0.5-1 mg ≈ diazepam 5 mg: 1 mg/day → 1 × 5 / 1 = 5 to 1 × 5 / 0.5 = 10
    expect(diazepamEquivalentMg('lormetazepam', 1)).toBeNull();
    expect(diazepamEquivalentMg('loprazolam', 1)).toBeNull();
    expect(diazepamEquivalentRangeMg('lormetazepam', 1)).toEqual({ low: 5, high: 10 });
    expect(diazepamEquivalentRangeMg('loprazolam', 2)).toEqual({ low: 10, high: 20 });
    // single-valued rows give equal ends: lorazepam 1 mg → 10
    expect(diazepamEquivalentRangeMg('lorazepam', 1)).toEqual({ low: 10, high: 10 });
  });

  it('ships the 13 UK rows with rule set metadata', () => {
    expect(BENZODIAZEPINE_EQUIVALENCE.rows).toHaveLength(13);
    expect(BENZODIAZEPINE_EQUIVALENCE.meta.source).toMatch(/Ashton/);
  });

  it.each([
    { name: 'a negative dose', fn: () => diazepamEquivalentMg('lorazepam', -1), code: 'INVALID_DOSE' },
    { name: 'a NaN dose', fn: () => diazepamEquivalentMg('lorazepam', Number.NaN), code: 'INVALID_DOSE' },
    {
      name: 'a negative dose of an unknown drug',
      fn: () => diazepamEquivalentMg('x', -1),
      code: 'INVALID_DOSE',
    },
    { name: 'an empty name', fn: () => diazepamEquivalentMg('', 1), code: 'INVALID_INPUT' },
  ])('throws for $name', ({ fn, code }) => {
    expectClinicalError(fn, code);
  });
});
