import type { Kysely } from 'kysely';
import type { DB } from '../schema';

type Db = Kysely<DB>;

/** The plan column holding a collection point's anchor date. */
export type AnchorColumn = 'referral_date' | 'treatment_start_date' | 'discharge_date';

/**
 * One collection point of the Measures due worklist over the anchor dates that put its due date in the
 * worklist's window: active plans whose anchor date is in [from, to] and that still lack at least one of the
 * point's measures (the recorded ones counted from the covering index rehab_measures_plan_point).
 */
export interface DuePointWindow {
  column: AnchorColumn;
  from: string;
  to: string;
  timePointId: string;
  measures: readonly string[];
}

function duePointRows(db: Db, w: DuePointWindow) {
  const anchor = `pl.${w.column}` as const;
  return db
    .selectFrom('rehab_plans as pl')
    .where('pl.status', '=', 'active')
    .where(anchor, '>=', w.from)
    .where(anchor, '<=', w.to)
    .where((eb) =>
      eb(
        eb
          .selectFrom('rehab_measures as m')
          // The point's measures counted in the select, not the where: one range of the index per plan
          // instead of one look-up per measure.
          .select((e) =>
            e.fn
              .count(
                e
                  .case()
                  .when('m.measure', 'in', [...w.measures])
                  .then(e.ref('m.measure'))
                  .end(),
              )
              .distinct()
              .as('n'),
          )
          .whereRef('m.plan_id', '=', 'pl.id')
          .where('m.time_point', '=', w.timePointId)
          .where('m.entered_in_error_at', 'is', null),
        '<',
        w.measures.length,
      ),
    );
}

/** How many active plans have this collection point due or overdue in the window (issue 18: index only). */
export function countDuePointQuery(db: Db, w: DuePointWindow) {
  return duePointRows(db, w).select((eb) => eb.fn.countAll().as('n'));
}

export async function countDuePoint(db: Db, w: DuePointWindow): Promise<number> {
  const r = await countDuePointQuery(db, w).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * The first `limit` of them by anchor date (so by due date) and patient, with the patient's name and NHS
 * number; `limit` null for every one (used for the few plans sharing the last due date shown).
 */
export function duePointPageQuery(db: Db, w: DuePointWindow, limit: number | null) {
  const anchor = `pl.${w.column}` as const;
  const q = duePointRows(db, w)
    .innerJoin('patients as p', 'p.id', 'pl.patient_id')
    .select(['pl.id', 'pl.patient_id', `${anchor} as anchor_date`, 'p.surname', 'p.forename', 'p.nhs_number'])
    .orderBy(anchor)
    .orderBy('pl.patient_id')
    .orderBy('pl.id');
  return limit === null ? q : q.limit(limit);
}

export function duePointPage(db: Db, w: DuePointWindow, limit: number | null) {
  return duePointPageQuery(db, w, limit).execute();
}

/** The (time point, measure) pairs recorded against these plans, not entered in error. */
export function measuresRecordedForPlansQuery(db: Db, planIds: readonly number[]) {
  return db
    .selectFrom('rehab_measures as m')
    .select(['m.plan_id', 'm.time_point', 'm.measure'])
    .where('m.plan_id', 'in', [...planIds])
    .where('m.entered_in_error_at', 'is', null);
}

export function measuresRecordedForPlans(db: Db, planIds: readonly number[]) {
  if (planIds.length === 0) return Promise.resolve([]);
  return measuresRecordedForPlansQuery(db, planIds).execute();
}
