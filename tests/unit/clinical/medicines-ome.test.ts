import { describe, it, expect } from 'vitest';
import {
  calculateOme,
  CDC_2022,
  dailyDoseMg,
  opioidDoseFromEntry,
  OPIOIDS_AWARE_2020,
  validateOmeRuleSet,
} from '../../../shared/clinical/medicines/index';
import type { OmeRuleSet, OpioidDose } from '../../../shared/clinical/medicines/index';
import { expectClinicalError } from '../../helpers/clinical';

describe('calculateOme: UK Opioids Aware (Aug 2020) oral factors', () => {
  // Expected values worked by hand from FPM Opioids Aware (Aug 2020), dose equivalents: OME = mg/24h × factor.
  const rows: { drug: string; mgPer24h: number; factor: number; ome: number; working: string }[] = [
    { drug: 'codeine', mgPer24h: 240, factor: 0.1, ome: 24, working: '240 × 0.1 = 24' },
    { drug: 'dihydrocodeine', mgPer24h: 120, factor: 0.1, ome: 12, working: '120 × 0.1 = 12' },
    { drug: 'hydromorphone', mgPer24h: 16, factor: 5, ome: 80, working: '16 × 5 = 80' },
    { drug: 'morphine', mgPer24h: 30, factor: 1, ome: 30, working: '30 × 1 = 30' },
    { drug: 'oxycodone', mgPer24h: 40, factor: 1.5, ome: 60, working: '40 × 1.5 = 60' },
    { drug: 'tapentadol', mgPer24h: 200, factor: 0.4, ome: 80, working: '200 × 0.4 = 80' },
    { drug: 'tramadol', mgPer24h: 400, factor: 0.1, ome: 40, working: '400 × 0.1 = 40' },
  ];

  it.each(rows)('$drug oral $mgPer24h mg/24h: $working mg OME', ({ drug, mgPer24h, factor, ome }) => {
    const result = calculateOme([{ drug, route: 'oral', mgPer24h }]);
    expect(result.totalMgPer24h).toBe(ome);
    expect(result.complete).toBe(true);
    expect(result.estimated).toBe(false);
    expect(result.items).toHaveLength(1);
    expect(result.items[0]).toMatchObject({
      drug,
      route: 'oral',
      omeMgPer24h: ome,
      factor,
      status: 'counted',
    });
    expect(result.items[0]?.reason).toBeUndefined();
  });

  it('covers every oral row of the shipped UK table (and nothing else)', () => {
    expect(OPIOIDS_AWARE_2020.factors.map((f) => `${f.drug} ${f.route} ${f.factor}`).sort()).toEqual(
      rows.map((r) => `${r.drug} oral ${r.factor}`).sort(),
    );
  });

  it('explains the arithmetic', () => {
    // 2 × 20 mg oxycodone MR = 40 mg/24h; × 1.5 = 60 mg OME
    const result = calculateOme([{ drug: 'oxycodone', route: 'oral', mgPer24h: 40 }]);
    expect(result.items[0]?.explanation).toBe('oxycodone oral 40 mg/24h × 1.5 = 60 mg OME');
  });

  it('removes floating-point noise: codeine 30 mg × 0.1 = 3 exactly; tramadol 900 × 0.1 = 90 exactly', () => {
    expect(calculateOme([{ drug: 'codeine', route: 'oral', mgPer24h: 30 }]).totalMgPer24h).toBe(3);
    expect(calculateOme([{ drug: 'tramadol', route: 'oral', mgPer24h: 900 }]).totalMgPer24h).toBe(90);
  });

  it('accepts a capitalised or padded drug name', () => {
    const result = calculateOme([{ drug: ' Oxycodone ', route: 'oral', mgPer24h: 10 }]);
    // 10 × 1.5 = 15
    expect(result.totalMgPer24h).toBe(15);
    expect(result.items[0]?.drug).toBe('oxycodone');
  });

  it('records the rule set that produced the result', () => {
    const result = calculateOme([]);
    expect(result.ruleSet).toEqual({
      id: 'opioids-aware-2020',
      name: OPIOIDS_AWARE_2020.meta.name,
      version: OPIOIDS_AWARE_2020.meta.version,
    });
  });

  it('gives 0, complete and not estimated for no opioids', () => {
    const result = calculateOme([]);
    expect(result).toMatchObject({
      totalMgPer24h: 0,
      complete: true,
      estimated: false,
      items: [],
      cautions: [],
    });
  });

  it('adds several oral opioids (worked example)', () => {
    // oxycodone MR 20 mg twice a day = 40 mg/24h × 1.5 = 60
    // morphine oral solution PRN 10 mg up to 4 times a day = 40 mg/24h × 1 = 40
    // codeine (co-codamol 30/500) 2 tablets 4 times a day = 240 mg/24h × 0.1 = 24
    // total 60 + 40 + 24 = 124 mg OME/24h
    const result = calculateOme([
      { drug: 'oxycodone', route: 'oral', mgPer24h: 40 },
      { drug: 'morphine', route: 'oral', mgPer24h: 40 },
      { drug: 'codeine', route: 'oral', mgPer24h: 240 },
    ]);
    expect(result.totalMgPer24h).toBe(124);
    expect(result.items.map((i) => i.omeMgPer24h)).toEqual([60, 40, 24]);
  });
});

