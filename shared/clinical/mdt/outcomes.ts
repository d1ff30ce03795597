/**
 * MDT outcomes: kinds, actions, validation before confirming, versioned amendments and the implementation
 * review date.
 */
import { ClinicalInputError } from '../errors';
import type { QuorumResult } from './quorum';
import {
  addCalendarDays,
  epochDay,
  parseInstant,
  parseLocalDate,
  type Instant,
  type LocalDate,
} from './time';

/**
 * What the MDT concluded. `options-to-discuss` lists options for a shared decision with the patient (the
 * patient's later decision is recorded separately).
 */
export const OUTCOME_KINDS = [
  'recommendation',
  'options-to-discuss',
  'more-information',
  'no-change',
  'discharge',
  'refer-on',
] as const;

/** An outcome kind. */
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/** Labels for clinicians. */
export const OUTCOME_KIND_LABELS: Readonly<Record<OutcomeKind, string>> = {
  recommendation: 'Recommendation',
  'options-to-discuss': 'Options to discuss with the patient',
  'more-information': 'More information needed',
  'no-change': 'No change to the current plan',
  discharge: 'Discharge from the pain service',
  'refer-on': 'Refer on to another service',
};

/** What an action does (cross-module actions create the linked item elsewhere). */
export const ACTION_TYPES = [
  'letter',
  'referral',
  'investigation',
  'medication-change',
  'intervention',
  'rehab-goal',
  'psychology',
  'patient-contact',
  'other',
] as const;

/** An action type. */
export type ActionType = (typeof ACTION_TYPES)[number];

/** An action agreed at the MDT: every action has an owner, a due date and a type. */
export interface MdtAction {
  description: string;
  type: ActionType;
  ownerId: string;
  ownerName: string;
  dueDate: LocalDate;
  /** Optional plain-English wording for the patient letter. */
  patientWording?: string;
}

/** Whether an outcome is still being written, confirmed, or superseded by a later version. */
export type OutcomeStatus = 'draft' | 'confirmed' | 'superseded';

/** One version of an MDT outcome. */
export interface MdtOutcome {
  /** Id of this version. */
  id: string;
  listingId: string;
  /** 1 for the first version. */
  version: number;
  /** The version this one replaces; null for version 1. */
  previousVersionId: string | null;
  status: OutcomeStatus;
  kind: OutcomeKind;
  /** The outcome in the MDT's words. */
  summary: string;
  /** For `options-to-discuss`: two or more options. */
  options: string[];
  rationale: string;
  patientPreferencesConsidered: boolean;
  /** The date of the meeting at which the case was discussed. */
  meetingDate: LocalDate;
  reviewDate: LocalDate | null;
  actions: MdtAction[];
  /** Set to confirm deliberately with no actions. */
  noAction: boolean;
  /** Quorum snapshot taken when the case was discussed (see `evaluateQuorum`); null if not checked. */
  quorum: QuorumResult | null;
  /** Required on every version after the first. */
  amendReason: string | null;
  amendedAt: Instant | null;
  amendedBy: string | null;
}

/**
 * How far after the meeting an action's due date or the review date may plausibly lie (two years). A typing
 * check, not a clinical rule: a date outside it is refused as a likely mistake (issue 16: an action due in 1900).
 */
