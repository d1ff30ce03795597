import { RULE_SET_KINDS, RULE_SET_REGISTRY } from './rule-sets';

/** A rule set as a screen refers to it: the id is for the database and the audit, never for the screen. */
export interface RuleSetRef {
  id: string;
  version: string;
  name?: string;
  source?: string;
}

/** The shipped name of a set key (any kind), or null when the set was made in Settings and is not shipped. */
function shippedName(setKey: string): string | null {
  for (const k of RULE_SET_KINDS) {
    const s = RULE_SET_REGISTRY[k].shipped.find((x) => x.setKey === setKey);
    if (s) return s.name;
  }
  return null;
}

/**
 * The rule set as a clinician reads it: "UK opioid dose thresholds (version 1.0.0)". The name comes with the
 * reference where the service sent it; older stored records (reviews saved before names were kept) carry only
 * the id, so the shipped name is used, and a set made locally with no name stored reads "local rule set".
 * Never shows the id.
 */
export function ruleSetLabel(ref: RuleSetRef): string {
  const name = ref.name?.trim() || shippedName(ref.id) || 'Local rule set';
  return `${name} (version ${ref.version})`;
}

/** The hover text: the source where known. */
export function ruleSetTitle(ref: RuleSetRef): string | undefined {
  return ref.source?.trim() ? `Source: ${ref.source}` : undefined;
}

/** The shipped name and source of a set key (any kind), or null for a set made in Settings. */
export function shippedRuleSetText(setKey: string): { name: string; source: string } | null {
  for (const k of RULE_SET_KINDS) {
    const s = RULE_SET_REGISTRY[k].shipped.find((x) => x.setKey === setKey);
    if (s) return { name: s.name, source: s.source };
  }
  return null;
}
