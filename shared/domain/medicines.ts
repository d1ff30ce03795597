import type { MedicineChecksView } from './medicine-checks';
import { z } from 'zod';
import type { Flag, OmeItemStatus } from '../clinical/medicines/types';
import type { OmeHeadline } from '../clinical/medicines/headline';
import type { TaperLetterSafety } from '../clinical/medicines/taper-letter';
import type { StepSupply } from '../clinical/medicines/taper-quantities';
import { FORMULARY, type FormularyEntry } from '../clinical/medicines/formulary';
import { COWS_ITEMS, type CowsBand } from '../clinical/medicines/cows';
import { isoDate } from './patient';
import type { WrittenDose } from '../clinical/medicines/written-dose';
import type { DiazepamSwitchRecord } from './medicines-benzo';

/**
 * Medicines and deprescribing (issue 4): request schemas, answer types and labels.
 *
 * The formulary is read from shared/clinical/medicines/formulary.ts (versioned data shipped with the app);
 * every entry stores the formulary id and version it was chosen from.
 */

export const PRESCRIBERS = ['gp', 'service'] as const;
export type Prescriber = (typeof PRESCRIBERS)[number];
export const PRESCRIBER_LABELS: Record<Prescriber, string> = { gp: 'GP', service: 'Pain service' };

export const DOSE_KINDS = ['regular', 'prn', 'patch'] as const;
export type DoseKind = (typeof DOSE_KINDS)[number];
export const DOSE_KIND_LABELS: Record<DoseKind, string> = {
  regular: 'Regular',
  prn: 'As needed (PRN)',
  patch: 'Patch',
};

export const MEDICINE_STATUSES = ['active', 'stopped'] as const;
export type MedicineStatus = (typeof MEDICINE_STATUSES)[number];

/** The formulary id of a medicine recorded as written because it is not on the formulary. */
export const NOT_ON_FORMULARY = 'not-on-formulary';

export function formularyEntry(id: string): FormularyEntry | undefined {
  return FORMULARY.find((f) => f.id === id);
}

const positive = (message: string, max: number) =>
  z.number({ error: message }).positive(message).max(max, `At most ${max}.`);

/** Entry warnings the prescriber confirms (their codes) with the reason, which is audited. */
export const confirmWarningsSchema = z.strictObject({
  codes: z.array(z.string().max(60)).max(10),
  reason: z
    .string()
    .trim()
    .min(3, 'Give the reason for going ahead (it is recorded).')
    .max(500, 'At most 500 characters.'),
});

