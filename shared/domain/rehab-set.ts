import { z } from 'zod';
import { MEASURE_IDS, type MeasureId } from '../clinical/rehab/measures';
import type { MeasureResponse } from './rehab';
import { isoDate, requiredText } from './patient';
import { TIME_POINT_IDS } from './rehab';

const id = z.number().int().positive();

/**
 * The questionnaires a UK specialist pain service gives at every collection point (the anchor set: BPI-SF,
 * PSEQ, PHQ-9, GAD-7 and EQ-5D-5L with its VAS; after the National Pain Audit and ePPOC practice). The set is a
 * starting choice on screen: the clinician ticks the forms the patient actually completed.
 */
export const ANCHOR_SET: readonly MeasureId[] = ['BPI', 'PSEQ', 'PHQ-9', 'GAD-7', 'EQ-5D-5L'];

export const setFormSchema = z.strictObject({
  measure: z.enum(MEASURE_IDS as unknown as [MeasureId, ...MeasureId[]], 'Choose a measure.'),
  /** Item answers in item order; null for an item left blank. Ranges are checked by the measure's rules. */
  answers: z
    .array(z.number('Each answer is a number.').int('Each answer is a whole number.').nullable())
    .min(1, 'Enter the answers.')
    .max(20, 'Too many answers.'),
  activities: z.array(requiredText(200, 'Activity')).max(5, 'At most 5 PSFS activities.').default([]),
});

/** A collection point's questionnaires entered together: one collection point, one date, one save. */
export const measureSetInputSchema = z
  .strictObject({
    patientId: id,
    planId: id.nullish().transform((v) => v ?? null),
    timePoint: z.enum(TIME_POINT_IDS, 'Choose the collection point.'),
    administeredOn: isoDate('The date completed'),
    forms: z.array(setFormSchema).min(1, 'Choose at least one questionnaire.').max(MEASURE_IDS.length),
  })
  .refine((v) => new Set(v.forms.map((f) => f.measure)).size === v.forms.length, {
    message: 'Each questionnaire once in a set.',
    path: ['forms'],
  });
export type MeasureSetInput = z.input<typeof measureSetInputSchema>;
export type MeasureSetData = z.output<typeof measureSetInputSchema>;

export interface MeasureSetResult {
  /** The forms saved, in the order entered. */
  saved: MeasureResponse[];
}