export const PLAUSIBLE_DAYS_AFTER_MEETING = 730;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** '24-Nov-2026' (the clinical rules do not import the app's date helpers). */
function gb(date: LocalDate): string {
  const [y, m, d] = date.split('-');
  return `${d}-${MONTHS[Number(m) - 1]}-${y}`;
}

/** A problem found by {@link validateOutcome}. Errors stop confirmation; warnings are shown. */
export interface OutcomeIssue {
  severity: 'error' | 'warning';
  code:
    | 'SUMMARY_REQUIRED'
    | 'OPTIONS_REQUIRED'
    | 'ACTION_OR_NO_ACTION_REQUIRED'
    | 'NO_ACTION_WITH_ACTIONS'
    | 'ACTION_INCOMPLETE'
    | 'REVIEW_BEFORE_MEETING'
    | 'DATE_IMPLAUSIBLE'
    | 'QUORUM_NOT_MET';
  field: string;
  message: string;
}

/** Result of {@link validateOutcome}. */
export interface OutcomeValidation {
  /** True when there are no errors (warnings allowed). */
  valid: boolean;
  issues: OutcomeIssue[];
}

/**
 * Checks an outcome. Always: a summary; `options-to-discuss` has two or more different, non-blank options;
 * every action has a description, owner, due date and known type; `noAction` is not set together with
 * actions; the review date is not before the meeting date. When the outcome is being confirmed (status
 * `confirmed`): at least one action or `noAction`, and the quorum snapshot (if any) is met, else an error
 * for a `block` rule or a warning for a `warn` rule.
 *
 * @throws ClinicalInputError only for malformed input (unknown kind, bad dates)
 */
export function validateOutcome(outcome: MdtOutcome): OutcomeValidation {
  if (!(OUTCOME_KINDS as readonly string[]).includes(outcome.kind)) {
    throw new ClinicalInputError('INVALID_INPUT', `Unknown outcome kind "${String(outcome.kind)}".`, 'kind');
  }
  parseLocalDate(outcome.meetingDate, 'meetingDate');
  if (outcome.reviewDate !== null) parseLocalDate(outcome.reviewDate, 'reviewDate');

  const issues: OutcomeIssue[] = [];
  const error = (code: OutcomeIssue['code'], field: string, message: string) =>
    issues.push({ severity: 'error', code, field, message });

  if (outcome.summary.trim() === '') {
    error('SUMMARY_REQUIRED', 'summary', 'Write the outcome.');
  }
  if (outcome.kind === 'options-to-discuss') {
    const distinct = new Set(outcome.options.map((o) => o.trim().toLowerCase()).filter((o) => o !== ''));
    if (distinct.size < 2) {
      error(
        'OPTIONS_REQUIRED',
        'options',
        `Options to discuss with the patient need at least two different options (${distinct.size} given).`,
      );
    }
  }
  outcome.actions.forEach((a, i) => {
    const missing: string[] = [];
    if (!a.description || a.description.trim() === '') missing.push('description');
    if (!a.ownerId || a.ownerId.trim() === '') missing.push('owner');
    if (!a.dueDate) missing.push('due date');
    if (!(ACTION_TYPES as readonly string[]).includes(a.type)) missing.push('type');
    if (a.dueDate) parseLocalDate(a.dueDate, `actions[${i}].dueDate`);
    if (missing.length > 0) {
      error('ACTION_INCOMPLETE', `actions[${i}]`, `Action ${i + 1} needs: ${missing.join(', ')}.`);
    }
    if (a.dueDate && epochDay(a.dueDate) < epochDay(outcome.meetingDate)) {
      error(
        'DATE_IMPLAUSIBLE',
        `actions.${i}.dueDate`,
        `Action ${i + 1} is due on ${gb(a.dueDate)}, before the meeting (${gb(outcome.meetingDate)}): check the date.`,
      );
    } else if (
      a.dueDate &&
      epochDay(a.dueDate) - epochDay(outcome.meetingDate) > PLAUSIBLE_DAYS_AFTER_MEETING
    ) {
      error(
        'DATE_IMPLAUSIBLE',
        `actions.${i}.dueDate`,
        `Action ${i + 1} is due on ${gb(a.dueDate)}, more than two years after the meeting: check the date.`,
      );
    }
  });
  if (outcome.noAction && outcome.actions.length > 0) {
    error('NO_ACTION_WITH_ACTIONS', 'noAction', '"No action" is set but actions are listed; choose one.');
  }
  if (outcome.reviewDate !== null && epochDay(outcome.reviewDate) < epochDay(outcome.meetingDate)) {
    error('REVIEW_BEFORE_MEETING', 'reviewDate', 'The review date cannot be before the meeting date.');
  } else if (
    outcome.reviewDate !== null &&
    epochDay(outcome.reviewDate) - epochDay(outcome.meetingDate) > PLAUSIBLE_DAYS_AFTER_MEETING
  ) {
    error(
      'DATE_IMPLAUSIBLE',
      'reviewDate',
      `The review date ${gb(outcome.reviewDate)} is more than two years after the meeting: check the date.`,
    );
  }
  if (outcome.status === 'confirmed') {
    if (outcome.actions.length === 0 && !outcome.noAction) {
      error(
        'ACTION_OR_NO_ACTION_REQUIRED',
        'actions',
        'Add at least one action (owner, due date, type), or confirm that no action is needed.',
      );
    }
    if (outcome.quorum && !outcome.quorum.met) {
      issues.push({
        severity: outcome.quorum.enforcement === 'block' ? 'error' : 'warning',
        code: 'QUORUM_NOT_MET',
        field: 'quorum',
        message: outcome.quorum.explanation,
      });
    }
  }
  return { valid: !issues.some((i) => i.severity === 'error'), issues };
}

/** The fields an amendment may change. */
export type OutcomeChange = Partial<
  Pick<
    MdtOutcome,
    | 'kind'
    | 'summary'
    | 'options'
    | 'rationale'
    | 'patientPreferencesConsidered'
    | 'reviewDate'
    | 'actions'
    | 'noAction'
  >
>;

/** Who is amending, when, and the id to give the new version. */
export interface AmendmentMeta {
  newId: string;
  amendedAt: Instant;
  amendedBy: string;
}

/**
 * Amends a confirmed outcome: returns a NEW version (version + 1, `previousVersionId` = the old id, the
 * reason recorded) and leaves `previous` untouched (the caller marks it `superseded` when saving). The quorum
 * snapshot and meeting date are kept: the case was discussed when it was discussed.
 *
 * @param previous - the latest confirmed version
 * @param change - fields to change
 * @param reason - why it is being amended; required, not blank
 * @param meta - the new version's id, when, by whom
 * @throws ClinicalInputError if the reason is blank, `previous` is not confirmed, the new id is reused, or
 *   the amended outcome fails {@link validateOutcome}
 */
export function amendOutcome(
  previous: MdtOutcome,
  change: OutcomeChange,
  reason: string,
  meta: AmendmentMeta,
): MdtOutcome {
  if (typeof reason !== 'string' || reason.trim() === '') {
    throw new ClinicalInputError('INVALID_INPUT', 'An amendment needs a reason.', 'reason');
  }
  if (previous.status !== 'confirmed') {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `Only the current confirmed version can be amended (this one is ${previous.status}).`,
      'previous.status',
    );
  }
  if (!meta.newId || meta.newId === previous.id) {
    throw new ClinicalInputError('INVALID_INPUT', 'The new version needs its own id.', 'meta.newId');
  }
  if (!meta.amendedBy) {
    throw new ClinicalInputError('INVALID_INPUT', 'Record who is amending the outcome.', 'meta.amendedBy');
  }
  parseInstant(meta.amendedAt, 'meta.amendedAt');
  // Ignore keys passed as undefined, so they cannot wipe a field.
  const defined = Object.fromEntries(
    Object.entries(change).filter(([, value]) => value !== undefined),
  ) as OutcomeChange;
  const next: MdtOutcome = {
    ...previous,
    ...defined,
    options: [...(change.options ?? previous.options)],
    actions: (change.actions ?? previous.actions).map((a) => ({ ...a })),
    id: meta.newId,
    version: previous.version + 1,
    previousVersionId: previous.id,
    status: 'confirmed',
    amendReason: reason.trim(),
    amendedAt: meta.amendedAt,
    amendedBy: meta.amendedBy,
  };
  const check = validateOutcome(next);
  if (!check.valid) {
    const first = check.issues.find((i) => i.severity === 'error');
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `The amended outcome is not valid: ${first?.message ?? 'unknown problem'}`,
      first?.field,
    );
  }
  return next;
}

/** Default days from the meeting to the implementation review. */
export const DEFAULT_IMPLEMENTATION_REVIEW_DAYS = 90;

/**
 * The date an outcome comes up for its implementation review: `days` calendar days after the meeting.
 *
 * @example implementationReviewDue('2026-11-03') // '2027-02-01'
 * @throws ClinicalInputError for a bad date or a negative / fractional number of days
 */
export function implementationReviewDue(
  meetingDate: LocalDate,
  days: number = DEFAULT_IMPLEMENTATION_REVIEW_DAYS,
): LocalDate {
  if (!Number.isInteger(days) || days < 0) {
    throw new ClinicalInputError('INVALID_INPUT', 'days must be a whole number, zero or more.', 'days');
  }
  return addCalendarDays(meetingDate, days, 'meetingDate');
}
