import { describe, expect, it } from 'vitest';
import {
  complicationsInWords,
  historySiteInWords,
  outcomeInWords,
} from '../../../shared/clinical/interventions/history';

/**
 * Procedure history in words (issue 14). Expected text written by hand: PGIC words from the 7-point scale
 * (1 very much improved .. 7 very much worse; Guy 1976), UK dates, hours for a diagnostic block.
 */
describe('procedure history in words', () => {
  it('gives relief, how long, the day assessed, PGIC and the verdict', () => {
    expect(
      outcomeInWords({
        assessedOn: '2027-03-02',
        reliefPercent: 60,
        reliefDurationWeeks: 1,
        reliefDurationHours: null,
        pgic: 7,
        successful: true,
      }),
    ).toBe(
      '60% relief for 1 week, assessed 02-Mar-2027; PGIC 7 (very much worse); successful (50% or more relief)',
    );
    expect(
      outcomeInWords({
        assessedOn: null,
        reliefPercent: 0,
        reliefDurationWeeks: null,
        reliefDurationHours: null,
        pgic: 4,
        successful: false,
      }),
    ).toBe('0% relief; PGIC 4 (no change); not successful');
    expect(outcomeInWords(null)).toBe('Outcome not yet recorded');
  });

  it('reads "none", "nil" and blanks as none recorded, and keeps what was written otherwise', () => {
    for (const c of ['None', 'nil.', '  ', '', 'N/A']) expect(complicationsInWords(c)).toBe('None recorded');
    expect(complicationsInWords('Vasovagal episode, recovered')).toBe('Vasovagal episode, recovered');
  });

  it('gives the structured site with its side, or the written site and side', () => {
    expect(
      historySiteInWords({ site: 'L5-S1', side: 'right', siteRegion: 'lumbar', siteLevels: 'L5-S1' }),
    ).toBe('Lumbar spine L5-S1 right');
    expect(historySiteInWords({ site: 'left ankle', side: 'left', siteRegion: null, siteLevels: null })).toBe(
      'left ankle, left',
    );
    expect(
      historySiteInWords({
        site: 'ketamine infusion',
        side: 'not-applicable',
        siteRegion: null,
        siteLevels: null,
      }),
    ).toBe('ketamine infusion');
  });
});
