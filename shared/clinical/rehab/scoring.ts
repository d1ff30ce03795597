/**
 * Scoring of the outcome measures in {@link MEASURES}: item answers in, total + band + subscales out.
 *
 * Answers are item scores as typed from the form, in item order, with `null` for an item left blank.
 * Out-of-range, non-whole or absent (undefined) answers and a wrong number of answers are input errors and
 * throw; a blank item is not an error, it is handled by the measure's missing-item rule and the result's
 * `reason` says why a total is null. Values are never coerced.
 */
import { ClinicalInputError } from '../errors';
import { bandFor, MEASURES, type MeasureDefinition, type MeasureId } from './measures';
import { blankRiskPrompt, checkRiskItems } from './risk';
import { swemwbsMetric } from './swemwbs';

/** The result of scoring one administration of a measure. */
export interface MeasureScore {
  /**
   * The main score, or null when the missing-item rule does not allow one (see `reason`). For most measures
   * the sum of items; for PSFS the mean of the activities; for BPI the pain severity mean; for EQ-5D-5L the
   * EQ VAS; for SWEMWBS the raw total (the metric score is in `metric`).
   */
  total: number | null;
  /** Band label for the total, where the measure has bands (STarT Back: the risk group). */
  band?: string;
  /** Subscale scores that could be computed, by key (e.g. `interference`, `rumination`, `psychosocial`). */
  subscales?: Record<string, number>;
  /** SWEMWBS metric score from the conversion table. */
  metric?: number;
  /** EQ-5D-5L five-digit profile (mobility, self-care, usual activities, pain/discomfort, anxiety/depression). */
  profile?: string;
  /** Why `total` is null, in words a clinician can act on. */
  reason?: string;
  /** Present and true only when the total was prorated from fewer than all items (an opt-in rule). */
  prorated?: boolean;
  /** Further explanation of a scored result (proration, a subscale that could not be scored). */
  note?: string;
  /** Safety alerts raised by particular answers (PHQ-9 item 9 above 0), whatever the total. */
  alerts?: string[];
  /** Risk items left blank, each a prompt to ask the question (PHQ-9 item 9 blank). */
  prompts?: string[];
}

/** Options for {@link scoreMeasure}. */
export interface ScoreOptions {
  /**
   * Allow the optional proration rules proposed in the reference (off by default; needs clinical sign-off):
   * PHQ-9 with 1 or 2 items missing (mean × 9), PSEQ with exactly 1 missing (mean × 10), both rounded to the
   * nearest whole number with halves rounded up. No other measure has a proration rule.
   */
  prorate?: boolean;
}

function isMeasureId(value: unknown): value is MeasureId {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(MEASURES, value);
}

/** Look up a measure definition, throwing a clinician-readable error for an unknown id. */
export function measureDefinition(measure: MeasureId): MeasureDefinition {
  if (!isMeasureId(measure)) {
    throw new ClinicalInputError(
      'UNKNOWN_MEASURE',
      `"${String(measure)}" is not a measure this app scores. Known measures: ${Object.keys(MEASURES).join(', ')}.`,
      'measure',
    );
  }
  return MEASURES[measure];
}

function rangeFor(def: MeasureDefinition, itemNumber: number): { min: number; max: number } {
  const range = def.answerRanges.find((r) => itemNumber >= r.fromItem && itemNumber <= r.toItem);
  if (!range) {
    // Definitions cover every item; reaching this means the definition itself is wrong.
    throw new ClinicalInputError('INVALID_ITEMS', `${def.id} has no answer range for item ${itemNumber}.`);
  }
  return range;
}

function itemName(def: MeasureDefinition, itemNumber: number): string {
  if (def.id === 'PSFS') return `PSFS activity ${itemNumber}`;
  const label = def.entryLabels[itemNumber - 1];
  return label && !label.startsWith('Item ')
    ? `${def.id} answer ${itemNumber} (${label})`
    : `${def.id} item ${itemNumber}`;
}

