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

/** The data module's tables, as Kysely sees them (snake_case, SQLite storage types). */
export interface DataTables {
  data_imports: DataImportsTable;
}
