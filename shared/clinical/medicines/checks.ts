import { ClinicalInputError } from '../errors';
import { calendarDaysBetween } from '../calendar';
import { formatDateGb } from '../../dates';
import { cleanNumber, formatNumber, formatOneDecimal } from './numbers';
import type {
  CheckGroup,
  CheckRuleCode,
  CheckSeverity,
  MedicineCheckRuleSet,
  GabapentinoidRenalBand,
} from './check-rules';
import { MEDICINE_CHECK_RULES } from './check-rules';
import { matchMedicineName, namesMedicine, normaliseMedicineName } from './name-match';
import type { DrugClass } from './types';

/** One current medicine as the checks see it. `dailyMg`: regular mg a day, or the as-needed maximum. */
export interface CheckMedicine {
  generic: string;
  drugClass: DrugClass | string;
  route: string;
  doseKind: 'regular' | 'prn' | 'patch';
  dailyMg: number | null;
}

export type PregnancyStatus = 'pregnant' | 'breastfeeding' | 'neither';

/** A creatinine clearance with how it was worked out and the date of the creatinine result. */
export interface CreatinineClearance {
  mlPerMin: number;
  explanation: string;
  date: string;
}

export interface CheckInput {
  medicines: CheckMedicine[];
  patient: {
    ageYears: number;
    sex: string;
    pregnancy: PregnancyStatus | null;
    creatinineClearance: CreatinineClearance | null;
  };
  /** The total OME the flags use (regular + as needed at maximum), mg/24 h. */
  omeTotalMgPer24h: number;
  today: string;
}

/** One check raised for a patient's medicines. */
export interface MedicineCheck {
  code: CheckRuleCode;
  /** Stable for the same rule, medicines and doses: an acknowledgement holds while the key is unchanged. */
  key: string;
  severity: CheckSeverity;
  needsReason: boolean;
  title: string;
  message: string;
  /** The medicines and numbers behind this check, in words. */
  detail: string;
  action: string;
  source: string;
  ruleSet: { id: string; version: string };
  /** Generic names involved. */
  drugs: string[];
  /** A fact the app does not hold and asks for. */
  asks?: 'creatinine-clearance' | 'pregnancy';
}

/**
 * Creatinine clearance by Cockcroft-Gault in SI units, as the BNF gives it:
 * CrCl (mL/min) = (140 − age) × weight (kg) × constant ÷ serum creatinine (µmol/L), constant 1.23 for men and
 * 1.04 for women. When the sex is not male or female the lower constant (1.04) is used, the cautious choice.
 *
 * @throws ClinicalInputError for an impossible age, weight or creatinine.
 */
export function cockcroftGault(input: {
  ageYears: number;
  weightKg: number;
  creatinineUmolPerL: number;
  sex: string;
}): { mlPerMin: number; explanation: string } {
  const { ageYears, weightKg, creatinineUmolPerL } = input;
  if (!Number.isFinite(ageYears) || ageYears < 18 || ageYears >= 140)
    throw new ClinicalInputError('INVALID_INPUT', 'Cockcroft-Gault is for adults (18 or over).', 'age');
  if (!Number.isFinite(weightKg) || weightKg < 20 || weightKg > 400)
    throw new ClinicalInputError('INVALID_INPUT', 'Enter a weight between 20 and 400 kg.', 'weightKg');
  if (!Number.isFinite(creatinineUmolPerL) || creatinineUmolPerL < 10 || creatinineUmolPerL > 3000)
    throw new ClinicalInputError(
      'INVALID_INPUT',
      'Enter a serum creatinine between 10 and 3000 micromol/L.',
      'creatinineUmolPerL',
    );
  const constant = input.sex === 'male' ? 1.23 : 1.04;
  const mlPerMin = ((140 - ageYears) * weightKg * constant) / creatinineUmolPerL;
  const why = input.sex === 'male' || input.sex === 'female' ? '' : ' (sex not recorded: the lower constant)';
  return {
    mlPerMin,
    explanation:
      `(140 − ${formatNumber(ageYears)} years) × ${formatNumber(weightKg)} kg × ${constant}${why} ÷ ` +
      `${formatNumber(creatinineUmolPerL)} micromol/L = ${formatOneDecimal(mlPerMin)} mL/min (Cockcroft-Gault)`,
  };
}

const SEVERITY_ORDER: CheckSeverity[] = ['serious', 'warning', 'ask', 'prompt'];