describe('calculateOme: patches by lookup table', () => {
  // FPM Opioids Aware (Aug 2020) transdermal rows (buprenorphine 15 from West Midlands palliative care guidance).
  const rows: { drug: string; mcgPerHour: number; ome: number }[] = [
    { drug: 'buprenorphine', mcgPerHour: 5, ome: 12 },
    { drug: 'buprenorphine', mcgPerHour: 10, ome: 24 },
    { drug: 'buprenorphine', mcgPerHour: 15, ome: 36 },
    { drug: 'buprenorphine', mcgPerHour: 20, ome: 48 },
    { drug: 'buprenorphine', mcgPerHour: 35, ome: 84 },
    { drug: 'buprenorphine', mcgPerHour: 52.5, ome: 126 },
    { drug: 'buprenorphine', mcgPerHour: 70, ome: 168 },
    { drug: 'fentanyl', mcgPerHour: 12, ome: 30 },
    { drug: 'fentanyl', mcgPerHour: 25, ome: 60 },
    { drug: 'fentanyl', mcgPerHour: 50, ome: 120 },
    { drug: 'fentanyl', mcgPerHour: 75, ome: 180 },
    { drug: 'fentanyl', mcgPerHour: 100, ome: 240 },
  ];

  it.each(rows)(
    '$drug $mcgPerHour micrograms/hour = $ome mg OME (table row)',
    ({ drug, mcgPerHour, ome }) => {
      const result = calculateOme([{ drug, route: 'transdermal', mcgPerHour }]);
      expect(result.totalMgPer24h).toBe(ome);
      expect(result.complete).toBe(true);
      expect(result.estimated).toBe(false);
      expect(result.items[0]).toMatchObject({
        drug,
        route: 'transdermal',
        omeMgPer24h: ome,
        status: 'counted',
      });
    },
  );

  it('covers every patch row shipped in the UK table', () => {
    const shipped = OPIOIDS_AWARE_2020.patches.flatMap((p) =>
      p.table.map((r) => `${p.drug} ${r.mcgPerHour} ${r.omeMgPer24h}`),
    );
    expect(shipped.sort()).toEqual(rows.map((r) => `${r.drug} ${r.mcgPerHour} ${r.ome}`).sort());
  });

  it('uses the table, not 2.4, for fentanyl 12 micrograms/hour (30, not 28.8)', () => {
    const result = calculateOme([{ drug: 'fentanyl', route: 'transdermal', mcgPerHour: 12 }]);
    expect(result.totalMgPer24h).toBe(30);
    expect(result.items[0]?.explanation).toContain('table row 12 micrograms/hour = 30 mg OME');
  });

  it.each([
    // unlisted strengths: strength × 2.4
    { drug: 'fentanyl', mcgPerHour: 37.5, ome: 90, working: '37.5 × 2.4 = 90' },
    { drug: 'fentanyl', mcgPerHour: 12.5, ome: 30, working: '12.5 × 2.4 = 30' },
    { drug: 'fentanyl', mcgPerHour: 62.5, ome: 150, working: '62.5 × 2.4 = 150' },
    { drug: 'buprenorphine', mcgPerHour: 25, ome: 60, working: '25 × 2.4 = 60' },
    { drug: 'buprenorphine', mcgPerHour: 7.5, ome: 18, working: '7.5 × 2.4 = 18' },
  ])('unlisted $drug $mcgPerHour micrograms/hour: $working', ({ drug, mcgPerHour, ome }) => {
    const result = calculateOme([{ drug, route: 'transdermal', mcgPerHour }]);
    expect(result.totalMgPer24h).toBe(ome);
    expect(result.items[0]?.factor).toBe(2.4);
    expect(result.complete).toBe(true);
  });

  it.each([
    // several patches of one drug: add the strengths, then convert
    { drug: 'fentanyl', strengths: [25, 50], ome: 180, working: '25 + 50 = 75 → table row 180' },
    {
      // Issue 13: the 12 patch delivers 12.5 (FPM row 12 → 30 = 12.5 × 2.4), so two 12s are 25 → 60 = 30 + 30.
      drug: 'fentanyl',
      strengths: [12, 12],
      ome: 60,
      delivered: 25,
      working: '12 + 12 = 12.5 + 12.5 = 25 → table row 60 (= 30 + 30)',
    },
    { drug: 'fentanyl', strengths: [100, 100, 50], ome: 600, working: '100 + 100 + 50 = 250 × 2.4 = 600' },
    { drug: 'buprenorphine', strengths: [5, 10], ome: 36, working: '5 + 10 = 15 → table row 36' },
    { drug: 'buprenorphine', strengths: [20, 20], ome: 96, working: '20 + 20 = 40 (unlisted) × 2.4 = 96' },
  ])('$drug patches $strengths: $working', ({ drug, strengths, ome, ...rest }) => {
    const result = calculateOme(strengths.map((mcgPerHour) => ({ drug, route: 'transdermal', mcgPerHour })));
    expect(result.totalMgPer24h).toBe(ome);
    expect(result.items).toHaveLength(1);
    expect(result.items[0]?.doseIndices).toEqual(strengths.map((_, i) => i));
    expect(result.items[0]?.input).toEqual({
      amount: 'delivered' in rest ? rest.delivered : strengths.reduce((a, b) => a + b, 0),
      unit: 'mcg/h',
    });
  });

  // Issue 13: "12 + 25 mcg/h fentanyl totalled as 88.8 (no high-dose flag) although each line shows 30 and 60".
  // FPM Opioids Aware (Aug 2020): 12 → 30, 25 → 60; the 12 patch delivers 12.5 micrograms/hour, so
  // 12.5 + 25 = 37.5 × 2.4 = 90 = 30 + 60, at the 90 mg high-dose threshold.
  it('totals fentanyl 12 + 25 micrograms/hour as 90 (30 + 60), on two lines or one', () => {
    const twoLines = calculateOme([
      { drug: 'fentanyl', route: 'transdermal', mcgPerHour: 12 },
      { drug: 'fentanyl', route: 'transdermal', mcgPerHour: 25 },
    ]);
    expect(twoLines.totalMgPer24h).toBe(90);
    expect(twoLines.items[0]?.explanation).toBe(
      'fentanyl transdermal patches 12 (delivers 12.5) + 25 = 37.5 micrograms/hour (not a listed strength) × 2.4 = 90 mg OME',
    );
    // One line recorded as 37 (25 + 12) or as 37.5: the same patches, the same 90.
    for (const mcgPerHour of [37, 37.5]) {
      expect(calculateOme([{ drug: 'fentanyl', route: 'transdermal', mcgPerHour }]).totalMgPer24h).toBe(90);
    }
    // 87.5 (75 + 12) = 180 + 30 = 210.
    expect(calculateOme([{ drug: 'fentanyl', route: 'transdermal', mcgPerHour: 87.5 }]).totalMgPer24h).toBe(
      210,
    );
  });

  it('keeps patches of different drugs apart and in input order', () => {
    // fentanyl 25 → 60; oxycodone 20 × 1.5 = 30; buprenorphine 10 → 24; fentanyl 50 added to the first
    // fentanyl: 25 + 50 = 75 → 180. Total 180 + 30 + 24 = 234.
    const result = calculateOme([
      { drug: 'fentanyl', route: 'transdermal', mcgPerHour: 25 },
      { drug: 'oxycodone', route: 'oral', mgPer24h: 20 },
      { drug: 'buprenorphine', route: 'transdermal', mcgPerHour: 10 },
      { drug: 'fentanyl', route: 'transdermal', mcgPerHour: 50 },
    ]);
    expect(result.items.map((i) => [i.drug, i.omeMgPer24h, i.doseIndices])).toEqual([
      ['fentanyl', 180, [0, 3]],
      ['oxycodone', 30, [1]],
      ['buprenorphine', 24, [2]],
    ]);
    expect(result.totalMgPer24h).toBe(234);
    expect(result.items[0]?.explanation).toBe(
      'fentanyl transdermal patches 25 + 50 = 75 micrograms/hour: table row 75 micrograms/hour = 180 mg OME',
    );
  });
});

