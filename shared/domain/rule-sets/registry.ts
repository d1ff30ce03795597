import type { RuleSetMeta } from '../../clinical/errors';
import {
  ASRA_ESRA_PAIN_2018,
  UK_NEURAXIAL,
  type ShippedAnticoagulantRuleSet,
} from '../../clinical/interventions/anticoagulant-rule-sets';
import {
  ENGLAND_WALES_BANK_HOLIDAYS,
  validateBankHolidays,
} from '../../clinical/interventions/bank-holidays';
import { PROCEDURE_CATALOGUE, type ProcedureCatalogue } from '../../clinical/interventions/catalogue';
import {
  EXAMPLE_COMMISSIONER_RULES,
  type CommissionerRuleSet,
} from '../../clinical/interventions/commissioner';
import { validateAnticoagulantRuleSet } from '../../clinical/interventions/holds';
import {
  DEFAULT_SUGGESTION_RULES,
  parseSuggestionRules,
  type SuggestionRuleSet,
} from '../../clinical/mdt/suggestions';
import { CASE_READINESS_RULES, type CaseReadinessRules } from '../../clinical/mdt/readiness';
import { SUGGESTION_RANKING_RULE, type SuggestionRankingRule } from '../../clinical/mdt/suggestion-ranking';
import { COMBINATION_FLAG_RULES, OME_THRESHOLDS } from '../../clinical/medicines/flags';
import { FORMULARY, FORMULARY_META } from '../../clinical/medicines/formulary';
import { OPIOIDS_AWARE_2020, validateOmeRuleSet } from '../../clinical/medicines/rule-sets';
import { TAPER_DEFAULTS } from '../../clinical/medicines/taper';
import { ASHTON_BENZODIAZEPINE_TAPER } from '../../clinical/medicines/benzo-ashton';
import { MEDICINE_CHECK_RULES } from '../../clinical/medicines/check-rules';
import { ENTRY_WARNING_RULES } from '../../clinical/medicines/entry-checks';
import { SPECIALIST_OPIOID_FLAGS } from '../../clinical/medicines/headline';
import { TAPER_CLASS_DEFAULTS } from '../../clinical/medicines/taper-products';
import { TAPER_LETTER_RULES } from '../../clinical/medicines/taper-letter';
import {
  SEROTONERGIC_ASRA_ESRA_2018,
  type SerotonergicRuleSet,
} from '../../clinical/interventions/serotonergic';
import {
  ashtonBody,
  entryWarningsBody,
  medicineChecksBody,
  serotonergicBody,
  specialistFlagsBody,
  taperClassBody,
  taperLetterBody,
  validateAshton,
} from '../rule-sets-medicines';
import { GAS_DEFAULT_RHO, GAS_RULE_SET } from '../../clinical/rehab/gas';
import { DEFAULT_TIME_POINTS } from '../../clinical/rehab/timepoints';
import type {
  Formulary,
  RuleSetHeader,
  RuleSetKind,
  RuleSetKindDef,
  ShippedRuleSet,
  TimePointRules,
} from './kinds';
import {
  combinationBody,
  formularyBody,
  omeFactorsBody,
  taperBody,
  thresholdsBody,
} from './medicines-bodies';
import { anticoagulantBody, catalogueBody, commissionerBody } from './interventions-bodies';
import {
  bankHolidaysBody,
  caseReadinessBody,
  gasBody,
  suggestionRankingBody,
  suggestionsBody,
  timePointsBody,
} from './rehab-mdt-bodies';

// ------------------------------------------------------------------ building blocks

const metaOf = (h: RuleSetHeader): RuleSetMeta => ({
  id: h.setKey,
  name: h.name,
  version: h.version,
  source: h.source,
});

// ------------------------------------------------------------------ the registry

/** Drops the name/version/id/source (or `meta`) of a shipped value, leaving the body. */
function bodyWithout<T extends object>(value: T, keys: readonly string[]): unknown {
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const k of keys) delete copy[k];
  return JSON.parse(JSON.stringify(copy)) as unknown;
}
const META_KEYS = ['id', 'name', 'version', 'source'] as const;

function shippedFromMeta(
  meta: RuleSetMeta,
  body: unknown,
  isDefault = true,
  example = false,
): ShippedRuleSet {
  return {
    setKey: meta.id,
    name: meta.name,
    version: meta.version,
    source: meta.source,
    isDefault,
    example,
    body,
  };
}

