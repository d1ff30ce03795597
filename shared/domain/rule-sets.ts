import { z } from 'zod';
import { ClinicalInputError, type RuleSetMeta } from '../clinical/errors';
import {
  ASRA_ESRA_PAIN_2018,
  UK_NEURAXIAL,
  type ShippedAnticoagulantRuleSet,
} from '../clinical/interventions/anticoagulant-rule-sets';
import {
  ENGLAND_WALES_BANK_HOLIDAYS,
  validateBankHolidays,
  type BankHolidayRuleSet,
} from '../clinical/interventions/bank-holidays';
import { PROCEDURE_CATALOGUE, type ProcedureCatalogue } from '../clinical/interventions/catalogue';
import { EXAMPLE_COMMISSIONER_RULES, type CommissionerRuleSet } from '../clinical/interventions/commissioner';
import { validateAnticoagulantRuleSet } from '../clinical/interventions/holds';
import {
  DEFAULT_SUGGESTION_RULES,
  parseSuggestionRules,
  type SuggestionCode,
  type SuggestionRuleSet,
} from '../clinical/mdt/suggestions';
import { CASE_READINESS_RULES, type CaseReadinessRules } from '../clinical/mdt/readiness';
import { SUGGESTION_RANKING_RULE, type SuggestionRankingRule } from '../clinical/mdt/suggestion-ranking';
import {
  COMBINATION_FLAG_RULES,
  OME_THRESHOLDS,
  type CombinationFlagCode,
  type CombinationFlagRuleSet,
  type OmeThresholdRuleSet,
} from '../clinical/medicines/flags';
import { FORMULARY, FORMULARY_META, type FormularyEntry } from '../clinical/medicines/formulary';
import { OPIOIDS_AWARE_2020, validateOmeRuleSet, type OmeRuleSet } from '../clinical/medicines/rule-sets';
import { TAPER_DEFAULTS, type TaperDefaults } from '../clinical/medicines/taper';
import { ASHTON_BENZODIAZEPINE_TAPER, type AshtonRuleSet } from '../clinical/medicines/benzo-ashton';
import { MEDICINE_CHECK_RULES, type MedicineCheckRuleSet } from '../clinical/medicines/check-rules';
import { ENTRY_WARNING_RULES, type EntryWarningRuleSet } from '../clinical/medicines/entry-checks';
import { SPECIALIST_OPIOID_FLAGS, type SpecialistFlagRuleSet } from '../clinical/medicines/headline';
import { TAPER_CLASS_DEFAULTS, type TaperClassRuleSet } from '../clinical/medicines/taper-products';
import { TAPER_LETTER_RULES, type TaperLetterRuleSet } from '../clinical/medicines/taper-letter';
import {
  SEROTONERGIC_ASRA_ESRA_2018,
  type SerotonergicRuleSet,
} from '../clinical/interventions/serotonergic';
import {
  ashtonBody,
  entryWarningsBody,
  medicineChecksBody,
  serotonergicBody,
  specialistFlagsBody,
  taperClassBody,
  taperLetterBody,
  validateAshton,
} from './rule-sets-medicines';
import { DRUG_CLASSES, OPIOID_ROUTES } from '../clinical/medicines/types';
import { GAS_DEFAULT_RHO, GAS_RULE_SET } from '../clinical/rehab/gas';
import { MEASURE_IDS } from '../clinical/rehab/measures';
import { DEFAULT_TIME_POINTS, type TimePoint } from '../clinical/rehab/timepoints';
import {
  bool,
  genericName,
  nonNegativeNumber,
  opioidRoute,
  optionalText,
  positiveNumber,
  text,
  unique,
  uniqueIn,
  wholeNumber,
} from './rule-set-fields';

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

// ------------------------------------------------------------------ building blocks

const metaOf = (h: RuleSetHeader): RuleSetMeta => ({
  id: h.setKey,
  name: h.name,
  version: h.version,
  source: h.source,
});

/** Turns a pure validator's ClinicalInputError field (`ruleSet.factors.3.factor`) into a body path. */
export function clinicalFieldToPath(field: string | undefined): string {
  if (!field) return 'body';
  const rest = field.replace(/^ruleSet\.?/, '');
  if (rest === '') return 'body';
  if (rest.startsWith('meta.')) return rest.slice('meta.'.length);
  return `body.${rest}`;
}

// ------------------------------------------------------------------ medicines

