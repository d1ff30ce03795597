/**
 * Is a change between two administrations meaningful? Each measure's change rule (threshold, unit, source)
 * lives in its definition (`MEASURES[id].changeFlags`); this module applies it and explains the result in
 * words, naming the threshold and its source.
 */
import { ClinicalInputError } from '../errors';
import { formatDecimal } from '../numbers';
import { MEASURES, type ChangeFlagRule, type MeasureId } from './measures';
import { measureDefinition, type MeasureScore } from './scoring';

/** The result of comparing two scores. */
export interface ChangeResult {
  /** `after − before` in the score's own units (EQ-5D-5L: the EQ VAS change); null when it cannot be worked out. */
  change: number | null;
  /** True when the change reaches the threshold (in either direction). */
  meaningful: boolean;
  /** True if the change is in the better direction, false if worse, null if none or not classifiable. */
  improved: boolean | null;
  /** The threshold applied, in `thresholdUnit`. */
  threshold: number;
  /** Points on the scale, percent of the starting score, or EQ-5D levels. */
  thresholdUnit: 'points' | 'percent' | 'level';
  /** One or two sentences for the clinician: the numbers, the verdict, the threshold and its source. */
  explanation: string;
}

/** Paretian classification of a change between two EQ-5D-5L profiles. */
export interface ParetianChange {
  classification: 'better' | 'worse' | 'mixed' | 'unchanged';
  /** Dimensions that improved (level went down), e.g. `['mobility']`. */
  better: string[];
  /** Dimensions that got worse (level went up). */
  worse: string[];
}

/** Allowance for floating-point error when comparing a change with its threshold (e.g. PSFS means). */
const EPSILON = 1e-9;

const EQ5D_DIMENSION_NAMES = [
  'mobility',
  'self-care',
  'usual activities',
  'pain/discomfort',
  'anxiety/depression',
];

function fmt(value: number): string {
  return formatDecimal(value, 2);
}

function signed(value: number): string {
  if (value > 0) return `+${fmt(value)}`;
  if (value < 0) return `−${fmt(-value)}`;
  return '0';
}

function unitWord(unit: 'points' | 'percent' | 'level', value: number): string {
  if (unit === 'percent') return '% of the starting score';
  if (unit === 'level') return value === 1 ? ' level' : ' levels';
  return value === 1 ? ' point' : ' points';
}

function describeThreshold(rule: ChangeFlagRule): string {
  const t = rule.threshold;
  return `${fmt(t.value)}${unitWord(t.unit, t.value)} (${t.kind}; ${t.source}; evidence ${t.evidence})`;
}

function scaleName(measure: MeasureId, scale: string): string {
  if (scale === 'total') {
    if (measure === 'BPI') return 'BPI pain severity';
    if (measure === 'PSFS') return 'PSFS average';
    return `${measure} total`;
  }
  if (scale === 'metric') return `${measure} metric score`;
  const sub = MEASURES[measure].subscales?.find((s) => s.key === scale);
  return `${measure} ${sub ? sub.name.toLowerCase() : scale}`;
}

function valueOf(score: MeasureScore, scale: string): number | null {
  if (scale === 'total') return score.total;
  if (scale === 'metric') return score.metric ?? null;
  return score.subscales?.[scale] ?? null;
}

function checkScoreObject(score: unknown, which: string): asserts score is MeasureScore {
  if (typeof score !== 'object' || score === null) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `The ${which} score is missing; pass the result of scoreMeasure.`,
      which,
    );
  }
}

function verdict(meaningful: boolean, improved: boolean | null): string {
  if (improved === null) return 'no change';
  if (!meaningful) return 'smaller than the threshold, so not a meaningful change';
  return improved ? 'meaningful improvement' : 'meaningful deterioration';
}

function checkProfile(profile: unknown, which: string): string {
  if (typeof profile !== 'string' || !/^[1-5]{5}$/.test(profile)) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `EQ-5D-5L ${which} profile "${String(profile)}" is not valid: it must be five digits, each 1 to 5 (e.g. 21332).`,
      which,
    );
  }
  return profile;
}

/**
 * Paretian classification of health change between two EQ-5D-5L profiles: `better` if at least one dimension
 * improved and none got worse, `worse` the reverse, `mixed` if some improved and some got worse, `unchanged`
 * otherwise. Needs no value set.
 *
 * @throws ClinicalInputError (`INVALID_INPUT`) when a profile is not five digits 1–5.
 */
