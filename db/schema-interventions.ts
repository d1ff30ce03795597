/** The interventions module's tables, as Kysely sees them (snake_case, SQLite storage types). */
export type InterventionsTables = Record<never, never>;
