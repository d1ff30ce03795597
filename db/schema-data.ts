import type { Generated } from 'kysely';

/** One saved patient-list import (each patient also has its own audit row). */
export interface DataImportsTable {
  id: Generated<number>;
  imported_at: string;
  imported_by: number | null;
  patient_count: number;
  first_patient_id: number | null;
  last_patient_id: number | null;
}

/** A CSV import being sent in parts or previewed (migration 0225): any server instance can continue it. */
export interface DataImportStagingTable {
  id: string;
  owner_hash: string;
  user_id: number;
  chars: Generated<number>;
  body: Generated<string>;
  checked_json: string | null;
  created_at: string;
  touched_at: string;
}

/** The data module's tables, as Kysely sees them (snake_case, SQLite storage types). */
export interface DataTables {
  data_imports: DataImportsTable;
  data_import_staging: DataImportStagingTable;
}
