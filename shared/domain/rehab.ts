import { z } from 'zod';
import { MEASURE_IDS, type MeasureId } from '../clinical/rehab/measures';
import type { ChangeResult } from '../clinical/rehab/change';
import type { MeasureScore } from '../clinical/rehab/scoring';
import type { DueItem } from '../clinical/rehab/timepoints';
import { isoDate, optionalIsoDate, optionalText, requiredText } from './patient';
import type { EnteredInError, GoalStatus } from './rehab-safety';

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
  /** Active, achieved, withdrawn, or replaced by an edited version (issue 15). */
  status: GoalStatus;
  statusReason: string | null;
  statusOn: string | null;
  /** The earlier version this goal replaces, when it was edited. */
  replacesGoalId: number | null;
  enteredInError: EnteredInError | null;
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
  /** Marked entered in error: kept and shown struck through, left out of the GAS chart and status. */
  enteredInError: EnteredInError | null;
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
  /** Marked entered in error: kept and shown struck through, left out of scores, changes and service figures. */
  enteredInError: EnteredInError | null;
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

// ---- Social prescribing ------------------------------------------------------------------------------

/** SNOMED CT codes of the national social prescribing standard (PRSB Social Prescribing Information Standard v1.1, January 2023). */
export const SP_SNOMED = {
  referred: { code: '871731000000106', term: 'Referral to social prescribing service (procedure)' },
  declined: { code: '871711000000103', term: 'Social prescribing declined (situation)' },
} as const;

export const SP_ROUTES = ['link-worker', 'community-activity'] as const;
export type SpRoute = (typeof SP_ROUTES)[number];
export const SP_ROUTE_LABELS: Record<SpRoute, string> = {
  'link-worker': 'Link worker (social prescribing)',
  'community-activity': 'Community activity, directly',
};

export const SP_ACTIVITY_TYPES = [
  'walking-group',
  'parkrun',
  'arts',
  'reading-well',
  'gardening',
  'volunteering',
  'exercise-class',
  'befriending',
  'other',
] as const;
export type SpActivityType = (typeof SP_ACTIVITY_TYPES)[number];
export const SP_ACTIVITY_LABELS: Record<SpActivityType, string> = {
  'walking-group': 'Walking group',
  parkrun: 'parkrun',
  arts: 'Arts or crafts group',
  'reading-well': 'Reading Well books on prescription',
  gardening: 'Gardening',
  volunteering: 'Volunteering',
  'exercise-class': 'Exercise class',
  befriending: 'Befriending',
  other: 'Other community activity',
};

export const SP_STATUSES = ['referred', 'attending', 'completed', 'stopped', 'declined'] as const;
export type SpStatus = (typeof SP_STATUSES)[number];
export const SP_STATUS_LABELS: Record<SpStatus, string> = {
  referred: 'Referred, not started',
  attending: 'Attending',
  completed: 'Completed',
  stopped: 'Stopped',
  declined: 'Declined',
};

/** Why someone stopped an activity (PRSB Social Prescribing Information Standard v1.1, 2023). */
export const SP_STOP_REASONS = [
  'pain flare',
  'cost',
  'transport',
  'confidence',
  'health',
  'moved away',
  'other',
] as const;
export type SpStopReason = (typeof SP_STOP_REASONS)[number];

/** Outcome measures a social prescription is evaluated with (SWEMWBS first; EQ-5D-5L as the generic PROM). */
export const SP_OUTCOME_MEASURES = ['SWEMWBS', 'EQ-5D-5L'] as const satisfies readonly MeasureId[];
export type SpOutcomeMeasure = (typeof SP_OUTCOME_MEASURES)[number];

export const spReferralInputSchema = z
  .strictObject({
    patientId: id,
    referredOn: isoDate('The referral date'),
    route: z.enum(SP_ROUTES, 'Choose a link worker or a community activity.'),
    linkWorker: optionalText(200, 'Link worker or organisation'),
    activityType: z.enum(SP_ACTIVITY_TYPES, 'Choose the kind of activity.'),
    activity: requiredText(300, 'Activity (what and where)'),
    provider: optionalText(200, 'Provider'),
    frequency: optionalText(100, 'Planned frequency'),
    reason: requiredText(1000, 'Reason for referral (needs and concerns)'),
  })
  .superRefine((r, ctx) => {
    if (r.route === 'link-worker' && !r.linkWorker)
      ctx.addIssue({
        code: 'custom',
        path: ['linkWorker'],
        message: 'Name the link worker or their organisation.',
      });
  });
export type SpReferralInput = z.input<typeof spReferralInputSchema>;

export const spAttendanceInputSchema = z.strictObject({
  referralId: id,
  sessionDate: isoDate('The session date'),
  attended: z.boolean('Say whether the patient attended.'),
  note: optionalText(500, 'Note'),
});
export type SpAttendanceInput = z.input<typeof spAttendanceInputSchema>;

