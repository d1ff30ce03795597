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

/**
 * Paired completeness per measure over the episodes referred in the period: `baseline` episodes with a
 * scored administration of the measure, `paired` those with scores on two days or more. Counted in SQL (one
 * row per measure, not one per episode), from rehab_measures_plan_cover.
 */
export async function episodeMeasureDays(db: Db, p: Period) {
  let perEpisode = db
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
  if (p.pathway) perEpisode = perEpisode.where('pl.pathway', '=', p.pathway);
  return db
    .selectFrom(perEpisode.as('e'))
    .select((eb) => [
      'e.measure',
      eb.fn.countAll<number>().as('baseline'),
      eb.fn.sum<number>(eb.case().when('e.days', '>=', 2).then(1).else(0).end()).as('paired'),
    ])
    .groupBy('e.measure')
    .execute();
}

/**
 * First-versus-latest change rows whose latest administration was completed in the period: one range of
 * rehab_measure_change_latest_on, which holds every column read here. Counted by the caller: with a GROUP BY
 * here SQLite chose to walk the per-measure index instead and read each row for its date (ten times slower).
 */
export async function changesCompletedIn(db: Db, p: Period) {
  let q = db
    .selectFrom('rehab_measure_change as c')
    .select(['c.measure', 'c.meaningful', 'c.improved'])
    .where('c.latest_on', '>=', p.from)
    .where('c.latest_on', '<=', p.to)
    .where('c.change', 'is not', null);
  if (p.pathway) q = q.where('c.pathway', '=', p.pathway);
  return q.execute();
}

/**
 * GAS reviews with a T-score in the period, newest first (the service keeps each episode's latest). Read
 * from rehab_reviews_review_date alone; the plans are joined only to choose a pathway.
 */
export async function reviewsIn(db: Db, p: Period) {
  const q = db
    .selectFrom('rehab_reviews as r')
    .select(['r.plan_id', 'r.t_score', 'r.no_progress', 'r.review_date', 'r.id'])
    .where('r.review_date', '>=', p.from)
    .where('r.review_date', '<=', p.to)
    .where('r.t_score', 'is not', null)
    .where('r.entered_in_error_at', 'is', null)
    .orderBy('r.review_date', 'desc')
    .orderBy('r.id', 'desc');
  const pathway = p.pathway;
  if (!pathway) return q.execute();
  return q
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('rehab_plans as pl')
          .select('pl.id')
          .whereRef('pl.id', '=', 'r.plan_id')
          .where('pl.pathway', '=', pathway),
      ),
    )
    .execute();
}
