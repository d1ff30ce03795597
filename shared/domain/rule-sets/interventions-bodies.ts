import { z } from 'zod';
import {
  bool,
  nonNegativeNumber,
  optionalText,
  positiveNumber,
  text,
  unique,
  uniqueIn,
  wholeNumber,
} from '../rule-set-fields';

/** Body schemas of the interventions rule sets (anticoagulant holds, commissioner rules, procedure catalogue). */

// ------------------------------------------------------------------ interventions

const RISKS = ['low', 'intermediate', 'high'] as const;
const hours = (message: string) => nonNegativeNumber(message, 24 * 60);
export const anticoagulantBody = z
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

export const commissionerBody = z.strictObject({
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
export const catalogueBody = z
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
