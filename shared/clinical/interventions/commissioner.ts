/**
 * Commissioner rule sets: repeat intervals and prerequisite chains differ between commissioners
 * (the service's clinical decisions (clinical lead), interventions 4), so they are data, one set per commissioner.
 */
import { formatDateGb } from '../../dates';
import type { RuleSetMeta } from '../errors';
import { findProcedure, type ProcedureDefinition } from './catalogue';
import { addCalendarMonths, calendarDaysBetween, earliestRepeatDate, parseCalendarDate } from './dates';
import { describeSite, siteCovers, sitesOverlap, type SiteRef, type StructuredSite } from './sites';

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
  /**
   * Other procedure codes that count as "the same procedure" for the repeat interval (a procedure family:
   * the three epidural steroid injections share one cap per region).
   */
  repeatFamily?: string[];
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
 * research (NICE NG59 2016/2020; ICB repeat-interval policies, e.g. HNY ICB). It is not any commissioner's policy: each service must load
 * its own commissioner's rules. Lumbar RF follows Humber & North Yorkshire (≥50% relief from a medial branch
 * block in the 6 months before; repeat ≥16 months); SCS implant needs a successful trial (NICE TA159;
 * ≥50% relief per the Neuromodulation Foundation trial definition); knee RF needs a positive genicular
 * block (NICE IPG767).
 */