const omeFactorRow = z.strictObject({
  drug: genericName,
  route: opioidRoute.refine(
    (r) => r !== 'transdermal',
    'Patches are converted by the patch table, not by a factor row.',
  ),
  factor: positiveNumber('Enter the factor as a number above 0.', 1000),
  unit: z.enum(['per-mg', 'per-mcg'], { error: 'Choose per-mg or per-mcg.' }),
  source: text('Say where this factor comes from.'),
});

const omeFactorsBody = z
  .strictObject({
    factors: z.array(omeFactorRow, { error: 'The factor table is missing.' }).max(300, 'At most 300 rows.'),
    patches: z
      .array(
        z.strictObject({
          drug: genericName,
          table: z.array(
            z.strictObject({
              mcgPerHour: positiveNumber('Enter the patch strength in micrograms per hour.', 1000),
              omeMgPer24h: nonNegativeNumber('Enter the OME in mg per 24 hours.', 10_000),
              deliveredMcgPerHour: positiveNumber(
                'Enter what the patch really delivers, in micrograms per hour.',
                1000,
              ).optional(),
            }),
          ),
          unlistedFactorPerMcgPerHour: positiveNumber(
            'Enter the factor for unlisted strengths (above 0), or null to leave them out.',
            100,
          ).nullable(),
          source: text('Say where this patch table comes from.'),
        }),
        { error: 'The patch tables are missing.' },
      )
      .max(50, 'At most 50 patch tables.'),
    lowConfidenceFactors: z
      .array(omeFactorRow, {
        error: 'The estimated (low-confidence) factors are missing.',
      })
      .max(300, 'At most 300 rows.'),
    neverTotalled: z
      .array(
        z.strictObject({
          drug: genericName,
          routes: z.union([z.literal('all'), z.array(opioidRoute).min(1, 'Choose at least one route.')], {
            error: 'Give "all" or a list of routes.',
          }),
          reason: text('Say why it is never totalled (shown to clinicians).'),
        }),
        { error: 'The never-totalled list is missing.' },
      )
      .max(300, 'At most 300 rows.'),
  })
  .superRefine((b, ctx) => {
    const all = [
      ...b.factors.map((r, i) => ({ r, path: ['factors', i] })),
      ...b.lowConfidenceFactors.map((r, i) => ({ r, path: ['lowConfidenceFactors', i] })),
    ];
    const seen = new Set<string>();
    for (const { r, path } of all) {
      const key = `${r.drug}|${r.route}`;
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'route'],
          message: `${r.drug} ${r.route} already has a factor.`,
        });
      seen.add(key);
    }
    unique(
      b.patches,
      (p) => p.drug,
      'drug',
      (p) => `${p.drug} already has a patch table.`,
      ctx,
      ['patches'],
    );
    b.patches.forEach((p, i) =>
      unique(
        p.table,
        (row) => String(row.mcgPerHour),
        'mcgPerHour',
        (row) => `${row.mcgPerHour} mcg/h is listed twice.`,
        ctx,
        ['patches', i, 'table'],
      ),
    );
  });

const thresholdsBody = z
  .strictObject({
    thresholds: z
      .array(
        z.strictObject({
          code: z
            .string({ error: 'Enter a code, e.g. OME_HIGH_DOSE.' })
            .regex(/^[A-Z][A-Z0-9_]{1,40}$/, 'Use capitals and underscores, e.g. OME_HIGH_DOSE.'),
          mgPer24h: positiveNumber('Enter the threshold in mg OME per 24 hours (above 0).', 2000),
          label: text('Enter the words shown with the flag.', 120),
          source: text('Say where this threshold comes from.'),
        }),
        { error: 'The thresholds are missing.' },
      )
      .min(1, 'Keep at least one threshold.')
      .max(20, 'At most 20 thresholds.'),
  })
  .superRefine(uniqueIn('thresholds', 'code'));

const combinationRule = (code: CombinationFlagCode) =>
  z.strictObject({
    code: z.literal(code, { error: `The code must stay ${code}.` }),
    message: text('Enter the message clinicians see with this flag.'),
    source: text('Say where this flag comes from.'),
  });
const combinationBody = z.strictObject({
  rules: z.strictObject(
    {
      OPIOID_BENZODIAZEPINE_Z_DRUG: combinationRule('OPIOID_BENZODIAZEPINE_Z_DRUG'),
      OPIOID_GABAPENTINOID: combinationRule('OPIOID_GABAPENTINOID'),
      MULTIPLE_OPIOIDS: combinationRule('MULTIPLE_OPIOIDS'),
      GABAPENTIN_PREGABALIN: combinationRule('GABAPENTIN_PREGABALIN'),
    },
    { error: 'The four combination flags are needed (the triggers are fixed by product decision).' },
  ),
});

