import { createHash, randomBytes } from 'node:crypto';
import {
  checkImport,
  importIdentifiers,
  IMPORT_MAX_ROWS,
  type CheckedImport,
  type ImportPreview,
  type ImportResult,
} from '../../shared/domain/data';
import { AppError } from '../../shared/result';
import { compiled } from '../compiled';
import {
  appendPart,
  deleteStaged,
  insertStaged,
  saveChecked,
  stagedRow,
  sweepStaged,
  type StagedRow,
} from '../queries/data-import-staging';
import { patientColumns } from '../queries/patients';
import type { HandlerContext, Trx } from './context';
import { writeAudit } from './audit';

type PatientInsert = ReturnType<typeof patientColumns> & { created_at: string; updated_at: string };

/** One patient row, compiled once and run as a prepared statement inside the import's transaction. */
const insertPatient = compiled<PatientInsert, ReturnType<typeof patientInsertQuery>>((db, p) =>
  patientInsertQuery(db, p),
);
function patientInsertQuery(
  db: HandlerContext['conn']['db'],
  p: <K extends keyof PatientInsert & string>(name: K) => PatientInsert[K],
) {
  return db
    .insertInto('patients')
    .values({
      nhs_number: p('nhs_number'),
      hospital_number: p('hospital_number'),
      surname: p('surname'),
      forename: p('forename'),
      surname_key: p('surname_key'),
      forename_key: p('forename_key'),
      date_of_birth: p('date_of_birth'),
      sex: p('sex'),
      postcode: p('postcode'),
      gp_practice: p('gp_practice'),
      referral_date: p('referral_date'),
      referral_source: p('referral_source'),
      lead_clinician_id: p('lead_clinician_id'),
      diagnosis_code: p('diagnosis_code'),
      diagnosis_site: p('diagnosis_site'),
      diagnosis_notes: p('diagnosis_notes'),
      what_matters: p('what_matters'),
      created_at: p('created_at'),
      updated_at: p('updated_at'),
      version: 1,
    })
    .returning('id');
}

/**
 * Imports being sent or previewed live in the database (data_import_staging, migration 0225), never in one
 * server instance's memory: any instance behind the load balancer can take the next part or the commit.
 * Nothing reaches the patient tables until the commit. Only the signed-in window (its session key, stored
 * hashed) and user that started an import may continue it; untouched for 30 minutes, it is forgotten.
 */
const MAX_TOTAL_CHARS = 40_000_000;
const TTL_MS = 30 * 60_000;

const ownerHash = (sessionKey: string) => createHash('sha256').update(sessionKey).digest('hex');

async function own(ctx: HandlerContext, importId: string, withBody = false): Promise<StagedRow> {
  await sweepStaged(ctx.conn.db, new Date(ctx.now().getTime() - TTL_MS).toISOString());
  const s = await stagedRow(ctx.conn.db, importId, withBody);
  if (!s || s.owner_hash !== ownerHash(ctx.sessionKey) || s.user_id !== ctx.session?.userId)
    throw new AppError('NOT_FOUND', 'That import has expired. Choose the file again.');
  return s;
}

/** Which of these NHS / hospital numbers are already saved (batched IN lookups on the unique indexes). */
async function existingOf(
  db: HandlerContext['conn']['db'] | Trx,
  ids: { nhs: string[]; hospital: string[] },
): Promise<{ nhs: Set<string>; hospital: Set<string> }> {
  const nhs = new Set<string>();
  const hospital = new Set<string>();
  const lookup = async (column: 'nhs_number' | 'hospital_number', values: string[], into: Set<string>) => {
    const unique = [...new Set(values)];
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await db
        .selectFrom('patients')
        .select(column)
        .where(column, 'in', unique.slice(i, i + 500))
        .execute();
      for (const r of rows) {
        const v = (r as Record<string, string | null>)[column];
        if (v) into.add(v);
      }
    }
  };
  await lookup('nhs_number', ids.nhs, nhs);
  await lookup('hospital_number', ids.hospital, hospital);
  return { nhs, hospital };
}

const existingIdentifiers = (db: HandlerContext['conn']['db'] | Trx, text: string) =>
  existingOf(db, importIdentifiers(text));

function previewOf(id: string, chars: number, c: CheckedImport | null): ImportPreview {
  return {
    importId: id,
    receivedChars: chars,
    done: c !== null,
    rows: c?.rows ?? 0,
    validRows: c?.valid.length ?? 0,
    errorCount: c?.errorCount ?? 0,
    errors: c?.errors ?? [],
    sample: (c?.valid ?? []).slice(0, 5).map((v) => ({
      line: v.line,
      nhsNumber: v.data.nhsNumber,
      surname: v.data.surname,
      forename: v.data.forename,
      dateOfBirth: v.data.dateOfBirth,
    })),
  };
}

