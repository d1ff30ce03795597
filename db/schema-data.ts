/** The data module's tables, as Kysely sees them (snake_case, SQLite storage types). */
export type DataTables = Record<never, never>;
