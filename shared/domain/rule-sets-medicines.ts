import { z } from 'zod';
import { ClinicalInputError } from '../clinical/errors';
import { planAshtonDiazepamTaper, type AshtonRuleSet } from '../clinical/medicines/benzo-ashton';
import { MEDICINE_CHECK_RULES, type CheckGroup, type CheckRuleCode } from '../clinical/medicines/check-rules';
import { DRUG_CLASSES, type DrugClass } from '../clinical/medicines/types';
import {
  bool,
  genericName,
  nonNegativeNumber,
  positiveNumber,
  text,
  unique,
  uniqueIn,
  wholeNumber,
} from './rule-set-fields';

/**
 * Body schemas of the medicines rule sets added by issue 13 (the Ashton diazepam switch and steps, the entry
 * maxima, the interaction checks, the specialist opioid flags, the taper class defaults and the taper letter
 * wording) and the SSRI/SNRI-before-procedure set, so that each can be changed in Settings › Clinical rule
 * sets like the others. The messages are for the clinical lead and sit beside the field or row.
 */

const HALF = 0.5;
const onHalf = (mg: number) => Math.abs(mg / HALF - Math.round(mg / HALF)) < 1e-9;

// ------------------------------------------------------------------ benzodiazepines (Ashton)

export const ashtonBody = z
  .strictObject({
    equivalents: z
      .array(
        z.strictObject({
          drug: genericName,
          mgEquivalentToDiazepam10: positiveNumber(
            'Enter the mg of this medicine about equal to diazepam 10 mg (above 0).',
            1000,
          ),
        }),
        { error: 'The equivalence table is missing.' },
      )
      .min(2, 'Keep diazepam and at least one medicine to switch from.')
      .max(60, 'At most 60 rows.'),
    bands: z
      .array(
        z.strictObject({
          aboveMgPer24h: nonNegativeNumber('Enter the daily dose (mg) above which the band applies.', 200),
          stepMg: positiveNumber('Enter the mg taken off the daily dose at each step (above 0).', 20).refine(
            onHalf,
            'Diazepam products give doses in steps of 0.5 mg: enter a multiple of 0.5.',
          ),
        }),
        { error: 'The reduction bands are missing.' },
      )
      .min(1, 'Keep at least one reduction band.')
      .max(10, 'At most 10 bands.'),
    intervalDays: wholeNumber('Enter the days between steps (a whole number).', 1, 84),
    tabletStrengthsMg: z
      .array(positiveNumber('Enter a tablet strength in mg.', 100), {
        error: 'The diazepam tablet strengths are missing.',
      })
      .min(1, 'Keep at least one tablet strength.')
      .max(10, 'At most 10 strengths.'),
    halvedTabletMg: positiveNumber('Enter the half-tablet dose in mg.', 50),
    liquidMgPer5Ml: positiveNumber('Enter the oral solution strength in mg per 5 mL.', 100),
  })
  .superRefine((b, ctx) => {
    unique(
      b.equivalents,
      (r) => r.drug,
      'drug',
      (r) => `${r.drug} is listed twice.`,
      ctx,
      ['equivalents'],
    );
    const dz = b.equivalents.findIndex((r) => r.drug === 'diazepam');
    if (dz < 0)
      ctx.addIssue({
        code: 'custom',
        path: ['equivalents'],
        message: 'Keep the diazepam row (diazepam 10 mg = diazepam 10 mg).',
      });
    else if (b.equivalents[dz]!.mgEquivalentToDiazepam10 !== 10)
      ctx.addIssue({
        code: 'custom',
        path: ['equivalents', dz, 'mgEquivalentToDiazepam10'],
        message: 'Diazepam 10 mg is diazepam 10 mg: keep 10.',
      });
    b.bands.forEach((band, i) => {
      const prev = b.bands[i - 1];
      if (prev && band.aboveMgPer24h >= prev.aboveMgPer24h)
        ctx.addIssue({
          code: 'custom',
          path: ['bands', i, 'aboveMgPer24h'],
          message: 'List the bands from the highest dose down: each starts below the one before.',
        });
      if (prev && band.stepMg > prev.stepMg)
        ctx.addIssue({
          code: 'custom',
          path: ['bands', i, 'stepMg'],
          message:
            'A lower band cannot take off more than the band above it (steps get smaller as the dose falls).',
        });
    });
    const last = b.bands.length - 1;
    if (b.bands[last] && b.bands[last].aboveMgPer24h !== 0)
      ctx.addIssue({
        code: 'custom',
        path: ['bands', last, 'aboveMgPer24h'],
        message: 'The last band must start at 0 mg, or the taper can never stop.',
      });
    if (!b.tabletStrengthsMg.some((s) => s === b.halvedTabletMg * 2))
      ctx.addIssue({
        code: 'custom',
        path: ['halvedTabletMg'],
        message: 'The half-tablet dose must be half of one of the tablet strengths.',
      });
  });