describe('calculateOme: parenteral routes are estimated', () => {
  const rows: { drug: string; route: OpioidDose['route']; mgPer24h: number; ome: number; working: string }[] =
    [
      { drug: 'morphine', route: 'subcutaneous', mgPer24h: 20, ome: 40, working: '20 × 2 = 40' },
      { drug: 'morphine', route: 'intravenous', mgPer24h: 10, ome: 20, working: '10 × 2 = 20' },
      { drug: 'diamorphine', route: 'subcutaneous', mgPer24h: 10, ome: 30, working: '10 × 3 = 30' },
      { drug: 'oxycodone', route: 'subcutaneous', mgPer24h: 10, ome: 30, working: '10 × 3 = 30' },
      { drug: 'oxycodone', route: 'intravenous', mgPer24h: 20, ome: 60, working: '20 × 3 = 60' },
      { drug: 'alfentanil', route: 'subcutaneous', mgPer24h: 1, ome: 30, working: '1 × 30 = 30' },
      {
        drug: 'fentanyl',
        route: 'subcutaneous',
        mgPer24h: 0.6,
        ome: 90,
        working: '0.6 mg = 600 micrograms × 0.15 = 90',
      },
    ];

  it.each(rows)('$drug $route $mgPer24h mg/24h: $working (estimated)', ({ drug, route, mgPer24h, ome }) => {
    const result = calculateOme([{ drug, route, mgPer24h }]);
    expect(result.totalMgPer24h).toBe(ome);
    expect(result.estimated).toBe(true);
    expect(result.complete).toBe(true);
    expect(result.estimatedItems).toEqual([`${drug} ${route}`]);
    expect(result.items[0]?.status).toBe('estimated');
    expect(result.items[0]?.reason).toContain(`${drug} ${route}`);
    expect(result.cautions).toEqual([`Includes an estimated conversion: ${drug} ${route}.`]);
  });

  it('ships exactly the parenteral factors decided (and no others)', () => {
    expect(
      OPIOIDS_AWARE_2020.lowConfidenceFactors.map((f) => `${f.drug} ${f.route} ${f.factor} ${f.unit}`).sort(),
    ).toEqual(
      [
        'alfentanil subcutaneous 30 per-mg',
        'diamorphine subcutaneous 3 per-mg',
        'fentanyl subcutaneous 0.15 per-mcg',
        'morphine intravenous 2 per-mg',
        'morphine subcutaneous 2 per-mg',
        'oxycodone intravenous 3 per-mg',
        'oxycodone subcutaneous 3 per-mg',
      ].sort(),
    );
  });

  it('adds an estimated item into the total and names it', () => {
    // morphine MR 30 mg twice a day = 60 × 1 = 60; oxycodone SC 10 mg/24h × 3 = 30 (estimated). Total 90.
    const result = calculateOme([
      { drug: 'morphine', route: 'oral', mgPer24h: 60 },
      { drug: 'oxycodone', route: 'subcutaneous', mgPer24h: 10 },
    ]);
    expect(result.totalMgPer24h).toBe(90);
    expect(result.estimated).toBe(true);
    expect(result.estimatedItems).toEqual(['oxycodone subcutaneous']);
    expect(result.items[1]?.explanation).toBe('oxycodone subcutaneous 10 mg/24h × 3 = 30 mg OME (estimated)');
  });
});

