import { z } from 'zod';
import { MEASURE_IDS, type MeasureId } from '../clinical/rehab/measures';
import type { ChangeResult } from '../clinical/rehab/change';
import type { MeasureScore } from '../clinical/rehab/scoring';
import type { DueItem } from '../clinical/rehab/timepoints';
import { isoDate, optionalIsoDate, optionalText, requiredText } from './patient';

/** Rehabilitation pathways a plan belongs to (the service outcome view groups by these). */
export const PATHWAYS = [
  'physiotherapy',
  'psychology',
  'occupational-therapy',
  'pain-management-programme',
] as const;
export type Pathway = (typeof PATHWAYS)[number];
export const PATHWAY_LABELS: Record<Pathway, string> = {
  physiotherapy: 'Physiotherapy',
  psychology: 'Psychology',
  'occupational-therapy': 'Occupational therapy',
  'pain-management-programme': 'Pain management programme',
};

/** Life domains a goal belongs to. */
export const LIFE_DOMAINS = [
  'mobility',
  'work',
  'family',
  'social',
  'sleep',
  'self-care',
  'hobbies',
  'mood',
] as const;
export type LifeDomain = (typeof LIFE_DOMAINS)[number];
export const LIFE_DOMAIN_LABELS: Record<LifeDomain, string> = {
  mobility: 'Mobility',
  work: 'Work',
  family: 'Family',
  social: 'Social',
  sleep: 'Sleep',
  'self-care': 'Self-care',
  hobbies: 'Hobbies',
  mood: 'Mood',
};

/** How a goal came out at review (the GAS-light categories of shared/clinical/rehab gasLevelFromReview). */
export const GAS_OUTCOMES = [
  'achieved as expected',
  'a little more than expected',
  'a lot more than expected',
  'partial progress',
  'no change',
  'worse than baseline',
] as const;
export type GasOutcome = (typeof GAS_OUTCOMES)[number];
export const GAS_OUTCOME_LABELS: Record<GasOutcome, string> = {
  'achieved as expected': 'Achieved as expected (0)',
  'a little more than expected': 'A little more than expected (+1)',
  'a lot more than expected': 'A lot more than expected (+2)',
  'partial progress': 'Not achieved, partial progress (−1)',
  'no change': 'Not achieved, no change (stays at baseline)',
  'worse than baseline': 'Worse than at baseline (−2)',
};

/** Collection points (ids of DEFAULT_TIME_POINTS) plus an ad-hoc administration. */
export const TIME_POINT_IDS = [
  'referral',
  'treatment-start',
  'discharge',
  'discharge-6m',
  'discharge-12m',
  'other',
] as const;
export type TimePointId = (typeof TIME_POINT_IDS)[number];
export const TIME_POINT_LABELS: Record<TimePointId, string> = {
  referral: 'Referral',
  'treatment-start': 'Start of treatment',
  discharge: 'Discharge',
  'discharge-6m': '6 months after discharge',
  'discharge-12m': '12 months after discharge',
  other: 'Other (between collection points)',
};

const id = z.number().int().positive();
const measureIdSchema = z.enum(MEASURE_IDS as unknown as [MeasureId, ...MeasureId[]], 'Choose a measure.');

