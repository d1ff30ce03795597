/**
 * Antithrombotics read from the patient's medicines list, for hold plans (ASRA/ESRA 2018, Narouze et al.; the service's clinical decisions (clinical lead),
 * Interventions 1-3).
 *
 * The medicines list records each line as a generic name, a dose in mg and how many times a day; it has no
 * clock times. This module turns the active lines into the drug keys the anticoagulant rule sets use, with
 * the patient's usual dose times proposed from the number of doses a day (the clinician confirms or
 * corrects them on the request). Choices made here, each shown to the clinician as `basis`:
 *
 * - Enoxaparin: 40 mg a day or less is a prophylactic dose, more is therapeutic (BNF: prophylaxis is
 *   20-40 mg once daily; treatment is 1-1.5 mg/kg). An unknown dose counts as therapeutic (the longer hold).
 * - Aspirin: secondary prevention unless the line's indication says "primary" (most UK aspirin is secondary
 *   prevention; the ASRA/ESRA set then asks for a shared decision with cardiology for high-risk procedures,
 *   which is the cautious reading).
 * - NSAIDs the hold rule sets cover (ibuprofen, naproxen) are included for systemic routes only.
 * - Every other anticoagulant or antiplatelet keeps its generic name as the key.
 *
 * Pure: no I/O, no clock.
 */
import { ClinicalInputError } from '../errors';

/** One active line of the medicines list, as the readiness check needs it. */
export interface MedicineListLine {
  /** The medicine line's stable id (the first version's id). */
  itemId: number;
  /** The line's current version. */
  version: number;
  /** Lower-case generic name, e.g. 'apixaban'. */
  generic: string;
  /** Display name, e.g. 'Apixaban tablets'. */
  name: string;
  route: string;
  doseKind: string;
  doseMg: number | null;
  timesPerDay: number | null;
  indication: string;
  startDate: string;
}

/** An antithrombotic found on the medicines list, ready for a hold plan. */
export interface ListedAntithrombotic {
  itemId: number;
  version: number;
  /** The rule-set key, e.g. 'apixaban', 'enoxaparin-prophylactic', 'aspirin-secondary-prevention'. */
  drug: string;
  /** 'Apixaban tablets 5 mg twice a day'. */
  label: string;
  /** '5 mg twice a day'. */
  dose: string;
  /** Usual dose times proposed from the number of doses a day ('HH:mm'). */
  doseTimes: string[];
  /** Why this rule-set key was chosen, when it needed a choice (enoxaparin dose, aspirin indication). */
  basis: string | null;
}

/** Anticoagulants (by generic name) whose key is the generic itself. */
export const LISTED_ANTICOAGULANTS: readonly string[] = [
  'apixaban',
  'rivaroxaban',
  'edoxaban',
  'dabigatran',
  'warfarin',
  'fondaparinux',
];

/** Antiplatelets (by generic name) whose key is the generic itself. */
export const LISTED_ANTIPLATELETS: readonly string[] = [
  'clopidogrel',
  'prasugrel',
  'ticagrelor',
  'dipyridamole',
  'cilostazol',
];

/** NSAIDs that the shipped hold rule sets cover (systemic routes only). */
export const LISTED_NSAIDS: readonly string[] = ['ibuprofen', 'naproxen'];

/** Low-molecular-weight heparins: the key depends on the daily dose. */
export const LMWH_GENERICS: readonly string[] = ['enoxaparin'];

/** Enoxaparin at or below this many mg a day is a prophylactic dose. */
export const ENOXAPARIN_PROPHYLACTIC_MAX_MG_PER_DAY = 40;

/** Usual dose times by doses a day, proposed until the clinician confirms the patient's own times. */
export const USUAL_DOSE_TIMES: Readonly<Record<number, readonly string[]>> = {
  1: ['08:00'],
  2: ['08:00', '20:00'],
  3: ['08:00', '14:00', '20:00'],
  4: ['08:00', '12:00', '16:00', '20:00'],
};

const TIMES_WORDS: Record<number, string> = { 1: 'once a day', 2: 'twice a day', 3: 'three times a day' };

