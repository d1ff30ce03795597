/**
 * A hold plan approval is for ONE procedure start (issue 14). These rules say whether a stored, approved
 * plan still covers a given start, and whether a start is still reachable (its last permitted dose not yet
 * past). Pure: callers pass the instant "now" as a UK wall-clock string.
 */
import type { HoldPlan } from './holds';

/** A stored plan with the start it was computed for and whether (and for which start) it was approved. */
export interface BoundHoldPlan {
  drug: string;
  plan: HoldPlan;
  /** The procedure start the plan was computed for: 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:mm'. */
  planFor: string;
  approved: boolean;
  /**
   * Set when a change (a cancellation, another date, the medicines list) cleared an earlier approval: why,
   * as stored ('Re-approval needed: …'). Such a plan "needs re-approval", not a first approval.
   */
  reapprovalNote?: string | null;
}

export type HoldCoverage =
  | { state: 'no-hold' }
  | { state: 'approved' }
  | { state: 'needs-approval'; message: string }
  | { state: 'needs-reapproval'; message: string }
  | { state: 'last-dose-past'; message: string };

const show = (local: string): string => {
  const [d, t] = local.split('T');
  const [y, m, day] = (d ?? '').split('-');
  return `${day}/${m}/${y}${t ? ` ${t}` : ''}`;
};

/**
 * Whether `record` covers a procedure at `start` (UK local), given the plan recomputed for that start
 * (`planAtStart`) and the current local time `nowLocal` ('YYYY-MM-DDTHH:mm').
 *
 * - Approved for exactly this start (same plan): 'approved'.
 * - The recomputed plan's latest last dose is already past: 'last-dose-past' (booking is refused whatever
 *   the approval; the patient has already taken a dose that is too late for this start).
 * - No hold needed: 'no-hold'.
 * - Approved for a different start: 'needs-reapproval' naming both.
 * - An approval cleared by a change (`reapprovalNote`): 'needs-reapproval' saying why.
 * - Otherwise 'needs-approval'.
 */
export function holdCoverage(
  record: BoundHoldPlan,
  planAtStart: HoldPlan,
  start: string,
  nowLocal: string,
): HoldCoverage {
  const samePlan =
    record.plan.status === planAtStart.status &&
    record.plan.holdHours === planAtStart.holdHours &&
    record.plan.ruleSet === planAtStart.ruleSet;
  // Approved for exactly this start: the approval stands (its last dose falls into the past as the day nears).
  if (planAtStart.needsApproval && record.approved && record.planFor === start && samePlan)
    return { state: 'approved' };
  if (
    planAtStart.status === 'hold' &&
    planAtStart.latestLastDoseAt !== undefined &&
    planAtStart.latestLastDoseAt < nowLocal
  ) {
    return {
      state: 'last-dose-past',
      message:
        `The last permitted dose of ${record.drug} for a start at ${show(start)} was ${show(planAtStart.latestLastDoseAt)}, ` +
        `which is already past: choose a later date, or a clinician must confirm the drug was stopped in time.`,
    };
  }
  if (!planAtStart.needsApproval) return { state: 'no-hold' };
  if (record.approved)
    return {
      state: 'needs-reapproval',
      message: `The ${record.drug} hold plan was approved for a start at ${show(record.planFor)}, not ${show(start)}: it needs re-approval for this date.`,
    };
  if (record.reapprovalNote)
    return {
      state: 'needs-reapproval',
      message: `The ${record.drug} hold plan for a start at ${show(start)} needs re-approval: ${reapprovalWhy(record.reapprovalNote)}`,
    };
  return {
    state: 'needs-approval',
    message: `The ${record.drug} hold plan for a start at ${show(start)} needs prescriber approval.`,
  };
}

/** The why of a stored re-approval note, without its 'Re-approval needed:' lead ('the booking … was cancelled.'). */
export function reapprovalWhy(note: string): string {
  const why = note.replace(/^Re-approval needed:\s*/, '').trim();
  return why.endsWith('.') ? why : `${why}.`;
}
