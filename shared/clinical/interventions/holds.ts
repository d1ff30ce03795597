/**
 * Anticoagulant and antiplatelet hold planning for pain procedures.
 *
 * The planner never tells anyone to stop a drug. It turns a named, versioned rule set into a PROPOSED plan
 * (last permitted dose, last scheduled dose, earliest restart) that a clinician must approve with the
 * prescriber before it is used.
 *
 * Conventions (the service's clinical decisions (clinical lead), interventions 1 and 3):
 * - Holds are counted in real elapsed hours from the last dose to the planned procedure start, in UK time,
 *   so a 72 h hold across the March clock change spans only 71 hours of clock-face time.
 * - An unknown start time is taken as 00:00 on the day, the conservative end.
 */
import { z } from 'zod';
import { shiftCalendarDate } from '../calendar';
import { ClinicalInputError } from '../errors';
import {
  calendarDaysBetween,
  formatCalendarDate,
  formatLondon,
  londonInstant,
  londonInstantsFor,
  parseCalendarDate,
  parseClockTime,
  parseProcedureStart,
  wallClockAt,
} from './dates';

/** Procedure bleeding-risk tier (ASRA/ESRA 2018 pain categories). */
export type BleedingRisk = 'low' | 'intermediate' | 'high';

/** The three bleeding-risk tiers, lowest first. */
export const BLEEDING_RISKS: readonly BleedingRisk[] = ['low', 'intermediate', 'high'];

/** A renal band: below this creatinine clearance the hold is at least `holdHours`. */
export interface RenalBand {
  belowMlPerMin: number;
  holdHours: number;
}

/**
 * One rule of an anticoagulant rule set: how long to hold `drug` before a procedure of tier `risk`.
 *
 * - `holdHours` null or 0: no hold (continue the drug).
 * - `renal`: bands applied when the creatinine clearance is strictly below `belowMlPerMin`; the longest
 *   applicable hold wins. A rule with renal bands always needs a recent creatinine clearance.
 * - `requiresCreatinineClearance`: a recent creatinine clearance (see {@link CRCL_MAX_AGE_DAYS}) must be
 *   recorded before any hold is proposed.
 * - `restartAfterHours`: earliest restart after the procedure start, for an uncomplicated procedure.
 *
 * Optional extensions (not needed by callers that only read the core fields):
 * - `clinicianDecides`: the source gives no fixed figure (e.g. "individualise", "shared assessment"); the
 *   plan is 'blocked' with this text as the reason and a clinician must decide.
 * - `noRuleBelowMlPerMin`: the source gives no figure below this creatinine clearance; the plan is
 *   'blocked' for a clinician to decide.
 * - `note`: shown with the plan (e.g. an INR check).
 */
export interface AnticoagulantHoldRule {
  drug: string;
  risk: BleedingRisk;
  holdHours: number | null;
  renal?: RenalBand[];
  requiresCreatinineClearance?: boolean;
  restartAfterHours?: number;
  clinicianDecides?: string;
  noRuleBelowMlPerMin?: number;
  note?: string;
  /**
   * The shortest hold the source allows when it gives a range (e.g. apixaban 3-5 days: 72, with
   * `holdHours` 120 the conservative end). A prescriber may choose hours within the range for one patient,
   * with a reason (the service's clinical decisions (clinical lead), interoperability and safety 3).
   */
  minHoldHours?: number;
}

/**
 * A named, versioned anticoagulant rule set. The shipped sets also carry `id` and `source`
 * (see `RuleSetMeta`) so the app can show where every number comes from.
 */
export interface AnticoagulantRuleSet {
  name: string;
  version: string;
  rules: AnticoagulantHoldRule[];
  id?: string;
  source?: string;
}

