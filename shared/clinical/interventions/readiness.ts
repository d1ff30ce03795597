/**
 * "Ready to list / ready to book" gates (GMC consent guidance 2020, NatSSIPs, ASRA/ESRA 2018): gate A to list a patient, gates B-D to
 * book a date. Gate E (the day of the procedure) is recorded elsewhere, not enforced here.
 *
 * Status of each item:
 * - 'ok': nothing to act on;
 * - 'warn': a concern; proceeding needs an override reason, which is audited;
 * - 'missing': the information is not recorded; record it or override with a reason;
 * - 'block': a hard block that cannot be overridden, only resolved by recording the missing fact.
 *
 * Hard blocks are exactly those of the service's clinical decisions (clinical lead) (interventions 2):
 * 1. a DOAC hold without a creatinine clearance recorded in the last 90 days;
 * 2. dual antiplatelet therapy, or a coronary stent in the last 12 months, until a cardiology decision is
 *    recorded;
 * 3. an implant without an MRSA screen result in the 4 weeks before the procedure;
 * 4. a fluoroscopy case on a session with no radiographer.
 * Everything else warns (including an SCS implant without a recorded successful trial, which the research
 * suggested as a block but the clinical lead does not list).
 */
import { formatDateGb } from '../../dates';
import { ClinicalInputError } from '../errors';
import type { ImagingModality, ProcedureDefinition } from './catalogue';
import { isIonisingImaging } from './catalogue';
import type { CommissionerRuleSet, ProcedureHistoryEntry } from './commissioner';
import {
  checkPrerequisite,
  checkRepeatInterval,
  resolvePrerequisites,
  resolveRepeatFamily,
  resolveRepeatIntervalMonths,
} from './commissioner';
import { describeSite, type SiteRef, type StructuredSite } from './sites';
import type { ProcedureSession } from './conflicts';
import { checkCapacity, checkNotice, checkSessionSuitability } from './conflicts';
import { sessionCapacity } from './capacity';
import { addCalendarMonths, calendarDaysBetween, parseCalendarDate, rttBreachDate } from './dates';
import type { BleedingRisk, HoldPlan } from './holds';
import {
  serotonergicReadinessItems,
  type ListedSerotonergic,
  type SerotonergicRuleSet,
} from './serotonergic';
import {
  BLEEDING_RISKS,
  CRCL_MAX_AGE_DAYS,
  isAntiplatelet,
  isDoac,
  normaliseDrugKey,
  ruleSetText,
} from './holds';

/** Status of one readiness item. */

/** A readiness item's text shows dates as people read them (07-Mar-2027), never as stored (issue 18). */
function datesShown(message: string): string {
  return message.replace(/\b\d{4}-\d{2}-\d{2}\b(?!T)/g, (date) => formatDateGb(date));
}

export type ReadinessStatus = 'ok' | 'warn' | 'block' | 'missing';

/** Readiness gate: A listing, B medicines and bleeding, C patient safety, D logistics. */
export type ReadinessGate = 'A' | 'B' | 'C' | 'D';

/** Clinical priority codes (FSSA / NHS England clinical prioritisation). */
export type ClinicalPriority = 'P1a' | 'P1b' | 'P2' | 'P3' | 'P4' | 'P5' | 'P6';

/**
 * Allergy category. Contrast reactions are judged by the agent and the reaction recorded, never by a
 * shellfish or povidone-iodine allergy (neither is a contrast risk factor). 'iodine-unspecified' is an
 * "iodine allergy" label with no agent: it needs clarifying before a contrast case.
 */
export type AllergyCategory =
  | 'iodinated-contrast'
  | 'gadolinium-contrast'
  | 'iodine-unspecified'
  | 'local-anaesthetic'
  | 'latex'
  | 'chlorhexidine'
  | 'povidone-iodine'
  | 'shellfish'
  | 'steroid'
  | 'adhesive'
  | 'other';

/** A structured allergy entry. */
export interface AllergyEntry {
  category: AllergyCategory;
  /** The specific agent, e.g. 'iohexol (Omnipaque 300)'. */
  agent: string;
  /** What happened, e.g. 'urticaria', 'anaphylaxis'. */
  reaction?: string;
  /** 'YYYY-MM-DD' */
  date?: string;
}

/** A type of implanted device. */
export type ImplantedDeviceType = 'pacemaker' | 'icd' | 'neurostimulator' | 'intrathecal-pump' | 'other';

/** A UK local 'YYYY-MM-DDTHH:mm' (or date) as '09-Dec-2026 08:30', as clinicians read it (never ISO). */
export function localDateTimeGb(value: string | undefined): string {
  if (!value) return 'a time not yet known';
  const [d, t] = value.split('T');
  return `${formatDateGb(d ?? '')}${t ? ` ${t.slice(0, 5)}` : ''}`;
}

/** An antithrombotic medicine with its hold plan (if computed) and approval. */
export interface AntithromboticEntry {
  /** Drug key as used by the hold rule sets, e.g. 'apixaban'. */
  drug: string;
  holdPlan?: HoldPlan;
  /** A clinician has approved the plan with the prescriber (or recorded a decision for a blocked plan). */
  holdPlanApproved?: boolean;
}

