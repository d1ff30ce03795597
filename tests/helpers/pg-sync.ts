import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/**
 * Tests written for SQLite read and poke rows synchronously (`conn.sqlite.prepare(sql).pluck().get(...)`).
 * On PostgreSQL there is no synchronous driver, so in TESTS ONLY the PostgreSQL connection answers those
 * calls through a worker thread holding its own `pg` client: the test thread posts the statement and waits
 * (Atomics.wait) for the answer. `?` placeholders become $1, $2 ...; counts come back as numbers, as on
 * SQLite. Services and queries never see this (lint keeps them off `.sqlite`).
 */
export interface SyncStatement {
  pluck(on?: boolean): SyncStatement;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number; lastInsertRowid: number };
}
export interface SyncDatabase {
  prepare(text: string): SyncStatement;
  exec(text: string): void;
}

interface Answer {
  rows?: Record<string, unknown>[];
  fields?: string[];
  rowCount?: number;
  error?: string;
}

const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const pg = require(workerData.pgPath);
const types = { getTypeParser: (oid, format) => (oid === 20 || oid === 1700 ? Number : pg.types.getTypeParser(oid, format)) };
const client = new pg.Client({ connectionString: workerData.url, types });
const ready = client.connect();
parentPort.on('message', async ({ text, params }) => {
  let out;
  try {
    await ready;
    const r = await client.query(text, params);
    out = { rows: r.rows, fields: (r.fields || []).map((f) => f.name), rowCount: r.rowCount };
  } catch (e) {
    out = { error: String(e && e.message) };
  }
  workerData.port.postMessage(out);
  Atomics.store(workerData.signal, 0, 1);
  Atomics.notify(workerData.signal, 0);
});
`;

interface Channel {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
}
const channels = new Map<string, Channel>();

function channel(url: string): Channel {
  let c = channels.get(url);
  if (!c) {
    const { port1, port2 } = new MessageChannel();
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const pgPath = createRequire(import.meta.url).resolve('pg');
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { url, port: port2, signal, pgPath },
      transferList: [port2],
    });
    worker.unref();
    port1.unref();
    c = { worker, port: port1, signal };
    channels.set(url, c);
  }
  return c;
}

function query(url: string, text: string, params: unknown[]): Answer {
  // The worker database is shared by the tests of a process: no test changes its tables on PostgreSQL.
  if (/\b(drop|alter|create)\s+table\b/i.test(text))
    throw new Error(`Not on PostgreSQL in tests: ${text.slice(0, 60)} (mark the test itOnSqlite)`);
  const c = channel(url);
  let n = 0;
  const numbered = text.replace(/\?/g, () => `$${++n}`);
  Atomics.store(c.signal, 0, 0);
  c.worker.postMessage({
    text: numbered,
    params: params.map((v) => (typeof v === 'boolean' ? Number(v) : typeof v === 'bigint' ? String(v) : v)),
  });
  if (Atomics.wait(c.signal, 0, 0, 30_000) === 'timed-out')
    throw new Error(`No answer from PostgreSQL: ${text}`);
  const answer = receiveMessageOnPort(c.port)?.message as Answer | undefined;
  if (!answer) throw new Error(`No answer from PostgreSQL: ${text}`);
  if (answer.error !== undefined) throw new Error(answer.error);
  return answer;
}

export function pgSync(url: string): SyncDatabase {
  return {
    exec: (text) => void query(url, text, []),
    prepare(text) {
      let plucked = false;
      const shape = (a: Answer, r: Record<string, unknown> | undefined) =>
        r && plucked ? r[a.fields![0]!] : r;
      const stmt: SyncStatement = {
        pluck(on = true) {
          plucked = on;
          return stmt;
        },
        get: (...params) => {
          const a = query(url, text, params.flat());
          return shape(a, a.rows?.[0]);
        },
        all: (...params) => {
          const a = query(url, text, params.flat());
          return (a.rows ?? []).map((r) => shape(a, r));
        },
        run: (...params) => {
          // An insert answers with its new id (SQLite's lastInsertRowid) through RETURNING.
          const insert = /^\s*insert\b/i.test(text) && !/\breturning\b/i.test(text);
          const a = query(url, insert ? `${text.trim().replace(/;$/, '')} RETURNING *` : text, params.flat());
          return { changes: a.rowCount ?? 0, lastInsertRowid: insert ? Number(a.rows?.[0]?.id) : 0 };
        },
      };
      return stmt;
    },
  };
}
