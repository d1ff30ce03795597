/**
 * The service-wide FHIR Bulk Data export at scale (issue 20): generates the demo service (100,000 patients
 * unless told otherwise), exports it as NDJSON, then reads every line back and validates it against FHIR R4
 * (Medplum's validator) and the UK Core profiles it claims, and checks that every reference resolves to a
 * resource in the files. Prints resource counts, timings and validation results as a Markdown table.
 *
 *   npx tsx bench/fhir-bulk.ts [--patients 100000] [--sample 1] [--out results.md] [--keep DIR]
 *   npx tsx bench/fhir-bulk.ts --db /path/to/demo-100k.sqlite [--letters 1000|all]
 *
 * `--db FILE` exports a copy of an existing (demo) database instead of generating one; the file itself is
 * only read (copied into the working folder, then migrated there if it is behind).
 * `--letters N` first writes the GP, referrer and patient letters of the first N confirmed MDT outcomes
 * (`all`: every one), as "Finish meeting" does, so that the export carries DocumentReferences with the
 * letter PDF (the demo data holds outcomes but no letters).
 * `--sample N` validates every Nth line of each file against the profiles (every line's references are
 * still resolved); the report says so. The default, 1, validates every line.
 *
 * A benchmark, not a test: at 100,000 patients it runs for many minutes on a 2-core machine.
 */
import { copyFileSync, createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Resource } from '@medplum/fhirtypes';
import { generateDemo } from '../db/demo/generate';
import { openAndMigrate } from '../db/open';
import type { HandlerContext } from '../db/services/context';
import { bulkExportStatus, startBulkExport } from '../db/services/fhir-bulk-jobs';
import { meetingNameForListing } from '../db/services/mdt-letter-writing';
import { queueLetters } from '../db/services/mdt-letters';
import { SessionStore, type Session } from '../db/services/sessions';
import { r4Problems, ukCoreProblems } from '../tests/helpers/uk-core';

const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '100000' },
    out: { type: 'string' },
    keep: { type: 'string' },
    sample: { type: 'string', default: '1' },
    db: { type: 'string' },
    letters: { type: 'string', default: '0' },
  },
});
let patients = Number(values.patients);
const sample = Math.max(1, Number(values.sample));
const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'alongside-fhir-bench-'));
const now = new Date('2026-11-21T10:00:00Z');

const load = (): string =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(', ');
const loadAtStart = load();
const t0 = performance.now();
if (values.db) copyFileSync(values.db, join(dir, 'alongside.sqlite'));
const { conn } = await openAndMigrate(join(dir, 'alongside.sqlite'));
if (values.db)
  patients = (conn.sqlite.prepare('SELECT count(*) AS n FROM patients').get() as { n: number }).n;
else generateDemo(conn.sqlite, { patients, passwordHash: 'not-a-real-hash', now });
const generated = performance.now();
const ctx: HandlerContext = {
  conn,
  sessions: new SessionStore(),
  sessionKey: 'bench',
  session: null as Session | null,
  now: () => now,
  options: { exportDir: join(dir, 'exports') },
};
// The letters of the first N confirmed outcomes, written as "Finish meeting" writes them (one transaction).
const lettersWanted = values.letters === 'all' ? Infinity : Number(values.letters);
let lettersWritten = 0;
if (lettersWanted > 0) {
  // Written by a consultant of the demo service, as "Finish meeting" would be.
  const u = await conn.db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'role'])
    .where('role', '=', 'consultant')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const t = now.getTime();
  ctx.session = {
    userId: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role as Session['role'],
    signedInAt: t,
    lastActivityAt: t,
    locked: false,
    mustChangePassword: false,
    clinicalLead: false,
  };
  await conn.db.transaction().execute(async (trx) => {
    const outcomes = await trx
      .selectFrom('mdt_outcomes')
      .select(['id', 'listing_id', 'confirmed_at', 'meeting_date'])
      .where('status', '=', 'confirmed')
      .orderBy('id')
      .execute();
    for (const o of outcomes.slice(0, lettersWanted)) {
      const name = await meetingNameForListing(trx, o.listing_id);
      const at = o.confirmed_at ?? `${o.meeting_date}T17:00:00.000Z`;
      lettersWritten += (await queueLetters(ctx, trx, o.id, name, at)).length;
    }
  });
}
const lettersReady = performance.now();

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
const loadAfterExport = load();
await conn.close();
const bytes = result.files.reduce((sum, f) => sum + statSync(join(result.dir, f)).size, 0);

// Every line: FHIR R4 and UK Core; every reference collected and resolved once all files are read.
const ids = new Set<string>();
const references: string[] = [];
const problems = new Map<string, number>();
const examples: string[] = [];
/** Per resource type: lines, lines validated, lines with at least one problem. */
const perType = new Map<string, { lines: number; checked: number; failed: number }>();
let lines = 0;
let checked = 0;
for (const file of result.files) {
  const rl = createInterface({ input: createReadStream(join(result.dir, file)) });
  for await (const line of rl) {
    const r = JSON.parse(line) as Resource;
    lines++;
    const tally = perType.get(r.resourceType) ?? { lines: 0, checked: 0, failed: 0 };
    perType.set(r.resourceType, tally);
    tally.lines++;
    ids.add(`${r.resourceType}/${r.id}`);
    JSON.stringify(r, (k, v: unknown) => {
      if (k === 'reference' && typeof v === 'string') references.push(v);
      return v;
    });
    if (lines % 100_000 === 0)
      console.error(`${lines} lines read, ${checked} validated, ${problems.size} kinds of problem so far`);
    if (lines % sample !== 0) continue;
    checked++;
    tally.checked++;
    const found = [...r4Problems(r), ...ukCoreProblems(r)];
    if (found.length > 0) tally.failed++;
    for (const p of found) {
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
  '| Resource type | Resources | Validated | With a problem |',
  '| --- | ---: | ---: | ---: |',
  ...Object.entries(result.counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, n]) => {
      const t = perType.get(type) ?? { lines: 0, checked: 0, failed: 0 };
      const lineNote = t.lines === n ? '' : ` (${t.lines.toLocaleString('en-GB')} lines read)`;
      return `| ${type} | ${n.toLocaleString('en-GB')}${lineNote} | ${t.checked.toLocaleString('en-GB')} | ${t.failed.toLocaleString('en-GB')} |`;
    }),
  `| **All** | **${lines.toLocaleString('en-GB')}** | **${checked.toLocaleString('en-GB')}** | **${[...perType.values()].reduce((a, t) => a + t.failed, 0).toLocaleString('en-GB')}** |`,
  '',
  `- ${values.db ? `Database: a copy of ${values.db}` : `Demo generated in ${s(generated - t0)}`}` +
    `${lettersWanted > 0 ? `; ${lettersWritten.toLocaleString('en-GB')} MDT letters written (each exported with its PDF) in ${s(lettersReady - generated)}` : '; no MDT letters in the data (no letter PDFs in the export)'}.`,
  `- Exported in ${s(exported - lettersReady)} (${((exported - lettersReady) / patients).toFixed(2)} ms a patient; ` +
    `${(bytes / 1e6).toFixed(0)} MB in ${result.files.length} files); validated in ${s(validated - exported)}; ` +
    `wall time in all ${s(validated - t0)}.`,
  `- Load average (1, 5, 15 min) at the start: ${loadAtStart}; after the export: ${loadAfterExport}; at the end: ${load()} (2 cores).`,
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
