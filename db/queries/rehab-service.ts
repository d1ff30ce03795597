import type { Kysely } from 'kysely';
import type { DB } from '../schema';

/**
 * The service view's figures for a period (issue 15). Plain Kysely (both engines); entered-in-error
 * measures and reviews are left out.
 */
type Db = Kysely<DB>;
interface Period {
  pathway: string | null;
  from: string;
  to: string;
}

/** Episodes (plans) referred in the period. */
export async function episodesReferred(db: Db, p: Period): Promise<number> {
  let q = db
    .selectFrom('rehab_plans')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('referral_date', '>=', p.from)
    .where('referral_date', '<=', p.to);
  if (p.pathway) q = q.where('pathway', '=', p.pathway);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Per episode referred in the period and measure: how many scored administrations on how many days. */
export async function episodeMeasureDays(db: Db, p: Period) {
  let q = db
    .selectFrom('rehab_measures as m')
    .innerJoin('rehab_plans as pl', 'pl.id', 'm.plan_id')
    .select((eb) => [
      'm.plan_id',
      'm.measure',
      eb.fn.count<number>('m.administered_on').distinct().as('days'),
    ])
    .where('pl.referral_date', '>=', p.from)
    .where('pl.referral_date', '<=', p.to)
    .where('m.total', 'is not', null)
    .where('m.entered_in_error_at', 'is', null)
    .groupBy(['m.plan_id', 'm.measure']);
  if (p.pathway) q = q.where('pl.pathway', '=', p.pathway);
  return q.execute();
}

/** First-versus-latest change rows whose latest administration was completed in the period. */
export async function changesCompletedIn(db: Db, p: Period) {
  let q = db
    .selectFrom('rehab_measure_change as c')
    .innerJoin('rehab_measures as latest', 'latest.id', 'c.latest_id')
    .select(['c.measure', 'c.meaningful', 'c.improved'])
    .where('c.change', 'is not', null)
    .where('latest.administered_on', '>=', p.from)
    .where('latest.administered_on', '<=', p.to);
  if (p.pathway) q = q.where('c.pathway', '=', p.pathway);
  return q.execute();
}

/** GAS reviews with a T-score in the period, newest first (the service keeps each episode's latest). */
export async function reviewsIn(db: Db, p: Period) {
  let q = db
    .selectFrom('rehab_reviews as r')
    .innerJoin('rehab_plans as pl', 'pl.id', 'r.plan_id')
    .select(['r.plan_id', 'r.t_score', 'r.no_progress', 'r.review_date', 'r.id'])
    .where('r.review_date', '>=', p.from)
    .where('r.review_date', '<=', p.to)
    .where('r.t_score', 'is not', null)
    .where('r.entered_in_error_at', 'is', null)
    .orderBy('r.review_date', 'desc')
    .orderBy('r.id', 'desc');
  if (p.pathway) q = q.where('pl.pathway', '=', p.pathway);
  return q.execute();
}
