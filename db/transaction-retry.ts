import { AsyncLocalStorage } from 'node:async_hooks';
import { Kysely, type Transaction, type TransactionBuilder } from 'kysely';

/**
 * PostgreSQL runs every transaction SERIALIZABLE (team mode, db/connection-pg.ts): when two workstations'
 * transactions overlap on the same rows, one is refused with a serialization failure (40001) or a deadlock
 * (40P01), and nothing of it is saved. PostgreSQL's advice is to run THAT transaction again. It is done here,
 * in the transaction itself (`db.transaction().execute(...)` on a PostgreSQL connection), not by running the
 * whole operation again: an operation with two transactions (setup:createFirstAdmin creates the user, then
 * signs in) would otherwise run its first, already committed transaction a second time.
 *
 * Up to eight attempts with growing random pauses (so the transactions that collided do not collide again);
 * after that the refusal reaches the dispatcher, which tells the user someone else saved at the same moment.
 * A transaction's function may therefore run more than once: it must keep its effects inside the
 * transaction (which every service does: the rows, the audit row), or be harmless to repeat.
 */
export const SERIALIZATION_ATTEMPTS = 8;

export function isSerializationFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
}

/** How many transactions an operation started (see `countTransactions`). */
const started = new AsyncLocalStorage<{ transactions: number }>();

/**
 * Runs `fn`, counting the transactions it starts; the dispatcher uses the count to decide whether an
 * operation refused outside any transaction (a lone read) may be run again whole: only when none started.
 */
export async function countTransactions<T>(
  fn: () => Promise<T>,
): Promise<{ value: T } | { error: unknown; transactions: number }> {
  const tally = { transactions: 0 };
  try {
    return { value: await started.run(tally, fn) };
  } catch (error) {
    return { error, transactions: tally.transactions };
  }
}

export function pauseBeforeAttempt(attempt: number): Promise<void> {
  const ms = Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random());
  return new Promise((r) => setTimeout(r, ms));
}

/** Runs one transaction, again while PostgreSQL refuses it for a serialization failure or a deadlock. */
export async function runRetryingTransaction<T>(run: () => Promise<T>): Promise<T> {
  const tally = started.getStore();
  if (tally) tally.transactions++;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (attempt >= SERIALIZATION_ATTEMPTS || !isSerializationFailure(err)) throw err;
      await pauseBeforeAttempt(attempt);
    }
  }
}

function retrying<DB>(builder: TransactionBuilder<DB>): TransactionBuilder<DB> {
  return new Proxy(builder, {
    get(target, prop) {
      if (prop === 'execute')
        return <T>(fn: (trx: Transaction<DB>) => Promise<T>) =>
          runRetryingTransaction(() => target.execute(fn));
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      // setIsolationLevel / setAccessMode give a new builder: it retries too.
      return (...args: unknown[]) => {
        const out: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        return out instanceof Object && out.constructor === target.constructor
          ? retrying(out as TransactionBuilder<DB>)
          : out;
      };
    },
  });
}

/** Kysely whose `transaction()` runs a refused transaction again (PostgreSQL connections use it). */
export class RetryingKysely<DB> extends Kysely<DB> {
  override transaction(): TransactionBuilder<DB> {
    return retrying(super.transaction());
  }
}