function bandFor(
  bands: GabapentinoidRenalBand[],
  mlPerMin: number,
): { band: GabapentinoidRenalBand; label: string } {
  const sorted = [...bands].sort((a, b) => b.fromMlPerMin - a.fromMlPerMin);
  const i = sorted.findIndex((b) => mlPerMin >= b.fromMlPerMin);
  const band = sorted[i === -1 ? sorted.length - 1 : i]!;
  const upper = i > 0 ? sorted[i - 1]!.fromMlPerMin : null;
  const label =
    upper === null
      ? `${formatNumber(band.fromMlPerMin)} mL/min or more`
      : band.fromMlPerMin === 0
        ? `under ${formatNumber(upper)} mL/min`
        : `${formatNumber(band.fromMlPerMin)} to under ${formatNumber(upper)} mL/min`;
  return { band, label };
}

const list = (names: string[]) =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

/**
 * The interactions and prompts for one patient's current medicines (planned ones are left out by the caller),
 * in order: serious, warnings, questions, prompts (rule order within each). Pure: every number used is in
 * `rules` or the input.
 */
export function medicineChecks(
  input: CheckInput,
  rules: MedicineCheckRuleSet = MEDICINE_CHECK_RULES,
): MedicineCheck[] {
  const meds = input.medicines.map((m) => ({ ...m, generic: normaliseMedicineName(m.generic) }));
  // A medicine recorded as written (not on the formulary) carries its name as written, e.g. "promethazine
  // 25 mg tablets": one matcher (name-match.ts) says which generic it is, for groups, notes and cautions.
  const inGroup = (g: CheckGroup) => (m: { generic: string }) =>
    // A version saved before a group existed has none (`serotonergic-other` came in 1.1.0,
    // `sedating-antihistamine` in 1.2.0).
    matchMedicineName(m.generic, rules.groups[g] ?? []) !== undefined;
  const names = (pred: (m: CheckMedicine) => boolean) => [
    ...new Set(meds.filter(pred).map((m) => m.generic)),
  ];
  const daily = (generic: string) =>
    cleanNumber(meds.filter((m) => m.generic === generic).reduce((s, m) => s + (m.dailyMg ?? 0), 0));

  const isOpioid = (m: CheckMedicine) => m.drugClass === 'strong-opioid' || m.drugClass === 'weak-opioid';
  const isBenzoOrZ = (m: CheckMedicine) =>
    m.drugClass === 'benzodiazepine-z-drug' || inGroup('benzodiazepine')(m) || inGroup('z-drug')(m);
  const isGabapentinoid = (m: CheckMedicine) =>
    m.drugClass === 'gabapentinoid' || inGroup('gabapentinoid')(m);
  const isSedative = (m: CheckMedicine) =>
    isBenzoOrZ(m) ||
    isGabapentinoid(m) ||
    inGroup('tricyclic')(m) ||
    inGroup('baclofen')(m) ||
    inGroup('antipsychotic')(m) ||
    inGroup('sedating-antihistamine')(m);
  const isNsaid = (m: CheckMedicine) => m.drugClass === 'nsaid' && m.route !== 'topical';

  const ruleSet = { id: rules.meta.id, version: rules.meta.version };
  const out: MedicineCheck[] = [];
  const raise = (
    code: CheckRuleCode,
    drugs: string[],
    detail: string,
    extra: {
      keyPart?: string;
      severity?: CheckSeverity;
      needsReason?: boolean;
      asks?: MedicineCheck['asks'];
    } = {},
  ) => {
    const r = rules.rules[code];
    const check: MedicineCheck = {
      code,
      key: `${code}:${[...drugs].sort().join('+')}${extra.keyPart ? `:${extra.keyPart}` : ''}`,
      severity: extra.severity ?? r.severity,
      needsReason: extra.needsReason ?? r.needsReason,
      title: r.title,
      message: r.message,
      detail,
      action: r.action,
      source: r.source,
      ruleSet,
      drugs,
    };
    if (extra.asks) check.asks = extra.asks;
    out.push(check);
  };

  const opioids = names(isOpioid);
  const sedatives = names(isSedative);
  const gabapentinoids = names(isGabapentinoid);
  const benzos = names(isBenzoOrZ);
  if (opioids.length > 0 && sedatives.length > 0)
    raise('OPIOID_SEDATIVES', [...opioids, ...sedatives], `${list(opioids)} with ${list(sedatives)}.`);
  if (opioids.length > 0 && gabapentinoids.length > 0 && benzos.length > 0)
    raise(
      'OPIOID_GABAPENTINOID_BENZODIAZEPINE',
      [...opioids, ...gabapentinoids, ...benzos],
      `${list(opioids)}, ${list(gabapentinoids)} and ${list(benzos)}.`,
    );

  const serotonergicOpioids = names(inGroup('serotonergic-opioid'));
  const serotonergic = names(
    (m) =>
      inGroup('ssri')(m) ||
      inGroup('snri')(m) ||
      inGroup('tricyclic')(m) ||
      inGroup('triptan')(m) ||
      inGroup('serotonergic-other')(m),
  );
  if (serotonergicOpioids.length > 0 && serotonergic.length > 0)
    raise(
      'SEROTONERGIC_SEIZURE',
      [...serotonergicOpioids, ...serotonergic],
      `${list(serotonergicOpioids)} with ${list(serotonergic)}.`,
    );

  // Kidney function: gabapentinoid dose bands and opioid cautions, or ask for a clearance.
  const renalOpioids = names(inGroup('renal-caution-opioid'));
  const banded = gabapentinoids.filter((g) => g === 'gabapentin' || g === 'pregabalin') as (
    'gabapentin' | 'pregabalin'
  )[];
  const crcl = input.patient.creatinineClearance;
  const stale = crcl !== null && calendarDaysBetween(crcl.date, input.today) > rules.crclMaxAgeDays;
  if (banded.length + renalOpioids.length > 0) {
    if (crcl === null || stale) {
      const why =
        crcl === null
          ? 'No creatinine clearance is recorded.'
          : `The last creatinine result (${formatDateGb(crcl.date)}) is more than ` +
            `${formatNumber(rules.crclMaxAgeDays)} days old.`;
      raise(
        'ASK_CREATININE_CLEARANCE',
        [...banded, ...renalOpioids],
        `${why} Needed for ${list([...banded, ...renalOpioids])}.`,
        {
          asks: 'creatinine-clearance',
          keyPart: crcl?.date ?? 'none',
        },
      );
    } else {
      const at = `Creatinine clearance ${crcl.explanation}, ${formatDateGb(crcl.date)}.`;
      for (const g of banded) {
        const total = daily(g);
        const { band, label } = bandFor(rules.renalDoseBands[g], crcl.mlPerMin);
        if (total > band.maxMgPerDay)
          raise(
            'GABAPENTINOID_RENAL_DOSE',
            [g],
            `${at} ${g} ${formatNumber(total)} mg a day is above the maximum of ` +
              `${formatNumber(band.maxMgPerDay)} mg a day for ${label} (${band.range}).`,
            { keyPart: `${formatNumber(total)}@${crcl.date}` },
          );
      }
      const ro = rules.renalOpioid;
      if (renalOpioids.length > 0 && crcl.mlPerMin < ro.cautionBelowMlPerMin) {
        const severe = crcl.mlPerMin < ro.warnBelowMlPerMin;
        const tramadol = daily('tramadol');
        const tramadolNote =
          severe && renalOpioids.includes('tramadol') && tramadol > ro.tramadolMaxMgPerDayBelowWarn
            ? ` Tramadol ${formatNumber(tramadol)} mg a day is above ${formatNumber(ro.tramadolMaxMgPerDayBelowWarn)} mg a day.`
            : '';
        raise(
          'RENAL_OPIOID',
          renalOpioids,
          `${at} ${list(renalOpioids)} with a clearance under ` +
            `${formatNumber(severe ? ro.warnBelowMlPerMin : ro.cautionBelowMlPerMin)} mL/min.${tramadolNote}`,
          severe
            ? { keyPart: `severe@${crcl.date}:${formatNumber(tramadol)}` }
            : { keyPart: `moderate@${crcl.date}`, severity: 'prompt', needsReason: false },
        );
      }
    }
  }

  if (meds.some((m) => namesMedicine(m.generic, 'methadone'))) {
    const dose = daily('methadone');
    const qt = names(inGroup('qt-prolonging'));
    const parts: string[] = [];
    if (dose > rules.methadoneEcgAboveMgPerDay)
      parts.push(
        `methadone ${formatNumber(dose)} mg a day is above ${formatNumber(rules.methadoneEcgAboveMgPerDay)} mg a day`,
      );
    if (qt.length > 0)
      parts.push(`methadone with ${list(qt)}, which also prolong${qt.length > 1 ? '' : 's'} the QT interval`);
    if (parts.length > 0)
      raise('METHADONE_QTC', ['methadone', ...qt], `${parts.join('; ')}.`.replace(/^m/, 'M'), {
        keyPart: formatNumber(dose),
      });
  }

  if (opioids.length > 0) {
    const total = input.omeTotalMgPer24h;
    const high = total >= rules.naloxoneAtOrAboveOmeMgPer24h;
    if (high || sedatives.length > 0) {
      const why = [
        ...(high
          ? [
              `total ${formatOneDecimal(total)} mg OME/24h (at or above ${formatNumber(rules.naloxoneAtOrAboveOmeMgPer24h)})`,
            ]
          : []),
        ...(sedatives.length > 0 ? [`opioid with ${list(sedatives)}`] : []),
      ];
      raise(
        'NALOXONE',
        [...opioids, ...sedatives],
        `${why.join('; ')}.`.replace(/^./, (c) => c.toUpperCase()),
        {
          keyPart: high ? 'high' : 'sedative',
        },
      );
    }
  }

  const driving = names(inGroup('drug-driving-law'));
  if (driving.length > 0) {
    // A version saved before 1.3.0 has no notes.
    const notes = rules.drivingNotes ?? {};
    const noted = driving.map((g) => {
      const key = matchMedicineName(g, Object.keys(notes));
      return key ? `${g} (${notes[key]})` : g;
    });
    raise(
      'DRIVING',
      driving,
      `${list(noted)}.`.replace(/^./, (c) => c.toUpperCase()),
    );
  }

  // Every other opioid: advice, not the law's wording (a version saved before 1.5.0 gets the shipped text
  // when it is loaded; see rule-sets-medicines.ts).
  const advisory = rules.rules.DRIVING_OPIOID;
  const otherOpioids = names((m) => (isOpioid(m) || inGroup('opioid')(m)) && !inGroup('drug-driving-law')(m));
  if (advisory && otherOpioids.length > 0)
    raise(
      'DRIVING_OPIOID',
      otherOpioids,
      `${list(otherOpioids)}.`.replace(/^./, (c) => c.toUpperCase()),
    );

  const { sex, ageYears, pregnancy } = input.patient;
  const cautions = names(
    (m) => matchMedicineName(m.generic, rules.pregnancyCaution) !== undefined || isNsaid(m),
  );
  const couldBe =
    sex !== 'male' && ageYears >= rules.childbearingAge.from && ageYears <= rules.childbearingAge.to;
  if (cautions.length > 0 && couldBe) {
    const what = `${list(cautions)}.`.replace(/^./, (c) => c.toUpperCase());
    if (pregnancy === null) raise('ASK_PREGNANCY', cautions, what, { asks: 'pregnancy' });
    else if (pregnancy === 'pregnant') raise('PREGNANCY_CAUTION', cautions, what);
    else if (pregnancy === 'breastfeeding') raise('BREASTFEEDING_CAUTION', cautions, what);
  }

  const nsaids = names(isNsaid);
  const bleeding = names(
    (m) => inGroup('anticoagulant')(m) || inGroup('antiplatelet')(m) || inGroup('ssri')(m),
  );
  if (nsaids.length > 0 && bleeding.length > 0)
    raise(
      'NSAID_BLEEDING',
      [...nsaids, ...bleeding],
      `${list(nsaids)} with ${list(bleeding)}.`.replace(/^./, (c) => c.toUpperCase()),
    );
  const raas = names((m) => inGroup('ace-inhibitor')(m) || inGroup('arb')(m));
  const diuretics = names(inGroup('diuretic'));
  if (nsaids.length > 0 && raas.length > 0 && diuretics.length > 0)
    raise(
      'NSAID_ACE_ARB_DIURETIC',
      [...nsaids, ...raas, ...diuretics],
      `${list(nsaids)} with ${list(raas)} and ${list(diuretics)}.`.replace(/^./, (c) => c.toUpperCase()),
    );

  const regularOpioids = names((m) => isOpioid(m) && m.doseKind !== 'prn');
  if (regularOpioids.length > 0 && !meds.some(inGroup('laxative')))
    raise(
      'LAXATIVE_WITH_OPIOID',
      regularOpioids,
      `Regular ${list(regularOpioids)} with no laxative on the list.`,
    );

  return out
    .map((c, i) => ({ c, i }))
    .sort((a, b) => SEVERITY_ORDER.indexOf(a.c.severity) - SEVERITY_ORDER.indexOf(b.c.severity) || a.i - b.i)
    .map(({ c }) => c);
}
