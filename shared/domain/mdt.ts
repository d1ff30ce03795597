import { z } from 'zod';
import {
  ACTION_TYPES,
  OUTCOME_KINDS,
  type ActionType,
  type RankedSuggestion,
  type Discipline,
  type FinishForecast,
  type LateAdditionState,
  type MeetingPlan,
  type OutcomeIssue,
  type OutcomeKind,
  type QuorumResult,
  type Recurrence,
} from '../clinical/mdt/index';
import type { DashboardStats } from '../clinical/mdt/index';
import {
  actionLinkFields,
  draftActionLinkFields,
  refineActionLinks,
  type DraftActionLinkDetails,
  type DraftLinkView,
} from './mdt-links';

/** MDT meetings (issue 3): request schemas, answer types and labels. */

const id = z.number().int().positive();
const isoDate = (label: string) =>
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `Enter the ${label} as a date (YYYY-MM-DD).`);
const instant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/, 'Enter a time.');

export const REFERRAL_REASONS = [
  'new-complex',
  'intervention-decision',
  'neuromodulation-assessment',
  'opioid-deprescribing',
  'pmp-suitability',
  'rehab-plateau',
  'safeguarding',
  'other',
] as const;
export type ReferralReason = (typeof REFERRAL_REASONS)[number];
export const REFERRAL_REASON_LABELS: Record<ReferralReason, string> = {
  'new-complex': 'New complex referral',
  'intervention-decision': 'Intervention decision',
  'neuromodulation-assessment': 'Neuromodulation assessment',
  'opioid-deprescribing': 'Opioid or deprescribing dilemma',
  'pmp-suitability': 'Pain management programme suitability',
  'rehab-plateau': 'Rehabilitation plateau',
  safeguarding: 'Safeguarding',
  other: 'Other',
};
/** The quorum case category a referral reason brings (quorum rules are written against these). */
export function caseCategoryFor(reason: ReferralReason): string {
  return reason === 'neuromodulation-assessment' ? 'neuromodulation-decision' : reason;
}

export const URGENCIES = ['routine', 'soon', 'urgent'] as const;
export const URGENCY_LABELS: Record<(typeof URGENCIES)[number], string> = {
  routine: 'Routine',
  soon: 'Soon',
  urgent: 'Urgent',
};

export const LISTING_CATEGORIES = ['full-discussion', 'protocol-noted', 'for-information'] as const;
export const LISTING_CATEGORY_LABELS: Record<(typeof LISTING_CATEGORIES)[number], string> = {
  'full-discussion': 'Full discussion',
  'protocol-noted': 'Noted under an approved local protocol',
  'for-information': 'For information',
};
export type ListingCategoryValue = (typeof LISTING_CATEGORIES)[number];

export const ATTENDANCE_STATUSES = ['present', 'remote', 'apologies', 'absent', 'deputy'] as const;
export const ATTENDANCE_LABELS: Record<(typeof ATTENDANCE_STATUSES)[number], string> = {
  present: 'Present',
  remote: 'Remote',
  apologies: 'Apologies',
  absent: 'Absent',
  deputy: 'Deputy',
};

export const OUTCOME_KIND_VALUES = OUTCOME_KINDS;
export const ACTION_TYPE_VALUES = ACTION_TYPES;
export const ACTION_TYPE_LABELS: Record<ActionType, string> = {
  letter: 'Letter',
  referral: 'Referral',
  investigation: 'Investigation',
  'medication-change': 'Medication change',
  intervention: 'Intervention',
  'rehab-goal': 'Rehabilitation goal',
  psychology: 'Psychology',
  'patient-contact': 'Patient contact',
  other: 'Other',
};

/** Service details printed on letters (demo values; a clinical lead approves the real ones). */
export const MDT_SERVICE = {
  serviceName: 'Alongside Specialist Pain Service',
  contactDetails: 'on 0100 000 0000 (Monday to Friday, 9am to 5pm)',
};

// ---------- requests ----------

/**
 * The clinician who referred the patient, as typed on a referral form (issue 16): kept apart from whoever
 * keys the referral, and used to address the referrer letter. Every field may be left blank (the letter then
 * asks for the referrer), but details without a name are refused beside the name.
 */
export const referrerFieldsShape = {
  referrerName: z.string().trim().max(200, 'At most 200 characters.').default(''),
  referrerRole: z.string().trim().max(200, 'At most 200 characters.').default(''),
  referrerOrganisation: z.string().trim().max(200, 'At most 200 characters.').default(''),
  referrerAddress: z.string().trim().max(1000, 'At most 1,000 characters.').default(''),
};

