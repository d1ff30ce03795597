import { sql, type Kysely } from 'kysely';
import { nameKey } from '../../shared/search';

/**
 * Issue 18 (screens unambiguous about who):
 * - Name keys re-folded: letters with no Unicode decomposition ("Ł", "ø", "ß") were dropped from the
 *   search keys, so "Lukasiewicz" could not find "Łukasiewicz". Existing rows are re-keyed with the
 *   current `nameKey`; the keys stay on the existing indexes (patients_name, patients_forename).
 * - "No known allergies" becomes a recorded state (0 = not recorded, 1 = the patient has none known),
 *   distinct from an empty allergy list that nobody has asked about. A list with allergies and the flag
 *   set at once is refused by the service; the check constraint keeps the column to 0/1.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('patients')
    .addColumn('no_known_allergies', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`no_known_allergies in (0, 1)`),
    )
    .execute();
  // Only names with letters outside plain ASCII can have a different key.
  const rows = await sql<{
    id: number;
    surname: string;
    forename: string;
    surname_key: string;
    forename_key: string;
  }>`
    select id, surname, forename, surname_key, forename_key from patients
    where surname glob '*[^ -~]*' or forename glob '*[^ -~]*'`.execute(db);
  for (const r of rows.rows) {
    const s = nameKey(r.surname);
    const f = nameKey(r.forename);
    if (s !== r.surname_key || f !== r.forename_key)
      await sql`update patients set surname_key = ${s}, forename_key = ${f} where id = ${r.id}`.execute(db);
  }
}
