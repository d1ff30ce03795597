/**
 * The same change on PostgreSQL as on SQLite: the migration is written once, in Kysely's schema builder, in
 * db/migrations/0310_attendance_referrer_versions.ts (its comment says why).
 */
export { up } from '../migrations/0310_attendance_referrer_versions';