interface ReferrerFields {
  referrerName: string;
  referrerRole: string;
  referrerOrganisation: string;
  referrerAddress: string;
}

/**
 * Refuses referrer details without a name; with `needsWhere`, also a name with neither organisation nor
 * address (the letter could not reach them).
 */
export function checkReferrerFields(v: ReferrerFields, ctx: z.RefinementCtx, needsWhere: boolean): void {
  const name = v.referrerName.trim() !== '';
  const details = [v.referrerRole, v.referrerOrganisation, v.referrerAddress].some((x) => x.trim() !== '');
  if (!name && details)
    ctx.addIssue({
      code: 'custom',
      path: ['referrerName'],
      message: 'Enter the referrer’s name, or clear their other details.',
    });
  if (needsWhere && name && v.referrerOrganisation.trim() === '' && v.referrerAddress.trim() === '')
    ctx.addIssue({
      code: 'custom',
      path: ['referrerOrganisation'],
      message: 'Enter the referrer’s organisation or address, so the letter can reach them.',
    });
}

export const referralInputSchema = z
  .strictObject({
    patientId: id,
    question: z
      .string()
      .trim()
      .min(1, 'Write the question for the MDT.')
      .max(2000, 'At most 2,000 characters.'),
    reason: z.enum(REFERRAL_REASONS, 'Choose the reason for referral.'),
    urgency: z.enum(URGENCIES, 'Choose how urgent this is.').default('routine'),
    presenterId: id.nullable().default(null),
    patientAware: z.boolean('Say whether the patient knows they are being discussed.'),
    whatMatters: z.string().trim().max(2000, 'At most 2,000 characters.').default(''),
    meetingTypeId: z.number('Choose the meeting.').int().positive(),
    /** A particular meeting; otherwise the next meeting of the type. */
    meetingId: id.nullable().default(null),
    ...referrerFieldsShape,
  })
  .superRefine((v, ctx) => checkReferrerFields(v, ctx, true));
export type ReferralInput = z.input<typeof referralInputSchema>;

const recurrenceSchema = z.union([
  z.strictObject({
    kind: z.literal('weekly'),
    weekday: z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']),
    everyWeeks: z.number().int().min(1).max(52),
    startsOn: isoDate('first meeting'),
    time: z.string().regex(/^\d{2}:\d{2}$/, 'Enter the start time as HH:MM.'),
    endsOn: isoDate('end').nullable().optional(),
    skipDates: z.array(isoDate('skipped date')).optional(),
  }),
  z.strictObject({
    kind: z.literal('monthly-nth-weekday'),
    weekday: z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']),
    nth: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal('last')]),
    everyMonths: z.number().int().min(1).max(12),
    startsOn: isoDate('first meeting'),
    time: z.string().regex(/^\d{2}:\d{2}$/, 'Enter the start time as HH:MM.'),
    endsOn: isoDate('end').nullable().optional(),
    skipDates: z.array(isoDate('skipped date')).optional(),
  }),
]);

/** Case categories quorum rules are written against (a referral reason brings its category). */
export const CASE_CATEGORIES = [
  'neuromodulation-decision',
  'new-complex',
  'intervention-decision',
  'opioid-deprescribing',
  'pmp-suitability',
  'rehab-plateau',
  'safeguarding',
  'other',
] as const;
export const CASE_CATEGORY_LABELS: Record<(typeof CASE_CATEGORIES)[number], string> = {
  'neuromodulation-decision': 'Neuromodulation decision',
  'new-complex': 'New complex referral',
  'intervention-decision': 'Intervention decision',
  'opioid-deprescribing': 'Opioid or deprescribing dilemma',
  'pmp-suitability': 'Pain management programme suitability',
  'rehab-plateau': 'Rehabilitation plateau',
  safeguarding: 'Safeguarding',
  other: 'Other',
};
export const QUORUM_DISCIPLINES = [
  'consultant',
  'nurse',
  'physiotherapist',
  'psychologist',
  'pharmacist',
  'other',
] as const;

