import { Worker } from 'node:worker_threads';
import type { Result } from '../../shared/result';

/** The main thread's handle on the database worker: requests with sequence numbers, a clean shutdown. */
export interface DbHost {
  request(sessionKey: string, channel: unknown, payload: unknown): Promise<Result<unknown>>;
  /** The database worker's own memory (its V8 heap; RSS is the whole process, shared with main). */
  memory(): Promise<WorkerMemory>;
  close(): Promise<void>;
  /** How many times the worker died and was started again. */
  restarts(): number;
  /** Team mode only: the team server's change stream for one window's session (others' saves). */
  watch?(sessionKey: string, onEvent: (e: { event: string; data: unknown }) => void): () => void;
}

export interface WorkerMemory {
  heapUsed: number;
  heapTotal: number;
  external: number;
  rss: number;
}

/** What every request waiting on a worker that died is answered (issue 17): clear, never a hang. */
export const WORKER_DIED_MESSAGE =
  'The database stopped unexpectedly while this was being done, so it may not have been saved. Alongside has restarted it: check the record and try again.';

type Message = {
  id?: number;
  result?: Result<unknown>;
  type?: string;
  message?: string;
  memory?: WorkerMemory;
};

export function startDbHost(
  workerFile: string,
  init: { dbFile: string; nativeBinding?: string },
  /** For hosts other than Electron (the benchmark starts a TypeScript worker through a loader). */
  workerOptions: { argv?: string[] } = {},
): Promise<DbHost> {
  // Electron-free on purpose (plain node:worker_threads): the benchmark runs this same host under Node
  // to measure that requests never block the main thread (bench/main-thread.ts).
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const memoryWaiters: ((m: WorkerMemory) => void)[] = [];
  let next = 1;
  let restarts = 0;
  let closing = false;
  let worker: Worker;
  /** Requests sent while a new worker starts wait for it. */
  let ready: Promise<void>;

  const failPending = () => {
    for (const [id, res] of pending) {
      pending.delete(id);
      res({ ok: false, error: { code: 'INTERNAL', message: WORKER_DIED_MESSAGE } });
    }
  };

  const spawn = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      let started = false;
      const w = new Worker(workerFile, { ...workerOptions, workerData: init });
      worker = w;
      w.on('error', (err) => {
        if (!started) reject(err);
        else console.error(`[alongside] database worker failed (${err.name})`);
      });
      w.on('exit', (code) => {
        if (closing || !started) return;
        // The worker died (a native crash, out of memory): every waiting request gets a clear answer and
        // a new worker starts (sessions were in the old one: everyone signs in again).
        console.error(`[alongside] database worker stopped (exit code ${code}); starting it again`);
        failPending();
        restarts++;
        ready = spawn().catch((err: unknown) => {
          console.error(`[alongside] database worker could not start again (${(err as Error).name})`);
        });
      });
      w.on('message', (msg: Message) => {
        if (msg.type === 'memory' && msg.memory) memoryWaiters.shift()?.(msg.memory);
        else if (msg.type === 'ready') {
          started = true;
          resolve();
        } else if (msg.type === 'failed') reject(new Error(msg.message));
        else if (msg.id !== undefined && msg.result) {
          pending.get(msg.id)?.(msg.result);
          pending.delete(msg.id);
        }
      });
    });

  ready = spawn();
  return ready.then(() => ({
    async request(sessionKey, channel, payload) {
      await ready;
      const id = next++;
      return new Promise<Result<unknown>>((res) => {
        pending.set(id, res);
        worker.postMessage({ id, sessionKey, channel, payload });
      });
    },
    memory: () =>
      new Promise<WorkerMemory>((res) => {
        memoryWaiters.push(res);
        worker.postMessage({ type: 'memory' });
      }),
    close: () =>
      new Promise<void>((res) => {
        closing = true;
        worker.once('message', () => void worker.terminate().then(() => res()));
        worker.postMessage({ type: 'close' });
      }),
    restarts: () => restarts,
  }));
}
