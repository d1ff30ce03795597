import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backupLocation } from '../db/backup';
import { checkCandidate, contentsOf, restoreBackup } from '../db/backup-restore';
import { installKey, verifyBackup } from '../db/backup-sign';
import { openDatabase } from '../db/connection';
import { LATEST_VERSION } from '../db/migrations/index';
import { databaseFile, defaultDataDir } from '../db/paths';

/**
 * `npm run restore -- FILE [--data-dir DIR] [--yes] [--foreign]`: shows what the backup holds, then
 * restores online (db/backup-restore.ts: checked against the app's own schema and this installation's
 * signature, copied as data, the current database backed up first, its audit trail carried over, the
 * restore audited). Safe while the app is open: the database generation changes, so every session in
 * the app ends. Without --yes it only shows the preview. --foreign restores a backup not signed by this
 * installation (after you have checked where it came from).
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'data-dir': { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
    foreign: { type: 'boolean' },
  },
});
const source = positionals[0] ? resolve(positionals[0]) : null;
if (!source || !existsSync(source)) {
  console.error(
    'Usage: npm run restore -- FILE [--data-dir DIR] [--yes] [--foreign]   (FILE: a backup .sqlite file)',
  );
  process.exit(2);
}
const file = databaseFile(values['data-dir'] ?? defaultDataDir());
const conn = openDatabase(file, { busyTimeoutMs: 30_000 });
try {
  const signature = await verifyBackup(source, installKey(file));
  const checked = await checkCandidate(conn.sqlite, source, { latestVersion: LATEST_VERSION });
  const c = contentsOf(checked.version, checked.counts, 'ok');
  console.log(
    `Backup ${basename(source)}: schema ${c.schemaVersion}, ${c.patients} patients, ${c.users} users, ${c.auditRows} audit rows, signature ${signature.state}${signature.meta ? `, taken ${signature.meta.takenAt}` : ''}`,
  );
  if (signature.state !== 'valid')
    console.log(
      'WARNING: this backup is not signed by this installation. Restore it only with --foreign, after checking where it came from.',
    );
  if (!values.yes) {
    console.log('Add --yes to restore it (the current database is backed up first).');
  } else {
    const dir = backupLocation(file).dir;
    const started = Date.now();
    const { safetyBackup } = await restoreBackup(conn.sqlite, file, source, dir, {
      latestVersion: LATEST_VERSION,
      allowForeign: values.foreign ?? false,
      auditRow: (d) => ({
        at: new Date().toISOString(),
        user_id: null,
        action: values.foreign ? 'data.restore.foreign' : 'data.restore',
        entity: 'database',
        entity_id: null,
        patient_id: null,
        before_json: null,
        after_json: JSON.stringify({
          restored: basename(source),
          by: 'command line',
          takenAt: d.metadata?.takenAt ?? null,
          signature: d.signature,
          safetyBackup: d.safetyBackup,
          carriedAuditRows: d.carriedRows,
          movedAuditRows: d.movedRows,
        }),
      }),
    });
    console.log(
      `Restored into ${file} in ${Date.now() - started} ms.\nThe database as it was is kept in ${safetyBackup}\nEveryone signed in to the app has been signed out.`,
    );
  }
} catch (err) {
  console.error(`Nothing was restored: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await conn.close();
}