describe('calculateOme: never totalled', () => {
  const rows: { drug: string; route: OpioidDose['route']; dose: Partial<OpioidDose>; name: string }[] = [
    { drug: 'methadone', route: 'oral', dose: { mgPer24h: 30 }, name: 'methadone oral' },
    { drug: 'methadone', route: 'subcutaneous', dose: { mgPer24h: 10 }, name: 'methadone subcutaneous' },
    { drug: 'buprenorphine', route: 'sublingual', dose: { mgPer24h: 0.8 }, name: 'buprenorphine sublingual' },
    { drug: 'buprenorphine', route: 'buccal', dose: { mgPer24h: 0.4 }, name: 'buprenorphine buccal' },
    { drug: 'fentanyl', route: 'buccal', dose: { mgPer24h: 0.4 }, name: 'fentanyl buccal' },
    { drug: 'fentanyl', route: 'sublingual', dose: { mgPer24h: 0.2 }, name: 'fentanyl sublingual' },
    { drug: 'fentanyl', route: 'intranasal', dose: { mgPer24h: 0.2 }, name: 'fentanyl intranasal' },
    // no factor in the UK rule set
    { drug: 'pethidine', route: 'oral', dose: { mgPer24h: 200 }, name: 'pethidine oral' },
    {
      drug: 'hydromorphone',
      route: 'subcutaneous',
      dose: { mgPer24h: 4 },
      name: 'hydromorphone subcutaneous',
    },
    { drug: 'diamorphine', route: 'intravenous', dose: { mgPer24h: 10 }, name: 'diamorphine intravenous' },
    { drug: 'oxymorphone', route: 'oral', dose: { mgPer24h: 20 }, name: 'oxymorphone oral' },
    { drug: 'morphine', route: 'transdermal', dose: { mcgPerHour: 10 }, name: 'morphine transdermal' },
  ];

  it.each(rows)('$name: not totalled, total incomplete and named', ({ drug, route, dose, name }) => {
    // morphine oral 30 mg/24h × 1 = 30 alongside, so the total is 30 and incomplete.
    const result = calculateOme([
      { drug: 'morphine', route: 'oral', mgPer24h: 30 },
      { drug, route, ...dose },
    ]);
    expect(result.totalMgPer24h).toBe(30);
    expect(result.complete).toBe(false);
    expect(result.estimated).toBe(false);
    expect(result.excluded).toEqual([name]);
    expect(result.items[1]).toMatchObject({ omeMgPer24h: null, factor: null, status: 'not-totalled' });
    expect(result.items[1]?.reason).toEqual(expect.any(String));
    expect(result.cautions).toEqual([`Incomplete total: not included: ${name}.`]);
  });

  it('says methadone needs specialist conversion', () => {
    const result = calculateOme([{ drug: 'methadone', route: 'oral', mgPer24h: 30 }]);
    expect(result.items[0]?.reason).toMatch(/specialist/);
    expect(result.totalMgPer24h).toBe(0);
  });

  it('can be both estimated and incomplete', () => {
    // morphine SC 20 × 2 = 40 (estimated) + methadone (not totalled) = 40, incomplete
    const result = calculateOme([
      { drug: 'morphine', route: 'subcutaneous', mgPer24h: 20 },
      { drug: 'methadone', route: 'oral', mgPer24h: 40 },
    ]);
    expect(result).toMatchObject({ totalMgPer24h: 40, complete: false, estimated: true });
    expect(result.cautions).toHaveLength(2);
  });
});

