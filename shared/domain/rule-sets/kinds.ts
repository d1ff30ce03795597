import type { z } from 'zod';
import type { RuleSetMeta } from '../../clinical/errors';
import type { ShippedAnticoagulantRuleSet } from '../../clinical/interventions/anticoagulant-rule-sets';
import type { BankHolidayRuleSet } from '../../clinical/interventions/bank-holidays';
import type { ProcedureCatalogue } from '../../clinical/interventions/catalogue';
import type { CommissionerRuleSet } from '../../clinical/interventions/commissioner';
import type { SerotonergicRuleSet } from '../../clinical/interventions/serotonergic';
import type { SuggestionRuleSet } from '../../clinical/mdt/suggestions';
import type { CaseReadinessRules } from '../../clinical/mdt/readiness';
import type { SuggestionRankingRule } from '../../clinical/mdt/suggestion-ranking';
import type { CombinationFlagRuleSet, OmeThresholdRuleSet } from '../../clinical/medicines/flags';
import type { FormularyEntry } from '../../clinical/medicines/formulary';
import type { OmeRuleSet } from '../../clinical/medicines/rule-sets';
import type { TaperDefaults } from '../../clinical/medicines/taper';
import type { AshtonRuleSet } from '../../clinical/medicines/benzo-ashton';
import type { MedicineCheckRuleSet } from '../../clinical/medicines/check-rules';
import type { EntryWarningRuleSet } from '../../clinical/medicines/entry-checks';
import type { SpecialistFlagRuleSet } from '../../clinical/medicines/headline';
import type { TaperClassRuleSet } from '../../clinical/medicines/taper-products';
import type { TaperLetterRuleSet } from '../../clinical/medicines/taper-letter';
import type { TimePoint } from '../../clinical/rehab/timepoints';

/**
 * The kinds of clinical rule set and the shape of a kind's definition (see shared/domain/rule-sets.ts for
 * kinds, sets and versions).
 */

export const RULE_SET_KINDS = [
  'ome-factors',
  'ome-thresholds',
  'combination-flags',
  'taper-defaults',
  'formulary',
  'anticoagulant-holds',
  'commissioner-rules',
  'procedure-catalogue',
  'gas',
  'rehab-timepoints',
  'mdt-suggestions',
  'bank-holidays',
  'benzodiazepine-taper',
  'entry-warnings',
  'medicine-checks',
  'specialist-opioid-flags',
  'taper-class-defaults',
  'taper-letter',
  'serotonergic-procedures',
  'mdt-case-readiness',
  'mdt-suggestion-ranking',
] as const;
export type RuleSetKind = (typeof RULE_SET_KINDS)[number];

/** The rule-set object the clinical functions take, for each kind. */
export interface RuleSetValues {
  'ome-factors': OmeRuleSet;
  'ome-thresholds': OmeThresholdRuleSet;
  'combination-flags': CombinationFlagRuleSet;
  'taper-defaults': TaperDefaults;
  formulary: Formulary;
  'anticoagulant-holds': ShippedAnticoagulantRuleSet;
  'commissioner-rules': CommissionerRuleSet;
  'procedure-catalogue': ProcedureCatalogue;
  gas: GasRules;
  'rehab-timepoints': TimePointRules;
  'mdt-suggestions': SuggestionRuleSet;
  'bank-holidays': BankHolidayRuleSet;
  'benzodiazepine-taper': AshtonRuleSet;
  'entry-warnings': EntryWarningRuleSet;
  'medicine-checks': MedicineCheckRuleSet;
  'specialist-opioid-flags': SpecialistFlagRuleSet;
  'taper-class-defaults': TaperClassRuleSet;
  'taper-letter': TaperLetterRuleSet;
  'serotonergic-procedures': SerotonergicRuleSet;
  'mdt-case-readiness': CaseReadinessRules;
  'mdt-suggestion-ranking': SuggestionRankingRule;
}

/** The formulary as one versioned rule set. */
export interface Formulary {
  meta: RuleSetMeta;
  entries: readonly FormularyEntry[];
}

/** GAS settings: the assumed correlation between goals (ρ). */
export interface GasRules {
  meta: RuleSetMeta;
  rho: number;
}

/** Outcome-measure collection points. */
export interface TimePointRules {
  meta: RuleSetMeta;
  timePoints: readonly TimePoint[];
}

/** The name, version and source of one version of a set (stored beside its body). */
export interface RuleSetHeader {
  setKey: string;
  name: string;
  version: string;
  source: string;
}

export type RuleSetArea = 'Medicines' | 'Interventions' | 'Rehabilitation' | 'MDT';
export type RuleSetEditor = 'thresholds' | 'taper' | 'gas' | 'json';

/** A set shipped with the app (in code). */
export interface ShippedRuleSet {
  setKey: string;
  name: string;
  version: string;
  source: string;
  /** The kind's default set (exactly one per kind). */
  isDefault: boolean;
  /** Clearly an example, not policy (e.g. the example commissioner rules). */
  example: boolean;
  body: unknown;
}

export interface RuleSetKindDef<K extends RuleSetKind = RuleSetKind> {
  key: K;
  label: string;
  area: RuleSetArea;
  /** What the rules decide, for the Settings list. */
  description: string;
  /** How "New version" edits the body: a structured form for small kinds, else the JSON editor. */
  editor: RuleSetEditor;
  /** A kind may hold several named sets (one default), e.g. anticoagulant holds. */
  multipleSets: boolean;
  /** The body (everything but name, version and source), with clinician-readable messages. */
  bodySchema: z.ZodType;
  shipped: readonly ShippedRuleSet[];
  /** The clinical rule-set object from a header and a body that passed `bodySchema`. */
  compose(header: RuleSetHeader, body: unknown): RuleSetValues[K];
  /** The pure validator from shared/clinical, where one exists (throws ClinicalInputError). */
  validate?(value: RuleSetValues[K]): void;
}