/** One quorum rule of a meeting type: where it applies (all cases or some categories) and what it needs. */
export const quorumRuleInputSchema = z.strictObject({
  label: z.string().trim().min(1, 'Describe the rule.').max(300),
  /** Null: every case of this meeting type. */
  caseCategories: z.array(z.enum(CASE_CATEGORIES)).min(1, 'Choose at least one case category.').nullable(),
  requirements: z
    .array(
      z.strictObject({
        disciplines: z.array(z.enum(QUORUM_DISCIPLINES)).min(1, 'Choose at least one discipline.'),
        min: z.number().int().min(1, 'At least 1.').max(20, 'At most 20.'),
        label: z.string().trim().min(1, 'Describe who is needed.').max(120),
      }),
    )
    .min(1, 'Add at least one requirement.')
    .max(10),
  enforcement: z.enum(['block', 'warn'], 'Choose whether failing it blocks or warns.'),
});
export type QuorumRuleInput = z.input<typeof quorumRuleInputSchema>;

export const meetingTypeInputSchema = z
  .strictObject({
    id: id.nullable().default(null),
    code: z
      .string()
      .trim()
      .regex(/^[a-z0-9-]{2,40}$/, 'Use 2 to 40 lower-case letters, digits or hyphens.'),
    name: z.string().trim().min(1, 'Name the meeting type.').max(120),
    purpose: z.string().trim().max(500).default(''),
    recurrence: recurrenceSchema,
    durationMinutes: z.number().int().min(10, 'At least 10 minutes.').max(600, 'At most 10 hours.'),
    cutOffHours: z.number().min(0, 'Zero or more hours.').max(336, 'At most 14 days.'),
    chairId: id.nullable().default(null),
    coreMemberIds: z.array(id).default([]),
    defaultMinutesPerCase: z.number().int().min(1).max(120).default(10),
    /** Quorum rules for this type (per meeting, and per case category); omitted: unchanged. */
    quorumRules: z.array(quorumRuleInputSchema).max(20).optional(),
    /**
     * Two desks saving one meeting type (issue 19): the version the screen showed (MeetingTypeView.version),
     * required when changing one, null for a new type. A save made against an older version is refused.
     */
    version: z.number().int().min(0).nullable().default(null),
  })
  .superRefine((v, ctx) => {
    if (v.id !== null && v.version === null)
      ctx.addIssue({
        code: 'custom',
        path: ['version'],
        message: 'The screen did not say which version of the meeting type it showed; nothing was saved.',
      });
  });
export type MeetingTypeInput = z.input<typeof meetingTypeInputSchema>;

export const actionInputSchema = z
  .strictObject({
    description: z.string().trim().min(1, 'Describe the action.').max(1000),
    type: z.enum(ACTION_TYPES, 'Choose the action type.'),
    ownerId: z.number('Choose who owns the action.').int().positive(),
    dueDate: isoDate('due date'),
    patientWording: z.string().trim().max(1000).optional(),
    // What an intervention, medication change or rehab goal action asks of its module (a draft is created).
    ...actionLinkFields,
  })
  .superRefine(refineActionLinks);
export type ActionInput = z.input<typeof actionInputSchema>;

export const outcomeFieldsSchema = z.strictObject({
  kind: z.enum(OUTCOME_KINDS, 'Choose the outcome.'),
  summary: z.string().max(5000).default(''),
  options: z.array(z.string().max(1000)).max(10).default([]),
  rationale: z.string().max(5000).default(''),
  patientPreferencesConsidered: z.boolean().default(false),
  reviewDate: isoDate('review date').nullable().default(null),
  patientSummary: z.string().max(3000).default(''),
  actions: z.array(actionInputSchema).max(30).default([]),
  noAction: z.boolean().default(false),
});
export type OutcomeFieldsInput = z.input<typeof outcomeFieldsSchema>;
export type OutcomeFields = z.output<typeof outcomeFieldsSchema>;

/** A draft is saved on every change, so nothing in it is required yet. */
export const outcomeDraftSchema = z.strictObject({
  listingId: id,
  kind: z.enum(OUTCOME_KINDS).default('recommendation'),
  summary: z.string().max(5000).default(''),
  options: z.array(z.string().max(1000)).max(10).default([]),
  rationale: z.string().max(5000).default(''),
  patientPreferencesConsidered: z.boolean().default(false),
  reviewDate: isoDate('review date').nullable().default(null),
  patientSummary: z.string().max(3000).default(''),
  actions: z
    .array(
      z.strictObject({
        description: z.string().max(1000).default(''),
        type: z.enum(ACTION_TYPES).default('other'),
        ownerId: id.nullable().default(null),
        dueDate: z.string().max(10).default(''),
        patientWording: z.string().max(1000).optional(),
        ...draftActionLinkFields,
      }),
    )
    .max(30)
    .default([]),
  noAction: z.boolean().default(false),
  /**
   * Two people editing one draft (issue 19): the draft's `updatedAt` the editor started from (null: there was
   * no draft yet). A draft saved by someone else since then is not overwritten: the save is refused and says
   * who changed it and what it now reads. Omitted: not checked (scripts and seeding only; the app sends it).
   */
  basedOn: z.string().max(40).nullable().optional(),
});
export type OutcomeDraftInput = z.input<typeof outcomeDraftSchema>;
export type OutcomeDraft = z.output<typeof outcomeDraftSchema>;

