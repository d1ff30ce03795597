import { z } from 'zod';
import { PATIENT_LETTER_SEAL_PATTERN, READ_THE_LETTER } from '../domain/letter-seal';
import {
  actionInputSchema,
  attendanceInputSchema,
  letterTemplateInputSchema,
  meetingTypeInputSchema,
  outcomeDraftSchema,
  outcomeFieldsSchema,
  referralInputSchema,
  serviceReferralInputSchema,
  triageDecisionSchema,
  triageListSchema,
  triageReopenSchema,
  LISTING_CATEGORIES,
  PATIENT_DECISIONS,
  WORKLISTS,
  type AttendanceView,
  type CaseSummary,
  type ConfirmResult,
  type DashboardView,
  type FinishResult,
  type FinishReview,
  type LetterTemplateView,
  type LetterView,
  type ListingView,
  type MdtPerson,
  type MeetingDetail,
  type MeetingMinutes,
  type MeetingSummary,
  type MeetingTypeView,
  type OutcomeView,
  type PatientMdtOverview,
  type ServiceReferralView,
  type SuggestionView,
  type TriageQueueView,
  type WorklistRow,
} from '../domain/mdt';
import {
  completeRequestSchema,
  draftListSchema,
  resolveGoalDraftSchema,
  sourceQuerySchema,
  type MdtDraftRow,
  type MdtSourceView,
} from '../domain/mdt-links';
import { op } from './operation';

const id = z.number().int().positive();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date (YYYY-MM-DD).');

