import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backupLocation, lastDailyBackup, startBackupScheduler, takeBackup } from '../../db/backup';
import { createDispatcher } from '../../db/dispatcher';
import { createFileLogger, teeConsoleToLog } from '../../db/log';
import { openForStartup, recoverFromBackup, type StartupProblem } from '../../db/open';
import { databaseFile, defaultDataDir } from '../../db/paths';
import { connectToServer } from '../../server/client';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { connectionHost } from '../main/connection';
import { teamServerSetting } from '../main/team';
import type { Dispatcher } from '../../db/dispatcher';
import { startPreviewServer } from './server';

/** `npm run preview`: the app in a browser on this machine, with the same services as the desktop app. */
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    // Team mode: the renderer talks to the team server instead of a local database.
    server: { type: 'string' },
    'server-ca': { type: 'string' },
  },
});
const dataDir = values['data-dir'] ?? defaultDataDir();
const file = databaseFile(dataDir);
teeConsoleToLog(createFileLogger(join(dataDir, 'logs', 'alongside-preview.log')));

/**
 * The connection choice's host channels (shared/connection.ts) in front of the backend: kept in
 * team-server.json in the data folder, as the desktop app keeps it in its own.
 */
function withConnectionChoice(backend: Pick<Dispatcher, 'dispatch'>): Pick<Dispatcher, 'dispatch'> {
  const connection = connectionHost({
    userData: dataDir,
    env: process.env,
    dispatch: (key, channel, payload) => backend.dispatch(key, channel, payload),
    afterSave: 'Close Alongside and start it again to use it.',
  });
  return {
    dispatch: (key, channel, payload) =>
      connection.handles(channel)
        ? connection.handle(key, channel as string, payload)
        : backend.dispatch(key, channel, payload),
  };
}

