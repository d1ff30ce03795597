/**
 * The same change on PostgreSQL as on SQLite: the migration is written once, in Kysely's schema builder, in
 * db/migrations/0320_meeting_type_user_versions.ts (its comment says why).
 */
export { up } from '../migrations/0320_meeting_type_user_versions';
