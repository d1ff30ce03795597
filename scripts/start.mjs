#!/usr/bin/env node
// `npm start`: build and open the desktop app, or say clearly what is missing.
import { spawnSync } from 'node:child_process';
import { MISSING_ELECTRON, electronBinary, electronVersion } from './electron-env.mjs';
import { buildElectronAddon } from './native-electron.mjs';

const bin = electronBinary();
if (!bin) {
  console.error(MISSING_ELECTRON.replace('${version}', electronVersion()));
  process.exit(1);
}
if (!buildElectronAddon()) process.exit(1);
const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync(bin, ['.'], { stdio: 'inherit' });
process.exit(run.status ?? 0);
