/**
 * "Fill this session" and the waiting list's "ready only" filter read the list here (issue 14): in list order
 * (priority, breach date, listing); fill this session a chunk at a time from a position in the list (keyset on
 * index intervention_requests_list), either every request or only those that can be ready.
 *
 * A request cannot be ready while consent stage 1 is not recorded in full (its date and the information
 * leaflet version: consentStage1Recorded in shared/clinical/interventions) and no per-item override covers
 * it. Once the not-ready patients shown are all found, only a ready patient changes the answer, so the rest
 * of the list is read with {@link consentCovered}: a request that cannot be ready is never read (at 28,000
 * waiting, reading every request to drop most of them in JavaScript was most of the time). The condition
 * may let through a request that is still not ready (spaces other than the plain space around a leaflet
 * version, an override whose other fields are odd): readiness is evaluated for each request read, so only
 * what it lets through costs anything; it never drops a request whose consent is recorded or overridden.
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { CONSENT_STAGE_1_ITEM } from '../../shared/clinical/interventions/readiness';
import type { DB } from '../schema';
import { jsonListHas, jsonTextField } from './dialect';
import { LIST_COLUMNS, READINESS_COLUMNS, listBase, type ListFilter } from './interventions';

type Db = Kysely<DB>;

/** A position in the waiting list's order: the last request read (its rank, breach date and id). */
export interface ListPosition {
  priority_rank: number;
  rtt_breach_date: string;
  id: number;
}

/**
 * Consent stage 1 recorded in full (a non-empty date and a leaflet version that is not blank) or covered by a
 * per-item override (override_items_json: a list of item ids in older rows, of {itemId, reason, by, at} in
 * newer ones), read from the stored JSON of request `r`.
 */
export function consentCovered(db: Db): Expression<SqlBool> {
  const date = jsonTextField(db, 'r.readiness_json', 'consentStage1Date');
  const leaflet = jsonTextField(db, 'r.readiness_json', 'consentLeafletVersion');
  const overridden = jsonListHas(db, 'r.override_items_json', CONSENT_STAGE_1_ITEM, 'itemId');
  return sql<SqlBool>`((coalesce(${date}, '') <> '' and trim(coalesce(${leaflet}, '')) <> '') or ${overridden})`;
}

/**
 * Waiting requests for these procedures (the ones that fit the session) in list order, after `after` (none:
 * from the top), at most `limit` (none: all), only those whose consent is covered when `canBeReady`; with the
 * stored readiness record and overrides, and the position of each for the next chunk.
 */
export function waitingInOrder(
  db: Db,
  procedureCodes: readonly string[],
  opts: { after?: ListPosition; limit?: number; canBeReady?: boolean } = {},
) {
  let qb = listBase(db, { status: 'waiting' })
    .select(LIST_COLUMNS)
    .select(READINESS_COLUMNS)
    .select('r.priority_rank')
    .where('r.procedure_code', 'in', procedureCodes);
  const { after, limit, canBeReady } = opts;
  if (after)
    qb = qb.where(({ eb, refTuple, tuple }) =>
      eb(
        refTuple('r.priority_rank', 'r.rtt_breach_date', 'r.id'),
        '>',
        tuple(after.priority_rank, after.rtt_breach_date, after.id),
      ),
    );
  if (canBeReady) qb = qb.where(consentCovered(db));
  qb = qb.orderBy('r.priority_rank').orderBy('r.rtt_breach_date').orderBy('r.id');
  return (limit === undefined ? qb : qb.limit(limit)).execute();
}

/**
 * The whole filtered list in order, only the requests that can be ready ({@link consentCovered}), with the
 * readiness record: the "ready only" filter evaluates each.
 */
export function canBeReadyInOrder(db: Db, f: ListFilter) {
  return listBase(db, f)
    .select(LIST_COLUMNS)
    .select(READINESS_COLUMNS)
    .where(consentCovered(db))
    .orderBy('r.priority_rank')
    .orderBy('r.rtt_breach_date')
    .orderBy('r.id')
    .execute();
}