/** One medicine line as the clinician records it (add or change). */
export const medicineInputSchema = z
  .strictObject({
    // Whether the id is on the formulary in use (Settings › Clinical rule sets) is checked by the service.
    formularyId: z
      .string({ error: 'Choose a medicine from the formulary.' })
      .trim()
      .min(1, 'Choose a medicine from the formulary.')
      .max(120, 'Choose a medicine from the formulary.'),
    strength: z.string().trim().max(40, 'At most 40 characters.').default(''),
    doseKind: z.enum(DOSE_KINDS, { error: 'Choose regular, as needed or patch.' }),
    doseMg: positive('Enter the dose in mg.', 10_000).optional(),
    timesPerDay: z
      .number({ error: 'Enter how many times a day.' })
      .int('Times a day must be a whole number.')
      .min(1, 'Enter how many times a day.')
      .max(24, 'At most 24 times a day.')
      .optional(),
    /** As needed: worked out as dose × most doses in 24 hours when left empty; refused when it disagrees. */
    prnMaxMgPer24h: positive('Enter the most that may be taken in 24 hours, in mg.', 10_000).optional(),
    /** As needed: the minimum hours between doses (e.g. 4 for "every 4 hours when needed"). */
    prnMinIntervalHours: z
      .number({ error: 'Enter the hours between doses.' })
      .min(0.5, 'At least half an hour between doses.')
      .max(24, 'At most 24 hours between doses.')
      .optional(),
    /** Entry warnings the prescriber confirms (their codes) with the reason, which is audited. */
    confirmWarnings: confirmWarningsSchema.optional(),
    patchMcgPerHour: positive('Enter the patch strength in micrograms per hour.', 1_000).optional(),
    /** Regular doses that differ through the day: mg at each time, in order (e.g. morning 20, evening 10). */
    administrationsMg: z
      .array(positive('Enter each dose in mg, separated by commas (e.g. 20, 10).', 10_000), {
        error: 'Enter each dose in mg, separated by commas (e.g. 20, 10).',
      })
      .min(2, 'Enter at least two doses, or use the single dose field.')
      .max(6, 'At most 6 doses a day.')
      .optional(),
    patchChangeEveryDays: z
      .number({ error: 'Enter how often the patch is changed, in days.' })
      .int('Enter a whole number of days.')
      .min(1, 'Enter how often the patch is changed, in days.')
      .max(14, 'At most every 14 days.')
      .optional(),
    /**
     * The dose as written (issue 13): a product found by generic or brand name, its strength, units per dose
     * and frequency words. The service works out the mg (and every component) from it; typed mg must agree.
     */
    written: z
      .strictObject({
        productId: z
          .string({ error: 'Choose the medicine.' })
          .trim()
          .min(1, 'Choose the medicine.')
          .max(160, 'Choose the medicine.'),
        strength: z
          .string({ error: 'Choose the strength.' })
          .trim()
          .min(1, 'Choose the strength.')
          .max(60, 'Choose the strength.'),
        units: positive('Enter how many are taken each time.', 100),
        frequency: z.string().trim().max(60, 'At most 60 characters.').default(''),
      })
      .optional(),
    /** Not on the formulary: the medicine's name as written (formularyId is NOT_ON_FORMULARY). */
    unlistedName: z.string().trim().max(120, 'At most 120 characters.').optional(),
    /** Not on the formulary: the dose as written, e.g. "1 capsule twice a day". */
    asWritten: z.string().trim().max(300, 'At most 300 characters.').optional(),
    startDate: isoDate('The start date'),
    prescriber: z.enum(PRESCRIBERS, { error: 'Choose who prescribes it.' }),
    indication: z.string().trim().min(1, 'Enter what it is for.').max(200, 'At most 200 characters.'),
  })
  .superRefine((v, ctx) => {
    const need = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (v.formularyId === NOT_ON_FORMULARY) {
      // Recorded as written so the list is complete; never counted in the OME (named in the total's caveat).
      if (!v.unlistedName || v.unlistedName.length < 2)
        need('unlistedName', 'Enter the medicine as written.');
      if (!v.asWritten) need('asWritten', 'Enter the dose as written.');
      if (v.written) need('written', 'A medicine not on the formulary is recorded as written.');
      return;
    }
    if (v.written) {
      // The dose comes from units × strength and the frequency words (worked out by the service).
      if (v.administrationsMg !== undefined)
        need('administrationsMg', 'Different doses through the day are entered in mg, not as units.');
      if (v.doseKind === 'prn' && v.timesPerDay === undefined)
        need('timesPerDay', 'Enter the most doses allowed in 24 hours.');
      return;
    }
    // Patch versus route is checked by the service against the formulary in use (see patchRouteMessage).
    if (v.doseKind === 'patch') {
      if (v.patchMcgPerHour === undefined)
        need('patchMcgPerHour', 'Enter the patch strength in micrograms per hour.');
      if (v.patchChangeEveryDays === undefined)
        need('patchChangeEveryDays', 'Enter how often the patch is changed, in days.');
      return;
    }
    if (v.administrationsMg !== undefined) {
      if (v.doseKind !== 'regular')
        need('administrationsMg', 'Different doses through the day are for regular doses only.');
      else if (v.timesPerDay !== undefined && v.timesPerDay !== v.administrationsMg.length)
        need('administrationsMg', `Enter ${v.timesPerDay} doses, one for each time of day.`);
      else if (v.doseMg !== undefined)
        need('doseMg', 'Leave the single dose empty when the doses differ through the day.');
      return;
    }
    if (v.doseMg === undefined) need('doseMg', 'Enter the dose in mg.');
    if (v.timesPerDay === undefined)
      need(
        'timesPerDay',
        v.doseKind === 'prn' ? 'Enter the most doses allowed a day.' : 'Enter how many times a day.',
      );
  });
