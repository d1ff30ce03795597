import { describe, expect, it } from 'vitest';
import {
  ENTRY_WARNING_RULES,
  entryWarnings,
  impossibleDoseRefusals,
  type EntryLine,
} from '../../../shared/clinical/medicines/entry-checks';
import { FORMULARY, type FormularyEntry } from '../../../shared/clinical/medicines/formulary';

/**
 * Issue 13: "implausible doses (an order of magnitude above usual)" for non-opioids: a pharmacist would stop
 * a plainly wrong dose. Above the UK adult maximum daily dose (BNF monographs / SPC) is a warning needing a
 * reason; ten times the maximum is refused. Maxima as written in the rule set's sources, by hand:
 * paracetamol 4 g, gabapentin 3.6 g, pregabalin 600 mg, amitriptyline/nortriptyline 75 mg (neuropathic
 * pain), duloxetine 120 mg, ibuprofen 2.4 g, naproxen 1 g, diazepam 30 mg, lorazepam 4 mg, temazepam 40 mg.
 */
const product = (id: string): FormularyEntry => FORMULARY.find((p) => p.id === id)!;
const line = (id: string, strength: string, doseMg: number, timesPerDay: number): EntryLine => ({
  product: product(id),
  strength,
  doseKind: 'regular',
  doseMg,
  timesPerDay,
});
const codes = (l: EntryLine, daily: number) => entryWarnings(l, daily, null, []).map((w) => w.code);

describe('maximum daily doses for non-opioids (warning needing a reason) and ten times them (refused)', () => {
  it.each([
    // id, strength, dose, times, daily, max
    { id: 'paracetamol-tablet', s: '500 mg', dose: 1500, t: 4, max: 4000 },
    { id: 'gabapentin-capsule', s: '300 mg', dose: 1500, t: 3, max: 3600 },
    { id: 'pregabalin-capsule', s: '300 mg', dose: 450, t: 2, max: 600 },
    { id: 'amitriptyline-tablet', s: '50 mg', dose: 100, t: 1, max: 75 },
    { id: 'nortriptyline-tablet', s: '50 mg', dose: 100, t: 1, max: 75 },
    { id: 'duloxetine-capsule', s: '60 mg', dose: 90, t: 2, max: 120 },
    { id: 'ibuprofen-tablet', s: '400 mg', dose: 800, t: 4, max: 2400 },
    { id: 'naproxen-tablet', s: '500 mg', dose: 1000, t: 2, max: 1000 },
    { id: 'diazepam-tablet', s: '10 mg', dose: 10, t: 4, max: 30 },
    { id: 'lorazepam-tablet', s: '1 mg', dose: 2, t: 4, max: 4 },
    { id: 'temazepam-tablet', s: '20 mg', dose: 60, t: 1, max: 40 },
  ])(
    '$id: $dose mg × $t is above the maximum ($max mg) and warns with its source',
    ({ id, s, dose, t, max }) => {
      const l = line(id, s, dose, t);
      const daily = dose * t;
      expect(daily).toBeGreaterThan(max);
      expect(daily).toBeLessThan(10 * max);
      expect(codes(l, daily)).toContain('ABOVE_MAX_DAILY_DOSE');
      const w = entryWarnings(l, daily, null, []).find((x) => x.code === 'ABOVE_MAX_DAILY_DOSE')!;
      expect(w.source).toMatch(/BNF|SPC/);
      expect(w.source).toMatch(/v1\.2\.0/);
      expect(impossibleDoseRefusals(l, daily)).toEqual({});
      // At the maximum: nothing.
      expect(codes(l, max)).not.toContain('ABOVE_MAX_DAILY_DOSE');
    },
  );

  it.each([
    { id: 'gabapentin-capsule', s: '300 mg', dose: 9000, t: 4, daily: 36000, times: '10' }, // 36000 / 3600
    { id: 'amitriptyline-tablet', s: '50 mg', dose: 250, t: 3, daily: 750, times: '10' }, // 750 / 75
    { id: 'diazepam-tablet', s: '10 mg', dose: 100, t: 3, daily: 300, times: '10' }, // 300 / 30
    { id: 'lorazepam-tablet', s: '2.5 mg', dose: 10, t: 4, daily: 40, times: '10' }, // 40 / 4
    { id: 'ibuprofen-tablet', s: '400 mg', dose: 8000, t: 4, daily: 32000, times: '13.333' }, // 32000 / 2400
  ])(
    '$id $daily mg a day is $times × the maximum: refused next to the dose',
    ({ id, s, dose, t, daily, times }) => {
      const r = impossibleDoseRefusals(line(id, s, dose, t), daily);
      expect(r.doseMg).toMatch(new RegExp(`is ${times.replace('.', '\\.')} times the maximum daily dose`));
      expect(r.doseMg).toMatch(/cannot be given/);
    },
  );

  it('counts the paracetamol in a combination: co-codamol 8/500, 20 tablets four times a day = 40 g paracetamol', () => {
    // codeine 8 mg × 20 × 4 = 640 mg (2.7 × 240: a warning, not impossible); paracetamol 500 × 20 × 4 = 40 000 mg
    const l = line('co-codamol-tablet', '8/500 mg', 160, 4);
    const r = impossibleDoseRefusals(l, 640);
    expect(r.doseMg).toBe(
      "This gives 40000 mg of paracetamol in 24 hours, 10 times the 4 g maximum; this cannot be given. Check the dose (mg, not micrograms; each dose, not the day's total).",
    );
    // 2 tablets four times a day: 4 g paracetamol, no refusal.
    expect(impossibleDoseRefusals(line('co-codamol-tablet', '8/500 mg', 16, 4), 64)).toEqual({});
  });

  it('every maximum names its source, and the rule set is versioned', () => {
    expect(ENTRY_WARNING_RULES.meta.version).toBe('1.2.0');
    expect(ENTRY_WARNING_RULES.impossibleMultipleOfMax).toBe(10);
    for (const m of ENTRY_WARNING_RULES.maxDaily) expect(m.source).toMatch(/BNF|SPC/);
  });
});