/** Usual dose times for `timesPerDay` (1-4; a missing or larger number is treated as once a day at 08:00). */
export function usualDoseTimes(timesPerDay: number | null): string[] {
  if (timesPerDay !== null && (!Number.isInteger(timesPerDay) || timesPerDay < 1))
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `Doses a day must be a whole number of at least 1 (got ${timesPerDay}).`,
      'timesPerDay',
    );
  return [...(USUAL_DOSE_TIMES[Math.min(timesPerDay ?? 1, 4)] ?? ['08:00'])];
}

/** True when a generic name is an anticoagulant, antiplatelet or covered NSAID that a hold plan needs. */
export function isListedAntithrombotic(generic: string): boolean {
  const g = generic.trim().toLowerCase();
  return (
    LISTED_ANTICOAGULANTS.includes(g) ||
    LISTED_ANTIPLATELETS.includes(g) ||
    LISTED_NSAIDS.includes(g) ||
    LMWH_GENERICS.includes(g) ||
    g === 'aspirin'
  );
}

function doseText(line: MedicineListLine): string {
  if (line.doseMg === null) return 'dose not recorded';
  const times = line.timesPerDay ?? 1;
  const how = TIMES_WORDS[times] ?? `${times} times a day`;
  return line.doseKind === 'prn' ? `${line.doseMg} mg up to ${how} when needed` : `${line.doseMg} mg ${how}`;
}

/**
 * The rule-set key for one line and why, or null when the line is not an antithrombotic a hold plan needs
 * (including topical NSAIDs).
 */
export function antithromboticKey(line: MedicineListLine): { drug: string; basis: string | null } | null {
  const g = line.generic.trim().toLowerCase();
  if (LISTED_ANTICOAGULANTS.includes(g) || LISTED_ANTIPLATELETS.includes(g)) return { drug: g, basis: null };
  if (LISTED_NSAIDS.includes(g)) return line.route === 'topical' ? null : { drug: g, basis: null };
  if (LMWH_GENERICS.includes(g)) {
    const daily = line.doseMg !== null ? line.doseMg * (line.timesPerDay ?? 1) : null;
    if (daily !== null && daily <= ENOXAPARIN_PROPHYLACTIC_MAX_MG_PER_DAY)
      return {
        drug: 'enoxaparin-prophylactic',
        basis: `${daily} mg a day is a prophylactic dose (${ENOXAPARIN_PROPHYLACTIC_MAX_MG_PER_DAY} mg a day or less).`,
      };
    return {
      drug: 'enoxaparin-therapeutic',
      basis:
        daily === null
          ? 'Dose not recorded: taken as a therapeutic dose (the longer hold).'
          : `${daily} mg a day is a therapeutic dose (more than ${ENOXAPARIN_PROPHYLACTIC_MAX_MG_PER_DAY} mg a day).`,
    };
  }
  if (g === 'aspirin') {
    if (/\bprimary\b/i.test(line.indication))
      return {
        drug: 'aspirin-primary-prevention',
        basis: `Primary prevention (the medicines list says “${line.indication}”).`,
      };
    return {
      drug: 'aspirin-secondary-prevention',
      basis:
        'Taken as secondary prevention (the medicines list does not say primary prevention); correct the indication there if not.',
    };
  }
  return null;
}

/**
 * The anticoagulants, antiplatelets and covered NSAIDs among the patient's active medicine lines, in list
 * order, each with its rule-set key, dose and proposed usual dose times.
 *
 * @throws ClinicalInputError for a line with an invalid number of doses a day.
 */
export function antithromboticsFromMedicines(lines: readonly MedicineListLine[]): ListedAntithrombotic[] {
  const out: ListedAntithrombotic[] = [];
  for (const line of lines) {
    const key = antithromboticKey(line);
    if (!key) continue;
    const dose = doseText(line);
    out.push({
      itemId: line.itemId,
      version: line.version,
      drug: key.drug,
      label: `${line.name} ${dose}`,
      dose,
      doseTimes: usualDoseTimes(line.timesPerDay),
      basis: key.basis,
    });
  }
  return out;
}