/** Input to {@link planAnticoagulantHold}. */
export interface HoldPlanInput {
  /** Drug key as used in the rule set, e.g. 'apixaban', 'enoxaparin-therapeutic'. Case-insensitive. */
  drug: string;
  /** Bleeding-risk tier of the procedure (after any patient-factor upgrade). */
  procedureRisk: BleedingRisk;
  /** 'YYYY-MM-DD' (start time unknown: taken as 00:00) or 'YYYY-MM-DDTHH:mm', Europe/London. */
  procedureStart: string;
  /** The patient's usual dose times, 'HH:mm', e.g. ['08:00', '20:00'] for twice daily. */
  doseTimes: string[];
  /** Most recent creatinine clearance (Cockcroft-Gault) and the date of the result. */
  creatinineClearance?: { mlPerMin: number; date: string };
  /** Today's date, 'YYYY-MM-DD', Europe/London. */
  today: string;
  /**
   * Hours a prescriber chose for this patient within the rule's range (`minHoldHours`..`holdHours`);
   * outside the range, or for a rule without one, the plan is refused.
   */
  chosenHoldHours?: number;
}

/**
 * A proposed hold plan. `status`:
 * - 'no-hold': the rule set continues the drug for this tier;
 * - 'hold': a proposal, with `latestLastDoseAt` (procedure start minus the hold, UK local time),
 *   `lastScheduledDoseAt` (the patient's last usual dose at or before that) and `restartNotBefore`;
 * - 'blocked': no plan can be computed (no rule, creatinine clearance missing or stale, or the source
 *   leaves it to clinical judgement); `reason` says why and a clinician must decide.
 *
 * `needsApproval` is true for every status except 'no-hold': a hold is only a proposal until a clinician
 * approves it with the prescriber, and a blocked plan has to be decided by a clinician.
 * `ruleSet` records "name version" of the rule set that produced the plan. `holdHours` is the hold used.
 */
export interface HoldPlan {
  status: 'no-hold' | 'hold' | 'blocked';
  reason?: string;
  latestLastDoseAt?: string;
  lastScheduledDoseAt?: string;
  restartNotBefore?: string;
  needsApproval: boolean;
  ruleSet: string;
  holdHours?: number;
  /** The rule set's notes for this drug and tier (INR check, renal adjustment, start-time convention). */
  notes?: string[];
  /**
   * The bleeding-risk tier the plan used: the procedure's tier, raised one step by patient factors, with
   * why and the source (bleeding-tier.ts). Absent on plans made before the tier was wired in.
   */
  bleedingTier?: {
    procedureTier: BleedingRisk;
    tier: BleedingRisk;
    raised: boolean;
    reasons: string[];
    source: string;
  };
  /** Where the rule set's figures come from. */
  source?: string;
  /** The guideline's range of hold hours when it gives one (the default is the conservative end). */
  rangeHours?: { min: number; max: number };
  /** False when the procedure start time was not known (00:00 used for the hold, end of day for restart). */
  startTimeKnown?: boolean;
  /** Hours chosen by the prescriber within the range (present only when chosen). */
  chosenHoldHours?: number;
  /** Why the prescriber chose those hours (recorded with the approval). */
  chosenReason?: string;
  /** For a plan a clinician must decide ('blocked'): the decision they recorded when approving. */
  clinicianDecision?: string;
}

/** A creatinine clearance older than this many days before today is stale (the service's clinical decisions (clinical lead), interventions 2). */
export const CRCL_MAX_AGE_DAYS = 90;

/** The direct oral anticoagulants: a hold of any of these needs a recent creatinine clearance. */
export const DOAC_DRUGS: readonly string[] = ['apixaban', 'rivaroxaban', 'edoxaban', 'dabigatran'];

/** Antiplatelet drug keys; two or more of these at once is dual antiplatelet therapy. */
export const ANTIPLATELET_DRUGS: readonly string[] = [
  'aspirin',
  'aspirin-primary-prevention',
  'aspirin-secondary-prevention',
  'clopidogrel',
  'prasugrel',
  'ticagrelor',
  'dipyridamole',
  'cilostazol',
];