/** The field message when the dose kind does not fit the formulary entry's route (null: it fits). */
export function patchRouteMessage(doseKind: DoseKind, route: string): string | null {
  if (doseKind === 'patch' && route !== 'transdermal') return 'This medicine is not a patch.';
  if (doseKind !== 'patch' && route === 'transdermal') return 'A patch is recorded as a patch.';
  return null;
}
export type MedicineInput = z.input<typeof medicineInputSchema>;
export type MedicineData = z.output<typeof medicineInputSchema>;

const id = z.number().int().positive();
const version = z.number().int().min(1);
const reason = (what: string) =>
  z.string().trim().min(1, `Enter the reason ${what}.`).max(500, 'At most 500 characters.');

export const addMedicineSchema = z.strictObject({ patientId: id, medicine: medicineInputSchema });
export const changeMedicineSchema = z.strictObject({
  itemId: id,
  version,
  medicine: medicineInputSchema,
  reason: reason('for the change'),
});
export const stopMedicineSchema = z.strictObject({
  itemId: id,
  version,
  stoppedOn: isoDate('The date stopped'),
  reason: reason('for stopping'),
});

/** One OME line, with its factor, source and the arithmetic. */
export interface OmeLine {
  status: OmeItemStatus;
  omeMgPer24h: number | null;
  factor: number | null;
  explanation: string;
  dailyExplanation: string;
  reason: string | null;
  source: string;
}

/** One version of one medicine line. Nothing is overwritten: each change is a new version. */
export interface MedicineEntry {
  /** This version's row id. */
  id: number;
  /** Stable id of the medicine line across its versions. */
  itemId: number;
  version: number;
  patientId: number;
  formularyId: string;
  name: string;
  generic: string;
  drugClass: string;
  form: string;
  route: string;
  strength: string;
  doseKind: DoseKind;
  doseMg: number | null;
  timesPerDay: number | null;
  prnMaxMgPer24h: number | null;
  prnMinIntervalHours: number | null;
  patchMcgPerHour: number | null;
  patchChangeEveryDays: number | null;
  startDate: string;
  /** Entry warnings confirmed with a reason when this version was saved (null: none). */
  confirmedWarnings: { codes: string[]; reason: string } | null;
  prescriber: Prescriber;
  indication: string;
  status: MedicineStatus;
  stoppedOn: string | null;
  changeReason: string | null;
  /** The day this version took effect. */
  effectiveFrom: string;
  recordedAt: string;
  recordedBy: string | null;
  current: boolean;
  /** Start date after today: planned, not counted in today's total. */
  planned: boolean;
  /** Regular doses that differ through the day (mg at each time), or null. */
  administrationsMg: number[] | null;
  /** The dose as written (units × strength, frequency words) and what it means, or null (entered in mg). */
  written: WrittenDose | null;
  /** Not on the formulary: recorded as written, never counted in the OME. */
  notOnFormulary: boolean;
  /** Not on the formulary: the dose as written. */
  asWritten: string | null;
  /** Plain-English dose, e.g. `20 mg twice a day`. */
  doseText: string;
  ome: OmeLine | null;
  /** As-needed lines: the amount taken, as last recorded at a review for this version (null: none). */
  latestTaken: LatestTaken | null;
}