/** One goal, in the patient's own words, with its SMART parts and the five GAS level descriptions. */
export const goalInputSchema = z.strictObject({
  whatMatters: requiredText(1000, 'What matters to me (in the patient’s words)'),
  activity: requiredText(300, 'Specific activity'),
  measure: requiredText(300, 'Measure (how we will know)'),
  target: requiredText(300, 'Target'),
  setOn: isoDate('The date the goal was set'),
  targetDate: isoDate('The target date'),
  domain: z.enum(LIFE_DOMAINS, 'Choose the life domain.'),
  ownerId: id.nullish().transform((v) => v ?? null),
  baseline: z.union([z.literal(-1), z.literal(-2)], 'Choose the baseline: −1 (some ability) or −2 (none).'),
  levelMinus2: requiredText(500, 'The −2 description (much less than expected)'),
  levelMinus1: requiredText(500, 'The −1 description (somewhat less than expected)'),
  levelZero: requiredText(500, 'The 0 description (the expected outcome: the goal)'),
  levelPlus1: requiredText(500, 'The +1 description (somewhat more than expected)'),
  levelPlus2: requiredText(500, 'The +2 description (much more than expected)'),
  weight: z
    .number('Importance weight must be 1, 2 or 3.')
    .int('Importance weight must be 1, 2 or 3.')
    .min(1, 'Importance weight must be 1, 2 or 3.')
    .max(3, 'Importance weight must be 1, 2 or 3.')
    .nullish()
    .transform((v) => v ?? null),
});
export type GoalInput = z.input<typeof goalInputSchema>;
export type GoalData = z.output<typeof goalInputSchema>;

export const planInputSchema = z
  .strictObject({
    patientId: id,
    pathway: z.enum(PATHWAYS, 'Choose the pathway.'),
    referralDate: optionalIsoDate('The referral date'),
    treatmentStartDate: optionalIsoDate('The start of treatment'),
    dischargeDate: optionalIsoDate('The discharge date'),
  })
  .superRefine((p, ctx) => {
    if (p.treatmentStartDate && p.dischargeDate && p.dischargeDate < p.treatmentStartDate)
      ctx.addIssue({
        code: 'custom',
        path: ['dischargeDate'],
        message: 'The discharge date is before the start of treatment.',
      });
  });
export type PlanInput = z.input<typeof planInputSchema>;

export const planDatesSchema = z
  .strictObject({
    planId: id,
    version: z.number().int().positive(),
    referralDate: optionalIsoDate('The referral date'),
    treatmentStartDate: optionalIsoDate('The start of treatment'),
    dischargeDate: optionalIsoDate('The discharge date'),
  })
  .superRefine((p, ctx) => {
    if (p.treatmentStartDate && p.dischargeDate && p.dischargeDate < p.treatmentStartDate)
      ctx.addIssue({
        code: 'custom',
        path: ['dischargeDate'],
        message: 'The discharge date is before the start of treatment.',
      });
  });

export const carryPlanSchema = z.strictObject({
  fromPlanId: id,
  pathway: z.enum(PATHWAYS, 'Choose the pathway.'),
  treatmentStartDate: optionalIsoDate('The start of treatment'),
  /** Goals to carry into the new plan; each restarts at its last reviewed level as the new baseline (−1 or −2). */
  goalIds: z.array(id).max(20, 'At most 20 goals can be carried.'),
});

export const reviewRatingSchema = z.strictObject({
  goalId: id,
  outcome: z
    .enum(GAS_OUTCOMES, 'Choose how the goal came out, or leave it unrated.')
    .nullish()
    .transform((v) => v ?? null),
  note: optionalText(1000, 'Note'),
});

export const reviewInputSchema = z.strictObject({
  planId: id,
  reviewDate: isoDate('The review date'),
  notes: optionalText(4000, 'Review notes'),
  patientView: optionalText(4000, 'The patient’s view'),
  ratings: z.array(reviewRatingSchema).min(1, 'Rate at least one goal.').max(20, 'At most 20 goals.'),
});
export type ReviewInput = z.input<typeof reviewInputSchema>;

export const measureInputSchema = z.strictObject({
  patientId: id,
  planId: id.nullish().transform((v) => v ?? null),
  measure: measureIdSchema,
  timePoint: z.enum(TIME_POINT_IDS, 'Choose the collection point.'),
  administeredOn: isoDate('The date completed'),
  /** Item answers in item order; null for an item left blank. Ranges are checked by the measure's rules. */
  answers: z
    .array(z.number('Each answer is a number.').int('Each answer is a whole number.').nullable())
    .min(1, 'Enter the answers.')
    .max(20, 'Too many answers.'),
  /** PSFS only: the activities, in the patient's words, one per answer. */
  activities: z.array(requiredText(200, 'Activity')).max(5, 'At most 5 PSFS activities.').default([]),
});
export type MeasureInput = z.input<typeof measureInputSchema>;