/** `--server https://… --server-ca trust-ca.pem` (or the data folder's team-server.json): no local database. */
async function startConnected(url: string, caFile: string | null): Promise<void> {
  const remote = connectToServer({
    url,
    ...(caFile ? { ca: readFileSync(caFile) } : {}),
  });
  const server = await startPreviewServer({
    dispatcher: withConnectionChoice({
      dispatch: (key, channel, payload) => remote.request(key, channel, payload),
    }),
    watch: (key, onEvent) => remote.watch(key, onEvent),
    staticDir: process.env.ALONGSIDE_RENDERER_DIR ?? resolve(import.meta.dirname, '../../out/renderer'),
    ...(values.port ? { port: Number(values.port) } : {}),
  });
  console.log(`Alongside preview, connected to the team server ${url} (no patient data kept here)`);
  console.log(`Open: ${server.url}`);
  const stop = async () => {
    await server.close();
    await remote.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

async function startApp(): Promise<boolean> {
  if (values.server) {
    await startConnected(values.server, values['server-ca'] ?? null);
    return true;
  }
  const chosen = teamServerSetting(dataDir, process.env);
  if (chosen) {
    await startConnected(chosen.url, chosen.caFile);
    return true;
  }
  const start = await openForStartup(file);
  if (!start.ok) {
    await serveRecovery(start.problem);
    return false;
  }
  const { conn, migration } = start;
  if (migration.backup) console.log(`Backed up before migrating: ${migration.backup}`);
  if (start.networkWarning) console.warn(`WARNING: ${start.networkWarning}`);
  const dispatcher = createDispatcher(conn);
  const scheduler = startBackupScheduler({
    backup: () => takeBackup(conn.sqlite, backupLocation(file).dir, 'daily'),
    lastBackupAt: () => lastDailyBackup(backupLocation(file).dir),
    onError: (err) => console.error(`[alongside] daily backup failed: ${(err as Error).name}`),
  });
  const server = await startPreviewServer({
    dispatcher: withConnectionChoice(dispatcher),
    // ALONGSIDE_RENDERER_DIR: another renderer build (tests build their own copy).
    staticDir: process.env.ALONGSIDE_RENDERER_DIR ?? resolve(import.meta.dirname, '../../out/renderer'),
    ...(values.port ? { port: Number(values.port) } : {}),
  });
  console.log(`Alongside preview (database ${file})`);
  console.log(`Open: ${server.url}`);
  console.log('Only this machine can reach it, and only with the token in that address. Ctrl+C stops it.');
  const stop = async () => {
    scheduler.stop();
    await server.close();
    await conn.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  return true;
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The database could not be opened: a minimal recovery page (loopback, token as for the preview) that
 * says what is wrong and offers the newest good backup. Restoring moves the damaged file aside (kept)
 * and starts the app normally. Nothing is ever replaced by an empty database.
 */
async function serveRecovery(problem: StartupProblem): Promise<void> {
  const token = randomBytes(24).toString('base64url');
  const page = (body: string) =>
    `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Alongside: the database needs attention</title>` +
    `<style>body{font:16px system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#1a1b1e}` +
    `h1{font-size:1.6rem}code{background:#f1f3f5;padding:0 .25rem}button{font:inherit;padding:.5rem 1rem;background:#1864ab;color:#fff;border:0;border-radius:4px}</style>` +
    `</head><body><main>${body}</main></body></html>`;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers = {
      'Content-Type': 'text/html; charset=utf-8',
      // The app's CSP, except that this page's one form may post back to it (the app itself has no forms
      // that submit; its form-action 'none' blocked the "Restore this backup" button here).
      'Content-Security-Policy': CONTENT_SECURITY_POLICY.replace("form-action 'none'", "form-action 'self'"),
      'Cache-Control': 'no-store',
    };
    if (url.searchParams.get('token') !== token) {
      res.writeHead(401, headers).end(page('<h1>Unauthorised</h1>'));
      return;
    }
    if (req.method === 'POST' && url.pathname === '/restore' && problem.newestGoodBackup) {
      const name = problem.newestGoodBackup.name;
      void recoverFromBackup(problem.file, problem.backupDir, name)
        .then(async ({ damagedCopy }) => {
          console.log(`Restored ${name}; the damaged file is kept as ${damagedCopy ?? '(none)'}.`);
          res
            .writeHead(200, headers)
            .end(
              page(
                `<h1>Restored</h1><p>The database was restored from <code>${esc(name)}</code>. The damaged file is kept as <code>${esc(damagedCopy ?? '')}</code>.</p><p>Alongside is starting again: use the new address printed in the terminal.</p>`,
              ),
            );
          server.close();
          await startApp();
        })
        .catch((err: unknown) => {
          res
            .writeHead(500, headers)
            .end(page(`<h1>The restore failed</h1><p>${esc((err as Error).message)}</p>`));
        });
      return;
    }
    const offer = problem.newestGoodBackup
      ? `<p>The newest backup that passes its check is <strong>${esc(problem.newestGoodBackup.name)}</strong>, taken ${esc(new Date(problem.newestGoodBackup.takenAt).toLocaleString('en-GB', { timeZone: 'Europe/London' }))}. Anything entered after that time will need entering again.</p>` +
        `<form method="post" action="/restore?token=${token}"><button type="submit">Restore this backup</button></form>`
      : `<p>No good backup was found in <code>${esc(problem.backupDir)}</code>. Ask IT to restore one (<code>npm run restore -- FILE</code>).</p>`;
    res
      .writeHead(200, headers)
      .end(
        page(
          `<h1>Alongside cannot open its database</h1><p role="alert">${esc(problem.message)}</p>` +
            `<p>Database: <code>${esc(problem.file)}</code><br>Backups: <code>${esc(problem.backupDir)}</code></p>${offer}`,
        ),
      );
  });
  await new Promise<void>((r) =>
    server.listen(values.port ? Number(values.port) : 0, '127.0.0.1', () => r()),
  );
  const { port } = server.address() as AddressInfo;
  console.error(`Alongside cannot open its database: ${problem.message}`);
  console.log(`Recovery page: http://127.0.0.1:${port}/?token=${token}`);
}

await startApp();