export interface OmeSummary {
  totalMgPer24h: number;
  complete: boolean;
  estimated: boolean;
  cautions: string[];
  /** The headline: "at least" when anything is left out; regular / as needed apart; planned medicines. */
  headline: OmeHeadline;
  flags: Flag[];
  ruleSet: { id: string; name: string; version: string };
  thresholdRuleSet: { id: string; name: string; version: string; source: string };
  combinationRuleSet: { id: string; name: string; version: string; source: string };
}

export interface OmePoint {
  date: string;
  totalMgPer24h: number;
  complete: boolean;
  /** The point is a review's OME: as-needed doses at the amount taken (recorded at that review). */
  fromReview: boolean;
}

/** The amount of an as-needed medicine taken per 24 hours, as last recorded for this version of the line. */
export interface LatestTaken {
  reviewId: number;
  reviewDate: string;
  takenMgPer24h: number;
  prescribedMaxMgPer24h: number | null;
  /** OME of the taken amount (null: not an opioid, or not totalled). */
  omeMgPer24h: number | null;
}

/** One line of a review's OME (every current medicine that is an opioid). */
export interface MedicineReviewLine {
  itemId: number;
  name: string;
  basis: 'regular' | 'prn-maximum' | 'prn-taken' | 'patch';
  dailyExplanation: string;
  explanation: string;
  omeMgPer24h: number | null;
  status: OmeItemStatus;
}

/** A review of the opioid load: the OME for that review, with as-needed doses at the amount taken. */
export interface MedicineReviewView {
  id: number;
  reviewDate: string;
  taperReviewId: number | null;
  totalMgPer24h: number;
  complete: boolean;
  estimated: boolean;
  cautions: string[];
  flags: Flag[];
  lines: MedicineReviewLine[];
  taken: { itemId: number; name: string; takenMgPer24h: number; prescribedMaxMgPer24h: number | null }[];
  /** The OME rule set the review was worked with (the name is not stored: screens take the shipped name). */
  ruleSet: { id: string; version: string };
  notes: string;
  recordedAt: string;
  recordedBy: string | null;
}

/** The US CDC 2022 MME comparison: beside the UK total, never part of it. */
export interface CdcComparison {
  label: string;
  ruleSet: { id: string; name: string; version: string; source: string };
  totalMgPer24h: number;
  complete: boolean;
  cautions: string[];
  ukTotalMgPer24h: number;
  items: {
    itemId: number;
    name: string;
    ukOmeMgPer24h: number | null;
    ukFactor: number | null;
    cdcMmeMgPer24h: number | null;
    cdcFactor: number | null;
    cdcExplanation: string;
  }[];
}

export interface PatientMedicines {
  patientId: number;
  current: MedicineEntry[];
  stopped: MedicineEntry[];
  history: MedicineEntry[];
  ome: OmeSummary;
  omeSeries: OmePoint[];
  plans: TaperPlanSummary[];
  /** Reviews of the opioid load, newest first (the last 20). */
  reviews: MedicineReviewView[];
  /** CDC 2022 (US) comparison only: never used for the UK total or flags. */
  cdcComparison: CdcComparison;
  /** The interactions and prompts a UK pain MDT checks (issue 13), with the reasons recorded. */
  checks: MedicineChecksView;
}

// ---------------------------------------------------------------- taper plans

