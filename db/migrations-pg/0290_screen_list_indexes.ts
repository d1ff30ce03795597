/**
 * The same change on PostgreSQL as on SQLite: the migration is written once, in Kysely's schema builder and
 * portable SQL, in db/migrations/0290_screen_list_indexes.ts (its comment says why).
 */
export { up } from '../migrations/0290_screen_list_indexes';
