import type { HandlerContext } from './context';

/**
 * Increasing delays and a temporary lock after repeated failed sign-ins or unlocks (issue 17; NCSC
 * password guidance: "throttle, don't count on complexity"). Kept per attempted name, known or not, so the
 * answer never reveals whether an account exists, and in the database, so a restart does not reset it.
 * - failures 1-3: no delay;
 * - failure n from 4 to 9: the next attempt waits 2^(n-4) seconds (1, 2, 4 ... 32 s);
 * - failure 10 and every later one: the name is locked for 15 minutes.
 * While waiting, attempts are refused without checking the password. A success clears the count; so does an
 * hour without failures.
 */
export const FREE_FAILURES = 3;
export const LOCK_AFTER_FAILURES = 10;
export const LOCK_MINUTES = 15;
const FORGET_AFTER_MS = 60 * 60_000;

export function delayAfter(failures: number): number {
  if (failures >= LOCK_AFTER_FAILURES) return LOCK_MINUTES * 60_000;
  if (failures <= FREE_FAILURES) return 0;
  return 2 ** (failures - FREE_FAILURES - 1) * 1000;
}

/** How long (ms) before this name may try again; 0 when it may try now. */
export async function waitFor(ctx: HandlerContext, name: string): Promise<number> {
  const row = await ctx.conn.db
    .selectFrom('sign_in_throttle')
    .select('next_attempt_at')
    .where('name', '=', name)
    .executeTakeFirst();
  if (!row?.next_attempt_at) return 0;
  return Math.max(0, Date.parse(row.next_attempt_at) - ctx.now().getTime());
}

/** Records one more failure; returns the failure count and the wait it now imposes. */
export async function recordFailure(
  ctx: HandlerContext,
  name: string,
): Promise<{ failures: number; waitMs: number }> {
  const now = ctx.now();
  return ctx.conn.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('sign_in_throttle')
      .select(['failures', 'last_failure_at'])
      .where('name', '=', name)
      .executeTakeFirst();
    const stale = row && now.getTime() - Date.parse(row.last_failure_at) > FORGET_AFTER_MS;
    const failures = (row && !stale ? row.failures : 0) + 1;
    const waitMs = delayAfter(failures);
    const values = {
      failures,
      last_failure_at: now.toISOString(),
      next_attempt_at: waitMs ? new Date(now.getTime() + waitMs).toISOString() : null,
    };
    await trx
      .insertInto('sign_in_throttle')
      .values({ name, ...values })
      .onConflict((oc) => oc.column('name').doUpdateSet(values))
      .execute();
    return { failures, waitMs };
  });
}

export async function clearFailures(ctx: HandlerContext, name: string): Promise<void> {
  await ctx.conn.db.deleteFrom('sign_in_throttle').where('name', '=', name).execute();
}

/** "Try again in 32 seconds" / "in 15 minutes". */
export function waitMessage(waitMs: number): string {
  const seconds = Math.ceil(waitMs / 1000);
  if (seconds < 90) return `Too many attempts. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
  const minutes = Math.ceil(seconds / 60);
  return `Too many attempts: this account is locked for ${minutes} minutes. Ask an administrator if you have forgotten your password.`;
}
