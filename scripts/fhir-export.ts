import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/connection';
import { databaseFile, defaultDataDir } from '../db/paths';
import type { HandlerContext } from '../db/services/context';
import { exportAllNdjson } from '../db/services/fhir-bulk';
import { exportPatient } from '../db/services/fhir-export';
import { SessionStore } from '../db/services/sessions';
import { normaliseNhsNumber } from '../shared/nhs-number';
import { refreshRuleSets } from '../db/services/rule-sets';

/**
 * FHIR R4 (UK Core) export from the command line, audited like the export on the record screen.
 *
 *   npm run fhir:export -- --patient "943 476 5919" --out record.json [--data-dir DIR]
 *   npm run fhir:export -- --bulk ./warehouse-drop [--data-dir DIR]
 *
 * --patient writes one patient's record as a Bundle; --bulk writes every patient's records as FHIR Bulk
 * Data NDJSON, one file per resource type, with progress.
 */
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    patient: { type: 'string' },
    out: { type: 'string' },
    bulk: { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (values.help || (!values.patient && !values.bulk)) {
  console.log(`FHIR R4 UK Core export

  --patient NHS_NUMBER --out FILE   one patient's record as a Bundle (JSON)
  --bulk DIR                        every patient's records as NDJSON, one file per resource type
  --data-dir DIR                    the folder that holds alongside.sqlite (default: the app's own)`);
  process.exit(values.help ? 0 : 2);
}
const file = databaseFile(values['data-dir'] ?? defaultDataDir());
if (!existsSync(file)) {
  console.error(`No database at ${file}. Use --data-dir to point at the folder that holds alongside.sqlite.`);
  process.exit(2);
}
const conn = openDatabase(file, { busyTimeoutMs: 30_000 });
// The clinical rule sets in force, as the dispatcher loads them before each operation.
await refreshRuleSets(conn);
const ctx: HandlerContext = {
  conn,
  sessions: new SessionStore(),
  sessionKey: 'command-line',
  session: null,
  now: () => new Date(),
  options: {},
};
try {
  if (values.patient) {
    const nhs = normaliseNhsNumber(values.patient);
    const row = await conn.db
      .selectFrom('patients')
      .select('id')
      .where('nhs_number', '=', nhs)
      .executeTakeFirst();
    if (!row) {
      console.error(`No patient with NHS number ${values.patient}.`);
      process.exitCode = 2;
    } else {
      const { bundle, counts, fileName } = await exportPatient(ctx, row.id);
      const out = values.out ?? fileName;
      writeFileSync(out, JSON.stringify(bundle, null, 2), { mode: 0o600 });
      console.log(
        `Wrote ${out}: ${Object.entries(counts)
          .map(([t, n]) => `${n} ${t}`)
          .join(', ')}`,
      );
    }
  } else if (values.bulk) {
    const result = await exportAllNdjson(ctx, values.bulk, (done, total) =>
      process.stdout.write(`\r${done.toLocaleString('en-GB')} / ${total.toLocaleString('en-GB')} patients`),
    );
    console.log(
      `\nWrote ${result.files.length} files to ${result.dir} in ${(result.ms / 1000).toFixed(1)} s`,
    );
    for (const [t, n] of Object.entries(result.counts))
      console.log(`  ${t}.ndjson  ${n.toLocaleString('en-GB')}`);
  }
} finally {
  await conn.close();
}
