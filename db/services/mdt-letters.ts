import type { Kysely } from 'kysely';
import {
  buildLetterData,
  checkTemplateBody,
  renderLetter,
  type Discipline,
  type LetterTemplate,
} from '../../shared/clinical/mdt/index';
import { ClinicalInputError } from '../../shared/clinical/errors';
import {
  MDT_SERVICE,
  type LetterTemplateInput,
  type LetterTemplateView,
  type LetterView,
} from '../../shared/domain/mdt';
import { displayName } from '../../shared/domain/patient';
import { AppError } from '../../shared/result';
import { toClinicalOutcome, toOutcomeView } from '../mappers/mdt';
import { actionRowsForListing, outcomeRows, referralRowsForListings } from '../queries/mdt';
import type { DB } from '../schema';
import type { MdtLetterTemplatesTable } from '../schema-mdt';
import type { Selectable } from 'kysely';
import { writeAudit } from './audit';
import type { HandlerContext, Trx } from './context';
import { nowInstant, userId } from './mdt';

/**
 * MDT letters (issue 3, "After the meeting"): written from the current approved template version of each
 * audience, never with a gap (a letter with an unfilled placeholder is kept as "needs attention" and can be
 * regenerated once the data is fixed), kept exactly as sent, and, when the outcome is amended, marked
 * superseded and re-issued from the amended version with the reason on the letter.
 */

type Audience = 'gp' | 'referrer' | 'patient';
const AUDIENCES: readonly Audience[] = ['gp', 'referrer', 'patient'];

function toTemplate(row: Selectable<MdtLetterTemplatesTable>): LetterTemplate {
  return {
    id: row.template_id,
    name: row.name,
    version: row.version,
    source: row.source,
    audience: row.audience as Audience,
    example: row.example === 1,
    body: row.body,
  };
}

/** The newest version for an audience: the one new letters use (index mdt_letter_templates_audience). */
async function currentTemplateRow(db: Kysely<DB>, audience: Audience) {
  const row = await db
    .selectFrom('mdt_letter_templates')
    .selectAll()
    .where('audience', '=', audience)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `There is no letter template for ${audience}.`);
  return row;
}

async function outcomeForLetter(db: Kysely<DB>, outcomeId: number) {
  const row = await outcomeRows(db).where('o.id', '=', outcomeId).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'That outcome does not exist.');
  return toOutcomeView(row, await actionRowsForListing(db, row.listing_id));
}

async function meetingNameForListing(db: Kysely<DB>, listingId: number) {
  const r = await db
    .selectFrom('mdt_listings as l')
    .innerJoin('mdt_meetings as m', 'm.id', 'l.meeting_id')
    .innerJoin('mdt_meeting_types as t', 't.id', 'm.meeting_type_id')
    .select('t.name')
    .where('l.id', '=', listingId)
    .executeTakeFirstOrThrow();
  return r.name;
}

interface Written {
  recipientName: string;
  templateId: string;
  templateVersion: string;
  body: string | null;
  problem: string | null;
}

/** Writes one letter from the outcome's data and the audience's current template (or says what is missing). */
async function writeLetter(
  ctx: HandlerContext,
  db: Kysely<DB>,
  outcomeId: number,
  audience: Audience,
  meetingName: string,
): Promise<Written> {
  const o = await outcomeForLetter(db, outcomeId);
  const patient = await db
    .selectFrom('patients')
    .selectAll()
    .where('id', '=', o.patientId)
    .executeTakeFirstOrThrow();
  const refs = await referralRowsForListings(db, [o.listingId]);
  const signer = await db
    .selectFrom('users')
    .select('display_name')
    .where('id', '=', userId(ctx))
    .executeTakeFirstOrThrow();
  const disciplines = [...new Set((o.quorum?.present ?? []).map((p) => p.discipline))] as Discipline[];
  const question = [...new Set(refs.map((r) => r.question.trim()))].join(' ');
  const whatMatters =
    [...new Set(refs.map((r) => r.what_matters.trim()).filter((t) => t !== ''))].join(' / ') ||
    (patient.what_matters ?? '');
  const recipients: Record<Audience, string> = {
    gp: patient.gp_practice ? `Doctor (${patient.gp_practice})` : '',
    referrer: refs[0]?.requester_name ?? '',
    patient: `${patient.forename} ${patient.surname}`,
  };
  const templateRow = await currentTemplateRow(db, audience);
  const template = toTemplate(templateRow);
  const amendment = o.version > 1 && o.amendReason ? { reason: o.amendReason } : null;
  let body: string | null = null;
  let problem: string | null = null;
  try {
    const data = buildLetterData({
      serviceName: MDT_SERVICE.serviceName,
      meetingName,
      patient: {
        name: `${patient.forename} ${patient.surname}`,
        nhsNumber: patient.nhs_number ?? '',
        dateOfBirth: patient.date_of_birth,
      },
      recipientName: recipients[audience],
      question,
      whatMatters,
      outcome: toClinicalOutcome(o),
      disciplinesPresent: disciplines,
      patientSummary: o.patientSummary,
      contactDetails: MDT_SERVICE.contactDetails,
      signatory: signer.display_name,
      amendment,
    });
    body = renderLetter(template, data).text;
    // A template that does not place the amendment itself still says so, at the top.
    if (amendment && !template.body.includes('amendReason')) body = `Amended: ${amendment.reason}\n\n${body}`;
  } catch (err) {
    if (!(err instanceof ClinicalInputError)) throw err;
    problem = err.message;
  }
  return {
    recipientName: recipients[audience] || '(no recipient recorded)',
    templateId: template.id,
    templateVersion: template.version,
    body,
    problem,
  };
}

