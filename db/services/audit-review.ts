import { sql } from 'kysely';
import {
  AUDIT_EVENT_GROUPS,
  detailIsSafe,
  toCsv,
  type AuditEventGroup,
  type AuditReviewRow,
} from '../../shared/domain/audit';
import { AUDIT_COUNT_CAP, type AuditPage } from '../../shared/ipc/audit';
import { isValidNhsNumber, normaliseNhsNumber } from '../../shared/nhs-number';
import { AppError } from '../../shared/result';
import { auditActionLabel } from '../../shared/audit-actions';
import { formatInstantGb } from '../../shared/dates';
import { ROLE_LABELS, type Role } from '../../shared/domain/roles';
import { ACCESS_UNUSUAL } from './access-audit';
import { writeAudit } from './audit';
import type { HandlerContext } from './context';

/**
 * The information-governance audit screen (issue 17). Rows name the user as they were at the time (older
 * rows: the account's name now, marked by a null role) and the record by its number only: no clinical
 * content reaches the reviewer (the IT administrator holds this permission, not patient.read).
 */
function reviewQuery(ctx: HandlerContext) {
  return ctx.conn.db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.user_id')
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.user_id',
      sql<string | null>`coalesce(audit_log.user_name, users.display_name)`.as('user_name'),
      'audit_log.user_role',
      'audit_log.action',
      'audit_log.entity',
      'audit_log.entity_id',
      'audit_log.patient_id',
      'audit_log.after_json',
      'audit_log.before_json',
      'audit_log.workstation',
    ]);
}

type ReviewDbRow = Awaited<ReturnType<ReturnType<typeof reviewQuery>['execute']>>[number];

function toRow(r: ReviewDbRow): AuditReviewRow {
  return {
    id: r.id,
    at: r.at,
    userId: r.user_id,
    userName: r.user_name,
    userRole: r.user_role,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    patientId: r.patient_id,
    detail: reviewDetail(r),
    workstation: r.workstation,
  };
}

/**
 * What the audit screen may show of a row. An account change also carries the account as it was
 * (`before`), so the screen can say what changed (a role, a deactivation) for a DSPT review.
 */
function reviewDetail(r: ReviewDbRow): Record<string, unknown> | null {
  if (!detailIsSafe(r.action) || !r.after_json) return null;
  const after = JSON.parse(r.after_json) as Record<string, unknown>;
  if (r.action.startsWith('user.update') && r.before_json)
    return { ...after, before: JSON.parse(r.before_json) as Record<string, unknown> };
  return after;
}

/** A record number, an NHS number or a hospital number → the record's id (null: no such record). */
async function resolvePatient(ctx: HandlerContext, text: string): Promise<number | null> {
  const t = text.trim();
  if (!t) return null;
  if (isValidNhsNumber(t)) {
    const row = await ctx.conn.db
      .selectFrom('patients')
      .select('id')
      .where('nhs_number', '=', normaliseNhsNumber(t))
      .executeTakeFirst();
    if (row) return row.id;
  }
  const byHospital = await ctx.conn.db
    .selectFrom('patients')
    .select('id')
    .where('hospital_number', '=', t.toUpperCase())
    .executeTakeFirst();
  if (byHospital) return byHospital.id;
  if (/^\d{1,9}$/.test(t)) {
    const row = await ctx.conn.db
      .selectFrom('patients')
      .select('id')
      .where('id', '=', Number(t))
      .executeTakeFirst();
    if (row) return row.id;
  }
  return null;
}

