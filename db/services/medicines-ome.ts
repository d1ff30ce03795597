import {
  calculateOme,
  combinationFlags,
  dailyDoseMg,
  OPIOID_ROUTES,
  OPIOIDS_AWARE_2020,
  omeThresholdFlags,
  opioidDoseFromEntry,
  type DoseEntry,
  type DrugClass,
  type OpioidDose,
  type OpioidRoute,
} from '../../shared/clinical/medicines/index';
import type { DoseKind, LatestTaken, OmeLine, OmeSummary } from '../../shared/domain/medicines';
import {
  omeHeadline,
  prnAboveMaximumFlags,
  specialistOpioidFlags,
} from '../../shared/clinical/medicines/headline';
import { cleanNumber } from '../../shared/clinical/medicines/numbers';
import type { MedicineRules } from '../../shared/domain/rule-sets';

/**
 * Pure glue between stored medicine lines and the shared clinical rules (OME, thresholds, combination
 * flags). No arithmetic is done here: every number comes from shared/clinical/medicines.
 */
export interface DoseFields {
  generic: string;
  drugClass: string;
  route: string;
  doseKind: DoseKind;
  doseMg: number | null;
  timesPerDay: number | null;
  prnMaxMgPer24h: number | null;
  patchMcgPerHour: number | null;
  patchChangeEveryDays: number | null;
  /** Regular doses that differ through the day (mg at each time); null or absent: equal doses. */
  administrationsMg?: number[] | null;
  /** As needed: the amount taken per 24 hours recorded at a review (only for that review's OME). */
  taken?: { mgPer24h: number; reviewDate: string };
  /** The medicine's name and start date (a start after today makes it planned, not counted). */
  name?: string;
  startDate?: string;
  /** Not on the formulary: recorded as written, never counted, named in the total's caveat. */
  notOnFormulary?: boolean;
  /** As needed: the amount taken at the latest review, for the headline (never part of the total). */
  latestTaken?: LatestTaken | null;
}

export const OPIOID_CLASSES = ['strong-opioid', 'weak-opioid'];

export function isOpioid(drugClass: string): boolean {
  return OPIOID_CLASSES.includes(drugClass);
}

export function doseEntryOf(d: DoseFields): DoseEntry {
  if (d.doseKind === 'patch') {
    const e: DoseEntry = { patchMcgPerHour: d.patchMcgPerHour ?? 0 };
    if (d.patchChangeEveryDays !== null) e.patchChangeEveryDays = d.patchChangeEveryDays;
    return e;
  }
  if (d.doseKind === 'prn') {
    const e: DoseEntry = { prn: true };
    if (d.prnMaxMgPer24h !== null) e.prnMaxMgPer24h = d.prnMaxMgPer24h;
    if (d.doseMg !== null) e.doseMg = d.doseMg;
    if (d.timesPerDay !== null) e.timesPerDay = d.timesPerDay;
    if (d.taken) {
      e.takenMgPer24h = d.taken.mgPer24h;
      e.takenRecordedOn = d.taken.reviewDate;
    }
    return e;
  }
  if (d.administrationsMg) return { administrationsMg: d.administrationsMg };
  return { doseMg: d.doseMg ?? 0, timesPerDay: d.timesPerDay ?? 1 };
}

function opioidDose(d: DoseFields): OpioidDose | null {
  if (!isOpioid(d.drugClass)) return null;
  if (!(OPIOID_ROUTES as readonly string[]).includes(d.route)) return null;
  return opioidDoseFromEntry(d.generic, d.route as OpioidRoute, doseEntryOf(d));
}

/** Where the factor for one drug/route comes from in the default rule set. */
export function factorSource(drug: string, route: string, rs = OPIOIDS_AWARE_2020): string {
  if (route === 'transdermal') return rs.patches.find((p) => p.drug === drug)?.source ?? rs.meta.source;
  const row =
    rs.factors.find((f) => f.drug === drug && f.route === route) ??
    rs.lowConfidenceFactors.find((f) => f.drug === drug && f.route === route);
  return row?.source ?? rs.meta.source;
}

/** The OME line of one medicine (null for a medicine that is not an opioid). */
/** What is stored with each medicine version (the factor's source is looked up when read). */
export function storedOmeJson(line: OmeLine | null): string | null {
  if (!line) return null;
  const { source: _s, ...rest } = line;
  return JSON.stringify(rest);
}

export function omeLineFor(d: DoseFields, rules: MedicineRules): OmeLine | null {
  const dose = opioidDose(d);
  if (!dose) return null;
  const daily = dailyDoseMg(doseEntryOf(d));
  const result = calculateOme([dose], rules.ome);
  const item = result.items[0]!;
  return {
    status: item.status,
    omeMgPer24h: item.omeMgPer24h,
    factor: item.factor,
    explanation: item.explanation,
    dailyExplanation: daily.explanation,
    reason: item.reason ?? null,
    source: factorSource(item.drug, item.route, rules.ome),
  };
}

