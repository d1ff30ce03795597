import { z } from 'zod';
import {
  carryPlanSchema,
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
import { op } from './operation';

const id = z.number().int().positive();

/** Rehabilitation goals and outcome measures (issue 6): this module's named operations. Spread into `contract` in contract.ts. */
export const rehabContract = {
  'rehab:summary': op<RehabSummary>()({
    input: z.strictObject({ patientId: id }),
    access: 'patient.read',
    write: false,
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
  'rehab:serviceOutcomes': op<ServiceOutcomes>()({
    input: serviceOutcomesSchema,
    access: 'patient.read',
    write: false,
    summary: 'Percentage of patients with a meaningful change per measure, by pathway.',
  }),
  'rehab:worklist': op<{ items: WorklistItem[]; total: number }>()({
    input: worklistSchema,
    access: 'patient.read',
    write: false,
    summary: 'Outcome measures due or overdue on a date, for patients with an active plan.',
  }),
  'rehab:noProgress': op<NoProgressPatient[]>()({
    input: z.strictObject({ limit: z.number().int().min(1).max(500).default(100) }),
    access: 'patient.read',
    write: false,
    summary: 'Patients whose latest goal review showed no progress (suggested for MDT discussion).',
  }),
} as const;
