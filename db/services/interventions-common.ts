/**
 * Interventions: the module's settings and small shared helpers (today in London, the catalogue lookup,
 * sites as the checks compare them, procedure history entries, planned durations). Split from
 * interventions.ts; the services in the interventions-*.ts files build on these.
 */
import type { Kysely } from 'kysely';
import {
  ASRA_ESRA_PAIN_2018,
  EXAMPLE_COMMISSIONER_RULES,
  PROCEDURE_CATALOGUE,
  findProcedure,
  plannedCaseDuration,
  type ProcedureDefinition,
  type ProcedureHistoryEntry,
  type SiteRef,
  type SiteRegion,
  type SiteSide,
  type StructuredSite,
} from '../../shared/clinical/interventions/index';
import { londonToday } from '../../shared/dates';
import { SCS_TRIAL_PROCEDURES } from '../../shared/domain/interventions-scs';
import { AppError } from '../../shared/result';
import * as q from '../queries/interventions';
import type { DB } from '../schema';
import { clinical } from './clinical-errors';
import type { HandlerContext } from './context';

type Db = Kysely<DB>;

/** The anticoagulant rule set in use (the service's clinical decisions (clinical lead): ASRA/ESRA pain 2018 is the default). */
export const HOLD_RULE_SET = ASRA_ESRA_PAIN_2018;
/** The commissioner rules in use: the shipped EXAMPLE set, clearly labelled as such. */
export const COMMISSIONER_RULES = EXAMPLE_COMMISSIONER_RULES;
/** How far ahead "find a slot" looks. */
export const SLOT_HORIZON_MONTHS = 6;
/** A case cancelled on the day for a non-clinical reason must be rebooked within this many days. */
export const REBOOK_WITHIN_DAYS = 28;

/** Today in Europe/London for the request's clock. */
export const today = (ctx: Pick<HandlerContext, 'now'>): string => londonToday(ctx.now());

/** Runs a pure clinical rule, turning its input errors into a VALIDATION refusal. */
export function requireProcedure(code: string, catalogue = PROCEDURE_CATALOGUE): ProcedureDefinition {
  const p = findProcedure(code, catalogue);
  if (!p)
    throw new AppError('VALIDATION', 'Choose a procedure from the catalogue.', {
      procedureCode: 'Choose a procedure from the catalogue.',
    });
  return p;
}

/** Site as compared between procedures: level/target plus side ('L4-5 bilateral'). */
export function siteKey(site: string, side: string): string {
  return side === 'not-applicable' ? site : `${site} ${side}`;
}

/** The structured site stored on a request row (null: the site is not structured). */
export function rowSite(r: {
  site_region?: string | null;
  site_levels?: string | null;
  side: string;
}): StructuredSite | null {
  if (r.site_region === null || r.site_region === undefined) return null;
  return {
    region: r.site_region as SiteRegion,
    levels: r.site_levels ? r.site_levels.split(',') : [],
    side: r.side as SiteSide,
  };
}

/** The planned site as the checks compare it: the written words plus the structure. */
export function siteRef(r: Parameters<typeof rowSite>[0] & { site: string }): SiteRef {
  return { text: siteKey(r.site, r.side), structured: rowSite(r) };
}

/** A procedure done (booking + outcome row) as the repeat-interval and prerequisite rules read it. */
export function toHistoryEntry(h: {
  procedure_code: string;
  session_date: string;
  site: string;
  side: string;
  site_region?: string | null;
  site_levels?: string | null;
  relief_percent: number | null;
  successful: number | null;
  trial_relief_percent?: number | null;
  trial_successful?: number | null;
}): ProcedureHistoryEntry {
  const entry: ProcedureHistoryEntry = {
    procedureCode: h.procedure_code,
    date: h.session_date,
    site: siteKey(h.site, h.side),
    structuredSite: rowSite(h),
  };
  if ((SCS_TRIAL_PROCEDURES as readonly string[]).includes(h.procedure_code)) {
    // An SCS trial succeeds by its episode's three criteria (relief with activity, analgesia, the patient
    // satisfied; NICE TA159), never by a relief figure on the booking alone: no episode outcome, no
    // successful trial. Its relief is given only for a successful trial, so that a prerequisite reading
    // relief (≥50%) cannot be met by a trial whose analgesia rose or whose patient was not satisfied.
    entry.successful = h.trial_successful === 1;
    if (h.trial_successful === 1 && h.trial_relief_percent !== null && h.trial_relief_percent !== undefined)
      entry.reliefPercent = h.trial_relief_percent;
    return entry;
  }
  if (h.relief_percent !== null) entry.reliefPercent = h.relief_percent;
  if (h.successful !== null) entry.successful = h.successful === 1;
  return entry;
}

export function userId(ctx: HandlerContext): number | null {
  return ctx.session?.userId ?? null;
}

// ---------------------------------------------------------------- durations

/**
 * Planned minutes (the service's clinical decisions (clinical lead), interventions 6; pure rule plannedCaseDuration): the clinician's own median
 * once they have 30 timed cases of the procedure, else the procedure's median once 30 exist, else the
 * catalogue default; `source` says which ("median of 34 cases by Dr X").
 */
export async function plannedDuration(
  db: Db,
  procedure: ProcedureDefinition,
  clinicianId: number | null,
): Promise<{ minutes: number; source: string }> {
  const [all, own, name] = await Promise.all([
    q.observedMedian(db, procedure.code),
    clinicianId !== null ? q.observedMedian(db, procedure.code, clinicianId) : undefined,
    clinicianId !== null ? q.userName(db, clinicianId) : undefined,
  ]);
  const input: Parameters<typeof plannedCaseDuration>[0] = {
    catalogueMinutes: procedure.defaultDurationMinutes,
    procedure: all,
  };
  if (own && name) input.clinician = { ...own, name: name.display_name };
  const d = clinical(() => plannedCaseDuration(input));
  return { minutes: d.minutes, source: d.source };
}
