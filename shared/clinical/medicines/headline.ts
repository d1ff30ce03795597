import type { RuleSetMeta } from '../errors';
import { formatNumber, formatOneDecimal } from './numbers';
import type { Flag, OmeResult } from './types';

/**
 * The OME headline that never reassures falsely (issue 13), and the flags raised for opioids the UK rule set
 * never converts (methadone, sublingual buprenorphine, transmucosal fentanyl), each with what to do.
 */

/** The codes {@link specialistOpioidFlags} and {@link prnAboveMaximumFlags} raise. */
export type SpecialistFlagCode =
  | 'METHADONE_NOT_CONVERTED'
  | 'BUPRENORPHINE_SUBLINGUAL_NOT_CONVERTED'
  | 'FENTANYL_TRANSMUCOSAL_NOT_CONVERTED'
  | 'PRN_USE_ABOVE_MAXIMUM';

export interface SpecialistFlagRule {
  code: SpecialistFlagCode;
  /** Which left-out items raise it: the drug and the routes (`all`: any route). Empty for PRN use. */
  drug: string;
  routes: string[] | 'all';
  message: string;
  source: string;
}

export interface SpecialistFlagRuleSet {
  meta: RuleSetMeta;
  rules: SpecialistFlagRule[];
}

/** Versioned rules for the opioids never totalled, and for as-needed use above the prescribed maximum. */
export const SPECIALIST_OPIOID_FLAGS: SpecialistFlagRuleSet = {
  meta: {
    id: 'specialist-opioid-flags-uk',
    name: 'Opioids the UK total leaves out, and as-needed use above the maximum',
    version: '1.0.1',
    source:
      'FPM Opioids Aware, "Dose equivalents and changing opioids" (August 2020); MHRA/CHM advice on methadone ' +
      'and QT prolongation (2006) as in the BNF methadone monograph; the service’s clinical decisions ' +
      '(clinical lead): methadone never totalled, as-needed doses counted at the maximum.',
  },
  rules: [
    {
      code: 'METHADONE_NOT_CONVERTED',
      drug: 'methadone',
      routes: 'all',
      message:
        'Methadone is not in the total: its relative potency depends on the dose and how long it has been ' +
        'taken, so there is no fixed conversion. Do not switch or taper it from an OME figure; get specialist ' +
        'advice (pain or drug and alcohol service). Check an ECG (QTc) above 100 mg a day or with other ' +
        'QT-prolonging medicines.',
      source:
        'FPM Opioids Aware, "Dose equivalents and changing opioids" (August 2020): methadone conversion only ' +
        'with specialist advice; MHRA/CHM advice (2006), BNF methadone monograph: QT prolongation, ECG ' +
        'monitoring above 100 mg daily.',
    },
    {
      code: 'BUPRENORPHINE_SUBLINGUAL_NOT_CONVERTED',
      drug: 'buprenorphine',
      routes: ['sublingual', 'buccal'],
      message:
        'Sublingual buprenorphine is not in the total: published conversions disagree widely (10 to 60 per mg) ' +
        'and it is a partial agonist. Check whether it is prescribed for opioid dependence (shared care with ' +
        'the drug and alcohol service) and get specialist advice before any change to it or to other opioids.',
      source:
        'Not in the FPM Opioids Aware table (August 2020); published factors OpenPrescribing 60, ANZCA 2021 40, ' +
        'CDC/CMS analytic 30 or 10 per mg.',
    },
    {
      code: 'FENTANYL_TRANSMUCOSAL_NOT_CONVERTED',
      drug: 'fentanyl',
      routes: ['buccal', 'sublingual', 'intranasal'],
      message:
        'Transmucosal fentanyl (buccal, sublingual or nasal) is not in the total: there is no direct ' +
        'conversion. It is licensed for breakthrough cancer pain in people already taking regular opioids; ' +
        'any new dose is titrated from the lowest strength whatever the other opioids. Review whether it is ' +
        'needed.',
      source:
        'FPM Opioids Aware, "Dose equivalents and changing opioids" (August 2020): no direct conversion for ' +
        'transmucosal fentanyl; titrate from the lowest dose.',
    },
    {
      code: 'PRN_USE_ABOVE_MAXIMUM',
      drug: '',
      routes: 'all',
      message:
        'As-needed use recorded at the latest review is above the prescribed maximum: ask about the extra ' +
        'doses, check for withdrawal between doses or worsening pain, and review the prescription.',
      source:
        'The service’s clinical decisions (clinical lead): as-needed doses are counted at the maximum unless a ' +
        'taken amount is recorded.',
    },
  ],
};

function ruleOf(rules: SpecialistFlagRuleSet, code: SpecialistFlagCode): SpecialistFlagRule {
  return rules.rules.find((r) => r.code === code)!;
}