function checkAnswers(def: MeasureDefinition, answers: unknown): (number | null)[] {
  if (!Array.isArray(answers)) {
    throw new ClinicalInputError(
      'INVALID_ITEMS',
      `${def.id}: answers must be a list, one per item.`,
      'answers',
    );
  }
  const n = answers.length;
  if (n < def.minItemCount || n > def.itemCount) {
    const expected =
      def.minItemCount === def.itemCount
        ? `${def.itemCount} answers (use null for an item left blank)`
        : `${def.minItemCount} to ${def.itemCount} answers, one per activity the patient named`;
    throw new ClinicalInputError('INVALID_ITEMS', `${def.id} needs ${expected}; ${n} were given.`, 'answers');
  }
  const checked: (number | null)[] = [];
  for (let i = 0; i < n; i++) {
    const value: unknown = answers[i];
    const itemNumber = i + 1;
    const field = `answers[${i}]`;
    if (value === null) {
      checked.push(null);
      continue;
    }
    const { min, max } = rangeFor(def, itemNumber);
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new ClinicalInputError(
        'INVALID_ITEMS',
        `${itemName(def, itemNumber)}: ${value === undefined ? 'no answer given' : `"${String(value)}" is not a whole number`}. ` +
          `Enter a whole number from ${min} to ${max}, or null if the item was left blank.`,
        field,
      );
    }
    if (value < min || value > max) {
      throw new ClinicalInputError(
        'INVALID_ITEMS',
        `${itemName(def, itemNumber)}: ${value} is out of range. Answers are whole numbers from ${min} to ${max}.`,
        field,
      );
    }
    checked.push(value);
  }
  return checked;
}

/** 1-based numbers of the blank items among `itemNumbers` (default: all). */
function blanks(answers: readonly (number | null)[], itemNumbers?: readonly number[]): number[] {
  const numbers = itemNumbers ?? answers.map((_, i) => i + 1);
  return numbers.filter((n) => answers[n - 1] === null || answers[n - 1] === undefined);
}

