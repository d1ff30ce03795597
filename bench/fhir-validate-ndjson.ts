/**
 * Validates EVERY line of a FHIR Bulk Data NDJSON export (issue 20) with the validator the tests use: FHIR R4
 * (Medplum's validator, with the required bindings and code systems it does not check) and the UK Core
 * profiles each resource claims (tests/helpers/uk-core.ts), and
 * resolves every reference against the resources in the files. Prints, as Markdown, the lines per resource
 * type, how many were validated, how many had a problem (with the problems counted and a few examples), the
 * references and how many point nowhere, the wall time and the machine's load average.
 *
 *   npx tsx bench/fhir-validate-ndjson.ts DIR [--jobs 2] [--out results.md] [--follow DONE_FILE]
 *   npx tsx bench/fhir-validate-ndjson.ts DIR --collect     (the report from the parts' latest snapshots)
 *
 * `--jobs N` shares the lines among N processes (line i of each file goes to process i mod N); the counts are
 * added up. `--follow DONE_FILE` validates the files while an export is still writing them (complete lines
 * only), until DONE_FILE exists and nothing more is written. Each process keeps a snapshot of its counts in
 * DIR/.validation/ as it goes, so `--collect` can report what was validated if a run is stopped.
 * A benchmark script, not a test: two million lines take tens of minutes on a 2-core machine.
 * `bench/fhir-bulk.ts --keep DIR` leaves an export to check.
 */
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Resource } from '@medplum/fhirtypes';
import { r4Problems, ukCoreProblems } from '../tests/helpers/uk-core';

interface Tally {
  lines: number;
  checked: number;
  failed: number;
}
interface PartResult {
  perType: Record<string, Tally>;
  problems: Record<string, number>;
  examples: string[];
  /** Every resource's `Type/id` and every reference, only from part 0 (which reads every line's ids). */
  references: number;
  broken: number;
  brokenExamples: string[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    jobs: { type: 'string', default: '1' },
    part: { type: 'string' },
    out: { type: 'string' },
    follow: { type: 'string' },
    collect: { type: 'boolean', default: false },
  },
});
const dir = positionals[0];
if (!dir) throw new Error('usage: npx tsx bench/fhir-validate-ndjson.ts DIR [--jobs N] [--out FILE]');
const ndjsonFiles = () =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.ndjson'))
    .sort();
const stateDir = join(dir, '.validation');

/**
 * Every complete line of every file, with its index in its file. With `doneFile`, files still being written
 * are read again until `doneFile` exists and a last pass finds nothing new.
 */
function* lines(doneFile: string | undefined): Generator<{ file: string; index: number; line: string }> {
  const state = new Map<string, { offset: number; index: number }>();
  let buf = Buffer.alloc(8 << 20);
  for (;;) {
    const finished = doneFile === undefined || existsSync(doneFile);
    let progressed = false;
    for (const file of ndjsonFiles()) {
      const st = state.get(file) ?? { offset: 0, index: 0 };
      state.set(file, st);
      const fd = openSync(join(dir!, file), 'r');
      try {
        for (;;) {
          const n = readSync(fd, buf, 0, buf.length, st.offset);
          if (n === 0) break;
          const last = buf.lastIndexOf(10, n - 1);
          if (last < 0) {
            if (n < buf.length) break; // an unfinished line: read again on the next pass
            buf = Buffer.alloc(buf.length * 2); // a line longer than the buffer
            continue;
          }
          const text = buf.toString('utf8', 0, last);
          st.offset += last + 1;
          progressed = true;
          for (const line of text.split('\n')) yield { file, index: st.index++, line };
        }
      } finally {
        closeSync(fd);
      }
    }
    if (finished && !progressed) return;
    if (!progressed) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
  }
}

/** One share of the lines: `part` of `of`. Part 0 also resolves every reference (it reads every line). */
async function validatePart(part: number, of: number): Promise<PartResult> {
  const perType: Record<string, Tally> = {};
  const problems: Record<string, number> = {};
  const examples: string[] = [];
  const ids = new Set<string>();
  const references: string[] = [];
  let n = 0;
  const snapshot = (final: boolean) => {
    const tmp = join(stateDir, `part-${part}.json.tmp`);
    writeFileSync(tmp, JSON.stringify({ perType, problems, examples, final, at: new Date().toISOString() }));
    renameSync(tmp, join(stateDir, `part-${part}.json`));
  };
  mkdirSync(stateDir, { recursive: true });
  {
    for (const { file, index: i, line } of lines(values.follow)) {
      const mine = i % of === part;
      if (!mine && part !== 0) continue;
      let r: Resource;
      try {
        r = JSON.parse(line) as Resource;
      } catch {
        if (!mine) continue;
        const key = `${file}: a line that is not JSON`;
        problems[key] = (problems[key] ?? 0) + 1;
        continue;
      }
      if (part === 0) {
        ids.add(`${r.resourceType}/${r.id}`);
        JSON.stringify(r, (k, v: unknown) => {
          if (k === 'reference' && typeof v === 'string') references.push(v);
          return v;
        });
      }
      if (!mine) continue;
      const t = (perType[r.resourceType] ??= { lines: 0, checked: 0, failed: 0 });
      t.lines++;
      t.checked++;
      const found = [...r4Problems(r), ...ukCoreProblems(r)];
      if (found.length > 0) t.failed++;
      for (const p of found) {
        const key = `${r.resourceType}: ${p}`;
        problems[key] = (problems[key] ?? 0) + 1;
        if (examples.length < 10) examples.push(`${r.resourceType}/${r.id}: ${p}`);
      }
      if (++n % 20_000 === 0) {
        snapshot(false);
        console.error(`part ${part + 1} of ${of}: ${n} lines validated (${file})`);
      }
    }
  }
  snapshot(true);
  const brokenRefs = part === 0 ? references.filter((ref) => !ids.has(ref)) : [];
  return {
    perType,
    problems,
    examples,
    references: references.length,
    broken: brokenRefs.length,
    brokenExamples: brokenRefs.slice(0, 5),
  };
}

