import type { RuleSetMeta } from '../errors';
import { MEDICINE_CHECK_RULES, type CheckGroup, type MedicineCheckRuleSet } from './check-rules';

/**
 * What a taper's GP letter and patient calendar say about safety (issue 13): the withdrawal symptoms to
 * expect for the class being reduced, the other opioids and sedating medicines the patient takes, that
 * tolerance falls so going back to an old dose risks overdose, and naloxone advice where it applies.
 * Versioned data with its sources; the words are for clinicians and patients, not for the app.
 */
export type TaperLetterClass = 'opioid' | 'benzodiazepine' | 'gabapentinoid' | 'other';

export interface TaperLetterClassText {
  /** What the patient may notice, in plain words. */
  withdrawal: string;
  /** What to do if it happens. */
  whatToDo: string;
  /** Tolerance falls: returning to an old dose risks overdose (null: not stated for the class). */
  tolerance: string | null;
  source: string;
}

export interface TaperLetterRuleSet {
  meta: RuleSetMeta;
  classes: Record<TaperLetterClass, TaperLetterClassText>;
  /** Naloxone advice: for an opioid taper at or above this total OME, or with a sedating medicine. */
  naloxoneAtOrAboveOmeMgPer24h: number;
  naloxone: string;
  naloxoneSource: string;
}

const FPM_TAPERING = 'Faculty of Pain Medicine, Opioids Aware: Tapering and stopping (2020)';
const NICE_NG215 = 'NICE NG215, Medicines associated with dependence or withdrawal symptoms (2022)';

export const TAPER_LETTER_RULES: TaperLetterRuleSet = {
  meta: {
    id: 'taper-letter-safety-uk',
    name: 'Taper letter safety wording',
    version: '1.0.0',
    source: `${FPM_TAPERING}; ${NICE_NG215}; Scottish Government, Quality prescribing for benzodiazepines and Z-drugs (2024-2027); NHS Fife, Gabapentinoid reduction (2025); MHRA Drug Safety Update, Benzodiazepines and opioids (March 2020).`,
  },
  classes: {
    opioid: {
      withdrawal:
        'Withdrawal can cause sweating, yawning, a runny nose or watering eyes, goose bumps, stomach cramps, ' +
        'loose stools or feeling sick, aches, restlessness, anxiety or irritability, poor sleep and, for a ' +
        'while, more pain. It usually starts within a day or two of a step and settles over a few days.',
      whatToDo:
        'If it is hard to manage, contact the pain team before the next step: the step can be held for longer ' +
        'or the dose taken back to the step before. Do not take extra doses.',
      tolerance:
        'As the dose comes down, the body loses its tolerance within days. Going back to an earlier, higher ' +
        'dose (or taking old supplies) can cause an overdose: drowsiness, slow or shallow breathing, and can be ' +
        'fatal. Do not go back to an old dose without speaking to the prescriber, and return unused medicines ' +
        'to a pharmacy.',
      source: `${FPM_TAPERING}; ${NICE_NG215}`,
    },
    benzodiazepine: {
      withdrawal:
        'Withdrawal can cause anxiety, poor sleep, irritability, shaking, sweating, poor concentration, feeling ' +
        'unreal, muscle aches or twitching, and being more sensitive to light, sound and touch. It can start ' +
        'days after a step and can last longer than with other medicines. Stopping suddenly can cause fits.',
      whatToDo:
        'If symptoms are hard to manage, contact the pain team: the step can be held for longer. Never stop ' +
        'suddenly.',
      tolerance:
        'Tolerance falls as the dose comes down. Going back to an earlier, higher dose, or taking it with ' +
        'alcohol, opioids or other sedating medicines, can cause dangerous drowsiness and slowed breathing.',
      source:
        'Scottish Government, Quality prescribing for benzodiazepines and Z-drugs (2024-2027); Ashton Manual ' +
        `(2002); ${NICE_NG215}`,
    },
    gabapentinoid: {
      withdrawal: 'Withdrawal can cause anxiety, poor sleep, feeling sick, sweating, pain and, rarely, fits.',
      whatToDo:
        'If symptoms are hard to manage, contact the pain team: the step can be held for longer. Do not stop ' +
        'suddenly.',
      tolerance:
        'Tolerance falls as the dose comes down. Going back to an earlier, higher dose, especially with opioids ' +
        'or other sedating medicines, can cause dangerous drowsiness and slowed breathing.',
      source: `NHS Fife, Gabapentinoid reduction (2025); MHRA Drug Safety Updates (gabapentin, October 2017; pregabalin, February 2021); ${NICE_NG215}`,
    },
    other: {
      withdrawal: 'Some people notice their symptoms returning or feel unwell for a few days after a step.',
      whatToDo: 'If this is hard to manage, contact the pain team: the step can be held for longer.',
      tolerance: null,
      source: NICE_NG215,
    },
  },
  naloxoneAtOrAboveOmeMgPer24h: 90,
  naloxone:
    'Because of the opioid dose or the other sedating medicines, we advise a take-home naloxone kit for the ' +
    'patient and the people they live with, and that they know how to use it: a pharmacy or local drug and ' +
    'alcohol service can supply one.',
  naloxoneSource:
    'MHRA Drug Safety Update, Benzodiazepines and opioids (March 2020); FPM Opioids Aware (high dose); ' +
    'CDC Clinical Practice Guideline (2022), recommendation 8',
};

