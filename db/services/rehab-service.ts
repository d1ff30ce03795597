import { MEASURE_IDS, type MeasureId } from '../../shared/clinical/rehab/measures';
import type { CompletenessRow, PeriodOutcomeRow, ServicePeriod } from '../../shared/domain/rehab-service';
import type { Pathway } from '../../shared/domain/rehab';
import {
  changesCompletedIn,
  episodeMeasureDays,
  episodesReferred,
  reviewsIn,
} from '../queries/rehab-service';
import type { HandlerContext } from './context';

const percent = (part: number, whole: number) => (whole === 0 ? null : (100 * part) / whole);

/** The service view for a period (issue 15): episodes, paired completeness, outcomes, GAS summary. */
export async function servicePeriod(
  ctx: HandlerContext,
  input: { pathway: Pathway | null; from: string; to: string },
): Promise<ServicePeriod> {
  const db = ctx.conn.db;
  const [episodes, days, changes, reviews] = await Promise.all([
    episodesReferred(db, input),
    episodeMeasureDays(db, input),
    changesCompletedIn(db, input),
    reviewsIn(db, input),
  ]);
  const completeness: CompletenessRow[] = [];
  const outcomes: PeriodOutcomeRow[] = [];
  for (const measure of MEASURE_IDS as readonly MeasureId[]) {
    const mine = days.find((d) => d.measure === measure);
    if (mine && Number(mine.baseline) > 0) {
      const baseline = Number(mine.baseline);
      const paired = Number(mine.paired);
      completeness.push({ measure, baseline, paired, percentPaired: percent(paired, baseline) });
    }
    const c = changes.filter((x) => x.measure === measure);
    if (c.length > 0) {
      const improved = c.filter((x) => x.meaningful === 1 && x.improved === 1).length;
      const deteriorated = c.filter((x) => x.meaningful === 1 && x.improved === 0).length;
      outcomes.push({
        measure,
        paired: c.length,
        improved,
        deteriorated,
        percentImproved: percent(improved, c.length),
      });
    }
  }
  const latestPerPlan = new Map<number, (typeof reviews)[number]>();
  for (const r of reviews) if (!latestPerPlan.has(r.plan_id)) latestPerPlan.set(r.plan_id, r);
  const latest = [...latestPerPlan.values()];
  const scores = latest.map((r) => Number(r.t_score));
  return {
    pathway: input.pathway,
    from: input.from,
    to: input.to,
    episodes,
    completeness,
    outcomes,
    gas: {
      episodesReviewed: latest.length,
      meanTScore: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null,
      atOrAbove50: scores.filter((t) => t >= 50).length,
      noProgress: latest.filter((r) => r.no_progress === 1).length,
    },
  };
}
