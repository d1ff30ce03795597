import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measureBrowser } from './browser';
import { BENCH_PASSWORD, runBench, toMarkdown } from './suite';

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
      : `Browser preview in Chromium: first contentful paint ${browser.firstContentfulPaintMs.toFixed(0)} ms; sign-in to an interactive patient list ${browser.signInToListMs} ms; scrolling the whole list (${browser.scroll.rowsScrolled.toLocaleString('en-GB')} rows, including the patients the import benchmark added): ${browser.scroll.frames} frames, p95 ${browser.scroll.p95FrameMs.toFixed(1)} ms, worst ${browser.scroll.maxFrameMs.toFixed(1)} ms, ${browser.scroll.slowFrames} over 50 ms.`;
  const md = toMarkdown(report, [bundle, browserLine]);
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
