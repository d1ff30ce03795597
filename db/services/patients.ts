import { sql } from 'kysely';
import type { AuditEntry } from '../../shared/domain/audit';
import { diffRecords } from '../../shared/domain/audit';
import { displayName, type Patient, type PatientData } from '../../shared/domain/patient';
import { AppError } from '../../shared/result';
import { patientAuditSnapshot } from '../mappers/patients';
import { formatInstantGb } from '../../shared/dates';
import { findDuplicate, getPatient, lastPatientUpdate, patientColumns } from '../queries/patients';
import { writeAudit } from './audit';
import type { HandlerContext, Trx } from './context';

async function refuseDuplicate(trx: Trx, data: PatientData, exceptId: number | null): Promise<void> {
  const dup = await findDuplicate(trx, data, exceptId);
  if (!dup) return;
  const label = dup.field === 'nhsNumber' ? 'NHS number' : 'hospital number';
  const message = `Another patient already has this ${label}: ${displayName(dup.patient)}.`;
  throw new AppError('CONFLICT', message, { [dup.field]: message });
}

async function insertAllergies(trx: Trx, patientId: number, data: PatientData, at: string): Promise<void> {
  for (const a of data.allergies) {
    await trx
      .insertInto('allergies')
      .values({
        patient_id: patientId,
        agent: a.agent,
        reaction: a.reaction,
        recorded_on: a.recordedOn,
        created_at: at,
      })
      .execute();
  }
}

export async function createPatient(ctx: HandlerContext, data: PatientData): Promise<Patient> {
  return ctx.conn.db.transaction().execute((trx) => createPatientIn(trx, ctx, data));
}

/**
 * Registers a patient inside the caller's transaction (refusing a duplicate NHS or hospital number), with
 * the audit row: the form's save and an import's all-or-nothing save share it.
 */
export async function createPatientIn(
  trx: Trx,
  ctx: HandlerContext,
  data: PatientData,
  action = 'patient.create',
): Promise<Patient> {
  await refuseDuplicate(trx, data, null);
  const at = ctx.now().toISOString();
  const { id } = await trx
    .insertInto('patients')
    .values({ ...patientColumns(data), created_at: at, updated_at: at, version: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertAllergies(trx, id, data, at);
  const created = (await getPatient(trx, id))!;
  await writeAudit(trx, ctx, {
    action,
    entity: 'patient',
    entityId: id,
    patientId: id,
    after: patientAuditSnapshot(created),
  });
  return created;
}

/** The patient's details in words, for a conflict message (never field names). */
const DETAIL_WORDS: Record<string, string> = {
  nhsNumber: 'NHS number',
  hospitalNumber: 'hospital number',
  surname: 'surname',
  forename: 'first name',
  dateOfBirth: 'date of birth',
  sex: 'sex',
  postcode: 'postcode',
  gpPractice: 'GP practice',
  referralDate: 'referral date',
  referralSource: 'referral source',
  leadClinicianId: 'lead clinician',
  diagnosisCode: 'diagnosis',
  diagnosisSite: 'site of pain',
  diagnosisNotes: 'diagnosis notes',
  whatMatters: 'what matters to the patient',
  allergies: 'allergies',
  noKnownAllergies: 'allergies',
};

/**
 * Two people editing the same record (team mode makes it likely): the second save is refused, and the
 * message says who saved first, when, and what they changed, so nothing is overwritten unseen.
 */
async function conflictMessage(trx: Trx, id: number): Promise<string> {
  const last = await lastPatientUpdate(trx, id);
  const tail =
    'Their change is kept and yours was not saved: reopen the record, check it, and make your change again.';
  if (!last) return `Someone else changed this record while you were editing. ${tail}`;
  const parse = (json: string | null) => (json ? (JSON.parse(json) as Record<string, unknown>) : null);
  const changed = [
    ...new Set(
      diffRecords(parse(last.before_json), parse(last.after_json)).map(
        (d) => DETAIL_WORDS[d.field] ?? 'other details',
      ),
    ),
  ];
  const [date, time] = formatInstantGb(last.at).split(' ');
  const what = changed.length ? ` (${changed.join(', ')})` : '';
  return `${last.user_name ?? 'Someone else'} changed this record at ${time} on ${date} while you were editing${what}. ${tail}`;
}

export async function updatePatient(
  ctx: HandlerContext,
  id: number,
  version: number,
  data: PatientData,
): Promise<Patient> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const before = await getPatient(trx, id);
    if (!before) throw new AppError('NOT_FOUND', 'That patient record does not exist.');
    if (before.version !== version) throw new AppError('CONFLICT', await conflictMessage(trx, id));
    await refuseDuplicate(trx, data, id);
    const at = ctx.now().toISOString();
    await trx
      .updateTable('patients')
      .set({ ...patientColumns(data), updated_at: at, version: version + 1 })
      .where('id', '=', id)
      .execute();
    const sameAllergies =
      JSON.stringify(before.allergies.map((a) => [a.agent, a.reaction, a.recordedOn])) ===
      JSON.stringify(data.allergies.map((a) => [a.agent, a.reaction, a.recordedOn]));
    if (!sameAllergies) {
      await trx.deleteFrom('allergies').where('patient_id', '=', id).execute();
      await insertAllergies(trx, id, data, at);
    }
    const after = (await getPatient(trx, id))!;
    await writeAudit(trx, ctx, {
      action: 'patient.update',
      entity: 'patient',
      entityId: id,
      patientId: id,
      before: patientAuditSnapshot(before),
      after: patientAuditSnapshot(after),
    });
    return after;
  });
}

export async function requirePatient(ctx: HandlerContext, id: number): Promise<Patient> {
  return found(await getPatient(ctx.conn.db, id));
}

/** The patient record for `patients:get`: synchronous on an idle connection (see getPatient). */
export async function openPatient(ctx: HandlerContext, id: number): Promise<Patient> {
  return found(await getPatient(ctx.conn.db, id));
}

function found(p: Patient | null): Patient {
  if (!p) throw new AppError('NOT_FOUND', 'That patient record does not exist.');
  return p;
}

export async function patientHistory(ctx: HandlerContext, id: number): Promise<AuditEntry[]> {
  await requirePatient(ctx, id);
  const rows = await ctx.conn.db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.user_id')
    .select([
      'audit_log.id',
      'at',
      'user_id',
      sql<string | null>`coalesce(audit_log.user_name, users.display_name)`.as('display_name'),
      'audit_log.user_role',
      'action',
      'entity',
      'entity_id',
      'patient_id',
      'before_json',
      'after_json',
    ])
    .where('patient_id', '=', id)
    .orderBy('audit_log.id', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    userId: r.user_id,
    userName: r.display_name,
    userRole: r.user_role,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    patientId: r.patient_id,
    changes: diffRecords(
      r.before_json ? (JSON.parse(r.before_json) as Record<string, unknown>) : null,
      r.after_json ? (JSON.parse(r.after_json) as Record<string, unknown>) : null,
    ),
  }));
}
