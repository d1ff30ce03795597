/**
 * Commissioner rule sets: repeat intervals and prerequisite chains differ between commissioners
 * (decisions.md, Interventions 4), so they are data, one set per commissioner.
 */
import type { RuleSetMeta } from '../errors';
import type { ProcedureDefinition } from './catalogue';
import { addCalendarMonths, calendarDaysBetween, earliestRepeatDate, parseCalendarDate } from './dates';

/**
 * A prerequisite procedure. It is met by an earlier procedure with code `procedureCode`, done on or before
 * the planned date and, when `withinMonths` is set, no earlier than that many calendar months before it
 * (same month-end clamping as {@link earliestRepeatDate}). When `minReliefPercent` is set and the relief
 * was recorded, the relief must be at least that; otherwise the earlier procedure must be recorded as
 * successful.
 */
export interface PrerequisiteRule {
  procedureCode: string;
  description: string;
  withinMonths?: number;
  minReliefPercent?: number;
}

/** A commissioner's rule for one procedure code. */
export interface CommissionerProcedureRule {
  procedureCode: string;
  /** Minimum calendar months since the last same procedure (same site when both record one). */
  minRepeatIntervalMonths?: number;
  prerequisites?: PrerequisiteRule[];
  note?: string;
}

/** A versioned set of commissioner rules. `isExample` marks sets that are illustrations, not policy. */
export interface CommissionerRuleSet extends RuleSetMeta {
  commissioner: string;
  isExample: boolean;
  rules: CommissionerProcedureRule[];
}

/**
 * EXAMPLE ONLY: an illustrative commissioner rule set built from published ICB policies quoted in the
 * research (interventions.md §1.1 and §1.4). It is not any commissioner's policy: each service must load
 * its own commissioner's rules. Lumbar RF follows Humber & North Yorkshire (≥50% relief from a medial branch
 * block in the 6 months before; repeat ≥16 months); SCS implant needs a successful trial (NICE TA159;
 * ≥50% relief per the Neuromodulation Foundation trial definition); knee RF needs a positive genicular
 * block (NICE IPG767).
 */
export const EXAMPLE_COMMISSIONER_RULES: CommissionerRuleSet = {
  id: 'example-commissioner',
  name: 'EXAMPLE commissioner rules (illustration only, not policy)',
  version: '1.0.0',
  source:
    'Illustrative set assembled from Humber & North Yorkshire lumbar RF policy, NICE TA159, NICE IPG767 and ' +
    'HWE SCS policy. Replace with your commissioner’s rules.',
  commissioner: 'Example ICB',
  isExample: true,
  rules: [
    {
      procedureCode: 'RFD_L',
      minRepeatIntervalMonths: 16,
      prerequisites: [
        {
          procedureCode: 'MBB_L',
          description: 'Lumbar medial branch block with ≥50% relief in the 6 months before RF',
          withinMonths: 6,
          minReliefPercent: 50,
        },
      ],
      note: 'Humber & North Yorkshire. The North West allows one RF per year per spinal area instead.',
    },
    {
      procedureCode: 'SCS_IMPL',
      prerequisites: [
        {
          procedureCode: 'SCS_TRIAL',
          description: 'Successful spinal cord stimulator trial (≥50% relief)',
          minReliefPercent: 50,
        },
      ],
      note: 'NICE TA159; MRSA screen within 4 weeks (HWE) is checked by the readiness gates.',
    },
    {
      procedureCode: 'RFD_GEN',
      prerequisites: [{ procedureCode: 'GNB', description: 'Positive genicular nerve block' }],
      note: 'NICE IPG767.',
    },
  ],
};

/** A procedure the patient has had, as recorded in the app. */
export interface ProcedureHistoryEntry {
  procedureCode: string;
  /** 'YYYY-MM-DD' */
  date: string;
  /** Site/level/side, e.g. 'L4-5 right'; compared only when both records have one. */
  site?: string;
  /** Percentage relief recorded at the procedure's outcome point (0-100). */
  reliefPercent?: number;
  /** The outcome met the procedure's success criterion. */
  successful?: boolean;
}

/** The commissioner rule for a procedure, if the set has one. */
export function findCommissionerRule(
  rules: CommissionerRuleSet | undefined,
  procedureCode: string,
): CommissionerProcedureRule | undefined {
  return rules?.rules.find((r) => r.procedureCode === procedureCode);
}

/**
 * The minimum repeat interval for a procedure: the commissioner's rule when it sets one, otherwise the
 * catalogue default (`null` when neither gives a figure).
 */
export function resolveRepeatIntervalMonths(
  procedure: ProcedureDefinition,
  rules?: CommissionerRuleSet,
): number | null {
  return (
    findCommissionerRule(rules, procedure.code)?.minRepeatIntervalMonths ?? procedure.minRepeatIntervalMonths
  );
}

/**
 * The prerequisites to check for a procedure: the commissioner's when it has a rule for the procedure,
 * otherwise the catalogue prerequisites that name another procedure (no time window; the earlier
 * procedure must be recorded as successful).
 */
