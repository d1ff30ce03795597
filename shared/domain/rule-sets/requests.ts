import { z } from 'zod';
import {
  ASRA_ESRA_PAIN_2018,
  type ShippedAnticoagulantRuleSet,
} from '../../clinical/interventions/anticoagulant-rule-sets';
import { PROCEDURE_CATALOGUE, type ProcedureCatalogue } from '../../clinical/interventions/catalogue';
import {
  EXAMPLE_COMMISSIONER_RULES,
  type CommissionerRuleSet,
} from '../../clinical/interventions/commissioner';
import {
  COMBINATION_FLAG_RULES,
  OME_THRESHOLDS,
  type CombinationFlagRuleSet,
  type OmeThresholdRuleSet,
} from '../../clinical/medicines/flags';
import { FORMULARY, FORMULARY_META, type FormularyEntry } from '../../clinical/medicines/formulary';
import { OPIOIDS_AWARE_2020, type OmeRuleSet } from '../../clinical/medicines/rule-sets';
import { TAPER_DEFAULTS, type TaperDefaults } from '../../clinical/medicines/taper';
import { ASHTON_BENZODIAZEPINE_TAPER, type AshtonRuleSet } from '../../clinical/medicines/benzo-ashton';
import { MEDICINE_CHECK_RULES, type MedicineCheckRuleSet } from '../../clinical/medicines/check-rules';
import { ENTRY_WARNING_RULES, type EntryWarningRuleSet } from '../../clinical/medicines/entry-checks';
import { SPECIALIST_OPIOID_FLAGS, type SpecialistFlagRuleSet } from '../../clinical/medicines/headline';
import { TAPER_CLASS_DEFAULTS, type TaperClassRuleSet } from '../../clinical/medicines/taper-products';
import { TAPER_LETTER_RULES, type TaperLetterRuleSet } from '../../clinical/medicines/taper-letter';
import {
  SEROTONERGIC_ASRA_ESRA_2018,
  type SerotonergicRuleSet,
} from '../../clinical/interventions/serotonergic';
import {
  RULE_SET_KINDS,
  type Formulary,
  type RuleSetArea,
  type RuleSetEditor,
  type RuleSetKind,
} from './kinds';

// ------------------------------------------------------------------ requests and answers

export const ruleSetKindSchema = z.enum(RULE_SET_KINDS, { error: 'Choose a kind of rule set.' });
const setKeySchema = z
  .string({ error: 'Enter a set key.' })
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{1,60}$/, 'Use lower-case letters, digits and hyphens, e.g. uk-neuraxial.');
export const ruleSetVersionSchema = z
  .string({ error: 'Enter a version, e.g. 1.1.0.' })
  .trim()
  .min(1, 'Enter a version, e.g. 1.1.0.')
  .max(20, 'At most 20 characters.')
  .regex(/^[0-9A-Za-z][0-9A-Za-z.-]*$/, 'Use digits, letters, dots and hyphens, e.g. 1.1.0.');
const reasonSchema = z
  .string({ error: 'Say why this version is needed (kept in the history).' })
  .trim()
  .min(3, 'Say why this version is needed (kept in the history).')
  .max(1000, 'At most 1000 characters.');

/** "New version": a header, a reason and a body (checked against the kind's own schema by the service). */
export const saveRuleSetVersionSchema = z.strictObject({
  kind: ruleSetKindSchema,
  setKey: setKeySchema,
  version: ruleSetVersionSchema,
  name: z
    .string({ error: 'Enter a name.' })
    .trim()
    .min(3, 'Enter a name.')
    .max(200, 'At most 200 characters.'),
  source: z
    .string({ error: 'Say where these rules come from.' })
    .trim()
    .min(3, 'Say where these rules come from.')
    .max(4000, 'At most 4000 characters.'),
  reason: reasonSchema,
  body: z.unknown(),
});
export type SaveRuleSetVersion = z.infer<typeof saveRuleSetVersionSchema>;

export const setDefaultRuleSetSchema = z.strictObject({
  kind: ruleSetKindSchema,
  setKey: setKeySchema,
  version: ruleSetVersionSchema,
  reason: reasonSchema,
});

export const restoreShippedRuleSetSchema = setDefaultRuleSetSchema;

export const ruleSetRefSchema = z.strictObject({ kind: ruleSetKindSchema, setKey: setKeySchema.optional() });
export const ruleSetVersionRefSchema = z.strictObject({
  kind: ruleSetKindSchema,
  setKey: setKeySchema,
  version: ruleSetVersionSchema,
});