/**
 * Normalises a drug name to a rule-set key: lower case, trimmed, spaces and underscores as hyphens
 * ("Enoxaparin Therapeutic" → 'enoxaparin-therapeutic').
 */
export function normaliseDrugKey(drug: string): string {
  return drug
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

/** True when the drug key names a direct oral anticoagulant. */
export function isDoac(drug: string): boolean {
  return DOAC_DRUGS.includes(normaliseDrugKey(drug));
}

/** True when the drug key names an antiplatelet drug (aspirin in any form included). */
export function isAntiplatelet(drug: string): boolean {
  const key = normaliseDrugKey(drug);
  return ANTIPLATELET_DRUGS.includes(key) || key.startsWith('aspirin');
}

const riskSchema = z.enum(['low', 'intermediate', 'high']);
const hoursSchema = z.number().finite().nonnegative();

/**
 * Schema for an anticoagulant rule set, for Settings screens that let an administrator edit a local copy.
 * {@link planAnticoagulantHold} checks every rule set it is given against it.
 */
export const anticoagulantRuleSetSchema = z.object({
  name: z.string().trim().min(1),
  version: z.string().trim().min(1),
  id: z.string().optional(),
  source: z.string().optional(),
  rules: z.array(
    z.object({
      drug: z.string().trim().min(1),
      risk: riskSchema,
      holdHours: hoursSchema.nullable(),
      renal: z
        .array(z.object({ belowMlPerMin: z.number().finite().positive(), holdHours: hoursSchema }))
        .optional(),
      requiresCreatinineClearance: z.boolean().optional(),
      restartAfterHours: hoursSchema.optional(),
      clinicianDecides: z.string().trim().min(1).optional(),
      noRuleBelowMlPerMin: z.number().finite().positive().optional(),
      note: z.string().optional(),
      minHoldHours: hoursSchema.optional(),
    }),
  ),
});

/**
 * Checks a rule set's shape and that no drug has two rules for the same tier.
 *
 * @throws ClinicalInputError `INVALID_INPUT` (field 'ruleSet') describing the first problem.
 */
export function validateAnticoagulantRuleSet(ruleSet: AnticoagulantRuleSet): void {
  const parsed = anticoagulantRuleSetSchema.safeParse(ruleSet);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `The anticoagulant rule set is not valid${where ? ` at ${where}` : ''}: ${issue?.message ?? 'unknown problem'}.`,
      'ruleSet',
    );
  }
  const seen = new Set<string>();
  for (const rule of ruleSet.rules) {
    const key = `${normaliseDrugKey(rule.drug)}|${rule.risk}`;
    if (seen.has(key)) {
      throw new ClinicalInputError(
        'INVALID_INPUT',
        `The anticoagulant rule set "${ruleSet.name} ${ruleSet.version}" has two rules for ${rule.drug} ` +
          `(${rule.risk} risk); keep one.`,
        'ruleSet',
      );
    }
    seen.add(key);
  }
}

/**
 * "name version" recorded on every plan as `ruleSet`. It is also the key an approval is bound to (a plan keeps
 * its approval only while this is unchanged), so its form must not change: stored approvals would all need
 * re-approval. People read it through `ruleSetText`.
 */
export function holdRuleSetKey(ruleSet: { name: string; version: string }): string {
  return `${ruleSet.name} ${ruleSet.version}`;
}

/**
 * A plan's rule set as a clinician reads it, as other rule sets read: "ASRA/ESRA pain 2018 (version 1.0.0)", so the version cannot be
 * read as part of the name (the year). Accepts the stored "name version" form, old plans included.
 */
export function ruleSetText(stored: string): string {
  const m = /^(.*\S) (\d+(?:\.\d+)+)$/.exec(stored);
  return m ? `${m[1]} (version ${m[2]})` : stored;
}