export function resolvePrerequisites(
  procedure: ProcedureDefinition,
  rules?: CommissionerRuleSet,
): PrerequisiteRule[] {
  const rule = findCommissionerRule(rules, procedure.code);
  if (rule?.prerequisites) return rule.prerequisites;
  const fromCatalogue: PrerequisiteRule[] = [];
  for (const p of procedure.prerequisites) {
    if (p.procedureCode) fromCatalogue.push({ procedureCode: p.procedureCode, description: p.description });
  }
  return fromCatalogue;
}

function sitesMatch(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return true;
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** The result of checking one prerequisite. */
export interface PrerequisiteCheck {
  rule: PrerequisiteRule;
  met: boolean;
  /** The history entry that meets it, when one does. */
  evidence?: ProcedureHistoryEntry;
  message: string;
}

/**
 * Checks one prerequisite against the patient's history for a procedure planned on `onDate`.
 * `site` (the planned site) is compared with each entry's site when both are recorded.
 */
export function checkPrerequisite(
  rule: PrerequisiteRule,
  history: readonly ProcedureHistoryEntry[],
  onDate: string,
  site?: string,
): PrerequisiteCheck {
  parseCalendarDate(onDate, 'procedureDate');
  const earliest =
    rule.withinMonths !== undefined
      ? addCalendarMonths(onDate, -rule.withinMonths, 'procedureDate')
      : undefined;
  const candidates = history
    .filter((h) => h.procedureCode === rule.procedureCode && sitesMatch(site, h.site))
    .filter((h) => calendarDaysBetween(h.date, onDate) >= 0)
    // Newest first.
    .sort((a, b) => calendarDaysBetween(a.date, b.date));
  const succeeded = (h: ProcedureHistoryEntry): boolean =>
    rule.minReliefPercent !== undefined && h.reliefPercent !== undefined
      ? h.reliefPercent >= rule.minReliefPercent
      : h.successful === true;
  const inWindow = (h: ProcedureHistoryEntry): boolean =>
    earliest === undefined || calendarDaysBetween(earliest, h.date) >= 0;
  const evidence = candidates.find((h) => inWindow(h) && succeeded(h));
  if (evidence) {
    return {
      rule,
      met: true,
      evidence,
      message: `${rule.description}: met by ${evidence.procedureCode} on ${evidence.date}${
        evidence.reliefPercent !== undefined ? ` (${evidence.reliefPercent}% relief)` : ''
      }.`,
    };
  }
  let why: string;
  if (candidates.length === 0) {
    why = `no ${rule.procedureCode} is recorded`;
  } else if (earliest !== undefined && !candidates.some(inWindow)) {
    why = `the last ${rule.procedureCode} (${candidates[0]?.date}) is before ${earliest}, outside the ${rule.withinMonths}-month window`;
  } else {
    why = `no ${rule.procedureCode}${earliest !== undefined ? ` since ${earliest}` : ''} is recorded as successful${
      rule.minReliefPercent !== undefined ? ` (≥${rule.minReliefPercent}% relief)` : ''
    }`;
  }
  return { rule, met: false, message: `${rule.description}: not met: ${why}.` };
}

/** The result of a repeat-interval check. */
export interface RepeatIntervalCheck {
  ok: boolean;
  lastDone?: string;
  earliestDate?: string;
  message: string;
}

/**
 * Checks that a procedure planned on `onDate` respects the minimum repeat interval since the most recent
 * same procedure in `history` (same site when both record one). With no interval configured, or no earlier
 * procedure, it passes.
 */
export function checkRepeatInterval(
  procedure: ProcedureDefinition,
  history: readonly ProcedureHistoryEntry[],
  onDate: string,
  months: number | null,
  site?: string,
): RepeatIntervalCheck {
  parseCalendarDate(onDate, 'procedureDate');
  const last = history
    .filter((h) => h.procedureCode === procedure.code && sitesMatch(site, h.site))
    .filter((h) => calendarDaysBetween(h.date, onDate) >= 0)
    // Newest first.
    .sort((a, b) => calendarDaysBetween(a.date, b.date))[0];
  if (!last) return { ok: true, message: `No earlier ${procedure.name} is recorded.` };
  if (months === null) {
    return {
      ok: true,
      lastDone: last.date,
      message: `Last ${procedure.name} on ${last.date}; no minimum repeat interval is configured.`,
    };
  }
  const earliestDate = earliestRepeatDate(last.date, { months });
  if (calendarDaysBetween(onDate, earliestDate) > 0) {
    return {
      ok: false,
      lastDone: last.date,
      earliestDate,
      message: `Repeat interval not yet passed: last ${procedure.name} on ${last.date}; the minimum interval is ${months} months, so the earliest date is ${earliestDate}.`,
    };
  }
  return {
    ok: true,
    lastDone: last.date,
    earliestDate,
    message: `Repeat interval passed: last ${procedure.name} on ${last.date}; earliest repeat ${earliestDate}.`,
  };
}