/** The steps must plan: a sample taper (diazepam 10 mg twice a day) runs to 0 with the saved bands. */
export function validateAshton(v: AshtonRuleSet): void {
  try {
    planAshtonDiazepamTaper({ startAdministrations: [10, 10], startDate: '2026-01-05' }, v);
  } catch (err) {
    if (err instanceof ClinicalInputError)
      throw new ClinicalInputError(
        'INVALID_INPUT',
        `These bands cannot plan a taper from 20 mg a day: ${err.message}`,
        'ruleSet.bands',
      );
    throw err;
  }
}

// ------------------------------------------------------------------ entry warnings (maximum doses)

export const entryWarningsBody = z
  .strictObject({
    maxDaily: z
      .array(
        z.strictObject({
          generic: genericName,
          maxMgPer24h: positiveNumber('Enter the adult maximum in mg per 24 hours (above 0).', 100_000),
          note: text('Say what the maximum is, as the source writes it.', 300),
          source: text('Say where this maximum comes from (BNF monograph or SPC).', 500),
        }),
        { error: 'The maximum daily doses are missing.' },
      )
      .max(500, 'At most 500 medicines.'),
    paracetamolMaxMgPer24h: positiveNumber('Enter the paracetamol maximum in mg per 24 hours.', 10_000),
    implausibleOmeMgPer24h: positiveNumber('Enter the OME (mg/24 h) that is implausibly high.', 100_000),
    impossibleMultipleOfMax: z
      .number({ error: 'Enter how many times the maximum is refused.' })
      .finite('Enter how many times the maximum is refused.')
      .gt(1, 'Must be more than 1: a dose at the maximum itself is allowed.')
      .max(100, 'At most 100.'),
  })
  .superRefine(uniqueIn('maxDaily', 'generic'));

// ------------------------------------------------------------------ interaction checks

const CHECK_GROUPS = Object.keys(MEDICINE_CHECK_RULES.groups) as CheckGroup[];
const CHECK_CODES = Object.keys(MEDICINE_CHECK_RULES.rules) as CheckRuleCode[];

const checkRuleText = z.strictObject({
  title: text('Enter the short title clinicians see.', 200),
  message: text('Enter what the check means.'),
  action: text('Enter what to do.'),
  source: text('Say where this check comes from.'),
  severity: z.enum(['serious', 'warning', 'prompt', 'ask'], {
    error: 'Choose serious, warning, prompt or ask.',
  }),
  needsReason: bool('Say whether a prescriber must record a reason (true or false).'),
});

const renalBands = z
  .array(
    z.strictObject({
      fromMlPerMin: nonNegativeNumber('Enter the creatinine clearance (mL/min) the band starts at.', 300),
      maxMgPerDay: positiveNumber('Enter the maximum mg a day for the band (above 0).', 10_000),
      range: text('Enter the usual daily range, as the source writes it.', 200),
    }),
    { error: 'The renal bands are missing.' },
  )
  .min(1, 'Keep at least one band.')
  .max(10, 'At most 10 bands.')
  .superRefine((bands, ctx) => {
    bands.forEach((b, i) => {
      const prev = bands[i - 1];
      if (prev && b.fromMlPerMin >= prev.fromMlPerMin)
        ctx.addIssue({
          code: 'custom',
          path: [i, 'fromMlPerMin'],
          message: 'List the bands from the highest clearance down.',
        });
      if (prev && b.maxMgPerDay > prev.maxMgPerDay)
        ctx.addIssue({
          code: 'custom',
          path: [i, 'maxMgPerDay'],
          message: 'Poorer kidney function cannot allow a higher maximum than the band above.',
        });
    });
    const last = bands.length - 1;
    if (bands[last] && bands[last].fromMlPerMin !== 0)
      ctx.addIssue({
        code: 'custom',
        path: [last, 'fromMlPerMin'],
        message: 'The last band must start at 0 mL/min so every clearance has a maximum.',
      });
  });

