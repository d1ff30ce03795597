import { describe, it, expect } from 'vitest';
import {
  calculateOme,
  combinationFlags,
  COMBINATION_FLAG_RULES,
  drugClassOf,
  FORMULARY,
  OME_THRESHOLDS,
  omeThresholdFlags,
  OPIOIDS_AWARE_2020,
  strengthsInMg,
  formularyEntriesFor,
} from '../../../shared/clinical/medicines/index';
import type { DrugClass, OmeThresholdRuleSet } from '../../../shared/clinical/medicines/index';
import { expectClinicalError } from '../../helpers/clinical';

describe('omeThresholdFlags (inclusive >=, 90 and 120 mg/24h)', () => {
  it.each([
    { total: 0, codes: [] },
    { total: 89.9, codes: [] },
    { total: 89.999, codes: [] },
    { total: 90, codes: ['OME_HIGH_DOSE'] },
    { total: 119.9, codes: ['OME_HIGH_DOSE'] },
    { total: 120, codes: ['OME_HIGH_DOSE', 'OME_HARM_RISES'] },
    { total: 300, codes: ['OME_HIGH_DOSE', 'OME_HARM_RISES'] },
  ])('$total mg OME/24h → $codes', ({ total, codes }) => {
    expect(omeThresholdFlags(total).map((f) => f.code)).toEqual(codes);
  });

  it('ships 90 "high dose, review" and 120 "harm rises without added benefit"', () => {
    expect(OME_THRESHOLDS.thresholds.map((t) => [t.code, t.mgPer24h, t.label])).toEqual([
      ['OME_HIGH_DOSE', 90, 'high dose, review'],
      ['OME_HARM_RISES', 120, 'harm rises without added benefit'],
    ]);
    expect(OME_THRESHOLDS.meta.version).toEqual(expect.any(String));
  });

  it('gives a readable message, a source and the rule set', () => {
    const [high, harm] = omeThresholdFlags(120);
    expect(high?.message).toBe(
      'Total opioid load 120.0 mg OME/24h is at or above 90 mg/24h: high dose, review.',
    );
    expect(harm?.message).toBe(
      'Total opioid load 120.0 mg OME/24h is at or above 120 mg/24h: harm rises without added benefit.',
    );
    expect(high?.source).toMatch(/90/);
    expect(harm?.source).toMatch(/120/);
    expect(high?.ruleSet).toEqual({
      id: OME_THRESHOLDS.meta.id,
      version: OME_THRESHOLDS.meta.version,
      name: 'UK OME thresholds (FPM Opioids Aware)',
    });
  });

  it('works on a computed total at the edge: tramadol 900 mg × 0.1 = 90 → high dose', () => {
    const total = calculateOme(
      [{ drug: 'tramadol', route: 'oral', mgPer24h: 900 }],
      OPIOIDS_AWARE_2020,
    ).totalMgPer24h;
    expect(omeThresholdFlags(total).map((f) => f.code)).toEqual(['OME_HIGH_DOSE']);
  });

  it('uses a configured threshold rule set', () => {
    const only120: OmeThresholdRuleSet = {
      meta: { ...OME_THRESHOLDS.meta, id: 'only-120', version: '2.0.0' },
      thresholds: OME_THRESHOLDS.thresholds.filter((t) => t.mgPer24h === 120),
    };
    expect(omeThresholdFlags(100, only120)).toEqual([]);
    expect(omeThresholdFlags(120, only120).map((f) => [f.code, f.ruleSet.id])).toEqual([
      ['OME_HARM_RISES', 'only-120'],
    ]);
  });

  it.each([{ total: -1 }, { total: Number.NaN }, { total: Number.POSITIVE_INFINITY }])(
    'throws for a total of $total',
    ({ total }) => {
      expectClinicalError(() => omeThresholdFlags(total), 'INVALID_DOSE');
    },
  );

  it('throws for a threshold that is not above 0', () => {
    const bad: OmeThresholdRuleSet = {
      meta: OME_THRESHOLDS.meta,
      thresholds: [{ code: 'X', mgPer24h: 0, label: 'x', source: 'x' }],
    };
    expectClinicalError(() => omeThresholdFlags(10, bad), 'INVALID_INPUT');
  });
});

