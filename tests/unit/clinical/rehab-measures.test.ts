/**
 * Outcome measures: scoring, bands, subscales, missing-item rules, SWEMWBS conversion, EQ-5D-5L profile,
 * change thresholds, time points and invalid input. Expected values are worked out by hand from
 * each measure's published scoring guidance (and written in the comments), never by calling the code under test.
 */
import { describe, expect, it } from 'vitest';
import { ClinicalInputError } from '../../../shared/clinical/errors';
import {
  DEFAULT_TIME_POINTS,
  MEASURES,
  MEASURE_IDS,
  REHAB_MEASURES_RULE_SET,
  addMonths,
  meaningfulChange,
  measuresDue,
  paretianChange,
  psfsChange,
  scoreMeasure,
  swemwbsMetric,
  type MeasureId,
  type MeasureScore,
} from '../../../shared/clinical/rehab/index';
import { expectClinicalError } from '../../helpers/clinical';

/**
 * Test helper (not code under test): `n` whole-number answers between `min` and `max` that add up to `total`,
 * filled from the first item (e.g. spread(10, 9, 0, 3) = [3, 3, 3, 1, 0, 0, 0, 0, 0]).
 */
function spread(total: number, n: number, min: number, max: number): number[] {
  let left = total - n * min;
  if (left < 0 || left > n * (max - min)) throw new Error(`cannot spread ${total} over ${n} items`);
  return Array.from({ length: n }, () => {
    const add = Math.min(max - min, left);
    left -= add;
    return min + add;
  });
}

