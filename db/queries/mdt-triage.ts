import type { Kysely, Updateable } from 'kysely';
import type { DB } from '../schema';
import type { ServiceReferralsTable } from '../schema-mdt';

/**
 * Reads and writes for referral triage (issue 3; moved out of db/services/mdt-triage.ts in issue 16 so the
 * service holds no SQL). Services call these inside their transactions.
 */

/** A referral with its patient, MDT type and triager: one row of the queue (or one referral's view). */
export function triageRows(db: Kysely<DB>) {
  return (
    db
      .selectFrom('service_referrals as r')
      // CROSS JOIN keeps the referrals as the outer loop in SQLite (the queue reads referrals by status and
      // looks each patient up by id); a plain inner join let the planner scan every patient instead.
      .crossJoin('patients as p')
      .whereRef('p.id', '=', 'r.patient_id')
      .leftJoin('mdt_meeting_types as t', 't.id', 'r.meeting_type_id')
      .leftJoin('users as u', 'u.id', 'r.triaged_by')
      .select([
        'r.id',
        'r.patient_id',
        'r.received_on',
        'r.source',
        'r.referrer_name',
        'r.referral_reason',
        'r.urgency',
        'r.status',
        'r.pathway',
        'r.meeting_type_id',
        'r.decision_reason',
        'r.triaged_at',
        'r.mdt_referral_id',
        'r.version',
        'p.surname',
        'p.forename',
        'p.nhs_number',
        't.name as meeting_type_name',
        'u.display_name as triaged_by_name',
      ])
  );
}
export type TriageRow = Awaited<ReturnType<ReturnType<typeof triageRows>['executeTakeFirstOrThrow']>>;

export function triageRow(db: Kysely<DB>, id: number) {
  return triageRows(db).where('r.id', '=', id).executeTakeFirst();
}

/** The queue: awaiting first, urgent first within, oldest first; optionally filtered. */
export function triageQueueRows(
  db: Kysely<DB>,
  filter: { status: string | null; pathway: string | null; limit: number },
) {
  let q = triageRows(db);
  if (filter.status !== null) q = q.where('r.status', '=', filter.status);
  if (filter.pathway !== null) q = q.where('r.pathway', '=', filter.pathway);
  return q
    .orderBy('r.status', 'asc') // 'awaiting' < 'triaged'
    .orderBy((eb) => eb.case().when('r.urgency', '=', 'urgent').then(0).else(1).end(), 'asc')
    .orderBy('r.received_on', 'asc')
    .orderBy('r.id', 'asc')
    .limit(filter.limit)
    .execute();
}

/** How many referrals are waiting, and how many of those are urgent. */
export function awaitingCounts(db: Kysely<DB>) {
  return db
    .selectFrom('service_referrals')
    .select((eb) => [
      eb.fn.countAll<number>().as('awaiting'),
      eb.fn.sum<number>(eb.case().when('urgency', '=', 'urgent').then(1).else(0).end()).as('urgent'),
    ])
    .where('status', '=', 'awaiting')
    .executeTakeFirstOrThrow();
}

export function patientExists(db: Kysely<DB>, id: number) {
  return db.selectFrom('patients').select('id').where('id', '=', id).executeTakeFirst();
}

export function meetingTypeExists(db: Kysely<DB>, id: number) {
  return db.selectFrom('mdt_meeting_types').select('id').where('id', '=', id).executeTakeFirst();
}

export function insertServiceReferral(
  db: Kysely<DB>,
  values: {
    patient_id: number;
    received_on: string;
    source: string;
    referrer_name: string;
    referrer_role: string;
    referrer_organisation: string;
    referrer_address: string;
    referral_reason: string;
    urgency: string;
    created_at: string;
    created_by: number;
  },
) {
  return db
    .insertInto('service_referrals')
    .values({ ...values, status: 'awaiting' })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function serviceReferralRow(db: Kysely<DB>, id: number) {
  return db.selectFrom('service_referrals').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Moves a referral on from `from` with these values and the next version, only if nobody has changed it
 * since it was read (optimistic concurrency). Returns how many rows changed (1 or 0).
 */
export async function updateServiceReferralIfUnchanged(
  db: Kysely<DB>,
  before: { id: number; version: number },
  from: 'awaiting' | 'triaged',
  values: Omit<Updateable<ServiceReferralsTable>, 'id' | 'version'>,
): Promise<number> {
  const updated = await db
    .updateTable('service_referrals')
    .set({ ...values, version: before.version + 1 })
    .where('id', '=', before.id)
    .where('version', '=', before.version)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows);
}

export function mdtReferralRow(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('mdt_referrals')
    .select(['id', 'listing_id', 'status'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** A listing with its meeting's status and whether it has any outcome (draft or confirmed). */
export async function listingForReopen(db: Kysely<DB>, listingId: number) {
  const listing = await db
    .selectFrom('mdt_listings as l')
    .innerJoin('mdt_meetings as m', 'm.id', 'l.meeting_id')
    .select(['l.id', 'l.status', 'l.started_at', 'm.status as meeting_status'])
    .where('l.id', '=', listingId)
    .executeTakeFirstOrThrow();
  const outcome = await db
    .selectFrom('mdt_outcomes')
    .select('id')
    .where('listing_id', '=', listingId)
    .executeTakeFirst();
  return { ...listing, hasOutcome: outcome !== undefined };
}

/**
 * Of these MDT referrals, the listings of those whose MDT case has visibly started (discussed, started, or
 * with an outcome), and of the rest those that were carried or moved from an earlier listing (the caller
 * walks those chains: a case started at an earlier meeting counts too). One query for the whole queue.
 */
export async function listingsOfMdtReferrals(db: Kysely<DB>, mdtReferralIds: number[]) {
  if (mdtReferralIds.length === 0) return [];
  return db
    .selectFrom('mdt_referrals as f')
    .innerJoin('mdt_listings as l', 'l.id', 'f.listing_id')
    .select((eb) => [
      'f.id as mdt_referral_id',
      'l.id as listing_id',
      eb
        .case()
        .when(
          eb.or([
            eb('l.status', '=', 'discussed'),
            eb('l.started_at', 'is not', null),
            eb.exists(
              eb.selectFrom('mdt_outcomes as o').select('o.id').whereRef('o.listing_id', '=', 'l.id'),
            ),
          ]),
        )
        .then(1)
        .else(0)
        .end()
        .as('started'),
      eb
        .case()
        .when(
          eb.or([
            eb('l.carried_from_listing_id', 'is not', null),
            eb.exists(
              eb
                .selectFrom('mdt_listings as e')
                .select('e.id')
                .whereRef('e.moved_to_listing_id', '=', 'l.id'),
            ),
          ]),
        )
        .then(1)
        .else(0)
        .end()
        .as('has_earlier'),
    ])
    .where('f.id', 'in', mdtReferralIds)
    .execute();
}

/** Another live referral merged into the same listing (it keeps the patient on the list). */
export function otherLiveReferralOn(db: Kysely<DB>, listingId: number, exceptReferralId: number) {
  return db
    .selectFrom('mdt_referrals')
    .select('id')
    .where('listing_id', '=', listingId)
    .where('id', '!=', exceptReferralId)
    .where('status', '!=', 'withdrawn')
    .executeTakeFirst();
}

export function withdrawMdtReferral(db: Kysely<DB>, id: number) {
  return db.updateTable('mdt_referrals').set({ status: 'withdrawn' }).where('id', '=', id).execute();
}
