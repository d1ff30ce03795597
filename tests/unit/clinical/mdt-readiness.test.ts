/**
 * Issue 16: "what is missing" includes outcome measures older than the rule set allows (example rule: 90 days).
 * Today is 24 November 2026; 90 days before it is 26 August 2026 (hand count: 24 Nov -> 24 Aug is 92 days).
 */
import { describe, expect, it } from 'vitest';
import { CASE_READINESS_RULES, staleOutcomeMeasures } from '../../../shared/clinical/mdt/index';

describe('outcome measures out of date for the MDT', () => {
  it('flags measures more than 90 days old, oldest first, and keeps day 90 as current', () => {
    const measures = [
      { name: 'PHQ-9', administeredOn: '2026-08-26' }, // exactly 90 days: still current
      { name: 'Brief Pain Inventory', administeredOn: '2026-08-25' }, // 91 days: out of date
      { name: 'GAD-7', administeredOn: '2026-01-10' }, // 318 days: out of date
      { name: 'EQ-5D-5L', administeredOn: '2026-11-20' },
    ];
    expect(staleOutcomeMeasures(measures, '2026-11-24').map((m) => [m.name, m.ageDays])).toEqual([
      ['GAD-7', 318],
      ['Brief Pain Inventory', 91],
    ]);
    expect(CASE_READINESS_RULES).toMatchObject({ id: 'mdt-case-readiness', version: '1.0.0', example: true });
  });
});