export const attendanceInputSchema = z.strictObject({
  meetingId: id,
  userId: id,
  status: z.enum(ATTENDANCE_STATUSES, 'Choose the attendance.'),
  deputyForUserId: id.nullable().default(null),
  joinedAt: instant.nullable().default(null),
  leftAt: instant.nullable().default(null),
  /**
   * Two desks recording one person's attendance (issue 19): the version of their attendance as the screen
   * showed it (AttendanceView.version), or null when it showed none recorded. A change made against an older
   * state than the one stored is refused, naming who changed it and when.
   */
  version: z.number().int().min(0).nullable(),
});

export const WORKLISTS = ['my-actions', 'overdue-actions', 'awaiting-decision', 'review-due'] as const;
export const WORKLIST_LABELS: Record<(typeof WORKLISTS)[number], string> = {
  'my-actions': 'My actions',
  'overdue-actions': 'Overdue actions',
  'awaiting-decision': "Outcomes awaiting the patient's decision",
  'review-due': 'Implementation review due',
};

export const PATIENT_DECISIONS = ['accepted', 'chose-alternative', 'declined', 'undecided'] as const;
export const PATIENT_DECISION_LABELS: Record<(typeof PATIENT_DECISIONS)[number], string> = {
  accepted: 'Accepted',
  'chose-alternative': 'Chose an alternative',
  declined: 'Declined',
  undecided: 'Still deciding',
};

// ---------- answers ----------

export interface MdtPerson {
  id: number;
  name: string;
  role: string;
  discipline: Discipline;
}

export interface MeetingTypeView {
  id: number;
  code: string;
  name: string;
  purpose: string;
  recurrence: Recurrence;
  durationMinutes: number;
  cutOffHours: number;
  chairId: number | null;
  coreMemberIds: number[];
  defaultMinutesPerCase: number;
  /** Moved on by every save; sent back when saving (issue 19: an older one is refused). */
  version: number;
  quorumRuleSet: { id: string; name: string; version: string; example: boolean };
  /** The rules themselves, for the meeting-type screen. */
  quorumRules: {
    id: string;
    label: string;
    caseCategories: string[] | null;
    requirements: { disciplines: Discipline[]; min: number; label: string }[];
    enforcement: 'block' | 'warn';
    /** False when the rule covers other meeting types only (shared rule sets). */
    appliesToThisType: boolean;
  }[];
  example: boolean;
}

export type MeetingStatus = 'planned' | 'in-progress' | 'closed';

export interface MeetingSummary {
  id: number;
  meetingTypeId: number;
  meetingTypeName: string;
  date: string;
  startLocal: string;
  startAt: string;
  durationMinutes: number;
  status: MeetingStatus;
  chairId: number | null;
  chairName: string | null;
  cutOffAt: string;
  caseCount: number;
}

export interface ListingView {
  id: number;
  patientId: number;
  patientName: string;
  nhsNumber: string | null;
  position: number;
  source: 'referral' | 'carried' | 'suggested';
  category: ListingCategoryValue;
  status: 'proposed' | 'accepted' | 'discussed' | 'deferred' | 'withdrawn';
  plannedMinutes: number;
  presenterId: number | null;
  presenterName: string | null;
  requesters: { id: number; name: string }[];
  questions: string[];
  /** The listing's own question, written or edited on the list (it replaces the referral questions shown). */
  ownQuestion: string | null;
  /** How many times the listing's own question was saved: sent back with the next edit (issue 19). */
  questionVersion: number;
  meetingId: number;
  reasons: ReferralReason[];
  caseCategories: string[];
  urgency: 'routine' | 'soon' | 'urgent';
  patientAware: boolean;
  whatMatters: string;
  lateState: LateAdditionState;
  lateApprovedByName: string | null;
  deferralCount: number;
  deferReason: string | null;
  escalate: boolean;
  suggestionReasons: { code: string; text: string }[];
  startedAt: string | null;
  endedAt: string | null;
  outcomeStatus: 'none' | 'draft' | 'confirmed';
  plannedStartLocal: string | null;
  runningTotalMinutes: number | null;
  fitsInMeeting: boolean | null;
}

