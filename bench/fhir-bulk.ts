/**
 * The service-wide FHIR Bulk Data export at scale (issue 20): generates the demo service (100,000 patients
 * unless told otherwise), exports it as NDJSON, then reads every line back and validates it against FHIR R4
 * (Medplum's validator) and the UK Core profiles it claims, and checks that every reference resolves to a
 * resource in the files. Prints resource counts, timings and validation results as a Markdown table.
 *
 *   npx tsx bench/fhir-bulk.ts [--patients 100000] [--sample 1] [--out results.md] [--keep DIR]
 *
 * `--sample N` validates every Nth line of each file against the profiles (every line's references are
 * still resolved); the report says so.
 *
 * A benchmark, not a test: at 100,000 patients it runs for many minutes on a 2-core machine.
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Resource } from '@medplum/fhirtypes';
import { generateDemo } from '../db/demo/generate';
import { openAndMigrate } from '../db/open';
import type { HandlerContext } from '../db/services/context';
import { bulkExportStatus, startBulkExport } from '../db/services/fhir-bulk-jobs';
import { SessionStore } from '../db/services/sessions';
import { r4Problems, ukCoreProblems } from '../tests/helpers/uk-core';

const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '100000' },
    out: { type: 'string' },
    keep: { type: 'string' },
    sample: { type: 'string', default: '1' },
  },
});
const patients = Number(values.patients);
const sample = Math.max(1, Number(values.sample));
const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'alongside-fhir-bench-'));
const now = new Date('2026-11-21T10:00:00Z');

const t0 = performance.now();
const { conn } = await openAndMigrate(join(dir, 'alongside.sqlite'));
generateDemo(conn.sqlite, { patients, passwordHash: 'not-a-real-hash', now });
const generated = performance.now();
const ctx: HandlerContext = {
  conn,
  sessions: new SessionStore(),
  sessionKey: 'bench',
  session: null,
  now: () => now,
  options: { exportDir: join(dir, 'exports') },
};
// Through the app's own job (fhir:bulkExportStart), reading its progress as the screen does.
const STATUS_READ = 'fhir:bulkExportStatus';
const job = await startBulkExport(ctx);
const statusMs: number[] = [];
let status = job;
let lastReport = 0;
while (status.state === 'running') {
  await new Promise((r) => setTimeout(r, 200));
  const t = performance.now();
  status = bulkExportStatus(ctx, job.id);
  statusMs.push(performance.now() - t);
  if (Date.now() - lastReport > 10_000) {
    lastReport = Date.now();
    console.error(`exported ${status.done} of ${status.total} patients`);
  }
}
if (status.state === 'failed') throw new Error(status.message ?? 'the export failed');
const result = {
  counts: status.counts,
  files: Object.keys(status.counts)
    .sort()
    .map((t) => `${t}.ndjson`),
  dir: status.folder,
};
statusMs.sort((a, b) => a - b);
const p95 = statusMs[Math.floor(statusMs.length * 0.95)] ?? NaN;
const exported = performance.now();
await conn.close();

// Every line: FHIR R4 and UK Core; every reference collected and resolved once all files are read.
const ids = new Set<string>();
const references: string[] = [];
const problems = new Map<string, number>();
const examples: string[] = [];
let lines = 0;
let checked = 0;
for (const file of result.files) {
  const rl = createInterface({ input: createReadStream(join(result.dir, file)) });
  for await (const line of rl) {
    const r = JSON.parse(line) as Resource;
    lines++;
    ids.add(`${r.resourceType}/${r.id}`);
    JSON.stringify(r, (k, v: unknown) => {
      if (k === 'reference' && typeof v === 'string') references.push(v);
      return v;
    });
    if (lines % sample !== 0) continue;
    checked++;
    for (const p of [...r4Problems(r), ...ukCoreProblems(r)]) {
      const key = `${r.resourceType}: ${p}`;
      problems.set(key, (problems.get(key) ?? 0) + 1);
      if (examples.length < 10) examples.push(`${r.resourceType}/${r.id}: ${p}`);
    }
  }
  console.error(`validated ${file}`);
}
const broken = references.filter((ref) => !ids.has(ref)).length;
const validated = performance.now();

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const report = [
  `## FHIR Bulk Data export: ${patients.toLocaleString('en-GB')} demo patients`,
  '',
  '| Resource type | Resources |',
  '| --- | ---: |',
  ...Object.entries(result.counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, n]) => `| ${type} | ${n.toLocaleString('en-GB')} |`),
  `| **All** | **${lines.toLocaleString('en-GB')}** |`,
  '',
  `- Demo generated in ${s(generated - t0)}; exported in ${s(exported - generated)} ` +
    `(${((exported - generated) / patients).toFixed(2)} ms a patient); validated in ${s(validated - exported)}.`,
  `- The progress read the screen polls (${STATUS_READ}) during the export: p95 ${p95.toFixed(3)} ms over ${statusMs.length} reads.`,
  `- Validation (FHIR R4 and UK Core) of ${sample === 1 ? 'every line' : `every ${sample}th line`} (${checked.toLocaleString('en-GB')} resources): ${problems.size === 0 ? 'no problems' : `${[...problems.values()].reduce((a, b) => a + b, 0)} problems`}; ` +
    `references: ${references.length.toLocaleString('en-GB')}, ${broken} unresolved.`,
  ...[...problems.entries()].map(([p, n]) => `  - ${n} × ${p}`),
  ...examples.map((e) => `  - e.g. ${e}`),
  '',
].join('\n');
console.log(report);
if (values.out) writeFileSync(values.out, report);
if (!values.keep) rmSync(dir, { recursive: true, force: true });
process.exitCode = problems.size === 0 && broken === 0 ? 0 : 1;