/** Receives one part of the CSV; on the last part checks every line and returns the preview. */
export async function importPreview(
  ctx: HandlerContext,
  input: { importId?: string | undefined; chunk: string; last: boolean },
): Promise<ImportPreview> {
  const at = ctx.now().toISOString();
  let id = input.importId;
  let chars = 0;
  if (id === undefined) {
    await sweepStaged(ctx.conn.db, new Date(ctx.now().getTime() - TTL_MS).toISOString());
    id = randomBytes(12).toString('base64url');
    await insertStaged(ctx.conn.db, {
      id,
      ownerHash: ownerHash(ctx.sessionKey),
      userId: ctx.session!.userId,
      at,
    });
  } else {
    const s = await own(ctx, id);
    if (s.checked_json !== null)
      throw new AppError('CONFLICT', 'That file was already checked. Choose it again to change it.');
    chars = s.chars;
  }
  if (chars + input.chunk.length > MAX_TOTAL_CHARS) {
    await deleteStaged(ctx.conn.db, id);
    throw new AppError(
      'VALIDATION',
      `The file is too large (at most ${IMPORT_MAX_ROWS.toLocaleString('en-GB')} patients).`,
    );
  }
  await appendPart(ctx.conn.db, id, input.chunk, at);
  chars += input.chunk.length;
  if (!input.last) return previewOf(id, chars, null);
  const text = (await own(ctx, id, true)).body;
  const checked = checkImport(
    text,
    await existingIdentifiers(ctx.conn.db, text),
    ctx.now().toISOString().slice(0, 10),
  );
  // The checked rows are kept; the text is no longer needed.
  await saveChecked(ctx.conn.db, id, JSON.stringify(checked), at);
  return previewOf(id, chars, checked);
}

/**
 * Saves a previewed import in ONE transaction: every patient or none. Refused while any line has an
 * error, and re-checked against the database inside the transaction (someone may have registered one of
 * these patients since the preview). Each patient gets an audit row; one more records the import.
 */
export async function importCommit(ctx: HandlerContext, importId: string): Promise<ImportResult> {
  const s = await own(ctx, importId);
  if (s.checked_json === null) throw new AppError('VALIDATION', 'The file has not been checked yet.');
  const checked = JSON.parse(s.checked_json) as CheckedImport;
  if (checked.errorCount > 0)
    throw new AppError(
      'VALIDATION',
      `Nothing was imported: ${checked.errorCount} problem(s) in the file. Correct the file and choose it again.`,
    );
  if (checked.valid.length === 0) throw new AppError('VALIDATION', 'The file has no patients to import.');
  const rows = checked.valid;
  const now = ctx.now();
  const at = now.toISOString();
  const userId = ctx.session?.userId ?? null;
  // Every patient and audit row of the import carries the same instant.
  const stamp = { session: ctx.session, now: () => now };
  const imported = await ctx.conn.db.transaction().execute(async (trx) => {
    // Someone may have registered one of these patients since the preview: then nothing is imported.
    const taken = await existingOf(trx, {
      nhs: rows.flatMap((r) => (r.data.nhsNumber ? [r.data.nhsNumber] : [])),
      hospital: rows.flatMap((r) => (r.data.hospitalNumber ? [r.data.hospitalNumber.toUpperCase()] : [])),
    });
    const clashes = taken.nhs.size + taken.hospital.size;
    if (clashes > 0)
      throw new AppError(
        'CONFLICT',
        `Nothing was imported: ${clashes} patient(s) in the file were registered since the preview. Check the file again.`,
      );
    // Each row is one run of a statement compiled once (not a freshly compiled 1,000-row statement per
    // batch); the transaction makes it all or nothing.
    const ids: number[] = [];
    for (const r of rows) {
      const inserted = await insertPatient.first(trx, {
        ...patientColumns(r.data),
        created_at: at,
        updated_at: at,
      });
      const id = Number(inserted!.id);
      ids.push(id);
      await writeAudit(trx, stamp, {
        action: 'patient.import',
        entity: 'patient',
        entityId: id,
        patientId: id,
        after: { ...r.data, allergies: [] },
      });
    }
    await trx
      .insertInto('data_imports')
      .values({
        imported_at: at,
        imported_by: userId,
        patient_count: rows.length,
        first_patient_id: ids[0] ?? null,
        last_patient_id: ids.at(-1) ?? null,
      })
      .execute();
    await writeAudit(trx, ctx, {
      action: 'data.import',
      entity: 'patients',
      entityId: null,
      after: { patients: rows.length },
    });
    // Gone in the same transaction: a second commit (from any instance) finds nothing to import.
    const removed = await trx.deleteFrom('data_import_staging').where('id', '=', importId).executeTakeFirst();
    if (Number(removed.numDeletedRows) !== 1)
      throw new AppError('NOT_FOUND', 'That import has expired. Choose the file again.');
    return rows.length;
  });
  return { imported };
}