/** Input to {@link evaluateReadiness}. */
export interface ReadinessInput {
  /** 'YYYY-MM-DD', Europe/London. */
  today: string;
  procedure: ProcedureDefinition;
  /** The proposed procedure date when known ('YYYY-MM-DD'); a booking's session date takes precedence. */
  procedureDate?: string;
  /** Imaging planned for this case (default: the catalogue's). */
  imaging?: ImagingModality;
  commissionerRules?: CommissionerRuleSet;
  /** The patient's earlier procedures. */
  history: readonly ProcedureHistoryEntry[];

  /** Gate A: listing. */
  listing: {
    indication?: string;
    /** Side(s), level(s) or target, e.g. 'L4-5 bilateral'; also compared with history sites. */
    site?: string;
    /**
     * The structured site (region, levels, side). `null`: the written site could not be structured, which
     * is flagged; undefined: not given (the written site is compared, as before).
     */
    structuredSite?: StructuredSite | null;
    eligibility: { status: 'passed' | 'overridden' | 'failed' | 'not-checked'; overrideReason?: string };
    clinicalPriority?: ClinicalPriority;
    /** RTT clock start, 'YYYY-MM-DD'. */
    rttClockStart?: string;
    consentStage1?: { date: string; leafletVersion?: string };
    baselineOutcomesRecorded: boolean;
  };

  /** Gate B: medicines and bleeding. */
  medicines: {
    antithromboticsReviewed: boolean;
    antithrombotics: readonly AntithromboticEntry[];
    creatinineClearance?: { mlPerMin: number; date: string };
    inrPlanRecorded?: boolean;
    onDualAntiplateletTherapy: boolean;
    /** Date of the most recent coronary stent, 'YYYY-MM-DD'. */
    coronaryStentDate?: string;
    /** Date a cardiology decision about this procedure was recorded, 'YYYY-MM-DD'. */
    cardiologyDecisionDate?: string;
    /** Patient factors that may move the procedure up a bleeding tier (age, coagulopathy, ...). */
    bleedingRiskFactors?: readonly string[];
    /** The tier actually used for hold planning, if a clinician has moved it up. */
    effectiveBleedingRisk?: BleedingRisk;
    steroidPlanned?: boolean;
    diabetic?: boolean;
    /** Cumulative steroid over the last 12 months (mg methylprednisolone-equivalent), for display. */
    cumulativeSteroidMgLast12Months?: number;
    /**
     * A spinal cord stimulator trial (two visits): the restart after the hold waits for the lead removal,
     * not the insertion alone; the removal date once recorded (null while the leads are in).
     */
    scsTrial?: { leadsRemovedOn: string | null };
    /** SSRIs/SNRIs on the medicines list: a high-risk procedure asks for a shared decision (serotonergic.ts). */
    serotonergic?: readonly ListedSerotonergic[];
    /** The SSRI/SNRI rule set in use (Settings › Clinical rule sets); the shipped one when omitted. */
    serotonergicRules?: SerotonergicRuleSet;
  };

  /** Gate C: patient safety. */
  safety: {
    allergiesReviewed: boolean;
    allergies: readonly AllergyEntry[];
    /** Contrast agent planned for this case, if any (a contrast case even if the catalogue says none). */
    plannedContrastAgent?: string;
    /** Active systemic infection or infection at the site; undefined = not asked. */
    activeInfection?: boolean;
    mrsaScreen?: { date: string; result: 'negative' | 'positive' | 'pending' };
    devicesReviewed: boolean;
    devices: readonly { type: ImplantedDeviceType; planRecorded: boolean }[];
    pregnancyEnquiryArranged?: boolean;
    sedation?: {
      planned: boolean;
      fastingInstructionsGiven?: boolean;
      escortConfirmed?: boolean;
      asaGrade?: 1 | 2 | 3 | 4 | 5;
      airwayAssessed?: boolean;
    };
    exclusionsReviewed?: boolean;
    exclusionsPresent?: readonly string[];
  };

  /** Gate D: logistics, once a session is proposed. */
  booking?: {
    session: ProcedureSession;
    /** Planned minutes for this case (default: the catalogue's). */
    caseMinutes?: number;
    patientAgreedShortNotice?: boolean;
  };
}

/** One readiness item. */
export interface ReadinessItem {
  gate: ReadinessGate;
  id: string;
  title: string;
  status: ReadinessStatus;
  message: string;
}

/** The readiness result. */
export interface ReadinessResult {
  items: ReadinessItem[];
  /** Worst status in each gate (block > missing > warn > ok). */
  gates: Record<ReadinessGate, ReadinessStatus>;
  /** No hard block in gate A. */
  canList: boolean;
  /** No hard block in any gate. */
  canBook: boolean;
  /** Items that need an audited override reason (or the missing information) to proceed. */
  needsOverride: string[];
}

/** An MRSA screen must be dated within this many days before the procedure (4 weeks). */
export const MRSA_SCREEN_MAX_AGE_DAYS = 28;

