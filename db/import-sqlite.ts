import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import type { Connection } from './connection';
import { pgSchemaVersion } from './migrate-pg';
import { LATEST_VERSION } from './migrations/index';
import { PG_LATEST_VERSION, PG_MIGRATIONS } from './migrations-pg/index';

/**
 * Moving a single-computer database into the team server (issue 19): every table of an Alongside SQLite
 * file at the app's latest schema is copied into an EMPTY, freshly migrated PostgreSQL database in ONE
 * transaction, ids kept, PostgreSQL's id sequences moved past them, the rows counted on both sides, and one
 * audit row written. Anything wrong and nothing is written. Run as the database owner (it switches the
 * tables' own triggers off for the copy, so the append-only and frozen-row rules do not refuse the shipped
 * rows being replaced by the file's), with the desktop app closed.
 */

/** A refusal with a message for the person running the command; nothing was written. */
export class ImportRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportRefused';
  }
}

export interface SqliteImportResult {
  schemaVersion: number;
  /** Rows copied per table (equal on both sides: checked inside the transaction). */
  tables: Record<string, number>;
  rows: number;
  auditId: number;
}

/**
 * Not carried across: sign-ins on another server (everyone signs in again), half-sent CSV imports, and the
 * record of migrations (each engine keeps its own: alongside_schema_version).
 */
const NOT_CARRIED = new Set(['sessions', 'data_import_staging', 'alongside_schema_version']);
/** Rows per INSERT … SELECT FROM json_populate_recordset (one parameter, one round trip). */
const BATCH_ROWS = 2000;

const refuse = (m: string): never => {
  throw new ImportRefused(m);
};

