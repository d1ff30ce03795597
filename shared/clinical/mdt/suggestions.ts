/**
 * Suggested cases for the MDT list. Advisory only: each suggestion says why, in words a coordinator can
 * check, and a clinician decides whether to refer.
 */
import { z } from 'zod';
import { ClinicalInputError, type RuleSetMeta } from '../errors';
import {
  addCalendarDays,
  addCalendarMonths,
  epochDay,
  formatDateEnGb,
  parseLocalDate,
  type LocalDate,
} from './time';

/** A configurable number with its unit and where it comes from. */
export interface Threshold {
  value: number;
  unit: string;
  source: string;
}

/** Thresholds for the suggestion triggers, as a versioned rule set. */
export interface SuggestionRuleSet extends RuleSetMeta {
  example: boolean;
  /** Total OME at or above which the opioid trigger fires (inclusive). */
  opioidHighDoseMgPerDay: Threshold;
  /** The opioid trigger needs no MDT discussion within this many months before today. */
  opioidNoDiscussionMonths: Threshold;
  /** Holds plus step-backs of the current taper at or above which the taper trigger fires. */
  taperHoldsOrStepBacks: Threshold;
  /** Goals reviewed with no progress at or above which the rehab trigger fires. */
  rehabGoalsWithoutProgress: Threshold;
  /** Days after its due date before an open action counts as overdue (0: overdue the day after it is due). */
  overdueActionGraceDays: Threshold;
}

/** Default thresholds. The 90 mg/day figure is the product's high-dose threshold (configurable). */
export const DEFAULT_SUGGESTION_RULES: SuggestionRuleSet = {
  id: 'mdt-suggestions-default',
  name: 'MDT case suggestions (default thresholds)',
  version: '1.0.0',
  source: 'Alongside product decisions; a clinical lead may change every threshold in Settings.',
  example: true,
  opioidHighDoseMgPerDay: {
    value: 90,
    unit: 'mg/day oral morphine equivalent',
    source:
      'High-dose review threshold (inclusive) of the default OME rule set, Faculty of Pain Medicine ' +
      'Opioids Aware (product decision, medicines 5)',
  },
  opioidNoDiscussionMonths: {
    value: 6,
    unit: 'months',
    source: 'Service setting: high-dose patients not discussed at an MDT in the last 6 months',
  },
  taperHoldsOrStepBacks: {
    value: 2,
    unit: 'holds or step-backs',
    source: 'Service setting: a taper held or stepped back twice',
  },
  rehabGoalsWithoutProgress: {
    value: 1,
    unit: 'goals',
    source: 'Service setting: rehabilitation goals reviewed with no progress',
  },
  overdueActionGraceDays: {
    value: 0,
    unit: 'days',
    source: 'Service setting: an action is overdue the day after its due date',
  },
};

const thresholdSchema = z.object({
  value: z.number().min(0),
  unit: z.string().min(1),
  source: z.string().min(1),
});

/** Schema for suggestion thresholds edited in Settings. */
export const suggestionRuleSetSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  version: z.string().min(1),
  source: z.string().min(1),
  example: z.boolean(),
  opioidHighDoseMgPerDay: thresholdSchema,
  opioidNoDiscussionMonths: thresholdSchema.extend({ value: z.number().int().min(1) }),
  taperHoldsOrStepBacks: thresholdSchema.extend({ value: z.number().int().min(1) }),
  rehabGoalsWithoutProgress: thresholdSchema.extend({ value: z.number().int().min(1) }),
  overdueActionGraceDays: thresholdSchema.extend({ value: z.number().int().min(0) }),
});

/**
 * Checks suggestion thresholds (for example loaded from Settings) and returns them typed.
 *
 * @throws ClinicalInputError `INVALID_INPUT` naming the first problem
 */
export function parseSuggestionRules(data: unknown): SuggestionRuleSet {
  const parsed = suggestionRuleSetSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue ? issue.path.join('.') : '';
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `Suggestion rules are not valid at "${path}": ${issue?.message ?? 'unknown problem'}.`,
      path || undefined,
    );
  }
  return parsed.data;
}

/** Status of an action agreed at an MDT. */
export type ActionStatus = 'open' | 'in-progress' | 'done' | 'cancelled';