/** A coronary stent placed within this many months before today blocks until cardiology decides. */
export const CORONARY_STENT_BLOCK_MONTHS = 12;

const RANK: Record<ReadinessStatus, number> = { ok: 0, warn: 1, missing: 2, block: 3 };

function worst(statuses: ReadinessStatus[]): ReadinessStatus {
  return statuses.reduce<ReadinessStatus>((w, s) => (RANK[s] > RANK[w] ? s : w), 'ok');
}

function notInFuture(date: string, today: string, field: string): void {
  parseCalendarDate(date, field);
  if (calendarDaysBetween(today, date) > 0) {
    throw new ClinicalInputError('INVALID_DATE', `${field}: ${date} is after today (${today}).`, field);
  }
}

const describeAllergy = (a: AllergyEntry): string => `${a.agent}${a.reaction ? ` (${a.reaction})` : ''}`;

function gateA(input: ReadinessInput, refDate: string): ReadinessItem[] {
  const { listing, procedure } = input;
  const items: ReadinessItem[] = [];
  const add = (id: string, title: string, status: ReadinessStatus, message: string): void => {
    items.push({ gate: 'A', id, title, status, message: datesShown(message) });
  };

  const absent = [
    listing.indication?.trim() ? undefined : 'indication',
    listing.site?.trim() ? undefined : 'side/level/target',
  ].filter((x): x is string => x !== undefined);
  add(
    'procedure-details',
    'Procedure, side, level and indication',
    absent.length ? 'missing' : 'ok',
    absent.length
      ? `Record the ${absent.join(' and ')}.`
      : `${procedure.name}: ${listing.site}; ${listing.indication}.`,
  );
  if (listing.structuredSite === null)
    add(
      'site-structured',
      'Site not structured',
      'warn',
      `The site “${listing.site ?? ''}” could not be read as a region, levels and side, so prerequisites and repeat intervals compare the written words only. Record the region and levels.`,
    );
  else if (listing.structuredSite)
    add('site-structured', 'Structured site', 'ok', describeSite(listing.structuredSite));
  const siteRef: string | SiteRef | undefined =
    listing.structuredSite !== undefined
      ? { text: listing.site ?? '', structured: listing.structuredSite }
      : listing.site;

  const el = listing.eligibility;
  if (el.status === 'passed')
    add('eligibility', 'Eligibility (NICE/EBI/ICB)', 'ok', 'Eligibility criteria met.');
  else if (el.status === 'overridden' && el.overrideReason?.trim())
    add(
      'eligibility',
      'Eligibility (NICE/EBI/ICB)',
      'warn',
      `Eligibility overridden: ${el.overrideReason.trim()}.`,
    );
  else if (el.status === 'overridden')
    add(
      'eligibility',
      'Eligibility (NICE/EBI/ICB)',
      'missing',
      'Eligibility was overridden without a reason; record one.',
    );
  else if (el.status === 'failed')
    add(
      'eligibility',
      'Eligibility (NICE/EBI/ICB)',
      'warn',
      'Eligibility criteria not met; an override needs a reason.',
    );
  else add('eligibility', 'Eligibility (NICE/EBI/ICB)', 'missing', 'Eligibility has not been checked.');

  const prerequisites = resolvePrerequisites(procedure, input.commissionerRules);
  if (prerequisites.length === 0) {
    add('prerequisites', 'Prerequisite procedures', 'ok', 'No prerequisite procedure is configured.');
  }
  for (const rule of prerequisites) {
    const check = checkPrerequisite(rule, input.history, refDate, siteRef);
    add(
      `prerequisite-${rule.procedureCode}`,
      'Prerequisite procedure',
      check.met ? 'ok' : 'warn',
      check.message,
    );
  }

  const months = resolveRepeatIntervalMonths(procedure, input.commissionerRules);
  const repeat = checkRepeatInterval(
    procedure,
    input.history,
    refDate,
    months,
    siteRef,
    resolveRepeatFamily(procedure, input.commissionerRules),
  );
  add('repeat-interval', 'Repeat interval', repeat.ok ? 'ok' : 'warn', repeat.message);

  if (!listing.clinicalPriority || !listing.rttClockStart) {
    const what = [
      listing.clinicalPriority ? undefined : 'clinical priority',
      listing.rttClockStart ? undefined : 'RTT clock start',
    ]
      .filter(Boolean)
      .join(' and ');
    add('priority-and-rtt', 'Clinical priority and RTT clock', 'missing', `Record the ${what}.`);
  } else {
    notInFuture(listing.rttClockStart, input.today, 'listing.rttClockStart');
    const breach = rttBreachDate(listing.rttClockStart);
    if (calendarDaysBetween(breach, input.today) > 0) {
      add(
        'priority-and-rtt',
        'Clinical priority and RTT clock',
        'warn',
        `${listing.clinicalPriority}; the 18-week breach date (${formatDateGb(breach)}) has passed.`,
      );
    } else if (calendarDaysBetween(breach, refDate) > 0) {
      add(
        'priority-and-rtt',
        'Clinical priority and RTT clock',
        'warn',
        `${listing.clinicalPriority}; the planned date ${formatDateGb(refDate)} is after the 18-week breach date (${formatDateGb(breach)}).`,
      );
    } else {
      add(
        'priority-and-rtt',
        'Clinical priority and RTT clock',
        'ok',
        `${listing.clinicalPriority}; 18-week breach date ${formatDateGb(breach)}.`,
      );
    }
  }

  const consent = listing.consentStage1;
  if (!consent)
    add(
      'consent-stage-1',
      'Consent stage 1',
      'missing',
      'Consent stage 1 (decision and information) is not recorded.',
    );
  else {
    notInFuture(consent.date, input.today, 'listing.consentStage1.date');
    if (!consentStage1Recorded(listing))
      add(
        'consent-stage-1',
        'Consent stage 1',
        'missing',
        `Consent stage 1 recorded on ${formatDateGb(consent.date)}; record the information leaflet version given.`,
      );
    else
      add(
        'consent-stage-1',
        'Consent stage 1',
        'ok',
        `Consent stage 1 on ${formatDateGb(consent.date)}; leaflet ${consent.leafletVersion}.`,
      );
  }

  add(
    'baseline-outcomes',
    'Baseline outcome measures',
    listing.baselineOutcomesRecorded ? 'ok' : 'missing',
    listing.baselineOutcomesRecorded
      ? 'Baseline measures recorded.'
      : 'Record baseline pain, function and PGIC before the procedure.',
  );
  return items;
}