describe('PHQ-9', () => {
  it.each([
    { total: 0, band: 'minimal' },
    { total: 4, band: 'minimal' },
    { total: 5, band: 'mild' },
    { total: 9, band: 'mild' },
    { total: 10, band: 'moderate' },
    { total: 14, band: 'moderate' },
    { total: 15, band: 'moderately severe' },
    { total: 19, band: 'moderately severe' },
    { total: 20, band: 'severe' },
    { total: 27, band: 'severe' },
  ])('total $total → $band', ({ total, band }) => {
    // spread fills from item 1, so item 9 stays 0 except at 25+; alerts are tested separately.
    const s = scoreMeasure('PHQ-9', spread(total, 9, 0, 3));
    expect(s.total).toBe(total);
    expect(s.band).toBe(band);
  });

  it('worked example: 1+2+0+3+1+1+0+2+0 = 10, moderate, no alert', () => {
    const s = scoreMeasure('PHQ-9', [1, 2, 0, 3, 1, 1, 0, 2, 0]);
    expect(s).toEqual({ total: 10, band: 'moderate' });
  });

  it('item 9 above 0 raises an alert whatever the total', () => {
    // Total 1, minimal, but item 9 = 1 ("Several days").
    const s = scoreMeasure('PHQ-9', [0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(s.total).toBe(1);
    expect(s.band).toBe('minimal');
    expect(s.alerts).toHaveLength(1);
    expect(s.alerts?.[0]).toContain('item 9');
    expect(s.alerts?.[0]).toContain('Several days');
  });

  it('item 9 alert is raised even when the total cannot be scored', () => {
    const s = scoreMeasure('PHQ-9', [null, 0, 0, 0, 0, 0, 0, 0, 3]);
    expect(s.total).toBeNull();
    expect(s.alerts?.[0]).toContain('Nearly every day');
  });

  it('missing items: none allowed by default', () => {
    const s = scoreMeasure('PHQ-9', [1, 2, null, 3, 1, 1, 0, 2, null]);
    expect(s.total).toBeNull();
    expect(s.band).toBeUndefined();
    expect(s.reason).toBe('2 items missing (items 3 and 9); PHQ-9 allows none.');
  });

  it('one missing item: reason names it', () => {
    const s = scoreMeasure('PHQ-9', [1, 2, 0, null, 1, 1, 0, 2, 0]);
    expect(s.total).toBeNull();
    expect(s.reason).toBe('1 item missing (item 4); PHQ-9 allows none.');
  });

  describe('opt-in proration (mean × 9, rounded, halves up)', () => {
    it.each([
      // 8 answered, sum 10: 10 × 9 / 8 = 11.25 → 11, moderate.
      { answers: [1, 2, null, 3, 1, 1, 0, 2, 0], total: 11, band: 'moderate' },
      // 8 answered, sum 4: 4 × 9 / 8 = 4.5 → 5 (halves up), mild.
      { answers: [1, 1, 1, 1, 0, 0, 0, 0, null], total: 5, band: 'mild' },
      // 7 answered, sum 7: 7 × 9 / 7 = 9, mild.
      { answers: [1, 1, 1, 1, 1, 1, 1, null, null], total: 9, band: 'mild' },
      // 7 answered, sum 21 (all 3s): 21 × 9 / 7 = 27, severe.
      { answers: [3, 3, 3, 3, 3, null, 3, 3, null], total: 27, band: 'severe' },
    ])('$answers → $total', ({ answers, total, band }) => {
      const s = scoreMeasure('PHQ-9', answers, { prorate: true });
      expect(s.total).toBe(total);
      expect(s.band).toBe(band);
      expect(s.prorated).toBe(true);
      expect(s.note).toContain('Prorated');
    });

    it('3 missing is still unscored', () => {
      const s = scoreMeasure('PHQ-9', [1, null, null, null, 1, 1, 0, 2, 0], { prorate: true });
      expect(s.total).toBeNull();
      expect(s.reason).toContain('3 items missing (items 2, 3 and 4)');
      expect(s.reason).toContain('at most 2');
    });

    it('a complete form is not marked prorated', () => {
      const s = scoreMeasure('PHQ-9', [1, 2, 0, 3, 1, 1, 0, 2, 0], { prorate: true });
      expect(s.prorated).toBeUndefined();
    });
  });
});

describe('GAD-7', () => {
  it.each([
    { total: 0, band: 'minimal' },
    { total: 4, band: 'minimal' },
    { total: 5, band: 'mild' },
    { total: 9, band: 'mild' },
    { total: 10, band: 'moderate' },
    { total: 14, band: 'moderate' },
    { total: 15, band: 'severe' },
    { total: 21, band: 'severe' },
  ])('total $total → $band', ({ total, band }) => {
    const s = scoreMeasure('GAD-7', spread(total, 7, 0, 3));
    expect(s).toEqual({ total, band });
  });

  it('worked example: 2+1+3+0+1+2+1 = 10, moderate', () => {
    expect(scoreMeasure('GAD-7', [2, 1, 3, 0, 1, 2, 1])).toEqual({ total: 10, band: 'moderate' });
  });

  it('missing item: unscored, even with proration on (no rule in the source)', () => {
    const s = scoreMeasure('GAD-7', [2, 1, 3, 0, 1, 2, null], { prorate: true });
    expect(s.total).toBeNull();
    expect(s.reason).toBe('1 item missing (item 7); GAD-7 allows none.');
  });
});

describe('PSEQ', () => {
  it.each([
    { total: 0, band: 'severe' },
    { total: 19, band: 'severe' },
    { total: 20, band: 'moderate' },
    { total: 30, band: 'moderate' },
    { total: 31, band: 'mild' },
    { total: 40, band: 'mild' },
    { total: 41, band: 'minimal' },
    { total: 60, band: 'minimal' },
  ])('total $total → $band', ({ total, band }) => {
    expect(scoreMeasure('PSEQ', spread(total, 10, 0, 6))).toEqual({ total, band });
  });

  it('missing item: unscored by default', () => {
    const s = scoreMeasure('PSEQ', [3, 3, 3, 3, 3, 3, 3, 3, 3, null]);
    expect(s.total).toBeNull();
    expect(s.reason).toBe('1 item missing (item 10); PSEQ allows none.');
  });

  it.each([
    // 9 answered, sum 27: 27 × 10 / 9 = 30, moderate.
    { answers: [3, 3, 3, 3, 3, 3, 3, 3, 3, null], total: 30, band: 'moderate' },
    // 9 answered, sum 28: 28 × 10 / 9 = 31.11 → 31, mild.
    { answers: [4, 3, 3, 3, 3, 3, 3, 3, null, 3], total: 31, band: 'mild' },
  ])('opt-in proration with 1 missing: $total', ({ answers, total, band }) => {
    const s = scoreMeasure('PSEQ', answers, { prorate: true });
    expect(s.total).toBe(total);
    expect(s.band).toBe(band);
    expect(s.prorated).toBe(true);
  });

  it('opt-in proration does not cover 2 missing', () => {
    const s = scoreMeasure('PSEQ', [3, 3, 3, 3, 3, 3, 3, 3, null, null], { prorate: true });
    expect(s.total).toBeNull();
    expect(s.reason).toContain('at most 1');
  });
});

describe('SWEMWBS', () => {
  // Conversion table typed from the Warwick SWEMWBS scoring guidance (raw → metric).
  const TABLE: [number, number][] = [
    [7, 7.0],
    [8, 9.51],
    [9, 11.25],
    [10, 12.4],
    [11, 13.33],
    [12, 14.08],
    [13, 14.75],
    [14, 15.32],
    [15, 15.84],
    [16, 16.36],
    [17, 16.88],
    [18, 17.43],
    [19, 17.98],
    [20, 18.59],
    [21, 19.25],
    [22, 19.98],
    [23, 20.73],
    [24, 21.54],
    [25, 22.35],
    [26, 23.21],
    [27, 24.11],
    [28, 25.03],
    [29, 26.02],
    [30, 27.03],
    [31, 28.13],
    [32, 29.31],
    [33, 30.7],
    [34, 32.55],
    [35, 35.0],
  ];

  it.each(TABLE)('raw %i → metric %f', (raw, metric) => {
    const s = scoreMeasure('SWEMWBS', spread(raw, 7, 1, 5));
    expect(s.total).toBe(raw);
    expect(s.metric).toBeCloseTo(metric, 2);
    expect(s.band).toBeUndefined(); // no bands until taken from the Warwick user guide
    expect(swemwbsMetric(raw)).toBeCloseTo(metric, 2);
  });

  it('raw 29 is 26.02, not the 25.99 found in one public copy', () => {
    expect(swemwbsMetric(29)).toBeCloseTo(26.02, 2);
    expect(Math.abs(swemwbsMetric(29) - 25.99)).toBeGreaterThan(0.02);
  });

  it('worked example: 3+4+3+2+4+3+4 = 23 → 20.73', () => {
    const s = scoreMeasure('SWEMWBS', [3, 4, 3, 2, 4, 3, 4]);
    expect(s).toEqual({ total: 23, metric: 20.73 });
  });

  it('missing item: no total and no metric', () => {
    const s = scoreMeasure('SWEMWBS', [3, 4, 3, null, 4, 3, 4]);
    expect(s.total).toBeNull();
    expect(s.metric).toBeUndefined();
    expect(s.reason).toBe('1 item missing (item 4); SWEMWBS allows none.');
  });

  it.each([6, 36, 23.5])('swemwbsMetric(%f) throws', (raw) => {
    expectClinicalError(() => swemwbsMetric(raw), 'INVALID_INPUT');
  });

  it.each([
    { answers: [0, 3, 3, 3, 3, 3, 3], item: 'item 1' },
    { answers: [3, 3, 3, 3, 3, 3, 6], item: 'item 7' },
  ])('answer out of 1–5 throws naming $item', ({ answers, item }) => {
    expectClinicalError(() => scoreMeasure('SWEMWBS', answers), 'INVALID_ITEMS', { messagePart: item });
  });
});

describe('PSFS', () => {
  it.each([
    // Mean of the activities: (3 + 4 + 6) / 3 = 13/3 = 4.3333.
    { answers: [3, 4, 6], total: 13 / 3 },
    { answers: [5], total: 5 },
    // (0 + 10 + 5 + 5 + 5) / 5 = 5.
    { answers: [0, 10, 5, 5, 5], total: 5 },
    // (2 + 7) / 2 = 4.5.
    { answers: [2, 7], total: 4.5 },
    { answers: [0, 0, 0], total: 0 },
    { answers: [10, 10, 10, 10], total: 10 },
  ])('$answers → mean $total', ({ answers, total }) => {
    const s = scoreMeasure('PSFS', answers);
    expect(s.total).toBeCloseTo(total, 6);
    expect(s.band).toBeUndefined();
    expect(Object.keys(s.subscales ?? {})).toHaveLength(answers.length);
  });

  it('keeps each activity rating in subscales', () => {
    expect(scoreMeasure('PSFS', [3, 4, 6]).subscales).toEqual({ activity1: 3, activity2: 4, activity3: 6 });
  });

  it('an unrated activity leaves the mean unscored', () => {
    const s = scoreMeasure('PSFS', [3, null, 5]);
    expect(s.total).toBeNull();
    expect(s.reason).toContain('Activity 2 not rated');
    expect(s.subscales).toEqual({ activity1: 3, activity3: 5 });
  });

  it.each([
    { name: 'no activities', answers: [] as (number | null)[], code: 'INVALID_ITEMS' },
    { name: 'six activities', answers: [1, 2, 3, 4, 5, 6], code: 'INVALID_ITEMS' },
    { name: 'rating 11', answers: [3, 11], code: 'INVALID_ITEMS' },
    { name: 'rating −1', answers: [-1], code: 'INVALID_ITEMS' },
    { name: 'rating 4.5', answers: [4.5, 3], code: 'INVALID_ITEMS' },
  ])('$name throws', ({ answers, code }) => {
    expectClinicalError(() => scoreMeasure('PSFS', answers), code);
  });

  it('names the activity in the message', () => {
    expectClinicalError(() => scoreMeasure('PSFS', [3, 11]), 'INVALID_ITEMS', {
      messagePart: 'PSFS activity 2',
    });
  });
});

describe('BPI', () => {
  it('worked example: severity (8+3+6+5)/4 = 5.5 moderate; interference (7+6+8+5+4+9+3)/7 = 6', () => {
    const s = scoreMeasure('BPI', [8, 3, 6, 5, 7, 6, 8, 5, 4, 9, 3]);
    expect(s.total).toBeCloseTo(5.5, 10);
    expect(s.band).toBe('moderate');
    expect(s.subscales?.severity).toBeCloseTo(5.5, 10);
    expect(s.subscales?.interference).toBeCloseTo(6, 10);
    expect(s.subscales?.worstPain).toBe(8);
    expect(s.subscales?.averagePain).toBe(6);
    expect(s.reason).toBeUndefined();
    expect(s.note).toBeUndefined();
  });

  // Bands 0–4 mild, 5–6 moderate, 7–10 severe; a mean between bands stays in the lower band until it
  // reaches the next lower edge.
  it.each([
    { severity: [0, 0, 0, 0], mean: 0, band: 'mild' },
    { severity: [4, 4, 4, 4], mean: 4, band: 'mild' },
    { severity: [5, 4, 5, 5], mean: 4.75, band: 'mild' }, // 19/4
    { severity: [5, 5, 5, 5], mean: 5, band: 'moderate' },
    { severity: [6, 6, 6, 6], mean: 6, band: 'moderate' },
    { severity: [7, 6, 7, 7], mean: 6.75, band: 'moderate' }, // 27/4
    { severity: [7, 7, 7, 7], mean: 7, band: 'severe' },
    { severity: [10, 10, 10, 10], mean: 10, band: 'severe' },
  ])('severity $severity → $mean $band', ({ severity, mean, band }) => {
    const s = scoreMeasure('BPI', [...severity, 0, 0, 0, 0, 0, 0, 0]);
    expect(s.total).toBeCloseTo(mean, 10);
    expect(s.band).toBe(band);
  });

  it('interference with 3 of 7 missing: mean of the 4 answered, with a note', () => {
    // Answered 7, 8, 4, 3 → 22/4 = 5.5.
    const s = scoreMeasure('BPI', [8, 3, 6, 5, 7, null, 8, null, 4, null, 3]);
    expect(s.subscales?.interference).toBeCloseTo(5.5, 10);
    expect(s.note).toContain('mean of the 4 answered');
  });

  it('interference with 4 of 7 missing: not scored', () => {
    const s = scoreMeasure('BPI', [8, 3, 6, 5, 7, null, 8, null, 4, null, null]);
    expect(s.subscales?.interference).toBeUndefined();
    expect(s.total).toBeCloseTo(5.5, 10);
    expect(s.note).toContain('Interference not scored: 3 of 7');
  });

  it('a missing severity item leaves severity unscored; single items and interference still shown', () => {
    const s = scoreMeasure('BPI', [8, null, 6, 5, 7, 6, 8, 5, 4, 9, 3]);
    expect(s.total).toBeNull();
    expect(s.band).toBeUndefined();
    expect(s.reason).toContain('least pain (answer 2)');
    expect(s.subscales).toEqual({ interference: 6, worstPain: 8, averagePain: 6 });
  });

  it('answer out of range names the answer', () => {
    expectClinicalError(() => scoreMeasure('BPI', [8, 3, 6, 5, 7, 6, 8, 5, 4, 11, 3]), 'INVALID_ITEMS', {
      messagePart: 'answer 10 (Interference: sleep)',
    });
  });
});

describe('EQ-5D-5L', () => {
  it('profile 21332 and VAS 70', () => {
    const s = scoreMeasure('EQ-5D-5L', [2, 1, 3, 3, 2, 70]);
    expect(s.profile).toBe('21332');
    expect(s.total).toBe(70);
    expect(s.subscales).toEqual({
      mobility: 2,
      selfCare: 1,
      usualActivities: 3,
      painDiscomfort: 3,
      anxietyDepression: 2,
    });
    expect(s.band).toBeUndefined();
    expect(s).not.toHaveProperty('index');
  });

  it.each([
    { answers: [1, 1, 1, 1, 1, 100], profile: '11111', vas: 100 },
    { answers: [5, 5, 5, 5, 5, 0], profile: '55555', vas: 0 },
  ])('extremes $profile / $vas', ({ answers, profile, vas }) => {
    const s = scoreMeasure('EQ-5D-5L', answers);
    expect(s.profile).toBe(profile);
    expect(s.total).toBe(vas);
  });

  it('VAS missing: total null, profile kept', () => {
    const s = scoreMeasure('EQ-5D-5L', [2, 1, 3, 3, 2, null]);
    expect(s.total).toBeNull();
    expect(s.profile).toBe('21332');
    expect(s.reason).toContain('EQ VAS not recorded');
  });

  it('dimension missing: no profile, VAS kept, note names the dimension', () => {
    const s = scoreMeasure('EQ-5D-5L', [2, null, 3, 3, 2, 70]);
    expect(s.total).toBe(70);
    expect(s.profile).toBeUndefined();
    expect(s.note).toContain('self-care');
  });

  it.each([
    { name: 'level 0', answers: [0, 1, 1, 1, 1, 50] },
    { name: 'level 6', answers: [1, 1, 6, 1, 1, 50] },
    { name: 'VAS 101', answers: [1, 1, 1, 1, 1, 101] },
    { name: 'VAS −1', answers: [1, 1, 1, 1, 1, -1] },
    { name: 'VAS 55.5', answers: [1, 1, 1, 1, 1, 55.5] },
    { name: '5 answers (VAS left out)', answers: [1, 1, 1, 1, 1] },
  ])('$name throws', ({ answers }) => {
    expect(() => scoreMeasure('EQ-5D-5L', answers)).toThrow(ClinicalInputError);
  });
});

describe('PCS', () => {
  it('worked example with subscales', () => {
    // Items 1–13: 2,3,1,2,2, 3,1, 2,2,3,4, 1, 2.
    // Total = 28. Rumination (8–11) = 2+2+3+4 = 11; magnification (6, 7, 13) = 3+1+2 = 6;
    // helplessness (1–5, 12) = 2+3+1+2+2+1 = 11. 11 + 6 + 11 = 28.
    const s = scoreMeasure('PCS', [2, 3, 1, 2, 2, 3, 1, 2, 2, 3, 4, 1, 2]);
    expect(s.total).toBe(28);
    expect(s.subscales).toEqual({ rumination: 11, magnification: 6, helplessness: 11 });
    expect(s.band).toBe('below clinically relevant level');
  });

  it.each([
    { total: 0, band: 'below clinically relevant level' },
    { total: 29, band: 'below clinically relevant level' },
    { total: 30, band: 'clinically relevant' },
    { total: 52, band: 'clinically relevant' },
  ])('total $total → $band', ({ total, band }) => {
    const s = scoreMeasure('PCS', spread(total, 13, 0, 4));
    expect(s.total).toBe(total);
    expect(s.band).toBe(band);
  });

  it('all items 4: subscales 16, 12, 24', () => {
    // Rumination 4 items × 4 = 16; magnification 3 × 4 = 12; helplessness 6 × 4 = 24.
    expect(scoreMeasure('PCS', Array(13).fill(4)).subscales).toEqual({
      rumination: 16,
      magnification: 12,
      helplessness: 24,
    });
  });

  it('missing item 6: total null; magnification dropped, other subscales kept', () => {
    const s = scoreMeasure('PCS', [2, 3, 1, 2, 2, null, 1, 2, 2, 3, 4, 1, 2]);
    expect(s.total).toBeNull();
    expect(s.subscales).toEqual({ rumination: 11, helplessness: 11 });
    expect(s.reason).toContain('1 item missing (item 6)');
  });
});

describe('TSK-11', () => {
  it.each([
    { answers: Array(11).fill(1), total: 11 },
    { answers: Array(11).fill(4), total: 44 },
    // 2+3+2+4+1+3+2+2+3+4+1 = 27.
    { answers: [2, 3, 2, 4, 1, 3, 2, 2, 3, 4, 1], total: 27 },
  ])('total $total, no band', ({ answers, total }) => {
    expect(scoreMeasure('TSK-11', answers)).toEqual({ total });
  });

  it.each([
    { answers: [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], item: 'item 1' },
    { answers: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 5], item: 'item 11' },
  ])('out of 1–4 throws naming $item', ({ answers, item }) => {
    expectClinicalError(() => scoreMeasure('TSK-11', answers), 'INVALID_ITEMS', { messagePart: item });
  });

  it('missing item: unscored', () => {
    expect(scoreMeasure('TSK-11', [2, 3, 2, 4, 1, 3, 2, 2, 3, 4, null]).total).toBeNull();
  });
});

describe('STarT Back', () => {
  it.each([
    // Items 1–8 score as answered; item 9 scores 1 only for options 3 (very much) and 4 (extremely).
    { name: 'all 0', answers: [0, 0, 0, 0, 0, 0, 0, 0, 0], total: 0, psychosocial: 0, band: 'low risk' },
    // 1+1+1 = 3; item 9 option 2 (moderately) scores 0 → total 3 → low.
    { name: 'total 3', answers: [1, 1, 1, 0, 0, 0, 0, 0, 2], total: 3, psychosocial: 0, band: 'low risk' },
    // Total 4, psychosocial 0 → medium.
    {
      name: 'total 4, psychosocial 0',
      answers: [1, 1, 1, 1, 0, 0, 0, 0, 0],
      total: 4,
      psychosocial: 0,
      band: 'medium risk',
    },
    // 1 + (5,6,7 = 3) + item 9 option 2 → 0: total 4, psychosocial 3 → medium.
    {
      name: 'psychosocial 3',
      answers: [1, 0, 0, 0, 1, 1, 1, 0, 2],
      total: 4,
      psychosocial: 3,
      band: 'medium risk',
    },
    // Items 5, 6, 7 agree + item 9 option 3 → 1: total 4, psychosocial 4 → high.
    {
      name: 'psychosocial 4',
      answers: [0, 0, 0, 0, 1, 1, 1, 0, 3],
      total: 4,
      psychosocial: 4,
      band: 'high risk',
    },
    // 1+1+0+0+1+1+1+0 = 5, item 9 option 4 → 1: total 6; psychosocial 1+1+1+0+1 = 4 → high.
    { name: 'total 6', answers: [1, 1, 0, 0, 1, 1, 1, 0, 4], total: 6, psychosocial: 4, band: 'high risk' },
    // Item 9 option 3 alone: total 1, psychosocial 1 → low.
    {
      name: 'item 9 "very much" only',
      answers: [0, 0, 0, 0, 0, 0, 0, 0, 3],
      total: 1,
      psychosocial: 1,
      band: 'low risk',
    },
    // Item 9 option 1 (slightly) scores 0.
    {
      name: 'item 9 "slightly" only',
      answers: [0, 0, 0, 0, 0, 0, 0, 0, 1],
      total: 0,
      psychosocial: 0,
      band: 'low risk',
    },
    // Everything agreed + item 9 extremely: total 9, psychosocial 5 → high.
    { name: 'maximum', answers: [1, 1, 1, 1, 1, 1, 1, 1, 4], total: 9, psychosocial: 5, band: 'high risk' },
  ])('$name → total $total, psychosocial $psychosocial, $band', ({ answers, total, psychosocial, band }) => {
    expect(scoreMeasure('STarT Back', answers)).toEqual({ total, band, subscales: { psychosocial } });
  });

  it.each([
    { answers: [2, 0, 0, 0, 0, 0, 0, 0, 0], item: 'item 1' },
    { answers: [0, 0, 0, 0, 0, 0, 0, 0, 5], item: 'item 9' },
  ])('out of range throws naming $item', ({ answers, item }) => {
    expectClinicalError(() => scoreMeasure('STarT Back', answers), 'INVALID_ITEMS', { messagePart: item });
  });

  it('missing item: unscored, no risk group', () => {
    const s = scoreMeasure('STarT Back', [1, 1, 0, 0, 1, 1, 1, 0, null]);
    expect(s.total).toBeNull();
    expect(s.band).toBeUndefined();
  });
});

describe('invalid input (all measures)', () => {
  it('unknown measure', () => {
    expectClinicalError(() => scoreMeasure('ODI' as MeasureId, [1]), 'UNKNOWN_MEASURE', {
      messagePart: 'ODI',
    });
  });

  it.each<{ measure: MeasureId; count: number }>([
    { measure: 'PHQ-9', count: 8 },
    { measure: 'PHQ-9', count: 10 },
    { measure: 'GAD-7', count: 9 },
    { measure: 'PSEQ', count: 9 },
    { measure: 'SWEMWBS', count: 14 },
    { measure: 'BPI', count: 4 },
    { measure: 'EQ-5D-5L', count: 5 },
    { measure: 'PCS', count: 12 },
    { measure: 'TSK-11', count: 17 },
    { measure: 'STarT Back', count: 8 },
  ])('$measure with $count answers throws', ({ measure, count }) => {
    expectClinicalError(() => scoreMeasure(measure, Array(count).fill(1)), 'INVALID_ITEMS', {
      messagePart: `${count} were given`,
    });
  });

  it.each([
    { name: 'non-integer', answers: [1, 1, 1.5, 1, 1, 1, 1, 1, 1], part: 'item 3' },
    { name: 'NaN', answers: [1, 1, 1, 1, Number.NaN, 1, 1, 1, 1], part: 'item 5' },
    { name: 'negative', answers: [1, 1, 1, 1, 1, 1, -1, 1, 1], part: 'item 7' },
    { name: 'above range', answers: [4, 1, 1, 1, 1, 1, 1, 1, 1], part: 'item 1' },
  ])('PHQ-9 $name answer throws naming the item', ({ answers, part }) => {
    expectClinicalError(() => scoreMeasure('PHQ-9', answers), 'INVALID_ITEMS', { messagePart: part });
  });

  it('undefined (sparse) answer throws rather than counting as missing', () => {
    const answers = [1, 1, 1, 1, 1, 1, 1, 1, undefined] as unknown as number[];
    expectClinicalError(() => scoreMeasure('PHQ-9', answers), 'INVALID_ITEMS', { messagePart: 'item 9' });
  });

  it('a string answer throws', () => {
    const answers = [1, 1, '2', 1, 1, 1, 1] as unknown as number[];
    expectClinicalError(() => scoreMeasure('GAD-7', answers), 'INVALID_ITEMS', { messagePart: 'item 3' });
  });

  it('answers not a list throws', () => {
    expectClinicalError(() => scoreMeasure('GAD-7', 'x' as unknown as number[]), 'INVALID_ITEMS');
  });
});

describe('MEASURES definitions', () => {
  const WORDING_ALLOWED: MeasureId[] = ['PHQ-9', 'GAD-7', 'PSFS', 'STarT Back'];

  it('has every measure, keyed by its id', () => {
    expect(MEASURE_IDS).toHaveLength(10);
    for (const id of MEASURE_IDS) expect(MEASURES[id].id).toBe(id);
  });

  it.each(MEASURE_IDS)('%s: item wording only where the licence allows it', (id) => {
    const def = MEASURES[id];
    if (WORDING_ALLOWED.includes(id)) {
      expect(def.licence.mode).toBe('item wording shown');
      expect(def.items?.length).toBe(def.itemCount);
    } else {
      expect(def.licence.mode).toBe('item scores typed from the licensed form');
      expect(def.items).toBeUndefined();
      expect(def.stem).toBeUndefined();
      expect(def.responseOptions).toBeUndefined();
    }
  });

  it.each(MEASURE_IDS)('%s: answer ranges cover every item once; entry labels match', (id) => {
    const def = MEASURES[id];
    for (let item = 1; item <= def.itemCount; item++) {
      expect(def.answerRanges.filter((r) => item >= r.fromItem && item <= r.toItem)).toHaveLength(1);
    }
    expect(def.entryLabels).toHaveLength(def.itemCount);
  });

  it.each<[MeasureId, number, number, number, boolean]>([
    // id, items, answer min, answer max (first range), higher is better
    ['PHQ-9', 9, 0, 3, false],
    ['GAD-7', 7, 0, 3, false],
    ['PSEQ', 10, 0, 6, true],
    ['SWEMWBS', 7, 1, 5, true],
    ['PSFS', 5, 0, 10, true],
    ['BPI', 11, 0, 10, false],
    ['EQ-5D-5L', 6, 1, 5, true],
    ['PCS', 13, 0, 4, false],
    ['TSK-11', 11, 1, 4, false],
    ['STarT Back', 9, 0, 1, false],
  ])('%s: %i items, answers %i–%i, higher is better: %s', (id, items, min, max, higherIsBetter) => {
    const def = MEASURES[id];
    expect(def.itemCount).toBe(items);
    expect(def.answerRanges[0]?.min).toBe(min);
    expect(def.answerRanges[0]?.max).toBe(max);
    expect(def.higherIsBetter).toBe(higherIsBetter);
  });

  it('PSFS takes 1 to 5 activities', () => {
    expect(MEASURES.PSFS.minItemCount).toBe(1);
    expect(MEASURES.PSFS.itemCount).toBe(5);
  });

  it.each<[MeasureId, 'mic' | 'mdc', number]>([
    ['PSFS', 'mic', 1.4],
    ['PSFS', 'mdc', 2],
    ['SWEMWBS', 'mic', 1.03],
    ['SWEMWBS', 'mdc', 2.87],
    ['TSK-11', 'mic', 5.6],
    ['PCS', 'mic', 38],
    ['PSEQ', 'mic', 11],
    ['BPI', 'mic', 30],
  ])('%s %s = %f, with a source', (id, kind, value) => {
    const t = MEASURES[id][kind];
    expect(t?.value).toBe(value);
    expect(t?.source.length).toBeGreaterThan(5);
  });

  it('PHQ-9 item 9 wording is present (safety item)', () => {
    expect(MEASURES['PHQ-9'].items?.[8]?.text).toContain('better off dead');
  });

  it('STarT Back keeps the Keele copyright statement', () => {
    expect(MEASURES['STarT Back'].attribution).toContain('Keele University');
  });

  it('rule set is versioned', () => {
    expect(REHAB_MEASURES_RULE_SET.version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('meaningfulChange', () => {
  const score = (total: number | null, extra: Partial<MeasureScore> = {}): MeasureScore => ({
    total,
    ...extra,
  });

  it.each<{
    measure: MeasureId;
    before: number;
    after: number;
    change: number;
    meaningful: boolean;
    improved: boolean | null;
    threshold: number;
  }>([
    // PHQ-9: reliable change 6 points, lower is better.
    { measure: 'PHQ-9', before: 15, after: 8, change: -7, meaningful: true, improved: true, threshold: 6 },
    { measure: 'PHQ-9', before: 15, after: 9, change: -6, meaningful: true, improved: true, threshold: 6 },
    { measure: 'PHQ-9', before: 15, after: 10, change: -5, meaningful: false, improved: true, threshold: 6 },
    { measure: 'PHQ-9', before: 8, after: 14, change: 6, meaningful: true, improved: false, threshold: 6 },
    { measure: 'PHQ-9', before: 8, after: 8, change: 0, meaningful: false, improved: null, threshold: 6 },
    // GAD-7: reliable change 4 points.
    { measure: 'GAD-7', before: 12, after: 8, change: -4, meaningful: true, improved: true, threshold: 4 },
    { measure: 'GAD-7', before: 12, after: 9, change: -3, meaningful: false, improved: true, threshold: 4 },
    // PSEQ: 11 points, higher is better.
    { measure: 'PSEQ', before: 20, after: 31, change: 11, meaningful: true, improved: true, threshold: 11 },
    { measure: 'PSEQ', before: 20, after: 30, change: 10, meaningful: false, improved: true, threshold: 11 },
    { measure: 'PSEQ', before: 40, after: 29, change: -11, meaningful: true, improved: false, threshold: 11 },
    // TSK-11: 5.6 points, lower is better.
    {
      measure: 'TSK-11',
      before: 30,
      after: 24,
      change: -6,
      meaningful: true,
      improved: true,
      threshold: 5.6,
    },
    {
      measure: 'TSK-11',
      before: 30,
      after: 25,
      change: -5,
      meaningful: false,
      improved: true,
      threshold: 5.6,
    },
    // PSFS: MDC 2 points on the mean.
    { measure: 'PSFS', before: 3, after: 5, change: 2, meaningful: true, improved: true, threshold: 2 },
    { measure: 'PSFS', before: 3, after: 4.5, change: 1.5, meaningful: false, improved: true, threshold: 2 },
    // PCS: 38% of the starting score. 40 → 24 is −16/40 = −40%: meaningful. 40 → 25 is −37.5%: not.
    { measure: 'PCS', before: 40, after: 24, change: -16, meaningful: true, improved: true, threshold: 38 },
    { measure: 'PCS', before: 40, after: 25, change: -15, meaningful: false, improved: true, threshold: 38 },
    // BPI severity: 30%. 10 → 7 is −30% exactly: meaningful. 8 → 5.75 is −2.25/8 = −28.125%: not.
    { measure: 'BPI', before: 10, after: 7, change: -3, meaningful: true, improved: true, threshold: 30 },
    {
      measure: 'BPI',
      before: 8,
      after: 5.75,
      change: -2.25,
      meaningful: false,
      improved: true,
      threshold: 30,
    },
    // 4 → 5.5 is +1.5/4 = +37.5%: meaningful deterioration.
    { measure: 'BPI', before: 4, after: 5.5, change: 1.5, meaningful: true, improved: false, threshold: 30 },
  ])('$measure $before → $after', ({ measure, before, after, change, meaningful, improved, threshold }) => {
    const r = meaningfulChange(measure, score(before), score(after));
    expect(r.change).toBeCloseTo(change, 10);
    expect(r.meaningful).toBe(meaningful);
    expect(r.improved).toBe(improved);
    expect(r.threshold).toBe(threshold);
    expect(r.explanation.length).toBeGreaterThan(20);
  });

  it('PSFS mean change of exactly 2 from thirds still counts (floating point)', () => {
    // 13/3 = 4.333… → 19/3 = 6.333…: change 2.
    const r = meaningfulChange('PSFS', scoreMeasure('PSFS', [3, 4, 6]), scoreMeasure('PSFS', [5, 6, 8]));
    expect(r.change).toBeCloseTo(2, 10);
    expect(r.meaningful).toBe(true);
  });

  it('SWEMWBS uses the metric score and the MDC 2.87', () => {
    // Raw 20 → 18.59; raw 24 → 21.54: change 2.95 ≥ 2.87 → meaningful improvement.
    const r = meaningfulChange('SWEMWBS', score(20, { metric: 18.59 }), score(24, { metric: 21.54 }));
    expect(r.change).toBeCloseTo(2.95, 10);
    expect(r.meaningful).toBe(true);
    expect(r.improved).toBe(true);
    expect(r.threshold).toBe(2.87);
    // Raw 20 → 23: 18.59 → 20.73, change 2.14 → not meaningful.
    const r2 = meaningfulChange('SWEMWBS', score(20, { metric: 18.59 }), score(23, { metric: 20.73 }));
    expect(r2.change).toBeCloseTo(2.14, 10);
    expect(r2.meaningful).toBe(false);
  });

  it('BPI interference uses 1 point', () => {
    const before = score(6, { subscales: { interference: 6 } });
    expect(
      meaningfulChange('BPI', before, score(5, { subscales: { interference: 5 } }), 'interference'),
    ).toMatchObject({
      change: -1,
      meaningful: true,
      improved: true,
      threshold: 1,
      thresholdUnit: 'points',
    });
    expect(
      meaningfulChange('BPI', before, score(5, { subscales: { interference: 5.5 } }), 'interference')
        .meaningful,
    ).toBe(false);
  });

  it('BPI severity from 0: no percentage verdict', () => {
    const r = meaningfulChange('BPI', score(0), score(2));
    expect(r.change).toBe(2);
    expect(r.meaningful).toBe(false);
    expect(r.improved).toBe(false);
    expect(r.explanation).toContain('starting score of 0');
  });

  it('a missing score gives change null and says why', () => {
    const before = scoreMeasure('PHQ-9', [1, 2, null, 3, 1, 1, 0, 2, null]);
    const r = meaningfulChange('PHQ-9', before, score(5));
    expect(r).toMatchObject({ change: null, meaningful: false, improved: null, threshold: 6 });
    expect(r.explanation).toContain('2 items missing');
  });

  describe('EQ-5D-5L (Paretian classification)', () => {
    it.each([
      // Mobility 2→1 and pain 3→2 better, none worse → better.
      { before: '21332', after: '11322', cls: 'better', meaningful: true, improved: true },
      // Pain 3→4 worse → worse.
      { before: '21332', after: '21342', cls: 'worse', meaningful: true, improved: false },
      // Mobility better, self-care worse → mixed.
      { before: '21332', after: '12332', cls: 'mixed', meaningful: false, improved: null },
      { before: '21332', after: '21332', cls: 'unchanged', meaningful: false, improved: null },
    ])('$before → $after: $cls', ({ before, after, cls, meaningful, improved }) => {
      const r = meaningfulChange('EQ-5D-5L', score(60, { profile: before }), score(75, { profile: after }));
      expect(r.meaningful).toBe(meaningful);
      expect(r.improved).toBe(improved);
      expect(r.change).toBe(15); // EQ VAS 60 → 75
      expect(r.thresholdUnit).toBe('level');
      expect(r.explanation).toContain(cls);
      expect(paretianChange(before, after).classification).toBe(cls);
    });

    it('paretianChange lists the dimensions', () => {
      expect(paretianChange('21332', '12332')).toEqual({
        classification: 'mixed',
        better: ['mobility'],
        worse: ['self-care'],
      });
    });

    it('malformed profile throws', () => {
      expectClinicalError(() => paretianChange('2133', '21332'), 'INVALID_INPUT');
      expectClinicalError(() => paretianChange('21362', '21332'), 'INVALID_INPUT');
    });
  });

  it('STarT Back has no change rule', () => {
    expectClinicalError(() => meaningfulChange('STarT Back', score(4), score(2)), 'INVALID_INPUT', {
      messagePart: 'risk groups',
    });
  });

  it('unknown scale throws', () => {
    expectClinicalError(() => meaningfulChange('PHQ-9', score(4), score(2), 'interference'), 'INVALID_INPUT');
  });

  it('unknown measure throws', () => {
    expectClinicalError(() => meaningfulChange('HADS' as MeasureId, score(4), score(2)), 'UNKNOWN_MEASURE');
  });
});

describe('psfsChange (MDC: 2 points average, 3 points single activity)', () => {
  it.each([
    { before: 3, after: 5, level: 'average' as const, meaningful: true, improved: true, threshold: 2 },
    { before: 3, after: 4.5, level: 'average' as const, meaningful: false, improved: true, threshold: 2 },
    { before: 6, after: 3, level: 'average' as const, meaningful: true, improved: false, threshold: 2 },
    { before: 5, after: 5, level: 'average' as const, meaningful: false, improved: null, threshold: 2 },
    { before: 2, after: 5, level: 'activity' as const, meaningful: true, improved: true, threshold: 3 },
    { before: 2, after: 4, level: 'activity' as const, meaningful: false, improved: true, threshold: 3 },
  ])('$before → $after ($level)', ({ before, after, level, meaningful, improved, threshold }) => {
    const r = psfsChange(before, after, level);
    expect(r.change).toBeCloseTo(after - before, 10);
    expect(r.meaningful).toBe(meaningful);
    expect(r.improved).toBe(improved);
    expect(r.threshold).toBe(threshold);
    expect(r.explanation).toMatch(/minimal detectable change/i);
  });

  it('defaults to the average score', () => {
    expect(psfsChange(3, 5).threshold).toBe(2);
  });

  it.each([
    [11, 5],
    [-1, 5],
    [Number.NaN, 5],
    [5, 10.5],
  ])('psfsChange(%f, %f) throws', (before, after) => {
    expect(() => psfsChange(before, after)).toThrow(ClinicalInputError);
  });
});

describe('time points', () => {
  it('defaults: referral, start of treatment, discharge, 6 and 12 months after discharge', () => {
    expect(DEFAULT_TIME_POINTS.map((t) => t.id)).toEqual([
      'referral',
      'treatment-start',
      'discharge',
      'discharge-6m',
      'discharge-12m',
    ]);
    expect(DEFAULT_TIME_POINTS.find((t) => t.id === 'discharge-6m')).toMatchObject({
      anchor: 'discharge',
      offsetMonths: 6,
    });
    expect(DEFAULT_TIME_POINTS.find((t) => t.id === 'discharge-12m')).toMatchObject({
      anchor: 'discharge',
      offsetMonths: 12,
    });
  });

  it.each([
    { date: '2026-01-15', months: 6, expected: '2026-07-15' },
    { date: '2026-08-31', months: 6, expected: '2027-02-28' },
    { date: '2023-08-31', months: 6, expected: '2024-02-29' }, // leap year
    { date: '2026-11-30', months: 12, expected: '2027-11-30' },
    { date: '2026-12-15', months: 1, expected: '2027-01-15' },
  ])('addMonths($date, $months) = $expected', ({ date, months, expected }) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('measuresDue: statuses on a given day', () => {
    const due = measuresDue({
      dates: { referral: '2026-01-10', treatmentStart: '2026-03-02', discharge: '2026-08-31' },
      asOf: '2027-03-10',
      completed: [
        ...['BPI', 'PSEQ', 'PHQ-9', 'GAD-7', 'EQ-5D-5L'].map((m) => ({
          timePointId: 'referral',
          measure: m as MeasureId,
        })),
        { timePointId: 'treatment-start', measure: 'BPI' },
      ],
    });
    const byId = Object.fromEntries(due.map((d) => [d.timePointId, d]));
    expect(byId.referral?.status).toBe('complete');
    expect(byId.referral?.outstanding).toEqual([]);
    // Start of treatment 2026-03-02, window 14 days → overdue after 2026-03-16.
    expect(byId['treatment-start']?.status).toBe('overdue');
    expect(byId['treatment-start']?.outstanding).not.toContain('BPI');
    expect(byId.discharge?.status).toBe('overdue');
    // 2026-08-31 + 6 months = 2027-02-28; window 28 days → due until 2027-03-28.
    expect(byId['discharge-6m']).toMatchObject({ dueDate: '2027-02-28', status: 'due' });
    // 2026-08-31 + 12 months = 2027-08-31 → not yet due.
    expect(byId['discharge-12m']).toMatchObject({ dueDate: '2027-08-31', status: 'not yet due' });
  });

  it('measuresDue: an anchor without a date', () => {
    const due = measuresDue({ dates: { referral: '2026-01-10' }, asOf: '2026-01-12' });
    expect(due.find((d) => d.timePointId === 'referral')?.status).toBe('due');
    expect(due.find((d) => d.timePointId === 'discharge')).toMatchObject({
      dueDate: null,
      status: 'anchor date not recorded',
    });
  });

  it('measuresDue: custom time points', () => {
    const due = measuresDue({
      dates: { discharge: '2026-01-31' },
      asOf: '2026-04-30',
      timePoints: [
        {
          id: 'd3m',
          label: '3 months after discharge',
          anchor: 'discharge',
          offsetMonths: 3,
          windowDays: 0,
          measures: ['PHQ-9'],
        },
      ],
    });
    expect(due).toEqual([
      {
        timePointId: 'd3m',
        label: '3 months after discharge',
        dueDate: '2026-04-30',
        status: 'due',
        outstanding: ['PHQ-9'],
      },
    ]);
  });

  it.each(['2026-02-30', '2026-13-01', '26-01-01', 'tomorrow'])('bad date %s throws', (bad) => {
    expectClinicalError(() => measuresDue({ dates: {}, asOf: bad }), 'INVALID_DATE');
    expectClinicalError(() => addMonths(bad, 1), 'INVALID_DATE');
  });
});