/** "4" / "3 and 7" / "1, 2 and 5". */
function listItems(items: readonly (number | string)[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${String(items[items.length - 1])}`;
}

/** "1 item missing (item 4)" / "2 items missing (items 3 and 7)". */
function describeMissing(missing: readonly number[]): string {
  const count = missing.length;
  const noun = count === 1 ? 'item' : 'items';
  return `${count} ${noun} missing (${noun} ${listItems(missing)})`;
}

function sumOf(answers: readonly (number | null)[], itemNumbers?: readonly number[]): number {
  const numbers = itemNumbers ?? answers.map((_, i) => i + 1);
  return numbers.reduce((acc, n) => acc + (answers[n - 1] ?? 0), 0);
}

function subscaleScores(
  def: MeasureDefinition,
  answers: readonly (number | null)[],
  keys?: readonly string[],
): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const sub of def.subscales ?? []) {
    if (keys && !keys.includes(sub.key)) continue;
    if (blanks(answers, sub.items).length > 0) continue;
    const sum = sumOf(answers, sub.items);
    out[sub.key] = sub.scoring === 'mean' ? sum / sub.items.length : sum;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Optional result fields where `undefined` means "leave the field out". */
type Extras = { [K in keyof MeasureScore]?: MeasureScore[K] | undefined };

/** Build a result with only the optional fields that have a value, so absent fields are truly absent. */
function withOptional(base: MeasureScore, extras: Extras): MeasureScore {
  const out: MeasureScore = { ...base };
  if (extras.band !== undefined) out.band = extras.band;
  if (extras.subscales !== undefined) out.subscales = extras.subscales;
  if (extras.metric !== undefined) out.metric = extras.metric;
  if (extras.profile !== undefined) out.profile = extras.profile;
  if (extras.reason !== undefined) out.reason = extras.reason;
  if (extras.prorated !== undefined) out.prorated = extras.prorated;
  if (extras.note !== undefined) out.note = extras.note;
  if (extras.alerts !== undefined) out.alerts = extras.alerts;
  return out;
}

/** Shared path for measures whose total is a plain sum with an optional proration rule. */
function scoreSum(
  def: MeasureDefinition,
  answers: readonly (number | null)[],
  prorateUpTo: number,
  subscales?: Record<string, number>,
): MeasureScore {
  const missing = blanks(answers);
  const itemCount = answers.length;
  if (missing.length === 0) {
    const total = sumOf(answers);
    return withOptional({ total }, { band: bandFor(def.bands, total), subscales });
  }
  if (missing.length <= prorateUpTo) {
    const answered = itemCount - missing.length;
    // Integer arithmetic first (sum × items), one division, then round half up.
    const total = Math.round((sumOf(answers) * itemCount) / answered);
    return withOptional(
      { total },
      {
        band: bandFor(def.bands, total),
        subscales,
        prorated: true,
        note:
          `Prorated from ${answered} of ${itemCount} items (${missing.length === 1 ? 'item' : 'items'} ` +
          `${listItems(missing)} missing): mean of the answered ` +
          `items × ${itemCount}, rounded to the nearest whole number.`,
      },
    );
  }
  const allowance =
    prorateUpTo === 0
      ? `${def.id} allows none`
      : `${def.id} allows at most ${prorateUpTo} with proration switched on`;
  return withOptional({ total: null }, { reason: `${describeMissing(missing)}; ${allowance}.`, subscales });
}

function scorePhq9(
  def: MeasureDefinition,
  answers: readonly (number | null)[],
  prorate: boolean,
): MeasureScore {
  const result = scoreSum(def, answers, prorate ? 2 : 0);
  const item9 = answers[8];
  if (item9 !== null && item9 !== undefined && item9 > 0) {
    const label = def.responseOptions?.find((o) => o.value === item9)?.label ?? String(item9);
    result.alerts = [
      `PHQ-9 item 9 (thoughts of being better off dead or of self-harm) answered "${label}" (${item9}): ` +
        'tell the responsible clinician today, whatever the total.',
    ];
  }
  return result;
}

function scoreSwemwbs(def: MeasureDefinition, answers: readonly (number | null)[]): MeasureScore {
  const result = scoreSum(def, answers, 0);
  if (result.total !== null) result.metric = swemwbsMetric(result.total);
  return result;
}

function scorePsfs(answers: readonly (number | null)[]): MeasureScore {
  const activities: Record<string, number> = {};
  answers.forEach((a, i) => {
    if (a !== null) activities[`activity${i + 1}`] = a;
  });
  const subscales = Object.keys(activities).length > 0 ? activities : undefined;
  const missing = blanks(answers);
  if (missing.length > 0) {
    return withOptional(
      { total: null },
      {
        reason:
          `${missing.length === 1 ? 'Activity' : 'Activities'} ${listItems(missing)} not rated; the PSFS mean ` +
          'needs every named activity rated, so that the same activities are compared over time.',
        subscales,
      },
    );
  }
  return withOptional({ total: sumOf(answers) / answers.length }, { subscales });
}

const BPI_SEVERITY_ITEMS = [1, 2, 3, 4] as const;
const BPI_INTERFERENCE_ITEMS = [5, 6, 7, 8, 9, 10, 11] as const;
/** BPI user guide: the interference mean may be used when at least 4 of the 7 items are answered. */
const BPI_INTERFERENCE_MIN_ANSWERED = 4;

function scoreBpi(def: MeasureDefinition, answers: readonly (number | null)[]): MeasureScore {
  const subscales: Record<string, number> = {};
  const notes: string[] = [];

  const severityMissing = blanks(answers, BPI_SEVERITY_ITEMS);
  let total: number | null = null;
  let reason: string | undefined;
  if (severityMissing.length === 0) {
    total = sumOf(answers, BPI_SEVERITY_ITEMS) / BPI_SEVERITY_ITEMS.length;
    subscales.severity = total;
  } else {
    const names = severityMissing.map(
      (n) => `${(def.entryLabels[n - 1] ?? '').replace('Severity: ', '')} (answer ${n})`,
    );
    reason =
      `Pain severity needs all 4 severity answers; missing: ${listItems(names)}.` +
      ' Worst and average pain are still shown on their own when answered.';
  }

  const interferenceMissing = blanks(answers, BPI_INTERFERENCE_ITEMS);
  const answeredInterference = BPI_INTERFERENCE_ITEMS.filter((n) => !interferenceMissing.includes(n));
  if (answeredInterference.length >= BPI_INTERFERENCE_MIN_ANSWERED) {
    subscales.interference = sumOf(answers, answeredInterference) / answeredInterference.length;
    if (interferenceMissing.length > 0) {
      notes.push(
        `Interference is the mean of the ${answeredInterference.length} answered interference items ` +
          `(${interferenceMissing.length} of 7 missing; at least 4 are needed).`,
      );
    }
  } else {
    notes.push(
      `Interference not scored: ${answeredInterference.length} of 7 interference items answered; at least ` +
        `${BPI_INTERFERENCE_MIN_ANSWERED} are needed.`,
    );
  }

  const worst = answers[0];
  const average = answers[2];
  if (worst !== null && worst !== undefined) subscales.worstPain = worst;
  if (average !== null && average !== undefined) subscales.averagePain = average;

  return withOptional(
    { total },
    {
      band: total === null ? undefined : bandFor(def.bands, total),
      subscales: Object.keys(subscales).length > 0 ? subscales : undefined,
      reason,
      note: notes.length > 0 ? notes.join(' ') : undefined,
    },
  );
}

const EQ5D_DIMENSIONS = [
  'mobility',
  'self-care',
  'usual activities',
  'pain/discomfort',
  'anxiety/depression',
];

function scoreEq5d(def: MeasureDefinition, answers: readonly (number | null)[]): MeasureScore {
  const levels = answers.slice(0, 5);
  const vas = answers[5] ?? null;
  const missingDims = levels.flatMap((l, i) =>
    l === null ? [EQ5D_DIMENSIONS[i] ?? `dimension ${i + 1}`] : [],
  );
  const profile = missingDims.length === 0 ? levels.join('') : undefined;
  const subscales = subscaleScores(def, answers);
  const profileProblem =
    missingDims.length > 0
      ? `profile incomplete (${missingDims.join(', ')} not recorded; all five levels are needed)`
      : undefined;

  if (vas === null) {
    return withOptional(
      { total: null },
      {
        profile,
        subscales,
        reason:
          'EQ VAS not recorded' +
          (profileProblem ? `; ${profileProblem}.` : ` (the profile ${profile ?? ''} is complete).`),
      },
    );
  }
  return withOptional(
    { total: vas },
    {
      profile,
      subscales,
      note: profileProblem ? `EQ VAS recorded; ${profileProblem}.` : undefined,
    },
  );
}

function scorePcs(def: MeasureDefinition, answers: readonly (number | null)[]): MeasureScore {
  const result = scoreSum(def, answers, 0, subscaleScores(def, answers));
  if (result.total === null && result.subscales) {
    result.reason = `${result.reason ?? ''} Subscales with all of their own items answered are still shown.`;
  }
  return result;
}

function scoreStartBack(answers: readonly (number | null)[], def: MeasureDefinition): MeasureScore {
  // Item 9 is recorded as the option chosen (0–4); it scores 1 for "very much" (3) or "extremely" (4).
  const scored = answers.map((a, i) => (i === 8 && a !== null ? (a >= 3 ? 1 : 0) : a));
  const subscales = subscaleScores(def, scored);
  const result = scoreSum(def, scored, 0, subscales);
  if (result.total !== null) {
    const psychosocial = subscales?.psychosocial ?? 0;
    result.band = psychosocial >= 4 ? 'high risk' : result.total >= 4 ? 'medium risk' : 'low risk';
  }
  return result;
}

/**
 * Score one administration of a measure.
 *
 * Answer layouts (one answer per item, in order, `null` for a blank item):
 * - PHQ-9: 9 answers 0–3. GAD-7: 7 answers 0–3. PSEQ: 10 answers 0–6. TSK-11: 11 answers 1–4.
 *   PCS: 13 answers 0–4. SWEMWBS: 7 answers 1–5.
 * - PSFS: 1 to 5 answers, one per activity the patient named, each 0–10; `total` is the mean.
 * - BPI: 11 answers 0–10: worst, least, average, now (severity), then general activity, mood, walking
 *   ability, normal work, relations with other people, sleep, enjoyment of life (interference).
 *   `total` is the severity mean; `subscales.interference` the interference mean.
 * - EQ-5D-5L: 6 answers: the five dimension levels 1–5 (mobility, self-care, usual activities,
 *   pain/discomfort, anxiety/depression), then the EQ VAS 0–100. `total` is the VAS, `profile` e.g. '21332'.
 *   No index value is computed.
 * - STarT Back: 9 answers: items 1–8 agree 1 / disagree 0, item 9 the option chosen 0–4 (not at all …
 *   extremely). `band` is the risk group.
 *
 * @param measure - measure id.
 * @param answers - item answers as above.
 * @param options - `prorate: true` switches on the opt-in proration rules (PHQ-9, PSEQ); off by default.
 * @throws ClinicalInputError `UNKNOWN_MEASURE` for an unknown id; `INVALID_ITEMS` for a wrong number of
 *   answers or an answer that is not a whole number in the item's range (the message names the item).
 */
export function scoreMeasure(
  measure: MeasureId,
  answers: readonly (number | null)[],
  options: ScoreOptions = {},
): MeasureScore {
  const def = measureDefinition(measure);
  const checked = checkAnswers(def, answers);
  const result = scoreChecked(def, checked, options.prorate === true);
  const blank = checkRiskItems(def.id, checked).blank;
  if (blank.length > 0) result.prompts = blank.map((b) => blankRiskPrompt(def.id, b));
  return result;
}

function scoreChecked(
  def: MeasureDefinition,
  checked: readonly (number | null)[],
  prorate: boolean,
): MeasureScore {
  switch (def.id) {
    case 'PHQ-9':
      return scorePhq9(def, checked, prorate);
    case 'GAD-7':
      return scoreSum(def, checked, 0);
    case 'PSEQ':
      return scoreSum(def, checked, prorate ? 1 : 0);
    case 'SWEMWBS':
      return scoreSwemwbs(def, checked);
    case 'PSFS':
      return scorePsfs(checked);
    case 'BPI':
      return scoreBpi(def, checked);
    case 'EQ-5D-5L':
      return scoreEq5d(def, checked);
    case 'PCS':
      return scorePcs(def, checked);
    case 'TSK-11':
      return scoreSum(def, checked, 0);
    case 'STarT Back':
      return scoreStartBack(checked, def);
  }
}
