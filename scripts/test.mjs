#!/usr/bin/env node
// `npm test`: every check CI runs, timed. Stops at the first failing step.
// The static checks run in two lanes side by side (lint, then the renderer tests' typecheck; formatting, then
// the Node and web typechecks), each step's output printed whole when it ends; then the renderer build (the
// browser renderer the end-to-end tests load) and the Electron bundle (which builds without the Electron binary); then all tests in one Vitest
// run; then the team server's tests and the tests on both database engines again under Node 22 LTS
// (scripts/node22.mjs: Node 22 from the npm registry, prepared in native/node22 beside the static checks
// when missing; ALONGSIDE_SKIP_NODE22=1 skips it, loudly, and CI fails rather than skip it). The closing
// line "N passed, N failed, N skipped" adds up both test runs.
// Times on the 2-core CI machine: before this stop about 897 s without Node 22 (the Vitest run 791 s);
// see the README's "Tests" section for the current figures.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { NODE22_FILES, node22Prepared } from './node22.mjs';

// Two lanes of about equal length (CI, 2 cores: lint 53 s + renderer tests' typecheck 37 s; formatting
// 26 s + the Node typecheck 37 s + the web typecheck 28 s). Before, the three typechecks shared one lane
// (102 s) beside formatting and lint (79 s).
const lanes = [
  [
    ['lint', 'npx', ['eslint', '.', '--max-warnings', '0']],
    ['typecheck:renderer-tests', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.renderer-tests.json']],
  ],
  [
    ['format', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']],
    ['typecheck:node', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.node.json']],
    ['typecheck:web', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.web.json']],
  ],
];

// The Node 22 run: part of every run. Missing, it is prepared beside the static checks (once per clone).
let node22Skipped = process.env.ALONGSIDE_SKIP_NODE22 === '1' ? 'ALONGSIDE_SKIP_NODE22=1 is set' : null;
const node22Prepare =
  node22Skipped || node22Prepared()
    ? null
    : ['prepare Node 22', process.execPath, ['scripts/node22.mjs', '--prepare-only']];
if (node22Prepare)
  console.log('Node 22 is not prepared in native/node22: fetching and building it beside the static checks.');

const steps = [
  ['build:renderer', 'npx', ['vite', 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn']],
  ['build:electron', 'npx', ['electron-vite', 'build', '--logLevel', 'warn']],
  [
    'tests',
    'npx',
    [
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=./tests/helpers/flaky-reporter.ts',
      '--reporter=json',
      '--outputFile.json=test-results/vitest.json',
    ],
  ],
  [
    'tests on Node 22',
    process.execPath,
    [
      'scripts/node22.mjs',
      '--project',
      'unit',
      ...NODE22_FILES,
      '--reporter=default',
      '--reporter=json',
      '--outputFile.json=test-results/vitest-node22.json',
    ],
  ],
];

const env = { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' };
mkdirSync('test-results', { recursive: true });
const started = Date.now();
const timings = [];

/** One step with its output held back and printed whole, so that two lanes never interleave. */
function buffered([name, cmd, args]) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const out = [];
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => out.push(c));
    child.on('close', (status) => {
      const seconds = ((Date.now() - t0) / 1000).toFixed(1);
      console.log(`\n▶ ${name} (${seconds} s)`);
      process.stdout.write(Buffer.concat(out));
      timings.push(`${name} ${seconds} s`);
      resolve(status === 0 ? null : name);
    });
  });
}

async function lane(list) {
  for (const step of list) {
    const bad = await buffered(step);
    if (bad) return bad;
  }
  return null;
}

const preparing = node22Prepare ? buffered(node22Prepare) : Promise.resolve(null);
const laneResults = await Promise.all(lanes.map(lane));
let failed = laneResults.find((r) => r !== null) ?? null;
if ((await preparing) !== null) {
  if (process.env.CI) failed ??= 'prepare Node 22';
  else node22Skipped = 'Node 22 could not be prepared (its output is above: no network to the npm registry?)';
}
if (!failed) {
  for (const [name, cmd, args] of steps) {
    if (name === 'tests on Node 22' && node22Skipped) {
      console.log(`\n▶ ${name}: SKIPPED (${node22Skipped})`);
      continue;
    }
    const t0 = Date.now();
    console.log(`\n▶ ${name}`);
    const r = spawnSync(cmd, args, { stdio: 'inherit', env });
    timings.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (r.status !== 0) {
      failed = name;
      break;
    }
  }
}

console.log(`\nSteps: ${timings.join(' · ')} · total ${((Date.now() - started) / 1000).toFixed(1)} s`);
let counts = null;
for (const file of ['test-results/vitest.json', 'test-results/vitest-node22.json']) {
  try {
    // A report from an earlier run is not this run's: only the steps that ran this time count.
    const report = JSON.parse(readFileSync(file, 'utf8'));
    if (report.startTime < started) continue;
    counts ??= { passed: 0, failed: 0, skipped: 0 };
    counts.passed += report.numPassedTests;
    counts.failed += report.numFailedTests;
    counts.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  } catch {
    /* the test step did not run */
  }
}
if (failed) {
  console.log(`npm test FAILED at step "${failed}"`);
  if (counts && failed.startsWith('tests'))
    console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  process.exit(1);
}
if (node22Skipped)
  console.log(
    `\n********************************************************************************\n` +
      `The Node 22 run was SKIPPED: ${node22Skipped}.\n` +
      `The team server's tests and the two-engine tests did not run under Node 22 LTS.\n` +
      `********************************************************************************`,
  );
console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(counts.failed > 0 || counts.passed === 0 ? 1 : 0);
