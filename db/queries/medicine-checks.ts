import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../schema';
import type { MedicineCheckAcksTable, MedicinePatientFactsTable } from '../schema-medicines';

type Db = Kysely<DB>;

/** The latest fact row of `kind` ('renal' or 'pregnancy') for a patient, or undefined. */
export function latestFact(db: Db, patientId: number, kind: 'renal' | 'pregnancy') {
  return db
    .selectFrom('medicine_patient_facts')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('kind', '=', kind)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertFact(db: Db, row: Insertable<MedicinePatientFactsTable>): Promise<number> {
  const r = await db
    .insertInto('medicine_patient_facts')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Every acknowledgement for a patient, oldest first (the latest per key wins when read). */
export function acksOfPatient(db: Db, patientId: number) {
  return db
    .selectFrom('medicine_check_acks')
    .leftJoin('users', 'users.id', 'medicine_check_acks.acknowledged_by')
    .select([
      'medicine_check_acks.check_key',
      'medicine_check_acks.reason',
      'medicine_check_acks.acknowledged_at',
      'medicine_check_acks.rule_set_version',
      'users.display_name as by_name',
    ])
    .where('medicine_check_acks.patient_id', '=', patientId)
    .orderBy('medicine_check_acks.id')
    .execute();
}

export async function insertAck(db: Db, row: Insertable<MedicineCheckAcksTable>): Promise<number> {
  const r = await db.insertInto('medicine_check_acks').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}
