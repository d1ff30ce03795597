import { Worker } from 'node:worker_threads';
import type { Result } from '../../shared/result';

/** The main thread's handle on the database worker: requests with sequence numbers, a clean shutdown. */
export interface DbHost {
  request(sessionKey: string, channel: unknown, payload: unknown): Promise<Result<unknown>>;
  close(): Promise<void>;
}

export function startDbHost(
  workerFile: string,
  init: { dbFile: string; nativeBinding?: string },
): Promise<DbHost> {
  const worker = new Worker(workerFile, { workerData: init });
  const pending = new Map<number, (r: Result<unknown>) => void>();
  let next = 1;
  return new Promise((resolve, reject) => {
    worker.on('error', (err) => reject(err));
    worker.on(
      'message',
      (msg: { id?: number; result?: Result<unknown>; type?: string; message?: string }) => {
        if (msg.type === 'ready') {
          resolve({
            request(sessionKey, channel, payload) {
              const id = next++;
              return new Promise((res) => {
                pending.set(id, res);
                worker.postMessage({ id, sessionKey, channel, payload });
              });
            },
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