/** One other medicine the letter names (an opioid or a sedating medicine), with why it matters. */
export interface LetterOtherMedicine {
  name: string;
  dose: string;
  why: string;
}

export interface TaperLetterSafety {
  ruleSet: { id: string; version: string; name: string };
  taperClass: TaperLetterClass;
  withdrawal: string;
  whatToDo: string;
  tolerance: string | null;
  /** Source of the class wording (the guideline names, for the letter's footnote). */
  source: string;
  otherMedicines: LetterOtherMedicine[];
  /** Naloxone advice, or null where it does not apply. */
  naloxone: string | null;
  naloxoneSource: string | null;
}

export interface LetterMedicine {
  name: string;
  generic: string;
  drugClass: string;
  doseText: string;
}

const OPIOID_CLASSES = ['strong-opioid', 'weak-opioid'];

/** The class the letter's withdrawal wording is for. */
export function taperLetterClass(generic: string, drugClass: string): TaperLetterClass {
  if (OPIOID_CLASSES.includes(drugClass)) return 'opioid';
  if (drugClass === 'benzodiazepine-z-drug') return 'benzodiazepine';
  if (drugClass === 'gabapentinoid' || ['gabapentin', 'pregabalin'].includes(generic)) return 'gabapentinoid';
  return 'other';
}

const SEDATING_GROUPS: { group: CheckGroup; why: string }[] = [
  { group: 'benzodiazepine', why: 'benzodiazepine (sedating)' },
  { group: 'z-drug', why: 'Z-drug (sedating)' },
  { group: 'gabapentinoid', why: 'gabapentinoid (sedating)' },
  { group: 'tricyclic', why: 'tricyclic antidepressant (sedating)' },
  { group: 'antipsychotic', why: 'antipsychotic (sedating)' },
  { group: 'baclofen', why: 'muscle relaxant (sedating)' },
];

/** Why another medicine matters to a taper letter: an opioid or a sedating medicine (null: it does not). */
export function whyNamed(
  m: Pick<LetterMedicine, 'generic' | 'drugClass'>,
  checks: Pick<MedicineCheckRuleSet, 'groups'> = MEDICINE_CHECK_RULES,
): string | null {
  if (OPIOID_CLASSES.includes(m.drugClass)) return 'opioid';
  const generic = m.generic.toLowerCase();
  const hit = SEDATING_GROUPS.find((g) => checks.groups[g.group].includes(generic));
  if (hit) return hit.why;
  if (m.drugClass === 'benzodiazepine-z-drug') return 'benzodiazepine or Z-drug (sedating)';
  if (m.drugClass === 'gabapentinoid') return 'gabapentinoid (sedating)';
  return null;
}

/**
 * The letter's safety section for a taper of `tapered`, given the patient's other current medicines and the
 * total OME (mg/24 h, regular plus as-needed at maximum; null when not known).
 */
export function taperLetterSafety(
  input: {
    tapered: Pick<LetterMedicine, 'generic' | 'drugClass'>;
    others: LetterMedicine[];
    totalOmeMgPer24h: number | null;
  },
  rules: TaperLetterRuleSet = TAPER_LETTER_RULES,
  checks: Pick<MedicineCheckRuleSet, 'groups'> = MEDICINE_CHECK_RULES,
): TaperLetterSafety {
  const taperClass = taperLetterClass(input.tapered.generic, input.tapered.drugClass);
  const text = rules.classes[taperClass];
  const otherMedicines = input.others.flatMap((m) => {
    const why = whyNamed(m, checks);
    return why ? [{ name: m.name, dose: m.doseText, why }] : [];
  });
  const anyOpioid = taperClass === 'opioid' || otherMedicines.some((m) => m.why === 'opioid');
  const sedating =
    taperClass === 'benzodiazepine' ||
    taperClass === 'gabapentinoid' ||
    otherMedicines.some((m) => m.why !== 'opioid');
  const highDose =
    input.totalOmeMgPer24h !== null && input.totalOmeMgPer24h >= rules.naloxoneAtOrAboveOmeMgPer24h;
  const naloxone = anyOpioid && (highDose || sedating);
  return {
    ruleSet: { id: rules.meta.id, version: rules.meta.version, name: rules.meta.name },
    taperClass,
    withdrawal: text.withdrawal,
    whatToDo: text.whatToDo,
    tolerance: text.tolerance,
    source: text.source,
    otherMedicines,
    naloxone: naloxone ? rules.naloxone : null,
    naloxoneSource: naloxone ? rules.naloxoneSource : null,
  };
}
