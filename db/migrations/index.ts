import type { Kysely } from 'kysely';
import * as m0001 from './0001_foundation';
import * as m0004 from './0004_mdt';
import * as m0005 from './0005_data';
import * as m0002 from './0002_medicines';
import * as m0003 from './0003_rehab';
import * as m0006 from './0006_interventions';

export interface Migration {
  version: number;
  name: string;
  up(db: Kysely<unknown>): Promise<void>;
}

/**
 * The static list of migrations, in order. Imported statically (no file globbing) so that the bundled
 * app and the tests run exactly the same code. Versions are contiguous from 1.
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '0001_foundation', up: m0001.up },
  { version: 2, name: '0002_medicines', up: m0002.up },
  { version: 3, name: '0003_rehab', up: m0003.up },
  { version: 4, name: '0004_mdt', up: m0004.up },
  { version: 5, name: '0005_data', up: m0005.up },
  { version: 6, name: '0006_interventions', up: m0006.up },
];

/** The newest schema version this app knows (the last migration's number; numbers need not be dense). */
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
