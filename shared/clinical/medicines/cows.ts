import { ClinicalInputError } from '../errors';
import type { RuleSetMeta } from '../errors';
import { describe } from './numbers';

/** One COWS item: its name and the scores a clinician may choose (note the gaps, e.g. 0/1/2/4). */
export interface CowsItem {
  key: string;
  label: string;
  options: readonly number[];
  /** What each score means (same order as `options`), summarised from Wesson & Ling 2003. */
  descriptors: readonly string[];
}

/** COWS severity band. */
export type CowsBand = 'none' | 'mild' | 'moderate' | 'moderately severe' | 'severe';

/** Metadata for the Clinical Opiate Withdrawal Scale. */
export const COWS_META: RuleSetMeta = {
  id: 'cows',
  name: 'Clinical Opiate Withdrawal Scale (COWS)',
  version: '1.0.0',
  source:
    'Wesson DR, Ling W. The Clinical Opiate Withdrawal Scale (COWS). J Psychoactive Drugs 2003;35(2):253-9.',
};

/**
 * The 11 COWS items in form order, with the allowed scores for each (maximum total 48) and what each score
 * means (issue 13: COWS shows each item's descriptors), summarised from the published scale.
 */
export const COWS_ITEMS: readonly CowsItem[] = [
  {
    key: 'restingPulse',
    label: 'Resting pulse rate',
    options: [0, 1, 2, 4],
    descriptors: ['80 or below', '81-100', '101-120', 'above 120'],
  },
  {
    key: 'sweating',
    label: 'Sweating',
    options: [0, 1, 2, 3, 4],
    descriptors: [
      'none',
      'subjective chills or flushing',
      'flushed or moist face',
      'beads of sweat',
      'sweat streaming',
    ],
  },
  {
    key: 'restlessness',
    label: 'Restlessness',
    options: [0, 1, 3, 5],
    descriptors: [
      'sits still',
      'reports difficulty, but able',
      'frequent shifting or extra movements',
      'cannot sit still more than a few seconds',
    ],
  },
  {
    key: 'pupilSize',
    label: 'Pupil size',
    options: [0, 1, 2, 5],
    descriptors: [
      'pinned or normal',
      'possibly larger than normal',
      'moderately dilated',
      'only the rim of the iris visible',
    ],
  },
  {
    key: 'boneJointAches',
    label: 'Bone or joint aches',
    options: [0, 1, 2, 4],
    descriptors: [
      'none',
      'mild diffuse discomfort',
      'severe diffuse aching',
      'rubbing joints or muscles, cannot sit still',
    ],
  },
  {
    key: 'runnyNoseTearing',
    label: 'Runny nose or tearing',
    options: [0, 1, 2, 4],
    descriptors: [
      'none',
      'stuffiness or moist eyes',
      'running nose or tearing',
      'nose constantly running or tears streaming',
    ],
  },
  {
    key: 'giUpset',
    label: 'GI upset',
    options: [0, 1, 2, 3, 5],
    descriptors: [
      'none',
      'stomach cramps',
      'nausea or loose stool',
      'vomiting or diarrhoea',
      'multiple episodes',
    ],
  },
  {
    key: 'tremor',
    label: 'Tremor',
    options: [0, 1, 2, 4],
    descriptors: ['none', 'felt, not seen', 'slight, visible', 'gross tremor or twitching'],
  },
  {
    key: 'yawning',
    label: 'Yawning',
    options: [0, 1, 2, 4],
    descriptors: ['none', 'once or twice', 'three or more times', 'several times a minute'],
  },
  {
    key: 'anxietyIrritability',
    label: 'Anxiety or irritability',
    options: [0, 1, 2, 4],
    descriptors: [
      'none',
      'reports increasing',
      'obviously irritable or anxious',
      'so much that taking part is difficult',
    ],
  },
  {
    key: 'gooseflesh',
    label: 'Gooseflesh skin',
    options: [0, 3, 5],
    descriptors: ['smooth', 'piloerection felt, hairs standing up', 'prominent piloerection'],
  },
];

/** Band edges (inclusive lower bounds): below 5 none; 5-12 mild; 13-24 moderate; 25-36 moderately severe; above 36 severe. */
export const COWS_BANDS: readonly { band: CowsBand; min: number; max: number }[] = [
  { band: 'none', min: 0, max: 4 },
  { band: 'mild', min: 5, max: 12 },
  { band: 'moderate', min: 13, max: 24 },
  { band: 'moderately severe', min: 25, max: 36 },
  { band: 'severe', min: 37, max: 48 },
];

/**
 * Scores the COWS: the sum of the 11 item scores (in {@link COWS_ITEMS} order) and its band.
 *
 * @throws ClinicalInputError (`INVALID_ITEMS`) unless there are exactly 11 scores and each is one of the
 *   options allowed for its item (for example the pulse item allows 0, 1, 2 or 4, not 3).
 */
export function scoreCows(items: number[]): { total: number; band: CowsBand } {
  if (!Array.isArray(items) || items.length !== COWS_ITEMS.length) {
    throw new ClinicalInputError(
      'INVALID_ITEMS',
      `COWS needs exactly ${COWS_ITEMS.length} item scores (got ${Array.isArray(items) ? items.length : 'none'}).`,
      'items',
    );
  }
  let total = 0;
  COWS_ITEMS.forEach((item, i) => {
    const value: unknown = items[i];
    if (typeof value !== 'number' || !item.options.includes(value)) {
      throw new ClinicalInputError(
        'INVALID_ITEMS',
        `COWS item ${i + 1} (${item.label}) must be one of ${item.options.join(', ')} (got ${describe(value)}).`,
        `items.${i}`,
      );
    }
    total += value;
  });
  const band = COWS_BANDS.find((b) => total >= b.min && total <= b.max)?.band ?? 'severe';
  return { total, band };
}
