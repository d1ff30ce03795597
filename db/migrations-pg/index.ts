import type { Migration } from '../migrations/index';
import * as p0001 from './0001_baseline';
import * as p0210 from './0210_scs_trials';

/**
 * PostgreSQL's own migrations, in order (imported statically, like the SQLite list). Each builds what the
 * SQLite migrations build; `sqliteVersion` is the SQLite schema version a database at this version matches
 * (tests/db/engines-schema.test.ts compares the two schemas so they cannot drift).
 */
export const PG_MIGRATIONS: readonly (Migration & { sqliteVersion: number })[] = [
  { version: 1, name: '0001_baseline', up: p0001.up, sqliteVersion: 200 },
  { version: 210, name: '0210_scs_trials', up: p0210.up, sqliteVersion: 210 },
];

export const PG_LATEST_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version;