/** A listing's state in words for people (never the stored status code). */
export function listingStatusText(
  l: Pick<ListingView, 'status' | 'startedAt' | 'endedAt' | 'outcomeStatus' | 'deferReason'>,
): string {
  if (l.status === 'withdrawn')
    return l.deferReason?.startsWith('Moved to') ? 'Moved to another meeting' : 'Withdrawn from the list';
  if (l.status === 'deferred') return 'Carried to a later meeting';
  if (l.outcomeStatus === 'confirmed') return 'Discussed, outcome confirmed';
  if (l.status === 'discussed') return 'Discussed';
  if (l.startedAt && !l.endedAt) return 'Being discussed';
  if (l.status === 'proposed') return 'Awaiting approval';
  return 'On the list';
}

export interface AttendanceView {
  userId: number;
  name: string;
  discipline: Discipline;
  status: (typeof ATTENDANCE_STATUSES)[number];
  deputyForUserId: number | null;
  /** The member a deputy stands in for, and the discipline they count for in quorum. */
  deputyForName: string | null;
  deputyForDiscipline: Discipline | null;
  /** First join (null: from the start). */
  joinedAt: string | null;
  /** Last leave while out of the room; null while in the room (or never left). */
  leftAt: string | null;
  /** Every join/leave interval, in order (someone who leaves and rejoins has several). */
  intervals: { joinedAt: string | null; leftAt: string | null }[];
  /** In the room now (an open interval). */
  inRoom: boolean;
  /** Moved on by every change (recorded, left, rejoined); sent back when recording it again (issue 19). */
  version: number;
}

export interface MeetingDetail {
  meeting: MeetingSummary;
  type: MeetingTypeView;
  listings: ListingView[];
  plan: MeetingPlan;
  attendance: AttendanceView[];
  /** Live quorum for each listing: at its discussion time if started, else now. */
  quorum: Record<number, QuorumResult>;
  forecast: FinishForecast | null;
  currentListingId: number | null;
}

export interface SuggestionView extends RankedSuggestion {
  patientName: string;
  nhsNumber: string | null;
}

export interface CaseSummary {
  listingId: number;
  patient: {
    id: number;
    name: string;
    nhsNumber: string | null;
    dateOfBirth: string;
    gpPractice: string | null;
  };
  diagnosis: string | null;
  questions: string[];
  reasons: string[];
  whatMatters: string;
  patientAware: boolean;
  allergies: { agent: string; reaction: string }[];
  openActions: { id: number; description: string; ownerName: string; dueDate: string; overdue: boolean }[];
  previousDiscussions: { date: string; kind: OutcomeKind; summary: string }[];
  sections: { title: string; text: string | null }[];
  /** Rehabilitation: the latest GAS review and the latest score of each outcome measure. */
  rehab: CaseSummaryRehab;
  readiness: { ready: boolean; missing: string[] };
}

/** The rehab section of a case summary (read from the rehab module's precomputed tables). */
export interface CaseSummaryRehab {
  activePlan: { id: number; pathway: string } | null;
  gas: {
    reviewDate: string;
    tScore: number | null;
    baselineTScore: number | null;
    /** Change since baseline (T-score points); null when no goal was rated. */
    change: number | null;
    ratedCount: number;
    totalCount: number;
    /** "T-score 54.3 on 2 of 3 goals". */
    label: string;
    noProgress: boolean;
    ruleSet: { id: string; version: string };
  } | null;
  measures: {
    measure: string;
    name: string;
    total: number | null;
    band: string | null;
    administeredOn: string;
    /** Change from the first scored administration; null with one administration or no change rule. */
    change: number | null;
    meaningful: boolean;
    improved: boolean | null;
    ruleSet: { id: string; version: string };
  }[];
}