describe('combinationFlags', () => {
  type Med = { drug: string; drugClass: DrugClass };
  const morphine: Med = { drug: 'morphine', drugClass: 'strong-opioid' };
  const oxycodone: Med = { drug: 'oxycodone', drugClass: 'strong-opioid' };
  const codeine: Med = { drug: 'codeine', drugClass: 'weak-opioid' };
  const tramadol: Med = { drug: 'tramadol', drugClass: 'weak-opioid' };
  const diazepam: Med = { drug: 'diazepam', drugClass: 'benzodiazepine-z-drug' };
  const zopiclone: Med = { drug: 'zopiclone', drugClass: 'benzodiazepine-z-drug' };
  const gabapentin: Med = { drug: 'gabapentin', drugClass: 'gabapentinoid' };
  const pregabalin: Med = { drug: 'pregabalin', drugClass: 'gabapentinoid' };
  const amitriptyline: Med = { drug: 'amitriptyline', drugClass: 'antidepressant' };
  const naproxen: Med = { drug: 'naproxen', drugClass: 'nsaid' };
  const paracetamol: Med = { drug: 'paracetamol', drugClass: 'other' };
  const lidocaine: Med = { drug: 'lidocaine', drugClass: 'topical' };

  it.each([
    {
      name: 'strong opioid + benzodiazepine',
      meds: [morphine, diazepam],
      codes: ['OPIOID_BENZODIAZEPINE_Z_DRUG'],
    },
    { name: 'weak opioid + Z-drug', meds: [codeine, zopiclone], codes: ['OPIOID_BENZODIAZEPINE_Z_DRUG'] },
    { name: 'opioid + gabapentin', meds: [tramadol, gabapentin], codes: ['OPIOID_GABAPENTINOID'] },
    { name: 'opioid + pregabalin', meds: [oxycodone, pregabalin], codes: ['OPIOID_GABAPENTINOID'] },
    { name: 'two opioids (one PRN)', meds: [morphine, oxycodone], codes: ['MULTIPLE_OPIOIDS'] },
    { name: 'strong + weak opioid', meds: [oxycodone, codeine], codes: ['MULTIPLE_OPIOIDS'] },
    { name: 'gabapentin + pregabalin', meds: [gabapentin, pregabalin], codes: ['GABAPENTIN_PREGABALIN'] },
    {
      name: 'opioid + gabapentinoid + benzodiazepine',
      meds: [morphine, pregabalin, diazepam],
      codes: ['OPIOID_BENZODIAZEPINE_Z_DRUG', 'OPIOID_GABAPENTINOID'],
    },
    {
      name: 'everything at once',
      meds: [morphine, codeine, gabapentin, pregabalin, zopiclone],
      codes: [
        'OPIOID_BENZODIAZEPINE_Z_DRUG',
        'OPIOID_GABAPENTINOID',
        'MULTIPLE_OPIOIDS',
        'GABAPENTIN_PREGABALIN',
      ],
    },
    // non-flags
    { name: 'nothing', meds: [], codes: [] },
    { name: 'one opioid alone', meds: [morphine], codes: [] },
    {
      name: 'opioid + antidepressant + NSAID + paracetamol + topical',
      meds: [morphine, amitriptyline, naproxen, paracetamol, lidocaine],
      codes: [],
    },
    { name: 'benzodiazepine + gabapentinoid without an opioid', meds: [diazepam, pregabalin], codes: [] },
    { name: 'two products of one opioid (MR + PRN morphine)', meds: [morphine, { ...morphine }], codes: [] },
    { name: 'two gabapentin products', meds: [gabapentin, { ...gabapentin }], codes: [] },
  ])('$name → $codes', ({ meds, codes }) => {
    expect(combinationFlags(meds).map((f) => f.code)).toEqual(codes);
  });

  it('names the medicines involved, with message, source and rule set', () => {
    const [flag] = combinationFlags([morphine, diazepam, paracetamol]);
    expect(flag?.drugs).toEqual(['morphine', 'diazepam']);
    expect(flag?.message).toMatch(/benzodiazepine or Z-drug/);
    expect(flag?.source).toMatch(/MHRA/);
    expect(flag?.ruleSet).toEqual({
      id: COMBINATION_FLAG_RULES.meta.id,
      version: COMBINATION_FLAG_RULES.meta.version,
      name: 'UK high-risk medicine combinations',
    });
  });

  it('every combination flag has a message and a source', () => {
    for (const rule of Object.values(COMBINATION_FLAG_RULES.rules)) {
      expect(rule.message.length).toBeGreaterThan(20);
      expect(rule.source.length).toBeGreaterThan(5);
    }
  });

  it('matches drug names case-insensitively', () => {
    const flags = combinationFlags([
      { drug: 'Gabapentin', drugClass: 'gabapentinoid' },
      { drug: 'PREGABALIN ', drugClass: 'gabapentinoid' },
    ]);
    expect(flags.map((f) => f.code)).toEqual(['GABAPENTIN_PREGABALIN']);
  });

  it.each([
    { name: 'an unknown class', items: [{ drug: 'morphine', drugClass: 'opioid' }] },
    { name: 'a missing name', items: [{ drug: '', drugClass: 'other' }] },
    { name: 'a missing item', items: [null] },
    { name: 'not a list', items: 'morphine' },
  ])('throws for $name', ({ items }) => {
    expectClinicalError(() => combinationFlags(items as unknown as Med[]), 'INVALID_INPUT');
  });
});

