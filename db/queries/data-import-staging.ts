import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../schema';

type Db = Kysely<DB> | Transaction<DB>;

/** CSV imports staged in the database (migration 0225), so that any server instance can continue one. */
export interface StagedRow {
  id: string;
  owner_hash: string;
  user_id: number;
  chars: number;
  body: string;
  checked_json: string | null;
}

export async function insertStaged(
  db: Db,
  row: { id: string; ownerHash: string; userId: number; at: string },
): Promise<void> {
  await db
    .insertInto('data_import_staging')
    .values({
      id: row.id,
      owner_hash: row.ownerHash,
      user_id: row.userId,
      created_at: row.at,
      touched_at: row.at,
    })
    .execute();
}

export async function stagedRow(db: Db, id: string, withBody: boolean): Promise<StagedRow | undefined> {
  const row = await db
    .selectFrom('data_import_staging')
    .select(['id', 'owner_hash', 'user_id', 'chars', 'checked_json'])
    .$if(withBody, (q) => q.select('body'))
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? ({ body: '', ...row } as StagedRow) : undefined;
}

/** Adds one part to the text received so far (in the database: nothing of the file is held in memory). */
export async function appendPart(db: Db, id: string, chunk: string, at: string): Promise<void> {
  await db
    .updateTable('data_import_staging')
    .set({
      body: sql<string>`body || ${chunk}`,
      chars: sql<number>`chars + ${chunk.length}`,
      touched_at: at,
    })
    .where('id', '=', id)
    .execute();
}

/** The checked result replaces the text (which is no longer needed). */
export async function saveChecked(db: Db, id: string, checkedJson: string, at: string): Promise<void> {
  await db
    .updateTable('data_import_staging')
    .set({ body: '', checked_json: checkedJson, touched_at: at })
    .where('id', '=', id)
    .execute();
}

export async function deleteStaged(db: Db, id: string): Promise<void> {
  await db.deleteFrom('data_import_staging').where('id', '=', id).execute();
}

/** Forgets imports left untouched since `before` (an ISO instant). */
export async function sweepStaged(db: Db, before: string): Promise<void> {
  await db.deleteFrom('data_import_staging').where('touched_at', '<', before).execute();
}
