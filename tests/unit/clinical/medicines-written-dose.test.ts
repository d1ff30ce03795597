import { describe, expect, it } from 'vitest';
import { FORMULARY, FORMULARY_META } from '../../../shared/clinical/medicines/formulary';
import {
  parseFrequency,
  productLines,
  searchProducts,
  writtenDose,
  type ProductLine,
} from '../../../shared/clinical/medicines/written-dose';

/**
 * Issue 13, "Entering medicines as clinicians write them". Expected values worked out by hand from the product
 * strengths (UK SPCs / BNF medicinal forms) and the usual prescription abbreviations (od 1, bd 2, tds 3,
 * qds 4 a day; nocte at night).
 */
const lines = productLines(FORMULARY);
const line = (id: string): ProductLine => {
  const l = lines.find((x) => x.id === id);
  if (!l) throw new Error(`no product ${id}`);
  return l;
};

describe('type-ahead by generic and UK brand name', () => {
  it.each([
    ['OxyContin', 'oxycodone-mr-tablet~OxyContin'],
    ['zomorph', 'morphine-mr-capsule~Zomorph'],
    ['Butec', 'buprenorphine-7-day-patch~Butec'],
    ['oramorph', 'morphine-oral-solution-2mg-ml~Oramorph'],
    ['Targinact', 'oxycodone-naloxone-mr-tablet~Targinact'],
    ['co codamol', 'co-codamol-tablet'],
    ['oxycodone', 'oxycodone-ir-capsule'],
  ])('%s finds %s', (query, id) => {
    expect(searchProducts(lines, query).map((l) => l.id)).toContain(id);
  });

  it('puts brands that start with the text first and needs two characters', () => {
    expect(searchProducts(lines, 'oxy')[0]!.brand).toMatch(/^Oxy/);
    expect(searchProducts(lines, 'contin')[0]!.brand).toBe('MST Continus');
    expect(searchProducts(lines, 'o')).toEqual([]);
  });

  it('lists the brand’s own strengths only (Targinact 5/2.5, 10/5, 20/10, 40/20: SPC)', () => {
    expect(line('oxycodone-naloxone-mr-tablet~Targinact').strengths.map((s) => s.label)).toEqual([
      '5/2.5',
      '10/5',
      '20/10',
      '40/20',
    ]);
    expect(line('co-codamol-tablet~Solpadol').strengths.map((s) => s.label)).toEqual(['30/500']);
  });

  it('the formulary carrying the brands is a new version with its source named', () => {
    expect(FORMULARY_META.version).toBe('1.0.8');
    expect(FORMULARY_META.source).toMatch(/brand names .* SPCs/);
    expect(FORMULARY_META.source).toMatch(/no dm\+d identifiers/);
  });
});

describe('frequency words', () => {
  it.each([
    ['od', 1, 'once a day'],
    ['BD', 2, 'twice a day'],
    ['tds', 3, 'three times a day'],
    ['qds', 4, 'four times a day'],
    ['nocte', 1, 'at night'],
    ['mane', 1, 'each morning'],
    ['every 6 hours', 4, 'every 6 hours'],
    ['q4h', 6, 'every 4 hours'],
  ])('%s is %i a day', (words, times, text) => {
    expect(parseFrequency(words)).toMatchObject({ timesPerDay: times, text });
  });

  it('reads patch intervals and refuses what it does not know', () => {
    expect(parseFrequency('every 3 days')).toMatchObject({ everyDays: 3 });
    expect(parseFrequency('every 72 hours')).toMatchObject({ everyDays: 3 });
    expect(parseFrequency('weekly')).toMatchObject({ everyDays: 7 });
    expect(parseFrequency('every 5 hours')).toMatchObject({ everyHours: 5 });
    expect(parseFrequency('every 5 hours')?.timesPerDay).toBeUndefined();
    expect(parseFrequency('sometimes')).toBeNull();
  });
});