/** One version of a set (saved or shipped). */
export interface RuleSetVersionView {
  kind: RuleSetKind;
  setKey: string;
  version: string;
  name: string;
  source: string;
  /** The set was the kind's default when this version was saved (shipped: as shipped). */
  isDefault: boolean;
  example: boolean;
  body: unknown;
  /** null for the shipped version (in the app's code). */
  id: number | null;
  shipped: boolean;
  savedAt: string | null;
  savedBy: string | null;
  reason: string | null;
  supersededAt: string | null;
}

/** A set as listed in Settings: its current version and whether it is the kind's default. */
export interface RuleSetSummary {
  setKey: string;
  name: string;
  version: string;
  source: string;
  isDefault: boolean;
  example: boolean;
  /** True while no version has been saved (the shipped value is in use). */
  shipped: boolean;
  shippedVersion: string | null;
  savedAt: string | null;
  savedBy: string | null;
  reason: string | null;
  versions: number;
}

export interface RuleSetKindSummary {
  kind: RuleSetKind;
  label: string;
  area: RuleSetArea;
  description: string;
  editor: RuleSetEditor;
  multipleSets: boolean;
  defaultSetKey: string;
  sets: RuleSetSummary[];
}

/** The rule set a computation uses now. */
export interface ActiveRuleSetView {
  kind: RuleSetKind;
  setKey: string;
  name: string;
  version: string;
  source: string;
  example: boolean;
  shipped: boolean;
  value: unknown;
}

/** Suggests the next version label: 1.0.0 → 1.1.0; anything else gets ".1" added. */
export function suggestNextVersion(current: string, taken: readonly string[]): string {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(current);
  let candidate = m ? `${m[1]}.${Number(m[2]) + 1}.0` : `${current}.1`;
  while (taken.includes(candidate)) {
    const n = /^(\d+)\.(\d+)\.0$/.exec(candidate);
    candidate = n ? `${n[1]}.${Number(n[2]) + 1}.0` : `${candidate}.1`;
  }
  return candidate;
}

/** The medicines rule sets one OME calculation uses together (all from the active versions). */
export interface MedicineRules {
  ome: OmeRuleSet;
  thresholds: OmeThresholdRuleSet;
  combinations: CombinationFlagRuleSet;
  formulary: Formulary;
  taper: TaperDefaults;
  entryWarnings: EntryWarningRuleSet;
  checks: MedicineCheckRuleSet;
  specialistFlags: SpecialistFlagRuleSet;
  taperClasses: TaperClassRuleSet;
  taperLetter: TaperLetterRuleSet;
  ashton: AshtonRuleSet;
}

/** The shipped medicines rule sets (what the services use with no saved versions). */
export const SHIPPED_MEDICINE_RULES: MedicineRules = {
  ome: OPIOIDS_AWARE_2020,
  thresholds: OME_THRESHOLDS,
  combinations: COMBINATION_FLAG_RULES,
  formulary: { meta: FORMULARY_META, entries: FORMULARY },
  taper: TAPER_DEFAULTS,
  entryWarnings: ENTRY_WARNING_RULES,
  checks: MEDICINE_CHECK_RULES,
  specialistFlags: SPECIALIST_OPIOID_FLAGS,
  taperClasses: TAPER_CLASS_DEFAULTS,
  taperLetter: TAPER_LETTER_RULES,
  ashton: ASHTON_BENZODIAZEPINE_TAPER,
};

/** The interventions rule sets one request uses together (all from the active versions). */
export interface InterventionRules {
  holds: ShippedAnticoagulantRuleSet;
  commissioner: CommissionerRuleSet;
  catalogue: ProcedureCatalogue;
  serotonergic: SerotonergicRuleSet;
}

/** The shipped interventions rule sets (the defaults). */
export const SHIPPED_INTERVENTION_RULES: InterventionRules = {
  holds: ASRA_ESRA_PAIN_2018,
  commissioner: EXAMPLE_COMMISSIONER_RULES,
  catalogue: PROCEDURE_CATALOGUE,
  serotonergic: SEROTONERGIC_ASRA_ESRA_2018,
};

/** A formulary entry from the formulary in use (undefined when it is not on it). */
export function formularyEntryIn(
  rules: Pick<MedicineRules, 'formulary'>,
  id: string,
): FormularyEntry | undefined {
  return rules.formulary.entries.find((e) => e.id === id);
}
