/**
 * MDT actions -> linked draft items in the modules (issue 3, "Actions"): an action of type intervention,
 * medication change or rehab goal carries what the MDT asked for, and confirming the outcome creates one
 * draft item in that module (a draft waiting-list request, a draft taper plan, a draft goal). Drafts are not
 * active clinical items until a clinician completes them; each keeps the action it came from.
 */
import { z } from 'zod';
import { isIsoDate } from '../dates';
import { PRIORITIES, SIDES } from './interventions';
import { LIFE_DOMAINS } from './rehab';

const id = z.number().int().positive();
const text = (max: number, message: string) =>
  z.string(message).trim().min(1, message).max(max, `At most ${max} characters.`);

export const LINK_MODULES = ['interventions', 'medicines', 'rehab'] as const;
export type LinkModule = (typeof LINK_MODULES)[number];
export const LINK_MODULE_LABELS: Record<LinkModule, string> = {
  interventions: 'Interventions',
  medicines: 'Medicines',
  rehab: 'Rehabilitation',
};

/** The action types that create a draft, and the module each creates it in. */
export const LINKED_ACTION_MODULE = {
  intervention: 'interventions',
  'medication-change': 'medicines',
  'rehab-goal': 'rehab',
} as const satisfies Record<string, LinkModule>;
export type LinkedActionType = keyof typeof LINKED_ACTION_MODULE;
export function isLinkedActionType(type: string): type is LinkedActionType {
  return Object.hasOwn(LINKED_ACTION_MODULE, type);
}

export const DRAFT_KINDS = ['intervention-request', 'taper-plan', 'rehab-goal-draft'] as const;
export type DraftKind = (typeof DRAFT_KINDS)[number];

// ---------------------------------------------------------------- what the MDT asks for

export const PROCEDURE_MESSAGE = 'Choose the procedure from the catalogue.';
export const MEDICINE_MESSAGE = 'Choose the medicine from the patient’s current list.';
export const GOAL_MESSAGE = 'Write the goal as the MDT agreed it.';

export const interventionLinkSchema = z.strictObject({
  procedureCode: text(40, PROCEDURE_MESSAGE),
  side: z.enum(SIDES, 'Choose the side.'),
  site: text(120, 'Enter the level or target, e.g. L4-5.'),
  indication: text(500, 'Enter the indication.'),
});
export type InterventionLink = z.output<typeof interventionLinkSchema>;

export const MEDICINE_CHANGES = ['reduce', 'stop'] as const;
export type MedicineChange = (typeof MEDICINE_CHANGES)[number];
export const MEDICINE_CHANGE_LABELS: Record<MedicineChange, string> = {
  reduce: 'Reduce gradually to a target dose',
  stop: 'Reduce gradually and stop',
};

export const medicineLinkSchema = z
  .strictObject({
    itemId: z.number(MEDICINE_MESSAGE).int().positive(MEDICINE_MESSAGE),
    change: z.enum(MEDICINE_CHANGES, 'Choose the change to make.'),
    targetDose: z
      .number('Enter the dose to reduce to.')
      .positive('Enter the dose to reduce to.')
      .nullable()
      .default(null),
  })
  .superRefine((m, ctx) => {
    if (m.change === 'reduce' && m.targetDose === null)
      ctx.addIssue({ code: 'custom', path: ['targetDose'], message: 'Enter the dose to reduce to.' });
  });
export type MedicineLink = z.output<typeof medicineLinkSchema>;

export const rehabGoalLinkSchema = z.strictObject({
  wording: text(300, GOAL_MESSAGE),
  domain: z.enum(LIFE_DOMAINS, 'Choose the life domain.'),
  whatMatters: z.string().trim().max(1000, 'At most 1,000 characters.').default(''),
});
export type RehabGoalLink = z.output<typeof rehabGoalLinkSchema>;

/** The extra fields of an action (only the one matching its type is used). */
export const actionLinkFields = {
  intervention: interventionLinkSchema.optional(),
  medicine: medicineLinkSchema.optional(),
  rehabGoal: rehabGoalLinkSchema.optional(),
};

export interface ActionLinkDetails {
  intervention?: InterventionLink | undefined;
  medicine?: MedicineLink | undefined;
  rehabGoal?: RehabGoalLink | undefined;
}

/** A linked type needs its details; the message sits on the first field the clinician must fill. */
export function refineActionLinks(
  a: { type: string; intervention?: unknown; medicine?: unknown; rehabGoal?: unknown },
  ctx: z.RefinementCtx,
): void {
  if (a.type === 'intervention' && !a.intervention)
    ctx.addIssue({ code: 'custom', path: ['intervention', 'procedureCode'], message: PROCEDURE_MESSAGE });
  if (a.type === 'medication-change' && !a.medicine)
    ctx.addIssue({ code: 'custom', path: ['medicine', 'itemId'], message: MEDICINE_MESSAGE });
  if (a.type === 'rehab-goal' && !a.rehabGoal)
    ctx.addIssue({ code: 'custom', path: ['rehabGoal', 'wording'], message: GOAL_MESSAGE });
}

/** Only the details that belong to the action's type (others typed before a type change are dropped). */
export function linkDetailsFor(type: string, a: ActionLinkDetails): ActionLinkDetails | null {
  if (type === 'intervention' && a.intervention) return { intervention: a.intervention };
  if (type === 'medication-change' && a.medicine) return { medicine: a.medicine };
  if (type === 'rehab-goal' && a.rehabGoal) return { rehabGoal: a.rehabGoal };
  return null;
}

