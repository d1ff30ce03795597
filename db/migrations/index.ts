import type { Kysely } from 'kysely';
import * as m0001 from './0001_foundation';

export interface Migration {
  version: number;
  name: string;
  up(db: Kysely<unknown>): Promise<void>;
}

/**
 * The static list of migrations, in order. Imported statically (no file globbing) so that the bundled
 * app and the tests run exactly the same code. Versions are contiguous from 1.
 */
export const MIGRATIONS: readonly Migration[] = [{ version: 1, name: '0001_foundation', up: m0001.up }];

export const LATEST_VERSION = MIGRATIONS.length;
