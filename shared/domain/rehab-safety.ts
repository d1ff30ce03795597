import { z } from 'zod';
import type { MeasureId } from '../clinical/rehab/measures';
import { requiredText } from './patient';

/** Risk alerts, corrections ("entered in error") and goal status changes of the rehab module (issue 15). */

const id = z.number().int().positive();

export interface RiskAlert {
  id: number;
  patientId: number;
  /** The outcome measure administration whose answer raised the alert. */
  measureId: number;
  measure: MeasureId;
  item: number;
  answer: number;
  /** What the item asks about (e.g. thoughts of being better off dead or of self-harm). */
  itemLabel: string;
  /** The date the form was completed (may be earlier than the date it was entered). */
  administeredOn: string;
  /** Raised when the form was entered, or by the upgrade from a form recorded before alerts were kept. */
  source: 'entry' | 'upgrade';
  status: 'open' | 'acknowledged';
  raisedAt: string;
  raisedBy: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  actionTaken: string | null;
  version: number;
}

/** An open alert on the team's risk worklist, with the patient it belongs to. */
export interface RiskWorklistItem extends RiskAlert {
  patientName: string;
  nhsNumber: string | null;
}

export interface PatientRiskAlerts {
  open: RiskAlert[];
  /** Acknowledged alerts, newest first (kept in the history). */
  acknowledged: RiskAlert[];
}

export const acknowledgeRiskSchema = z.strictObject({
  alertId: id,
  version: z.number().int().positive(),
  actionTaken: requiredText(2000, 'Action taken'),
});
export type AcknowledgeRiskInput = z.input<typeof acknowledgeRiskSchema>;

export const ERROR_TARGETS = ['measure', 'goal', 'review'] as const;
export type ErrorTarget = (typeof ERROR_TARGETS)[number];

export const enteredInErrorSchema = z.strictObject({
  target: z.enum(ERROR_TARGETS),
  id,
  reason: requiredText(1000, 'Reason'),
});
export type EnteredInErrorInput = z.input<typeof enteredInErrorSchema>;

/** Whether and why a record was marked entered in error (null when it was not). */
export interface EnteredInError {
  at: string;
  by: string | null;
  reason: string;
}

export const GOAL_STATUSES = ['active', 'achieved', 'withdrawn', 'superseded'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export const GOAL_STATUS_LABELS: Record<GoalStatus, string> = {
  active: 'Active',
  achieved: 'Achieved',
  withdrawn: 'Withdrawn',
  superseded: 'Replaced by an edited version',
};

export const goalStatusSchema = z.strictObject({
  goalId: id,
  status: z.enum(['achieved', 'withdrawn'], 'Choose achieved or withdrawn.'),
  reason: requiredText(1000, 'Reason'),
});
export type GoalStatusInput = z.input<typeof goalStatusSchema>;
