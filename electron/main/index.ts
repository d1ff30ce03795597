import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { backupLocation } from '../../db/backup';
import { newestGoodBackup, recoverFromBackup } from '../../db/open';
import { databaseFile } from '../../db/paths';
import { londonToday } from '../../shared/dates';
import { startDbHost, type DbHost } from './db-host';
import { createPrintHost } from './printing';
import { startRemoteHost, teamServerSetting } from './team';
import { connectionHost, pickCaFile } from './connection';
import { startWithRecovery } from './recovery';
import { registerAppScheme, serveRenderer } from './protocol';
import { denyAllPermissions, installGlobalGuards, isAppUrl } from './security';
import { createMainWindow, createPrintWindow } from './window';

app.setName('Alongside');
// UK dates everywhere, whatever the desktop's own language: the native date fields then read dd/mm/yyyy, so
// 03/01/2027 can only mean 3 January (decisions: en-GB dates, Europe/London time).
app.commandLine.appendSwitch('lang', 'en-GB');
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
      // A damaged or unreadable database: say so and offer the newest good backup (issue 7).
      const backupDir = backupLocation(dbFile).dir;
      // Team mode: a team server configured for this workstation replaces the local database.
      const team = teamServerSetting(app.getPath('userData'), process.env);
      host = team
        ? startRemoteHost(team)
        : await startWithRecovery({
            start,
            showMessageBox: (options) => dialog.showMessageBox(options),
            showErrorBox: (title, content) => dialog.showErrorBox(title, content),
            newestGoodBackup: (dir) => newestGoodBackup(dir, nativeBinding, dbFile),
            recover: (name) =>
              recoverFromBackup(dbFile, backupDir, name, nativeBinding ? { nativeBinding } : {}),
            backupDir,
          });
      if (!host) {
        app.exit(1);
        return;
      }
      // Print and PDF: host channels answered here, hidden print windows signed in as the asking window.
      const printing = createPrintHost({
        createWindow: () => createPrintWindow(join(here, '../preload')),
        showSaveDialog: (parent, options) =>
          parent instanceof BrowserWindow
            ? dialog.showSaveDialog(parent, options)
            : dialog.showSaveDialog(options),
        writeFile: (file, data) => writeFile(file, data),
        request: (key, channel, payload) => host!.request(key, channel, payload),
        today: () => londonToday(),
        defaultDir: app.getPath('documents'),
      });
      const connection = connectionHost({
        userData: app.getPath('userData'),
        env: process.env,
        dispatch: (key, channel, payload) => host!.request(key, channel, payload),
        afterSave: 'Alongside restarts in a moment to use it.',
        // The CA file: the system's open-file dialog, shown by the main process over the focused window.
        chooseFile: () =>
          pickCaFile((options) => {
            const parent = BrowserWindow.getFocusedWindow();
            return parent ? dialog.showOpenDialog(parent, options) : dialog.showOpenDialog(options);
          }),
        onSaved: () =>
          setTimeout(() => {
            app.relaunch();
            app.exit(0);
          }, 3000),
      });
      ipcMain.handle('alongside:invoke', async (event, channel: unknown, payload: unknown) => {
        // Only our own page may talk to the database.
        if (!isAppUrl(event.senderFrame?.url))
          return { ok: false, error: { code: 'FORBIDDEN', message: 'Refused: not the Alongside window.' } };
        // This computer only, or the service's server: the workstation's choice, kept here (issue 19).
        if (connection.handles(channel))
          return connection.handle(printing.sessionKeyFor(event.sender.id), channel as string, payload);
        if (printing.handles(channel))
          return printing.handle(
            event.sender.id,
            channel as string,
            payload,
            BrowserWindow.fromWebContents(event.sender),
          );
        return host!.request(printing.sessionKeyFor(event.sender.id), channel, payload);
      });
      // Team mode: others' saves, from the team server's change stream, go to the window that asked, which
      // refreshes what they change (renderer/src/api/queries.ts connectChangeStream). One stream per window.
      const streams = new Map<number, () => void>();
      ipcMain.on('alongside:watch', (event) => {
        if (!isAppUrl(event.senderFrame?.url) || !host?.watch) return;
        const id = event.sender.id;
        streams.get(id)?.();
        const sender = event.sender;
        streams.set(
          id,
          host.watch(printing.sessionKeyFor(id), (e) => {
            if (!sender.isDestroyed()) sender.send('alongside:change', e);
          }),
        );
        sender.once('destroyed', () => {
          streams.get(id)?.();
          streams.delete(id);
        });
      });
      ipcMain.on('alongside:unwatch', (event) => {
        streams.get(event.sender.id)?.();
        streams.delete(event.sender.id);
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
