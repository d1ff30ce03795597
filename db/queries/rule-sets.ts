import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../schema';
import type { RuleSetVersionsTable } from '../schema-rules';

/** All SQL of the rule-set store. `Kysely<DB>` or a transaction. */
type Db = Kysely<DB>;

/** The columns of a current row, as the in-memory cache holds them. */
export interface CurrentRuleSetRow {
  id: number;
  set_key: string;
  version: string;
  name: string;
  source: string;
  body: string;
  is_default: number;
}

/**
 * The newest row's id and time: changes with every save (rows are never updated or deleted), and also
 * when a restore brings back a database whose history went another way.
 */
export async function ruleSetStamp(db: Db): Promise<string> {
  const row = await db
    .selectFrom('rule_set_versions')
    .select(['id', 'created_at'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? `${row.id}|${row.created_at}` : '';
}

/** Every current (not superseded) row of every kind, oldest first: what the in-memory cache holds. */
export function currentRowsEveryKind(db: Db): Promise<(CurrentRuleSetRow & { kind: string })[]> {
  return db
    .selectFrom('rule_set_versions')
    .select(['id', 'kind', 'set_key', 'version', 'name', 'source', 'body', 'is_default'])
    .where('superseded_at', 'is', null)
    .orderBy('id')
    .execute();
}

const viewColumns = [
  'rule_set_versions.id',
  'rule_set_versions.kind',
  'rule_set_versions.set_key',
  'rule_set_versions.version',
  'rule_set_versions.name',
  'rule_set_versions.source',
  'rule_set_versions.body',
  'rule_set_versions.is_default',
  'rule_set_versions.created_at',
  'rule_set_versions.created_by',
  'rule_set_versions.reason',
  'rule_set_versions.superseded_at',
  'rule_set_versions.superseded_by_id',
  'users.display_name as created_by_name',
] as const;

export function versionsOfSet(db: Db, kind: string, setKey: string) {
  return db
    .selectFrom('rule_set_versions')
    .leftJoin('users', 'users.id', 'rule_set_versions.created_by')
    .select(viewColumns)
    .where('rule_set_versions.kind', '=', kind)
    .where('rule_set_versions.set_key', '=', setKey)
    .orderBy('rule_set_versions.id', 'desc')
    .execute();
}

export function currentRowsAll(db: Db) {
  return db
    .selectFrom('rule_set_versions')
    .leftJoin('users', 'users.id', 'rule_set_versions.created_by')
    .select(viewColumns)
    .where('rule_set_versions.superseded_at', 'is', null)
    .orderBy('rule_set_versions.id')
    .execute();
}

export function versionCounts(db: Db) {
  return db
    .selectFrom('rule_set_versions')
    .select(['kind', 'set_key', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['kind', 'set_key'])
    .execute();
}

export function currentRowOfSet(db: Db, kind: string, setKey: string) {
  return db
    .selectFrom('rule_set_versions')
    .selectAll()
    .where('kind', '=', kind)
    .where('set_key', '=', setKey)
    .where('superseded_at', 'is', null)
    .executeTakeFirst();
}

/** The name and source a version was saved with (any kind): what a record made with it says it used. */
export function nameOfVersion(db: Db, setKey: string, version: string) {
  return db
    .selectFrom('rule_set_versions')
    .select(['name', 'source'])
    .where('set_key', '=', setKey)
    .where('version', '=', version)
    .orderBy('id')
    .executeTakeFirst();
}

export async function versionTaken(db: Db, kind: string, setKey: string, version: string): Promise<boolean> {
  const row = await db
    .selectFrom('rule_set_versions')
    .select('id')
    .where('kind', '=', kind)
    .where('set_key', '=', setKey)
    .where('version', '=', version)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertVersion(db: Db, row: Insertable<RuleSetVersionsTable>): Promise<number> {
  const { id } = await db
    .insertInto('rule_set_versions')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Marks the current row superseded (before its successor is inserted: one current row per set). */
export async function markSuperseded(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('rule_set_versions').set({ superseded_at: at }).where('id', '=', id).execute();
}

/** Links a superseded row to its successor (once; a trigger refuses any later change). */
export async function linkSuccessor(db: Db, id: number, byId: number): Promise<void> {
  await db.updateTable('rule_set_versions').set({ superseded_by_id: byId }).where('id', '=', id).execute();
}

// ------------------------------------------------- the per-patient OME aggregates (recomputed on a change)

/**
 * Every current, active medicine line (for recomputing patient_ome after an OME factor change): only the
 * columns `doseFieldsOf` reads, because the wide rows (OME text, notes) would make this several times slower.
 */
export function allActiveMedicineLines(db: Db) {
  return db
    .selectFrom('medicine_entries')
    .select([
      'patient_id',
      'generic',
      'drug_class',
      'route',
      'dose_kind',
      'dose_mg',
      'times_per_day',
      'prn_max_mg_per_24h',
      'patch_mcg_per_hour',
      'patch_change_every_days',
      'administrations_json',
    ])
    .where('current', '=', 1)
    .where('status', '=', 'active')
    .execute();
}

export function allPatientOme(db: Db) {
  return db.selectFrom('patient_ome').selectAll().execute();
}

export function allPatientOmeTotals(db: Db) {
  return db
    .selectFrom('patient_ome')
    .select(['patient_id', 'total_mg_per_24h', 'high_dose', 'harm_rises'])
    .execute();
}