export const serviceOutcomesSchema = z.strictObject({
  pathway: z
    .enum(PATHWAYS)
    .nullish()
    .transform((v) => v ?? null),
});

export const worklistSchema = z.strictObject({
  asOf: isoDate('The date'),
  limit: z.number().int().min(1).max(500).default(100),
});

// ---- Answers ----------------------------------------------------------------------------------------

export interface RuleSetRef {
  id: string;
  version: string;
}

export interface RehabGoal {
  id: number;
  planId: number;
  patientId: number;
  whatMatters: string;
  activity: string;
  measure: string;
  target: string;
  setOn: string;
  targetDate: string;
  domain: LifeDomain;
  ownerId: number | null;
  ownerName: string | null;
  baseline: -1 | -2;
  levels: { minus2: string; minus1: string; zero: string; plus1: string; plus2: string };
  weight: number | null;
  carriedFromGoalId: number | null;
  createdAt: string;
}

export interface ReviewRating {
  goalId: number;
  outcome: GasOutcome | null;
  level: number | null;
  note: string | null;
}

export interface RehabReview {
  id: number;
  planId: number;
  reviewDate: string;
  notes: string | null;
  patientView: string | null;
  ratings: ReviewRating[];
  tScore: number | null;
  baselineTScore: number | null;
  change: number | null;
  ratedCount: number;
  totalCount: number;
  label: string;
  /** Every rated goal at or below its baseline: reviewed with no progress. */
  noProgress: boolean;
  /** The formula with this review's numbers, for "show the arithmetic". */
  arithmetic: string;
  ruleSet: RuleSetRef;
  rho: number;
  reviewedBy: string | null;
  createdAt: string;
}

export interface RehabPlan {
  id: number;
  patientId: number;
  pathway: Pathway;
  referralDate: string | null;
  treatmentStartDate: string | null;
  dischargeDate: string | null;
  status: 'active' | 'closed';
  carriedFromPlanId: number | null;
  createdAt: string;
  version: number;
  goals: RehabGoal[];
  reviews: RehabReview[];
}

export interface MeasureResponse {
  id: number;
  patientId: number;
  planId: number | null;
  measure: MeasureId;
  timePoint: TimePointId;
  administeredOn: string;
  answers: (number | null)[];
  activities: string[];
  score: MeasureScore;
  ruleSet: RuleSetRef;
  recordedBy: string | null;
  createdAt: string;
  /** Compared with the first scored administration of the same measure (null for the first, or no rule). */
  changeFromFirst: ChangeResult | null;
}

export interface RehabSummary {
  patientId: number;
  plans: RehabPlan[];
  measures: MeasureResponse[];
  /** Collection points of the active plan (empty without one). */
  due: DueItem[];
  /** Latest review of the active plan found no progress on any rated goal (for the MDT module). */
  noProgress: boolean;
  /** PSFS activity trends: each activity's ratings over time with the change against the MDC. */
  psfs: { activity: string; points: { date: string; rating: number }[]; change: ChangeResult | null }[];
}

export interface ServiceOutcomeRow {
  measure: MeasureId;
  pathway: Pathway | 'all';
  /** Patients with a scored first and later administration. */
  paired: number;
  improved: number;
  deteriorated: number;
  percentImproved: number | null;
}

export interface ServiceOutcomes {
  rows: ServiceOutcomeRow[];
  ruleSet: RuleSetRef;
  /** Patients whose latest GAS review showed no progress. */
  noProgressPatients: number;
}

export interface WorklistItem {
  patientId: number;
  patientName: string;
  nhsNumber: string | null;
  planId: number;
  timePointId: string;
  label: string;
  dueDate: string | null;
  status: DueItem['status'];
  outstanding: MeasureId[];
}

export interface NoProgressPatient {
  patientId: number;
  patientName: string;
  reviewDate: string;
  tScore: number | null;
  label: string;
}