export interface OutcomeView {
  id: number;
  listingId: number;
  patientId: number;
  version: number;
  previousVersionId: number | null;
  status: 'draft' | 'confirmed' | 'superseded';
  kind: OutcomeKind;
  summary: string;
  options: string[];
  rationale: string;
  patientPreferencesConsidered: boolean;
  reviewDate: string | null;
  patientSummary: string;
  meetingDate: string;
  noAction: boolean;
  quorum: QuorumResult | null;
  actions: {
    id: number | null;
    description: string;
    type: ActionType;
    ownerId: number | null;
    ownerName: string;
    dueDate: string;
    status: string;
    /** How it was completed, e.g. "Done: taper plan signed off (Medicines) on 22-Nov-2026" (null while open). */
    completionNote: string | null;
    /** The chair's wording of the action for the patient letter (null: the plain default for its type). */
    patientWording?: string | null;
    /** What the MDT asked the module for (intervention, medication change, rehab goal actions). */
    link?: DraftActionLinkDetails | null;
    /** The draft item the action created in its module, once confirmed. */
    draft?: DraftLinkView | null;
  }[];
  amendReason: string | null;
  amendedAt: string | null;
  amendedByName: string | null;
  confirmedAt: string | null;
  confirmedByName: string | null;
  patientDecision: string | null;
  /** When the patient's decision was recorded (sent back when it is recorded again: issue 19). */
  patientDecisionAt: string | null;
  implementationReviewDue: string | null;
  updatedAt: string;
}

export interface ConfirmResult {
  outcome: OutcomeView;
  warnings: OutcomeIssue[];
}

/** Why a case is not confirmed when the meeting finishes (issue 16: the finish review). */
export const FINISH_CASE_STATES = ['draft', 'blocked-by-quorum', 'started', 'not-reached'] as const;
export const FINISH_CASE_STATE_LABELS: Record<(typeof FINISH_CASE_STATES)[number], string> = {
  draft: 'Outcome typed but not confirmed',
  'blocked-by-quorum': 'Blocked: quorum not met',
  started: 'Discussion started, no outcome typed',
  'not-reached': 'Not reached',
};

/** What the chair reviews before finishing: every case on the list without a confirmed outcome. */
export interface FinishReview {
  meetingId: number;
  confirmedCount: number;
  cases: {
    listingId: number;
    patientName: string;
    state: (typeof FINISH_CASE_STATES)[number];
    stateLabel: string;
    /** The reason prefilled from the state; the chair may change it. */
    suggestedReason: string;
    /** The typed draft, when there is one (it is carried with the case). */
    draftSummary: string | null;
  }[];
}

export interface FinishResult {
  meetingId: number;
  nextMeetingId: number | null;
  carried: { listingId: number; patientName: string; deferralCount: number; escalate: boolean }[];
  letters: { id: number; audience: string; status: string }[];
}

export interface LetterView {
  id: number;
  outcomeId: number;
  patientId: number;
  patientName: string;
  audience: 'gp' | 'referrer' | 'patient';
  recipientName: string;
  templateId: string;
  templateVersion: string;
  body: string | null;
  problem: string | null;
  status: 'ready' | 'needs-attention' | 'sent';
  generatedAt: string;
  sentAt: string | null;
  meetingDate: string;
  /** The outcome version the letter was written from, and the amendment's reason for version 2 onwards. */
  outcomeVersion: number;
  amendReason: string | null;
  /** Set when the outcome was amended after this letter: kept as it was, replaced by a new letter. */
  supersededAt: string | null;
  supersededByOutcomeId: number | null;
  replacesLetterId: number | null;
  /** For a superseded letter: the letter that replaced it (the current version to use instead). */
  replacedByLetterId: number | null;
  /** False while the template version it was written from is an example not yet approved locally. */
  templateApproved: boolean;
  /**
   * The version of the referrer recorded for the letter's case (its oldest live referral; 0 when none), sent
   * back when recording the referrer so that a colleague's newer one is not written over (issue 19).
   */
  referrerVersion: number;
}

/** The clinician who referred the patient, recorded for a case's letters (issue 16). */
export const referrerInputSchema = z.strictObject({
  letterId: id,
  /** The referrer's version as the letters list showed it (LetterView.referrerVersion; issue 19). */
  version: z.number().int().min(0),
  name: z
    .string('Enter the referrer’s name.')
    .trim()
    .min(1, 'Enter the referrer’s name.')
    .max(200, 'At most 200 characters.'),
  role: z
    .string()
    .trim()
    .min(1, 'Enter the referrer’s role, e.g. Consultant rheumatologist.')
    .max(200, 'At most 200 characters.'),
  organisation: z
    .string()
    .trim()
    .min(1, 'Enter the referrer’s organisation.')
    .max(200, 'At most 200 characters.'),
  address: z.string().trim().min(1, 'Enter the referrer’s address.').max(1000, 'At most 1,000 characters.'),
});
export type ReferrerInput = z.input<typeof referrerInputSchema>;