function gateB(input: ReadinessInput): ReadinessItem[] {
  const { medicines, procedure, today } = input;
  const items: ReadinessItem[] = [];
  const add = (id: string, title: string, status: ReadinessStatus, message: string): void => {
    items.push({ gate: 'B', id, title, status, message: datesShown(message) });
  };

  const names = medicines.antithrombotics.map((a) => a.drug);
  add(
    'antithrombotics-reviewed',
    'Antithrombotic medicines',
    medicines.antithromboticsReviewed ? 'ok' : 'missing',
    medicines.antithromboticsReviewed
      ? names.length
        ? `Reviewed: ${names.join(', ')}.`
        : 'Reviewed: no antithrombotic medicines.'
      : 'Review the medicines list for anticoagulants and antiplatelets.',
  );

  // Hard block 1: a DOAC hold without a creatinine clearance in the last 90 days.
  const crcl = medicines.creatinineClearance;
  if (crcl) notInFuture(crcl.date, today, 'medicines.creatinineClearance.date');
  const doacs = medicines.antithrombotics.filter((a) => isDoac(a.drug));
  const doacHolds = doacs.filter((a) => a.holdPlan?.status !== 'no-hold');
  if (doacHolds.length === 0) {
    add(
      'renal-function',
      'Renal function (DOAC)',
      'ok',
      doacs.length ? 'The DOAC continues through this procedure; no hold is planned.' : 'Not on a DOAC.',
    );
  } else {
    const drugs = doacHolds.map((a) => a.drug).join(', ');
    if (!crcl) {
      add(
        'renal-function',
        'Renal function (DOAC)',
        'block',
        `A hold of ${drugs} needs a creatinine clearance from the last ${CRCL_MAX_AGE_DAYS} days; none is recorded.`,
      );
    } else {
      const age = calendarDaysBetween(crcl.date, today);
      if (age > CRCL_MAX_AGE_DAYS) {
        add(
          'renal-function',
          'Renal function (DOAC)',
          'block',
          `A hold of ${drugs} needs a creatinine clearance from the last ${CRCL_MAX_AGE_DAYS} days; the latest (${formatDateGb(crcl.date)}) is ${age} days old.`,
        );
      } else {
        add(
          'renal-function',
          'Renal function (DOAC)',
          'ok',
          `Creatinine clearance ${crcl.mlPerMin} mL/min on ${formatDateGb(crcl.date)}.`,
        );
      }
    }
  }

  if (medicines.antithrombotics.some((a) => normaliseDrugKey(a.drug) === 'warfarin')) {
    add(
      'inr-plan',
      'INR plan (warfarin)',
      medicines.inrPlanRecorded ? 'ok' : 'missing',
      medicines.inrPlanRecorded
        ? 'INR check planned for the day before or the morning of the procedure.'
        : 'Plan an INR check for the day before or the morning of the procedure.',
    );
  }

  // Hard block 2: dual antiplatelet therapy or a coronary stent in the last 12 months.
  const antiplatelets = new Set(
    medicines.antithrombotics.filter((a) => isAntiplatelet(a.drug)).map((a) => normaliseDrugKey(a.drug)),
  );
  const onDapt = medicines.onDualAntiplateletTherapy || antiplatelets.size >= 2;
  let recentStent = false;
  if (medicines.coronaryStentDate !== undefined) {
    notInFuture(medicines.coronaryStentDate, today, 'medicines.coronaryStentDate');
    const clearFrom = addCalendarMonths(
      medicines.coronaryStentDate,
      CORONARY_STENT_BLOCK_MONTHS,
      'medicines.coronaryStentDate',
    );
    recentStent = calendarDaysBetween(today, clearFrom) >= 0;
  }
  if (!onDapt && !recentStent) {
    add(
      'dual-antiplatelet-or-stent',
      'Dual antiplatelet therapy / coronary stent',
      'ok',
      'No dual antiplatelet therapy and no coronary stent in the last 12 months.',
    );
  } else {
    const why = [
      onDapt ? 'dual antiplatelet therapy' : undefined,
      recentStent
        ? `a coronary stent on ${formatDateGb(medicines.coronaryStentDate ?? '')} (within 12 months)`
        : undefined,
    ]
      .filter(Boolean)
      .join(' and ');
    const decision = medicines.cardiologyDecisionDate;
    if (decision !== undefined) notInFuture(decision, today, 'medicines.cardiologyDecisionDate');
    const decisionValid =
      decision !== undefined &&
      (medicines.coronaryStentDate === undefined ||
        calendarDaysBetween(medicines.coronaryStentDate, decision) >= 0);
    if (decisionValid) {
      add(
        'dual-antiplatelet-or-stent',
        'Dual antiplatelet therapy / coronary stent',
        'warn',
        `Patient has ${why}; cardiology decision recorded on ${decision}. Follow it.`,
      );
    } else {
      add(
        'dual-antiplatelet-or-stent',
        'Dual antiplatelet therapy / coronary stent',
        'block',
        `Patient has ${why}: a cardiology decision is needed before booking.`,
      );
    }
  }

  const catalogueTier = procedure.bleedingRisk;
  const tier = medicines.effectiveBleedingRisk ?? catalogueTier;
  const factors = medicines.bleedingRiskFactors ?? [];
  if (tier === null) {
    add(
      'bleeding-risk-tier',
      'Procedure bleeding-risk tier',
      'ok',
      `${procedure.name} has no bleeding-risk tier (cannula only).`,
    );
  } else if (catalogueTier !== null && BLEEDING_RISKS.indexOf(tier) > BLEEDING_RISKS.indexOf(catalogueTier)) {
    add(
      'bleeding-risk-tier',
      'Procedure bleeding-risk tier',
      'ok',
      `Moved up from ${catalogueTier} to ${tier}${factors.length ? ` (${factors.join(', ')})` : ''}.`,
    );
  } else if (factors.length > 0 && tier !== 'high') {
    add(
      'bleeding-risk-tier',
      'Procedure bleeding-risk tier',
      'warn',
      `Tier ${tier}; patient factors (${factors.join(', ')}) may move the procedure up a tier.`,
    );
  } else {
    add('bleeding-risk-tier', 'Procedure bleeding-risk tier', 'ok', `Tier ${tier}.`);
  }

  for (const entry of medicines.antithrombotics) {
    const id = `hold-plan-${normaliseDrugKey(entry.drug)}`;
    const plan = entry.holdPlan;
    if (!plan)
      add(id, `Hold plan: ${entry.drug}`, 'missing', `No hold plan has been computed for ${entry.drug}.`);
    else if (plan.status === 'no-hold')
      add(
        id,
        `Hold plan: ${entry.drug}`,
        'ok',
        plan.reason ?? `No hold needed under ${ruleSetText(plan.ruleSet)}.`,
      );
    else if (entry.holdPlanApproved)
      add(
        id,
        `Hold plan: ${entry.drug}`,
        'ok',
        plan.status === 'hold'
          ? `Approved: last dose no later than ${localDateTimeGb(plan.latestLastDoseAt)}${restartText(plan, medicines.scsTrial)}. Rule set: ${ruleSetText(plan.ruleSet)}.`
          : `Clinician decision recorded. Rule set: ${ruleSetText(plan.ruleSet)}.`,
      );
    else if (plan.status === 'hold')
      add(
        id,
        `Hold plan: ${entry.drug}`,
        'warn',
        `Proposed: last dose no later than ${localDateTimeGb(plan.latestLastDoseAt)}; needs prescriber approval. Rule set: ${ruleSetText(plan.ruleSet)}.`,
      );
    else
      add(
        id,
        `Hold plan: ${entry.drug}`,
        'warn',
        plan.reason ?? `No plan could be computed for ${entry.drug}; a clinician must decide.`,
      );
  }

  const cumulative =
    medicines.cumulativeSteroidMgLast12Months !== undefined
      ? ` Steroid in the last 12 months: ${medicines.cumulativeSteroidMgLast12Months} mg methylprednisolone-equivalent.`
      : '';
  if (medicines.steroidPlanned && medicines.diabetic) {
    add(
      'steroid-and-diabetes',
      'Steroid and diabetes',
      'warn',
      `Steroid planned in a patient with diabetes: give glucose-monitoring advice (glucose may rise for 1-2 days or longer).${cumulative}`,
    );
  } else {
    add(
      'steroid-and-diabetes',
      'Steroid and diabetes',
      'ok',
      `${medicines.steroidPlanned ? 'Steroid planned.' : 'No steroid planned.'}${cumulative}`,
    );
  }
  return items;
}