describe('calculateOme: CDC 2022 comparison rule set', () => {
  it.each([
    { drug: 'tramadol', mgPer24h: 400, ome: 80, working: '400 × 0.2 = 80 (UK gives 40)' },
    { drug: 'codeine', mgPer24h: 240, ome: 36, working: '240 × 0.15 = 36 (UK gives 24)' },
    { drug: 'methadone', mgPer24h: 30, ome: 141, working: '30 × 4.7 = 141 (UK: not totalled)' },
    { drug: 'oxycodone', mgPer24h: 40, ome: 60, working: '40 × 1.5 = 60' },
  ])('$drug: $working', ({ drug, mgPer24h, ome }) => {
    const result = calculateOme([{ drug, route: 'oral', mgPer24h }], CDC_2022);
    expect(result.totalMgPer24h).toBe(ome);
    expect(result.ruleSet.id).toBe('cdc-2022-comparison');
  });

  it('converts fentanyl patches by 2.4 without the UK 12 → 30 row (12 × 2.4 = 28.8)', () => {
    expect(
      calculateOme([{ drug: 'fentanyl', route: 'transdermal', mcgPerHour: 12 }], CDC_2022).totalMgPer24h,
    ).toBe(28.8);
  });

  it('excludes buprenorphine and dihydrocodeine', () => {
    const result = calculateOme(
      [
        { drug: 'buprenorphine', route: 'transdermal', mcgPerHour: 10 },
        { drug: 'dihydrocodeine', route: 'oral', mgPer24h: 120 },
      ],
      CDC_2022,
    );
    expect(result.complete).toBe(false);
    expect(result.excluded).toEqual(['buprenorphine transdermal', 'dihydrocodeine oral']);
  });

  it('is a separate result: the UK total for the same doses is unchanged', () => {
    const doses: OpioidDose[] = [{ drug: 'tramadol', route: 'oral', mgPer24h: 400 }];
    expect(calculateOme(doses).totalMgPer24h).toBe(40);
    expect(calculateOme(doses, CDC_2022).totalMgPer24h).toBe(80);
  });
});

