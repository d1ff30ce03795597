import { sql, type Kysely } from 'kysely';

/**
 * Issue 15 (risk is never hidden): a persistent risk alert per risk item answered above its threshold (PHQ-9
 * item 9 above 0), opened whatever the date or order of entry and closed only by a clinician acknowledging it
 * with the action taken. Until now the alert was derived from "the latest PHQ-9", so a back-dated form raised
 * nothing and a later form with item 9 blank hid it.
 *
 * Existing data: every PHQ-9 already recorded with item 9 above 0 opens an alert here (source 'upgrade'), so
 * that no earlier answer stays hidden. The rule is written out as it stood when this migration was written
 * (a migration is a fixed point in time; later rule sets raise alerts through the service).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rehab_risk_alerts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('measure_id', 'integer', (c) => c.notNull().references('rehab_measures.id'))
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('item', 'integer', (c) => c.notNull())
    .addColumn('answer', 'integer', (c) => c.notNull())
    .addColumn('item_label', 'text', (c) => c.notNull())
    .addColumn('administered_on', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('entry', 'upgrade')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'acknowledged')`))
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('raised_by', 'integer', (c) => c.references('users.id'))
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'integer', (c) => c.references('users.id'))
    .addColumn('action_taken', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('rehab_risk_alerts_measure_item')
    .on('rehab_risk_alerts')
    .columns(['measure_id', 'item'])
    .unique()
    .execute();
  await db.schema
    .createIndex('rehab_risk_alerts_patient')
    .on('rehab_risk_alerts')
    .columns(['patient_id', 'status'])
    .execute();
  await db.schema
    .createIndex('rehab_risk_alerts_status')
    .on('rehab_risk_alerts')
    .columns(['status', 'administered_on'])
    .execute();
  await db.schema
    .createIndex('rehab_risk_alerts_raised_by')
    .on('rehab_risk_alerts')
    .column('raised_by')
    .execute();
  await db.schema
    .createIndex('rehab_risk_alerts_acknowledged_by')
    .on('rehab_risk_alerts')
    .column('acknowledged_by')
    .execute();

  // Existing PHQ-9 forms with item 9 above 0 (answers are stored as a JSON list in item order).
  const k = db as unknown as Kysely<{
    rehab_measures: {
      id: number;
      patient_id: number;
      measure: string;
      answers_json: string;
      administered_on: string;
    };
    rehab_risk_alerts: Record<string, unknown>;
  }>;
  const rows = await k
    .selectFrom('rehab_measures')
    .select(['id', 'patient_id', 'answers_json', 'administered_on'])
    .where('measure', '=', 'PHQ-9')
    .execute();
  const at = new Date().toISOString();
  for (const r of rows) {
    let answers: unknown;
    try {
      answers = JSON.parse(r.answers_json);
    } catch {
      continue;
    }
    const item9 = Array.isArray(answers) ? (answers[8] as unknown) : null;
    if (typeof item9 !== 'number' || !(item9 > 0)) continue;
    await k
      .insertInto('rehab_risk_alerts')
      .values({
        patient_id: r.patient_id,
        measure_id: r.id,
        measure: 'PHQ-9',
        item: 9,
        answer: item9,
        item_label: 'thoughts of being better off dead or of self-harm',
        administered_on: r.administered_on,
        source: 'upgrade',
        status: 'open',
        raised_at: at,
        raised_by: null,
        version: 1,
      })
      .execute();
  }
}