/** Finds the rule for a drug and tier (drug matched case-insensitively), or undefined. */
export function findHoldRule(
  ruleSet: AnticoagulantRuleSet,
  drug: string,
  risk: BleedingRisk,
): AnticoagulantHoldRule | undefined {
  const key = normaliseDrugKey(drug);
  return ruleSet.rules.find((r) => normaliseDrugKey(r.drug) === key && r.risk === risk);
}

const HOUR_MS = 3_600_000;

function validateInput(input: HoldPlanInput): void {
  if (typeof input.drug !== 'string' || input.drug.trim() === '') {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      'drug: name the anticoagulant or antiplatelet drug.',
      'drug',
    );
  }
  if (!BLEEDING_RISKS.includes(input.procedureRisk)) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `procedureRisk: "${String(input.procedureRisk)}" is not a bleeding-risk tier; use low, intermediate or high.`,
      'procedureRisk',
    );
  }
  parseCalendarDate(input.today, 'today');
  if (!Array.isArray(input.doseTimes)) {
    throw new ClinicalInputError('INVALID_INPUT', 'doseTimes: give a list of HH:mm dose times.', 'doseTimes');
  }
  input.doseTimes.forEach((t, i) => parseClockTime(t, `doseTimes[${i}]`));
  const crcl = input.creatinineClearance;
  if (crcl !== undefined) {
    if (typeof crcl.mlPerMin !== 'number' || !Number.isFinite(crcl.mlPerMin) || crcl.mlPerMin <= 0) {
      throw new ClinicalInputError(
        'INVALID_INPUT',
        `creatinineClearance.mlPerMin: ${String(crcl.mlPerMin)} is not a valid creatinine clearance (mL/min, above 0).`,
        'creatinineClearance.mlPerMin',
      );
    }
    parseCalendarDate(crcl.date, 'creatinineClearance.date');
    if (calendarDaysBetween(input.today, crcl.date) > 0) {
      throw new ClinicalInputError(
        'INVALID_DATE',
        `creatinineClearance.date: ${crcl.date} is after today (${input.today}).`,
        'creatinineClearance.date',
      );
    }
  }
}

/**
 * The latest of the patient's usual dose times (on any day) at or before `limit` (epoch ms).
 * A dose time that does not exist on a clock-change day is skipped; one that happens twice counts at its
 * first occurrence.
 */
function lastScheduledDoseAtOrBefore(limit: number, doseTimes: readonly string[]): number | undefined {
  if (doseTimes.length === 0) return undefined;
  const limitDay = wallClockAt(limit);
  let best: number | undefined;
  // The limit's own day and the day before always contain the answer (every dose time occurs daily).
  for (const dayOffset of [0, -1, -2]) {
    const day = shiftCalendarDate(limitDay, dayOffset);
    for (const time of doseTimes) {
      const minutes = parseClockTime(time, 'doseTimes');
      const wall = { ...day, hour: Math.floor(minutes / 60), minute: minutes % 60 };
      const instant = londonInstantsFor(wall)[0];
      if (instant !== undefined && instant <= limit && (best === undefined || instant > best)) best = instant;
    }
    if (best !== undefined) return best;
  }
  return best;
}

/**
 * Proposes when to stop (and restart) an anticoagulant or antiplatelet drug before a pain procedure.
 *
 * - No rule for the drug and tier: 'blocked' ("no rule … a clinician must decide").
 * - Rule left to clinical judgement (`clinicianDecides`): 'blocked' with that text.
 * - Hold null or 0 and no renal band: 'no-hold'.
 * - Rule needs a creatinine clearance (flag, or any renal band) and none is recorded in the
 *   {@link CRCL_MAX_AGE_DAYS} days up to and including today (a result exactly 90 days old still counts):
 *   'blocked'.
 * - Otherwise the hold is the base hold or, when the clearance is strictly below a band's threshold, the
 *   longest applicable band; the plan is 'hold' with `latestLastDoseAt` = start − hold (real hours, UK time),
 *   `lastScheduledDoseAt` = the last usual dose at or before that, and `restartNotBefore` =
 *   start + `restartAfterHours` (when the rule gives one).
 *
 * @throws ClinicalInputError for an invalid rule set, drug, risk tier, date, time or clearance, or a
 * procedure start before today.
 */
