import { servicePeriodSchema, type ServicePeriod } from '../domain/rehab-service';
import { z } from 'zod';
import {
  carryPlanSchema,
  enrolInputSchema,
  programmeInputSchema,
  registerInputSchema,
  spAttendanceInputSchema,
  spDeclineInputSchema,
  spListInputSchema,
  spMeasuresInputSchema,
  spOutcomeInputSchema,
  spReferralInputSchema,
  withdrawInputSchema,
  type CohortReport,
  type PatientProgramme,
  type Programme,
  type ProgrammeListItem,
  type SpGpMessage,
  type SpList,
  type SpReferral,
  goalInputSchema,
  measureInputSchema,
  planDatesSchema,
  planInputSchema,
  reviewInputSchema,
  serviceOutcomesSchema,
  worklistSchema,
  type MeasureResponse,
  type NoProgressPatient,
  type RehabGoal,
  type RehabPlan,
  type RehabReview,
  type RehabSummary,
  type ServiceOutcomes,
  type WorklistItem,
} from '../domain/rehab';
import {
  acknowledgeRiskSchema,
  enteredInErrorSchema,
  goalStatusSchema,
  type PatientRiskAlerts,
  type RiskAlert,
  type RiskWorklistItem,
} from '../domain/rehab-safety';
import { measureSetInputSchema, type MeasureSetResult } from '../domain/rehab-set';
import { op } from './operation';

const id = z.number().int().positive();

