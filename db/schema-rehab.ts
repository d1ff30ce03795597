/** The rehab module's tables, as Kysely sees them (snake_case, SQLite storage types). */
export type RehabTables = Record<never, never>;
