import { execFileSync } from 'node:child_process';

/**
 * Tests written for SQLite read and poke rows synchronously (`conn.sqlite.prepare(sql).pluck().get(...)`).
 * On PostgreSQL there is no synchronous driver, so in TESTS ONLY the PostgreSQL connection answers those
 * calls through `psql` (one process per statement: slow, but the test reads a handful of rows). Parameters
 * (`?`) are written in as literals. Services and queries never see this (lint keeps them off `.sqlite`).
 */
export interface SyncStatement {
  pluck(on?: boolean): SyncStatement;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number };
}
export interface SyncDatabase {
  prepare(text: string): SyncStatement;
  exec(text: string): void;
}

function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  return `'${String(v).replace(/'/g, "''")}'`;
}

function bind(text: string, params: unknown[]): string {
  let i = 0;
  return text.replace(/\?/g, () => literal(params[i++]));
}

function psql(url: string, text: string, quiet = true): string {
  try {
    return execFileSync('psql', [url, '-X', ...(quiet ? ['-q'] : []), '-At', '-v', 'ON_ERROR_STOP=1', '-c', text], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr ?? String(e);
    throw new Error(stderr.replace(/^psql:[^:]*:\d+: /, '').trim());
  }
}

export function pgSync(url: string): SyncDatabase {
  const rows = (text: string): Record<string, unknown>[] =>
    JSON.parse(psql(url, `SELECT coalesce(json_agg(t), '[]') FROM (${text.trim().replace(/;$/, '')}) t`));
  return {
    exec: (text) => void psql(url, text),
    prepare(text) {
      let plucked = false;
      const shape = (r: Record<string, unknown> | undefined) => (r && plucked ? Object.values(r)[0] : r);
      const stmt: SyncStatement = {
        pluck(on = true) {
          plucked = on;
          return stmt;
        },
        get: (...params) => shape(rows(bind(text, params.flat()))[0]),
        all: (...params) => rows(bind(text, params.flat())).map(shape),
        run: (...params) => {
          const out = psql(url, bind(text, params.flat()), false);
          return { changes: Number(/(\d+)\s*$/.exec(out)?.[1] ?? 0) };
        },
      };
      return stmt;
    },
  };
}