describe('calculateOme: configurable rule sets', () => {
  it('uses an edited rule set (e.g. oxycodone 2): 40 × 2 = 80', () => {
    const edited: OmeRuleSet = {
      ...OPIOIDS_AWARE_2020,
      meta: { ...OPIOIDS_AWARE_2020.meta, id: 'local-oxy-2', version: '2.0.0' },
      factors: OPIOIDS_AWARE_2020.factors.map((f) => (f.drug === 'oxycodone' ? { ...f, factor: 2 } : f)),
    };
    const result = calculateOme([{ drug: 'oxycodone', route: 'oral', mgPer24h: 40 }], edited);
    expect(result.totalMgPer24h).toBe(80);
    expect(result.ruleSet).toMatchObject({ id: 'local-oxy-2', version: '2.0.0' });
  });

  it('validates the shipped rule sets', () => {
    expect(validateOmeRuleSet(OPIOIDS_AWARE_2020)).toBe(OPIOIDS_AWARE_2020);
    expect(validateOmeRuleSet(CDC_2022)).toBe(CDC_2022);
  });

  it.each([
    {
      name: 'a zero factor',
      ruleSet: { ...OPIOIDS_AWARE_2020, factors: [{ ...OPIOIDS_AWARE_2020.factors[0]!, factor: 0 }] },
    },
    {
      name: 'a duplicated drug/route',
      ruleSet: {
        ...OPIOIDS_AWARE_2020,
        factors: [OPIOIDS_AWARE_2020.factors[0]!, OPIOIDS_AWARE_2020.factors[0]!],
      },
    },
    {
      name: 'a transdermal factor row',
      ruleSet: {
        ...OPIOIDS_AWARE_2020,
        factors: [
          {
            drug: 'fentanyl',
            route: 'transdermal' as const,
            factor: 2.4,
            unit: 'per-mg' as const,
            source: 'x',
          },
        ],
      },
    },
    {
      name: 'no version',
      ruleSet: { ...OPIOIDS_AWARE_2020, meta: { ...OPIOIDS_AWARE_2020.meta, version: '' } },
    },
  ])('rejects a rule set with $name', ({ ruleSet }) => {
    expectClinicalError(() => calculateOme([], ruleSet), 'INVALID_INPUT');
  });
});