/** Precomputed facts about one patient, gathered from the other modules. */
export interface PatientSignals {
  patientId: string;
  /** Latest total OME in mg/day from the deprescribing module; null if none recorded. */
  omeTotalMgPerDay: number | null;
  /** True when the total leaves some medicines out (it is then a lower bound). */
  omeTotalIncomplete?: boolean;
  /** Date of the last MDT discussion; null if never discussed. */
  lastMdtDiscussedOn: LocalDate | null;
  /** Times the current taper has been held or stepped back (0 if no taper). */
  taperHoldsOrStepBacks?: number;
  /** Intervention outcomes recorded that still need a decision (e.g. repeat, proceed to RF, stop). */
  interventionsAwaitingDecision?: { procedure: string; outcomeRecordedOn: LocalDate }[];
  /** Rehabilitation goals whose latest review recorded no progress. */
  rehabGoalsWithoutProgress?: { goal: string; reviewedOn: LocalDate }[];
  /** Risk alerts raised from a questionnaire answer and not yet acknowledged by a clinician. */
  openRiskAlerts?: { measure: string; itemLabel: string; answeredOn: LocalDate }[];
  /** Actions agreed at the patient's last MDT. */
  lastMdtActions?: { description: string; ownerName: string; dueDate: LocalDate; status: ActionStatus }[];
  /** Already listed for an upcoming meeting: no suggestion is made. */
  alreadyListed?: boolean;
}

/** Reason codes, one per trigger. */
export type SuggestionCode =
  | 'opioid-high-dose-not-discussed'
  | 'taper-held-or-stepped-back'
  | 'intervention-decision-needed'
  | 'rehab-goals-no-progress'
  | 'overdue-mdt-actions'
  | 'open-risk-alert';

/** Why a case is suggested. */
export interface SuggestionReason {
  code: SuggestionCode;
  text: string;
}

/** A suggested case, with every reason that fired. */
export interface CaseSuggestion {
  patientId: string;
  reasons: SuggestionReason[];
  ruleSet: { id: string; version: string };
}