/** Rehabilitation goals and outcome measures (issue 6): this module's named operations. Spread into `contract` in contract.ts. */
export const rehabContract = {
  'rehab:summary': op<RehabSummary>()({
    input: z.strictObject({ patientId: id }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'patient', patientId: (i) => i.patientId },
    summary: 'A patient’s rehab plans, goals, GAS reviews, outcome measures, PSFS trends and measures due.',
  }),
  'rehab:createPlan': op<RehabPlan>()({
    input: planInputSchema,
    access: 'rehab.write',
    write: true,
    summary: 'Start a rehab plan (pathway and collection-point dates) for a patient.',
  }),
  'rehab:updatePlanDates': op<RehabPlan>()({
    input: planDatesSchema,
    access: 'rehab.write',
    write: true,
    summary: 'Record referral, start of treatment and discharge dates (version-checked).',
  }),
  'rehab:carryPlan': op<RehabPlan>()({
    input: carryPlanSchema,
    access: 'rehab.write',
    write: true,
    summary: 'Close a plan and start a new one, carrying chosen goals forward.',
  }),
  'rehab:addGoal': op<RehabGoal>()({
    input: z.strictObject({ planId: id, goal: goalInputSchema }),
    access: 'rehab.write',
    write: true,
    summary: 'Add a goal (patient’s words, SMART parts, domain, baseline, GAS levels) to an active plan.',
  }),
  'rehab:review': op<RehabReview>()({
    input: reviewInputSchema,
    access: 'rehab.write',
    write: true,
    summary:
      'Review a plan’s goals: level per goal, notes, patient’s view; GAS T-score stored with its rule set.',
  }),
  'rehab:recordMeasure': op<MeasureResponse>()({
    input: measureInputSchema,
    access: 'rehab.write',
    write: true,
    summary: 'Record an outcome measure administration; scored with its rule set; change flags kept in step.',
  }),
  'rehab:recordMeasureSet': op<MeasureSetResult>()({
    input: measureSetInputSchema,
    access: 'rehab.write',
    write: true,
    summary:
      'Record a collection point’s questionnaires together: one date, one save; all saved or none (audited).',
  }),
  'rehab:serviceOutcomes': op<ServiceOutcomes>()({
    input: serviceOutcomesSchema,
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'Percentage of patients with a meaningful change per measure, by pathway.',
  }),
  'rehab:servicePeriod': op<ServicePeriod>()({
    input: servicePeriodSchema,
    access: 'patient.read',
    write: false,
    reads: { kind: 'none', why: 'counts and means for the service: no patient named' },
    summary:
      'The service for a period: episodes referred, paired-score completeness, outcomes and a GAS summary.',
  }),
  'rehab:worklist': op<{ items: WorklistItem[]; total: number }>()({
    input: worklistSchema,
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'Outcome measures due or overdue on a date, for patients with an active plan.',
  }),
  'rehab:noProgress': op<NoProgressPatient[]>()({
    input: z.strictObject({ limit: z.number().int().min(1).max(500).default(100) }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'Patients whose latest goal review showed no progress (suggested for MDT discussion).',
  }),
  // ---- Risk alerts and corrections (issue 15) ----
  'rehab:riskAlerts': op<PatientRiskAlerts>()({
    input: z.strictObject({ patientId: id }),
    access: 'patient.read',
    write: false,
    summary:
      'A patient’s risk alerts (PHQ-9 item 9 and other risk items): open ones and the acknowledged history.',
    reads: { kind: 'patient', patientId: (input) => input.patientId },
  }),
  'rehab:riskWorklist': op<RiskWorklistItem[]>()({
    input: z.strictObject({ limit: z.number().int().min(1).max(500).default(200) }),
    access: 'patient.read',
    write: false,
    summary: 'Every open risk alert in the service, oldest form first (the team’s risk worklist).',
    reads: { kind: 'list' },
  }),
  'rehab:acknowledgeRisk': op<RiskAlert>()({
    input: acknowledgeRiskSchema,
    access: 'rehab.write',
    write: true,
    summary: 'Acknowledge a risk alert with the action taken (audited); it stays in the history.',
  }),
  'rehab:enteredInError': op<{ ok: true }>()({
    input: enteredInErrorSchema,
    access: 'rehab.write',
    write: true,
    summary:
      'Mark a measure, goal or review entered in error with a reason: kept, struck through, left out of scores.',
  }),
  'rehab:goalStatus': op<RehabGoal>()({
    input: goalStatusSchema,
    access: 'rehab.write',
    write: true,
    summary: 'Mark a goal achieved or withdrawn, with the reason.',
  }),
  'rehab:editGoal': op<RehabGoal>()({
    input: z.strictObject({
      goalId: id,
      goal: goalInputSchema,
      reason: z.string().trim().min(1, 'Enter the reason for the change.').max(1000),
    }),
    access: 'rehab.write',
    write: true,
    summary: 'Edit a goal: a new version replaces it (the earlier version is kept), with the reason.',
  }),
  // ---- Social prescribing ----
  'rehab:spReferrals': op<SpReferral[]>()({
    input: z.strictObject({ patientId: id }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'patient', patientId: (i) => i.patientId },
    summary: 'A patient’s social prescribing referrals with attendance, before/after measures and outcome.',
  }),
  'rehab:spRefer': op<SpReferral>()({
    input: spReferralInputSchema,
    access: 'rehab.write',
    write: true,
    summary: 'Refer a patient to a link worker or a community activity (SNOMED 871731000000106).',
  }),
  'rehab:spAttendance': op<SpReferral>()({
    input: spAttendanceInputSchema,
    access: 'rehab.write',
    write: true,
    summary: 'Record one session of a social prescription: attended or not.',
  }),
  'rehab:spLinkMeasures': op<SpReferral>()({
    input: spMeasuresInputSchema,
    access: 'rehab.write',
    write: true,
    summary: 'Link the before and after outcome measures (SWEMWBS or EQ-5D-5L) already recorded.',
  }),
  'rehab:spOutcome': op<SpReferral>()({
    input: spOutcomeInputSchema,
    access: 'rehab.write',
    write: true,
    summary: 'Close a social prescription as completed or stopped, with its outcome.',
  }),
  'rehab:spDecline': op<SpReferral>()({
    input: spDeclineInputSchema,
    access: 'rehab.write',
    write: true,
    summary: 'Record that the patient declined the referral (SNOMED 871711000000103), with the reason.',
  }),
  'rehab:spList': op<SpList>()({
    input: spListInputSchema,
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'The service’s social prescribing referrals by status.',
  }),
  'rehab:spGpMessage': op<SpGpMessage>()({
    input: z.strictObject({ referralId: id }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'patient', patientId: (_, o) => o.patientId },
    summary: 'The plain-English message back to the GP about a social prescription.',
  }),
  // ---- Pain management programme groups ----
  'rehab:groups': op<ProgrammeListItem[]>()({
    input: z.strictObject({ limit: z.number().int().min(1).max(500).default(200) }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'Pain management programme cohorts, newest first.',
  }),
  'rehab:group': op<Programme>()({
    input: z.strictObject({ programmeId: id }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'One programme: sessions, participants and the attendance register.',
  }),
  'rehab:groupCreate': op<Programme>()({
    input: programmeInputSchema,
    access: 'rehab.write',
    write: true,
    summary: 'Create a programme cohort with its facilitators, sessions and completion rule.',
  }),
  'rehab:groupEnrol': op<Programme>()({
    input: enrolInputSchema,
    access: 'rehab.write',
    write: true,
    summary: 'Enrol a patient (linking their rehab plan, or starting a programme plan).',
  }),
  'rehab:groupWithdraw': op<Programme>()({
    input: withdrawInputSchema,
    access: 'rehab.write',
    write: true,
    summary: 'Record that a participant left the programme, with the reason.',
  }),
  'rehab:groupRegister': op<Programme>()({
    input: registerInputSchema,
    access: 'rehab.write',
    write: true,
    summary:
      'Take the register for one session: attended, apologies or did not attend; refused, naming who and when, if it was saved since it was read.',
  }),
  'rehab:cohortReport': op<CohortReport>()({
    input: z.strictObject({ programmeId: id }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'Cohort report: attendance, completers, GAS and measure change per participant and overall.',
  }),
  'rehab:patientGroups': op<PatientProgramme[]>()({
    input: z.strictObject({ patientId: id }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'patient', patientId: (i) => i.patientId },
    summary: 'The programmes a patient is or was enrolled in, with their attendance.',
  }),
} as const;
