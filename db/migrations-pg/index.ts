import type { Migration } from '../migrations/index';
import * as p0001 from './0001_baseline';
import * as p0210 from './0210_scs_trials';
import * as p0220 from './0220_audit_workstation';
import * as p0225 from './0225_import_staging';
import * as p0230 from './0230_benzodiazepine_switches';
import * as p0235 from './0235_taper_prn';
import * as p0240 from './0240_rehab_worklist_anchors';
import * as p0250 from './0250_schema_history';
import * as p0260 from './0260_edit_versions';
import * as p0261 from './0261_action_versions';
import * as p0270 from './0270_taper_step_length';
import * as p0290 from './0290_screen_list_indexes';
import * as p0300 from './0300_rehab_period_cover';
import * as p0310 from './0310_attendance_referrer_versions';
import * as p0320 from './0320_meeting_type_user_versions';

/**
 * PostgreSQL's own migrations, in order (imported statically, like the SQLite list). Each builds what the
 * SQLite migrations build; `sqliteVersion` is the SQLite schema version a database at this version matches
 * (tests/db/engines-schema.test.ts compares the two schemas so they cannot drift).
 */
export const PG_MIGRATIONS: readonly (Migration & { sqliteVersion: number })[] = [
  { version: 1, name: '0001_baseline', up: p0001.up, sqliteVersion: 200 },
  { version: 210, name: '0210_scs_trials', up: p0210.up, sqliteVersion: 210 },
  { version: 220, name: '0220_audit_workstation', up: p0220.up, sqliteVersion: 220 },
  { version: 225, name: '0225_import_staging', up: p0225.up, sqliteVersion: 225 },
  { version: 230, name: '0230_benzodiazepine_switches', up: p0230.up, sqliteVersion: 230 },
  { version: 235, name: '0235_taper_prn', up: p0235.up, sqliteVersion: 235 },
  { version: 240, name: '0240_rehab_worklist_anchors', up: p0240.up, sqliteVersion: 240 },
  { version: 250, name: '0250_schema_history', up: p0250.up, sqliteVersion: 250 },
  { version: 260, name: '0260_edit_versions', up: p0260.up, sqliteVersion: 260 },
  { version: 261, name: '0261_action_versions', up: p0261.up, sqliteVersion: 261 },
  { version: 270, name: '0270_taper_step_length', up: p0270.up, sqliteVersion: 270 },
  { version: 290, name: '0290_screen_list_indexes', up: p0290.up, sqliteVersion: 290 },
  { version: 300, name: '0300_rehab_period_cover', up: p0300.up, sqliteVersion: 300 },
  { version: 310, name: '0310_attendance_referrer_versions', up: p0310.up, sqliteVersion: 310 },
  { version: 320, name: '0320_meeting_type_user_versions', up: p0320.up, sqliteVersion: 320 },
];

export const PG_LATEST_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version;
