import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import {
  fileStamp,
  finishBackup,
  makePrivateDir,
  nativeBindingOf,
  openSibling,
  pruneBackups,
} from './backup';
import { installKey, privateCopy, type BackupMetadata, type SignatureState } from './backup-sign';
import { openDatabase } from './connection';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations/index';

/**
 * Restore that cannot be poisoned (issue 17). A backup file is never trusted for anything but rows:
 *   - it is copied first into a private owner-only folder while its MAC is checked (the file cannot be
 *     swapped between the check and the use), and refused unsigned or altered unless imported as foreign;
 *   - the copy is opened read-only with `trusted_schema = OFF`, and its schema (sqlite_master) must
 *     equal, object for object and character for character, what this app's own migrations build for
 *     its version: an extra trigger, a dropped protection or a statement hidden after a trigger's text
 *     is refused with the reason;
 *   - tables are copied as data; triggers, views and indexes are rebuilt from the schema the migrations
 *     build, never executed from the file;
 *   - the replaced database's audit trail is carried into the restored one (marked), ids never reused;
 *     the restore's own audit row and a new database generation (every session ends) commit with it.
 * Anything refused leaves the live database exactly as it was (nothing is written before the checks).
 */

export interface SchemaObject {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

export class RestoreRefused extends Error {
  constructor(
    message: string,
    readonly reason: 'not-alongside' | 'unsigned' | 'altered' | 'damaged' | 'too-new' | 'busy',
  ) {
    super(message);
    this.name = 'RestoreRefused';
  }
}

/** The planner's statistics tables (ANALYZE) exactly as SQLite makes them: data, allowed in a backup. */
const STAT_SQL: Record<string, string> = {
  sqlite_stat1: 'CREATE TABLE sqlite_stat1(tbl,idx,stat)',
  sqlite_stat4: 'CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)',
};

function objectsOf(sqlite: Database.Database, schema = 'main'): SchemaObject[] {
  return sqlite
    .prepare(`SELECT type, name, tbl_name, sql FROM ${schema}.sqlite_master ORDER BY rowid`)
    .all() as SchemaObject[];
}

const references = new Map<string, Promise<SchemaObject[]>>();

/** The schema this app's migrations build for `version` (built once in memory, then remembered). */
export function referenceSchema(version: number, nativeBinding?: string): Promise<SchemaObject[]> {
  const key = `${nativeBinding ?? ''}#${version}`;
  let found = references.get(key);
  if (!found) {
    found = (async () => {
      const migrations = MIGRATIONS.filter((m) => m.version <= version);
      if (migrations.at(-1)?.version !== version) throw new Error(`No schema version ${version}.`);
      const conn = openDatabase(':memory:', nativeBinding ? { nativeBinding } : {});
      try {
        await migrate(conn, { migrations });
        return objectsOf(conn.sqlite);
      } finally {
        await conn.close();
      }
    })();
    found.catch(() => references.delete(key));
    references.set(key, found);
  }
  return found;
}

const shown = (name: string) => JSON.stringify(name.replace(/[^\x20-\x7e]/g, '?').slice(0, 60));

/** null when `candidate` is exactly `reference` (statistics tables aside), else what differs, in words. */
export function schemaDifference(candidate: SchemaObject[], reference: SchemaObject[]): string | null {
  const key = (o: SchemaObject) => `${o.type}\u0000${o.name}`;
  const wanted = new Map(reference.map((o) => [key(o), o]));
  const extra: string[] = [];
  const changed: string[] = [];
  for (const o of candidate) {
    const r = wanted.get(key(o));
    if (!r) {
      if (o.type === 'table' && STAT_SQL[o.name] !== undefined && o.sql === STAT_SQL[o.name]) continue;
      extra.push(`${o.type} ${shown(o.name)}`);
      continue;
    }
    wanted.delete(key(o));
    if (r.sql !== o.sql || r.tbl_name !== o.tbl_name) changed.push(`${o.type} ${shown(o.name)}`);
  }
  const missing = [...wanted.values()].map((o) => `${o.type} ${shown(o.name)}`);
  if (!extra.length && !changed.length && !missing.length) return null;
  const part = (label: string, list: string[]) =>
    list.length
      ? `${label}: ${list.slice(0, 5).join(', ')}${list.length > 5 ? ` and ${list.length - 5} more` : ''}`
      : '';
  return [part('not made by Alongside', extra), part('changed', changed), part('missing', missing)]
    .filter(Boolean)
    .join('; ');
}

export interface BackupContents {
  schemaVersion: number;
  patients: number;
  users: number;
  auditRows: number;
  integrity: string;
}

export interface CandidateCheck {
  version: number;
  /** null: the schema is what the app builds for that version; else why not. */
  difference: string | null;
  counts: Record<string, number>;
}

/**
 * Reads a candidate file's version and schema through a read-only handle with `trusted_schema = OFF`
 * (nothing in the file's schema can run), and compares the schema with the app's own for that version.
 * `integrity: true` adds the full integrity check (the restore; the preview skips it, see backupPreview).
 */
export async function checkCandidate(
  sqlite: Database.Database,
  file: string,
  options: { latestVersion: number; integrity?: boolean; count?: boolean },
): Promise<CandidateCheck & { integrity: string }> {
  let handle: Database.Database;
  try {
    handle = openSibling(sqlite, file, { readonly: true });
  } catch {
    throw new RestoreRefused(
      'That file cannot be opened as a database; nothing was changed.',
      'not-alongside',
    );
  }
  try {
    let version: number;
    let objects: SchemaObject[];
    try {
      handle.pragma('trusted_schema = OFF');
      version = handle.pragma('user_version', { simple: true }) as number;
      objects = objectsOf(handle);
    } catch {
      throw new RestoreRefused(
        'That file is not an Alongside backup (it is not a readable database); nothing was changed.',
        'not-alongside',
      );
    }
    if (version > options.latestVersion)
      throw new RestoreRefused(
        'That backup was made by a newer version of Alongside; nothing was changed.',
        'too-new',
      );
    if (!MIGRATIONS.some((m) => m.version === version))
      throw new RestoreRefused(
        'That file is not an Alongside backup (it has no Alongside schema version); nothing was changed.',
        'not-alongside',
      );
    const difference = schemaDifference(objects, await referenceSchema(version, nativeBindingOf(sqlite)));
    if (difference)
      throw new RestoreRefused(
        `That file is not an Alongside backup this app can restore: its structure differs from what Alongside builds (${difference}). Nothing was changed.`,
        'not-alongside',
      );
    let integrity = 'not checked';
    if (options.integrity) {
      integrity = (handle.pragma('integrity_check') as { integrity_check: string }[])
        .map((r) => r.integrity_check)
        .join('; ');
      if (integrity !== 'ok')
        throw new RestoreRefused(
          `That backup is damaged (${integrity.slice(0, 200)}); nothing was changed.`,
          'damaged',
        );
    }
    const counts: Record<string, number> = {};
    if (options.count !== false)
      for (const t of objects.filter((o) => o.type === 'table' && !o.name.startsWith('sqlite_')))
        counts[t.name] = handle
          .prepare(`SELECT count(*) FROM ${quoteId(t.name)}`)
          .pluck()
          .get() as number;
    return { version, difference, counts, integrity };
  } finally {
    handle.close();
  }
}

export function contentsOf(
  version: number,
  counts: Record<string, number>,
  integrity: string,
): BackupContents {
  return {
    schemaVersion: version,
    patients: counts.patients ?? 0,
    users: counts.users ?? 0,
    auditRows: counts.audit_log ?? 0,
    integrity,
  };
}

export interface RestoreOptions {
  latestVersion: number;
  now?: Date;
  onPhase?: (phase: string, ms: number) => void;
  /** An administrator's explicit choice to restore a backup that is unsigned or signed elsewhere. */
  allowForeign?: boolean;
  /**
   * The restore's own audit row (columns of audit_log), written in the restore's transaction into the
   * restored database; receives what happened.
   */
  auditRow?: (details: RestoreDetails) => Record<string, unknown>;
}

export interface RestoreDetails {
  safetyBackup: string;
  signature: SignatureState;
  metadata: BackupMetadata | null;
  /** Audit rows of the replaced database carried into the restored one. */
  carriedRows: number;
  /** Backup audit rows given new ids because the replaced database used their ids for other events. */
  movedRows: number;
}

/**
 * Restores a backup ONLINE into the live database, under ONE write lock held from before the safety
 * copy until the restored data commits (issue 7, tests/db/restore-concurrent.test.ts): nothing another
 * process writes can fall between the two, every connection sees the old database or the restored one,
 * and the connection stays open. The backup is checked (signature, schema, integrity) and brought to the
 * latest schema in a private copy BEFORE the lock: a refusal changes nothing.
 */
export async function restoreBackup(
  sqlite: Database.Database,
  liveFile: string,
  backupFile: string,
  backupDir: string,
  options: RestoreOptions,
): Promise<{ safetyBackup: string; contents: BackupContents; details: RestoreDetails }> {
  let last = Date.now();
  const phase = (name: string) => {
    const t = Date.now();
    options.onPhase?.(name, t - last);
    last = t;
  };
  if (!existsSync(backupFile))
    throw new RestoreRefused('That backup no longer exists; nothing was changed.', 'not-alongside');
  const work = mkdtempSync(join(dirname(liveFile), '.restore-'));
  chmodSync(work, 0o700);
  try {
    const copy = join(work, 'candidate.sqlite');
    const key = installKey(liveFile);
    const signature = await privateCopy(backupFile, copy, key);
    phase('private copy, signature checked');
    if (signature.state !== 'valid' && !options.allowForeign)
      throw new RestoreRefused(
        signature.state === 'unsigned'
          ? 'That file was not made by Alongside on this computer (it carries no signature). Nothing was changed. An administrator can import it as a foreign backup after checking where it came from.'
          : 'That backup was changed after it was taken, or was made by another installation of Alongside (its signature does not match). Nothing was changed. An administrator can import it as a foreign backup after checking where it came from.',
        signature.state,
      );
    const checked = await checkCandidate(sqlite, copy, {
      latestVersion: options.latestVersion,
      integrity: true,
    });
    const contents = contentsOf(checked.version, checked.counts, checked.integrity);
    phase('schema and integrity checked');
    if (checked.version < options.latestVersion) {
      // The copy's schema is the app's own for its version, so the app's migrations bring it up to date.
      const conn = openDatabase(
        copy,
        nativeBindingOf(sqlite) ? { nativeBinding: nativeBindingOf(sqlite)! } : {},
      );
      try {
        await migrate(conn, { backup: false });
        conn.sqlite.pragma('journal_mode = DELETE');
      } finally {
        await conn.close();
      }
      phase('copy brought to the latest schema');
    }
    const reference = await referenceSchema(options.latestVersion, nativeBindingOf(sqlite));
    return await replaceLive(sqlite, liveFile, copy, backupDir, reference, options, {
      signature: signature.state,
      metadata: signature.meta,
      contents,
      phase,
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function replaceLive(
  sqlite: Database.Database,
  liveFile: string,
  copy: string,
  backupDir: string,
  reference: SchemaObject[],
  options: RestoreOptions,
  known: {
    signature: SignatureState;
    metadata: BackupMetadata | null;
    contents: BackupContents;
    phase: (name: string) => void;
  },
): Promise<{ safetyBackup: string; contents: BackupContents; details: RestoreDetails }> {
  const now = options.now ?? new Date();
  makePrivateDir(backupDir);
  const safetyBackup = join(backupDir, `pre-restore-${fileStamp(now)}.sqlite`);
  const partial = `${safetyBackup}.partial`;
  const foreignKeys = sqlite.pragma('foreign_keys', { simple: true }) as number;
  const trusted = sqlite.pragma('trusted_schema', { simple: true }) as number;
  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
  // ATTACH and the foreign_keys pragma are refused inside a transaction: both come first. Nothing of
  // the attached file's schema may run (trusted_schema OFF), and its schema was checked above.
  sqlite.pragma('trusted_schema = OFF');
  sqlite.prepare('ATTACH DATABASE ? AS restore_src').run(copy);
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma('cache_size = -262144');
  let details: RestoreDetails;
  try {
    const attached = objectsOf(sqlite, 'restore_src');
    const difference = schemaDifference(attached, reference);
    if (difference)
      throw new RestoreRefused(
        `The backup could not be brought up to date (${difference}); nothing was changed.`,
        'not-alongside',
      );
    beginImmediate(sqlite);
    try {
      // The safety copy of exactly the state being replaced (we hold the write lock; a second, reading
      // connection copies the last committed state, which can no longer change), checked and signed.
      const reader = openSibling(sqlite, liveFile);
      try {
        await reader.backup(partial, { progress: () => 0x7fffffff });
      } finally {
        reader.close();
      }
      await finishBackup(sqlite, partial, 'pre-restore', now);
      renameSync(partial, safetyBackup);
      known.phase('safety backup, checked');
      const carry = replaceMainWith(sqlite, 'restore_src', reference);
      details = {
        safetyBackup: safetyBackup.slice(backupDir.length + 1),
        signature: known.signature,
        metadata: known.metadata,
        ...carry,
      };
      sqlite
        .prepare('UPDATE main.database_generation SET generation = ?, changed_at = ? WHERE id = 1')
        .run(randomBytes(16).toString('hex'), now.toISOString());
      if (options.auditRow) insertRow(sqlite, 'audit_log', options.auditRow(details));
      known.phase('copy the backup in');
      sqlite.exec('COMMIT');
      known.phase('commit');
    } catch (err) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      throw err;
    }
  } finally {
    for (const f of [partial, `${partial}-wal`, `${partial}-shm`, `${partial}-journal`])
      if (existsSync(f)) unlinkSync(f);
    sqlite.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    sqlite.pragma(`cache_size = ${Number(cacheSize)}`);
    sqlite.prepare('DETACH DATABASE restore_src').run();
    sqlite.pragma(`trusted_schema = ${trusted ? 'ON' : 'OFF'}`);
  }
  pruneBackups(backupDir, 'pre-restore', 20);
  const after = sqlite.pragma('integrity_check', { simple: true }) as string;
  known.phase('check the restored database');
  if (after !== 'ok') throw new Error(`After the restore the database failed its check: ${after}`);
  return { safetyBackup, contents: known.contents, details };
}

function insertRow(sqlite: Database.Database, table: string, row: Record<string, unknown>): void {
  const cols = Object.keys(row);
  sqlite
    .prepare(
      `INSERT INTO main.${quoteId(table)} (${cols.map(quoteId).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
    )
    .run(...cols.map((c) => row[c] as unknown));
}

/**
 * Takes the write lock, waiting (busy_timeout, three times) while another process writes; if it stays
 * busy, a clear refusal rather than SQLite's "database is locked".
 */
function beginImmediate(sqlite: Database.Database): void {
  for (let attempt = 1; ; attempt++) {
    try {
      sqlite.exec('BEGIN IMMEDIATE');
      return;
    } catch (err) {
      if (!String((err as { code?: string }).code).startsWith('SQLITE_BUSY')) throw err;
      if (attempt === 3)
        throw new RestoreRefused(
          'Another copy of Alongside kept writing to the database, so nothing was restored. Try again in a moment.',
          'busy',
        );
    }
  }
}

export const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

function columnsOf(sqlite: Database.Database, schema: string, table: string): string[] {
  return (
    sqlite.prepare(`PRAGMA ${schema}.table_xinfo(${quoteId(table)})`).all() as {
      name: string;
      hidden: number;
    }[]
  )
    .filter((c) => c.hidden === 0)
    .map((c) => c.name);
}

/**
 * Inside the caller's write transaction: keeps the live audit trail aside, drops every table, index,
 * trigger and view of `main`, recreates them from the app's own schema (`reference`, built by the
 * migrations: nothing from the file's schema text runs), copies the rows of `source` (triggers last, so
 * none fires on the copy), carries the replaced audit trail over, and sets the sequences (never lower
 * than either database's: no id is handed out twice) and the schema version.
 */
function replaceMainWith(
  sqlite: Database.Database,
  source: string,
  reference: SchemaObject[],
): { carriedRows: number; movedRows: number } {
  const liveSequences = new Map(
    (
      sqlite.prepare('SELECT name, seq FROM main.sqlite_sequence').all() as { name: string; seq: number }[]
    ).map((r) => [r.name, r.seq]),
  );
  sqlite.exec('DROP TABLE IF EXISTS temp.restore_live_audit');
  sqlite.exec('CREATE TEMP TABLE restore_live_audit AS SELECT * FROM main.audit_log');
  const current = objectsOf(sqlite, 'main').filter((o) => !o.name.startsWith('sqlite_'));
  for (const type of ['trigger', 'view', 'table'])
    for (const o of current.filter((x) => x.type === type))
      sqlite.exec(`DROP ${type.toUpperCase()} IF EXISTS main.${quoteId(o.name)}`);
  const own = reference.filter((o) => o.sql && !o.name.startsWith('sqlite_'));
  for (const t of own.filter((x) => x.type === 'table')) {
    sqlite.exec(t.sql!);
    const columns = columnsOf(sqlite, 'main', t.name).map(quoteId).join(', ');
    sqlite.exec(
      `INSERT INTO main.${quoteId(t.name)} (${columns}) SELECT ${columns} FROM ${source}.${quoteId(t.name)}`,
    );
  }
  const carry = carryAuditTrail(sqlite, 'temp.restore_live_audit', liveSequences.get('audit_log') ?? 0);
  sqlite.exec('DROP TABLE temp.restore_live_audit');
  for (const type of ['index', 'view', 'trigger'])
    for (const o of own.filter((x) => x.type === type)) sqlite.exec(o.sql!);
  const hasTable = (schema: string, name: string) =>
    sqlite.prepare(`SELECT 1 FROM ${schema}.sqlite_master WHERE name = ?`).get(name) !== undefined;
  if (hasTable('main', 'sqlite_sequence')) {
    const restored = hasTable(source, 'sqlite_sequence')
      ? (sqlite.prepare(`SELECT name, seq FROM ${source}.sqlite_sequence`).all() as {
          name: string;
          seq: number;
        }[])
      : [];
    const merged = new Map(liveSequences);
    for (const r of restored) merged.set(r.name, Math.max(r.seq, merged.get(r.name) ?? 0));
    const auditMax = sqlite.prepare('SELECT max(id) FROM main.audit_log').pluck().get() as number | null;
    merged.set('audit_log', Math.max(merged.get('audit_log') ?? 0, auditMax ?? 0));
    sqlite.exec('DELETE FROM main.sqlite_sequence');
    const put = sqlite.prepare('INSERT INTO main.sqlite_sequence (name, seq) VALUES (?, ?)');
    for (const [name, seq] of merged) if (hasTable('main', name)) put.run(name, seq);
  }
  // The planner's statistics travel with the data they describe (sqlite_stat1 cannot be created by
  // hand: without one here the planner keeps its defaults).
  if (hasTable('main', 'sqlite_stat1')) {
    sqlite.exec('DELETE FROM main.sqlite_stat1');
    if (hasTable(source, 'sqlite_stat1'))
      sqlite.exec(
        `INSERT INTO main.sqlite_stat1 (tbl, idx, stat) SELECT tbl, idx, stat FROM ${source}.sqlite_stat1 WHERE tbl IN (SELECT name FROM main.sqlite_master WHERE type = 'table')`,
      );
  }
  const version = sqlite.pragma(`${source}.user_version`, { simple: true }) as number;
  sqlite.pragma(`main.user_version = ${Number(version)}`);
  return carry;
}

/**
 * The replaced database's audit rows, now in `liveTable`, are carried into main.audit_log (which holds
 * the backup's rows): a row already there unchanged (same id, same content) stays once; a row the backup
 * lacks keeps its id and is marked 'replaced-database'; a backup row whose id the replaced database used
 * for another event moves to a new id (marked 'backup', with its old id), so an id never names two events.
 */
export function carryAuditTrail(
  sqlite: Database.Database,
  liveTable: string,
  liveSequence: number,
): { carriedRows: number; movedRows: number } {
  const cols = columnsOf(sqlite, 'main', 'audit_log');
  const liveCols = new Set(
    (sqlite.prepare(`SELECT * FROM ${liveTable} LIMIT 0`).columns() as { name: string }[]).map((c) => c.name),
  );
  const shared = cols.filter((c) => liveCols.has(c) && c !== 'carried_over' && c !== 'original_id');
  const same = shared.map((c) => `a.${quoteId(c)} IS l.${quoteId(c)}`).join(' AND ');
  sqlite.exec('DROP TABLE IF EXISTS temp.restore_moved_audit');
  sqlite.exec(
    `CREATE TEMP TABLE restore_moved_audit AS SELECT a.* FROM main.audit_log a JOIN ${liveTable} l ON l.id = a.id WHERE NOT (${same})`,
  );
  const movedRows = sqlite.prepare('SELECT count(*) FROM temp.restore_moved_audit').pluck().get() as number;
  sqlite.exec('DELETE FROM main.audit_log WHERE id IN (SELECT id FROM temp.restore_moved_audit)');
  const list = shared.map(quoteId).join(', ');
  const hasMark = cols.includes('carried_over') && cols.includes('original_id');
  const liveHasMark = liveCols.has('carried_over') && liveCols.has('original_id');
  const markCols = hasMark ? ', carried_over, original_id' : '';
  const markLive = hasMark
    ? liveHasMark
      ? ", coalesce(l.carried_over, 'replaced-database'), coalesce(l.original_id, l.id)"
      : ", 'replaced-database', l.id"
    : '';
  const carriedRows = sqlite
    .prepare(
      `INSERT INTO main.audit_log (${list}${markCols}) SELECT ${shared.map((c) => `l.${quoteId(c)}`).join(', ')}${markLive}
       FROM ${liveTable} l WHERE NOT EXISTS (SELECT 1 FROM main.audit_log a WHERE a.id = l.id AND ${same}) ORDER BY l.id`,
    )
    .run().changes;
  if (movedRows) {
    const top = Math.max(
      liveSequence,
      (sqlite.prepare('SELECT max(id) FROM main.audit_log').pluck().get() as number | null) ?? 0,
      (sqlite.prepare('SELECT max(id) FROM temp.restore_moved_audit').pluck().get() as number | null) ?? 0,
    );
    const rest = shared.filter((c) => c !== 'id');
    sqlite.exec(
      `INSERT INTO main.audit_log (id, ${rest.map(quoteId).join(', ')}${markCols})
       SELECT ${top} + row_number() OVER (ORDER BY id), ${rest.map(quoteId).join(', ')}${hasMark ? ", 'backup', id" : ''}
       FROM temp.restore_moved_audit ORDER BY id`,
    );
  }
  sqlite.exec('DROP TABLE temp.restore_moved_audit');
  return { carriedRows, movedRows };
}