describe('calculateOme: invalid input', () => {
  it.each([
    {
      name: 'unknown route',
      dose: { drug: 'morphine', route: 'rectal', mgPer24h: 10 },
      code: 'INVALID_ROUTE',
    },
    { name: 'missing route', dose: { drug: 'morphine', mgPer24h: 10 }, code: 'INVALID_ROUTE' },
    { name: 'negative dose', dose: { drug: 'morphine', route: 'oral', mgPer24h: -1 }, code: 'INVALID_DOSE' },
    {
      name: 'NaN dose',
      dose: { drug: 'morphine', route: 'oral', mgPer24h: Number.NaN },
      code: 'INVALID_DOSE',
    },
    {
      name: 'infinite dose',
      dose: { drug: 'morphine', route: 'oral', mgPer24h: Number.POSITIVE_INFINITY },
      code: 'INVALID_DOSE',
    },
    { name: 'string dose', dose: { drug: 'morphine', route: 'oral', mgPer24h: '10' }, code: 'INVALID_DOSE' },
    { name: 'oral without mgPer24h', dose: { drug: 'morphine', route: 'oral' }, code: 'INVALID_DOSE' },
    {
      name: 'oral given as mcgPerHour',
      dose: { drug: 'morphine', route: 'oral', mcgPerHour: 10 },
      code: 'INVALID_DOSE',
    },
    {
      name: 'patch without mcgPerHour',
      dose: { drug: 'fentanyl', route: 'transdermal' },
      code: 'INVALID_DOSE',
    },
    {
      name: 'patch given as mgPer24h',
      dose: { drug: 'fentanyl', route: 'transdermal', mgPer24h: 1 },
      code: 'INVALID_DOSE',
    },
    {
      name: 'negative patch',
      dose: { drug: 'fentanyl', route: 'transdermal', mcgPerHour: -12 },
      code: 'INVALID_DOSE',
    },
    { name: 'empty drug name', dose: { drug: ' ', route: 'oral', mgPer24h: 10 }, code: 'INVALID_INPUT' },
  ])('throws for $name', ({ dose, code }) => {
    expectClinicalError(() => calculateOme([dose as unknown as OpioidDose]), code);
  });

  it('names the field that was wrong', () => {
    try {
      calculateOme([
        { drug: 'morphine', route: 'oral', mgPer24h: 10 },
        { drug: 'oxycodone', route: 'oral', mgPer24h: -5 },
      ]);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({
        name: 'ClinicalInputError',
        code: 'INVALID_DOSE',
        field: 'doses.1.mgPer24h',
      });
      expect((error as Error).message).toMatch(/oxycodone.*negative/);
    }
  });

  it('throws when the list is not a list', () => {
    expectClinicalError(() => calculateOme(null as unknown as OpioidDose[]), 'INVALID_INPUT');
  });
});

