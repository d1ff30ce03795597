import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measureBrowser } from './browser';
import type { BrowserMeasures } from './browser';
import { screensMarkdown } from './screens';
import { BENCH_PASSWORD, MAX_RATIO, runBench, toMarkdown, type BenchReport } from './suite';

/** One line per issue-8 target beside what was measured, so a missed one cannot hide in the tables. */
function summary(report: BenchReport, browser: BrowserMeasures | string): string[] {
  const lines: [string, string, boolean | null][] = [
    [
      '100,000-patient demo generated in under 60 s',
      `${report.generateSeconds.toFixed(1)} s`,
      report.patients < 100_000 ? null : report.generateSeconds < 60,
    ],
  ];
  if (typeof browser !== 'string') {
    lines.push(
      [
        'First paint of the app shell under 1 s',
        `${browser.firstContentfulPaintMs.toFixed(0)} ms`,
        browser.firstContentfulPaintMs < 1000,
      ],
      [
        'Scrolling the whole list stays smooth: p95 frame within one 60 Hz frame (16.7 ms, + 3 ms timer jitter)',
        `p95 ${browser.scroll.p95FrameMs.toFixed(1)} ms; ${browser.scroll.droppedFrames} of ${browser.scroll.frames} frames over 25 ms`,
        browser.scroll.p95FrameMs < 20,
      ],
    );
  }
  if (typeof browser !== 'string') {
    const nav = browser.screens.filter((s) => s.kind !== 'typing');
    const typing = browser.screens.filter((s) => s.kind === 'typing');
    lines.push(
      [
        'Every navigation and tab within 100 ms p95 (browser table below; issue 18)',
        `${nav.filter((s) => s.met).length} of ${nav.length}`,
        nav.every((s) => s.met),
      ],
      [
        'Typing within 50 ms to visible feedback (issue 18)',
        typing.map((s) => `p95 ${s.p95.toFixed(0)} ms`).join('; '),
        typing.every((s) => s.met),
      ],
    );
  }
  const timed = report.rows.filter((r) => r.met !== null);
  const ratioed = report.rows.filter((r) => r.ratioMet !== null);
  lines.push(
    [
      'Every operation within its time budget (table below)',
      `${timed.filter((r) => r.met).length} of ${timed.length}`,
      timed.every((r) => r.met),
    ],
    [
      `Our path within ${MAX_RATIO}× of the hand-written baseline (p95, table below)`,
      `${ratioed.filter((r) => r.ratioMet).length} of ${ratioed.length}; highest ${Math.max(...ratioed.map((r) => r.ratio ?? 0)).toFixed(2)}×`,
      ratioed.every((r) => r.ratioMet),
    ],
  );
  if (report.mainThread)
    lines.push([
      'No request blocks the Electron main thread (max event-loop delay under 16 ms; main-thread table)',
      `worst ${Math.max(...report.mainThread.rows.map((r) => r.delay.max)).toFixed(1)} ms`,
      report.mainThread.rows.every((r) => r.met),
    ]);
  return [
    '',
    '| Target (issue 8) | Measured | Met |',
    '|---|---|:-:|',
    ...lines.map(
      ([t, m, met]) => `| ${t} | ${m} | ${met === null ? '— (not at full scale)' : met ? 'yes' : '**no**'} |`,
    ),
  ];
}

/** `npm run bench [-- --patients N --iterations N]`: writes bench/results/latest.{json,md}. */
const { values } = parseArgs({ options: { patients: { type: 'string' }, iterations: { type: 'string' } } });
const dir = mkdtempSync(join(tmpdir(), 'alongside-bench-'));
try {
  const report = await runBench({
    dir,
    patients: Number(values.patients ?? 100_000),
    iterations: Number(values.iterations ?? 300),
    log: (s) => process.stdout.write(s),
  });
  // Measure the production renderer, built now (out/renderer may hold another build).
  process.stdout.write('building the production renderer…\n');
  const built = spawnSync(
    'npx',
    ['vite', 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'],
    {
      cwd: resolve(import.meta.dirname, '..'),
      stdio: 'inherit',
    },
  );
  const assets = resolve(import.meta.dirname, '../out/renderer/assets');
  let bundle = 'Renderer bundle: the production build failed.';
  try {
    const files = readdirSync(assets);
    const kb = (ext: string) =>
      Math.round(
        files.filter((f) => f.endsWith(ext)).reduce((s, f) => s + statSync(join(assets, f)).size, 0) / 1024,
      );
    if (built.status === 0)
      bundle = `Renderer bundle (production build): ${kb('.js')} KiB JavaScript, ${kb('.css')} KiB CSS.`;
  } catch {
    /* not built */
  }
  process.stdout.write('measuring the renderer in Chromium…\n');
  const browser = await measureBrowser(join(dir, 'bench.sqlite'), BENCH_PASSWORD);
  const browserLine =
    typeof browser === 'string'
      ? `Browser measures ${browser}.`
      : `Browser preview in Chromium: first contentful paint ${browser.firstContentfulPaintMs.toFixed(0)} ms; sign-in to an interactive patient list ${browser.signInToListMs} ms; scrolling the whole list (${browser.scroll.rowsScrolled.toLocaleString('en-GB')} rows, including the patients the import benchmark added): ${browser.scroll.frames} frames, p95 ${browser.scroll.p95FrameMs.toFixed(1)} ms, worst ${browser.scroll.maxFrameMs.toFixed(1)} ms, ${browser.scroll.droppedFrames} over 25 ms (a dropped 60 Hz frame), ${browser.scroll.slowFrames} over 50 ms.`;
  const screens = typeof browser === 'string' ? [] : screensMarkdown(browser.screens, report.patients);
  const md = toMarkdown(report, [bundle, browserLine, ...summary(report, browser), ...screens]);
  console.log(`\n${md}`);
  const out = resolve(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'latest.json'),
    JSON.stringify({ ...report, bundle, at: new Date().toISOString() }, null, 2),
  );
  writeFileSync(join(out, 'latest.md'), md);
  console.log(`Written to ${join(out, 'latest.md')} and latest.json`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
