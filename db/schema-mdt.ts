/** The mdt module's tables, as Kysely sees them (snake_case, SQLite storage types). */
export type MdtTables = Record<never, never>;