export function planAnticoagulantHold(input: HoldPlanInput, ruleSet: AnticoagulantRuleSet): HoldPlan {
  const plan = planCore(input, ruleSet);
  const rule = findHoldRule(ruleSet, input.drug, input.procedureRisk);
  const { timeGiven } = parseProcedureStart(input.procedureStart, 'procedureStart');
  const notes: string[] = [];
  if (rule?.note) notes.push(rule.note);
  if (plan.renalNote) notes.push(plan.renalNote);
  if (!timeGiven)
    notes.push(
      'The start time is not known: the hold counts from 00:00 on the day and the restart from the end of the day.',
    );
  delete plan.renalNote;
  const out: HoldPlan = { ...plan, notes, startTimeKnown: timeGiven };
  if (ruleSet.source) out.source = ruleSet.source;
  if (rule && rule.minHoldHours !== undefined && rule.holdHours)
    out.rangeHours = { min: rule.minHoldHours, max: rule.holdHours };
  return out;
}

function planCore(input: HoldPlanInput, ruleSet: AnticoagulantRuleSet): HoldPlan & { renalNote?: string } {
  validateAnticoagulantRuleSet(ruleSet);
  validateInput(input);
  const label = holdRuleSetKey(ruleSet);
  const named = ruleSetText(label);
  const { wall: startWall, timeGiven } = parseProcedureStart(input.procedureStart, 'procedureStart');
  if (calendarDaysBetween(input.today, formatCalendarDate(startWall)) < 0) {
    throw new ClinicalInputError(
      'INVALID_DATE',
      `procedureStart: ${input.procedureStart} is before today (${input.today}); a hold can only be planned ahead.`,
      'procedureStart',
    );
  }
  const start = londonInstant(startWall, 'procedureStart');
  const startNote = timeGiven
    ? ''
    : ' The start time is not known, so 00:00 on the day was used for the hold and the end of the day for the restart (the conservative ends).';
  const drugName = input.drug.trim();
  const tier = `${input.procedureRisk}-risk`;

  const rule = findHoldRule(ruleSet, input.drug, input.procedureRisk);
  if (!rule) {
    return {
      status: 'blocked',
      reason: `${named} has no rule for ${drugName} before a ${tier} procedure; a clinician must decide.`,
      needsApproval: true,
      ruleSet: label,
    };
  }
  if (rule.clinicianDecides) {
    return {
      status: 'blocked',
      reason: `${named} gives no fixed hold for ${drugName} before a ${tier} procedure (${rule.clinicianDecides}); a clinician must decide.`,
      needsApproval: true,
      ruleSet: label,
    };
  }

  const bands = rule.renal ?? [];
  const baseHold = rule.holdHours ?? 0;
  if (baseHold === 0 && bands.length === 0) {
    return {
      status: 'no-hold',
      reason: `${named}: no hold of ${drugName} is needed before a ${tier} procedure.${rule.note ? ` ${rule.note}` : ''}`,
      needsApproval: false,
      ruleSet: label,
      holdHours: 0,
    };
  }

  const needsCrcl = rule.requiresCreatinineClearance === true || bands.length > 0;
  const crcl = input.creatinineClearance;
  if (needsCrcl) {
    if (!crcl) {
      return {
        status: 'blocked',
        reason: `A creatinine clearance is needed before a hold of ${drugName} can be planned, and none is recorded. Record a result from the last ${CRCL_MAX_AGE_DAYS} days.`,
        needsApproval: true,
        ruleSet: label,
      };
    }
    const age = calendarDaysBetween(crcl.date, input.today);
    if (age > CRCL_MAX_AGE_DAYS) {
      return {
        status: 'blocked',
        reason: `The creatinine clearance from ${crcl.date} is ${age} days old (limit ${CRCL_MAX_AGE_DAYS} days); record a new result before a hold of ${drugName} can be planned.`,
        needsApproval: true,
        ruleSet: label,
      };
    }
    if (rule.noRuleBelowMlPerMin !== undefined && crcl.mlPerMin < rule.noRuleBelowMlPerMin) {
      return {
        status: 'blocked',
        reason: `${named} gives no hold for ${drugName} when the creatinine clearance is below ${rule.noRuleBelowMlPerMin} mL/min (recorded ${crcl.mlPerMin} mL/min); a clinician must decide.`,
        needsApproval: true,
        ruleSet: label,
      };
    }
  }

  let holdHours = baseHold;
  let renalNote = '';
  if (crcl && bands.length > 0) {
    for (const band of bands) {
      if (crcl.mlPerMin < band.belowMlPerMin && band.holdHours > holdHours) {
        holdHours = band.holdHours;
        renalNote = ` Renal adjustment: creatinine clearance ${crcl.mlPerMin} mL/min is below ${band.belowMlPerMin} mL/min.`;
      }
    }
  }
  let chosen: number | undefined;
  if (input.chosenHoldHours !== undefined) {
    const min = rule.minHoldHours;
    if (min === undefined || renalNote) {
      throw new ClinicalInputError(
        'INVALID_INPUT',
        `${named} gives a single figure for ${drugName} before a ${tier} procedure (${holdHours} h); there is no range to choose from.`,
        'chosenHoldHours',
      );
    }
    if (
      !Number.isFinite(input.chosenHoldHours) ||
      input.chosenHoldHours < min ||
      input.chosenHoldHours > holdHours
    ) {
      throw new ClinicalInputError(
        'INVALID_INPUT',
        `Choose a hold between ${min} and ${holdHours} hours, the range in ${named}.`,
        'chosenHoldHours',
      );
    }
    chosen = input.chosenHoldHours;
    holdHours = chosen;
  }
  if (holdHours === 0) {
    return {
      status: 'no-hold',
      reason: `${named}: no hold of ${drugName} is needed before a ${tier} procedure at this renal function.`,
      needsApproval: false,
      ruleSet: label,
      holdHours: 0,
    };
  }

  const latest = start - holdHours * HOUR_MS;
  const plan: HoldPlan = {
    status: 'hold',
    latestLastDoseAt: formatLondon(latest),
    needsApproval: true,
    ruleSet: label,
    holdHours,
  };
  if (chosen !== undefined) plan.chosenHoldHours = chosen;
  if (renalNote) (plan as HoldPlan & { renalNote?: string }).renalNote = renalNote.trim();
  const lastDose = lastScheduledDoseAtOrBefore(latest, input.doseTimes);
  if (lastDose !== undefined) plan.lastScheduledDoseAt = formatLondon(lastDose);
  if (rule.restartAfterHours !== undefined) {
    // With no start time the restart counts from the end of the day (00:00 the next day), the conservative
    // end for a case that may run late in the day.
    const restartFrom = timeGiven
      ? start
      : londonInstant({ ...shiftCalendarDate(startWall, 1), hour: 0, minute: 0 }, 'procedureStart');
    plan.restartNotBefore = formatLondon(restartFrom + rule.restartAfterHours * HOUR_MS);
  }
  const latestDate = formatCalendarDate(wallClockAt(latest));
  const lateNote =
    calendarDaysBetween(input.today, latestDate) < 0
      ? ` The latest last dose (${plan.latestLastDoseAt}) is already in the past: this date can only work if the drug has already been stopped.`
      : '';
  plan.reason =
    `Proposed hold of ${holdHours} h${chosen !== undefined ? ' (chosen by the prescriber within the range)' : ''} for ${drugName} before a ${tier} procedure (${named}); needs prescriber approval.` +
    renalNote +
    startNote +
    (rule.note ? ` ${rule.note}` : '') +
    lateNote;
  return plan;
}
