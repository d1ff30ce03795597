import { z } from 'zod';
import type { CombinationFlagCode } from '../../clinical/medicines/flags';
import { DRUG_CLASSES, OPIOID_ROUTES } from '../../clinical/medicines/types';
import {
  genericName,
  nonNegativeNumber,
  opioidRoute,
  optionalText,
  positiveNumber,
  text,
  unique,
  uniqueIn,
  wholeNumber,
} from '../rule-set-fields';

/**
 * Body schemas of the medicines rule sets (OME factors, OME thresholds, combination flags, taper defaults,
 * the formulary); those added by issue 13 are in shared/domain/rule-sets-medicines.ts.
 */

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

export const omeFactorsBody = z
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

export const thresholdsBody = z
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
export const combinationBody = z.strictObject({
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

export const taperBody = z.strictObject({
  mode: z.enum(['percent-of-start', 'percent-of-current'], {
    error: 'Choose % of the starting dose or % of the current dose.',
  }),
  percent: positiveNumber('Enter the reduction per step as a percentage above 0.', 50),
  intervalDays: wholeNumber('Enter the days between steps (a whole number).', 1, 365),
});

const FORMULARY_ROUTES = [...OPIOID_ROUTES, 'topical'] as const;
export const formularyBody = z
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