export function paretianChange(before: string, after: string): ParetianChange {
  const b = checkProfile(before, 'before');
  const a = checkProfile(after, 'after');
  const better: string[] = [];
  const worse: string[] = [];
  for (let i = 0; i < 5; i++) {
    const from = Number(b[i]);
    const to = Number(a[i]);
    const name = EQ5D_DIMENSION_NAMES[i] ?? `dimension ${i + 1}`;
    if (to < from) better.push(name);
    if (to > from) worse.push(name);
  }
  const classification =
    better.length > 0 && worse.length > 0
      ? 'mixed'
      : better.length > 0
        ? 'better'
        : worse.length > 0
          ? 'worse'
          : 'unchanged';
  return { classification, better, worse };
}

function eq5dChange(rule: ChangeFlagRule, before: MeasureScore, after: MeasureScore): ChangeResult {
  const threshold = rule.threshold.value;
  const vasChange = before.total !== null && after.total !== null ? after.total - before.total : null;
  const vasText =
    vasChange === null
      ? 'EQ VAS change not available (a VAS is missing).'
      : `EQ VAS ${before.total} → ${after.total} (${signed(vasChange)}); no minimal important change is set for the VAS.`;
  if (before.profile === undefined || after.profile === undefined) {
    const which = before.profile === undefined ? 'earlier' : 'later';
    return {
      change: vasChange,
      meaningful: false,
      improved: null,
      threshold,
      thresholdUnit: 'level',
      explanation: `The ${which} EQ-5D-5L profile is incomplete, so the profiles cannot be compared. ${vasText}`,
    };
  }
  const p = paretianChange(before.profile, after.profile);
  const detail: string[] = [];
  if (p.better.length > 0) detail.push(`better: ${p.better.join(', ')}`);
  if (p.worse.length > 0) detail.push(`worse: ${p.worse.join(', ')}`);
  const improved = p.classification === 'better' ? true : p.classification === 'worse' ? false : null;
  return {
    change: vasChange,
    meaningful: p.classification === 'better' || p.classification === 'worse',
    improved,
    threshold,
    thresholdUnit: 'level',
    explanation:
      `EQ-5D-5L profile ${before.profile} → ${after.profile}: ${p.classification}` +
      `${detail.length > 0 ? ` (${detail.join('; ')})` : ''} by the Paretian classification, where a change of ` +
      `one level in any dimension counts; it is not a minimal important change. ${vasText}`,
  };
}

/**
 * Compare two scores of the same measure against the measure's change threshold.
 *
 * The default scale is the first entry of `MEASURES[measure].changeFlags`: the total for most measures, the
 * metric score for SWEMWBS, the pain severity mean for BPI (30% of the starting score), the mean for PSFS
 * (MDC 2 points) and the Paretian classification of the profile for EQ-5D-5L. Pass `scale` for another flagged
 * scale (BPI: `interference`, `averagePain`, `worstPain`).
 *
 * A change counts as meaningful when its size reaches the threshold, in either direction; `improved` says
 * which way. For a percentage threshold a starting score of 0 gives no verdict (meaningful false).
 *
 * @throws ClinicalInputError `UNKNOWN_MEASURE` for an unknown id; `INVALID_INPUT` for a measure without a
 *   change rule (STarT Back: compare risk groups instead), an unknown scale, or a missing score object.
 */
