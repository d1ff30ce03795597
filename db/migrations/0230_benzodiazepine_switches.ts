import type { Kysely } from 'kysely';

/**
 * Issue 13 (benzodiazepine switch to diazepam, Ashton): `benzodiazepine_switches` records each switch of a
 * short-acting benzodiazepine line to diazepam: the line stopped and the diazepam line started, the daily doses
 * (worked out and rounded), the equivalence and the rule set used, so the GP letter of a later diazepam taper
 * names the switch and the equivalence.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('benzodiazepine_switches')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('from_item_id', 'integer', (c) => c.notNull())
    .addColumn('to_item_id', 'integer', (c) => c.notNull())
    .addColumn('from_text', 'text', (c) => c.notNull())
    .addColumn('from_mg_per_24h', 'real', (c) => c.notNull())
    .addColumn('worked_mg_per_24h', 'real', (c) => c.notNull())
    .addColumn('diazepam_mg_per_24h', 'real', (c) => c.notNull())
    .addColumn('equivalence', 'text', (c) => c.notNull())
    .addColumn('working', 'text', (c) => c.notNull())
    .addColumn('rule_set_id', 'text', (c) => c.notNull())
    .addColumn('rule_set_version', 'text', (c) => c.notNull())
    .addColumn('switched_on', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('benzodiazepine_switches_to_item')
    .on('benzodiazepine_switches')
    .column('to_item_id')
    .execute();
}