export const PLAN_GOALS = ['stop', 'reduce'] as const;
export type PlanGoal = (typeof PLAN_GOALS)[number];
export const PLAN_STATUSES = ['draft', 'active', 'paused', 'completed', 'abandoned'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = {
  draft: 'Draft (not started)',
  active: 'Active',
  paused: 'Paused',
  completed: 'Completed',
  abandoned: 'Abandoned',
};
export const REVIEW_OUTCOMES = ['taken', 'held', 'stepped-back'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];
export const REVIEW_OUTCOME_LABELS: Record<ReviewOutcome, string> = {
  taken: 'Step taken',
  held: 'Step held',
  'stepped-back': 'Stepped back',
};

export const createPlanSchema = z
  .strictObject({
    patientId: id,
    itemId: id,
    goal: z.enum(PLAN_GOALS, { error: 'Choose stop or reduce.' }),
    targetDose: z
      .number({ error: 'Enter the dose to reduce to.' })
      .positive('Enter the dose to reduce to.')
      .optional(),
    reason: reason('for the plan'),
    percent: z
      .number({ error: 'Enter the reduction per step, in %.' })
      .positive('Enter the reduction per step, in %.')
      .max(100, 'At most 100%.')
      .optional(),
    /** Empty: the class default (shared/clinical/medicines/taper-products.ts, TAPER_CLASS_DEFAULTS). */
    intervalDays: z
      .number({ error: 'Enter the days between steps.' })
      .int('Enter a whole number of days.')
      .min(1, 'Enter the days between steps.')
      .max(90, 'At most 90 days.')
      .optional(),
    startDate: isoDate('The start date'),
    nurseId: id.nullable().default(null),
    /** Step dates move to the next working day (not a weekend or an England and Wales bank holiday). */
    avoidWeekends: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    if (v.goal === 'reduce' && v.targetDose === undefined)
      ctx.addIssue({ code: 'custom', path: ['targetDose'], message: 'Enter the dose to reduce to.' });
  });
export type CreatePlanInput = z.input<typeof createPlanSchema>;

export const planStepInputSchema = z.strictObject({
  date: isoDate('The step date'),
  dose: z.number({ error: 'Enter the daily dose.' }).min(0, 'The dose cannot be below 0.'),
});
export const updateStepsSchema = z.strictObject({
  planId: id,
  version,
  steps: z.array(planStepInputSchema).min(2, 'A plan needs at least two steps.').max(200),
});
export const signOffPlanSchema = z.strictObject({
  planId: id,
  version,
  patientAgreed: z.literal(true, { error: 'Record that the patient agreed the plan.' }),
  agreementNote: z
    .string()
    .trim()
    .min(1, 'Note how the plan was agreed with the patient.')
    .max(1000, 'At most 1000 characters.'),
});

const score010 = (label: string) =>
  z
    .number({ error: `Enter the ${label} score (0-10).` })
    .int(`Enter the ${label} score as a whole number.`)
    .min(0, `The ${label} score is 0 to 10.`)
    .max(10, `The ${label} score is 0 to 10.`);

/** The amount of one as-needed medicine taken per 24 hours, recorded at a review. */
export const prnTakenSchema = z.strictObject({
  itemId: id,
  takenMgPer24h: z
    .number({ error: 'Enter the amount taken in 24 hours, in mg.' })
    .min(0, 'The amount taken cannot be below 0.')
    .max(10_000, 'At most 10000 mg.'),
});

/** A medicines review on its own (not at a taper review): PRN amounts taken. */
export const recordPrnUseSchema = z.strictObject({
  patientId: id,
  reviewDate: isoDate('The review date'),
  /** At least one (checked by the service, so the message lands on the form). */
  taken: z.array(prnTakenSchema).max(20, 'At most 20 medicines.'),
  notes: z.string().trim().max(2000, 'At most 2000 characters.').default(''),
});
export type RecordPrnUseInput = z.input<typeof recordPrnUseSchema>;

export const recordReviewSchema = z.strictObject({
  planId: id,
  version,
  reviewDate: isoDate('The review date'),
  outcome: z.enum(REVIEW_OUTCOMES, { error: 'Choose taken, held or stepped back.' }),
  /** The 11 COWS item scores (opioids), in form order. */
  cows: z.array(z.number().int().min(0).max(5)).length(COWS_ITEMS.length).nullable().default(null),
  withdrawalSymptoms: z.string().trim().max(1000, 'At most 1000 characters.').default(''),
  painScore: score010('pain'),
  functionScore: score010('function'),
  notes: z.string().trim().max(2000, 'At most 2000 characters.').default(''),
  nextReviewDate: isoDate('The next review date').nullable(),
  /** As-needed medicines: the amount actually taken per 24 hours, recorded at this review. */
  prnTaken: z.array(prnTakenSchema).max(20, 'At most 20 medicines.').default([]),
});
export type RecordReviewInput = z.input<typeof recordReviewSchema>;

/**
 * A prescriber changes an active or paused plan (issue 13): the steps still to come are planned again from
 * the medicine's current dose, from `startDate`, as a new version of the plan with the reason. Empty % or
 * interval: the class default.
 */
export const revisePlanSchema = z.strictObject({
  planId: id,
  version,
  reason: reason('for changing the plan (it goes in the letter)'),
  startDate: isoDate('The date the changed plan starts'),
  percent: z
    .number({ error: 'Enter the reduction per step, in %.' })
    .positive('Enter the reduction per step, in %.')
    .max(100, 'At most 100%.')
    .optional(),
  intervalDays: z
    .number({ error: 'Enter the days between steps.' })
    .int('Enter a whole number of days.')
    .min(1, 'Enter the days between steps.')
    .max(90, 'At most 90 days.')
    .optional(),
  avoidWeekends: z.boolean().optional(),
});
export type RevisePlanInput = z.input<typeof revisePlanSchema>;

export const PLAN_ACTIONS = ['pause', 'resume', 'abandon'] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];
export const planActionSchema = z.strictObject({
  planId: id,
  version,
  action: z.enum(PLAN_ACTIONS),
  reason: reason('(it is recorded)'),
});