function formatNumber(n: number): string {
  return String(Math.round(n * 10) / 10);
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

function reasonsFor(
  p: PatientSignals,
  rules: SuggestionRuleSet,
  today: LocalDate,
  i: number,
): SuggestionReason[] {
  const field = `patients[${i}]`;
  const reasons: SuggestionReason[] = [];

  // 1. High-dose opioids with no recent MDT discussion.
  if (p.omeTotalMgPerDay !== null) {
    if (!Number.isFinite(p.omeTotalMgPerDay) || p.omeTotalMgPerDay < 0) {
      throw new ClinicalInputError('INVALID_DOSE', `${field}.omeTotalMgPerDay must be zero or more.`, field);
    }
    const threshold = rules.opioidHighDoseMgPerDay.value;
    const months = rules.opioidNoDiscussionMonths.value;
    const since = addCalendarMonths(today, -months, 'today');
    const last = p.lastMdtDiscussedOn;
    if (last !== null) parseLocalDate(last, `${field}.lastMdtDiscussedOn`);
    const notRecent = last === null || epochDay(last) < epochDay(since);
    if (p.omeTotalMgPerDay >= threshold && notRecent) {
      const dose = p.omeTotalIncomplete
        ? `at least ${formatNumber(p.omeTotalMgPerDay)} mg/day OME (the total leaves some medicines out)`
        : `${formatNumber(p.omeTotalMgPerDay)} mg/day OME`;
      const history = last === null ? 'never discussed at an MDT' : `last discussed ${formatDateEnGb(last)}`;
      reasons.push({
        code: 'opioid-high-dose-not-discussed',
        text:
          `Opioid load ${dose} is at or above the ${formatNumber(threshold)} mg/day high-dose threshold, ` +
          `with no MDT discussion in the last ${months} months (${history}).`,
      });
    }
  }

  // 2. Taper held or stepped back repeatedly.
  const holds = p.taperHoldsOrStepBacks ?? 0;
  if (!Number.isInteger(holds) || holds < 0) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `${field}.taperHoldsOrStepBacks must be a whole number.`,
      field,
    );
  }
  if (holds >= rules.taperHoldsOrStepBacks.value) {
    reasons.push({
      code: 'taper-held-or-stepped-back',
      text: `Opioid taper held or stepped back ${holds} ${plural(holds, 'time', 'times')} (suggested from ${rules.taperHoldsOrStepBacks.value}).`,
    });
  }

  // 3. Intervention outcome needing a decision.
  const interventions = p.interventionsAwaitingDecision ?? [];
  if (interventions.length > 0) {
    const list = interventions
      .map((x, j) => {
        parseLocalDate(x.outcomeRecordedOn, `${field}.interventionsAwaitingDecision[${j}].outcomeRecordedOn`);
        return `${x.procedure} (outcome recorded ${formatDateEnGb(x.outcomeRecordedOn)})`;
      })
      .join('; ');
    reasons.push({
      code: 'intervention-decision-needed',
      text: `Intervention outcome needs a decision: ${list}.`,
    });
  }

  // 4. Rehabilitation goals reviewed with no progress.
  const goals = p.rehabGoalsWithoutProgress ?? [];
  if (goals.length > 0 && goals.length >= rules.rehabGoalsWithoutProgress.value) {
    const list = goals
      .map((g, j) => {
        parseLocalDate(g.reviewedOn, `${field}.rehabGoalsWithoutProgress[${j}].reviewedOn`);
        return `"${g.goal}" (reviewed ${formatDateEnGb(g.reviewedOn)})`;
      })
      .join('; ');
    reasons.push({
      code: 'rehab-goals-no-progress',
      text: `${goals.length} rehabilitation ${plural(goals.length, 'goal', 'goals')} reviewed with no progress: ${list}.`,
    });
  }

  // 5. Open risk alerts (a questionnaire answer that needs a clinician; not a threshold, any open alert).
  const alerts = p.openRiskAlerts ?? [];
  if (alerts.length > 0) {
    const list = alerts
      .map((a, j) => {
        parseLocalDate(a.answeredOn, `${field}.openRiskAlerts[${j}].answeredOn`);
        return `${a.measure} "${a.itemLabel}" (answered ${formatDateEnGb(a.answeredOn)})`;
      })
      .join('; ');
    reasons.push({
      code: 'open-risk-alert',
      text: `${alerts.length} risk ${plural(alerts.length, 'alert', 'alerts')} not yet acknowledged: ${list}.`,
    });
  }

  // 6. Actions from the last MDT overdue.
  const grace = rules.overdueActionGraceDays.value;
  const overdue = (p.lastMdtActions ?? []).filter((a, j) => {
    parseLocalDate(a.dueDate, `${field}.lastMdtActions[${j}].dueDate`);
    const open = a.status === 'open' || a.status === 'in-progress';
    return open && epochDay(addCalendarDays(a.dueDate, grace)) < epochDay(today);
  });
  if (overdue.length > 0) {
    const list = overdue
      .map((a) => `${a.description} (owner ${a.ownerName}, due ${formatDateEnGb(a.dueDate)})`)
      .join('; ');
    reasons.push({
      code: 'overdue-mdt-actions',
      text: `${overdue.length} ${plural(overdue.length, 'action', 'actions')} from the last MDT overdue: ${list}.`,
    });
  }
  return reasons;
}

/**
 * Suggests patients for the MDT list. A patient is suggested when any trigger fires:
 * 1. total OME at or above the high-dose threshold (default 90 mg/day) and no MDT discussion in the last
 *    N months (default 6; a discussion exactly N months ago still counts as recent);
 * 2. the current taper held or stepped back at least the threshold number of times (default 2);
 * 3. an intervention outcome that needs a decision;
 * 4. rehabilitation goals reviewed with no progress (default: at least one goal);
 * 5. a risk alert from a questionnaire answer not yet acknowledged;
 * 6. actions from the last MDT that are open or in progress and past their due date (plus grace days).
 *
 * Patients already listed are skipped. Order follows the input: {@link rankSuggestions} puts them in
 * clinical priority order.
 *
 * @param patients - precomputed signals, one per patient
 * @param rules - thresholds (see {@link DEFAULT_SUGGESTION_RULES})
 * @param today - the service's calendar date
 * @throws ClinicalInputError for malformed dates or numbers
 */
export function suggestCases(
  patients: readonly PatientSignals[],
  rules: SuggestionRuleSet,
  today: LocalDate,
): CaseSuggestion[] {
  parseLocalDate(today, 'today');
  const suggestions: CaseSuggestion[] = [];
  patients.forEach((p, i) => {
    if (!p.patientId) {
      throw new ClinicalInputError(
        'INVALID_INPUT',
        `patients[${i}].patientId is required.`,
        `patients[${i}].patientId`,
      );
    }
    if (p.alreadyListed) return;
    const reasons = reasonsFor(p, rules, today, i);
    if (reasons.length > 0) {
      suggestions.push({
        patientId: p.patientId,
        reasons,
        ruleSet: { id: rules.id, version: rules.version },
      });
    }
  });
  return suggestions;
}
