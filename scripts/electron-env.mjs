// Where the Electron binary and the Electron build of better-sqlite3 live, and whether they exist.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
export const ROOT = resolve(import.meta.dirname, '..');
/** The Electron build of the SQLite addon: kept apart so the Node build that tests use is never touched. */
export const ELECTRON_ADDON = join(ROOT, 'native', 'electron', 'better_sqlite3.node');

export function electronVersion() {
  return JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
}

/** The Electron executable, or null where it was never downloaded (offline, or ELECTRON_SKIP_BINARY_DOWNLOAD). */
export function electronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(
      process.env.ELECTRON_OVERRIDE_DIST_PATH,
      process.platform === 'win32' ? 'electron.exe' : 'electron',
    );
    return existsSync(p) ? p : null;
  }
  const pkgDir = dirname(require.resolve('electron/package.json'));
  const pathTxt = join(pkgDir, 'path.txt');
  if (!existsSync(pathTxt)) return null;
  const p = join(pkgDir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(p) ? p : null;
}

export const MISSING_ELECTRON = `
The Electron binary is not installed on this machine, so the desktop window cannot open.
(npm does not download it when ELECTRON_SKIP_BINARY_DOWNLOAD=1 is set or the machine is offline.)

To get it, on a machine that can reach Electron's releases:
    npx install-electron            # downloads Electron ${'$'}{version} into node_modules/electron
  or point at an unpacked Electron:
    ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron npm start

Meanwhile the same app runs in your browser, with the same data and services:
    npm run preview
`;
