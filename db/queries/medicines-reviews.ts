import type { Insertable, Kysely } from 'kysely';
import { compiledWith } from '../compiled';
import type { DB } from '../schema';
import type { MedicineReviewsTable } from '../schema-medicines';
import { inIntegerList } from './dialect';

/** SQL for medicines reviews and PRN amounts taken (Kysely). `Kysely<DB>` or a transaction. */
type Db = Kysely<DB>;

export async function insertMedicineReview(db: Db, row: Insertable<MedicineReviewsTable>): Promise<number> {
  const { id } = await db
    .insertInto('medicine_reviews')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function insertPrnTaken(
  db: Db,
  rows: {
    review_id: number;
    patient_id: number;
    item_id: number;
    entry_id: number;
    review_date: string;
    taken_mg_per_24h: number;
    prescribed_max_mg_per_24h: number | null;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('prn_taken').values(rows).execute();
}

export async function insertReviewSnapshot(
  db: Db,
  row: {
    patient_id: number;
    effective_date: string;
    total_mg_per_24h: number;
    complete: number;
    recorded_at: string;
    review_id: number;
  },
): Promise<void> {
  await db.insertInto('ome_snapshots').values(row).execute();
}

/** A patient's reviews, newest first (index medicine_reviews_patient). */
/** The latest 20 reviews of a patient (built and compiled once: read on every open of the medicines tab). */
const latestReviewsOfPatient = compiledWith<{ patientId: number }>()((db, p) =>
  db
    .selectFrom('medicine_reviews')
    .leftJoin('users', 'users.id', 'medicine_reviews.recorded_by')
    .selectAll('medicine_reviews')
    .select('users.display_name as recorded_by_name')
    .where('patient_id', '=', p('patientId'))
    .orderBy('review_date', 'desc')
    .orderBy('medicine_reviews.id', 'desc')
    .limit(20),
);

export function medicineReviewsOfPatient(db: Db, patientId: number) {
  return latestReviewsOfPatient.all(db, { patientId });
}

export function medicineReviewById(db: Db, id: number) {
  return db
    .selectFrom('medicine_reviews')
    .leftJoin('users', 'users.id', 'medicine_reviews.recorded_by')
    .selectAll('medicine_reviews')
    .select('users.display_name as recorded_by_name')
    .where('medicine_reviews.id', '=', id)
    .executeTakeFirst();
}

/** The amounts taken recorded for these medicine versions, newest review last (index prn_taken_entry). */
/** Amounts taken recorded for any of these entries; the ids travel as one JSON array (one statement). */
const takenForEntryIds = compiledWith<{ ids: string }>()((db, p) =>
  db
    .selectFrom('prn_taken')
    .select(['entry_id', 'review_id', 'review_date', 'taken_mg_per_24h', 'prescribed_max_mg_per_24h'])
    .where(inIntegerList(db, 'entry_id', p('ids')))
    .orderBy('review_date')
    .orderBy('id'),
);

export function takenForEntries(db: Db, entryIds: number[]) {
  if (entryIds.length === 0) return Promise.resolve([]);
  return takenForEntryIds.all(db, { ids: JSON.stringify(entryIds) });
}
