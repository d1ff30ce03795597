#!/usr/bin/env node
// Builds better-sqlite3 for Electron into native/electron/, from a private copy of the package, so that
// the Node build in node_modules (used by tests, the preview and the CLI) is never overwritten.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ELECTRON_ADDON, ROOT, electronVersion } from './electron-env.mjs';

export function buildElectronAddon() {
  if (existsSync(ELECTRON_ADDON)) return true;
  const require = createRequire(import.meta.url);
  const src = dirname(require.resolve('better-sqlite3/package.json'));
  const work = join(ROOT, 'native', 'build-better-sqlite3');
  rmSync(work, { recursive: true, force: true });
  cpSync(src, work, { recursive: true, filter: (p) => !p.includes(`${join(src, 'build')}`) });
  const version = electronVersion();
  console.log(`Building better-sqlite3 for Electron ${version} (needs Electron's headers)…`);
  const r = spawnSync(
    'npx',
    [
      'node-gyp',
      'rebuild',
      '--release',
      `--target=${version}`,
      '--dist-url=https://electronjs.org/headers',
      '--runtime=electron',
    ],
    { cwd: work, stdio: 'inherit' },
  );
  if (r.status !== 0) {
    console.error(
      '\nCould not build better-sqlite3 for Electron (Electron headers unreachable?). The browser preview works: npm run preview',
    );
    return false;
  }
  mkdirSync(dirname(ELECTRON_ADDON), { recursive: true });
  cpSync(join(work, 'build', 'Release', 'better_sqlite3.node'), ELECTRON_ADDON);
  rmSync(work, { recursive: true, force: true });
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(buildElectronAddon() ? 0 : 1);