describe('alprazolam (BNF: anxiety 250-500 micrograms three times daily, max 3 mg daily)', () => {
  const alp = (dose: number, times: number) => line('alprazolam-tablet', '0.5 mg', dose, times);

  it('0.5 mg three times a day (1.5 mg) and 1 mg three times a day (exactly 3 mg) raise nothing', () => {
    expect(codes(alp(0.5, 3), 1.5)).toEqual([]);
    expect(codes(alp(1, 3), 3)).toEqual([]);
  });

  it('1 mg four times a day (4 mg, above 3 mg) warns, names the maximum and the elderly dose, needs a reason', () => {
    const w = entryWarnings(alp(1, 4), 4, null, []);
    expect(w.map((x) => x.code)).toEqual(['ABOVE_MAX_DAILY_DOSE']);
    expect(w[0]!.message).toBe(
      '4 mg in 24 hours is above the maximum daily dose of alprazolam (anxiety, 250-500 micrograms three times ' +
        'a day, max 3 mg daily; elderly or debilitated 250 micrograms 2-3 times a day).',
    );
    expect(w[0]!.source).toMatch(
      /^BNF alprazolam monograph .*\(Medicine entry warnings \(UK adult maximum doses\) v1\.2\.0\)$/,
    );
  });

  it('10 mg three times a day (30 mg = 10 × 3 mg) is refused beside the dose; 29.5 mg is a warning only', () => {
    expect(Object.keys(impossibleDoseRefusals(alp(10, 3), 30))).toEqual(['doseMg']);
    expect(impossibleDoseRefusals(alp(10, 3), 30).doseMg).toMatch(
      /^30 mg of alprazolam in 24 hours is 10 times/,
    );
    expect(impossibleDoseRefusals(alp(9.5, 3), 28.5)).toEqual({});
  });
});
