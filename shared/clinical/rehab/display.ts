/**
 * How rehab scores are shown (issue 15): rounded as each measure's manual reports them, every part of the
 * result a clinician needs in words, and a change badge that says what its rule says.
 */
import { formatDecimal } from '../numbers';
import type { ChangeResult } from './change';
import type { MeasureId } from './measures';
import type { MeasureScore } from './scoring';

/**
 * Decimal places each measure's score is reported to: means (PSFS average, BPI severity and interference) to 1
 * decimal place; the SWEMWBS converted score to 2, as in the Warwick conversion table; sums are whole numbers.
 */
export const SCORE_DECIMALS: Readonly<Record<MeasureId, number>> = {
  'PHQ-9': 0,
  'GAD-7': 0,
  PSEQ: 0,
  SWEMWBS: 0,
  PSFS: 1,
  BPI: 1,
  'EQ-5D-5L': 0,
  PCS: 0,
  'TSK-11': 0,
  'STarT Back': 0,
};

/** A score rounded for display (e.g. PSFS mean 17/3 → "5.7"); the stored value keeps full precision. */
export function formatScore(measure: MeasureId, value: number): string {
  return formatDecimal(value, SCORE_DECIMALS[measure] ?? 2);
}

/** The result in words: main score, band, and the parts stored beside it (BPI interference, EQ-5D profile, SWEMWBS converted score). */
export function describeScore(measure: MeasureId, s: MeasureScore): string {
  const parts: string[] = [];
  if (measure === 'BPI') {
    parts.push(
      s.total === null ? 'Pain severity not scored' : `Pain severity ${formatScore('BPI', s.total)}`,
    );
    const interference = s.subscales?.interference;
    parts.push(
      interference === undefined
        ? 'interference not scored'
        : `interference ${formatScore('BPI', interference)}`,
    );
  } else if (measure === 'EQ-5D-5L') {
    parts.push(`Profile ${s.profile ?? 'incomplete'}`);
    parts.push(s.total === null ? 'EQ VAS not recorded' : `EQ VAS ${formatDecimal(s.total, 0)}`);
  } else if (measure === 'SWEMWBS') {
    if (s.total !== null) parts.push(`Raw total ${formatDecimal(s.total, 0)}`);
    if (s.metric !== undefined) parts.push(`converted score ${formatDecimal(s.metric, 2)}`);
  } else if (s.total !== null) {
    parts.push(formatScore(measure, s.total));
  }
  let text = parts.join(', ');
  if (s.band) text += ` (${s.band})`;
  return text;
}

/**
 * The badge for a change, agreeing with its rule: "Meaningful improvement/deterioration" only where the rule
 * is a minimal important change or a measurement-error threshold; the EQ-5D-5L Paretian classification (any
 * one-level change counts, explicitly not a minimal important change) says "Better/Worse profile".
 */
export function changeBadge(c: ChangeResult): { label: string; good: boolean } | null {
  if (!c.meaningful || c.improved === null) return null;
  if (c.thresholdUnit === 'level')
    return c.improved
      ? { label: 'Better health profile (Paretian)', good: true }
      : { label: 'Worse health profile (Paretian)', good: false };
  return c.improved
    ? { label: 'Meaningful improvement', good: true }
    : { label: 'Meaningful deterioration', good: false };
}