const taperBody = z.strictObject({
  mode: z.enum(['percent-of-start', 'percent-of-current'], {
    error: 'Choose % of the starting dose or % of the current dose.',
  }),
  percent: positiveNumber('Enter the reduction per step as a percentage above 0.', 50),
  intervalDays: wholeNumber('Enter the days between steps (a whole number).', 1, 365),
});

const FORMULARY_ROUTES = [...OPIOID_ROUTES, 'topical'] as const;
const formularyBody = z
  .strictObject({
    entries: z
      .array(
        z.strictObject({
          id: z
            .string({ error: 'Enter an id, e.g. oxycodone-mr-tablet.' })
            .regex(
              /^[a-z0-9][a-z0-9-]{1,60}$/,
              'Use lower-case letters, digits and hyphens, e.g. oxycodone-mr-tablet.',
            ),
          name: text('Enter the product name.', 120),
          generic: genericName,
          form: text('Enter the form, e.g. tablet.', 60),
          route: z.enum(FORMULARY_ROUTES, { error: `Choose a route: ${FORMULARY_ROUTES.join(', ')}.` }),
          strengths: z.array(
            z.strictObject({
              value: positiveNumber('Enter the strength as a number above 0.', 100_000),
              unit: z.enum(['mg', 'mcg', 'mcg/h', 'mg/mL', 'mcg/mL', '%'], {
                error: 'Choose mg, mcg, mcg/h, mg/mL, mcg/mL or %.',
              }),
            }),
          ),
          drugClass: z.enum(DRUG_CLASSES as unknown as [string, ...string[]], {
            error: `Choose a class: ${DRUG_CLASSES.join(', ')}.`,
          }),
          schedule: z.enum(['CD2', 'CD3', 'CD4-1', 'CD4-2', 'CD5', 'POM', 'P', 'GSL'], {
            error: 'Choose CD2, CD3, CD4-1, CD4-2, CD5, POM, P or GSL.',
          }),
          release: z.enum(['immediate', 'modified'], { error: 'Choose immediate or modified release.' }),
          changeEveryDays: wholeNumber('Enter how often the patch is changed, in days.', 1, 14).optional(),
          combinedWith: optionalText(120),
          scored: z.boolean().optional(),
          brands: z
            .array(
              z.strictObject({
                name: text('Enter the brand name.', 60),
                strengths: z
                  .array(positiveNumber('Enter the strength as a number above 0.', 100_000))
                  .optional(),
              }),
            )
            .max(20, 'At most 20 brands.')
            .optional(),
        }),
        { error: 'The formulary entries are missing.' },
      )
      .min(1, 'Keep at least one medicine.')
      .max(5000, 'At most 5,000 medicines.'),
  })
  .superRefine(uniqueIn('entries', 'id'));

// ------------------------------------------------------------------ interventions

const RISKS = ['low', 'intermediate', 'high'] as const;
const hours = (message: string) => nonNegativeNumber(message, 24 * 60);
const anticoagulantBody = z
  .strictObject({
    rules: z
      .array(
        z.strictObject({
          drug: z
            .string({ error: 'Enter the drug key, e.g. apixaban.' })
            .trim()
            .min(1, 'Enter the drug key, e.g. apixaban.')
            .max(60, 'At most 60 characters.'),
          risk: z.enum(RISKS, { error: 'Choose low, intermediate or high bleeding risk.' }),
          holdHours: hours('Enter the hold in hours (0 or more), or null for no hold.').nullable(),
          renal: z
            .array(
              z.strictObject({
                belowMlPerMin: positiveNumber(
                  'Enter the creatinine clearance (mL/min) below which it applies.',
                  200,
                ),
                holdHours: hours('Enter the hold in hours (0 or more).'),
              }),
            )
            .optional(),
          requiresCreatinineClearance: bool('Say true or false.').optional(),
          restartAfterHours: hours('Enter the restart time in hours (0 or more).').optional(),
          clinicianDecides: text('Say what the clinician decides.', 300).optional(),
          noRuleBelowMlPerMin: positiveNumber('Enter a creatinine clearance in mL/min.', 200).optional(),
          note: optionalText(300),
          // The short end of the guideline's range: a prescriber may choose between it and holdHours.
          minHoldHours: hours(
            'Enter the shortest hold the guideline allows, in hours (0 or more).',
          ).optional(),
        }),
        { error: 'The hold rules are missing.' },
      )
      .max(3000, 'At most 3,000 rules.'),
  })
  .superRefine((b, ctx) =>
    unique(
      b.rules,
      (r) =>
        `${r.drug
          .trim()
          .toLowerCase()
          .replace(/[\s_]+/g, '-')}|${r.risk}`,
      'drug',
      (r) => `${r.drug} already has a rule for ${r.risk} risk; keep one.`,
      ctx,
      ['rules'],
    ),
  );

