import { describe, expect, it } from 'vitest';
import { auditFieldWords } from '../../shared/domain/audit';

/**
 * The record's history shows a changed field with no screen label in words, never its name in the code
 * (issue 18). Expected words written by hand.
 */
describe('a changed field in words', () => {
  it.each([
    ['doseMg', 'Dose mg'],
    ['planId', 'Plan number'],
    ['omeMgPer24h', 'OME mg per 24 hours'],
    ['patchMcgPerHour', 'Patch micrograms per hour'],
    ['timesPerDay', 'Times per day'],
    ['rtt_breach_date', 'RTT breach date'],
    ['gpPractice', 'GP practice'],
    ['prnMaxDoses', 'As-needed max doses'],
    ['written_json', 'Written'],
    ['NHSNumber', 'NHS number'],
    ['', 'Detail'],
  ])('%s reads "%s"', (key, words) => {
    expect(auditFieldWords(key)).toBe(words);
  });
});
