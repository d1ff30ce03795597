import type Database from 'better-sqlite3';
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

interface Statements {
  stamp: Database.Statement<[], string | undefined>;
  current: Database.Statement<[string], CurrentRuleSetRow>;
}
const statements = new WeakMap<Database.Database, Statements>();

function prepared(sqlite: Database.Database): Statements {
  let s = statements.get(sqlite);
  if (!s) {
    s = {
      stamp: sqlite
        .prepare<[], string | undefined>(
          "SELECT id || '|' || created_at FROM rule_set_versions ORDER BY id DESC LIMIT 1",
        )
        .pluck(),
      current: sqlite.prepare<[string], CurrentRuleSetRow>(
        `SELECT id, set_key, version, name, source, body, is_default FROM rule_set_versions
         WHERE kind = ? AND superseded_at IS NULL ORDER BY id`,
      ),
    };
    statements.set(sqlite, s);
  }
  return s;
}

/**
 * Synchronous reads on the connection's own handle, for the hot path (the cache's freshness check and its
 * reload). Synchronous on purpose: the caller may be inside a Kysely transaction on the same connection,
 * whose writes these reads then see, and a sync read cannot wait on Kysely's connection lock.
 */
/**
 * The newest row's id and time: changes with every save (rows are never updated or deleted), and also
 * when a restore brings back a database whose history went another way.
 */
export function ruleSetStampSync(sqlite: Database.Database): string {
  return prepared(sqlite).stamp.get() ?? '';
}

export function currentRowsSync(sqlite: Database.Database, kind: string): CurrentRuleSetRow[] {
  return prepared(sqlite).current.all(kind);
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
