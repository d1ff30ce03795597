/**
 * Kept so existing imports work: the helpers are not medicines-specific and live in ./rule-set-names (the
 * rehabilitation and MDT screens use them too).
 */
export { ruleSetLabel, ruleSetTitle, shippedRuleSetText, type RuleSetRef } from './rule-set-names';
