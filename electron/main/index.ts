import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { backupLocation } from '../../db/backup';
import { newestGoodBackup, recoverFromBackup } from '../../db/open';
import { databaseFile } from '../../db/paths';
import { startDbHost, type DbHost } from './db-host';
import { registerAppScheme, serveRenderer } from './protocol';
import { denyAllPermissions, installGlobalGuards, isAppUrl } from './security';
import { createMainWindow } from './window';

app.setName('Alongside');
// Tests and IT can point the app at another data folder.
if (process.env.ALONGSIDE_DATA_DIR) app.setPath('userData', process.env.ALONGSIDE_DATA_DIR);

if (!app.requestSingleInstanceLock()) {
  // A second copy would open the same database: hand over to the first and leave.
  app.quit();
} else {
  registerAppScheme();
  installGlobalGuards();
  let host: DbHost | null = null;

  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app.whenReady().then(
    async () => {
      denyAllPermissions(session.defaultSession);
      const here = import.meta.dirname;
      const appRoot = app.getAppPath();
      const native = join(appRoot, 'native', 'electron', 'better_sqlite3.node');
      const dbFile = databaseFile(app.getPath('userData'));
      const nativeBinding = existsSync(native) ? native : undefined;
      const start = () =>
        startDbHost(join(here, 'db-worker.js'), { dbFile, ...(nativeBinding ? { nativeBinding } : {}) });
      try {
        host = await start();
      } catch (err) {
        // A damaged or unreadable database: say so and offer the newest good backup (issue 7).
        const backupDir = backupLocation(dbFile).dir;
        const good = /newer version/.test((err as Error).message)
          ? null
          : newestGoodBackup(backupDir, nativeBinding);
        const detail = good
          ? `The newest good backup is ${good.name}, taken ${new Date(good.takenAt).toLocaleString('en-GB', { timeZone: 'Europe/London' })}. Restoring it keeps the damaged file beside it.`
          : `Nothing has been changed. Your backups are in ${backupDir}.`;
        const choice = await dialog.showMessageBox({
          type: 'error',
          title: 'Alongside cannot open its database',
          message: (err as Error).message,
          detail,
          buttons: good ? ['Restore this backup', 'Quit'] : ['Quit'],
          defaultId: 0,
          cancelId: good ? 1 : 0,
        });
        if (!good || choice.response !== 0) {
          app.exit(1);
          return;
        }
        try {
          await recoverFromBackup(dbFile, backupDir, good.name, nativeBinding ? { nativeBinding } : {});
          host = await start();
        } catch (again) {
          dialog.showErrorBox('Alongside cannot open its database', (again as Error).message);
          app.exit(1);
          return;
        }
      }
      ipcMain.handle('alongside:invoke', async (event, channel: unknown, payload: unknown) => {
        // Only our own page may talk to the database.
        if (!isAppUrl(event.senderFrame?.url))
          return { ok: false, error: { code: 'FORBIDDEN', message: 'Refused: not the Alongside window.' } };
        return host!.request(`wc:${event.sender.id}`, channel, payload);
      });
      serveRenderer(join(here, '../renderer'));
      createMainWindow(join(here, '../preload'));
    },
    (err: unknown) => {
      console.error('[alongside] start-up failed', (err as Error).name);
      app.exit(1);
    },
  );

  app.on('window-all-closed', () => {
    void (host?.close() ?? Promise.resolve()).then(() => app.quit());
  });
}
