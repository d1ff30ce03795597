/** Intervention scheduling (issue 5): this module's named operations. Spread into `contract` in contract.ts. */
import { z } from 'zod';
import {
  antithromboticInputSchema,
  approveHoldSchema,
  approveOverrideSchema,
  bookInputSchema,
  cancelInputSchema,
  dayInputSchema,
  doseTimesInputSchema,
  listFilterSchema,
  outcomeInputSchema,
  readinessInputSchema,
  requestInputSchema,
  sessionInputSchema,
  termInputSchema,
  type BookingResult,
  type FillCandidate,
  type FollowUpItem,
  type RequestDetail,
  type SessionView,
  type SlotOption,
  type TheatreDay,
  type TermResult,
  type WaitingListItem,
  type WaitingListPage,
} from '../domain/interventions';
import { scsTrialInputSchema, type ScsTrialView } from '../domain/interventions-scs';
import { op } from './operation';

const id = z.number().int().positive();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date.');

export interface CatalogueEntry {
  code: string;
  name: string;
  defaultDurationMinutes: number;
  imaging: string;
  bleedingRisk: string | null;
  followUpWeeks: number;
  isImplant: boolean;
}

export const interventionsContract = {
  'interventions:catalogue': op<{
    procedures: CatalogueEntry[];
    catalogueVersion: string;
    ruleSets: string[];
  }>()({
    input: z.strictObject({}),
    access: 'patient.read',
    write: false,
    reads: { kind: 'none', why: 'the procedure catalogue: no patient data' },
    summary: 'The procedure catalogue and the rule sets in use.',
  }),
  'interventions:list': op<WaitingListPage>()({
    input: listFilterSchema,
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'The waiting list, by priority then RTT breach date, with filters.',
  }),
  'interventions:patientRequests': op<WaitingListItem[]>()({
    input: z.strictObject({ patientId: id }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'patient', patientId: (i) => i.patientId },
    summary: 'One patient’s procedure requests.',
  }),
  'interventions:request': op<RequestDetail>()({
    input: requestInputSchema,
    access: 'interventions.manage',
    write: true,
    summary: 'List a patient for a procedure (waiting list request).',
  }),
  'interventions:get': op<RequestDetail>()({
    input: z.strictObject({ id }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'patient', patientId: (_, o) => o.patientId },
    summary:
      'A request with its readiness checklist, hold plans (from the medicines list, re-read now) and bookings.',
  }),
  'interventions:updateReadiness': op<RequestDetail>()({
    input: z.strictObject({ id, version: z.number().int().min(1), readiness: readinessInputSchema }),
    access: 'interventions.manage',
    write: true,
    summary: 'Record readiness (eligibility, consent, renal function, allergies, MRSA, devices, sedation).',
  }),
  'interventions:addAntithrombotic': op<RequestDetail>()({
    input: antithromboticInputSchema,
    access: 'interventions.manage',
    write: true,
    summary:
      'Record by hand an anticoagulant or antiplatelet that is not on the medicines list, with a proposed hold plan.',
  }),
  'interventions:setDoseTimes': op<RequestDetail>()({
    input: doseTimesInputSchema,
    access: 'interventions.manage',
    write: true,
    summary: "Confirm or correct a medicine's usual dose times; recomputes the plan (approval cleared).",
  }),
  'interventions:removeAntithrombotic': op<RequestDetail>()({
    input: z.strictObject({ id }),
    access: 'interventions.manage',
    write: true,
    summary: 'Remove an antithrombotic entry recorded in error.',
  }),
  'interventions:approveHold': op<RequestDetail>()({
    input: approveHoldSchema,
    access: 'hold.approve',
    write: true,
    summary:
      'Approve a proposed hold plan for one procedure start (the booked or a chosen session), optionally with hours chosen within the range and a reason, or a recorded decision (records the signer).',
  }),
  'interventions:approveOverride': op<RequestDetail>()({
    input: approveOverrideSchema,
    access: 'hold.approve',
    write: true,
    summary: 'Approve an override of the open readiness warnings, with a reason (records the signer).',
  }),
  'interventions:createSession': op<SessionView>()({
    input: sessionInputSchema,
    access: 'interventions.manage',
    write: true,
    summary:
      'Create a procedure session (list): an implausible date, a time the clocks skip or a room already in use is refused; a bank holiday or the clinician on another list needs a reason.',
  }),
  'interventions:createTerm': op<TermResult>()({
    input: termInputSchema,
    access: 'interventions.manage',
    write: true,
    summary: "Create a term's lists from a weekly pattern, skipping bank holidays with a note.",
  }),
  'interventions:week': op<SessionView[]>()({
    input: z.strictObject({ weekStart: isoDate }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'The sessions of one week with their utilisation.',
  }),
  'interventions:theatreDay': op<TheatreDay>()({
    input: z.strictObject({ date: isoDate }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'The theatre list of one day: each room’s lists with their cases in order, flags and clashes.',
  }),
  'interventions:theatreList': op<TheatreDay>()({
    input: z.strictObject({ id }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'One list (session) as printed for the team brief and the WHO checklist.',
  }),
  'interventions:session': op<SessionView>()({
    input: z.strictObject({ id }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'One session with its cases.',
  }),
  'interventions:findSlot': op<SlotOption[]>()({
    input: z.strictObject({ requestId: id, patientAgreedShortNotice: z.boolean().default(false) }),
    // A read: a prescriber (pharmacist) looks for the date to approve a hold plan for; booking stays managed.
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'The earliest sessions in the next 6 months that fit this patient, best first.',
  }),
  'interventions:fillSession': op<FillCandidate[]>()({
    input: z.strictObject({ sessionId: id }),
    access: 'interventions.manage',
    write: false,
    reads: { kind: 'list' },
    summary:
      'Waiting patients who fit this session with their readiness: ready first, by priority then breach date.',
  }),
  'interventions:book': op<BookingResult>()({
    input: bookInputSchema,
    access: 'interventions.manage',
    write: true,
    summary: 'Book a ready patient onto a session (capacity and every conflict checked).',
  }),
  'interventions:cancel': op<RequestDetail>()({
    input: cancelInputSchema,
    access: 'interventions.manage',
    write: true,
    summary: 'Cancel a booking or record a DNA, with the reason.',
  }),
  'interventions:recordDay': op<RequestDetail>()({
    input: dayInputSchema,
    access: 'interventions.manage',
    write: true,
    summary: 'On the day: consent stage 2, safety checklist, in-room start and end.',
  }),
  'interventions:recordOutcome': op<RequestDetail>()({
    input: outcomeInputSchema,
    access: 'interventions.manage',
    write: true,
    summary: 'Record the outcome at follow-up (% relief, duration, complications, PGIC).',
  }),
  'interventions:scsTrial': op<ScsTrialView>()({
    input: z.strictObject({ requestId: id }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'patient', patientId: (_, o) => o.patientId },
    summary: "An SCS trial request's episode: insertion, lead removal, outcome and the implant decision.",
  }),
  'interventions:recordScsTrial': op<ScsTrialView>()({
    input: scsTrialInputSchema,
    access: 'interventions.clinical',
    write: true,
    summary:
      'Record an SCS trial episode (insertion, lead removal, outcome against the success criteria, decision to implant or not); clinicians only, dates checked.',
  }),
  'interventions:followUps': op<FollowUpItem[]>()({
    input: z.strictObject({ limit: z.number().int().min(1).max(500).default(100) }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'Follow-ups due: procedures done without a recorded outcome.',
  }),
} as const;