/**
 * Total OME, threshold and combination flags for a patient's current (active) medicines.
 *
 * With `today`, a medicine whose start date is after today is planned: named in the headline, not counted
 * and not in the flags. The headline shows regular, as-needed at maximum and as-needed taken (latest review)
 * apart; the flags use regular + as-needed at maximum (decisions, medicines 7). Opioids the rule set never
 * totals make the headline "at least" and raise their own flag with what to do.
 */
export function omeSummaryFor(all: DoseFields[], rules: MedicineRules, today?: string): OmeSummary {
  const planned =
    today === undefined ? [] : all.filter((a) => a.startDate !== undefined && a.startDate > today);
  const active = all.filter((a) => !planned.includes(a));
  const doses = active.map(opioidDose).filter((d): d is OpioidDose => d !== null);
  const ome = calculateOme(doses, rules.ome);
  const partTotal = (pred: (d: DoseFields) => boolean) =>
    calculateOme(
      active
        .filter(pred)
        .map(opioidDose)
        .filter((d): d is OpioidDose => d !== null),
      rules.ome,
    ).totalMgPer24h;
  const prnLines = active.filter((a) => a.doseKind === 'prn' && opioidDose(a) !== null);
  const withTaken = prnLines.filter((a) => a.latestTaken && a.latestTaken.omeMgPer24h !== null);
  const prnTaken =
    withTaken.length === 0
      ? null
      : cleanNumber(withTaken.reduce((sum, a) => sum + (a.latestTaken!.omeMgPer24h ?? 0), 0));
  const headline = omeHeadline({
    total: ome,
    regularMgPer24h: partTotal((a) => a.doseKind !== 'prn'),
    prnMaxMgPer24h: partTotal((a) => a.doseKind === 'prn'),
    prnTakenMgPer24h: prnTaken,
    prnWithoutTaken: prnLines.filter((a) => !withTaken.includes(a)).map((a) => a.name ?? a.generic),
    planned: planned.map((a) => ({ name: a.name ?? a.generic, startDate: a.startDate! })),
    notOnFormulary: active.filter((a) => a.notOnFormulary).map((a) => a.name ?? a.generic),
  });
  const flags = [
    ...omeThresholdFlags(ome.totalMgPer24h, rules.thresholds),
    ...specialistOpioidFlags(ome, rules.specialistFlags),
    ...combinationFlags(
      active.map((a) => ({ drug: a.generic, drugClass: a.drugClass as DrugClass })),
      rules.combinations,
    ),
    ...prnAboveMaximumFlags(
      active
        .filter((a) => a.doseKind === 'prn' && a.latestTaken)
        .map((a) => ({
          drug: a.generic,
          name: a.name ?? a.generic,
          takenMgPer24h: a.latestTaken!.takenMgPer24h,
          prescribedMaxMgPer24h: a.latestTaken!.prescribedMaxMgPer24h ?? a.prnMaxMgPer24h,
          reviewDate: a.latestTaken!.reviewDate,
        })),
      rules.specialistFlags,
    ),
  ];
  return {
    totalMgPer24h: ome.totalMgPer24h,
    complete: ome.complete,
    estimated: ome.estimated,
    cautions: ome.cautions,
    headline,
    flags,
    ruleSet: ome.ruleSet,
    thresholdRuleSet: refOf(rules.thresholds.meta),
    combinationRuleSet: refOf(rules.combinations.meta),
  };
}

/** A rule set as the screens name it (name, version, source; the id stays for the record). */
function refOf(m: { id: string; name: string; version: string; source: string }) {
  return { id: m.id, name: m.name, version: m.version, source: m.source };
}

/** The flag columns stored in patient_ome, from a summary. */
export function flagColumns(s: OmeSummary) {
  const has = (code: string) => (s.flags.some((f) => f.code === code) ? 1 : 0);
  return {
    total_mg_per_24h: s.totalMgPer24h,
    complete: s.complete ? 1 : 0,
    estimated: s.estimated ? 1 : 0,
    high_dose: has('OME_HIGH_DOSE'),
    harm_rises: has('OME_HARM_RISES'),
    flag_opioid_benzo: has('OPIOID_BENZODIAZEPINE_Z_DRUG'),
    flag_opioid_gabapentinoid: has('OPIOID_GABAPENTINOID'),
    flag_multiple_opioids: has('MULTIPLE_OPIOIDS'),
    flag_gabapentin_pregabalin: has('GABAPENTIN_PREGABALIN'),
    rule_set_id: s.ruleSet.id,
    rule_set_version: s.ruleSet.version,
  };
}

/** The daily amount a taper works in: mg/day for tablets and liquids, mcg/h for patches. */
export function taperAmount(d: DoseFields): { dose: number; unit: 'mg/day' | 'mcg/h' } {
  if (d.doseKind === 'patch') return { dose: d.patchMcgPerHour ?? 0, unit: 'mcg/h' };
  if (d.administrationsMg)
    return { dose: Math.round(d.administrationsMg.reduce((a, b) => a + b, 0) * 1000) / 1000, unit: 'mg/day' };
  return { dose: Math.round((d.doseMg ?? 0) * (d.timesPerDay ?? 1) * 1000) / 1000, unit: 'mg/day' };
}
