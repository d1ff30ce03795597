import type { MessageBoxOptions } from 'electron';

/**
 * The desktop app's answer to a damaged or unreadable database at start-up (issue 7): a clear dialog
 * offering the newest good backup (never a crash, never a silent empty database); restoring keeps the
 * damaged file beside it and starts the database again. Electron's dialog and the database steps are
 * injected, so this is unit-tested without the Electron binary (tests/unit/recovery-dialog.test.ts).
 */
export interface RecoveryDeps<T> {
  /** Starts the database worker; rejects with the reason when the file cannot be opened. */
  start(): Promise<T>;
  showMessageBox(options: MessageBoxOptions): Promise<{ response: number }>;
  showErrorBox(title: string, content: string): void;
  newestGoodBackup(
    backupDir: string,
  ): { name: string; takenAt: string } | null | Promise<{ name: string; takenAt: string } | null>;
  recover(backupName: string): Promise<unknown>;
  backupDir: string;
}

export const RECOVERY_TITLE = 'Alongside cannot open its database';

/** Starts, or explains and offers the newest good backup; null when the user quits (the caller exits). */
export async function startWithRecovery<T>(deps: RecoveryDeps<T>): Promise<T | null> {
  try {
    return await deps.start();
  } catch (err) {
    const message = (err as Error).message;
    // A database from a newer version is not damaged: never offer to replace it.
    const good = /newer version/.test(message) ? null : await deps.newestGoodBackup(deps.backupDir);
    const detail = good
      ? `The newest good backup is ${good.name}, taken ${new Date(good.takenAt).toLocaleString('en-GB', { timeZone: 'Europe/London' })}. Restoring it keeps the damaged file beside it.`
      : `Nothing has been changed. Your backups are in ${deps.backupDir}.`;
    const choice = await deps.showMessageBox({
      type: 'error',
      title: RECOVERY_TITLE,
      message,
      detail,
      buttons: good ? ['Restore this backup', 'Quit'] : ['Quit'],
      defaultId: 0,
      cancelId: good ? 1 : 0,
    });
    if (!good || choice.response !== 0) return null;
    try {
      await deps.recover(good.name);
      return await deps.start();
    } catch (again) {
      deps.showErrorBox(RECOVERY_TITLE, (again as Error).message);
      return null;
    }
  }
}
