import { z } from 'zod';
import type { MeasureId } from '../clinical/rehab/measures';
import { formatDateGb, isIsoDate } from '../dates';
import { PATHWAYS, type Pathway } from './rehab';

/**
 * Issue 15, "Service view": the service's figures for a period (a quarter or a financial year): episodes
 * referred in the period, paired-score completeness (of the episodes with a baseline of a measure, how
 * many also have a later score), outcomes of the scores completed in the period, and a GAS summary of the
 * reviews in the period. Entered-in-error records are left out throughout.
 */

const isoDay = z.string().refine(isIsoDate, 'Enter a date.');
export const servicePeriodSchema = z
  .strictObject({
    pathway: z
      .enum(PATHWAYS)
      .nullish()
      .transform((v) => v ?? null),
    from: isoDay,
    to: isoDay,
  })
  .refine((v) => v.from <= v.to, { path: ['to'], message: 'The end of the period is before its start.' });
export type ServicePeriodInput = z.input<typeof servicePeriodSchema>;

export interface CompletenessRow {
  measure: MeasureId;
  /** Episodes referred in the period with a scored first administration of the measure. */
  baseline: number;
  /** ...of which have a later scored administration in the same episode. */
  paired: number;
  /** paired / baseline × 100, null when no baseline. */
  percentPaired: number | null;
}

export interface PeriodOutcomeRow {
  measure: MeasureId;
  /** Patients whose latest scored administration (compared with their first) was completed in the period. */
  paired: number;
  improved: number;
  deteriorated: number;
  percentImproved: number | null;
}

export interface GasSummary {
  /** Episodes with a GAS review (T-score) in the period: each episode's latest review in the period. */
  episodesReviewed: number;
  /** Mean of those T-scores, null when none (Kiresuk & Sherman 1968: 50 = expected outcome on average). */
  meanTScore: number | null;
  /** Of those, T-score at or above 50. */
  atOrAbove50: number;
  /** Of those, reviews where every rated goal is at or below its baseline. */
  noProgress: number;
}

export interface ServicePeriod {
  pathway: Pathway | null;
  from: string;
  to: string;
  episodes: number;
  completeness: CompletenessRow[];
  outcomes: PeriodOutcomeRow[];
  gas: GasSummary;
}

export interface PeriodChoice {
  value: string;
  label: string;
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * The UK financial year (1 April to 31 March) containing `today`, the one before, and the quarters of
 * both (Q1 April–June … Q4 January–March), newest first. Labels read "Financial year 2026/27" and
 * "Q3 2026/27 (01-Oct-2026 to 31-Dec-2026)".
 */
export function periodChoices(today: string): PeriodChoice[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const fyStart = m >= 4 ? y : y - 1;
  const out: PeriodChoice[] = [];
  for (const start of [fyStart, fyStart - 1]) {
    const fy = `${start}/${pad((start + 1) % 100)}`;
    out.push({
      value: `fy-${start}`,
      label: `Financial year ${fy}`,
      from: `${start}-04-01`,
      to: `${start + 1}-03-31`,
    });
    for (let q = 4; q >= 1; q -= 1) {
      const firstMonth = q === 4 ? 1 : 1 + 3 * q; // Q1 → 4, Q2 → 7, Q3 → 10, Q4 → 1
      const year = q === 4 ? start + 1 : start;
      const from = `${year}-${pad(firstMonth)}-01`;
      if (from > today) continue;
      const to = `${year}-${pad(firstMonth + 2)}-${pad(lastDay(year, firstMonth + 2))}`;
      out.push({
        value: `q${q}-${start}`,
        label: `Q${q} ${fy} (${formatDateGb(from)} to ${formatDateGb(to)})`,
        from,
        to,
      });
    }
  }
  return out;
}
