/**
 * Intervention scheduling (issue 5): request shapes (zod, with clinician-readable messages), answer types
 * and label maps. The rules themselves live in shared/clinical/interventions.
 */
import { z } from 'zod';
import type { BookingConflict } from '../clinical/interventions/conflicts';
import type { HoldPlan } from '../clinical/interventions/holds';
import type { ReadinessResult } from '../clinical/interventions/readiness';
import { isIsoDate } from '../dates';
import { SITE_REGIONS, type StructuredSite } from '../clinical/interventions/sites';

export const PRIORITIES = ['P1a', 'P1b', 'P2', 'P3', 'P4', 'P5', 'P6'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const PRIORITY_LABELS: Record<Priority, string> = {
  P1a: 'P1a: emergency (within 24 hours)',
  P1b: 'P1b: urgent (within 72 hours)',
  P2: 'P2: within 1 month',
  P3: 'P3: within 3 months',
  P4: 'P4: more than 3 months',
  P5: 'P5: patient chose to defer (COVID-related)',
  P6: 'P6: patient chose to defer (other)',
};

export const SIDES = ['left', 'right', 'bilateral', 'midline', 'not-applicable'] as const;
export type Side = (typeof SIDES)[number];
export const SIDE_LABELS: Record<Side, string> = {
  left: 'Left',
  right: 'Right',
  bilateral: 'Bilateral',
  midline: 'Midline',
  'not-applicable': 'Not applicable',
};

export const REQUEST_STATUSES = ['waiting', 'booked', 'done', 'removed'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  waiting: 'Waiting',
  booked: 'Booked',
  done: 'Done',
  removed: 'Removed from list',
};

export const SETTINGS = ['theatre', 'day-case', 'clinic', 'day-unit'] as const;
export const SETTING_LABELS: Record<(typeof SETTINGS)[number], string> = {
  theatre: 'Theatre',
  'day-case': 'Day-case procedure room',
  clinic: 'Clinic room',
  'day-unit': 'Day unit',
};

export const EQUIPMENT = [
  'fluoroscopy',
  'ultrasound',
  'CT',
  'rf-generator',
  'stimulator-kit-and-rep',
  'pump-refill-kit',
  'monitored-chair',
] as const;
export const EQUIPMENT_LABELS: Record<(typeof EQUIPMENT)[number], string> = {
  fluoroscopy: 'Fluoroscopy (C-arm)',
  ultrasound: 'Ultrasound',
  CT: 'CT',
  'rf-generator': 'RF generator',
  'stimulator-kit-and-rep': 'Stimulator kit and rep',
  'pump-refill-kit': 'Pump refill kit',
  'monitored-chair': 'Monitored chair',
};

export const CANCEL_KINDS = ['patient', 'clinical', 'non-clinical', 'dna'] as const;
export type CancelKind = (typeof CANCEL_KINDS)[number];
export const CANCEL_KIND_LABELS: Record<CancelKind, string> = {
  patient: 'Cancelled by the patient',
  clinical: 'Cancelled for a clinical reason',
  'non-clinical': 'Cancelled by the hospital (non-clinical reason)',
  dna: 'Did not attend (DNA)',
};

export const DEVICE_TYPES = ['pacemaker', 'icd', 'neurostimulator', 'intrathecal-pump', 'other'] as const;

const isoDate = (message: string) => z.string().refine(isIsoDate, message);
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time as HH:mm (24-hour clock).');
const id = z.number().int().positive();
const text = (max: number, message: string) =>
  z.string().trim().min(1, message).max(max, `At most ${max} characters.`);

export const requestInputSchema = z.strictObject({
  patientId: id,
  procedureCode: z.string().trim().min(1, 'Choose the procedure.').max(40),
  side: z.enum(SIDES, 'Choose the side.'),
  site: text(120, 'Enter the level or target, e.g. L4-5.'),
  /** Structured site: the region; with `levels`, e.g. 'L4-5' or 'L4/5 and L5/S1' (blank: the whole region). */
  region: z.enum(SITE_REGIONS, 'Choose the region.').optional(),
  levels: z.string().trim().max(120, 'At most 120 characters.').optional(),
  indication: text(500, 'Enter the indication.'),
  priority: z.enum(PRIORITIES, 'Choose the clinical priority.'),
  requestedClinicianId: id.nullable().default(null),
  source: z.enum(['clinic', 'mdt']).default('clinic'),
  rttClockStart: isoDate('Enter the RTT clock start as a date.'),
  /**
   * An SCS implant without a successful trial (NICE TA159): the clinician's reason to list it anyway
   * (audited; clinicians only). Ignored for other procedures.
   */
  trialOverrideReason: z.string().trim().max(500, 'Keep the reason under 500 characters.').optional(),
});
export type RequestInput = z.input<typeof requestInputSchema>;

export const listFilterSchema = z.strictObject({
  status: z.enum(REQUEST_STATUSES).default('waiting'),
  priority: z.enum(PRIORITIES).optional(),
  procedureCode: z.string().max(40).optional(),
  clinicianId: id.optional(),
  atRiskOnly: z.boolean().default(false),
  /** Surname (start of), or NHS number (10 digits, spaces allowed). */
  search: z.string().trim().max(60).optional(),
  /** Only requests ready now (readiness evaluated for each, in list order). */
  readyOnly: z.boolean().default(false),
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});

const optionalDate = isoDate('Enter a date.').nullable();

/** The readiness record of a request (everything except antithrombotics, which have their own rows). */
export const readinessInputSchema = z.strictObject({
  eligibilityStatus: z.enum(['passed', 'overridden', 'failed', 'not-checked']),
  eligibilityOverrideReason: z.string().trim().max(500).nullable(),
  consentStage1Date: optionalDate,
  consentLeafletVersion: z.string().trim().max(60).nullable(),
  baselineOutcomesRecorded: z.boolean(),
  antithromboticsReviewed: z.boolean(),
  crclMlPerMin: z
    .number('Enter the creatinine clearance in mL/min.')
    .positive('Enter the creatinine clearance in mL/min.')
    .max(300, 'Creatinine clearance above 300 mL/min is not plausible.')
    .nullable(),
  crclDate: optionalDate,
  onDualAntiplatelet: z.boolean(),
  coronaryStentDate: optionalDate,
  cardiologyDecisionDate: optionalDate,
  allergiesReviewed: z.boolean(),
  plannedContrastAgent: z.string().trim().max(80).nullable(),
  activeInfection: z.boolean().nullable(),
  mrsaScreenDate: optionalDate,
  mrsaScreenResult: z.enum(['negative', 'positive', 'pending']).nullable(),
  devicesReviewed: z.boolean(),
  devices: z.array(z.strictObject({ type: z.enum(DEVICE_TYPES), planRecorded: z.boolean() })).max(10),
  pregnancyEnquiryArranged: z.boolean(),
  sedationPlanned: z.boolean(),
  fastingInstructionsGiven: z.boolean(),
  escortConfirmed: z.boolean(),
  asaGrade: z.number().int().min(1, 'ASA grade is 1 to 5.').max(5, 'ASA grade is 1 to 5.').nullable(),
  airwayAssessed: z.boolean(),
  exclusionsReviewed: z.boolean(),
  logisticsNote: z.string().trim().max(500).nullable(),
  /** Warfarin: an INR check is planned for the day before or the morning of the procedure. */
  inrCheckPlanned: z.boolean().default(false),
  inrResult: z
    .number('Enter the INR.')
    .min(0.5, 'An INR below 0.5 is not plausible.')
    .max(15, 'An INR above 15 is not plausible.')
    .nullable()
    .default(null),
  inrResultDate: optionalDate.default(null),
  /** Patient factors that raise the procedure's bleeding-risk tier (ASRA/ESRA pain 2018). */
  renalDisease: z.boolean().default(false),
  liverDisease: z.boolean().default(false),
  coagulopathy: z.boolean().default(false),
  /** A steroid is part of this procedure (epidural, facet or joint injection with steroid). */
  steroidPlanned: z.boolean().default(false),
  diabetic: z.boolean().default(false),
  /** Steroid given in the last 12 months, mg methylprednisolone-equivalent (shown, never a block). */
  cumulativeSteroidMg12m: z
    .number('Enter the steroid total in mg.')
    .min(0, 'The steroid total cannot be negative.')
    .max(5000, 'A steroid total above 5,000 mg in 12 months is not plausible.')
    .nullable()
    .default(null),
});
export type ReadinessRecord = z.infer<typeof readinessInputSchema>;

export const antithromboticInputSchema = z.strictObject({
  requestId: id,
  drug: text(60, 'Choose the anticoagulant or antiplatelet.'),
  dose: z.string().trim().max(60).default(''),
  doseTimes: z.array(clock).min(1, 'Enter at least one usual dose time.').max(4),
});

export const doseTimesInputSchema = z.strictObject({
  antithromboticId: id,
  doseTimes: z.array(clock).min(1, 'Enter at least one usual dose time.').max(4, 'At most 4 dose times.'),
  /**
   * The times as the person read them before editing: a save over times someone else changed meanwhile is
   * refused, naming them (issue 19). The screen always sends it.
   */
  expectedDoseTimes: z.array(clock).max(4).optional(),
});

/** A list's fields apart from its date (shared by one list and a term template). */
const sessionFields = {
  start: clock,
  end: clock,
  room: text(60, 'Enter the room.'),
  setting: z.enum(SETTINGS),
  clinicianId: z.number('Choose the clinician.').int().positive('Choose the clinician.'),
  radiographer: z.string().trim().max(80).nullable().default(null),
  equipment: z.array(z.enum(EQUIPMENT)).max(EQUIPMENT.length).default([]),
  unavailableMinutes: z
    .number()
    .int('Whole minutes.')
    .min(0, 'Whole minutes, 0 or more.')
    .max(1440)
    .default(0),
  turnaroundMinutes: z
    .number()
    .int('Whole minutes.')
    .min(0, 'Whole minutes, 0 or more.')
    .max(240)
    .default(15),
  /** The reason to create the list past a warning (a bank holiday, the clinician on another list). */
  overrideReason: z.string().trim().max(500).optional(),
};

export const sessionInputSchema = z
  .strictObject({ date: isoDate('Enter the session date.'), ...sessionFields })
  .refine((s) => s.end > s.start, { message: 'The session must end after it starts.', path: ['end'] });

/** A term's lists from a weekly pattern (a recurring session template). */
export const termInputSchema = z
  .strictObject({
    from: isoDate('Enter the first date of the term.'),
    to: isoDate('Enter the last date of the term.'),
    weekday: z.number().int().min(1, 'Choose the day of the week.').max(7, 'Choose the day of the week.'),
    everyWeeks: z.number().int().min(1, 'Every 1 to 4 weeks.').max(4, 'Every 1 to 4 weeks.').default(1),
    ...sessionFields,
  })
  .refine((s) => s.end > s.start, { message: 'The session must end after it starts.', path: ['end'] })
  .refine((s) => s.to >= s.from, { message: 'The last date must not be before the first.', path: ['to'] });

/** What a term template made: the lists created and the dates skipped, each with its note. */
export interface TermResult {
  created: SessionView[];
  skipped: { date: string; note: string }[];
  /** Lists not created because of a refusal on that date (e.g. the room is taken), with the reason. */
  refused: { date: string; note: string }[];
}

export const bookInputSchema = z.strictObject({
  requestId: id,
  sessionId: id,
  patientAgreedShortNotice: z.boolean().default(false),
  overrideReason: z.string().trim().max(500).optional(),
});

export const cancelInputSchema = z.strictObject({
  bookingId: id,
  kind: z.enum(CANCEL_KINDS),
  onTheDay: z.boolean().default(false),
  reason: text(500, 'Enter the reason.'),
});

export const dayInputSchema = z.strictObject({
  bookingId: id,
  consentStage2: z.literal(true, 'Confirm consent stage 2 on the day.'),
  safetyChecklist: z.literal(true, 'Complete the safety checklist (sign in, time out, sign out).'),
  inRoomStart: clock,
  inRoomEnd: clock,
});

export const outcomeInputSchema = z.strictObject({
  bookingId: id,
  reliefPercent: z
    .number('Enter the % relief (0 to 100).')
    .int()
    .min(0, 'Enter the % relief (0 to 100).')
    .max(100, 'Enter the % relief (0 to 100).'),
  reliefDurationWeeks: z.number().int().min(0).max(520).nullable(),
  /** Diagnostic blocks: how many hours the relief lasted (same-day diary). */
  reliefDurationHours: z
    .number('Enter whole hours.')
    .int('Enter whole hours.')
    .min(0, 'Enter whole hours.')
    .max(240, 'Relief of more than 240 hours: record it in weeks.')
    .nullable()
    .default(null),
  /** The date the outcome was assessed (the follow-up); today when not given. */
  assessedOn: isoDate('Enter the date the outcome was assessed.').optional(),
  complications: z.string().trim().max(500).default(''),
  pgic: z.number('Choose the PGIC score (1 to 7).').int().min(1, 'PGIC is 1 to 7.').max(7, 'PGIC is 1 to 7.'),
});

export const approveHoldSchema = z.strictObject({
  antithromboticId: id,
  sessionId: id.optional(),
  chosenHoldHours: z
    .number('Enter the hours.')
    .int('Whole hours.')
    .min(1, 'Whole hours, 1 or more.')
    .max(720, 'At most 720 hours.')
    .optional(),
  reason: z.string().trim().max(500).optional(),
  decision: z.string().trim().max(1000).optional(),
});

export const approveOverrideSchema = z.strictObject({
  requestId: id,
  version: z.number().int().min(1),
  /** The one open readiness item this override is for: each item is overridden on its own. */
  itemId: z.string().trim().min(1, 'Choose the item to override.').max(60),
  reason: text(500, 'Give the reason for the override.'),
});

/**
 * Readiness items whose override belongs to a clinician who both signs overrides (hold.approve) and owns
 * the clinical gates (interventions.clinical): consent, the pregnancy enquiry, prerequisites and repeat
 * intervals (issue 14, "Gates with owners"). A pharmacist signs overrides of the medicines items but not
 * these. The service's clinical decisions say nothing on who may override consent: this is the safer reading, pending the
 * clinical lead.
 */
export function overrideNeedsClinician(itemId: string): boolean {
  return (
    itemId === 'consent-stage-1' ||
    itemId === 'pregnancy-enquiry' ||
    itemId === 'repeat-interval' ||
    itemId.startsWith('prerequisite-')
  );
}

/**
 * Readiness values only a clinician records (interventions.clinical): a coordinator sees them but cannot
 * change them. The rest (fasting instructions given, escort, logistics note) is anyone's who manages the list.
 */
export const CLINICAL_READINESS_FIELDS = [
  'eligibilityStatus',
  'eligibilityOverrideReason',
  'consentStage1Date',
  'consentLeafletVersion',
  'baselineOutcomesRecorded',
  'antithromboticsReviewed',
  'crclMlPerMin',
  'crclDate',
  'onDualAntiplatelet',
  'coronaryStentDate',
  'cardiologyDecisionDate',
  'allergiesReviewed',
  'plannedContrastAgent',
  'activeInfection',
  'mrsaScreenDate',
  'mrsaScreenResult',
  'devicesReviewed',
  'devices',
  'pregnancyEnquiryArranged',
  'sedationPlanned',
  'asaGrade',
  'airwayAssessed',
  'exclusionsReviewed',
  'inrCheckPlanned',
  'inrResult',
  'inrResultDate',
  'renalDisease',
  'liverDisease',
  'coagulopathy',
  'steroidPlanned',
  'diabetic',
  'cumulativeSteroidMg12m',
] as const;

/** Clinician-readable names of the clinical readiness values (for refusals). */
export const CLINICAL_READINESS_LABELS: Record<(typeof CLINICAL_READINESS_FIELDS)[number], string> = {
  eligibilityStatus: 'eligibility',
  eligibilityOverrideReason: 'eligibility override reason',
  consentStage1Date: 'consent (stage 1)',
  consentLeafletVersion: 'information leaflet',
  baselineOutcomesRecorded: 'baseline outcomes',
  antithromboticsReviewed: 'antithrombotics reviewed',
  crclMlPerMin: 'creatinine clearance',
  crclDate: 'creatinine clearance date',
  onDualAntiplatelet: 'dual antiplatelet therapy',
  coronaryStentDate: 'coronary stent date',
  cardiologyDecisionDate: 'cardiology decision',
  allergiesReviewed: 'allergies reviewed',
  plannedContrastAgent: 'contrast agent',
  activeInfection: 'current infection',
  mrsaScreenDate: 'MRSA screen date',
  mrsaScreenResult: 'MRSA screen result',
  devicesReviewed: 'implanted devices',
  devices: 'implanted devices',
  pregnancyEnquiryArranged: 'pregnancy enquiry',
  sedationPlanned: 'sedation',
  asaGrade: 'ASA grade',
  airwayAssessed: 'airway assessment',
  exclusionsReviewed: 'procedure exclusions',
  inrCheckPlanned: 'INR check plan',
  inrResult: 'INR result',
  inrResultDate: 'INR result date',
  renalDisease: 'renal disease',
  liverDisease: 'liver disease',
  coagulopathy: 'coagulopathy',
  steroidPlanned: 'steroid planned',
  diabetic: 'diabetes',
  cumulativeSteroidMg12m: 'steroid in the last 12 months',
};

/** One readiness item overridden on its own, with its own reason and signer. */
export interface ItemOverride {
  itemId: string;
  title: string;
  reason: string;
  by: string;
  at: string;
}

/** One row of the waiting list. */
export interface WaitingListItem {
  id: number;
  patientId: number;
  patientName: string;
  nhsNumber: string | null;
  procedureCode: string;
  procedureName: string;
  side: Side;
  site: string;
  priority: Priority;
  rttClockStart: string;
  rttBreachDate: string;
  daysToBreach: number;
  atRisk: boolean;
  status: RequestStatus;
  rebookBy: string | null;
  clinicianName: string | null;
  /** Whole weeks since the RTT clock started. */
  weeksWaited: number;
  /** The booked session's date (booked requests). */
  bookedDate: string | null;
  /** Readiness now (for the booked date when booked); null where it was not evaluated. */
  ready: boolean | null;
  /** Why not ready, in clinicians' words. */
  notReady: string[];
  /** Booked, but no longer ready for that date (e.g. a screen expired or a medicine changed). */
  bookedNotReady: boolean;
  /**
   * The drugs whose hold plan was approved once but a change (date, list, cancellation, medicines) cleared
   * that approval: "needs re-approval" (issue 14).
   */
  needsReapproval: string[];
}

export interface WaitingListPage {
  items: WaitingListItem[];
  total: number;
  /** Waiting requests within 6 weeks of their RTT breach date, or past it (whatever the other filters). */
  atRiskTotal: number;
}

/** "Fill this session" offers at most this many ready patients, and shows this many not ready. */
export const FILL_READY_LIMIT = 20;
export const FILL_NOT_READY_LIMIT = 10;

/** A waiting patient who fits a session ("fill this session"), with their readiness for it. */
export interface FillCandidate extends WaitingListItem {
  ready: boolean;
  /** Why not ready (hard blocks, readiness incomplete, hold plan awaiting approval). */
  notReady: string[];
  /** Session-specific warnings booking would ask an override reason for (notice, repeat interval, ...). */
  warnings: BookingConflict[];
  plannedMinutes: number;
}

export interface AntithromboticView {
  id: number;
  drug: string;
  dose: string;
  doseTimes: string[];
  plan: HoldPlan;
  planFor: string;
  ruleSetId: string;
  approved: boolean;
  approvedBy: string | null;
  approvedAt: string | null;
  /** Read from the patient's medicines list (false: entered by hand, not on the list). */
  fromMedicines: boolean;
  /** Why the rule-set key was chosen (enoxaparin dose, aspirin indication), when it needed a choice. */
  basis: string | null;
  /** Why an earlier approval was cleared (a medicine change, new dose times or a new date). */
  reapprovalNote: string | null;
  /** Plain-words instructions for the patient and GP (weekday, date, part of the day). */
  instructions: string[];
}

export interface BookingView {
  id: number;
  sessionId: number;
  date: string;
  start: string;
  room: string;
  status: 'booked' | 'cancelled' | 'dna' | 'done';
  plannedMinutes: number;
  cancelKind: CancelKind | null;
  cancelReason: string | null;
  rebookBy: string | null;
  inRoomStart: string | null;
  inRoomEnd: string | null;
  followUpDue: string | null;
  outcome: OutcomeView | null;
}

export interface OutcomeView {
  reliefPercent: number;
  reliefDurationWeeks: number | null;
  /** Diagnostic blocks: relief in hours. */
  reliefDurationHours: number | null;
  /** The date the outcome was assessed (null: recorded before assessment dates were kept). */
  assessedOn: string | null;
  complications: string;
  pgic: number;
  successful: boolean;
  recordedAt: string;
}

export interface RequestDetail {
  id: number;
  version: number;
  patientId: number;
  patientName: string;
  procedureCode: string;
  procedureName: string;
  side: Side;
  site: string;
  /** Region, levels and side; null: the written site could not be structured ("site not structured"). */
  structuredSite: StructuredSite | null;
  indication: string;
  priority: Priority;
  source: 'clinic' | 'mdt';
  status: RequestStatus;
  requestedClinicianId: number | null;
  rttClockStart: string;
  rttBreachDate: string;
  rebookBy: string | null;
  readinessRecord: ReadinessRecord;
  antithrombotics: AntithromboticView[];
  allergies: { agent: string; reaction: string; category: string }[];
  readiness: ReadinessResult;
  /** Readiness warnings still open after an approved override. */
  openItems: string[];
  /** Each overridden readiness item with its own reason and signer. */
  overrides: ItemOverride[];
  ready: boolean;
  plannedMinutes: number;
  durationSource: string;
  bookings: BookingView[];
  ruleSets: string;
}

export interface SessionView {
  id: number;
  date: string;
  start: string;
  end: string;
  room: string;
  setting: (typeof SETTINGS)[number];
  clinicianId: number;
  clinicianName: string;
  radiographer: string | null;
  equipment: (typeof EQUIPMENT)[number][];
  unavailableMinutes: number;
  turnaroundMinutes: number;
  bookableMinutes: number;
  usedMinutes: number;
  freeMinutes: number;
  utilisationPercent: number;
  cases: {
    bookingId: number;
    requestId: number;
    patientName: string;
    procedureCode: string;
    minutes: number;
    status: string;
  }[];
}

export interface SlotOption {
  session: SessionView;
  warnings: BookingConflict[];
  score: number;
}

export interface BookingResult {
  bookingId: number;
  warningsOverridden: BookingConflict[];
  session: SessionView;
}

export interface FollowUpItem {
  bookingId: number;
  requestId: number;
  patientId: number;
  patientName: string;
  procedureCode: string;
  procedureName: string;
  procedureDate: string;
  followUpDue: string;
  overdue: boolean;
}

/** One case on the printed theatre list. */
export interface TheatreCase {
  bookingId: number;
  requestId: number;
  patientId: number;
  patientName: string;
  nhsNumber: string | null;
  dateOfBirth: string;
  /** 'HH:mm' planned start and end, in list order. */
  start: string;
  end: string;
  minutes: number;
  procedureName: string;
  /** 'Lumbar spine L4-L5 right', or the written site with "site not structured". */
  siteText: string;
  side: Side;
  allergies: string[];
  /** Each antithrombotic with what the plan says ('apixaban: hold approved', 'needs approval'). */
  antithrombotics: string[];
  /** A hold plan approved once, whose approval a change cleared: it needs re-approval (issue 14). */
  holdNeedsReapproval: boolean;
  sedation: string;
  equipment: string[];
  /** Clash messages for this case (overrun, on the list twice). */
  clashes: string[];
}

export interface TheatreSession {
  id: number;
  date: string;
  start: string;
  end: string;
  room: string;
  setting: (typeof SETTINGS)[number];
  clinicianName: string;
  radiographer: string | null;
  equipment: string[];
  cases: TheatreCase[];
  /** Clash messages for the whole list (two lists in one room or for one clinician at once). */
  clashes: string[];
}

/** One day's lists, grouped by room, with every clash of the day. */
export interface TheatreDay {
  date: string;
  rooms: { room: string; sessions: TheatreSession[] }[];
  clashes: string[];
  /** The day's time axis, 'HH:mm' on the hour, from the earliest start to the latest end. */
  hours: string[];
}
