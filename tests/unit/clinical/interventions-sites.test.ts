import { describe, expect, it } from 'vitest';
import {
  EXAMPLE_COMMISSIONER_RULES,
  PROCEDURE_CATALOGUE,
  checkPrerequisite,
  checkRepeatInterval,
  findProcedure,
  parseLevels,
  parseSite,
  resolvePrerequisites,
  resolveRepeatFamily,
  resolveRepeatIntervalMonths,
  siteCovers,
  sitesOverlap,
  type ProcedureDefinition,
  type ProcedureHistoryEntry,
  type StructuredSite,
} from '../../../shared/clinical/interventions/index';

/**
 * Issue 14: "Sites are structured (region, levels, side: left, right, bilateral). Prerequisites and repeat
 * intervals match on that structure: a bilateral block serves a right-sided RF; a right RF after a
 * bilateral RF is a repeat. Repeat intervals exist for every procedure family in the example rule set."
 *
 * Before this change the site was compared as written ('L4-5 bilateral' vs 'L4-5 right': different
 * words, so no match): the bilateral block did not count as the prerequisite and the right RF three
 * months after a bilateral RF was not seen as a repeat.
 */
function proc(code: string): ProcedureDefinition {
  const p = findProcedure(code);
  if (!p) throw new Error(`no procedure ${code}`);
  return p;
}
const lumbar = (levels: string[], side: StructuredSite['side']): StructuredSite => ({
  region: 'lumbar',
  levels,
  side,
});

describe('reading written sites', () => {
  it('normalises levels and expands ranges', () => {
    expect(parseLevels('L4-5')).toEqual(['L4-L5']);
    expect(parseLevels('L4/5 and L5/S1')).toEqual(['L4-L5', 'L5-S1']);
    expect(parseLevels('L3-L5')).toEqual(['L3-L4', 'L4-L5']);
    expect(parseLevels('C5-6')).toEqual(['C5-C6']);
    expect(parseLevels('L7')).toBeNull(); // there is no L7
  });
  it('reads a region from levels or words, and flags what it cannot read', () => {
    expect(parseSite('L4-5', 'bilateral')).toEqual(lumbar(['L4-L5'], 'bilateral'));
    expect(parseSite('L5-S1 facets', 'right')).toEqual(lumbar(['L5-S1'], 'right'));
    expect(parseSite('C5-6 medial branches', 'left')).toEqual({
      region: 'cervical',
      levels: ['C5-C6'],
      side: 'left',
    });
    expect(parseSite('Right knee (genicular nerves)', 'right')).toEqual({
      region: 'knee',
      levels: [],
      side: 'right',
    });
    expect(parseSite('Caudal', 'midline')).toEqual({ region: 'sacral', levels: [], side: 'midline' });
    expect(parseSite('As discussed in clinic', 'right')).toBeNull();
  });
});

describe('matching on structure', () => {
  it('a bilateral block covers a right-sided RF at the same level; a right block does not cover a bilateral RF', () => {
    expect(siteCovers(lumbar(['L4-L5'], 'bilateral'), lumbar(['L4-L5'], 'right'))).toBe(true);
    expect(siteCovers(lumbar(['L4-L5'], 'right'), lumbar(['L4-L5'], 'bilateral'))).toBe(false);
    expect(siteCovers(lumbar(['L4-L5'], 'bilateral'), lumbar(['L4-L5', 'L5-S1'], 'right'))).toBe(false);
    expect(siteCovers(lumbar(['L4-L5'], 'left'), lumbar(['L4-L5'], 'right'))).toBe(false);
  });
  it('a right RF after a bilateral RF at a shared level is a repeat; left after right is not', () => {
    expect(sitesOverlap(lumbar(['L4-L5'], 'bilateral'), lumbar(['L4-L5'], 'right'))).toBe(true);
    expect(sitesOverlap(lumbar(['L4-L5', 'L5-S1'], 'right'), lumbar(['L5-S1'], 'right'))).toBe(true);
    expect(sitesOverlap(lumbar(['L4-L5'], 'right'), lumbar(['L4-L5'], 'left'))).toBe(false);
    expect(sitesOverlap(lumbar(['L4-L5'], 'right'), lumbar(['L2-L3'], 'right'))).toBe(false);
  });
});

