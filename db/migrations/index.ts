import type { Kysely } from 'kysely';
import * as m0001 from './0001_foundation';
import * as m0002 from './0002_medicines';
import * as m0003 from './0003_rehab';
import * as m0004 from './0004_mdt';
import * as m0005 from './0005_data';
import * as m0006 from './0006_interventions';
import * as m0007 from './0007_rule_sets';
import * as m0008 from './0008_medicines_reviews';
import * as m0009 from './0009_interventions_links';
import * as m0010 from './0010_rehab_social';
import * as m0011 from './0011_mdt_letters';
import * as m0012 from './0012_mdt_links';
import * as m0013 from './0013_service_referrals';
import * as m0014 from './0014_outcome_dates';
import * as m0020 from './0020_medicines_safety';
import * as m0040 from './0040_rehab_risk_alerts';
import * as m0041 from './0041_rehab_corrections';
import * as m0060 from './0060_trust_restore';
import * as m0065 from './0065_access_audit';
import * as m0070 from './0070_names_allergies';
import * as m0075 from './0075_rehab_worklist';
import * as m0100 from './0100_mdt_letter_conventions';
import * as m0110 from './0110_mdt_listing_question';
import * as m0120 from './0120_session_checks';
import * as m0130 from './0130_structured_sites';
import * as m0140 from './0140_medicine_checks';
import * as m0150 from './0150_medicine_written';
import * as m0155 from './0155_taper_plan_versions';
import * as m0160 from './0160_outcome_assessment';
import * as m0170 from './0170_rehab_period_indexes';
import * as m0175 from './0175_audit_user_order';
import * as m0200 from './0200_sessions';
import * as m0210 from './0210_scs_trials';
import * as m0220 from './0220_audit_workstation';
import * as m0225 from './0225_import_staging';
import * as m0230 from './0230_benzodiazepine_switches';
import * as m0235 from './0235_taper_prn';
import * as m0240 from './0240_rehab_worklist_anchors';
import * as m0250 from './0250_schema_history';
import * as m0260 from './0260_edit_versions';
import * as m0261 from './0261_action_versions';
import * as m0270 from './0270_taper_step_length';
import * as m0290 from './0290_screen_list_indexes';
import * as m0300 from './0300_rehab_period_cover';
import * as m0310 from './0310_attendance_referrer_versions';
import * as m0320 from './0320_meeting_type_user_versions';

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
  { version: 7, name: '0007_rule_sets', up: m0007.up },
  { version: 8, name: '0008_medicines_reviews', up: m0008.up },
  { version: 9, name: '0009_interventions_links', up: m0009.up },
  { version: 10, name: '0010_rehab_social', up: m0010.up },
  { version: 11, name: '0011_mdt_letters', up: m0011.up },
  { version: 12, name: '0012_mdt_links', up: m0012.up },
  { version: 13, name: '0013_service_referrals', up: m0013.up },
  { version: 14, name: '0014_outcome_dates', up: m0014.up },
  { version: 20, name: '0020_medicines_safety', up: m0020.up },
  { version: 40, name: '0040_rehab_risk_alerts', up: m0040.up },
  { version: 41, name: '0041_rehab_corrections', up: m0041.up },
  { version: 60, name: '0060_trust_restore', up: m0060.up },
  { version: 65, name: '0065_access_audit', up: m0065.up },
  { version: 70, name: '0070_names_allergies', up: m0070.up },
  { version: 75, name: '0075_rehab_worklist', up: m0075.up },
  { version: 100, name: '0100_mdt_letter_conventions', up: m0100.up },
  { version: 110, name: '0110_mdt_listing_question', up: m0110.up },
  { version: 120, name: '0120_session_checks', up: m0120.up },
  { version: 130, name: '0130_structured_sites', up: m0130.up },
  { version: 140, name: '0140_medicine_checks', up: m0140.up },
  { version: 150, name: '0150_medicine_written', up: m0150.up },
  { version: 155, name: '0155_taper_plan_versions', up: m0155.up },
  { version: 160, name: '0160_outcome_assessment', up: m0160.up },
  { version: 170, name: '0170_rehab_period_indexes', up: m0170.up },
  { version: 175, name: '0175_audit_user_order', up: m0175.up },
  { version: 200, name: '0200_sessions', up: m0200.up },
  { version: 210, name: '0210_scs_trials', up: m0210.up },
  { version: 220, name: '0220_audit_workstation', up: m0220.up },
  { version: 225, name: '0225_import_staging', up: m0225.up },
  { version: 230, name: '0230_benzodiazepine_switches', up: m0230.up },
  { version: 235, name: '0235_taper_prn', up: m0235.up },
  { version: 240, name: '0240_rehab_worklist_anchors', up: m0240.up },
  { version: 250, name: '0250_schema_history', up: m0250.up },
  { version: 260, name: '0260_edit_versions', up: m0260.up },
  { version: 261, name: '0261_action_versions', up: m0261.up },
  { version: 270, name: '0270_taper_step_length', up: m0270.up },
  { version: 290, name: '0290_screen_list_indexes', up: m0290.up },
  { version: 300, name: '0300_rehab_period_cover', up: m0300.up },
  { version: 310, name: '0310_attendance_referrer_versions', up: m0310.up },
  { version: 320, name: '0320_meeting_type_user_versions', up: m0320.up },
];

/** The newest schema version this app knows (the last migration's number; numbers need not be dense). */
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