const procedureCode = z
  .string({ error: 'Enter a procedure code, e.g. RFD_L.' })
  .regex(/^[A-Z][A-Z0-9_]{1,30}$/, 'Use the catalogue code in capitals, e.g. RFD_L.');

const commissionerBody = z.strictObject({
  commissioner: text('Enter the commissioner’s name.', 120),
  isExample: bool('Say whether this is an example (true) or the commissioner’s policy (false).'),
  rules: z
    .array(
      z.strictObject({
        procedureCode,
        minRepeatIntervalMonths: wholeNumber(
          'Enter the minimum repeat interval in months.',
          1,
          120,
        ).optional(),
        repeatFamily: z.array(procedureCode).max(50, 'At most 50 codes.').optional(),
        prerequisites: z
          .array(
            z.strictObject({
              procedureCode,
              description: text('Describe the prerequisite.', 300),
              withinMonths: wholeNumber('Enter the window in months.', 1, 120).optional(),
              minReliefPercent: wholeNumber(
                'Enter the minimum relief as a percentage (0-100).',
                0,
                100,
              ).optional(),
            }),
          )
          .optional(),
        note: optionalText(500),
      }),
      { error: 'The rules are missing.' },
    )
    .max(1000, 'At most 1,000 rules.'),
});

const IMAGING = ['none', 'fluoroscopy', 'ultrasound', 'CT'] as const;
const EQUIPMENT = [
  'fluoroscopy',
  'ultrasound',
  'CT',
  'rf-generator',
  'stimulator-kit-and-rep',
  'pump-refill-kit',
  'monitored-chair',
] as const;
const catalogueBody = z
  .strictObject({
    procedures: z
      .array(
        z.strictObject({
          code: procedureCode,
          name: text('Enter the procedure name.', 200),
          defaultDurationMinutes: wholeNumber('Enter the planned minutes for one case.', 5, 720),
          imaging: z.enum(IMAGING, { error: 'Choose none, fluoroscopy, ultrasound or CT.' }),
          imagingAlternatives: z.array(
            z.enum(IMAGING, { error: 'Choose none, fluoroscopy, ultrasound or CT.' }),
          ),
          needsRadiographer: bool('Say whether a radiographer is needed.'),
          usesContrast: bool('Say whether contrast is used.'),
          sedation: z.enum(
            ['none', 'local', 'local-optional-sedation', 'local-and-sedation', 'general-or-sedation'],
            { error: 'Choose the sedation plan.' },
          ),
          settings: z
            .array(
              z.enum(['theatre', 'day-case', 'clinic', 'day-unit'], {
                error: 'Choose theatre, day-case, clinic or day-unit.',
              }),
            )
            .min(1, 'Choose at least one setting.'),
          bleedingRisk: z.enum(RISKS, { error: 'Choose low, intermediate or high, or null.' }).nullable(),
          followUpWeeks: wholeNumber('Enter the follow-up interval in weeks.', 0, 104),
          followUpNote: optionalText(300),
          successCriterion: text('Enter the success criterion.', 300),
          minRepeatIntervalMonths: wholeNumber(
            'Enter the repeat interval in months, or null.',
            1,
            120,
          ).nullable(),
          repeatNote: z
            .string({ error: 'Enter the repeat note (may be empty).' })
            .max(500, 'At most 500 characters.'),
          prerequisites: z.array(
            z.strictObject({
              description: text('Describe the prerequisite.', 300),
              procedureCode: procedureCode.optional(),
            }),
          ),
          isImplant: bool('Say whether it places an implant.'),
          isDiagnosticBlock: bool('Say whether it is a diagnostic block.'),
          interactsWithImplantedDevices: bool('Say whether it interacts with implanted devices.'),
          additionalEquipment: z.array(z.enum(EQUIPMENT, { error: `Choose from: ${EQUIPMENT.join(', ')}.` })),
          exclusions: z.array(text('Enter the exclusion.', 300)),
          sources: text('Say where these defaults come from.'),
        }),
        { error: 'The procedures are missing.' },
      )
      .min(1, 'Keep at least one procedure.')
      .max(1000, 'At most 1,000 procedures.'),
  })
  .superRefine(uniqueIn('procedures', 'code'));

// ------------------------------------------------------------------ rehab and MDT

const gasBody = z.strictObject({
  rho: z
    .number({ error: 'Enter ρ as a number from 0 up to (not including) 1.' })
    .min(0, 'ρ must be at least 0.')
    .lt(1, 'ρ must be less than 1.'),
});