export const LETTER_AUDIENCES = ['gp', 'referrer', 'patient'] as const;
export const LETTER_AUDIENCE_LABELS: Record<(typeof LETTER_AUDIENCES)[number], string> = {
  gp: 'GP',
  referrer: 'Referrer',
  patient: 'Patient (plain English)',
};

/** A version of a letter template. */
export interface LetterTemplateView {
  id: number;
  templateId: string;
  audience: (typeof LETTER_AUDIENCES)[number];
  name: string;
  version: string;
  body: string;
  source: string;
  changeNote: string;
  example: boolean;
  createdAt: string;
  approvedByName: string | null;
  approvedAt: string | null;
  /** True for the newest version of its audience: the one new letters use. */
  current: boolean;
  placeholders: string[];
}

export const letterTemplateInputSchema = z.strictObject({
  audience: z.enum(LETTER_AUDIENCES, 'Choose who the letter is for.'),
  name: z.string().trim().min(1, 'Name the template.').max(200, 'At most 200 characters.'),
  body: z
    .string()
    .trim()
    .min(20, 'Write the letter (at least 20 characters).')
    .max(20000, 'At most 20,000 characters.'),
  changeNote: z.string().trim().min(1, 'Say what changed in this version.').max(1000),
  /** The version this one was written from (stale edits are refused). */
  basedOnId: id,
});
export type LetterTemplateInput = z.input<typeof letterTemplateInputSchema>;

export interface WorklistRow {
  kind: 'action' | 'outcome';
  id: number;
  patientId: number;
  patientName: string;
  nhsNumber: string | null;
  text: string;
  ownerName: string | null;
  dueDate: string | null;
  meetingDate: string;
  status: string;
  /** An action's version, sent back when marking it (issue 19); 0 for an outcome row. */
  version: number;
}

export interface PatientMdtOverview {
  referrals: {
    id: number;
    question: string;
    reason: ReferralReason;
    requestedAt: string;
    requestedByName: string;
    meetingId: number | null;
    meetingDate: string | null;
  }[];
  listings: {
    id: number;
    meetingId: number;
    meetingDate: string;
    meetingTypeName: string;
    status: string;
    outcome: OutcomeView | null;
  }[];
}

export interface DashboardView {
  from: string;
  to: string;
  stats: DashboardStats;
  meetings: number;
  byMonth: { month: string; listed: number; discussed: number }[];
}

// ---------- referral sifting (triage queue) ----------

export const SERVICE_REFERRAL_SOURCES = ['gp', 'consultant', 'self', 'other'] as const;
export type ServiceReferralSource = (typeof SERVICE_REFERRAL_SOURCES)[number];
export const SERVICE_REFERRAL_SOURCE_LABELS: Record<ServiceReferralSource, string> = {
  gp: 'GP',
  consultant: 'Hospital consultant',
  self: 'Self-referral',
  other: 'Other',
};
export const SERVICE_URGENCIES = ['routine', 'urgent'] as const;
export type ServiceUrgency = (typeof SERVICE_URGENCIES)[number];
export const TRIAGE_STATUSES = ['awaiting', 'triaged'] as const;
export type TriageStatus = (typeof TRIAGE_STATUSES)[number];
export const TRIAGE_PATHWAYS = ['clinic', 'mdt', 'pmp', 'discharge'] as const;
export type TriagePathway = (typeof TRIAGE_PATHWAYS)[number];
export const TRIAGE_PATHWAY_LABELS: Record<TriagePathway, string> = {
  clinic: 'Pain clinic appointment',
  mdt: 'MDT discussion',
  pmp: 'Pain management programme',
  discharge: 'Discharge with advice',
};

export const serviceReferralInputSchema = z
  .strictObject({
    patientId: z.number('Choose the patient.').int('Choose the patient.').positive('Choose the patient.'),
    receivedOn: isoDate('date the referral was received'),
    source: z.enum(SERVICE_REFERRAL_SOURCES, 'Choose who referred the patient.'),
    referrerName: z.string().trim().max(200, 'At most 200 characters.').default(''),
    /** The referrer's role, organisation and address, for the MDT letter to them (issue 16). */
    referrerRole: z.string().trim().max(200, 'At most 200 characters.').default(''),
    referrerOrganisation: z.string().trim().max(200, 'At most 200 characters.').default(''),
    referrerAddress: z.string().trim().max(1000, 'At most 1,000 characters.').default(''),
    referralReason: z
      .string('Write the reason for referral.')
      .trim()
      .min(1, 'Write the reason for referral.')
      .max(4000, 'At most 4,000 characters.'),
    urgency: z.enum(SERVICE_URGENCIES, 'Choose routine or urgent.').default('routine'),
  })
  .superRefine((v, ctx) => checkReferrerFields(v, ctx, false));
