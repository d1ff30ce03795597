import { PostgresAdapter, sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Engine } from '../connection';

/**
 * Where the two engines need different SQL, the query asks here, so each difference lives in one place per
 * query (`dialectSql(db, { sqlite: ..., postgres: ... })`) and everything else stays one Kysely query.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** The engine a Kysely instance (or transaction) runs on. */
export function engineOf(db: AnyDb): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** The variant for this engine. */
export function dialectSql<T>(db: AnyDb, variants: { sqlite: () => T; postgres: () => T }): T {
  return variants[engineOf(db)]();
}

/**
 * Serialises the transactions that decide something from a count or an absence ("no users yet", "no open
 * plan yet") until the transaction ends. SQLite already has a single writer (transactions begin
 * IMMEDIATE), so there it does nothing; on PostgreSQL it takes a transaction-level advisory lock on `key`.
 */
export async function serialiseOn(trx: AnyDb, key: string): Promise<void> {
  if (engineOf(trx) === 'postgres') await sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
}

/** A list of integers as one parameter, expanded into rows: `x in (select value from ...)`. */
export function integerList(db: AnyDb, json: unknown): RawBuilder<unknown> {
  return dialectSql(db, {
    sqlite: () => sql`(select value from json_each(${json}))`,
    postgres: () => sql`(select value::integer from json_array_elements_text(${json}::json) as value)`,
  });
}

/** `column IN (the integers of a JSON array)`: one statement whatever the number of ids. */
export function inIntegerList(db: AnyDb, column: string, json: unknown): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} in ${integerList(db, json)}`;
}

/**
 * The values of a group joined by `separator` (null for none), in no particular order: SQLite's
 * `group_concat`, PostgreSQL's `string_agg` (which needs text, so the value is cast).
 */
export function groupConcat(db: AnyDb, value: RawBuilder<unknown>, separator: RawBuilder<unknown>) {
  return dialectSql(db, {
    sqlite: () => sql<string | null>`group_concat(${value}, ${separator})`,
    postgres: () => sql<string | null>`string_agg((${value})::text, ${separator})`,
  });
}

/** The one-character string of this code point (a separator that never occurs in text): char() / chr(). */
export function charOf(db: AnyDb, code: number): RawBuilder<string> {
  const n = sql.lit(Math.trunc(code));
  return dialectSql(db, { sqlite: () => sql<string>`char(${n})`, postgres: () => sql<string>`chr(${n})` });
}

/**
 * The text of a top-level field of a JSON object stored as text (null when absent or JSON null). `key` is
 * the code's own constant, written into the statement.
 */
export function jsonTextField(db: AnyDb, column: string, key: string): RawBuilder<string | null> {
  return dialectSql(db, {
    sqlite: () => sql<string | null>`json_extract(${sql.ref(column)}, ${sql.lit(`$.${key}`)})`,
    postgres: () => sql<string | null>`(${sql.ref(column)}::jsonb ->> ${sql.lit(key)})`,
  });
}

/**
 * Whether a JSON array stored as text (null: none) holds `value`, either as a string element or as an
 * object whose `objectKey` field is `value` (an older row's list of ids, a newer row's list of objects).
 */
export function jsonListHas(
  db: AnyDb,
  column: string,
  value: string,
  objectKey: string,
): RawBuilder<SqlBool> {
  return dialectSql(db, {
    sqlite: () => sql<SqlBool>`exists (select 1 from json_each(${sql.ref(column)}) o
      where (case o.type when 'text' then o.atom when 'object' then json_extract(o.value, ${sql.lit(`$.${objectKey}`)}) end)
        = ${value})`,
    postgres: () => sql<SqlBool>`exists (select 1 from jsonb_array_elements(${sql.ref(column)}::jsonb) o
      where (case jsonb_typeof(o) when 'string' then o #>> '{}' when 'object' then o ->> ${sql.lit(objectKey)} end)
        = ${value})`,
  });
}
