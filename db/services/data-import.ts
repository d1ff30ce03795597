import { randomBytes } from 'node:crypto';
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

/** Imports being sent or previewed, in memory (never written until committed), per signed-in session. */
interface Staged {
  owner: string;
  userId: number;
  parts: string[];
  chars: number;
  checked: CheckedImport | null;
  touchedAt: number;
}
const staged = new Map<string, Staged>();
const MAX_TOTAL_CHARS = 40_000_000;
const TTL_MS = 30 * 60_000;

function sweep(nowMs: number): void {
  for (const [id, s] of staged) if (nowMs - s.touchedAt > TTL_MS) staged.delete(id);
}

function own(ctx: HandlerContext, importId: string): Staged {
  const s = staged.get(importId);
  if (!s || s.owner !== ctx.sessionKey || s.userId !== ctx.session?.userId)
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

function previewOf(id: string, s: Staged): ImportPreview {
  const c = s.checked;
  return {
    importId: id,
    receivedChars: s.chars,
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
  const nowMs = ctx.now().getTime();
  sweep(nowMs);
  let id = input.importId;
  let s: Staged;
  if (id === undefined) {
    id = randomBytes(12).toString('base64url');
    s = {
      owner: ctx.sessionKey,
      userId: ctx.session!.userId,
      parts: [],
      chars: 0,
      checked: null,
      touchedAt: nowMs,
    };
    staged.set(id, s);
  } else {
    s = own(ctx, id);
    if (s.checked)
      throw new AppError('CONFLICT', 'That file was already checked. Choose it again to change it.');
  }
  if (s.chars + input.chunk.length > MAX_TOTAL_CHARS) {
    staged.delete(id);
    throw new AppError(
      'VALIDATION',
      `The file is too large (at most ${IMPORT_MAX_ROWS.toLocaleString('en-GB')} patients).`,
    );
  }
  s.parts.push(input.chunk);
  s.chars += input.chunk.length;
  s.touchedAt = nowMs;
  if (input.last) {
    const text = s.parts.join('');
    s.checked = checkImport(
      text,
      await existingIdentifiers(ctx.conn.db, text),
      ctx.now().toISOString().slice(0, 10),
    );
    s.parts = []; // the checked rows are kept; the text is no longer needed
  }
  return previewOf(id, s);
}

/**
 * Saves a previewed import in ONE transaction: every patient or none. Refused while any line has an
 * error, and re-checked against the database inside the transaction (someone may have registered one of
 * these patients since the preview). Each patient gets an audit row; one more records the import.
 */
export async function importCommit(ctx: HandlerContext, importId: string): Promise<ImportResult> {
  const s = own(ctx, importId);
  if (!s.checked) throw new AppError('VALIDATION', 'The file has not been checked yet.');
  if (s.checked.errorCount > 0)
    throw new AppError(
      'VALIDATION',
      `Nothing was imported: ${s.checked.errorCount} problem(s) in the file. Correct the file and choose it again.`,
    );
  if (s.checked.valid.length === 0) throw new AppError('VALIDATION', 'The file has no patients to import.');
  const rows = s.checked.valid;
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
    return rows.length;
  });
  staged.delete(importId);
  return { imported };
}
