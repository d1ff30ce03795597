import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startDbHost, type DbHost } from '../electron/main/db-host';
import { csv } from './data';
import { percentile } from './measure';

/**
 * "No IPC request blocks the Electron main thread", measured without the Electron binary: the same host
 * code Electron's main process uses (electron/main/db-host.ts, which is plain node:worker_threads) starts
 * the same database worker (electron/main/db-worker.ts) on the bench database; the heavy operations are
 * sent through it exactly as ipcMain forwards them, while the main thread's event-loop delay is recorded
 * (perf_hooks.monitorEventLoopDelay, 1 ms resolution). A frame is 16 ms: a main thread that never waits
 * longer than that keeps windows, menus and input responsive.
 */
export interface MainThreadRow {
  scenario: string;
  requests: number;
  /** Round trip main -> worker -> main, ms. */
  roundTrip: { median: number; p95: number; max: number };
  /** The main thread's event-loop delay while the requests ran, ms. */
  delay: { p99: number; max: number };
  targetMs: number;
  met: boolean;
}

export interface MainThreadReport {
  startMs: number;
  /** The main thread's delay with nothing running (the machine's own noise: other processes share the cores). */
  idle: { p99: number; max: number };
  rows: MainThreadRow[];
  memory: { processRssMiB: number; mainHeapMiB: number; workerHeapMiB: number; workerExternalMiB: number };
  error?: string;
}

const MiB = (n: number) => Math.round(n / 2 ** 20);

export async function measureMainThread(options: {
  dbFile: string;
  password: string;
  meetingId: number | null;
  log?: (s: string) => void;
}): Promise<MainThreadReport> {
  const log = options.log ?? (() => undefined);
  const here = import.meta.dirname;
  const t0 = performance.now();
  const host: DbHost = await startDbHost(
    resolve(here, 'ts-worker.mjs'),
    { dbFile: options.dbFile },
    { argv: [resolve(here, '../electron/main/db-worker.ts')] },
  );
  const startMs = performance.now() - t0;
  try {
    const call = async (key: string, channel: string, payload: unknown) => {
      const r = await host.request(key, channel, payload);
      if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
      return r.value;
    };
    await call('consultant', 'auth:signIn', { username: 'apatel', password: options.password });
    await call('admin', 'auth:signIn', { username: 'admin', password: options.password });
    await call('coordinator', 'auth:signIn', { username: 'lmills', password: options.password });

    const h = monitorEventLoopDelay({ resolution: 1 });
    const window = async <T>(run: () => Promise<T>) => {
      h.reset();
      h.enable();
      try {
        return await run();
      } finally {
        h.disable();
      }
    };
    const delayMs = () => ({ p99: h.percentile(99) / 1e6, max: h.max / 1e6 });

    await window(() => new Promise((r) => setTimeout(r, 1000)));
    const idle = delayMs();

    const rows: MainThreadRow[] = [];
    const scenario = async (name: string, requests: (() => Promise<unknown>)[], concurrency: number) => {
      log(`main thread: ${name}\n`);
      const times: number[] = [];
      await window(async () => {
        let next = 0;
        const lane = async () => {
          while (next < requests.length) {
            const r = requests[next++]!;
            const s = performance.now();
            await r();
            times.push(performance.now() - s);
          }
        };
        await Promise.all(Array.from({ length: concurrency }, lane));
      });
      times.sort((a, b) => a - b);
      const d = delayMs();
      rows.push({
        scenario: name,
        requests: requests.length,
        roundTrip: { median: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1) ?? NaN },
        delay: d,
        targetMs: 16,
        met: d.max < 16,
      });
    };
    const repeat = (n: number, key: string, channel: string, payload: unknown) =>
      Array.from({ length: n }, () => () => call(key, channel, payload));

    await scenario(
      'Typing in the patient search (200 searches, 4 in flight)',
      Array.from(
        { length: 200 },
        (_, i) => () =>
          call('consultant', 'patients:search', {
            query: ['s', 'sm', 'smi', 'smit', 'p', 'pa', 'pat', 'jo'][i % 8],
            offset: 0,
            limit: 50,
          }),
      ),
      4,
    );
    if (options.meetingId !== null) {
      const meetingId = options.meetingId;
      await scenario(
        'MDT suggested list (20 requests)',
        repeat(20, 'consultant', 'mdt:meeting:suggestions', { meetingId, limit: 50 }),
        1,
      );
    }
    await scenario(
      'Service views: medicines and outcomes (10 of each, 2 in flight)',
      [
        ...repeat(10, 'consultant', 'meds:serviceView', {}),
        ...repeat(10, 'consultant', 'rehab:serviceOutcomes', {}),
      ],
      2,
    );
    // Import: 10,000 patients sent in 300 kB parts (each part is copied across the thread boundary).
    const { text } = csv(700_000, 10_000);
    const parts: string[] = [];
    for (let off = 0; off < text.length;) {
      let end = Math.min(text.length, off + 300_000);
      if (end < text.length) end = text.indexOf('\n', end) + 1 || text.length;
      parts.push(text.slice(off, end));
      off = end;
    }
    let importId: string | undefined;
    await scenario(
      'CSV import of 10,000 patients (preview in parts + commit)',
      [
        ...parts.map((chunk, i) => async () => {
          const r = (await call('coordinator', 'data:importPreview', {
            ...(importId ? { importId } : {}),
            chunk,
            last: i === parts.length - 1,
          })) as { importId: string };
          importId = r.importId;
        }),
        () => call('coordinator', 'data:importCommit', { importId }),
      ],
      1,
    );
    await scenario(
      'Backup of the whole database (data:backupNow)',
      repeat(1, 'admin', 'data:backupNow', {}),
      1,
    );

    const worker = await host.memory();
    const main = process.memoryUsage();
    return {
      startMs,
      idle,
      rows,
      memory: {
        processRssMiB: MiB(main.rss),
        mainHeapMiB: MiB(main.heapUsed),
        workerHeapMiB: MiB(worker.heapUsed),
        workerExternalMiB: MiB(worker.external),
      },
    };
  } finally {
    await host.close();
  }
}

/**
 * {@link measureMainThread} in a fresh Node process, as Electron's main process is: it holds only the host
 * code. Run inside the benchmark's own process, the main thread would also carry the heap the data
 * generation left behind, and a major garbage collection of it would show up as main-thread delay that
 * the app never has.
 */
export function measureMainThreadInChild(options: {
  dbFile: string;
  password: string;
  meetingId: number | null;
  log?: (s: string) => void;
}): Promise<MainThreadReport> {
  const { log, ...args } = options;
  return new Promise((resolveReport, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', resolve(import.meta.dirname, 'main-thread-cli.ts'), JSON.stringify(args)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      log?.(d.toString());
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1);
      if (code === 0 && last) resolveReport(JSON.parse(last) as MainThreadReport);
      else reject(new Error(`main-thread measurement failed (exit ${code}): ${err.slice(-2000)}`));
    });
  });
}
