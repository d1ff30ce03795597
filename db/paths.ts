import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where Alongside keeps its data when no folder is given: the same folder Electron's
 * `app.getPath('userData')` gives for an app named "Alongside", so the desktop app, the browser preview
 * and the command-line tools find one database. ALONGSIDE_DATA_DIR overrides it.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.ALONGSIDE_DATA_DIR) return env.ALONGSIDE_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Alongside');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Alongside');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Alongside');
}

export const DB_FILE_NAME = 'alongside.sqlite';

export function databaseFile(dataDir: string): string {
  return join(dataDir, DB_FILE_NAME);
}
