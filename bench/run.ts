import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runBench, toMarkdown } from './suite';

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
  const assets = resolve(import.meta.dirname, '../out/renderer/assets');
  let bundle = 'Renderer bundle: not built (run npm run build:renderer).';
  try {
    const files = readdirSync(assets);
    const kb = (ext: string) =>
      Math.round(
        files.filter((f) => f.endsWith(ext)).reduce((s, f) => s + statSync(join(assets, f)).size, 0) / 1024,
      );
    bundle = `Renderer bundle: ${kb('.js')} KiB JavaScript, ${kb('.css')} KiB CSS (unminified gzip not counted).`;
  } catch {
    /* not built */
  }
  const md = toMarkdown(report, [bundle]);
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