export const EXAMPLE_COMMISSIONER_RULES: CommissionerRuleSet = {
  id: 'example-commissioner',
  name: 'EXAMPLE commissioner rules (illustration only, not policy)',
  version: '1.1.0',
  source:
    'Illustrative set assembled from published policies: Humber & North Yorkshire ICB lumbar RF policy; ' +
    'North West (Knowledge Now, 2022) facet joint pain; NICE TA159 (2008), TA260 (2012) and IPG767 (2023); ' +
    'Hertfordshire & West Essex ICB SCS policy (2022). Where no source gives a figure the interval is an ' +
    'example local value, said so in its note. Replace with your commissioner’s rules.',
  commissioner: 'Example ICB',
  isExample: true,
  rules: [
    ...(['ESI_CAUDAL', 'ESI_IL', 'ESI_TF'] as const).map((code) => ({
      procedureCode: code,
      minRepeatIntervalMonths: 3,
      repeatFamily: ['ESI_CAUDAL', 'ESI_IL', 'ESI_TF'].filter((c) => c !== code),
      note:
        'No UK figure: commonly at most 3-4 epidural steroid injections a year per region (secondary sources), ' +
        'so 3 months apart; any epidural route counts. Example local value.',
    })),
    {
      procedureCode: 'FJI',
      minRepeatIntervalMonths: 12,
      note: 'North West: one treatment episode per affected area (taken as one a year). Not commissioned for non-specific low back pain (EBI).',
    },
    ...(['MBB_L', 'MBB_C'] as const).map((code) => ({
      procedureCode: code,
      minRepeatIntervalMonths: 6,
      note: 'Diagnostic block: no source figure. Example local value: a positive block stays valid for RF for 6 months (Humber & North Yorkshire).',
    })),
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
      procedureCode: 'RFD_C',
      minRepeatIntervalMonths: 12,
      prerequisites: [
        {
          procedureCode: 'MBB_C',
          description: 'Cervical medial branch block with ≥50% relief in the 6 months before RF',
          withinMonths: 6,
          minReliefPercent: 50,
        },
      ],
      note: 'North West: one RF per year per area of the spine.',
    },
    {
      procedureCode: 'GNB',
      minRepeatIntervalMonths: 6,
      note: 'Diagnostic block: no source figure. Example local value (as for medial branch blocks).',
    },
    {
      procedureCode: 'RFD_GEN',
      minRepeatIntervalMonths: 12,
      prerequisites: [{ procedureCode: 'GNB', description: 'Positive genicular nerve block' }],
      note: 'NICE IPG767: relief is typically under 2 years. Example local value of one a year per knee.',
    },
    {
      procedureCode: 'SIJ_INJ',
      minRepeatIntervalMonths: 3,
      note: 'Steroid injection: no source figure. Example local value, as for epidural steroid injections.',
    },
    {
      procedureCode: 'RFD_SIJ',
      minRepeatIntervalMonths: 12,
      prerequisites: [
        { procedureCode: 'SIJ_INJ', description: 'Positive sacroiliac joint or lateral branch block' },
      ],
      note: 'North West: one RF per year per area of the spine (applied to the sacroiliac joint).',
    },
    {
      procedureCode: 'PRF_SSN',
      minRepeatIntervalMonths: 4,
      note: 'Repeat on return of pain; published relief 4-5 months (case report) to 6 months or more. Example local value.',
    },
    {
      procedureCode: 'PRF_DRG',
      minRepeatIntervalMonths: 6,
      note: 'No UK figure. Example local value (US payer RF policies: 6 months per side and level).',
    },
    {
      procedureCode: 'SCS_TRIAL',
      minRepeatIntervalMonths: 12,
      repeatFamily: ['DRG_STIM'],
      note: 'Repeat a trial only if the first was technically inadequate (Neuromodulation Foundation); a repeat within a year needs the clinical reason.',
    },
    {
      procedureCode: 'SCS_IMPL',
      minRepeatIntervalMonths: 12,
      prerequisites: [
        {
          procedureCode: 'SCS_TRIAL',
          description: 'Successful spinal cord stimulator trial (≥50% relief)',
          minReliefPercent: 50,
        },
      ],
      note: 'NICE TA159; MRSA screen within 4 weeks (HWE) is checked by the readiness gates. A second implant at the same site within a year is a revision: give the reason.',
    },
    {
      procedureCode: 'SCS_IPG',
      minRepeatIntervalMonths: 12,
      note: 'Battery-driven; a replacement within a year suggests a device problem: give the reason. Example local value.',
    },
    {
      procedureCode: 'DRG_STIM',
      minRepeatIntervalMonths: 12,
      repeatFamily: ['SCS_TRIAL'],
      note: 'As for spinal cord stimulation.',
    },
    {
      procedureCode: 'ITDD_REFILL',
      minRepeatIntervalMonths: 1,
      note: 'Refills every 6 weeks to 6 months, before the drug-stability limit and the low-reservoir alarm. Example local value.',
    },
    ...(['BTX_MIG', 'BTX_MSK'] as const).map((code) => ({
      procedureCode: code,
      minRepeatIntervalMonths: 3,
      note: 'About 12-weekly cycles (PREEMPT protocol; not in NICE TA260). Stop if under 30% fewer headache days after 2 cycles (TA260).',
    })),
    {
      procedureCode: 'TPI',
      minRepeatIntervalMonths: 1,
      note: 'No source figure. Example local value. Not for non-specific low back pain (EBI).',
    },
    {
      procedureCode: 'SGB',
      minRepeatIntervalMonths: 1,
      note: 'Often given as a series: no source figure. Example local value; a series needs the clinical reason.',
    },
    ...(['IVI_LIDO', 'IVI_KET'] as const).map((code) => ({
      procedureCode: code,
      minRepeatIntervalMonths: 1,
      note: 'No source figure. Example local value. A multi-day ketamine course is one episode: give the reason for each further day.',
    })),
  ],
};