export type ServiceReferralInput = z.input<typeof serviceReferralInputSchema>;

export const triageListSchema = z.strictObject({
  status: z.enum(TRIAGE_STATUSES, 'Choose awaiting or triaged.').nullable().default(null),
  pathway: z.enum(TRIAGE_PATHWAYS, 'Choose a pathway.').nullable().default(null),
  limit: z.number().int().min(1).max(500).default(200),
});

export const triageDecisionSchema = z
  .strictObject({
    serviceReferralId: id,
    version: z.number().int().positive(),
    pathway: z.enum(TRIAGE_PATHWAYS, 'Choose the pathway.'),
    /** The MDT (meeting type) for the 'mdt' pathway. */
    meetingTypeId: id.nullable().default(null),
    reason: z
      .string('Write the reason for this decision.')
      .trim()
      .min(1, 'Write the reason for this decision.')
      .max(2000, 'At most 2,000 characters.'),
    /** The question for the MDT; the triage reason when left blank. */
    question: z.string().trim().max(2000, 'At most 2,000 characters.').default(''),
    mdtReason: z.enum(REFERRAL_REASONS, 'Choose the reason for MDT discussion.').default('new-complex'),
    patientAware: z.boolean('Say whether the patient knows they are being discussed.').default(false),
  })
  .superRefine((v, ctx) => {
    if (v.pathway === 'mdt' && v.meetingTypeId === null) {
      ctx.addIssue({ code: 'custom', path: ['meetingTypeId'], message: 'Choose the MDT for this referral.' });
    }
  });
export type TriageDecisionInput = z.input<typeof triageDecisionSchema>;

/** Puts a triaged referral back in the queue (a decision sent to the wrong pathway), with a reason. */
export const triageReopenSchema = z.strictObject({
  serviceReferralId: id,
  version: z.number().int().positive(),
  reason: z
    .string('Write why this decision is being reopened.')
    .trim()
    .min(1, 'Write why this decision is being reopened.')
    .max(2000, 'At most 2,000 characters.'),
});
export type TriageReopenInput = z.input<typeof triageReopenSchema>;

export interface ServiceReferralView {
  id: number;
  patientId: number;
  patientName: string;
  nhsNumber: string | null;
  receivedOn: string;
  source: ServiceReferralSource;
  referrerName: string;
  referralReason: string;
  urgency: ServiceUrgency;
  status: TriageStatus;
  pathway: TriagePathway | null;
  meetingTypeId: number | null;
  meetingTypeName: string | null;
  decisionReason: string | null;
  triagedByName: string | null;
  triagedAt: string | null;
  mdtReferralId: number | null;
  /** Calendar days from receipt to today (awaiting) or to the triage date. */
  daysWaiting: number;
  version: number;
  /**
   * The MDT has started on this referral (its case discussed, started or given an outcome, here or at an
   * earlier meeting): the triage decision stands and cannot be reopened (the service refuses it).
   */
  mdtStarted?: boolean;
}

export interface TriageQueueView {
  awaitingCount: number;
  urgentAwaitingCount: number;
  rows: ServiceReferralView[];
}

/** One discussed case in the minutes: its listing, the outcome as it stands, and its amendment history. */
export interface MinutesCase {
  listing: ListingView;
  /** The confirmed outcome (null if none was confirmed). */
  outcome: OutcomeView | null;
  /** Amendments of the outcome, oldest first (version, reason, when, by whom). */
  amendments: { version: number; reason: string; at: string | null; byName: string | null }[];
}

/** A case listed but not discussed: carried to the next meeting with a reason and a deferral count. */
export interface MinutesCarried {
  listing: ListingView;
  reason: string | null;
  deferralCount: number;
  escalate: boolean;
  nextMeetingId: number | null;
}

/** The minutes of a finished meeting ('mdt:meeting:minutes'). */
export interface MeetingMinutes {
  meeting: MeetingSummary;
  actualStartAt: string | null;
  actualEndAt: string | null;
  attendance: AttendanceView[];
  discussed: MinutesCase[];
  notDiscussed: MinutesCarried[];
  protocolNoted: ListingView[];
  forInformation: ListingView[];
}
