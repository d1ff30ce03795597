import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createDispatcher } from '../../db/dispatcher';
import { openAndMigrate } from '../../db/open';
import { databaseFile, defaultDataDir } from '../../db/paths';
import { startPreviewServer } from './server';

/** `npm run preview`: the app in a browser on this machine, with the same services as the desktop app. */
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
  },
});
const dataDir = values['data-dir'] ?? defaultDataDir();
const file = databaseFile(dataDir);
const { conn, migration } = await openAndMigrate(file);
if (migration.backup) console.log(`Backed up before migrating: ${migration.backup}`);
const dispatcher = createDispatcher(conn);
const server = await startPreviewServer({
  dispatcher,
  staticDir: resolve(import.meta.dirname, '../../out/renderer'),
  ...(values.port ? { port: Number(values.port) } : {}),
});
console.log(`Alongside preview (database ${file})`);
console.log(`Open: ${server.url}`);
console.log('Only this machine can reach it, and only with the token in that address. Ctrl+C stops it.');
const stop = async () => {
  await server.close();
  await conn.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