export const medicineChecksBody = z
  .strictObject({
    groups: z.strictObject(
      Object.fromEntries(
        CHECK_GROUPS.map((g) => {
          const list = z
            .array(genericName, { error: `The ${g} list is missing.` })
            .max(200, 'At most 200 names.');
          // Added in medicine-checks-uk 1.1.0, 1.2.0 and 1.5.0: a version saved before still loads (no such
          // medicines; formulary opioids are still found by their class).
          const added = g === 'serotonergic-other' || g === 'sedating-antihistamine' || g === 'opioid';
          return [g, added ? list.default([]) : list];
        }),
      ) as Record<CheckGroup, z.ZodArray<typeof genericName>>,
      { error: 'Every medicine group is needed (the rules name them).' },
    ),
    rules: z.strictObject(
      Object.fromEntries(
        CHECK_CODES.map((c) => [
          c,
          // Added in 1.5.0: a version saved before still gives the opioid driving advice, in the shipped words.
          c === 'DRIVING_OPIOID'
            ? checkRuleText.default(MEDICINE_CHECK_RULES.rules.DRIVING_OPIOID)
            : checkRuleText,
        ]),
      ) as Record<CheckRuleCode, typeof checkRuleText>,
      { error: 'Every check is needed (each is coded in the app).' },
    ),
    renalDoseBands: z.strictObject({ gabapentin: renalBands, pregabalin: renalBands }),
    renalOpioid: z
      .strictObject({
        warnBelowMlPerMin: positiveNumber('Enter the clearance (mL/min) below which it warns.', 300),
        cautionBelowMlPerMin: positiveNumber('Enter the clearance (mL/min) below which it cautions.', 300),
        tramadolMaxMgPerDayBelowWarn: positiveNumber('Enter the tramadol maximum (mg a day).', 400),
      })
      .refine((r) => r.warnBelowMlPerMin <= r.cautionBelowMlPerMin, {
        message: 'The warning applies to poorer function: its clearance must be at or below the caution’s.',
        path: ['warnBelowMlPerMin'],
      }),
    crclMaxAgeDays: wholeNumber('Enter the days a creatinine clearance stays usable.', 1, 730),
    methadoneEcgAboveMgPerDay: positiveNumber(
      'Enter the methadone dose (mg a day) above which an ECG is needed.',
      1000,
    ),
    naloxoneAtOrAboveOmeMgPer24h: positiveNumber(
      'Enter the OME (mg/24 h) at which naloxone is prompted.',
      2000,
    ),
    childbearingAge: z
      .strictObject({
        from: wholeNumber('Enter the first age (years).', 10, 70),
        to: wholeNumber('Enter the last age (years).', 10, 70),
      })
      .refine((a) => a.from < a.to, { message: 'The first age must be below the last.', path: ['to'] }),
    pregnancyCaution: z.array(genericName).max(200, 'At most 200 names.'),
    // Added in medicine-checks-uk 1.3.0: a version saved before still loads (no notes).
    drivingNotes: z
      .record(genericName, text('Enter what the driving prompt says about this medicine.', 400))
      .default({}),
  })
  .superRefine((b, ctx) => {
    for (const c of CHECK_CODES) {
      const r = b.rules[c];
      if (r.severity === 'serious' && !r.needsReason)
        ctx.addIssue({
          code: 'custom',
          path: ['rules', c, 'needsReason'],
          message: 'A serious check always needs a recorded reason.',
        });
    }
  });

// ------------------------------------------------------------------ specialist opioid flags

const SPECIALIST_CODES = [
  'METHADONE_NOT_CONVERTED',
  'BUPRENORPHINE_SUBLINGUAL_NOT_CONVERTED',
  'FENTANYL_TRANSMUCOSAL_NOT_CONVERTED',
  'PRN_USE_ABOVE_MAXIMUM',
] as const;

