import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../schema';

type Db = Kysely<DB> | Transaction<DB>;

function alertsBase(db: Db) {
  return db
    .selectFrom('rehab_risk_alerts as a')
    .leftJoin('users as rb', 'rb.id', 'a.raised_by')
    .leftJoin('users as ab', 'ab.id', 'a.acknowledged_by')
    .selectAll('a')
    .select(['rb.display_name as raised_by_name', 'ab.display_name as acknowledged_by_name']);
}

export type RiskAlertRow = Awaited<ReturnType<ReturnType<typeof alertsBase>['execute']>>[number];

/** A patient's risk alerts, open first, then newest form first (rehab_risk_alerts_patient). */
export function alertsOfPatient(db: Db, patientId: number) {
  return alertsBase(db)
    .where('a.patient_id', '=', patientId)
    .orderBy('a.status', 'desc')
    .orderBy('a.administered_on', 'desc')
    .orderBy('a.id', 'desc')
    .execute();
}

export function alertById(db: Db, alertId: number) {
  return alertsBase(db).where('a.id', '=', alertId).executeTakeFirst();
}

/** Every open alert with its patient, oldest form first (rehab_risk_alerts_status). */
export function openAlertsWithPatients(db: Db, limit: number) {
  return alertsBase(db)
    .innerJoin('patients as p', 'p.id', 'a.patient_id')
    .select(['p.surname', 'p.forename', 'p.nhs_number'])
    .where('a.status', '=', 'open')
    .orderBy('a.administered_on')
    .orderBy('a.id')
    .limit(limit)
    .execute();
}

export async function insertAlert(
  db: Db,
  row: {
    patient_id: number;
    measure_id: number;
    measure: string;
    item: number;
    answer: number;
    item_label: string;
    administered_on: string;
    raised_at: string;
    raised_by: number | null;
  },
): Promise<number> {
  const { id } = await db
    .insertInto('rehab_risk_alerts')
    .values({ ...row, source: 'entry', status: 'open', version: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