/** One dose of the day in a taper step: mg, and for a liquid the volume in mL. */
export interface StepAdministration {
  mg: number;
  ml: number | null;
}

export interface TaperStepView {
  stepNo: number;
  date: string;
  dose: number;
  /** The products for this step (real strengths), or null for plans made before issue 13. */
  products: string | null;
  /** Why this step is larger than the chosen step (shown before sign-off), or null. */
  note: string | null;
  /**
   * How long this step lasts and why, when it lasts longer than the plan's interval (a reduction the products
   * cannot give, a date moved off a weekend or bank holiday, a hold...), or null.
   */
  longer: string | null;
  /** The dose at each time of day (null for patches). */
  administrations: StepAdministration[] | null;
  /** Dose per administration, e.g. 15 mg twice a day. */
  instruction: string;
  state: 'done' | 'current' | 'planned';
  /** What the GP prescribes for this step's length, with the arithmetic (null: a stop or the last step). */
  supply: StepSupply | null;
}

export interface TaperReview {
  id: number;
  reviewDate: string;
  outcome: ReviewOutcome;
  stepNo: number;
  cowsTotal: number | null;
  cowsBand: CowsBand | null;
  withdrawalSymptoms: string;
  painScore: number;
  functionScore: number;
  notes: string;
  nextReviewDate: string | null;
  recordedAt: string;
  recordedBy: string | null;
}

export interface TaperEvent {
  at: string;
  kind: string;
  reason: string;
  by: string | null;
}

export interface TaperPlanSummary {
  id: number;
  patientId: number;
  itemId: number;
  medicineName: string;
  generic: string;
  status: PlanStatus;
  goal: PlanGoal;
  targetDose: number | null;
  unit: string;
  startDose: number;
  currentDose: number;
  nextReviewDate: string | null;
  holds: number;
  stepBacks: number;
  version: number;
  /** The dose was changed outside the plan: why the plan needs review (null: in step). */
  needsReview: string | null;
  /** The clinical version of the plan (1 when made; a new one for a change outside the plan or a revision). */
  planVersion: number;
  /** Why this version was made (null for version 1). */
  versionReason: string | null;
}