const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');

/** The Markdown report from the parts' counts. */
function report(
  parts: readonly Pick<PartResult, 'perType' | 'problems' | 'examples'>[],
  refs: Pick<PartResult, 'references' | 'broken' | 'brokenExamples'> | null,
  timing: string,
): string {
  const perType: Record<string, Tally> = {};
  const problems: Record<string, number> = {};
  for (const r of parts) {
    for (const [type, t] of Object.entries(r.perType)) {
      const all = (perType[type] ??= { lines: 0, checked: 0, failed: 0 });
      all.lines += t.lines;
      all.checked += t.checked;
      all.failed += t.failed;
    }
    for (const [p, c] of Object.entries(r.problems)) problems[p] = (problems[p] ?? 0) + c;
  }
  const examples = parts.flatMap((r) => r.examples).slice(0, 10);
  const sum = (k: keyof Tally) => Object.values(perType).reduce((a, t) => a + t[k], 0);
  const f = (x: number) => x.toLocaleString('en-GB');
  return [
    `## The FHIR Bulk Data export validated line by line (${ndjsonFiles().length} files)`,
    '',
    '| Resource type | Lines validated | With a problem |',
    '| --- | ---: | ---: |',
    ...Object.entries(perType)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([type, t]) => `| ${type} | ${f(t.checked)} | ${f(t.failed)} |`),
    `| **All** | **${f(sum('checked'))}** | **${f(sum('failed'))}** |`,
    '',
    `- Validator: FHIR R4 (Medplum; required bindings against the R4 value sets and codes against the code ` +
      `systems they name, tests/helpers/uk-core.ts) and the UK Core profiles each resource claims, as in the tests.`,
    `- Problems: ${Object.keys(problems).length === 0 ? 'none' : Object.values(problems).reduce((a, b) => a + b, 0)}.`,
    ...Object.entries(problems).map(([p, c]) => `  - ${c} × ${p}`),
    ...examples.map((e) => `  - e.g. ${e}`),
    refs === null
      ? '- References: not resolved (the run was stopped before the end; counts from the snapshots).'
      : `- References: ${f(refs.references)}, ${f(refs.broken)} unresolved.`,
    ...(refs?.brokenExamples ?? []).map((e) => `  - unresolved: ${e}`),
    `- ${timing}`,
    '',
  ].join('\n');
}

if (values.part) {
  const [part, of] = values.part.split('/').map(Number) as [number, number];
  const result = await validatePart(part, of);
  process.stdout.write(JSON.stringify(result));
} else if (values.collect) {
  const parts = readdirSync(stateDir)
    .filter((f) => /^part-\d+\.json$/.test(f))
    .map(
      (f) =>
        JSON.parse(readFileSync(join(stateDir, f), 'utf8')) as PartResult & { at: string; final: boolean },
    );
  const text = report(
    parts,
    null,
    `Snapshots of ${parts.length} processes (${parts.filter((p) => p.final).length} finished), the last at ${parts
      .map((p) => p.at)
      .sort()
      .at(-1)}; load average now ${load()} (2 cores).`,
  );
  console.log(text);
  if (values.out) writeFileSync(values.out, text);
} else {
  const jobs = Math.max(1, Number(values.jobs));
  const loadAtStart = load();
  const t0 = performance.now();
  const self = fileURLToPath(import.meta.url);
  const extra = values.follow ? ['--follow', values.follow] : [];
  const parts = await Promise.all(
    Array.from(
      { length: jobs },
      (_, p) =>
        new Promise<PartResult>((resolve, reject) => {
          const child = spawn(
            process.execPath,
            [...process.execArgv, self, dir, '--part', `${p}/${jobs}`, ...extra],
            { stdio: ['ignore', 'pipe', 'inherit'] },
          );
          let out = '';
          child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
          child.on('error', reject);
          child.on('close', (code) =>
            code === 0
              ? resolve(JSON.parse(out) as PartResult)
              : reject(new Error(`part ${p} exited ${code}`)),
          );
        }),
    ),
  );
  const ms = performance.now() - t0;
  const checked = parts.reduce((a, r) => a + Object.values(r.perType).reduce((b, t) => b + t.checked, 0), 0);
  const text = report(
    parts,
    parts[0]!,
    `Wall time ${(ms / 1000).toFixed(1)} s with ${jobs} process${jobs === 1 ? '' : 'es'}` +
      `${values.follow ? ' (following the export as it wrote the files)' : ''} ` +
      `(${((ms * jobs) / Math.max(1, checked)).toFixed(2)} ms a line per process); ` +
      `load average (1, 5, 15 min) at the start ${loadAtStart}, at the end ${load()} (2 cores).`,
  );
  console.log(text);
  if (values.out) writeFileSync(values.out, text);
  const failed = parts.some((r) => Object.keys(r.problems).length > 0) || parts[0]!.broken > 0;
  process.exitCode = failed ? 1 : 0;
}