describe('dailyDoseMg and opioidDoseFromEntry', () => {
  it('regular: dose × times a day (oxycodone MR 20 mg twice a day = 40 mg/24h)', () => {
    expect(dailyDoseMg({ doseMg: 20, timesPerDay: 2 })).toMatchObject({
      kind: 'mg-per-24h',
      mgPer24h: 40,
      basis: 'regular',
    });
  });

  it('regular with a fractional strength: hydromorphone 1.3 mg × 4 = 5.2 mg/24h', () => {
    expect(dailyDoseMg({ doseMg: 1.3, timesPerDay: 4 })).toMatchObject({ mgPer24h: 5.2 });
  });

  it('PRN counts at the prescribed maximum per 24 h', () => {
    expect(dailyDoseMg({ prn: true, prnMaxMgPer24h: 60 })).toMatchObject({
      mgPer24h: 60,
      basis: 'prn-maximum',
    });
    // 5 mg up to 6 times a day = 30 mg/24h maximum
    expect(dailyDoseMg({ prn: true, doseMg: 5, timesPerDay: 6 })).toMatchObject({
      mgPer24h: 30,
      basis: 'prn-maximum',
    });
  });

  it('PRN: an explicit maximum wins over dose × times', () => {
    expect(dailyDoseMg({ prn: true, doseMg: 5, timesPerDay: 6, prnMaxMgPer24h: 20 })).toMatchObject({
      mgPer24h: 20,
    });
  });

  it('PRN: a recorded taken amount wins over the maximum (including 0)', () => {
    expect(dailyDoseMg({ prn: true, prnMaxMgPer24h: 60, takenMgPer24h: 15 })).toMatchObject({
      mgPer24h: 15,
      basis: 'prn-taken',
    });
    expect(dailyDoseMg({ prn: true, doseMg: 10, timesPerDay: 4, takenMgPer24h: 0 })).toMatchObject({
      mgPer24h: 0,
      basis: 'prn-taken',
    });
    expect(dailyDoseMg({ prn: true, takenMgPer24h: 10 })).toMatchObject({ mgPer24h: 10, basis: 'prn-taken' });
  });

  it('patch: the strength, whatever the change interval', () => {
    expect(dailyDoseMg({ patchMcgPerHour: 25, patchChangeEveryDays: 3 })).toMatchObject({
      kind: 'patch',
      mcgPerHour: 25,
    });
    expect(dailyDoseMg({ patchMcgPerHour: 10, patchChangeEveryDays: 7 })).toMatchObject({ mcgPerHour: 10 });
  });

  it('feeds calculateOme (worked example with PRN)', () => {
    // oxycodone MR 20 mg × 2 = 40 mg × 1.5 = 60
    // oxycodone IR PRN 5 mg up to 4 a day = 20 mg × 1.5 = 30 (no taken amount recorded → maximum)
    // fentanyl patch 25 micrograms/hour every 3 days → 60
    // total 60 + 30 + 60 = 150
    const doses = [
      opioidDoseFromEntry('oxycodone', 'oral', { doseMg: 20, timesPerDay: 2 }),
      opioidDoseFromEntry('oxycodone', 'oral', { prn: true, doseMg: 5, timesPerDay: 4 }),
      opioidDoseFromEntry('fentanyl', 'transdermal', { patchMcgPerHour: 25, patchChangeEveryDays: 3 }),
    ];
    expect(doses[2]).toEqual({ drug: 'fentanyl', route: 'transdermal', mcgPerHour: 25 });
    expect(calculateOme(doses).totalMgPer24h).toBe(150);
  });

  it.each([
    { name: 'PRN without a maximum or taken amount', entry: { prn: true, doseMg: 5 } },
    { name: 'regular without times a day', entry: { doseMg: 10 } },
    { name: 'regular without a dose', entry: { timesPerDay: 2 } },
    { name: 'a taken amount on a regular dose', entry: { doseMg: 10, timesPerDay: 2, takenMgPer24h: 5 } },
    { name: 'a PRN maximum on a regular dose', entry: { doseMg: 10, timesPerDay: 2, prnMaxMgPer24h: 40 } },
    { name: 'a negative dose', entry: { doseMg: -10, timesPerDay: 2 } },
    { name: 'a NaN frequency', entry: { doseMg: 10, timesPerDay: Number.NaN } },
    { name: 'a negative taken amount', entry: { prn: true, prnMaxMgPer24h: 40, takenMgPer24h: -1 } },
    { name: 'a patch with a tablet dose', entry: { patchMcgPerHour: 25, doseMg: 10 } },
    { name: 'a zero-day patch interval', entry: { patchMcgPerHour: 25, patchChangeEveryDays: 0 } },
    { name: 'an interval without a patch', entry: { patchChangeEveryDays: 3 } },
  ])('throws for $name', ({ entry }) => {
    expectClinicalError(() => dailyDoseMg(entry), 'INVALID_DOSE');
  });

  it('refuses a patch strength on a non-patch route and the other way round', () => {
    expectClinicalError(
      () => opioidDoseFromEntry('fentanyl', 'oral', { patchMcgPerHour: 25 }),
      'INVALID_DOSE',
    );
    expectClinicalError(
      () => opioidDoseFromEntry('fentanyl', 'transdermal', { doseMg: 1, timesPerDay: 1 }),
      'INVALID_DOSE',
    );
  });
});
