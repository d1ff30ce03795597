/**
 * The same change on PostgreSQL as on SQLite: the migration is written once, in Kysely's schema builder and
 * portable SQL, in db/migrations/0300_rehab_period_cover.ts (its comment says why).
 */
export { up } from '../migrations/0300_rehab_period_cover';