export interface TaperPlan extends TaperPlanSummary {
  reason: string;
  percent: number;
  intervalDays: number;
  startDate: string;
  roundTo: number | null;
  timesPerDay: number | null;
  /** Liquids: the concentration (mg/mL) the mL are worked out from. */
  mgPerMl: number | null;
  isOpioid: boolean;
  currentStep: number;
  patientAgreed: boolean;
  agreementNote: string | null;
  signedOffBy: string | null;
  signedOffAt: string | null;
  nurseId: number | null;
  nurseName: string | null;
  ruleSet: { id: string; version: string; name: string; source: string };
  steps: TaperStepView[];
  reviews: TaperReview[];
  events: TaperEvent[];
  createdAt: string;
  /** Step dates avoid weekends and bank holidays. */
  avoidWeekends: boolean;
  /** The plan tapers an as-needed line: its doses are 24-hour maxima (issue 13). */
  asNeeded: boolean;
}

export interface PlanLetter {
  plan: TaperPlan;
  patient: {
    name: string;
    nhsNumber: string | null;
    dateOfBirth: string;
    gpPractice: string | null;
  };
  prescriberName: string | null;
  /** The date the letter is written (today, London). */
  letterDate: string;
  /** The plan version this letter is for, and the day it took effect. */
  planVersion: number;
  versionFrom: string;
  /** The earlier versions (their letters must no longer be followed): from and until. */
  supersedes: { version: number; from: string; until: string }[];
  /** The service's contact number (Settings), or null when not set. */
  contactNumber: string | null;
  /** What the letter says about safety, worked out from the patient's medicines (shared/clinical). */
  safety: TaperLetterSafety;
  /** The switch to diazepam this tapered line started with (Ashton equivalence), or null. */
  diazepamSwitch: DiazepamSwitchRecord | null;
}

// ---------------------------------------------------------------- worklists

export const worklistSchema = z.strictObject({
  nurseId: id.nullable().default(null),
  today: isoDate('Today').optional(),
  upcomingDays: z.number().int().min(1).max(60).default(14),
});

export interface WorklistRow {
  planId: number;
  patientId: number;
  patientName: string;
  nhsNumber: string | null;
  medicineName: string;
  currentDose: number;
  unit: string;
  nextReviewDate: string;
  nurseId: number | null;
  nurseName: string | null;
  holds: number;
  stepBacks: number;
  version: number;
  /** The dose was changed outside the plan: why the plan needs review (null: in step). */
  needsReview: string | null;
}

export interface Worklist {
  today: string;
  overdue: WorklistRow[];
  dueToday: WorklistRow[];
  upcoming: WorklistRow[];
}

export const serviceViewSchema = z.strictObject({});

export interface ServiceView {
  thresholds: { code: string; label: string; mgPer24h: number; patients: number }[];
  combinations: { code: string; label: string; patients: number }[];
  plansByStatus: { status: PlanStatus; plans: number }[];
  medianOmeReduction: { mgPer24h: number | null; plans: number };
  highest: { patientId: number; patientName: string; totalMgPer24h: number; complete: boolean }[];
  patientsWithMedicines: number;
}

export const COMBINATION_LABELS: Record<string, string> = {
  OPIOID_BENZODIAZEPINE_Z_DRUG: 'Opioid + benzodiazepine or Z-drug',
  OPIOID_GABAPENTINOID: 'Opioid + gabapentinoid',
  MULTIPLE_OPIOIDS: 'Two or more opioids',
  GABAPENTIN_PREGABALIN: 'Gabapentin + pregabalin',
};

/** Headings of the flags for opioids the UK total leaves out, and for as-needed use above the maximum. */
export const SPECIALIST_FLAG_TITLES: Record<string, string> = {
  METHADONE_NOT_CONVERTED: 'Methadone: not converted to OME',
  BUPRENORPHINE_SUBLINGUAL_NOT_CONVERTED: 'Sublingual buprenorphine: not converted to OME',
  FENTANYL_TRANSMUCOSAL_NOT_CONVERTED: 'Transmucosal fentanyl: not converted to OME',
  PRN_USE_ABOVE_MAXIMUM: 'As-needed use above the prescribed maximum',
};