describe('FORMULARY', () => {
  it('has 40-120 entries (pain medicines, plus anticoagulants and antiplatelets for the interventions module, medicines the checks need and benzodiazepines for the diazepam switch) with unique ids and lower-case generic names', () => {
    expect(FORMULARY.length).toBeGreaterThanOrEqual(40);
    expect(FORMULARY.length).toBeLessThanOrEqual(120);
    expect(new Set(FORMULARY.map((e) => e.id)).size).toBe(FORMULARY.length);
    for (const entry of FORMULARY) {
      expect(entry.generic).toBe(entry.generic.trim().toLowerCase());
      expect(entry.strengths.length).toBeGreaterThan(0);
      for (const s of entry.strengths) expect(s.value).toBeGreaterThan(0);
    }
  });

  it.each([
    'morphine',
    'oxycodone',
    'tapentadol',
    'tramadol',
    'codeine',
    'dihydrocodeine',
    'buprenorphine',
    'fentanyl',
    'hydromorphone',
    'methadone',
    'gabapentin',
    'pregabalin',
    'diazepam',
    'lorazepam',
    'zopiclone',
    'zolpidem',
    'amitriptyline',
    'nortriptyline',
    'duloxetine',
    'naproxen',
    'ibuprofen',
    'lidocaine',
    'capsaicin',
    'paracetamol',
  ])('includes %s', (generic) => {
    expect(formularyEntriesFor(generic).length).toBeGreaterThan(0);
  });

  it('has immediate- and modified-release morphine and oxycodone', () => {
    for (const generic of ['morphine', 'oxycodone']) {
      const releases = formularyEntriesFor(generic).map((e) => e.release);
      expect(releases).toContain('immediate');
      expect(releases).toContain('modified');
    }
  });

  it('lists co-codamol and co-dydramol by their opioid component', () => {
    expect(FORMULARY.find((e) => e.id === 'co-codamol-tablet')).toMatchObject({
      generic: 'codeine',
      strengths: [
        { value: 8, unit: 'mg' },
        { value: 15, unit: 'mg' },
        { value: 30, unit: 'mg' },
      ],
      schedule: 'CD5',
    });
    expect(FORMULARY.find((e) => e.id === 'co-dydramol-tablet')?.generic).toBe('dihydrocodeine');
  });

  it.each([
    { generic: 'oxycodone', schedule: 'CD2' },
    { generic: 'tramadol', schedule: 'CD3' },
    { generic: 'buprenorphine', schedule: 'CD3' },
    { generic: 'gabapentin', schedule: 'CD3' },
    { generic: 'pregabalin', schedule: 'CD3' },
    { generic: 'diazepam', schedule: 'CD4-1' },
    { generic: 'zopiclone', schedule: 'CD4-1' },
    { generic: 'dihydrocodeine', schedule: 'CD5' },
    { generic: 'amitriptyline', schedule: 'POM' },
  ])('$generic is $schedule', ({ generic, schedule }) => {
    for (const entry of formularyEntriesFor(generic)) expect(entry.schedule).toBe(schedule);
  });

  it('every patch strength on the formulary is a row of the UK patch table', () => {
    for (const entry of FORMULARY.filter((e) => e.route === 'transdermal')) {
      const rule = OPIOIDS_AWARE_2020.patches.find((p) => p.drug === entry.generic);
      expect(rule, entry.id).toBeDefined();
      for (const s of entry.strengths) {
        expect(s.unit).toBe('mcg/h');
        expect(
          rule?.table.some((r) => r.mcgPerHour === s.value),
          `${entry.id} ${s.value}`,
        ).toBe(true);
      }
    }
  });

  it('every oral opioid on the formulary has a UK factor, except methadone and pethidine (not totalled)', () => {
    const oralOpioids = FORMULARY.filter(
      (e) => e.route === 'oral' && (e.drugClass === 'strong-opioid' || e.drugClass === 'weak-opioid'),
    );
    const withoutFactor = new Set(
      oralOpioids
        .filter((e) => !OPIOIDS_AWARE_2020.factors.some((f) => f.drug === e.generic && f.route === 'oral'))
        .map((e) => e.generic),
    );
    expect([...withoutFactor].sort()).toEqual(['methadone', 'pethidine']);
  });

  it('gives a drug class by generic name (systemic products first)', () => {
    expect(drugClassOf('ibuprofen')).toBe('nsaid');
    expect(drugClassOf('Pregabalin')).toBe('gabapentinoid');
    expect(drugClassOf('capsaicin')).toBe('topical');
    expect(drugClassOf('unknownium')).toBeUndefined();
  });

  it('gives solid-dose strengths in mg (micrograms converted)', () => {
    const sl = FORMULARY.find((e) => e.id === 'buprenorphine-sublingual-tablet');
    // 200 micrograms = 0.2 mg; 400 micrograms = 0.4 mg
    expect(sl && strengthsInMg(sl)).toEqual([0.2, 0.4]);
    const patch = FORMULARY.find((e) => e.id === 'fentanyl-72-hour-patch');
    expect(patch && strengthsInMg(patch)).toEqual([]);
  });
});

/**
 * Found on the stop 7 browser walk: the two-opioids flag's source read "Service rule set (Alongside combination
 * flags, product decision on medicines review)", developer words on a clinician's screen. Each source names a
 * published source or the service's clinical decisions (clinical lead).
 */
describe('combination flag sources read as a clinician would cite them', () => {
  it('no "product decision" or "Alongside" wording; the two-opioids flag names the clinical lead', () => {
    for (const r of Object.values(COMBINATION_FLAG_RULES.rules)) {
      expect(r.source).not.toMatch(/product decision|Alongside|Service rule set/);
    }
    expect(COMBINATION_FLAG_RULES.rules.MULTIPLE_OPIOIDS.source).toMatch(
      /the service’s clinical decisions \(clinical lead\)/i,
    );
    expect(COMBINATION_FLAG_RULES.meta.version).toBe('1.0.1');
  });
});