export const spMeasuresInputSchema = z.strictObject({
  referralId: id,
  version: z.number().int().positive(),
  measure: z.enum(SP_OUTCOME_MEASURES, 'Choose SWEMWBS or EQ-5D-5L.'),
  beforeMeasureId: id.nullish().transform((v) => v ?? null),
  afterMeasureId: id.nullish().transform((v) => v ?? null),
});
export type SpMeasuresInput = z.input<typeof spMeasuresInputSchema>;

export const spOutcomeInputSchema = z
  .strictObject({
    referralId: id,
    version: z.number().int().positive(),
    status: z.enum(['completed', 'stopped'], 'Choose completed or stopped.'),
    endedOn: isoDate('The end date'),
    endReason: z
      .enum(SP_STOP_REASONS, 'Choose why the patient stopped.')
      .nullish()
      .transform((v) => v ?? null),
    outcomeNotes: optionalText(2000, 'Outcome'),
    patientExperience: optionalText(2000, 'The patient’s experience'),
  })
  .superRefine((o, ctx) => {
    if (o.status === 'stopped' && !o.endReason)
      ctx.addIssue({ code: 'custom', path: ['endReason'], message: 'Choose why the patient stopped.' });
  });
export type SpOutcomeInput = z.input<typeof spOutcomeInputSchema>;

export const spDeclineInputSchema = z.strictObject({
  referralId: id,
  version: z.number().int().positive(),
  declinedOn: isoDate('The date declined'),
  reason: requiredText(500, 'Reason given'),
});
export type SpDeclineInput = z.input<typeof spDeclineInputSchema>;

export const spListInputSchema = z.strictObject({
  status: z
    .enum(SP_STATUSES)
    .nullish()
    .transform((v) => v ?? null),
  limit: z.number().int().min(1).max(500).default(200),
});

export interface SpAttendance {
  id: number;
  sessionDate: string;
  attended: boolean;
  note: string | null;
}

export interface SpMeasureLink {
  id: number;
  administeredOn: string;
  total: number | null;
  band: string | null;
  profile: string | null;
  metric: number | null;
}

export interface SpReferral {
  id: number;
  patientId: number;
  referredOn: string;
  referrerName: string | null;
  route: SpRoute;
  linkWorker: string | null;
  activityType: SpActivityType;
  activity: string;
  provider: string | null;
  frequency: string | null;
  reason: string;
  status: SpStatus;
  snomed: { code: string; term: string };
  startedOn: string | null;
  endedOn: string | null;
  endReason: string | null;
  declinedOn: string | null;
  declinedReason: string | null;
  outcomeMeasure: SpOutcomeMeasure | null;
  before: SpMeasureLink | null;
  after: SpMeasureLink | null;
  /** Before → after by the measure's own change rule (shared/clinical/rehab meaningfulChange). */
  change: ChangeResult | null;
  ruleSet: RuleSetRef;
  outcomeNotes: string | null;
  patientExperience: string | null;
  attendance: SpAttendance[];
  attendedCount: number;
  version: number;
}

export interface SpListItem {
  id: number;
  patientId: number;
  patientName: string;
  nhsNumber: string | null;
  referredOn: string;
  route: SpRoute;
  activityType: SpActivityType;
  activity: string;
  status: SpStatus;
  attendedCount: number;
  sessionCount: number;
}

export interface SpList {
  items: SpListItem[];
  /** Referrals by status across the service (all statuses, whatever the filter). */
  byStatus: Record<SpStatus, number>;
  total: number;
}

/** The message back to the GP (PRSB "Message back to GP and referrer"), as plain-English paragraphs. */
export interface SpGpMessage {
  referralId: number;
  patientId: number;
  patient: { name: string; dateOfBirth: string; nhsNumber: string | null; gpPractice: string | null };
  subject: string;
  paragraphs: string[];
  snomed: { code: string; term: string };
  from: string;
  writtenOn: string;
}

// ---- Pain management programme groups ----------------------------------------------------------------