/**
 * One flag for each kind of opioid the total left out that needs specialist handling: methadone (any
 * route), sublingual/buccal buprenorphine, transmucosal fentanyl. Each names the medicine and says what
 * to do.
 */
export function specialistOpioidFlags(
  result: OmeResult,
  rules: SpecialistFlagRuleSet = SPECIALIST_OPIOID_FLAGS,
): Flag[] {
  const ruleSet = { id: rules.meta.id, version: rules.meta.version, name: rules.meta.name };
  const flags: Flag[] = [];
  for (const rule of rules.rules) {
    if (rule.drug === '') continue;
    const hit = result.items.some(
      (i) =>
        i.status === 'not-totalled' &&
        i.drug === rule.drug &&
        (rule.routes === 'all' || rule.routes.includes(i.route)),
    );
    if (hit)
      flags.push({
        code: rule.code,
        message: rule.message,
        source: rule.source,
        ruleSet,
        drugs: [rule.drug],
      });
  }
  return flags;
}

/** One as-needed line's use at the latest review, against its prescribed maximum (mg of the medicine). */
export interface PrnUse {
  drug: string;
  name: string;
  takenMgPer24h: number;
  prescribedMaxMgPer24h: number | null;
  reviewDate: string;
}

/** A flag for each as-needed line taken above its prescribed maximum at the latest review. */
export function prnAboveMaximumFlags(
  uses: PrnUse[],
  rules: SpecialistFlagRuleSet = SPECIALIST_OPIOID_FLAGS,
): Flag[] {
  const rule = ruleOf(rules, 'PRN_USE_ABOVE_MAXIMUM');
  return uses
    .filter((u) => u.prescribedMaxMgPer24h !== null && u.takenMgPer24h > u.prescribedMaxMgPer24h)
    .map((u) => ({
      code: rule.code,
      message:
        `${u.name}: ${formatNumber(u.takenMgPer24h)} mg taken in 24 hours (review of ${u.reviewDate}), above ` +
        `the prescribed maximum of ${formatNumber(u.prescribedMaxMgPer24h!)} mg. ${rule.message}`,
      source: rule.source,
      ruleSet: { id: rules.meta.id, version: rules.meta.version, name: rules.meta.name },
      drugs: [u.drug],
    }));
}

/** The parts of the headline: OME of regular doses, of as-needed doses at maximum and as taken. */
export interface HeadlineParts {
  total: OmeResult;
  regularMgPer24h: number;
  prnMaxMgPer24h: number;
  /** OME of as-needed doses as taken at the latest review (null: no amount recorded). */
  prnTakenMgPer24h: number | null;
  /** As-needed opioid lines with no amount taken recorded (their maximum is not in the "taken" figure). */
  prnWithoutTaken: string[];
  /** Medicines with a start date after today: planned, not counted. */
  planned: { name: string; startDate: string }[];
  /** Medicines recorded as written because they are not on the formulary: never counted. */
  notOnFormulary?: string[];
}

export interface OmeHeadline {
  /** "at least 30.0 mg/24h" when anything is left out, else "90.0 mg/24h". */
  text: string;
  atLeast: boolean;
  /** What the total leaves out, in words. */
  leftOut: string[];
  regularMgPer24h: number;
  prnMaxMgPer24h: number;
  prnTakenMgPer24h: number | null;
  prnWithoutTaken: string[];
  planned: { name: string; startDate: string }[];
  /** Which figure the flags are checked against. */
  flagsUse: string;
  /** Not on the formulary: recorded as written, not counted in the OME (named in the caveat). */
  notOnFormulary: string[];
}

/**
 * The headline: never a bare number when something is left out ("at least N mg/24h", naming what), with
 * regular, as-needed at maximum and as-needed taken shown apart, and which of them the flags use (regular
 * plus as-needed at the maximum the prescriptions allow: decisions, medicines 7).
 */
export function omeHeadline(p: HeadlineParts): OmeHeadline {
  const atLeast = !p.total.complete;
  const total = `${formatOneDecimal(p.total.totalMgPer24h)} mg/24h`;
  return {
    text: atLeast ? `at least ${total}` : total,
    atLeast,
    leftOut: p.total.excluded,
    regularMgPer24h: p.regularMgPer24h,
    prnMaxMgPer24h: p.prnMaxMgPer24h,
    prnTakenMgPer24h: p.prnTakenMgPer24h,
    prnWithoutTaken: p.prnWithoutTaken,
    planned: p.planned,
    notOnFormulary: p.notOnFormulary ?? [],
    flagsUse:
      'The flags use regular doses plus as-needed doses at the most the prescriptions allow' +
      (atLeast ? `, and cannot include ${p.total.excluded.join(', ')}.` : '.'),
  };
}
