/** The medicines module's tables, as Kysely sees them (snake_case, SQLite storage types). */
export type MedicinesTables = Record<never, never>;