export const ATTENDANCE_STATUSES = ['attended', 'apologies', 'dna'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = {
  attended: 'Attended',
  apologies: 'Apologies',
  dna: 'Did not attend',
};

/** Default completion rule: a participant who attended at least 75% of the sessions completed the programme. */
export const DEFAULT_COMPLETION_PERCENT = 75;

export const programmeInputSchema = z
  .strictObject({
    name: requiredText(200, 'Programme name'),
    facilitators: requiredText(300, 'Facilitators'),
    location: optionalText(200, 'Location'),
    capacity: z
      .number('Capacity must be a whole number from 1 to 30.')
      .int('Capacity must be a whole number from 1 to 30.')
      .min(1, 'Capacity must be a whole number from 1 to 30.')
      .max(30, 'Capacity must be a whole number from 1 to 30.')
      .nullish()
      .transform((v) => v ?? null),
    completionPercent: z
      .number('The completion share must be a whole percentage from 50 to 100.')
      .int('The completion share must be a whole percentage from 50 to 100.')
      .min(50, 'The completion share must be a whole percentage from 50 to 100.')
      .max(100, 'The completion share must be a whole percentage from 50 to 100.')
      .default(DEFAULT_COMPLETION_PERCENT),
    sessions: z
      .array(
        z.strictObject({
          date: isoDate('The session date'),
          topic: optionalText(200, 'Topic'),
        }),
      )
      .min(1, 'Add at least one session.')
      .max(30, 'A programme can have at most 30 sessions.'),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.sessions.forEach((s, i) => {
      if (seen.has(s.date))
        ctx.addIssue({ code: 'custom', path: ['sessions', i, 'date'], message: 'Two sessions on one date.' });
      seen.add(s.date);
    });
  });
export type ProgrammeInput = z.input<typeof programmeInputSchema>;

export const enrolInputSchema = z.strictObject({
  programmeId: id,
  patientId: id,
  enrolledOn: isoDate('The enrolment date'),
});

export const withdrawInputSchema = z.strictObject({
  enrolmentId: id,
  withdrawnOn: isoDate('The date withdrawn'),
  reason: requiredText(500, 'Reason'),
});

export const registerInputSchema = z.strictObject({
  sessionId: id,
  /** The session register's version when the form was opened (ProgrammeSession.registerVersion; issue 19). */
  version: z.number().int().min(0),
  entries: z
    .array(
      z.strictObject({
        enrolmentId: id,
        status: z.enum(ATTENDANCE_STATUSES, 'Choose attended, apologies or did not attend.'),
      }),
    )
    .min(1, 'Record at least one participant.')
    .max(30, 'At most 30 participants.'),
});
export type RegisterInput = z.input<typeof registerInputSchema>;

export interface ProgrammeSession {
  id: number;
  sessionNo: number;
  date: string;
  topic: string | null;
  attended: number;
  recorded: number;
  /** How many times this session's register was saved: sent back with the next save (issue 19). */
  registerVersion: number;
}

export interface ProgrammeEnrolment {
  id: number;
  patientId: number;
  patientName: string;
  nhsNumber: string | null;
  planId: number | null;
  enrolledOn: string;
  status: 'enrolled' | 'withdrawn';
  withdrawnOn: string | null;
  withdrawnReason: string | null;
  /** Attendance by session id. */
  attendance: Record<number, AttendanceStatus>;
}

export interface Programme {
  id: number;
  name: string;
  facilitators: string;
  location: string | null;
  capacity: number | null;
  completionPercent: number;
  startDate: string;
  endDate: string;
  sessions: ProgrammeSession[];
  enrolments: ProgrammeEnrolment[];
  version: number;
}

export interface ProgrammeListItem {
  id: number;
  name: string;
  facilitators: string;
  startDate: string;
  endDate: string;
  sessionCount: number;
  enrolled: number;
}

export interface PatientProgramme {
  enrolmentId: number;
  programmeId: number;
  name: string;
  startDate: string;
  endDate: string;
  status: 'enrolled' | 'withdrawn';
  attended: number;
  sessionCount: number;
}

export interface CohortMeasureChange {
  measure: MeasureId;
  start: { date: string; total: number | null };
  end: { date: string; total: number | null };
  change: ChangeResult;
}

export interface CohortParticipant {
  enrolmentId: number;
  patientId: number;
  patientName: string;
  status: 'enrolled' | 'withdrawn';
  attended: number;
  apologies: number;
  dna: number;
  notRecorded: number;
  /** attended / sessions held, 0–100; null before any session is held. */
  attendancePercent: number | null;
  completer: boolean;
  gas: {
    reviewDate: string;
    tScore: number | null;
    baselineTScore: number | null;
    change: number | null;
    label: string;
  } | null;
  measures: CohortMeasureChange[];
}

export interface CohortMeasureSummary {
  measure: MeasureId;
  paired: number;
  improved: number;
  deteriorated: number;
  percentImproved: number | null;
}

export interface CohortReport {
  programme: Omit<Programme, 'enrolments'>;
  asOf: string;
  sessionsHeld: number;
  /** "attended at least 75% of the 8 sessions (6 or more)". */
  completionRule: string;
  sessionsToComplete: number;
  /** Total attended / (participants × sessions held), 0–100. */
  attendancePercent: number | null;
  participants: CohortParticipant[];
  completers: number;
  gas: { withReview: number; meanChange: number | null; atOrAboveExpected: number };
  measures: CohortMeasureSummary[];
  /** How start and end scores are chosen, in words. */
  measureRule: string;
  ruleSets: RuleSetRef[];
}