/**
 * Queues the GP, referrer and patient letters of a confirmed outcome (inside the caller's transaction).
 *
 * @param replaces - for an amended outcome: the superseded letter each new one replaces, per audience
 * @returns the new letters' ids
 */
export async function queueLetters(
  ctx: HandlerContext,
  trx: Trx,
  outcomeId: number,
  meetingName: string,
  at: string,
  replaces: Partial<Record<Audience, number>> = {},
): Promise<number[]> {
  const ids: number[] = [];
  const o = await trx
    .selectFrom('mdt_outcomes')
    .select('patient_id')
    .where('id', '=', outcomeId)
    .executeTakeFirstOrThrow();
  for (const audience of AUDIENCES) {
    const w = await writeLetter(ctx, trx, outcomeId, audience, meetingName);
    const row = await trx
      .insertInto('mdt_letters')
      .values({
        outcome_id: outcomeId,
        patient_id: o.patient_id,
        audience,
        recipient_name: w.recipientName,
        template_id: w.templateId,
        template_version: w.templateVersion,
        body: w.body,
        problem: w.problem,
        status: w.body === null ? 'needs-attention' : 'ready',
        generated_at: at,
        replaces_letter_id: replaces[audience] ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  return ids;
}

/**
 * After an amendment (inside its transaction): the letters of the previous version are kept exactly as they
 * were (sent ones as sent) and marked superseded; if letters had been queued for it, new ones are queued from
 * the amended version, each naming the letter it replaces. Before the meeting is finished there are no
 * letters yet, and "Finish meeting" writes them from the amended version.
 */
export async function reissueAfterAmendment(
  ctx: HandlerContext,
  trx: Trx,
  previousOutcomeId: number,
  newOutcomeId: number,
  at: string,
): Promise<number[]> {
  const old = await trx
    .selectFrom('mdt_letters')
    .select(['id', 'audience', 'status', 'patient_id'])
    .where('outcome_id', '=', previousOutcomeId)
    .where('superseded_at', 'is', null)
    .orderBy('id')
    .execute();
  if (old.length === 0) return [];
  await trx
    .updateTable('mdt_letters')
    .set({ superseded_at: at, superseded_by_outcome_id: newOutcomeId })
    .where(
      'id',
      'in',
      old.map((l) => l.id),
    )
    .execute();
  const replaces: Partial<Record<Audience, number>> = {};
  for (const l of old) replaces[l.audience as Audience] = l.id;
  const listing = await trx
    .selectFrom('mdt_outcomes')
    .select('listing_id')
    .where('id', '=', newOutcomeId)
    .executeTakeFirstOrThrow();
  const ids = await queueLetters(
    ctx,
    trx,
    newOutcomeId,
    await meetingNameForListing(trx, listing.listing_id),
    at,
    replaces,
  );
  await writeAudit(trx, ctx, {
    action: 'mdt.letter.reissue',
    entity: 'mdt_outcome',
    entityId: newOutcomeId,
    patientId: old[0]!.patient_id,
    before: old.map((l) => ({ id: l.id, audience: l.audience, status: l.status })),
    after: { superseded: old.map((l) => l.id), queued: ids },
  });
  return ids;
}

function letterQuery(db: Kysely<DB>) {
  return db
    .selectFrom('mdt_letters as l')
    .innerJoin('patients as p', 'p.id', 'l.patient_id')
    .innerJoin('mdt_outcomes as o', 'o.id', 'l.outcome_id')
    .selectAll('l')
    .select(['p.surname', 'p.forename', 'o.meeting_date', 'o.version as outcome_version', 'o.amend_reason']);
}

type LetterRow = Awaited<ReturnType<ReturnType<typeof letterQuery>['execute']>>[number];

function toLetter(r: LetterRow): LetterView {
  return {
    id: r.id,
    outcomeId: r.outcome_id,
    patientId: r.patient_id,
    patientName: displayName(r),
    audience: r.audience as LetterView['audience'],
    recipientName: r.recipient_name,
    templateId: r.template_id,
    templateVersion: r.template_version,
    body: r.body,
    problem: r.problem,
    status: r.status as LetterView['status'],
    generatedAt: r.generated_at,
    sentAt: r.sent_at,
    meetingDate: r.meeting_date,
    outcomeVersion: r.outcome_version,
    amendReason: r.outcome_version > 1 ? r.amend_reason : null,
    supersededAt: r.superseded_at,
    supersededByOutcomeId: r.superseded_by_outcome_id,
    replacesLetterId: r.replaces_letter_id,
  };
}

export async function listLetters(ctx: HandlerContext, meetingId: number | null, patientId: number | null) {
  let q = letterQuery(ctx.conn.db);
  if (meetingId !== null) {
    q = q.innerJoin('mdt_listings as ls', 'ls.id', 'o.listing_id').where('ls.meeting_id', '=', meetingId);
  }
  if (patientId !== null) q = q.where('l.patient_id', '=', patientId);
  const rows = await q.orderBy('l.id').limit(500).execute();
  return rows.map(toLetter);
}

export async function getLetter(ctx: HandlerContext, letterId: number) {
  const r = await letterQuery(ctx.conn.db).where('l.id', '=', letterId).executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND', 'That letter does not exist.');
  return toLetter(r);
}

export async function markSent(ctx: HandlerContext, letterId: number) {
  await ctx.conn.db.transaction().execute(async (trx) => {
    const l = await trx.selectFrom('mdt_letters').selectAll().where('id', '=', letterId).executeTakeFirst();
    if (!l) throw new AppError('NOT_FOUND', 'That letter does not exist.');
    if (l.superseded_at !== null)
      throw new AppError(
        'CONFLICT',
        'The outcome was amended: send the letter written from the new version.',
      );
    if (l.status !== 'ready')
      throw new AppError(
        'VALIDATION',
        l.status === 'sent'
          ? 'This letter was already sent.'
          : 'This letter cannot be sent until its gaps are filled.',
      );
    const at = nowInstant(ctx);
    await trx
      .updateTable('mdt_letters')
      .set({ status: 'sent', sent_at: at, sent_by: userId(ctx) })
      .where('id', '=', letterId)
      .execute();
    await writeAudit(trx, ctx, {
      action: 'mdt.letter.sent',
      entity: 'mdt_letter',
      entityId: letterId,
      patientId: l.patient_id,
      after: { templateId: l.template_id, templateVersion: l.template_version, sentAt: at },
    });
  });
  return getLetter(ctx, letterId);
}

/**
 * Writes a letter that is not sent yet again from the current data and template, e.g. once the missing
 * GP practice or NHS number has been recorded. A letter that still has a gap stays "needs attention" and
 * says what is missing now.
 */
export async function regenerateLetter(ctx: HandlerContext, letterId: number) {
  await ctx.conn.db.transaction().execute(async (trx) => {
    const l = await trx.selectFrom('mdt_letters').selectAll().where('id', '=', letterId).executeTakeFirst();
    if (!l) throw new AppError('NOT_FOUND', 'That letter does not exist.');
    if (l.status === 'sent') throw new AppError('VALIDATION', 'A sent letter is kept exactly as sent.');
    if (l.superseded_at !== null)
      throw new AppError('CONFLICT', 'The outcome was amended: this letter was replaced by a new one.');
    const o = await trx
      .selectFrom('mdt_outcomes')
      .select('listing_id')
      .where('id', '=', l.outcome_id)
      .executeTakeFirstOrThrow();
    const w = await writeLetter(
      ctx,
      trx,
      l.outcome_id,
      l.audience as Audience,
      await meetingNameForListing(trx, o.listing_id),
    );
    const at = nowInstant(ctx);
    const after = {
      recipient_name: w.recipientName,
      template_id: w.templateId,
      template_version: w.templateVersion,
      body: w.body,
      problem: w.problem,
      status: w.body === null ? 'needs-attention' : 'ready',
      generated_at: at,
    };
    await trx.updateTable('mdt_letters').set(after).where('id', '=', letterId).execute();
    await writeAudit(trx, ctx, {
      action: 'mdt.letter.regenerate',
      entity: 'mdt_letter',
      entityId: letterId,
      patientId: l.patient_id,
      before: { status: l.status, problem: l.problem, templateVersion: l.template_version },
      after: { status: after.status, problem: after.problem, templateVersion: after.template_version },
    });
  });
  return getLetter(ctx, letterId);
}

// ---------------- letter templates ----------------

function templatePlaceholdersSafe(t: LetterTemplate): string[] {
  try {
    return checkTemplateBody(t);
  } catch {
    return [];
  }
}

export async function listTemplates(ctx: HandlerContext): Promise<LetterTemplateView[]> {
  const rows = await ctx.conn.db
    .selectFrom('mdt_letter_templates as t')
    .leftJoin('users as u', 'u.id', 't.approved_by')
    .selectAll('t')
    .select('u.display_name as approved_by_name')
    .orderBy('t.audience')
    .orderBy('t.id', 'desc')
    .execute();
  const newest = new Map<string, number>();
  for (const r of rows) if (!newest.has(r.audience)) newest.set(r.audience, r.id);
  return rows.map((r) => ({
    id: r.id,
    templateId: r.template_id,
    audience: r.audience as Audience,
    name: r.name,
    version: r.version,
    body: r.body,
    source: r.source,
    changeNote: r.change_note,
    example: r.example === 1,
    createdAt: r.created_at,
    approvedByName: r.approved_by_name,
    approvedAt: r.approved_at,
    current: newest.get(r.audience) === r.id,
    placeholders: templatePlaceholdersSafe(toTemplate(r)),
  }));
}

/** "1.0.0" → "1.1.0"; anything else gets ".1" appended. */
function nextVersion(v: string): string {
  const m = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(v);
  return m ? `${m[1]}.${Number(m[2]) + 1}.0` : `${v}.1`;
}

/**
 * A clinical lead (a consultant holding mdt.chair) writes a new version of a template; saving it is their
 * approval, recorded with their name. Versions never change: letters keep the version they were written from.
 */
export async function saveTemplate(ctx: HandlerContext, input: LetterTemplateInput) {
  const id = await ctx.conn.db.transaction().execute(async (trx) => {
    const current = await currentTemplateRow(trx, input.audience);
    if (current.id !== input.basedOnId) {
      throw new AppError(
        'CONFLICT',
        'Someone approved a newer version of this template meanwhile. Reload and start from it.',
      );
    }
    const version = nextVersion(current.version);
    try {
      checkTemplateBody({ id: current.template_id, version, body: input.body });
    } catch (err) {
      if (err instanceof ClinicalInputError) {
        throw new AppError('VALIDATION', err.message, { body: err.message });
      }
      throw err;
    }
    const me = userId(ctx);
    const signer = await trx
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', me)
      .executeTakeFirstOrThrow();
    const at = nowInstant(ctx);
    const row = await trx
      .insertInto('mdt_letter_templates')
      .values({
        template_id: current.template_id,
        audience: input.audience,
        name: input.name,
        version,
        body: input.body,
        source: `Written and approved by ${signer.display_name} (clinical lead) on ${at.slice(0, 10)}, from version ${current.version}.`,
        change_note: input.changeNote,
        example: 0,
        created_at: at,
        approved_by: me,
        approved_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, {
      action: 'mdt.letter-template.approve',
      entity: 'mdt_letter_template',
      entityId: row.id,
      before: { version: current.version },
      after: { templateId: current.template_id, version, changeNote: input.changeNote },
    });
    return row.id;
  });
  return (await listTemplates(ctx)).find((t) => t.id === id)!;
}
