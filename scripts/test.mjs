#!/usr/bin/env node
// `npm test`: every check CI runs, timed. Stops at the first failing step.
// The static checks run in two lanes side by side (formatting then lint; the three typechecks), each step's
// output printed whole when it ends; then the renderer build (the browser renderer the end-to-end tests
// load) and the Electron bundle (which builds without the Electron binary); then all tests in one Vitest
// run whose counts are printed as the closing line "N passed, N failed, N skipped"; then the team server's
// tests and the tests on both database engines again under Node 22 LTS (scripts/node22.mjs: Node 22 from the
// npm registry), whose counts are added to that line, when ALONGSIDE_NODE22=1 (also `npm run test:node22`).
// It is not in the default run yet: the default run already takes about 14 minutes on a 2-core machine.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { NODE22_FILES } from './node22.mjs';

const lanes = [
  [
    ['format', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']],
    ['lint', 'npx', ['eslint', '.', '--max-warnings', '0']],
  ],
  [
    ['typecheck:node', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.node.json']],
    ['typecheck:web', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.web.json']],
    ['typecheck:renderer-tests', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.renderer-tests.json']],
  ],
];
const steps = [
  ['build:renderer', 'npx', ['vite', 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn']],
  ['build:electron', 'npx', ['electron-vite', 'build', '--logLevel', 'warn']],
  [
    'tests',
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json'],
  ],
  ...(process.env.ALONGSIDE_NODE22 !== '1'
    ? []
    : [
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
      ]),
];
if (process.env.ALONGSIDE_NODE22 !== '1')
  console.log(
    'The Node 22 run is not part of this run (ALONGSIDE_NODE22=1 adds it; npm run test:node22 runs it alone).',
  );

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

const laneResults = await Promise.all(lanes.map(lane));
let failed = laneResults.find((r) => r !== null) ?? null;
if (!failed) {
  for (const [name, cmd, args] of steps) {
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
console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(counts.failed > 0 || counts.passed === 0 ? 1 : 0);