const timePointsBody = z
  .strictObject({
    timePoints: z
      .array(
        z.strictObject({
          id: z
            .string({ error: 'Enter an id, e.g. discharge-6m.' })
            .regex(
              /^[a-z0-9][a-z0-9-]{1,40}$/,
              'Use lower-case letters, digits and hyphens, e.g. discharge-6m.',
            ),
          label: text('Enter the label shown to clinicians.', 80),
          anchor: z.enum(['referral', 'treatmentStart', 'discharge'], {
            error: 'Choose referral, treatmentStart or discharge.',
          }),
          offsetMonths: wholeNumber('Enter the months after the anchor date.', 0, 120),
          windowDays: wholeNumber('Enter the days during which collection counts as on time.', 0, 365),
          measures: z.array(
            z.enum(MEASURE_IDS as unknown as [string, ...string[]], {
              error: `Choose from: ${MEASURE_IDS.join(', ')}.`,
            }),
          ),
        }),
        { error: 'The time points are missing.' },
      )
      .min(1, 'Keep at least one time point.')
      .max(50, 'At most 50 time points.'),
  })
  .superRefine(uniqueIn('timePoints', 'id'));

const suggestionThreshold = (min: number, int: boolean) =>
  z.strictObject({
    value: int
      ? wholeNumber('Enter a whole number.', min, 10_000)
      : nonNegativeNumber('Enter a number (0 or more).', 10_000),
    unit: text('Enter the unit.', 80),
    source: text('Say where this threshold comes from.'),
  });
const suggestionsBody = z.strictObject({
  example: bool('Say whether these are example values (true) or approved by the clinical lead (false).'),
  opioidHighDoseMgPerDay: suggestionThreshold(0, false),
  opioidNoDiscussionMonths: suggestionThreshold(1, true),
  taperHoldsOrStepBacks: suggestionThreshold(1, true),
  rehabGoalsWithoutProgress: suggestionThreshold(1, true),
  overdueActionGraceDays: suggestionThreshold(0, true),
});

const caseReadinessBody = z.strictObject({
  example: bool('Say whether these are example values (true) or approved by the clinical lead (false).'),
  outcomeMeasureMaxAgeDays: suggestionThreshold(1, true),
});

/** Every suggestion reason, once each, highest priority first (a reason left out could never be ranked). */
const SUGGESTION_CODES = [
  'opioid-high-dose-not-discussed',
  'open-risk-alert',
  'taper-held-or-stepped-back',
  'intervention-decision-needed',
  'rehab-goals-no-progress',
  'overdue-mdt-actions',
] as const satisfies readonly SuggestionCode[];
const suggestionRankingBody = z.strictObject({
  rationale: text('Explain the order for the team.'),
  order: z
    .array(z.enum(SUGGESTION_CODES, { error: 'Use one of the suggestion reasons.' }), {
      error: 'List the suggestion reasons in priority order.',
    })
    .refine((o) => o.length === SUGGESTION_CODES.length && new Set(o).size === o.length, {
      message: `List each of the ${SUGGESTION_CODES.length} suggestion reasons exactly once.`,
    }),
});

const bankHolidaysBody = z.strictObject({
  region: text('Enter the region the list is for, e.g. England and Wales.', 80),
  firstYear: z.number({ error: 'Enter the first year.' }).int().min(2000).max(2100),
  lastYear: z.number({ error: 'Enter the last year.' }).int().min(2000).max(2100),
  holidays: z
    .array(
      z.strictObject({
        date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter each date as YYYY-MM-DD.'),
        name: text('Enter the name of the bank holiday.', 80),
      }),
    )
    .max(400),
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

// ------------------------------------------------------------------ two-person approval (issue 17)

export type RuleSetChangeAction = 'rules.save' | 'rules.setDefault' | 'rules.restoreShipped';

/**
 * A proposed change to a clinical rule set. It takes effect only when a second person, a clinician marked
 * as clinical lead, approves it; proposer and approver are both audited.
 */
export interface RuleSetProposalView {
  id: number;
  kind: RuleSetKind;
  setKey: string;
  action: RuleSetChangeAction;
  /** What the change would save (the request as proposed). */
  request: { version: string; name?: string; source?: string; body?: unknown; reason: string };
  reason: string;
  proposedBy: string;
  proposedById: number;
  proposedAt: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export const decideProposalSchema = z.strictObject({
  proposalId: z.number().int().positive(),
  note: z.string().trim().max(500, 'At most 500 characters.').default(''),
});