export async function searchAudit(
  ctx: HandlerContext,
  input: {
    userId: number | null;
    patient: string;
    group: AuditEventGroup | null;
    from: string | null;
    to: string | null;
    offset: number;
    limit: number;
  },
): Promise<AuditPage> {
  let patientId: number | null = null;
  if (input.patient) {
    patientId = await resolvePatient(ctx, input.patient);
    if (patientId === null)
      throw new AppError('NOT_FOUND', 'No record has that number.', {
        patient: 'No record has that number.',
      });
  }
  let q = reviewQuery(ctx);
  if (input.userId !== null) q = q.where('audit_log.user_id', '=', input.userId);
  if (patientId !== null) q = q.where('audit_log.patient_id', '=', patientId);
  if (input.group) q = q.where('audit_log.action', 'in', [...AUDIT_EVENT_GROUPS[input.group].actions]);
  if (input.from) q = q.where('audit_log.at', '>=', `${input.from}T00:00:00.000Z`);
  if (input.to) q = q.where('audit_log.at', '<', `${input.to}T23:59:59.999Z`);
  // Counted up to the cap only: counting a million rows took about a second on every page (issue 17 bench).
  const { n } = await ctx.conn.db
    .selectFrom(
      q
        .clearSelect()
        .select('audit_log.id')
        .limit(AUDIT_COUNT_CAP + 1)
        .as('matches'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const items = await q.orderBy('audit_log.id', 'desc').offset(input.offset).limit(input.limit).execute();
  const total = Math.min(Number(n), AUDIT_COUNT_CAP);
  return { items: items.map(toRow), total, more: Number(n) > AUDIT_COUNT_CAP };
}

export async function accessAlerts(ctx: HandlerContext): Promise<AuditReviewRow[]> {
  const since = new Date(ctx.now().getTime() - 30 * 86_400_000).toISOString();
  const rows = await reviewQuery(ctx)
    .where('audit_log.action', '=', ACCESS_UNUSUAL)
    .where('audit_log.at', '>=', since)
    .orderBy('audit_log.id', 'desc')
    .limit(100)
    .execute();
  return rows.map(toRow);
}

const AREAS: Record<string, string> = {
  patients: 'Patient record',
  patient: 'Patient record',
  meds: 'Medicines',
  medicines: 'Medicines',
  rehab: 'Rehabilitation',
  mdt: 'MDT',
  interventions: 'Interventions',
  print: 'Printing',
  fhir: 'Record exchange (FHIR)',
  audit: 'Audit',
};

/** The part of the app an audit row's entity (an operation or a table) belongs to, in words. */
function appArea(entity: string): string {
  const head = entity.split(/[:._]/)[0] ?? '';
  return AREAS[head] ?? 'Other';
}

/**
 * For a subject access request: every audit row about one patient's record (who, role, when, what), as
 * CSV whose cells a spreadsheet cannot run. The export itself is recorded.
 */
export async function subjectAccessExport(
  ctx: HandlerContext,
  patient: string,
): Promise<{ filename: string; csv: string; rows: number }> {
  const patientId = await resolvePatient(ctx, patient);
  if (patientId === null)
    throw new AppError('NOT_FOUND', 'No record has that number.', { patient: 'No record has that number.' });
  const rows = await reviewQuery(ctx)
    .where('audit_log.patient_id', '=', patientId)
    .orderBy('audit_log.id', 'asc')
    .execute();
  // Written for the person who asked (issue 17): events and roles in words, the part of the app named.
  const csv = toCsv(
    ['When (UK time)', 'Who', 'Role at the time', 'What', 'Where in the app'],
    rows.map((r) => [
      formatInstantGb(r.at),
      r.user_name ?? '',
      r.user_role ? (ROLE_LABELS[r.user_role as Role] ?? r.user_role) : '',
      auditActionLabel(r.action),
      appArea(r.entity),
    ]),
  );
  await ctx.conn.db.transaction().execute((trx) =>
    writeAudit(trx, ctx, {
      action: 'audit.export',
      entity: 'audit_log',
      entityId: null,
      patientId,
      after: { rows: rows.length, purpose: 'subject access request' },
    }),
  );
  const day = ctx.now().toISOString().slice(0, 10);
  return { filename: `access-record-${patientId}-${day}.csv`, csv, rows: rows.length };
}