export const taperConcernsSchema = z.strictObject({
  minCount: z.number().int().min(1).max(50).default(2),
  limit: z.number().int().min(1).max(500).default(100),
});
export interface TaperConcern {
  planId: number;
  patientId: number;
  patientName: string;
  medicineName: string;
  holds: number;
  stepBacks: number;
  status: PlanStatus;
}

// ---------------------------------------------------------------- plain-English helpers

const TIMES_WORDS: Record<number, string> = {
  1: 'once a day',
  2: 'twice a day',
  3: 'three times a day',
  4: 'four times a day',
};

export function timesText(n: number): string {
  return TIMES_WORDS[n] ?? `${n} times a day`;
}

export function formatDose(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

/** Names for the times of day of n doses (2: morning, evening; 3: morning, midday, evening; ...). */
export function timeOfDayLabels(n: number): string[] {
  const names: Record<number, string[]> = {
    1: ['once a day'],
    2: ['in the morning', 'in the evening'],
    3: ['in the morning', 'at midday', 'in the evening'],
    4: ['in the morning', 'at midday', 'in the late afternoon', 'at bedtime'],
  };
  return names[n] ?? Array.from({ length: n }, (_, i) => `at dose ${i + 1} of the day`);
}

function joinAnd(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]!}`;
}

/** "20 mg in the morning and 10 mg in the evening"; liquids "2.5 mL (5 mg) ..."; a 0 dose is "nothing ...". */
export function administrationsText(doses: { mg: number; ml: number | null }[]): string {
  const labels = timeOfDayLabels(doses.length);
  const amount = (d: { mg: number; ml: number | null }) =>
    d.ml === null ? `${formatDose(d.mg)} mg` : `${formatDose(d.ml)} mL (${formatDose(d.mg)} mg)`;
  const even = doses.every((d) => d.mg === doses[0]!.mg);
  if (even && doses.length > 0) return `${amount(doses[0]!)} ${timesText(doses.length)}`;
  // A dose of 0 is written out ("nothing in the morning") so that nobody wonders whether it was forgotten.
  return joinAnd(doses.map((d, i) => (d.mg > 0 ? `${amount(d)} ${labels[i]!}` : `nothing ${labels[i]!}`)));
}

export function doseText(e: {
  doseKind: DoseKind;
  administrationsMg?: number[] | null;
  doseMg: number | null;
  timesPerDay: number | null;
  prnMaxMgPer24h: number | null;
  patchMcgPerHour: number | null;
  patchChangeEveryDays: number | null;
}): string {
  if (e.doseKind === 'patch')
    return `${formatDose(e.patchMcgPerHour ?? 0)} micrograms/hour patch, changed every ${e.patchChangeEveryDays ?? '?'} days`;
  if (e.doseKind === 'prn')
    return `${formatDose(e.doseMg ?? 0)} mg when needed, up to ${e.timesPerDay ?? '?'} times a day (maximum ${formatDose(e.prnMaxMgPer24h ?? 0)} mg in 24 hours)`;
  if (e.administrationsMg && e.administrationsMg.length > 0) {
    const total = e.administrationsMg.reduce((a, b) => a + b, 0);
    return `${administrationsText(e.administrationsMg.map((mg) => ({ mg, ml: null })))} (${formatDose(total)} mg a day)`;
  }
  return `${formatDose(e.doseMg ?? 0)} mg ${timesText(e.timesPerDay ?? 1)}`;
}

/** The plain-English instruction for one taper step. */
export function stepInstruction(
  dose: number,
  unit: string,
  timesPerDay: number | null,
  administrations?: { mg: number; ml: number | null }[] | null,
): string {
  if (dose === 0) return 'Stop taking it';
  if (unit === 'mcg/h') return `Use a ${formatDose(dose)} micrograms/hour patch`;
  if (administrations && administrations.length > 0)
    return `Take ${administrationsText(administrations)} (${formatDose(dose)} mg a day)`;
  const times = timesPerDay ?? 1;
  return `Take ${formatDose(dose / times)} mg ${timesText(times)} (${formatDose(dose)} mg a day)`;
}