/** MDT meetings (issue 3): this module's named operations. Spread into `contract` in contract.ts. */
export const mdtContract = {
  'mdt:people': op<MdtPerson[]>()({
    input: z.strictObject({}),
    access: 'patient.read',
    write: false,
    reads: { kind: 'none', why: 'staff names and roles only' },
    summary: 'Clinicians who can present, attend, chair or own actions.',
  }),
  'mdt:meetingTypes:list': op<MeetingTypeView[]>()({
    input: z.strictObject({}),
    access: 'patient.read',
    write: false,
    reads: { kind: 'none', why: 'meeting types: no patient data' },
    summary: 'Meeting types with recurrence, cut-off, chair, core members and quorum rule set.',
  }),
  'mdt:meetingTypes:save': op<MeetingTypeView>()({
    input: meetingTypeInputSchema,
    access: 'mdt.manage',
    write: true,
    summary: 'Create or change a meeting type.',
  }),
  'mdt:meetings:list': op<MeetingSummary[]>()({
    input: z.strictObject({
      from: isoDate.nullable().default(null),
      limit: z.number().int().min(1).max(200).default(30),
    }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'Meetings from a date (default: the last 4 weeks and everything after).',
  }),
  'mdt:meetings:createNext': op<MeetingSummary>()({
    input: z.strictObject({ meetingTypeId: id }),
    access: 'mdt.manage',
    write: true,
    summary: 'Create the next meeting of a type from its recurrence (or return it if it exists).',
  }),
  'mdt:meeting:get': op<MeetingDetail>()({
    input: z.strictObject({ meetingId: id }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'A meeting with its list, time plan, attendance, live quorum and forecast finish.',
  }),
  'mdt:meeting:minutes': op<MeetingMinutes>()({
    input: z.strictObject({ meetingId: id }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'Minutes of a finished meeting: attendance, outcomes, quorum, actions, carry-overs.',
  }),
  'mdt:meeting:suggestions': op<SuggestionView[]>()({
    input: z.strictObject({ meetingId: id, limit: z.number().int().min(1).max(200).default(50) }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'Patients suggested for the meeting, each with why.',
  }),
  'mdt:referral:create': op<ListingView>()({
    input: referralInputSchema,
    access: 'mdt.refer',
    write: true,
    summary: 'Refer a patient to an MDT meeting (merged into one listing if already listed).',
  }),
  'mdt:triage:add': op<ServiceReferralView>()({
    input: serviceReferralInputSchema,
    access: 'mdt.refer',
    write: true,
    summary: 'Add a new referral into the service to the triage queue.',
  }),
  'mdt:triage:list': op<TriageQueueView>()({
    input: triageListSchema,
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'The referral triage queue: awaiting first, urgent first, oldest first.',
  }),
  'mdt:triage:decide': op<ServiceReferralView>()({
    input: triageDecisionSchema,
    access: 'referrals.triage',
    write: true,
    summary:
      'Send a referral to a pathway with a reason (an MDT pathway also refers the patient to that MDT).',
  }),
  'mdt:triage:reopen': op<ServiceReferralView>()({
    input: triageReopenSchema,
    access: 'referrals.triage',
    write: true,
    summary:
      'Put a triaged referral back in the queue with a reason (withdraws the MDT referral it created, unless already discussed).',
  }),
  'mdt:listing:addSuggested': op<ListingView>()({
    input: z.strictObject({ meetingId: id, patientId: id }),
    access: 'mdt.manage',
    write: true,
    summary: 'Put a suggested patient on the list, keeping why they were suggested.',
  }),
  'mdt:listing:update': op<ListingView>()({
    input: z.strictObject({
      listingId: id,
      plannedMinutes: z
        .number()
        .int()
        .min(0, 'Zero or more minutes.')
        .max(120, 'At most 120 minutes.')
        .optional(),
      category: z.enum(LISTING_CATEGORIES).optional(),
      presenterId: id.nullable().optional(),
    }),
    access: 'mdt.manage',
    write: true,
    summary: 'Change minutes, category or presenter of a listing.',
  }),
  'mdt:listing:move': op<ListingView[]>()({
    input: z.strictObject({ listingId: id, direction: z.enum(['up', 'down']) }),
    access: 'mdt.manage',
    write: true,
    summary: 'Move a case up or down the list.',
  }),
  'mdt:listing:reorder': op<ListingView[]>()({
    input: z.strictObject({ meetingId: id, order: z.array(id).min(1).max(500) }),
    access: 'mdt.manage',
    write: true,
    summary: 'Set the order of the whole list (drag and drop).',
  }),
  'mdt:listing:withdraw': op<ListingView>()({
    input: z.strictObject({ listingId: id, reason: z.string().trim().min(1, 'Give a reason.').max(500) }),
    access: 'mdt.manage',
    write: true,
    summary: 'Take a case off the list, with a reason.',
  }),
  'mdt:listing:setQuestion': op<ListingView>()({
    input: z.strictObject({
      listingId: id,
      /** The question's version when the editor opened it (ListingView.questionVersion; issue 19). */
      version: z.number().int().min(0),
      question: z
        .string()
        .trim()
        .min(1, 'Write the question for the MDT.')
        .max(2000, 'At most 2,000 characters.'),
      reason: z.string().trim().max(500, 'At most 500 characters.').nullable().default(null),
    }),
    access: 'mdt.manage',
    write: true,
    summary:
      "Write or edit a listed case's question for the MDT (a reason when changing it); refused, naming who and when, if it changed since it was read.",
  }),
  'mdt:listing:moveToMeeting': op<ListingView>()({
    input: z.strictObject({
      listingId: id,
      meetingId: id,
      reason: z.string().trim().min(1, 'Give a reason.').max(500, 'At most 500 characters.'),
    }),
    access: 'mdt.manage',
    write: true,
    summary: 'Move a case to another meeting that has not started, with a reason (the old listing is kept).',
  }),
  'mdt:listing:approveLate': op<ListingView>()({
    input: z.strictObject({ listingId: id }),
    access: 'mdt.chair',
    write: true,
    summary: "The chair approves a late addition (recorded as the chair's approval).",
  }),
  'mdt:case:summary': op<CaseSummary>()({
    input: z.strictObject({ listingId: id }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'patient', patientId: (_, o) => o.patient.id },
    summary: 'The case summary compiled for one listed patient, with readiness.',
  }),
  'mdt:case:summaries': op<CaseSummary[]>()({
    input: z.strictObject({ meetingId: id }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary:
      "Every listed case's summary for one meeting, in list order: one read for the meeting screen and presentation mode.",
  }),
  'mdt:attendance:set': op<AttendanceView[]>()({
    input: attendanceInputSchema,
    access: 'mdt.manage',
    write: true,
    summary: 'Record one person’s attendance (status, deputy, join and leave times).',
  }),
  'mdt:attendance:leave': op<AttendanceView[]>()({
    input: z.strictObject({ meetingId: id, userId: id }),
    access: 'mdt.manage',
    write: true,
    summary: 'Record that someone left the meeting now.',
  }),
  'mdt:attendance:rejoin': op<AttendanceView[]>()({
    input: z.strictObject({ meetingId: id, userId: id }),
    access: 'mdt.manage',
    write: true,
    summary: 'Record that someone who left has rejoined now (a new join/leave interval).',
  }),
  'mdt:case:start': op<MeetingDetail>()({
    input: z.strictObject({ listingId: id }),
    access: 'mdt.manage',
    write: true,
    summary: 'Start discussing a case (starts the meeting if needed; starts the case timer).',
  }),
  'mdt:outcome:get': op<OutcomeView | null>()({
    input: z.strictObject({ listingId: id }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'patient', patientId: (_, o) => o?.patientId ?? null },
    summary: 'The current outcome (draft or confirmed) of a listing.',
  }),
  'mdt:outcome:saveDraft': op<OutcomeView>()({
    input: outcomeDraftSchema,
    access: 'mdt.manage',
    write: true,
    summary: 'Autosave the outcome being typed (nothing typed is lost).',
  }),
  'mdt:outcome:confirm': op<ConfirmResult>()({
    input: z.strictObject({
      listingId: id,
      outcome: outcomeFieldsSchema,
      /** The seal of the patient letter the chair read (shared/domain/letter-seal.ts); refused if it changed. */
      patientLetterSeal: z.string(READ_THE_LETTER).regex(PATIENT_LETTER_SEAL_PATTERN, READ_THE_LETTER),
    }),
    access: 'mdt.chair',
    write: true,
    summary:
      'Confirm an outcome with its actions and a quorum snapshot (refused if a blocking rule fails, or if the patient letter the chair read is not the one the outcome writes).',
  }),
  'mdt:outcome:amend': op<OutcomeView>()({
    input: z.strictObject({
      outcomeId: id,
      reason: z.string().trim().min(1, 'Give the reason for the amendment.').max(1000),
      change: outcomeFieldsSchema
        .pick({
          kind: true,
          summary: true,
          options: true,
          rationale: true,
          reviewDate: true,
        })
        .extend({
          /** The plain-English summary for the patient letter; omitted: unchanged. */
          patientSummary: z.string().max(3000, 'At most 3,000 characters.').optional(),
        }),
      /** Actions added by the amendment (each linked type creates its draft; earlier drafts are kept). */
      newActions: z.array(actionInputSchema).max(30).default([]),
    }),
    access: 'mdt.chair',
    write: true,
    summary: 'Amend a confirmed outcome: a new version with the reason; the old one stays readable.',
  }),
  'mdt:outcome:versions': op<OutcomeView[]>()({
    input: z.strictObject({ listingId: id }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'patient', patientId: (_, o) => o[0]?.patientId ?? null },
    summary: 'Every version of a listing’s outcome, newest first.',
  }),
  'mdt:outcome:recordDecision': op<OutcomeView>()({
    input: z.strictObject({
      outcomeId: id,
      decision: z.enum(PATIENT_DECISIONS, 'Choose the patient’s decision.'),
      notes: z.string().max(2000).default(''),
      /**
       * The outcome's `patientDecisionAt` as read (null: no decision was recorded then). A decision recorded
       * since is never written over (issue 19).
       */
      readDecisionAt: z.string().max(40).nullable(),
    }),
    access: 'mdt.refer',
    write: true,
    summary: 'Record the patient’s decision on options discussed with them.',
  }),
  'mdt:action:complete': op<{ id: number; status: string }>()({
    input: z.strictObject({
      actionId: id,
      /** The action's version as the worklist showed it (WorklistRow.version; issue 19). */
      version: z.number().int().min(0),
      status: z.enum(['done', 'cancelled', 'in-progress']),
      note: z.string().max(1000).default(''),
    }),
    access: 'mdt.refer',
    write: true,
    summary:
      'Mark an MDT action done, cancelled or in progress; refused, naming who and when, if it changed since it was read.',
  }),
  'mdt:meeting:finishReview': op<FinishReview>()({
    input: z.strictObject({ meetingId: id }),
    access: 'mdt.chair',
    write: false,
    summary: 'Before finishing: every case not confirmed, with its state and a reason prefilled from it.',
    reads: { kind: 'list' },
  }),
  'mdt:meeting:finish': op<FinishResult>()({
    input: z.strictObject({
      meetingId: id,
      reasons: z.record(z.string(), z.string().trim().min(1, 'Give a reason.').max(500)).default({}),
    }),
    access: 'mdt.chair',
    write: true,
    summary:
      'Close the meeting: carry every case not confirmed (each with a reason, drafts kept) to the next meeting and queue letters.',
  }),
  'mdt:letters:list': op<LetterView[]>()({
    input: z.strictObject({ meetingId: id.nullable().default(null), patientId: id.nullable().default(null) }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'patient', patientId: (i) => i.patientId },
    summary: 'Letters of a meeting or a patient.',
  }),
  'mdt:letter:get': op<LetterView>()({
    input: z.strictObject({ letterId: id }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'patient', patientId: (_, o) => o.patientId },
    summary: 'One letter as generated (or as sent).',
  }),
  'mdt:letter:markSent': op<LetterView>()({
    input: z.strictObject({ letterId: id }),
    access: 'mdt.manage',
    write: true,
    summary: 'Mark a letter sent; its text and template version are kept exactly as sent.',
  }),
  'mdt:letter:regenerate': op<LetterView>()({
    input: z.strictObject({ letterId: id }),
    access: 'mdt.manage',
    write: true,
    summary: 'Write an unsent letter again from the current data (e.g. once a missing detail is recorded).',
  }),
  'mdt:letterTemplates:list': op<LetterTemplateView[]>()({
    input: z.strictObject({}),
    access: 'patient.read',
    write: false,
    reads: { kind: 'none', why: 'letter templates: no patient data' },
    summary: 'Every version of the GP, referrer and patient letter templates, newest first.',
  }),
  'mdt:letterTemplates:save': op<LetterTemplateView>()({
    input: letterTemplateInputSchema,
    access: 'mdt.chair',
    write: true,
    summary:
      'A clinical lead writes and approves a new version of a letter template (known placeholders only).',
  }),
  'mdt:worklist': op<WorklistRow[]>()({
    input: z.strictObject({ kind: z.enum(WORKLISTS), limit: z.number().int().min(1).max(500).default(200) }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'My actions, overdue actions, outcomes awaiting the patient’s decision, reviews due.',
  }),
  'mdt:dashboard': op<DashboardView>()({
    input: z.strictObject({ from: isoDate, to: isoDate }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'Governance figures for a period (dashboardStats).',
  }),
  'mdt:links:drafts': op<MdtDraftRow[]>()({
    input: draftListSchema,
    access: 'patient.read',
    write: false,
    reads: { kind: 'patient', patientId: (i) => i.patientId },
    summary: 'Items MDT actions created in a module (drafts first), for its list or a patient.',
  }),
  'mdt:links:source': op<MdtSourceView | null>()({
    input: sourceQuerySchema,
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'The MDT action a module item came from ("From MDT on <date>: <question>").',
  }),
  'mdt:links:completeRequest': op<MdtDraftRow>()({
    input: completeRequestSchema,
    access: 'interventions.manage',
    write: true,
    summary: 'Complete a draft request from the MDT (priority, clinician, RTT clock) and put it on the list.',
  }),
  'mdt:links:resolveGoalDraft': op<MdtDraftRow>()({
    input: resolveGoalDraftSchema,
    access: 'rehab.write',
    write: true,
    summary: 'Link a draft goal from the MDT to the goal written from it, or dismiss it with a reason.',
  }),
  'mdt:patient:overview': op<PatientMdtOverview>()({
    input: z.strictObject({ patientId: id }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'patient', patientId: (i) => i.patientId },
    summary: 'A patient’s MDT referrals, discussions and outcomes.',
  }),
} as const;
