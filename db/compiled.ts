import type Database from 'better-sqlite3';
import { LimitNode, ValueNode } from 'kysely';
import type {
  Compilable,
  CompiledQuery,
  InferResult,
  Kysely,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import type { DB } from './schema';

/**
 * Two caches for the fixed cost of a query, which dominates our sub-millisecond reads:
 *
 * 1. `cachingDatabase`: what Kysely's SqliteDialect is given instead of the bare better-sqlite3 handle.
 *    Kysely calls `prepare(sql)` for every execution, and preparing is SQLite parsing and planning the SQL
 *    again; here each distinct SQL text is prepared once and its statement reused (SQLite re-prepares a
 *    statement by itself if the schema changes). Bounded, so queries with long `IN (...)` lists of varying
 *    length cannot grow it without limit.
 * 2. `compiled`: a Kysely query built and compiled once (with named parameter markers), then executed with
 *    each call's values. Reads take the synchronous fast path on the cached statement when no transaction
 *    is open on the connection, so they never see another request's uncommitted writes; otherwise (or when
 *    given a transaction) they go through Kysely, which waits for the connection like any other query.
 */

const MAX_STATEMENTS = 2000;

export interface SqliteLike {
  prepare(sql: string): Database.Statement;
  close(): void;
}

const statementCaches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** The connection's cached statement for this SQL (prepared on first use). */
export function cachedStatement(sqlite: Database.Database, sql: string): Database.Statement {
  let cache = statementCaches.get(sqlite);
  if (!cache) {
    cache = new Map();
    statementCaches.set(sqlite, cache);
  }
  let stmt = cache.get(sql);
  if (!stmt) {
    if (cache.size >= MAX_STATEMENTS) cache.clear();
    stmt = sqlite.prepare(sql);
    cache.set(sql, stmt);
  }
  return stmt;
}

/** Every SQL text prepared through the cache on this connection (all Kysely and compiled queries): for tests. */
export function preparedSql(sqlite: Database.Database): string[] {
  return [...(statementCaches.get(sqlite)?.keys() ?? [])];
}

/** The better-sqlite3 handle as Kysely sees it, with prepared statements reused by SQL text. */
export function cachingDatabase(sqlite: Database.Database): SqliteLike {
  return {
    prepare: (sql) => cachedStatement(sqlite, sql),
    close: () => {
      statementCaches.delete(sqlite);
      sqlite.close();
    },
  };
}

const fastPaths = new WeakMap<Kysely<DB>, Database.Database>();

/** Lets `compiled` queries given this Kysely instance run synchronously on its better-sqlite3 handle. */
export function registerFastPath(db: Kysely<DB>, sqlite: Database.Database): void {
  fastPaths.set(db, sqlite);
}

const MARK = '\u0000alongside-param:';

type Params = Record<string, string | number | null>;

/**
 * A query built and compiled once. `param(name)` stands for a value supplied at each call; use it wherever
 * Kysely takes a value (`where('id', '=', param('id'))`). Only scalar values: lists (`in`) change the SQL
 * and belong in an ordinary Kysely query.
 *
 * Given the connection's Kysely instance and no transaction open on the connection, the query runs
 * synchronously on the cached statement (so it never sees another request's uncommitted writes, and never
 * waits). Given a transaction, or while one is open, it runs through Kysely like any other query.
 */
export function compiled<P extends Params, Q extends Compilable<unknown>>(
  build: (db: Kysely<DB>, param: <K extends keyof P & string>(name: K) => P[K]) => Q,
) {
  type Row = InferResult<Q>[number];
  // The SQL depends only on the dialect (SQLite for every connection), so one compilation serves all.
  let cache: { query: CompiledQuery<Row>; slots: (string | null)[] } | null = null;
  const prepare = (db: Kysely<DB>) => {
    if (cache) return cache;
    const query = build(db, (name) => `${MARK}${name}` as never).compile() as CompiledQuery<Row>;
    const slots = query.parameters.map((p) =>
      typeof p === 'string' && p.startsWith(MARK) ? p.slice(MARK.length) : null,
    );
    cache = { query, slots };
    return cache;
  };
  const run = (db: Kysely<DB>, params: P): Row[] | Promise<Row[]> => {
    const c = prepare(db);
    const args = c.slots.map((slot, i) => (slot === null ? c.query.parameters[i] : params[slot]));
    const sqlite = db.isTransaction ? undefined : fastPaths.get(db);
    if (sqlite && !sqlite.inTransaction) return cachedStatement(sqlite, c.query.sql).all(args) as Row[];
    return db.executeQuery<Row>({ ...c.query, parameters: args }).then((r) => r.rows);
  };
  return {
    /** All rows (a transaction runs it inside the transaction). */
    all: async (db: Kysely<DB>, params: P): Promise<Row[]> => run(db, params),
    first: async (db: Kysely<DB>, params: P): Promise<Row | undefined> => (await run(db, params))[0],
    /**
     * Synchronous when it can be (an array), else a promise: for hot reads that want to avoid an await.
     * Callers must handle both.
     */
    run,
    /**
     * Runs synchronously on the cached statement. Only where nothing else can be using the connection:
     * inside a transaction's callback (the transaction holds the one connection), e.g. bulk inserts.
     */
    runSync: (db: Kysely<DB>, sqlite: Database.Database, params: P): Database.RunResult => {
      const c = prepare(db);
      return cachedStatement(sqlite, c.query.sql).run(
        c.slots.map((slot, i) => (slot === null ? c.query.parameters[i] : params[slot])),
      );
    },
    /**
     * Reads synchronously on the cached statement, with the same rule as `runSync`: only inside a
     * transaction's callback on this connection (the transaction holds the one connection, so nothing else
     * can run on it meanwhile), where `run` would otherwise go through Kysely's connection queue.
     */
    allSync: (db: Kysely<DB>, sqlite: Database.Database, params: P): Row[] => {
      const c = prepare(db);
      return cachedStatement(sqlite, c.query.sql).all(
        c.slots.map((slot, i) => (slot === null ? c.query.parameters[i] : params[slot])),
      ) as Row[];
    },
    /** The compiled SQL (for query-plan tests). */
    sql: (db: Kysely<DB>) => prepare(db).query.sql,
  };
}

/**
 * `compiled` with the parameters' type given and the query's (so the rows') type inferred from the builder:
 * `const byPatient = compiledWith<{ patientId: number }>()((db, p) => db.selectFrom(...).where('patient_id',
 * '=', p('patientId')))`.
 */
export function compiledWith<P extends Params>() {
  return <Q extends Compilable<unknown>>(
    build: (db: Kysely<DB>, param: <K extends keyof P & string>(name: K) => P[K]) => Q,
  ) => compiled<P, Q>(build);
}

/** A value now (a compiled read that ran synchronously on the idle connection: `run`) or later. */
export type Maybe<T> = T | Promise<T>;

/** `Promise.all` that stays synchronous when every part is already a value (no promise hops). */
export function gather<T extends readonly unknown[]>(
  parts: readonly [...T],
): Maybe<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  type All = { -readonly [K in keyof T]: Awaited<T[K]> };
  for (const part of parts) if (part instanceof Promise) return Promise.all(parts) as Promise<All>;
  return parts as unknown as All;
}

/** `value.then(next)`, synchronous when the value is already there. */
export function andThen<T, U>(value: Maybe<T>, next: (v: T) => Maybe<U>): Maybe<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/**
 * Writes a top-level `LIMIT n` into the SQL as a literal instead of a bound parameter. Measured on the
 * 100,000-patient database: SQLite runs `... ORDER BY ... LIMIT ?` about twice as slowly as `LIMIT 100`
 * (12 µs against 6 µs for an NHS-number lookup), because with an unknown limit it cannot use its
 * top-N sorter. Limits are integers our code chooses (or zod has checked), so inlining them is safe (only
 * safe integers are inlined); offsets stay bound, so scrolling does not multiply statements. Only the
 * outermost SELECT is rewritten (O(1) per query, no tree walk).
 */
export class InlineLimitPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node;
    if (node.kind !== 'SelectQueryNode' || !node.limit) return node;
    const limit = node.limit.limit;
    if (
      !ValueNode.is(limit) ||
      limit.immediate ||
      typeof limit.value !== 'number' ||
      !Number.isSafeInteger(limit.value)
    )
      return node;
    return { ...node, limit: LimitNode.create(ValueNode.createImmediate(limit.value)) };
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}
