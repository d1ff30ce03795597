import { parentPort, workerData } from 'node:worker_threads';
import { dirname, join } from 'node:path';
import { backupLocation } from '../../db/backup';
import { createDispatcher } from '../../db/dispatcher';
import { startDailyBackups, startIntegrityChecks } from '../../db/health';
import { createFileLogger, teeConsoleToLog } from '../../db/log';
import { openForStartup } from '../../db/open';

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

// Logs rotate by size (db/log.ts); the dispatcher writes only channel + error class, never patient data.
teeConsoleToLog(createFileLogger(join(dirname(init.dbFile), 'logs', 'alongside.log')));

try {
  const start = await openForStartup(
    init.dbFile,
    init.nativeBinding ? { nativeBinding: init.nativeBinding } : {},
  );
  if (!start.ok) {
    // A damaged or unreadable file: never an empty database; main offers the newest good backup.
    // Nothing stays open here: the main thread shows the recovery choice and starts a new worker.
    throw Object.assign(new Error(start.problem.message), { name: start.problem.kind });
  }
  const { conn, migration } = start;
  if (start.networkWarning) console.warn(`[alongside] ${start.networkWarning}`);
  const dispatcher = createDispatcher(conn);
  // Daily backups while the app runs (rotation 7 daily / 4 weekly / 12 monthly), in the chosen folder.
  // Daily backups; a failed one is shown to administrators in the app (Data screen), not only logged.
  const scheduler = startDailyBackups({
    sqlite: conn.sqlite,
    dbFile: init.dbFile,
    backupDir: () => backupLocation(init.dbFile).dir,
    log: (m) => console.error(m),
  });
  // The full integrity check, in the background and table by table (never on a request).
  const integrity = startIntegrityChecks({
    sqlite: conn.sqlite,
    dbFile: init.dbFile,
    log: (m) => console.error(m),
  });
  port.on(
    'message',
    (
      msg:
        | { id: number; sessionKey: string; channel: unknown; payload: unknown }
        | { type: 'close' }
        | { type: 'memory' },
    ) => {
      if ('type' in msg && msg.type === 'memory') {
        const { heapUsed, heapTotal, external, rss } = process.memoryUsage();
        port.postMessage({ type: 'memory', memory: { heapUsed, heapTotal, external, rss } });
        return;
      }
      if ('type' in msg) {
        scheduler.stop();
        integrity.stop();
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