/** The same fields while typing (autosave): nothing required yet. */
export const draftActionLinkFields = {
  intervention: z
    .strictObject({
      procedureCode: z.string().max(40),
      side: z.string().max(20),
      site: z.string().max(120),
      indication: z.string().max(500),
    })
    .partial()
    .optional(),
  medicine: z
    .strictObject({
      itemId: id.nullable(),
      change: z.string().max(20),
      targetDose: z.number().nonnegative().nullable(),
    })
    .partial()
    .optional(),
  rehabGoal: z
    .strictObject({
      wording: z.string().max(300),
      domain: z.string().max(40),
      whatMatters: z.string().max(1000),
    })
    .partial()
    .optional(),
};

export interface DraftActionLinkDetails {
  intervention?: { [K in 'procedureCode' | 'side' | 'site' | 'indication']?: string | undefined } | undefined;
  medicine?:
    | {
        itemId?: number | null | undefined;
        change?: string | undefined;
        targetDose?: number | null | undefined;
      }
    | undefined;
  rehabGoal?: { [K in 'wording' | 'domain' | 'whatMatters']?: string | undefined } | undefined;
}

// ---------------------------------------------------------------- answers

/** The draft an action created, as the MDT screens show it ("Draft created: …"). */
export interface DraftLinkView {
  actionId: number;
  module: LinkModule;
  kind: DraftKind;
  itemId: number;
  patientId: number;
  /** e.g. "Lumbar medial branch block, bilateral L4-5" or "Reduce oxycodone MR to 20 mg/day". */
  label: string;
  /** More of what the MDT asked: the indication, or what matters to the patient. */
  detail: string | null;
  /** The item's own status in its module (draft, waiting, active, completed, dismissed, …). */
  status: string;
  statusLabel: string;
  /** Still a draft: not an active clinical item until a clinician completes it. */
  isDraft: boolean;
  /** Where the item lives in the app (a route). */
  href: string;
}

/** Where a module item came from ("From MDT on <date>: <question>"). */
export interface MdtSourceView {
  actionId: number;
  outcomeId: number;
  listingId: number;
  meetingId: number;
  meetingDate: string;
  meetingTypeName: string;
  questions: string[];
  actionDescription: string;
  ownerName: string;
  dueDate: string;
  /** Route of the meeting in the MDT module. */
  href: string;
  /** The item itself as the MDT shows it (status, whether still a draft). */
  item: DraftLinkView | null;
}

/** A row of a module's "drafts from the MDT" list. */
export interface MdtDraftRow extends DraftLinkView {
  patientName: string;
  nhsNumber: string | null;
  meetingDate: string;
  meetingId: number;
  question: string;
  actionDescription: string;
  ownerName: string;
  dueDate: string;
  createdAt: string;
}

export function draftHref(kind: DraftKind, itemId: number, patientId: number): string {
  if (kind === 'intervention-request') return `/interventions/requests/${itemId}`;
  if (kind === 'taper-plan') return `/medicines/plans/${itemId}`;
  return `/rehab?patient=${patientId}&draft=${itemId}`;
}

// ---------------------------------------------------------------- requests

const isoDate = (message: string) => z.string(message).refine(isIsoDate, message);

export const draftListSchema = z.strictObject({
  module: z.enum(LINK_MODULES, 'Choose the module.'),
  patientId: id.nullable().default(null),
  /** Also drafts that were completed or dismissed (the patient's history). */
  includeResolved: z.boolean().default(false),
  limit: z.number().int().min(1).max(500).default(100),
});

export const sourceQuerySchema = z.strictObject({
  kind: z.enum(DRAFT_KINDS),
  itemId: id,
});

/** Completing a draft waiting-list request: the clinician sets what the MDT left to them. */
export const completeRequestSchema = z.strictObject({
  requestId: id,
  priority: z.enum(PRIORITIES, 'Choose the clinical priority.'),
  requestedClinicianId: id.nullable().default(null),
  rttClockStart: isoDate('Enter the RTT clock start as a date.'),
  /**
   * A spinal cord stimulator implant with no successful trial: a clinician's reason to list it anyway
   * (audited), as when listing it directly (NICE TA159, 2008).
   */
  trialOverrideReason: z.string().trim().max(500, 'Keep the reason under 500 characters.').optional(),
});
export type CompleteRequestInput = z.input<typeof completeRequestSchema>;

/** Resolving a draft goal: linked to the goal written from it, or dismissed with a reason. */
export const resolveGoalDraftSchema = z
  .strictObject({
    draftId: id,
    resolution: z.enum(['completed', 'dismissed'], 'Choose what happened to the draft.'),
    goalId: id.nullable().default(null),
    note: z.string().trim().max(500, 'At most 500 characters.').default(''),
  })
  .superRefine((r, ctx) => {
    if (r.resolution === 'completed' && r.goalId === null)
      ctx.addIssue({ code: 'custom', path: ['goalId'], message: 'Choose the goal written from this draft.' });
    if (r.resolution === 'dismissed' && r.note === '')
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'Give the reason for not writing this goal.' });
  });
export type ResolveGoalDraftInput = z.input<typeof resolveGoalDraftSchema>;