/** The shipped set and `compose` of a kind whose value is `{ meta, ...body }` and ships one constant. */
function metaShaped<V extends { meta: RuleSetMeta }>(
  value: V,
): Pick<RuleSetKindDef, 'shipped'> & {
  compose: (h: RuleSetHeader, body: unknown) => V;
} {
  return {
    shipped: [shippedFromMeta(value.meta, bodyWithout(value, ['meta']))],
    compose: (h, body) => ({ meta: metaOf(h), ...(body as Omit<V, 'meta'>) }) as V,
  };
}

function kind<K extends RuleSetKind>(def: RuleSetKindDef<K>): RuleSetKindDef<K> {
  return def;
}

export const RULE_SET_REGISTRY: { readonly [K in RuleSetKind]: RuleSetKindDef<K> } = {
  'ome-factors': kind({
    key: 'ome-factors',
    label: 'OME conversion factors',
    area: 'Medicines',
    description:
      'Oral morphine equivalent factors per drug and route, patch tables, estimated (parenteral) factors and what is never totalled.',
    editor: 'json',
    multipleSets: false,
    bodySchema: omeFactorsBody,
    ...metaShaped(OPIOIDS_AWARE_2020),
    validate: (v) => void validateOmeRuleSet(v),
  }),
  'ome-thresholds': kind({
    key: 'ome-thresholds',
    label: 'OME thresholds',
    area: 'Medicines',
    description: 'Total OME (mg/24 h, inclusive) at or above which a flag is raised.',
    editor: 'thresholds',
    multipleSets: false,
    bodySchema: thresholdsBody,
    ...metaShaped(OME_THRESHOLDS),
  }),
  'combination-flags': kind({
    key: 'combination-flags',
    label: 'Combination flags',
    area: 'Medicines',
    description:
      'Messages and sources of the high-risk combination flags (the triggers are fixed by product decision).',
    editor: 'json',
    multipleSets: false,
    bodySchema: combinationBody,
    ...metaShaped(COMBINATION_FLAG_RULES),
  }),
  'taper-defaults': kind({
    key: 'taper-defaults',
    label: 'Taper defaults',
    area: 'Medicines',
    description: 'What a new taper plan starts from; the clinician can change every setting of a plan.',
    editor: 'taper',
    multipleSets: false,
    bodySchema: taperBody,
    ...metaShaped(TAPER_DEFAULTS),
  }),
  formulary: kind({
    key: 'formulary',
    label: 'Formulary',
    area: 'Medicines',
    description: 'The pain medicines that can be prescribed: form, strengths, class and legal category.',
    editor: 'json',
    multipleSets: false,
    bodySchema: formularyBody,
    shipped: [shippedFromMeta(FORMULARY_META, { entries: JSON.parse(JSON.stringify(FORMULARY)) as unknown })],
    compose: (h, body) => ({ meta: metaOf(h), ...(body as Omit<Formulary, 'meta'>) }),
  }),
  'anticoagulant-holds': kind({
    key: 'anticoagulant-holds',
    label: 'Anticoagulant holds',
    area: 'Interventions',
    description:
      'How long to hold each anticoagulant or antiplatelet before a procedure, by bleeding-risk tier. Several sets; one is the default.',
    editor: 'json',
    multipleSets: true,
    bodySchema: anticoagulantBody,
    shipped: [
      shippedFromMeta(
        {
          id: ASRA_ESRA_PAIN_2018.id,
          name: ASRA_ESRA_PAIN_2018.name,
          version: ASRA_ESRA_PAIN_2018.version,
          source: ASRA_ESRA_PAIN_2018.source,
        },
        bodyWithout(ASRA_ESRA_PAIN_2018, META_KEYS),
        true,
      ),
      shippedFromMeta(
        {
          id: UK_NEURAXIAL.id,
          name: UK_NEURAXIAL.name,
          version: UK_NEURAXIAL.version,
          source: UK_NEURAXIAL.source,
        },
        bodyWithout(UK_NEURAXIAL, META_KEYS),
        false,
      ),
    ],
    compose: (h, body) => ({ ...metaOf(h), ...(body as Pick<ShippedAnticoagulantRuleSet, 'rules'>) }),
    validate: (v) => validateAnticoagulantRuleSet(v),
  }),
  'commissioner-rules': kind({
    key: 'commissioner-rules',
    label: 'Commissioner rules',
    area: 'Interventions',
    description:
      'Repeat intervals and prerequisites (e.g. a medial branch block before RF) per commissioner.',
    editor: 'json',
    multipleSets: true,
    bodySchema: commissionerBody,
    shipped: [
      shippedFromMeta(
        EXAMPLE_COMMISSIONER_RULES,
        bodyWithout(EXAMPLE_COMMISSIONER_RULES, META_KEYS),
        true,
        true,
      ),
    ],
    compose: (h, body) => ({ ...metaOf(h), ...(body as Omit<CommissionerRuleSet, keyof RuleSetMeta>) }),
  }),
  'procedure-catalogue': kind({
    key: 'procedure-catalogue',
    label: 'Procedure catalogue',
    area: 'Interventions',
    description:
      'Procedure types with planning defaults: duration, imaging, sedation, bleeding risk, follow-up.',
    editor: 'json',
    multipleSets: false,
    bodySchema: catalogueBody,
    shipped: [shippedFromMeta(PROCEDURE_CATALOGUE, bodyWithout(PROCEDURE_CATALOGUE, META_KEYS))],
    compose: (h, body) => ({ ...metaOf(h), ...(body as Pick<ProcedureCatalogue, 'procedures'>) }),
  }),
  gas: kind({
    key: 'gas',
    label: 'Goal Attainment Scaling',
    area: 'Rehabilitation',
    description: 'The assumed correlation between goals (ρ) in the GAS T-score.',
    editor: 'gas',
    multipleSets: false,
    bodySchema: gasBody,
    shipped: [shippedFromMeta(GAS_RULE_SET, { rho: GAS_DEFAULT_RHO })],
    compose: (h, body) => ({ meta: metaOf(h), ...(body as { rho: number }) }),
  }),
  'rehab-timepoints': kind({
    key: 'rehab-timepoints',
    label: 'Outcome measure time points',
    area: 'Rehabilitation',
    description: 'When outcome measures are collected, and which.',
    editor: 'json',
    multipleSets: false,
    bodySchema: timePointsBody,
    shipped: [
      shippedFromMeta(
        {
          id: 'rehab-timepoints-default',
          name: 'Outcome measure time points (example defaults)',
          version: '1.0.0',
          source:
            'Product decision (referral, start of treatment, discharge, 6 and 12 months after discharge); core set ' +
            'after the British Pain Society / Faculty of Pain Medicine outcomes guidance (2019) and the National Pain Audit; ' +
            'windows are example values.',
        },
        { timePoints: JSON.parse(JSON.stringify(DEFAULT_TIME_POINTS)) as unknown },
      ),
    ],
    compose: (h, body) => ({ meta: metaOf(h), ...(body as Omit<TimePointRules, 'meta'>) }),
  }),
  'mdt-suggestions': kind({
    key: 'mdt-suggestions',
    label: 'MDT case suggestions',
    area: 'MDT',
    description: 'Thresholds that suggest a patient for the MDT list (advisory only).',
    editor: 'json',
    multipleSets: false,
    bodySchema: suggestionsBody,
    shipped: [
      shippedFromMeta(DEFAULT_SUGGESTION_RULES, bodyWithout(DEFAULT_SUGGESTION_RULES, META_KEYS), true, true),
    ],
    compose: (h, body) => ({ ...metaOf(h), ...(body as Omit<SuggestionRuleSet, keyof RuleSetMeta>) }),
    validate: (v) => void parseSuggestionRules(v),
  }),
  'bank-holidays': kind({
    key: 'bank-holidays',
    label: 'Bank holidays',
    area: 'Interventions',
    description:
      'Bank holidays for England and Wales: creating a list on one warns and needs a reason; term templates skip them; find a slot does not offer them.',
    editor: 'json',
    multipleSets: false,
    bodySchema: bankHolidaysBody,
    ...metaShaped(ENGLAND_WALES_BANK_HOLIDAYS),
    validate: (v) => validateBankHolidays(v),
  }),
  'benzodiazepine-taper': kind({
    key: 'benzodiazepine-taper',
    label: 'Benzodiazepine switch to diazepam and reduction',
    area: 'Medicines',
    description:
      'Ashton equivalents for switching to diazepam, the reduction bands (mg off a step by daily dose), the interval and the diazepam products steps are written with.',
    editor: 'json',
    multipleSets: false,
    bodySchema: ashtonBody,
    ...metaShaped(ASHTON_BENZODIAZEPINE_TAPER),
    validate: (v) => validateAshton(v),
  }),
  'entry-warnings': kind({
    key: 'entry-warnings',
    label: 'Maximum doses at entry',
    area: 'Medicines',
    description:
      'Adult maximum daily doses (above one: a warning needing a reason; the multiple refused outright), the paracetamol 24-hour maximum and the implausible opioid dose.',
    editor: 'json',
    multipleSets: false,
    bodySchema: entryWarningsBody,
    ...metaShaped(ENTRY_WARNING_RULES),
  }),
  'medicine-checks': kind({
    key: 'medicine-checks',
    label: 'Medicine interactions and prompts',
    area: 'Medicines',
    description:
      'Medicine groups, the interaction and prompt wording with sources, renal dose bands, the methadone ECG dose, the naloxone OME and the pregnancy ages.',
    editor: 'json',
    multipleSets: false,
    bodySchema: medicineChecksBody,
    ...metaShaped(MEDICINE_CHECK_RULES),
  }),
  'specialist-opioid-flags': kind({
    key: 'specialist-opioid-flags',
    label: 'Opioids left out of the total',
    area: 'Medicines',
    description:
      'The flags (with what to do) for methadone, sublingual buprenorphine and transmucosal fentanyl, and for as-needed use above the maximum.',
    editor: 'json',
    multipleSets: false,
    bodySchema: specialistFlagsBody,
    ...metaShaped(SPECIALIST_OPIOID_FLAGS),
  }),
  'taper-class-defaults': kind({
    key: 'taper-class-defaults',
    label: 'Taper defaults by class',
    area: 'Medicines',
    description:
      'What a taper starts from for each medicine class when no % is chosen (opioids, benzodiazepines, gabapentinoids).',
    editor: 'json',
    multipleSets: false,
    bodySchema: taperClassBody,
    ...metaShaped(TAPER_CLASS_DEFAULTS),
  }),
  'taper-letter': kind({
    key: 'taper-letter',
    label: 'Taper letter safety wording',
    area: 'Medicines',
    description:
      'Withdrawal symptoms and what to do per class, the loss-of-tolerance warning and the naloxone advice printed on taper letters.',
    editor: 'json',
    multipleSets: false,
    bodySchema: taperLetterBody,
    ...metaShaped(TAPER_LETTER_RULES),
  }),
  'serotonergic-procedures': kind({
    key: 'serotonergic-procedures',
    label: 'SSRIs and SNRIs before procedures',
    area: 'Interventions',
    description:
      'Which medicines are SSRIs or SNRIs, and the procedure bleeding-risk tiers at which a discussion with the prescriber is asked for.',
    editor: 'json',
    multipleSets: false,
    bodySchema: serotonergicBody,
    shipped: [
      shippedFromMeta(SEROTONERGIC_ASRA_ESRA_2018, bodyWithout(SEROTONERGIC_ASRA_ESRA_2018, META_KEYS)),
    ],
    compose: (h, body) => ({ ...metaOf(h), ...(body as Omit<SerotonergicRuleSet, keyof RuleSetMeta>) }),
  }),
  'mdt-case-readiness': kind({
    key: 'mdt-case-readiness',
    label: 'MDT case readiness',
    area: 'MDT',
    description:
      'How recent outcome measures must be for a case to be ready for the MDT (older ones are listed as missing).',
    editor: 'json',
    multipleSets: false,
    bodySchema: caseReadinessBody,
    shipped: [
      {
        setKey: CASE_READINESS_RULES.id,
        name: 'MDT case readiness',
        version: CASE_READINESS_RULES.version,
        source: CASE_READINESS_RULES.source,
        isDefault: true,
        example: CASE_READINESS_RULES.example,
        body: bodyWithout(CASE_READINESS_RULES, ['id', 'version', 'source']),
      },
    ],
    compose: (h, body) => ({
      id: h.setKey,
      version: h.version,
      source: h.source,
      ...(body as Omit<CaseReadinessRules, 'id' | 'version' | 'source'>),
    }),
  }),
  'mdt-suggestion-ranking': kind({
    key: 'mdt-suggestion-ranking',
    label: 'MDT suggestion order',
    area: 'MDT',
    description: 'The order in which suggested MDT cases are listed: the reasons, highest priority first.',
    editor: 'json',
    multipleSets: false,
    bodySchema: suggestionRankingBody,
    shipped: [
      {
        setKey: SUGGESTION_RANKING_RULE.id,
        name: 'MDT suggestion order',
        version: SUGGESTION_RANKING_RULE.version,
        source: SUGGESTION_RANKING_RULE.source,
        isDefault: true,
        example: false,
        body: bodyWithout(SUGGESTION_RANKING_RULE, ['id', 'version', 'source']),
      },
    ],
    compose: (h, body) => ({
      id: h.setKey,
      version: h.version,
      source: h.source,
      ...(body as Omit<SuggestionRankingRule, 'id' | 'version' | 'source'>),
    }),
  }),
};