/** A procedure the patient has had, as recorded in the app. */
export interface ProcedureHistoryEntry {
  procedureCode: string;
  /** 'YYYY-MM-DD' */
  date: string;
  /** Site/level/side, e.g. 'L4-5 right'; compared only when both records have one. */
  site?: string;
  /** The structured site (region, levels, side), when the request's site could be structured. */
  structuredSite?: StructuredSite | null;
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

function plannedText(site: string | SiteRef | undefined): string | undefined {
  return typeof site === 'object' ? site.text : site;
}

/**
 * The earlier procedure is at the planned site. Both structured: `mode` 'covers' (a prerequisite: the
 * earlier one covers every planned level and side) or 'overlaps' (a repeat: any level and side in common).
 * Otherwise the written sites are compared (the old rule), and no site on either side matches.
 */
function sitesMatch(
  planned: string | SiteRef | undefined,
  entry: ProcedureHistoryEntry,
  mode: 'covers' | 'overlaps',
): boolean {
  const structured = typeof planned === 'object' ? planned.structured : null;
  if (structured && entry.structuredSite)
    return mode === 'covers'
      ? siteCovers(entry.structuredSite, structured)
      : sitesOverlap(entry.structuredSite, structured);
  const a = plannedText(planned);
  const b = entry.site;
  if (a === undefined || b === undefined) return true;
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** ' (Lumbar spine L4-L5 bilateral)' for an entry with a structured site, ' (L4-5 right)' for a written one. */
function at(entry: ProcedureHistoryEntry): string {
  if (entry.structuredSite) return ` (${describeSite(entry.structuredSite)})`;
  return entry.site ? ` (${entry.site})` : '';
}

/** The codes that count as the same procedure for a repeat interval (the procedure and its family). */
export function resolveRepeatFamily(procedure: ProcedureDefinition, rules?: CommissionerRuleSet): string[] {
  return [procedure.code, ...(findCommissionerRule(rules, procedure.code)?.repeatFamily ?? [])];
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
  site?: string | SiteRef,
): PrerequisiteCheck {
  parseCalendarDate(onDate, 'procedureDate');
  const earliest =
    rule.withinMonths !== undefined
      ? addCalendarMonths(onDate, -rule.withinMonths, 'procedureDate')
      : undefined;
  const candidates = history
    .filter((h) => h.procedureCode === rule.procedureCode && sitesMatch(site, h, 'covers'))
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
      message: `${rule.description}: met by ${nameOf(evidence.procedureCode)}${at(evidence)} on ${formatDateGb(evidence.date)}${
        evidence.reliefPercent !== undefined ? ` (${evidence.reliefPercent}% relief)` : ''
      }.`,
    };
  }
  let why: string;
  if (candidates.length === 0) {
    why = `no ${nameOf(rule.procedureCode)} covering this site is recorded`;
  } else if (earliest !== undefined && !candidates.some(inWindow)) {
    why = `the last ${nameOf(rule.procedureCode)} (${formatDateGb(candidates[0]!.date)}) is before ${formatDateGb(earliest)}, outside the ${rule.withinMonths}-month window`;
  } else {
    why = `no ${nameOf(rule.procedureCode)}${earliest !== undefined ? ` since ${formatDateGb(earliest)}` : ''} at this site is recorded as successful${
      rule.minReliefPercent !== undefined ? ` (≥${rule.minReliefPercent}% relief)` : ''
    }`;
  }
  return { rule, met: false, message: `${rule.description}: not met: ${why}.` };
}

/** A procedure's name for a clinician (its code only when the shipped catalogue does not know it). */
function nameOf(code: string, procedure?: ProcedureDefinition): string {
  return procedure?.code === code ? procedure.name : (findProcedure(code)?.name ?? code);
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
  site?: string | SiteRef,
  family: readonly string[] = [procedure.code],
): RepeatIntervalCheck {
  parseCalendarDate(onDate, 'procedureDate');
  const last = history
    .filter((h) => family.includes(h.procedureCode) && sitesMatch(site, h, 'overlaps'))
    .filter((h) => calendarDaysBetween(h.date, onDate) >= 0)
    // Newest first.
    .sort((a, b) => calendarDaysBetween(a.date, b.date))[0];
  if (!last) return { ok: true, message: `No earlier ${procedure.name} is recorded.` };
  if (months === null) {
    return {
      ok: true,
      lastDone: last.date,
      message: `Last ${nameOf(last.procedureCode, procedure)}${at(last)} on ${formatDateGb(last.date)}; no minimum repeat interval is configured.`,
    };
  }
  const earliestDate = earliestRepeatDate(last.date, { months });
  if (calendarDaysBetween(onDate, earliestDate) > 0) {
    return {
      ok: false,
      lastDone: last.date,
      earliestDate,
      message: `Repeat interval not yet passed: last ${nameOf(last.procedureCode, procedure)}${at(last)} on ${formatDateGb(last.date)}; the minimum interval is ${months} months, so the earliest date is ${formatDateGb(earliestDate)}.`,
    };
  }
  return {
    ok: true,
    lastDone: last.date,
    earliestDate,
    message: `Repeat interval passed: last ${nameOf(last.procedureCode, procedure)}${at(last)} on ${formatDateGb(last.date)}; earliest repeat ${formatDateGb(earliestDate)}.`,
  };
}
