/**
 * Versioned, administrator-editable clinical rule sets (the service's clinical decisions (clinical lead): "each clinical default must be
 * visible in the app (name, version, source) and changeable in Settings by an administrator; every
 * computed result records which rule set and version produced it").
 *
 * A *kind* is one sort of rule set (OME factors, anticoagulant holds...). Each kind holds one or more named
 * *sets* (`setKey`), one of which is the kind's default; each set has *versions*. The shipped sets live in
 * `shared/clinical` (code); saved versions live in the database (`rule_set_versions`, rows never change).
 * The current version of a set is its latest saved row, else the shipped value.
 *
 * Every kind has a zod schema for its *body* (the rule set without its name, version and source), written
 * with clinician-readable messages so errors show next to the field or table row, and where
 * `shared/clinical` has a pure validator (validateOmeRuleSet, validateAnticoagulantRuleSet...), it runs too.
 */

// Split along its seams in shared/domain/rule-sets/: the kinds (kinds.ts); the body schemas
// (medicines-bodies.ts, interventions-bodies.ts, rehab-mdt-bodies.ts; those of issue 13 in
// rule-sets-medicines.ts); the registry (registry.ts) and what reads it (lookups.ts); the requests and
// answers (requests.ts); the two-person approval (approval.ts). Import from here, not from the parts.

export * from './rule-sets/kinds';
export * from './rule-sets/registry';
export * from './rule-sets/lookups';
export * from './rule-sets/requests';
export * from './rule-sets/approval';