describe('prerequisites and repeat intervals on structured sites (example rule set)', () => {
  const rf = proc('RFD_L');
  const planned = { text: 'L4-5', structured: lumbar(['L4-L5'], 'right') };

  it('a bilateral MBB with 60% relief on 5 Mar 2026 serves a right RF on 1 Jun 2026', () => {
    // Example rule (Humber & North Yorkshire): MBB_L ≥50% relief within 6 months before: 1 Dec 2025 onwards.
    const history: ProcedureHistoryEntry[] = [
      {
        procedureCode: 'MBB_L',
        date: '2026-03-05',
        site: 'L4-5 bilateral',
        structuredSite: lumbar(['L4-L5'], 'bilateral'),
        reliefPercent: 60,
      },
    ];
    const [rule] = resolvePrerequisites(rf, EXAMPLE_COMMISSIONER_RULES);
    const check = checkPrerequisite(rule!, history, '2026-06-01', planned);
    expect(check.met).toBe(true);
    expect(check.message).toContain('05-Mar-2026');
    // A left-sided block does not serve it.
    const left = [{ ...history[0]!, structuredSite: lumbar(['L4-L5'], 'left') }];
    expect(checkPrerequisite(rule!, left, '2026-06-01', planned).met).toBe(false);
  });

  it('a right RF on 1 Jun 2026 after a bilateral RF on 12 Jan 2026 is a repeat (16 months: not before 12 May 2027)', () => {
    // 12 Jan 2026 + 16 calendar months = 12 May 2027 (HNY lumbar RF policy, ≥16 months).
    const history: ProcedureHistoryEntry[] = [
      {
        procedureCode: 'RFD_L',
        date: '2026-01-12',
        site: 'L4-5 bilateral',
        structuredSite: lumbar(['L4-L5'], 'bilateral'),
      },
    ];
    const months = resolveRepeatIntervalMonths(rf, EXAMPLE_COMMISSIONER_RULES);
    expect(months).toBe(16);
    const check = checkRepeatInterval(
      rf,
      history,
      '2026-06-01',
      months,
      planned,
      resolveRepeatFamily(rf, EXAMPLE_COMMISSIONER_RULES),
    );
    expect(check.ok).toBe(false);
    expect(check.earliestDate).toBe('2027-05-12');
    expect(check.message).toContain('12-May-2027');
    expect(check.message).toContain('bilateral');
    // The same RF on the left side only after a right RF: not a repeat.
    const right = [{ ...history[0]!, structuredSite: lumbar(['L4-L5'], 'right') }];
    const leftPlan = { text: 'L4-5', structured: lumbar(['L4-L5'], 'left') };
    expect(checkRepeatInterval(rf, right, '2026-06-01', months, leftPlan).ok).toBe(true);
  });

  it('epidural steroid injections are one family: a caudal 6 weeks after a transforaminal at L5-S1 is a repeat', () => {
    const caudal = proc('ESI_CAUDAL');
    const family = resolveRepeatFamily(caudal, EXAMPLE_COMMISSIONER_RULES);
    expect(family).toEqual(['ESI_CAUDAL', 'ESI_IL', 'ESI_TF']);
    // Caudal (sacral region, no levels) vs TF at L5-S1 (lumbar): different regions, so not the same site.
    const tf: ProcedureHistoryEntry = {
      procedureCode: 'ESI_IL',
      date: '2026-04-20',
      structuredSite: { region: 'sacral', levels: [], side: 'midline' },
    };
    const check = checkRepeatInterval(
      caudal,
      [tf],
      '2026-06-01',
      3,
      { text: 'caudal', structured: { region: 'sacral', levels: [], side: 'midline' } },
      family,
    );
    // 20 Apr 2026 + 3 months = 20 Jul 2026.
    expect(check.ok).toBe(false);
    expect(check.earliestDate).toBe('2026-07-20');
  });

  it('every procedure family in the catalogue has a repeat interval in the example rule set, with a note', () => {
    for (const p of PROCEDURE_CATALOGUE.procedures) {
      const rule = EXAMPLE_COMMISSIONER_RULES.rules.find((r) => r.procedureCode === p.code);
      expect(rule?.minRepeatIntervalMonths, p.code).toBeGreaterThan(0);
      expect(rule?.note?.length, p.code).toBeGreaterThan(10);
    }
    expect(EXAMPLE_COMMISSIONER_RULES.source).not.toMatch(/\.md/);
  });
});
