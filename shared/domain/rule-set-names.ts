import type { RuleSetMeta } from '../clinical/errors';
import { REHAB_MEASURES_RULE_SET } from '../clinical/rehab/measures';
import { RULE_SET_KINDS, RULE_SET_REGISTRY } from './rule-sets';

/** A rule set as a screen refers to it: the id is for the database and the audit, never for the screen. */
export interface RuleSetRef {
  id: string;
  version: string;
  name?: string;
  source?: string;
}

/**
 * Rule sets that ship with the product but are not editable in Settings (so not in the registry), such as the
 * outcome measure scoring and change thresholds used by the rehabilitation screens.
 */
const FIXED_RULE_SETS: readonly RuleSetMeta[] = [REHAB_MEASURES_RULE_SET];

/** The shipped name and source of a set key (any kind), or null for a set made in Settings. */
export function shippedRuleSetText(setKey: string): { name: string; source: string } | null {
  for (const k of RULE_SET_KINDS) {
    const s = RULE_SET_REGISTRY[k].shipped.find((x) => x.setKey === setKey);
    if (s) return { name: s.name, source: s.source };
  }
  const fixed = FIXED_RULE_SETS.find((m) => m.id === setKey);
  return fixed ? { name: fixed.name, source: fixed.source } : null;
}

/**
 * The rule set as a clinician reads it: "UK opioid dose thresholds (version 1.0.0)". The name comes with the
 * reference where the service sent it; older stored records (saved before names were kept) and screens whose
 * service sends only the id and version use the shipped name, and a set made locally with no name stored reads
 * "Local rule set". Never shows the id.
 */
export function ruleSetLabel(ref: RuleSetRef): string {
  const name = ref.name?.trim() || shippedRuleSetText(ref.id)?.name || 'Local rule set';
  return `${name} (version ${ref.version})`;
}

/** The hover text: the source where known (sent with the reference, else the shipped set's source). */
export function ruleSetTitle(ref: RuleSetRef): string | undefined {
  const source = ref.source?.trim() || shippedRuleSetText(ref.id)?.source;
  return source ? `Source: ${source}` : undefined;
}
