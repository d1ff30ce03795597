import { describe, expect, it } from 'vitest';
import { OME_THRESHOLDS, omeThresholdFlags } from '../../../shared/clinical/medicines/flags';
import { SUGGESTION_RANKING_RULE } from '../../../shared/clinical/mdt/suggestion-ranking';
import { RULE_SET_KINDS, RULE_SET_REGISTRY } from '../../../shared/domain/rule-sets';

/**
 * Found in review: the high-dose flag's source, shown on the patient's medicines screen beside the flag, read
 * "... as reported by OpenPrescribing (issue #5272, November 2025)": a ticket number, not a source a clinician
 * can look up and cite. A clinician reads a rule set's source (Settings and the flags' "Source:" lines) as the
 * guideline, its publisher and year, or the service's own configurable setting, never a ticket number, a
 * document section number or a project file.
 */
const INTERNAL =
  /\bissue\s*#?\s*\d+|#\d{2,}\b|\b(?:decisions|medicines|interventions|mdt|architecture|rehab-outcomes)\.md\b|opioid-factors\.json|reference\//i;

describe('rule-set sources cite real sources, never an issue number or an internal file', () => {
  it('the 90 and 120 mg/24h thresholds cite the Faculty of Pain Medicine, Opioids Aware, and say they are local settings', () => {
    const [high, harm] = OME_THRESHOLDS.thresholds;
    for (const text of [OME_THRESHOLDS.meta.source, high!.source, harm!.source])
      expect(text).not.toMatch(INTERNAL);
    expect(high!.source).toMatch(/Faculty of Pain Medicine, Opioids Aware/);
    expect(high!.source).toMatch(/90 mg/);
    expect(high!.source).toMatch(/configurable/i);
    expect(harm!.source).toMatch(/Faculty of Pain Medicine, Opioids Aware/);
    expect(harm!.source).toMatch(/120 mg/);
    // The flag a clinician sees carries the same source.
    expect(omeThresholdFlags(95)[0]!.source).toBe(high!.source);
    // Source text changed: a new version (a patch, as combination flags 1.0.1), so results name which text.
    expect(OME_THRESHOLDS.meta.version).toBe('1.0.1');
  });

  it('the MDT suggestion ranking names the service rule, not a ticket', () => {
    expect(SUGGESTION_RANKING_RULE.source).not.toMatch(INTERNAL);
    expect(SUGGESTION_RANKING_RULE.source).toMatch(/Faculty of Pain Medicine, Opioids Aware/);
    expect(SUGGESTION_RANKING_RULE.version).toBe('1.0.1');
  });

  it.each(RULE_SET_KINDS)('every shipped %s set: no issue number or internal file anywhere in it', (kind) => {
    for (const s of RULE_SET_REGISTRY[kind].shipped) {
      const found = JSON.stringify({ name: s.name, source: s.source, body: s.body }).match(INTERNAL);
      expect(found?.[0] ?? null, `${kind} / ${s.setKey}`).toBeNull();
    }
  });
});