function gateC(input: ReadinessInput, refDate: string, imaging: ImagingModality): ReadinessItem[] {
  const { safety, procedure, today } = input;
  const items: ReadinessItem[] = [];
  const add = (id: string, title: string, status: ReadinessStatus, message: string): void => {
    items.push({ gate: 'C', id, title, status, message: datesShown(message) });
  };

  add(
    'allergies-reviewed',
    'Allergies reviewed',
    safety.allergiesReviewed ? 'ok' : 'missing',
    safety.allergiesReviewed
      ? `${safety.allergies.length} allergy entries reviewed.`
      : 'Review allergies (contrast, local anaesthetic, latex, skin preparation, steroid, adhesives).',
  );

  const contrastUsed = procedure.usesContrast || safety.plannedContrastAgent !== undefined;
  const contrast = safety.allergies.filter((a) => a.category === 'iodinated-contrast');
  const unspecified = safety.allergies.filter((a) => a.category === 'iodine-unspecified');
  const notRisk = safety.allergies.filter(
    (a) => a.category === 'shellfish' || a.category === 'povidone-iodine',
  );
  const notRiskNote = notRisk.length
    ? ` ${notRisk.map((a) => a.agent).join(', ')}: shellfish and povidone-iodine allergies are not contrast risk factors.`
    : '';
  if (!contrastUsed) {
    add(
      'contrast-allergy',
      'Contrast allergy',
      'ok',
      `No iodinated contrast planned.${contrast.length ? ` Recorded contrast reactions: ${contrast.map(describeAllergy).join('; ')}.` : ''}`,
    );
  } else {
    const incomplete = contrast.filter((a) => !a.agent.trim() || !a.reaction?.trim());
    if (incomplete.length || unspecified.length) {
      add(
        'contrast-allergy',
        'Contrast allergy',
        'missing',
        'A contrast case: record the specific contrast agent and the reaction for each contrast or "iodine" allergy entry.',
      );
    } else if (contrast.length) {
      const planned = safety.plannedContrastAgent?.trim().toLowerCase();
      const same = planned ? contrast.filter((a) => a.agent.trim().toLowerCase() === planned) : [];
      add(
        'contrast-allergy',
        'Contrast allergy',
        'warn',
        `Previous reaction to iodinated contrast: ${contrast.map(describeAllergy).join('; ')}.` +
          (same.length ? ' The planned agent is the one that caused the reaction.' : '') +
          ' Premedication is unreliable: choose an alternative agent or no contrast.',
      );
    } else {
      add(
        'contrast-allergy',
        'Contrast allergy',
        'ok',
        `No reaction to iodinated contrast recorded.${notRiskNote}`,
      );
    }
  }

  const relevant = safety.allergies.filter(
    (a) =>
      a.category === 'local-anaesthetic' ||
      a.category === 'latex' ||
      a.category === 'chlorhexidine' ||
      a.category === 'povidone-iodine' ||
      a.category === 'adhesive' ||
      a.category === 'steroid' ||
      a.category === 'gadolinium-contrast' ||
      a.category === 'other',
  );
  add(
    'other-allergies',
    'Other allergies (local anaesthetic, latex, skin preparation, steroid, adhesives)',
    relevant.length ? 'warn' : 'ok',
    relevant.length
      ? `Plan around: ${relevant.map((a) => `${a.category.replace(/-/g, ' ')}: ${describeAllergy(a)}`).join('; ')}.`
      : 'None recorded.',
  );

  if (safety.activeInfection === undefined)
    add(
      'infection',
      'Infection',
      'missing',
      'Ask about current systemic infection or infection at the site.',
    );
  else if (safety.activeInfection)
    add(
      'infection',
      'Infection',
      'warn',
      'Active infection (systemic or at the site): a standard contraindication; consider postponing.',
    );
  else add('infection', 'Infection', 'ok', 'No current infection.');

  // Hard block 3: an implant without an MRSA screen in the 4 weeks before the procedure.
  if (procedure.isImplant) {
    const screen = safety.mrsaScreen;
    if (screen) notInFuture(screen.date, today, 'safety.mrsaScreen.date');
    const age = screen ? calendarDaysBetween(screen.date, refDate) : undefined;
    if (!screen)
      add(
        'mrsa-screen',
        'MRSA screen (implant)',
        'block',
        'Implant: an MRSA screen within 4 weeks before the procedure is required; none is recorded.',
      );
    else if (age !== undefined && age > MRSA_SCREEN_MAX_AGE_DAYS)
      add(
        'mrsa-screen',
        'MRSA screen (implant)',
        'block',
        `Implant: the MRSA screen of ${formatDateGb(screen.date)} is ${age} days before ${formatDateGb(refDate)}; it must be within 4 weeks (${MRSA_SCREEN_MAX_AGE_DAYS} days).`,
      );
    else if (screen.result === 'pending')
      add(
        'mrsa-screen',
        'MRSA screen (implant)',
        'block',
        `Implant: the MRSA screen of ${formatDateGb(screen.date)} has no result yet.`,
      );
    else if (screen.result === 'positive')
      add(
        'mrsa-screen',
        'MRSA screen (implant)',
        'warn',
        `MRSA screen of ${formatDateGb(screen.date)} is positive: follow the local decolonisation policy.`,
      );
    else
      add(
        'mrsa-screen',
        'MRSA screen (implant)',
        'ok',
        `MRSA screen negative on ${formatDateGb(screen.date)}.`,
      );
  }

  const electrical = safety.devices.filter((d) => d.type !== 'intrathecal-pump');
  if (!safety.devicesReviewed)
    add(
      'implanted-devices',
      'Implanted devices',
      'missing',
      'Ask about pacemaker, ICD or other stimulators.',
    );
  else if (procedure.interactsWithImplantedDevices && electrical.some((d) => !d.planRecorded))
    add(
      'implanted-devices',
      'Implanted devices',
      'warn',
      `${electrical
        .filter((d) => !d.planRecorded)
        .map((d) => d.type)
        .join(', ')} with an RF/stimulation procedure: record a device-clinic plan.`,
    );
  else
    add(
      'implanted-devices',
      'Implanted devices',
      'ok',
      safety.devices.length
        ? `Devices: ${safety.devices.map((d) => d.type).join(', ')}.`
        : 'No implanted devices.',
    );

  if (isIonisingImaging(imaging)) {
    add(
      'pregnancy-enquiry',
      'Pregnancy enquiry (IR(ME)R)',
      safety.pregnancyEnquiryArranged ? 'ok' : 'missing',
      safety.pregnancyEnquiryArranged
        ? 'Pregnancy enquiry arranged; confirm on the day.'
        : `${imaging} case: a pregnancy enquiry is required and must be confirmed on the day.`,
    );
  }

  const sedation = safety.sedation;
  const sedationExpected =
    procedure.sedation === 'local-and-sedation' ||
    procedure.sedation === 'general-or-sedation' ||
    sedation?.planned === true;
  if (procedure.isDiagnosticBlock && sedation?.planned) {
    add(
      'sedation',
      'Sedation',
      'warn',
      'Sedation is planned for a diagnostic block: it can confound the diagnostic response.',
    );
  } else if (sedationExpected) {
    const absent = [
      sedation?.fastingInstructionsGiven ? undefined : 'fasting instructions',
      sedation?.escortConfirmed ? undefined : 'escort',
      sedation?.asaGrade !== undefined ? undefined : 'ASA grade',
      sedation?.airwayAssessed ? undefined : 'airway assessment',
    ].filter((x): x is string => x !== undefined);
    if (absent.length)
      add('sedation', 'Sedation', 'missing', `Sedation expected: record ${absent.join(', ')}.`);
    else if (input.medicines.diabetic)
      add(
        'sedation',
        'Sedation',
        'warn',
        'Sedation with fasting in a patient with diabetes: book early on the list and give glucose advice.',
      );
    else add('sedation', 'Sedation', 'ok', `Sedation prepared (ASA ${sedation?.asaGrade}).`);
  } else {
    add('sedation', 'Sedation', 'ok', 'No sedation planned.');
  }

  if (procedure.exclusions.length > 0) {
    const present = safety.exclusionsPresent ?? [];
    if (!safety.exclusionsReviewed)
      add(
        'procedure-exclusions',
        'Procedure-specific exclusions',
        'missing',
        `Review: ${procedure.exclusions.join('; ')}.`,
      );
    else if (present.length)
      add('procedure-exclusions', 'Procedure-specific exclusions', 'warn', `Present: ${present.join('; ')}.`);
    else add('procedure-exclusions', 'Procedure-specific exclusions', 'ok', 'Reviewed; none present.');
  }
  return items;
}

