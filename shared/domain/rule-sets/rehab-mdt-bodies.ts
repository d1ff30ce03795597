import { z } from 'zod';
import type { SuggestionCode } from '../../clinical/mdt/suggestions';
import { MEASURE_IDS } from '../../clinical/rehab/measures';
import { bool, nonNegativeNumber, text, uniqueIn, wholeNumber } from '../rule-set-fields';

/**
 * Body schemas of the rehabilitation and MDT rule sets (GAS, outcome-measure time points, MDT suggestions,
 * case readiness and suggestion order), and of the bank holidays.
 */

// ------------------------------------------------------------------ rehab and MDT

export const gasBody = z.strictObject({
  rho: z
    .number({ error: 'Enter ρ as a number from 0 up to (not including) 1.' })
    .min(0, 'ρ must be at least 0.')
    .lt(1, 'ρ must be less than 1.'),
});

export const timePointsBody = z
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
export const suggestionsBody = z.strictObject({
  example: bool('Say whether these are example values (true) or approved by the clinical lead (false).'),
  opioidHighDoseMgPerDay: suggestionThreshold(0, false),
  opioidNoDiscussionMonths: suggestionThreshold(1, true),
  taperHoldsOrStepBacks: suggestionThreshold(1, true),
  rehabGoalsWithoutProgress: suggestionThreshold(1, true),
  overdueActionGraceDays: suggestionThreshold(0, true),
});

export const caseReadinessBody = z.strictObject({
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
export const suggestionRankingBody = z.strictObject({
  rationale: text('Explain the order for the team.'),
  order: z
    .array(z.enum(SUGGESTION_CODES, { error: 'Use one of the suggestion reasons.' }), {
      error: 'List the suggestion reasons in priority order.',
    })
    .refine((o) => o.length === SUGGESTION_CODES.length && new Set(o).size === o.length, {
      message: `List each of the ${SUGGESTION_CODES.length} suggestion reasons exactly once.`,
    }),
});

export const bankHolidaysBody = z.strictObject({
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