export const specialistFlagsBody = z
  .strictObject({
    rules: z
      .array(
        z.strictObject({
          code: z.enum(SPECIALIST_CODES, { error: `Choose a code: ${SPECIALIST_CODES.join(', ')}.` }),
          drug: z.string({ error: 'Enter the generic name (empty for as-needed use).' }).trim().max(60),
          routes: z.union(
            [z.literal('all'), z.array(z.string().trim().min(1).max(40)).max(20, 'At most 20 routes.')],
            { error: 'Give "all" or a list of routes.' },
          ),
          message: text('Enter the message clinicians see with this flag.'),
          source: text('Say where this flag comes from.'),
        }),
        { error: 'The flags are missing.' },
      )
      .max(10),
  })
  .superRefine((b, ctx) => {
    uniqueIn('rules', 'code')(b, ctx);
    for (const code of SPECIALIST_CODES)
      if (!b.rules.some((r) => r.code === code))
        ctx.addIssue({
          code: 'custom',
          path: ['rules'],
          message: `Keep the ${code} flag (the app raises it).`,
        });
    b.rules.forEach((r, i) => {
      if (r.code !== 'PRN_USE_ABOVE_MAXIMUM' && r.drug === '')
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'drug'], message: 'Enter the generic name.' });
    });
  });

// ------------------------------------------------------------------ taper class defaults

export const taperClassBody = z
  .strictObject({
    rules: z
      .array(
        z.strictObject({
          key: z
            .string({ error: 'Enter a key, e.g. opioid.' })
            .regex(/^[a-z][a-z0-9-]{0,40}$/, 'Use lower-case letters, digits and hyphens, e.g. opioid.'),
          label: text('Enter the words a prescriber sees for this default.', 300),
          drugClasses: z
            .array(
              z.enum(DRUG_CLASSES as unknown as [DrugClass, ...DrugClass[]], {
                error: `Choose a class: ${DRUG_CLASSES.join(', ')}.`,
              }),
            )
            .min(1, 'Choose at least one class.'),
          generics: z
            .array(genericName)
            .min(1, 'Name at least one medicine, or leave the list out.')
            .optional(),
          percentOfStart: positiveNumber('Enter the % of the starting dose (above 0).', 50).optional(),
          stepMg: positiveNumber('Enter the mg taken off at each step (above 0).', 10_000).optional(),
          intervalDays: wholeNumber('Enter the days between steps (a whole number).', 1, 365),
          source: text('Say where this default comes from.'),
        }),
        { error: 'The class defaults are missing.' },
      )
      .min(1, 'Keep at least one default.')
      .max(50, 'At most 50 defaults.'),
  })
  .superRefine((b, ctx) => {
    uniqueIn('rules', 'key')(b, ctx);
    b.rules.forEach((r, i) => {
      if ((r.percentOfStart === undefined) === (r.stepMg === undefined))
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'percentOfStart'],
          message: 'Give either a % of the starting dose or a step in mg, not both and not neither.',
        });
    });
  });

// ------------------------------------------------------------------ taper letter wording

const letterClass = z.strictObject({
  withdrawal: text('Enter the withdrawal symptoms, in plain words.'),
  whatToDo: text('Enter what to do if they happen.'),
  tolerance: text('Enter the loss-of-tolerance warning, or null.').nullable(),
  source: text('Say where this wording comes from.'),
});

export const taperLetterBody = z.strictObject({
  classes: z.strictObject(
    { opioid: letterClass, benzodiazepine: letterClass, gabapentinoid: letterClass, other: letterClass },
    { error: 'The four classes (opioid, benzodiazepine, gabapentinoid, other) are needed.' },
  ),
  naloxoneAtOrAboveOmeMgPer24h: positiveNumber(
    'Enter the OME (mg/24 h) at which naloxone advice is given.',
    2000,
  ),
  naloxone: text('Enter the naloxone advice.'),
  naloxoneSource: text('Say where the naloxone advice comes from.'),
});

// ------------------------------------------------------------------ SSRIs and SNRIs before procedures

export const serotonergicBody = z
  .strictObject({
    drugs: z.record(genericName, z.enum(['SSRI', 'SNRI'], { error: 'Choose SSRI or SNRI.' }), {
      error: 'The SSRI and SNRI list is missing.',
    }),
    discussAt: z
      .array(z.enum(['low', 'intermediate', 'high'], { error: 'Choose low, intermediate or high.' }))
      .min(1, 'Choose at least one bleeding-risk tier.'),
  })
  .superRefine((b, ctx) => {
    if (Object.keys(b.drugs).length === 0)
      ctx.addIssue({ code: 'custom', path: ['drugs'], message: 'Keep at least one SSRI or SNRI.' });
    if (!b.discussAt.includes('high'))
      ctx.addIssue({
        code: 'custom',
        path: ['discussAt'],
        message: 'ASRA/ESRA 2018 asks for a discussion before high-risk procedures: keep high.',
      });
  });
