import type { Kysely } from 'kysely';
import { letterPrintRefusal } from '../../shared/domain/letter-marks';
import type { LetterView } from '../../shared/domain/mdt';
import { displayName } from '../../shared/domain/patient';
import { AppError } from '../../shared/result';
import type { Selectable } from 'kysely';
import type { DB } from '../schema';
import type { MdtLettersTable } from '../schema-mdt';
import { writeAudit } from './audit';
import type { HandlerContext, Trx } from './context';
import { nowInstant, userId } from './mdt';
import { changedByOtherError } from './stale-edit';
import { meetingNameForListing, writeLetter, type Audience } from './mdt-letter-writing';

/**
 * MDT letters (issue 3, "After the meeting"): written from the current approved template version of each
 * audience, never with a gap (a letter with an unfilled placeholder is kept as "needs attention" and can be
 * regenerated once the data is fixed), kept exactly as sent, and, when the outcome is amended, marked
 * superseded and re-issued from the amended version with the reason on the letter.
 */

const AUDIENCES: readonly Audience[] = ['gp', 'referrer', 'patient'];

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
    const w = await writeLetter(ctx, trx, outcomeId, audience, meetingName, replaces[audience] ?? null);
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
    .leftJoin('mdt_letter_templates as t', (j) =>
      j.onRef('t.template_id', '=', 'l.template_id').onRef('t.version', '=', 'l.template_version'),
    )
    .selectAll('l')
    .select((eb) => [
      'p.surname',
      'p.forename',
      'o.meeting_date',
      'o.version as outcome_version',
      'o.amend_reason',
      't.approved_at as template_approved_at',
      eb
        .selectFrom('mdt_letters as n')
        .select('n.id')
        .whereRef('n.replaces_letter_id', '=', 'l.id')
        .orderBy('n.id', 'desc')
        .limit(1)
        .as('replaced_by_letter_id'),
      // The referrer's version on the case's oldest live referral (the one setReferrer records it on).
      eb
        .selectFrom('mdt_referrals as rf')
        .select('rf.referrer_version')
        .whereRef('rf.listing_id', '=', 'o.listing_id')
        .where('rf.status', '!=', 'withdrawn')
        .orderBy('rf.requested_at')
        .orderBy('rf.id')
        .limit(1)
        .as('referrer_version'),
    ]);
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
    replacedByLetterId: r.replaced_by_letter_id ?? null,
    templateApproved: r.template_approved_at !== null && r.template_approved_at !== undefined,
    referrerVersion: r.referrer_version ?? 0,
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
        'This letter was superseded when the outcome was amended: send the current version instead.',
      );
    // Sent from another desk since this one read it: say who sent it and when (issue 19).
    if (l.status === 'sent')
      throw await changedByOtherError(trx, 'This letter was already sent; it was not sent twice.', [
        { entity: 'mdt_letter', entityId: l.id, actions: ['mdt.letter.sent'] },
      ]);
    if (l.status !== 'ready')
      throw new AppError('VALIDATION', 'This letter cannot be sent until its gaps are filled.');
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
type LetterRowFull = Selectable<MdtLettersTable>;

/** Writes an unsent letter again from the current data and template (inside the caller's transaction). */
async function rewrite(ctx: HandlerContext, trx: Trx, l: LetterRowFull): Promise<void> {
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
    l.replaces_letter_id,
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
  await trx.updateTable('mdt_letters').set(after).where('id', '=', l.id).execute();
  await writeAudit(trx, ctx, {
    action: 'mdt.letter.regenerate',
    entity: 'mdt_letter',
    entityId: l.id,
    patientId: l.patient_id,
    before: { status: l.status, problem: l.problem, templateVersion: l.template_version },
    after: { status: after.status, problem: after.problem, templateVersion: after.template_version },
  });
}

export async function regenerateLetter(ctx: HandlerContext, letterId: number) {
  await ctx.conn.db.transaction().execute(async (trx) => {
    const l = await trx.selectFrom('mdt_letters').selectAll().where('id', '=', letterId).executeTakeFirst();
    if (!l) throw new AppError('NOT_FOUND', 'That letter does not exist.');
    if (l.status === 'sent') throw new AppError('VALIDATION', 'A sent letter is kept exactly as sent.');
    if (l.superseded_at !== null)
      throw new AppError('CONFLICT', 'The outcome was amended: this letter was replaced by a new one.');
    await rewrite(ctx, trx, l);
  });
  return getLetter(ctx, letterId);
}

/**
 * Printing a letter as current (the audit of a print, issue 16): a superseded letter is refused, so that it
 * is never printed or saved as if it were current; the screen offers the current version instead.
 */
