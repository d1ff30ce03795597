import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { patientCount, patientIdsAfter } from '../queries/fhir';
import { writeAudit } from './audit';
import { refreshRuleSets } from './rule-sets';
import type { HandlerContext } from './context';
import { readPatientBundle, type ResourceCounts } from './fhir-export';
import { emptyCodeTally, tallyCodes, type CodeTally } from '../../shared/fhir/labels';

export interface BulkExportResult {
  dir: string;
  patients: number;
  counts: ResourceCounts;
  /** Which standard codes (dm+d, SNOMED CT, ICD-11, LOINC) the records carry, counted as they were written. */
  codes: CodeTally;
  /** One file per resource type, `<Type>.ndjson`, as the FHIR Bulk Data Access specification lays out. */
  files: string[];
  ms: number;
}

/**
 * The whole service's records in the FHIR Bulk Data NDJSON format (one file per resource type, one resource
 * per line), for the trust's data warehouse. Patients are read in pages of `pageSize` by id, each through
 * the same read path as the single-patient export, so the two never disagree. One audit row records the
 * export with its counts. Files are created readable by their owner only.
 */
export async function exportAllNdjson(
  ctx: HandlerContext,
  dir: string,
  onProgress?: (done: number, total: number) => void,
  pageSize = 500,
): Promise<BulkExportResult> {
  const started = Date.now();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const streams = new Map<string, WriteStream>();
  const counts: ResourceCounts = {};
  const codes = emptyCodeTally();
  const total = await patientCount(ctx.conn.db);
  let done = 0;
  let lastId = 0;
  for (;;) {
    // As the dispatcher does before each operation: the rule sets in force (a change made meanwhile applies
    // from the next page on).
    await refreshRuleSets(ctx.conn);
    const ids = await patientIdsAfter(ctx.conn.db, lastId, pageSize);
    if (ids.length === 0) break;
    for (const id of ids) {
      const { bundle } = await readPatientBundle(ctx, id);
      const addresses = new Map(
        (bundle.entry ?? []).map((e) => [e.fullUrl!, `${e.resource!.resourceType}/${e.fullUrl!.slice(9)}`]),
      );
      for (const e of bundle.entry ?? []) {
        const type = e.resource!.resourceType;
        let out = streams.get(type);
        if (!out) {
          out = createWriteStream(join(dir, `${type}.ndjson`), { mode: 0o600 });
          streams.set(type, out);
        }
        // The bundle's urn:uuid addresses become resource ids, so references resolve across the files.
        const resource = { ...e.resource!, id: e.fullUrl!.slice('urn:uuid:'.length) };
        if (!out.write(`${JSON.stringify(withTypedReferences(resource, addresses))}\n`))
          await once(out, 'drain');
        counts[type] = (counts[type] ?? 0) + 1;
        tallyCodes(codes, resource);
      }
      done++;
    }
    lastId = ids[ids.length - 1]!;
    onProgress?.(done, total);
  }
  await Promise.all([...streams.values()].map((s) => new Promise<void>((r) => s.end(r))));
  await ctx.conn.db.transaction().execute((trx) =>
    writeAudit(trx, ctx, {
      action: 'export.fhir-bulk',
      entity: 'patients',
      entityId: null,
      after: { format: 'FHIR Bulk Data NDJSON', patients: done, counts, codes },
    }),
  );
  return {
    dir,
    patients: done,
    counts,
    codes,
    files: [...streams.keys()].sort().map((t) => `${t}.ndjson`),
    ms: Date.now() - started,
  };
}

/**
 * In NDJSON files there is no bundle to hold `urn:uuid:` addresses, so each reference is rewritten to the
 * usual `Type/id` form, with the id the bundle address carried.
 */
export function withTypedReferences<T>(resource: T, addresses: ReadonlyMap<string, string>): T {
  return JSON.parse(JSON.stringify(resource), (key, value: unknown) =>
    key === 'reference' && typeof value === 'string' ? (addresses.get(value) ?? value) : value,
  ) as T;
}