export function meaningfulChange(
  measure: MeasureId,
  before: MeasureScore,
  after: MeasureScore,
  scale?: string,
): ChangeResult {
  const def = measureDefinition(measure);
  checkScoreObject(before, 'before');
  checkScoreObject(after, 'after');
  if (def.changeFlags.length === 0) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `${def.id} has no change threshold${def.id === 'STarT Back' ? ' (it is a screening tool); compare the risk groups instead' : ''}.`,
      'measure',
    );
  }
  const rule = scale === undefined ? def.changeFlags[0] : def.changeFlags.find((f) => f.scale === scale);
  if (!rule) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `${def.id} has no change rule for "${String(scale)}". Scales with a rule: ` +
        `${def.changeFlags.map((f) => f.scale).join(', ')}.`,
      'scale',
    );
  }
  if (rule.scale === 'profile') return eq5dChange(rule, before, after);

  const { value: threshold, unit } = rule.threshold;
  const name = scaleName(def.id, rule.scale);
  const direction = def.higherIsBetter ? 'Higher is better.' : 'Lower is better.';
  const b = valueOf(before, rule.scale);
  const a = valueOf(after, rule.scale);
  if (b === null || a === null) {
    const which = b === null ? 'earlier' : 'later';
    const missingScore = b === null ? before : after;
    return {
      change: null,
      meaningful: false,
      improved: null,
      threshold,
      thresholdUnit: unit,
      explanation:
        `No change can be worked out: the ${which} ${name} is not available` +
        `${missingScore.reason ? ` (${missingScore.reason.replace(/\.$/, '')})` : ''}.`,
    };
  }

  const change = a - b;
  const improved = change === 0 ? null : def.higherIsBetter ? change > 0 : change < 0;
  const numbers = `${name} ${fmt(b)} → ${fmt(a)} (${signed(change)} ${Math.abs(change) === 1 ? 'point' : 'points'})`;

  if (unit === 'percent') {
    if (b === 0) {
      return {
        change,
        meaningful: false,
        improved,
        threshold,
        thresholdUnit: unit,
        explanation:
          `${numbers}. A percentage change cannot be worked out from a starting score of 0, so no verdict is ` +
          `given against the threshold of ${describeThreshold(rule)}. ${direction}`,
      };
    }
    const percent = (change / b) * 100;
    const meaningful = change !== 0 && Math.abs(percent) >= threshold - EPSILON;
    return {
      change,
      meaningful,
      improved,
      threshold,
      thresholdUnit: unit,
      explanation:
        `${numbers}, ${signed(percent)}% of the starting score: ${verdict(meaningful, improved)}. ` +
        `Threshold: ${describeThreshold(rule)}. ${direction}`,
    };
  }

  const meaningful = change !== 0 && Math.abs(change) >= threshold - EPSILON;
  return {
    change,
    meaningful,
    improved,
    threshold,
    thresholdUnit: unit,
    explanation: `${numbers}: ${verdict(meaningful, improved)}. Threshold: ${describeThreshold(rule)}. ${direction}`,
  };
}

function checkPsfsValue(value: unknown, which: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 10) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `PSFS ${which} score ${String(value)} is not valid: PSFS scores run from 0 to 10.`,
      which,
    );
  }
  return value;
}

/**
 * PSFS change flagged against the minimal detectable change (90% confidence, Stratford et al. 1995): 2 points
 * for the average score, 3 points for a single activity. Higher is better.
 *
 * @param before - earlier PSFS score (0–10): the mean of the activities, or one activity's rating.
 * @param after - later PSFS score (0–10), for the same activities.
 * @param level - `'average'` (default) for the mean score, `'activity'` for a single activity.
 * @throws ClinicalInputError (`INVALID_INPUT`) for a score outside 0–10 or not a number.
 */
export function psfsChange(
  before: number,
  after: number,
  level: 'average' | 'activity' = 'average',
): ChangeResult {
  const b = checkPsfsValue(before, 'before');
  const a = checkPsfsValue(after, 'after');
  const def = MEASURES.PSFS;
  const threshold =
    level === 'activity'
      ? (def.otherThresholds?.find((t) => t.appliesTo === 'single activity') ?? { value: 3, source: '' })
      : (def.mdc ?? { value: 2, source: '' });
  const change = a - b;
  const improved = change === 0 ? null : change > 0;
  const meaningful = change !== 0 && Math.abs(change) >= threshold.value - EPSILON;
  const what = level === 'activity' ? 'PSFS activity' : 'PSFS average';
  const outcome =
    improved === null
      ? 'no change'
      : meaningful
        ? `beyond the minimal detectable change, so a real ${improved ? 'improvement' : 'deterioration'}`
        : 'within the minimal detectable change, so it may be measurement error';
  return {
    change,
    meaningful,
    improved,
    threshold: threshold.value,
    thresholdUnit: 'points',
    explanation:
      `${what} ${fmt(b)} → ${fmt(a)} (${signed(change)} points): ${outcome}. Minimal detectable change ` +
      `${fmt(threshold.value)} points for ${level === 'activity' ? 'a single activity' : 'the average score'} ` +
      `(${threshold.source}). Higher is better.`,
  };
}
