import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { AppError } from '../../shared/result';
import type { BulkExportStatus } from '../../shared/ipc/fhir';
import { writeAudit } from './audit';
import type { HandlerContext } from './context';
import { exportAllNdjson } from './fhir-bulk';
import { emptyCodeTally } from '../../shared/fhir/labels';

/**
 * The service-wide FHIR Bulk Data export run from the app, with its progress: one export at a time per
 * database, running beside everyone's work (each patient is read on its own, so other requests are served
 * between them). The screen starts it and then asks for its progress; the files go to an `exports` folder
 * beside the database, in a folder of their own per export, readable by their owner only.
 */

interface Job extends BulkExportStatus {
  file: string;
}

const jobs = new Map<string, Job>();

/** Where this database's exports go: `exports/` beside the database file (or ctx.options.exportDir). */
export function exportRoot(ctx: Pick<HandlerContext, 'conn' | 'options'>): string {
  return ctx.options.exportDir ?? join(dirname(ctx.conn.file), 'exports');
}

function folderName(now: Date): string {
  return `fhir-bulk-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}`;
}

/** Starts the export, or refuses if one is already running on this database. Audited when it starts. */
export async function startBulkExport(ctx: HandlerContext): Promise<BulkExportStatus> {
  for (const j of jobs.values())
    if (j.file === ctx.conn.file && j.state === 'running')
      throw new AppError('CONFLICT', 'An export is already running: wait for it to finish.');
  const dir = join(exportRoot(ctx), folderName(ctx.now()));
  const job: Job = {
    id: randomUUID(),
    file: ctx.conn.file,
    state: 'running',
    done: 0,
    total: 0,
    folder: dir,
    counts: {},
    codes: emptyCodeTally(),
    message: null,
    startedAt: ctx.now().toISOString(),
    finishedAt: null,
  };
  await ctx.conn.db.transaction().execute((trx) =>
    writeAudit(trx, ctx, {
      action: 'export.fhir-bulk.start',
      entity: 'patients',
      entityId: null,
      after: { folder: dir },
    }),
  );
  jobs.set(job.id, job);
  // Runs on after the answer; its own audit row is written when it finishes (exportAllNdjson).
  void exportAllNdjson(ctx, dir, (done, total) => {
    job.done = done;
    job.total = total;
  }).then(
    (r) => {
      Object.assign(job, {
        state: 'finished',
        counts: r.counts,
        codes: r.codes,
        done: r.patients,
        finishedAt: ctx.now().toISOString(),
      });
    },
    (err: unknown) => {
      Object.assign(job, {
        state: 'failed',
        finishedAt: ctx.now().toISOString(),
        message: `The export stopped: ${err instanceof Error ? err.message : 'an unknown error'}. Files already written are in the folder; run the export again.`,
      });
    },
  );
  return view(job);
}

/** How far an export has gone (patients done of all), and when it has finished, what it wrote. */
export function bulkExportStatus(ctx: HandlerContext, id: string): BulkExportStatus {
  const job = jobs.get(id);
  if (!job || job.file !== ctx.conn.file) throw new AppError('NOT_FOUND', 'That export is not known here.');
  return view(job);
}

function view(job: Job): BulkExportStatus {
  const { file: _file, ...status } = job;
  return { ...status, counts: { ...status.counts }, codes: structuredClone(status.codes) };
}
