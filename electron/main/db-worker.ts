import { parentPort, workerData } from 'node:worker_threads';
import { createDispatcher } from '../../db/dispatcher';
import { openAndMigrate } from '../../db/open';

/**
 * The database's one owner, on a worker thread: the Electron main thread never waits on SQLite.
 * Messages in: { id, sessionKey, channel, payload }. Out: { id, result } (results never throw).
 */
interface Init {
  dbFile: string;
  nativeBinding?: string;
}
const init = workerData as Init;
const port = parentPort!;

try {
  const { conn, migration } = await openAndMigrate(
    init.dbFile,
    init.nativeBinding ? { nativeBinding: init.nativeBinding } : {},
  );
  const dispatcher = createDispatcher(conn);
  port.on(
    'message',
    (msg: { id: number; sessionKey: string; channel: unknown; payload: unknown } | { type: 'close' }) => {
      if ('type' in msg) {
        void conn.close().then(() => port.postMessage({ type: 'closed' }));
        return;
      }
      void dispatcher
        .dispatch(msg.sessionKey, msg.channel, msg.payload)
        .then((result) => port.postMessage({ id: msg.id, result }));
    },
  );
  port.postMessage({ type: 'ready', migration });
} catch (err) {
  port.postMessage({ type: 'failed', name: (err as Error).name, message: (err as Error).message });
}
