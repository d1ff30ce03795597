import type { Kysely } from 'kysely';

/**
 * Issue 19, two MDT writes that still wrote over a colleague's newer change without a word:
 * - `mdt_attendance.version`: one person's attendance at one meeting, moved on by every change to it
 *   (recorded, left, rejoined). Attendance decides quorum, so marking someone present or absent from a
 *   screen read before a colleague changed their attendance is refused, naming who and when.
 * - `mdt_referrals.referrer_version`: the referrer recorded on a referral (whom the referrer letter goes
 *   to), moved on each time it is recorded; recording it from a letters list read before a colleague
 *   recorded it is refused the same way.
 * The same migration exists for PostgreSQL (db/migrations-pg/0310_attendance_referrer_versions.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('mdt_attendance')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('mdt_referrals')
    .addColumn('referrer_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