export async function assertPrintableLetter(ctx: HandlerContext, letterId: number): Promise<void> {
  const l = await ctx.conn.db
    .selectFrom('mdt_letters')
    .select(['superseded_at', 'body'])
    .where('id', '=', letterId)
    .executeTakeFirst();
  if (!l) throw new AppError('NOT_FOUND', 'That letter no longer exists.');
  const refused = letterPrintRefusal({ supersededAt: l.superseded_at, body: l.body });
  if (refused) throw new AppError(refused.code, refused.message);
}

/** The referrer as recorded for a letter's case (issue 16): name, role, organisation and address. */
export interface ReferrerInput {
  letterId: number;
  /** The referrer's version as the letters list showed it (LetterView.referrerVersion). */
  version: number;
  name: string;
  role: string;
  organisation: string;
  address: string;
}

/**
 * Records the clinician who referred the patient, on the case's oldest live referral (apart from who keyed
 * it), and writes the unsent referrer letter again, now addressed to them. Audited, in one transaction.
 * Recording it against an older referrer than the one stored (a colleague recorded one since the letters
 * were read) is refused, naming who and when, never written over theirs (issue 19).
 */
export async function setReferrer(ctx: HandlerContext, input: ReferrerInput) {
  const letterId = await ctx.conn.db.transaction().execute(async (trx) => {
    const l = await trx
      .selectFrom('mdt_letters')
      .selectAll()
      .where('id', '=', input.letterId)
      .executeTakeFirst();
    if (!l) throw new AppError('NOT_FOUND', 'That letter does not exist.');
    const o = await trx
      .selectFrom('mdt_outcomes')
      .select('listing_id')
      .where('id', '=', l.outcome_id)
      .executeTakeFirstOrThrow();
    const ref = await trx
      .selectFrom('mdt_referrals')
      .select([
        'id',
        'referrer_name',
        'referrer_role',
        'referrer_organisation',
        'referrer_address',
        'referrer_version',
      ])
      .where('listing_id', '=', o.listing_id)
      .where('status', '!=', 'withdrawn')
      .orderBy('requested_at')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (!ref) throw new AppError('NOT_FOUND', 'This case has no referral to record the referrer on.');
    const refused = async () => {
      const p = await trx
        .selectFrom('patients')
        .select(['surname', 'forename'])
        .where('id', '=', l.patient_id)
        .executeTakeFirstOrThrow();
      const now = await trx
        .selectFrom('mdt_referrals')
        .select(['referrer_name', 'referrer_role', 'referrer_organisation'])
        .where('id', '=', ref.id)
        .executeTakeFirstOrThrow();
      const is = [now.referrer_name, now.referrer_role, now.referrer_organisation]
        .map((x) => (x ?? '').trim())
        .filter(Boolean)
        .join(', ');
      return changedByOtherError(
        trx,
        `The referrer for ${displayName(p)} changed after you read it: ${is ? `it is now ${is}` : 'it is no longer recorded'}. Yours was not saved.`,
        [{ entity: 'mdt_referral', entityId: ref.id, actions: ['mdt.referral.referrer'] }],
      );
    };
    if (ref.referrer_version !== input.version) throw await refused();
    const after = {
      referrer_name: input.name,
      referrer_role: input.role,
      referrer_organisation: input.organisation,
      referrer_address: input.address,
    };
    const written = await trx
      .updateTable('mdt_referrals')
      .set((eb) => ({ ...after, referrer_version: eb('referrer_version', '+', 1) }))
      .where('id', '=', ref.id)
      .where('referrer_version', '=', ref.referrer_version)
      .executeTakeFirst();
    if (Number(written.numUpdatedRows) !== 1) throw await refused();
    await writeAudit(trx, ctx, {
      action: 'mdt.referral.referrer',
      entity: 'mdt_referral',
      entityId: ref.id,
      patientId: l.patient_id,
      before: {
        name: ref.referrer_name,
        role: ref.referrer_role,
        organisation: ref.referrer_organisation,
        address: ref.referrer_address,
      },
      after: { name: input.name, role: input.role, organisation: input.organisation, address: input.address },
    });
    // The current unsent referrer letter of this outcome is written again, addressed to the referrer.
    const target = await trx
      .selectFrom('mdt_letters')
      .selectAll()
      .where('outcome_id', '=', l.outcome_id)
      .where('audience', '=', 'referrer')
      .where('superseded_at', 'is', null)
      .where('status', '!=', 'sent')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (target) await rewrite(ctx, trx, target);
    return target?.id ?? l.id;
  });
  return getLetter(ctx, letterId);
}
