import { ClinicalInputError } from '../../clinical/errors';
import type { RuleSetHeader, RuleSetKind, RuleSetKindDef, RuleSetValues, ShippedRuleSet } from './kinds';
import { RULE_SET_REGISTRY } from './registry';

/** Reading the registry: a kind's definition, its shipped sets, and the check of a new version's body. */

/** Turns a pure validator's ClinicalInputError field (`ruleSet.factors.3.factor`) into a body path. */
export function clinicalFieldToPath(field: string | undefined): string {
  if (!field) return 'body';
  const rest = field.replace(/^ruleSet\.?/, '');
  if (rest === '') return 'body';
  if (rest.startsWith('meta.')) return rest.slice('meta.'.length);
  return `body.${rest}`;
}

export function ruleSetKind<K extends RuleSetKind>(kindKey: K): RuleSetKindDef<K> {
  return RULE_SET_REGISTRY[kindKey] as RuleSetKindDef<K>;
}

export function shippedDefault(kindKey: RuleSetKind): ShippedRuleSet {
  const def = RULE_SET_REGISTRY[kindKey];
  return def.shipped.find((s) => s.isDefault) ?? def.shipped[0]!;
}

/** The shipped value of a set (the default set when `setKey` is omitted), ready for the clinical functions. */
export function shippedValue<K extends RuleSetKind>(kindKey: K, setKey?: string): RuleSetValues[K] {
  const def = ruleSetKind(kindKey);
  const s = setKey ? def.shipped.find((x) => x.setKey === setKey) : shippedDefault(kindKey);
  if (!s) throw new Error(`No shipped ${kindKey} set "${setKey}".`);
  return def.compose(s, s.body);
}

/**
 * Checks a header and body against the kind's schema and pure validator. Returns the composed value, or the
 * problems as field path → message (`body.rules.3.holdHours`, `version`...).
 */
export function checkRuleSet<K extends RuleSetKind>(
  kindKey: K,
  header: RuleSetHeader,
  body: unknown,
): { ok: true; value: RuleSetValues[K]; body: unknown } | { ok: false; fields: Record<string, string> } {
  const def = ruleSetKind(kindKey);
  const parsed = def.bodySchema.safeParse(body);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = ['body', ...issue.path.map(String)].join('.');
      fields[key] ??= issue.message;
    }
    return { ok: false, fields };
  }
  const value = def.compose(header, parsed.data);
  if (def.validate) {
    try {
      def.validate(value);
    } catch (err) {
      if (err instanceof ClinicalInputError)
        return { ok: false, fields: { [clinicalFieldToPath(err.field)]: err.message } };
      throw err;
    }
  }
  return { ok: true, value, body: parsed.data };
}
