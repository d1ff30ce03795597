import type { Kysely } from 'kysely';
import type { DB } from '../schema';

type Db = Kysely<DB>;

export function spReferralById(db: Db, id: number) {
  return db
    .selectFrom('rehab_sp_referrals as r')
    .leftJoin('users as u', 'u.id', 'r.referrer_id')
    .selectAll('r')
    .select('u.display_name as referrer_name')
    .where('r.id', '=', id)
    .executeTakeFirst();
}

export function spReferralsForPatient(db: Db, patientId: number) {
  return db
    .selectFrom('rehab_sp_referrals as r')
    .leftJoin('users as u', 'u.id', 'r.referrer_id')
    .selectAll('r')
    .select('u.display_name as referrer_name')
    .where('r.patient_id', '=', patientId)
    .orderBy('r.referred_on', 'desc')
    .orderBy('r.id', 'desc')
    .execute();
}

export function spAttendanceFor(db: Db, referralIds: readonly number[]) {
  if (referralIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('rehab_sp_attendance')
    .selectAll()
    .where('referral_id', 'in', referralIds)
    .orderBy('referral_id')
    .orderBy('session_date')
    .execute();
}

export function measuresByIds(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('rehab_measures')
    .select(['id', 'patient_id', 'measure', 'administered_on', 'total', 'band', 'score_json'])
    .where('id', 'in', ids)
    .execute();
}

/** The service list, one status or all, newest first (rehab_sp_referrals_status / _patient indexes). */
export function spList(db: Db, status: string | null, limit: number) {
  let q = db
    .selectFrom('rehab_sp_referrals as r')
    .innerJoin('patients as p', 'p.id', 'r.patient_id')
    .select((eb) => [
      'r.id',
      'r.patient_id',
      'p.surname',
      'p.forename',
      'p.nhs_number',
      'r.referred_on',
      'r.route',
      'r.activity_type',
      'r.activity',
      'r.status',
      eb
        .selectFrom('rehab_sp_attendance as a')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('a.referral_id', '=', 'r.id')
        .where('a.attended', '=', 1)
        .as('attended'),
      eb
        .selectFrom('rehab_sp_attendance as a')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('a.referral_id', '=', 'r.id')
        .as('sessions'),
    ])
    .orderBy('r.referred_on', 'desc')
    .orderBy('r.id', 'desc')
    .limit(limit);
  if (status !== null) q = q.where('r.status', '=', status);
  return q.execute();
}

export function spCountsByStatus(db: Db) {
  return db
    .selectFrom('rehab_sp_referrals')
    .select(({ fn }) => ['status', fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
}