describe('units × strength', () => {
  it('2 × 30/500 co-codamol qds: codeine 60 mg a dose (240 mg/day), paracetamol 1000 mg a dose (4000 mg/day)', () => {
    const r = writtenDose({
      line: line('co-codamol-tablet'),
      strength: '30/500',
      units: 2,
      doseKind: 'regular',
      frequency: 'qds',
    });
    if (!r.ok) throw new Error(r.message);
    expect(r.value.doseMg).toBe(60);
    expect(r.value.timesPerDay).toBe(4);
    expect(r.value.components).toEqual([
      { generic: 'codeine', perDose: 60, unit: 'mg', per24h: 240 },
      { generic: 'paracetamol', perDose: 1000, unit: 'mg', per24h: 4000 },
    ]);
  });

  it('one 25 micrograms/hour fentanyl patch every 3 days; a second patch on the same line is refused', () => {
    const r = writtenDose({
      line: line('fentanyl-72-hour-patch'),
      strength: '25 micrograms/hour',
      units: 1,
      doseKind: 'patch',
      frequency: 'every 3 days',
    });
    if (!r.ok) throw new Error(r.message);
    expect(r.value.patchMcgPerHour).toBe(25);
    expect(r.value.patchChangeEveryDays).toBe(3);
    const two = writtenDose({
      line: line('fentanyl-72-hour-patch'),
      strength: '25 micrograms/hour',
      units: 2,
      doseKind: 'patch',
      frequency: 'every 3 days',
    });
    expect(two).toMatchObject({ ok: false, field: 'units' });
  });

  it('5 mL of morphine 10 mg/5 mL is 10 mg; 2.5 mL of codeine 25 mg/5 mL is 12.5 mg', () => {
    const r = writtenDose({
      line: line('morphine-oral-solution-2mg-ml'),
      strength: '10 mg/5 mL (2 mg/mL)',
      units: 5,
      doseKind: 'prn',
      frequency: 'every 4 hours',
    });
    if (!r.ok) throw new Error(r.message);
    expect(r.value.doseMg).toBe(10);
    expect(r.value.everyHours).toBe(4);
    const c = writtenDose({
      line: line('codeine-oral-solution'),
      strength: '25 mg/5 mL (5 mg/mL)',
      units: 2.5,
      doseKind: 'regular',
      frequency: 'qds',
    });
    if (!c.ok) throw new Error(c.message);
    expect(c.value.doseMg).toBe(12.5);
  });

  it('micrograms: Abstral 100 micrograms × 2 = 200 micrograms = 0.2 mg', () => {
    const r = writtenDose({
      line: line('fentanyl-sublingual-tablet~Abstral'),
      strength: '100 micrograms',
      units: 2,
      doseKind: 'prn',
      frequency: '',
    });
    if (!r.ok) throw new Error(r.message);
    expect(r.value.components[0]).toMatchObject({ perDose: 200, unit: 'mcg' });
    expect(r.value.doseMg).toBe(0.2);
  });

  it('halves: a scored diazepam 2 mg tablet may be halved (1 mg); modified-release tablets and capsules may not', () => {
    expect(
      writtenDose({
        line: line('diazepam-tablet'),
        strength: '2 mg',
        units: 0.5,
        doseKind: 'regular',
        frequency: 'tds',
      }),
    ).toMatchObject({ ok: true, value: { doseMg: 1 } });
    expect(
      writtenDose({
        line: line('morphine-mr-tablet~MST Continus'),
        strength: '30 mg',
        units: 0.5,
        doseKind: 'regular',
        frequency: 'bd',
      }),
    ).toMatchObject({ ok: false, field: 'units' });
    expect(
      writtenDose({
        line: line('pregabalin-capsule~Lyrica'),
        strength: '75 mg',
        units: 1.5,
        doseKind: 'regular',
        frequency: 'bd',
      }),
    ).toMatchObject({ ok: false, field: 'units' });
  });

  it('a regular dose needs a frequency that divides the day', () => {
    expect(
      writtenDose({
        line: line('codeine-tablet'),
        strength: '30 mg',
        units: 1,
        doseKind: 'regular',
        frequency: 'every 5 hours',
      }),
    ).toMatchObject({ ok: false, field: 'frequency' });
  });
});