function gateD(input: ReadinessInput, imaging: ImagingModality): ReadinessItem[] {
  const items: ReadinessItem[] = [];
  const add = (id: string, title: string, status: ReadinessStatus, message: string): void => {
    items.push({ gate: 'D', id, title, status, message: datesShown(message) });
  };
  const booking = input.booking;
  if (!booking) {
    add('session', 'Session', 'missing', 'No session chosen yet.');
    return items;
  }
  const { session } = booking;
  parseCalendarDate(session.date, 'booking.session.date');
  const suitability = checkSessionSuitability(input.procedure, session, imaging);

  // Hard block 4: a fluoroscopy case on a session with no radiographer.
  const radiographer = suitability.find((c) => c.code === 'NO_RADIOGRAPHER');
  if (radiographer) add('radiographer', 'Radiographer', radiographer.severity, radiographer.message);
  else if (isIonisingImaging(imaging))
    add('radiographer', 'Radiographer', 'ok', 'Radiographer on the session.');

  const others = suitability.filter((c) => c.code !== 'NO_RADIOGRAPHER');
  add(
    'session-equipment',
    'Room, setting and equipment',
    others.length ? 'warn' : 'ok',
    others.length
      ? others.map((c) => c.message).join(' ')
      : 'The session has the setting and equipment this case needs.',
  );

  const caseMinutes = booking.caseMinutes ?? input.procedure.defaultDurationMinutes;
  const capacity = checkCapacity(session, caseMinutes);
  // Overbooking is refused (a block), as in checkCapacity.
  if (capacity[0]) add('capacity', 'Session capacity', capacity[0].severity, capacity[0].message);
  else {
    const after = sessionCapacity({
      start: session.start,
      end: session.end,
      unavailableMinutes: session.unavailableMinutes,
      turnaroundMinutes: session.turnaroundMinutes,
      caseMinutes: [...session.bookedCaseMinutes, caseMinutes],
    });
    add(
      'capacity',
      'Session capacity',
      'ok',
      `The ${caseMinutes}-minute case fits; ${after.freeMinutes} minute${after.freeMinutes === 1 ? '' : 's'} free afterwards.`,
    );
  }

  const notice = checkNotice(input.today, session.date, booking.patientAgreedShortNotice);
  if (notice[0]) add('notice', 'Notice', 'warn', notice[0].message);
  else
    add(
      'notice',
      'Notice',
      'ok',
      booking.patientAgreedShortNotice ? 'Notice agreed with the patient.' : 'At least 3 weeks’ notice.',
    );
  return items;
}

