import { Worker } from 'node:worker_threads';
import type { Result } from '../../shared/result';

/** The main thread's handle on the database worker: requests with sequence numbers, a clean shutdown. */
export interface DbHost {
  request(sessionKey: string, channel: unknown, payload: unknown): Promise<Result<unknown>>;
  /** The database worker's own memory (its V8 heap; RSS is the whole process, shared with main). */
  memory(): Promise<WorkerMemory>;
  close(): Promise<void>;
}

export interface WorkerMemory {
  heapUsed: number;
  heapTotal: number;
  external: number;
  rss: number;
}

export function startDbHost(
  workerFile: string,
  init: { dbFile: string; nativeBinding?: string },
  /** For hosts other than Electron (the benchmark starts a TypeScript worker through a loader). */
  workerOptions: { argv?: string[] } = {},
): Promise<DbHost> {
  // Electron-free on purpose (plain node:worker_threads): the benchmark runs this same host under Node
  // to measure that requests never block the main thread (bench/main-thread.ts).
  const worker = new Worker(workerFile, { ...workerOptions, workerData: init });
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const memoryWaiters: ((m: WorkerMemory) => void)[] = [];
  let next = 1;
  return new Promise((resolve, reject) => {
    worker.on('error', (err) => reject(err));
    worker.on(
      'message',
      (msg: {
        id?: number;
        result?: Result<unknown>;
        type?: string;
        message?: string;
        memory?: WorkerMemory;
      }) => {
        if (msg.type === 'memory' && msg.memory) {
          memoryWaiters.shift()?.(msg.memory);
        } else if (msg.type === 'ready') {
          resolve({
            request(sessionKey, channel, payload) {
              const id = next++;
              return new Promise((res) => {
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
                worker.once('message', () => void worker.terminate().then(() => res()));
                worker.postMessage({ type: 'close' });
              }),
          });
        } else if (msg.type === 'failed') {
          reject(new Error(msg.message));
        } else if (msg.id !== undefined && msg.result) {
          pending.get(msg.id)?.(msg.result);
          pending.delete(msg.id);
        }
      },
    );
  });
}