function openSource(file: string): { h: Database.Database; version: number } {
  if (!existsSync(file)) refuse(`There is no file at ${file}. Nothing was changed.`);
  let h: Database.Database | null = null;
  try {
    h = new Database(file, { readonly: true, fileMustExist: true });
    const check = h.pragma('quick_check', { simple: true }) as string;
    if (check !== 'ok') throw Object.assign(new Error(check), { code: 'SQLITE_CORRUPT' });
    const version = h.pragma('user_version', { simple: true }) as number;
    const hasPatients = h
      .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'patients'`)
      .get();
    if (version === 0 || !hasPatients)
      refuse(`${basename(file)} is not an Alongside database. Nothing was changed.`);
    return { h, version };
  } catch (err) {
    h?.close();
    if (err instanceof ImportRefused) throw err;
    const code = String((err as { code?: unknown }).code ?? '');
    if (/CORRUPT|NOTADB/.test(code))
      refuse(
        `${basename(file)} is damaged or is not a database, so it cannot be moved. Nothing was changed. ` +
          'Restore the newest good backup on the single computer first (Settings, Data), then move that.',
      );
    refuse(`${basename(file)} could not be read (${code || (err as Error).message}). Nothing was changed.`);
  }
  throw new Error('unreachable');
}

interface TableInfo {
  name: string;
  columns: string[];
  /** Columns referring to the same table: written as NULL first and filled in once every row is there. */
  selfRefs: string[];
  identity: string[];
}

/** The PostgreSQL tables and what the copy needs to know about them, parents before children. */
async function targetTables(conn: Connection): Promise<TableInfo[]> {
  const cols = await sql<{ t: string; c: string; identity: string }>`
    SELECT table_name AS t, column_name AS c, is_identity AS identity FROM information_schema.columns
     WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`.execute(conn.db);
  const fks = await sql<{ child: string; parent: string; col: string }>`
    SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent, a.attname AS col
      FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
     WHERE k.contype = 'f' AND k.connamespace = 'public'::regnamespace`.execute(conn.db);
  const byName = new Map<string, TableInfo>();
  for (const r of cols.rows) {
    if (r.t === 'alongside_schema_version') continue;
    const t = byName.get(r.t) ?? { name: r.t, columns: [], selfRefs: [], identity: [] };
    t.columns.push(r.c);
    if (r.identity === 'YES') t.identity.push(r.c);
    byName.set(r.t, t);
  }
  for (const f of fks.rows) if (f.child === f.parent) byName.get(f.child)?.selfRefs.push(f.col);
  const order: TableInfo[] = [];
  const left = new Set(byName.keys());
  while (left.size) {
    const ready = [...left]
      .filter((t) => !fks.rows.some((f) => f.child === t && f.parent !== t && left.has(f.parent)))
      .sort();
    if (!ready.length) throw new Error(`The tables refer to each other in a circle: ${[...left].join(', ')}`);
    for (const t of ready) {
      order.push(byName.get(t)!);
      left.delete(t);
    }
  }
  return order;
}

/**
 * Copies `file` into the PostgreSQL database behind `conn`. Refuses (ImportRefused, nothing written): a
 * missing, damaged or non-Alongside file; a file at an older or newer schema than this version of
 * Alongside; a PostgreSQL database not migrated to the matching schema; a PostgreSQL database that already
 * holds users, patients or audit rows; tables that differ between the two.
 */
export async function importSqliteIntoPostgres(
  conn: Connection,
  file: string,
  options: { now?: Date; by?: string } = {},
): Promise<SqliteImportResult> {
  if (conn.engine !== 'postgres') throw new Error('The target must be a PostgreSQL connection.');
  const { h, version } = openSource(file);
  try {
    if (version < LATEST_VERSION)
      refuse(
        `${basename(file)} is at schema ${version}, older than this version of Alongside (${LATEST_VERSION}). ` +
          'Open it once with this version of the desktop app (which upgrades it, with a backup first), close the app, then move it. Nothing was changed.',
      );
    if (version > LATEST_VERSION)
      refuse(
        `${basename(file)} was made by a newer version of Alongside (schema ${version}; this one knows up to ${LATEST_VERSION}). ` +
          'Install the newer server. Nothing was changed.',
      );
    const pgVersion = await pgSchemaVersion(conn);
    const pgMatches = PG_MIGRATIONS.find((m) => m.version === pgVersion)?.sqliteVersion;
    if (pgVersion !== PG_LATEST_VERSION || pgMatches !== version)
      refuse(
        `The PostgreSQL database is at schema ${pgVersion}, not ${PG_LATEST_VERSION}: run \`npm run server -- --migrate\` on it first. Nothing was changed.`,
      );

    const tables = await targetTables(conn);
    const sourceTables = new Set(
      (
        h
          .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
          .pluck()
          .all() as string[]
      ).filter((t) => !NOT_CARRIED.has(t)),
    );
    const missing = tables.filter((t) => !NOT_CARRIED.has(t.name) && !sourceTables.has(t.name));
    const extra = [...sourceTables].filter((t) => !tables.some((x) => x.name === t));
    if (missing.length || extra.length)
      refuse(
        `The file's tables do not match the server's (${[...missing.map((t) => `missing ${t.name}`), ...extra.map((t) => `unknown ${t}`)].join(', ')}). Nothing was changed.`,
      );
    const sequences = new Map<string, number>();
    if (h.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'`).get())
      for (const r of h.prepare('SELECT name, seq FROM sqlite_sequence').all() as {
        name: string;
        seq: number;
      }[])
        sequences.set(r.name, r.seq);

    return await conn.db.transaction().execute(async (trx) => {
      // No one signs up or saves on the target while it is checked and filled.
      await sql`LOCK TABLE users, patients, audit_log IN EXCLUSIVE MODE`.execute(trx);
      const used = await sql<{ users: number; patients: number; audit: number }>`
        SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM patients) AS patients,
               (SELECT count(*) FROM audit_log) AS audit`.execute(trx);
      const u = used.rows[0]!;
      if (u.users + u.patients + u.audit > 0)
        refuse(
          `The PostgreSQL database is not empty (${u.users} user(s), ${u.patients} patient(s), ${u.audit} audit row(s)). ` +
            'A single-computer database can only be moved into a new, empty database. Nothing was changed.',
        );

      const copied: Record<string, number> = {};
      // Children first: the shipped rows of a fresh database (meeting types, letter templates, rule sets,
      // the database generation) give way to the file's own, which the file's rows refer to by id.
      for (const t of [...tables].reverse()) await sql`DELETE FROM ${sql.id(t.name)}`.execute(trx);
      for (const t of tables) {
        if (NOT_CARRIED.has(t.name)) continue;
        await sql`ALTER TABLE ${sql.id(t.name)} DISABLE TRIGGER USER`.execute(trx);
        const cols = sql.join(t.columns.map((c) => sql.id(c)));
        const picked = sql.join(t.columns.map((c) => (t.selfRefs.includes(c) ? sql`NULL` : sql.id(c))));
        const insert = (json: string) =>
          sql`INSERT INTO ${sql.id(t.name)} (${cols}) OVERRIDING SYSTEM VALUE
              SELECT ${picked} FROM json_populate_recordset(NULL::${sql.id(t.name)}, ${json}::json)`.execute(
            trx,
          );
        const later: Record<string, unknown>[] = [];
        let batch: Record<string, unknown>[] = [];
        let n = 0;
        for (const row of h
          .prepare(`SELECT ${t.columns.map((c) => `"${c}"`).join(', ')} FROM "${t.name}"`)
          .iterate() as Iterable<Record<string, unknown>>) {
          batch.push(row);
          if (t.selfRefs.some((c) => row[c] !== null)) later.push(row);
          n++;
          if (batch.length >= BATCH_ROWS) {
            await insert(JSON.stringify(batch));
            batch = [];
          }
        }
        if (batch.length) await insert(JSON.stringify(batch));
        for (const c of t.selfRefs)
          for (let i = 0; i < later.length; i += BATCH_ROWS)
            await sql`UPDATE ${sql.id(t.name)} AS t SET ${sql.id(c)} = s.${sql.id(c)}
                FROM json_populate_recordset(NULL::${sql.id(t.name)}, ${JSON.stringify(later.slice(i, i + BATCH_ROWS))}::json) AS s
               WHERE t.id = s.id AND s.${sql.id(c)} IS NOT NULL`.execute(trx);
        await sql`ALTER TABLE ${sql.id(t.name)} ENABLE TRIGGER USER`.execute(trx);
        copied[t.name] = n;
      }

      // Ids continue after the file's, and never reuse one the file had already given out and deleted.
      for (const t of tables)
        for (const c of t.identity) {
          const max = await sql<{
            m: number | null;
          }>`SELECT max(${sql.id(c)}) AS m FROM ${sql.id(t.name)}`.execute(trx);
          const next = Math.max(Number(max.rows[0]?.m ?? 0), sequences.get(t.name) ?? 0);
          await sql`SELECT setval(pg_get_serial_sequence(${t.name}, ${c}), ${Math.max(next, 1)}, ${next > 0})`.execute(
            trx,
          );
        }

      // Counted on both sides before anything is committed.
      for (const t of tables) {
        if (NOT_CARRIED.has(t.name)) continue;
        const pgCount = Number(
          (await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.id(t.name)}`.execute(trx)).rows[0]!.n,
        );
        const sqliteCount = h.prepare(`SELECT count(*) FROM "${t.name}"`).pluck().get() as number;
        if (pgCount !== sqliteCount || pgCount !== copied[t.name])
          throw new Error(
            `Row counts differ for ${t.name} (file ${sqliteCount}, server ${pgCount}): nothing was moved.`,
          );
      }

      const rows = Object.values(copied).reduce((a, b) => a + b, 0);
      const audit = await trx
        .insertInto('audit_log')
        .values({
          at: (options.now ?? new Date()).toISOString(),
          user_id: null,
          user_name: options.by ?? 'Trust IT (command line)',
          user_role: null,
          action: 'data.import-sqlite',
          entity: 'database',
          entity_id: null,
          patient_id: null,
          before_json: null,
          after_json: JSON.stringify({ file: basename(file), schemaVersion: version, rows, tables: copied }),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { schemaVersion: version, tables: copied, rows, auditId: Number(audit.id) };
    });
  } finally {
    h.close();
  }
}