/**
 * The restart part of an approved hold plan's line. The rule set's restart hours count from the procedure;
 * for an SCS trial that is the insertion, while the leads stay in for days, so the line says the restart
 * waits for their removal. The guideline gives no hours after a lead removal: no time is invented, and the
 * insertion-based time is shown only where it still binds (on or after the removal day).
 */
function restartText(plan: HoldPlan, trial: { leadsRemovedOn: string | null } | undefined): string {
  if (!trial)
    return plan.restartNotBefore ? `; restart not before ${localDateTimeGb(plan.restartNotBefore)}` : '';
  if (!trial.leadsRemovedOn)
    return '; restart not while the trial leads are in, only after their removal when the team confirms there was no bleeding';
  const stillBinds = !!plan.restartNotBefore && plan.restartNotBefore.slice(0, 10) >= trial.leadsRemovedOn;
  return `; restart after the lead removal on ${formatDateGb(trial.leadsRemovedOn)} when the team confirms there was no bleeding${stillBinds ? `, not before ${localDateTimeGb(plan.restartNotBefore)}` : ''}`;
}

/** The readiness item of consent stage 1 (gate A). */
export const CONSENT_STAGE_1_ITEM = 'consent-stage-1';

/**
 * Whether consent stage 1 is recorded in full (GMC decision making and consent 2020): its date and the
 * information leaflet version given. Without both, the consent item is open (missing) and only a recorded
 * per-item override covers it. The same test is made in SQL to leave out requests that cannot be ready
 * (consentCovered, db/queries/interventions-fill.ts): change both together.
 */
export function consentStage1Recorded(listing: Pick<ReadinessInput['listing'], 'consentStage1'>): boolean {
  const consent = listing.consentStage1;
  return consent !== undefined && !!consent.date && !!consent.leafletVersion?.trim();
}

/**
 * Evaluates the readiness gates A-D for a procedure. Dates are measured to the booked session date when a
 * booking is given, else to `procedureDate`, else to today. Windows are inclusive: a creatinine clearance
 * exactly 90 days old, an MRSA screen exactly 28 days before the procedure, and a coronary stent exactly
 * 12 calendar months ago all still count as "in the window".
 *
 * @throws ClinicalInputError for invalid dates, or recorded dates (results, stents, decisions) after today.
 */
export function evaluateReadiness(input: ReadinessInput): ReadinessResult {
  parseCalendarDate(input.today, 'today');
  if (input.procedureDate !== undefined) parseCalendarDate(input.procedureDate, 'procedureDate');
  for (const [i, h] of input.history.entries()) parseCalendarDate(h.date, `history[${i}].date`);
  const refDate = input.booking?.session.date ?? input.procedureDate ?? input.today;
  parseCalendarDate(refDate, 'procedureDate');
  const imaging = input.imaging ?? input.procedure.imaging;

  const items = [
    ...gateA(input, refDate),
    ...gateB(input),
    ...serotonergicReadinessItems(
      input.medicines.serotonergic ?? [],
      input.medicines.effectiveBleedingRisk ?? input.procedure.bleedingRisk,
      input.medicines.serotonergicRules,
    ),
    ...gateC(input, refDate, imaging),
    ...gateD(input, imaging),
  ];
  const gates: Record<ReadinessGate, ReadinessStatus> = {
    A: worst(items.filter((i) => i.gate === 'A').map((i) => i.status)),
    B: worst(items.filter((i) => i.gate === 'B').map((i) => i.status)),
    C: worst(items.filter((i) => i.gate === 'C').map((i) => i.status)),
    D: worst(items.filter((i) => i.gate === 'D').map((i) => i.status)),
  };
  return {
    items,
    gates,
    canList: gates.A !== 'block',
    canBook: items.every((i) => i.status !== 'block'),
    needsOverride: items.filter((i) => i.status === 'warn' || i.status === 'missing').map((i) => i.id),
  };
}
