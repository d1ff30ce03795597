/** Referring a patient to an MDT meeting and adding a suggested case. */
import type { Selectable } from 'kysely';
import { isLateAddition, mergeReferrals, type Urgency } from '../../shared/clinical/mdt/index';
import { caseCategoryFor, type ListingView, type ReferralReason } from '../../shared/domain/mdt';
import { AppError } from '../../shared/result';
import { toMeetingType } from '../mappers/mdt';
import { meetingTypeRow, referralRowsForListings } from '../queries/mdt';
import type { MdtMeetingsTable } from '../schema-mdt';
import { writeAudit } from './audit';
import type { HandlerContext, Trx } from './context';
import { rule, userId, nowInstant } from './mdt-common';
import { ensureNextMeeting, meetingRow, listingView, nextPosition, setListedMeeting } from './mdt-meetings';
import { suggestionsFor } from './mdt-suggestions';

// ---------------- referrals and listings ----------------

export interface ReferralData {
  patientId: number;
  question: string;
  reason: ReferralReason;
  urgency: Urgency;
  presenterId: number | null;
  patientAware: boolean;
  whatMatters: string;
  meetingTypeId: number;
  meetingId: number | null;
  /** The clinician who referred (issue 16), for the referrer letter; blank when not given. */
  referrerName?: string;
  referrerRole?: string;
  referrerOrganisation?: string;
  referrerAddress?: string;
}

export async function createReferral(ctx: HandlerContext, input: ReferralData): Promise<ListingView> {
  const { listingId } = await ctx.conn.db
    .transaction()
    .execute(async (trx) => createReferralInTrx(trx, ctx, input));
  return listingView(ctx.conn.db, listingId);
}

/** The referral itself, inside the caller's transaction (referral sifting creates one while triaging). */
export async function createReferralInTrx(
  trx: Trx,
  ctx: HandlerContext,
  input: ReferralData,
): Promise<{ listingId: number; referralId: number }> {
  const me = userId(ctx);
  const at = nowInstant(ctx);
  const patient = await trx
    .selectFrom('patients')
    .select(['id'])
    .where('id', '=', input.patientId)
    .executeTakeFirst();
  if (!patient) throw new AppError('NOT_FOUND', 'That patient record does not exist.');
  let meeting: Selectable<MdtMeetingsTable>;
  if (input.meetingId !== null) {
    meeting = await meetingRow(trx, input.meetingId);
    if (meeting.meeting_type_id !== input.meetingTypeId) {
      throw new AppError('VALIDATION', 'That meeting is not of the chosen type.', {
        meetingId: 'That meeting is not of the chosen type.',
      });
    }
  } else {
    meeting = await ensureNextMeeting(trx, input.meetingTypeId, at, at);
  }
  if (meeting.status === 'closed') {
    throw new AppError('VALIDATION', 'That meeting has finished; choose a later one.', {
      meetingId: 'That meeting has finished; choose a later one.',
    });
  }
  const type = toMeetingType((await meetingTypeRow(trx, meeting.meeting_type_id))!);
  let listing = await trx
    .selectFrom('mdt_listings')
    .selectAll()
    .where('meeting_id', '=', meeting.id)
    .where('patient_id', '=', input.patientId)
    .executeTakeFirst();
  if (listing && (listing.status === 'withdrawn' || listing.status === 'deferred')) {
    await trx
      .updateTable('mdt_listings')
      .set({ status: 'proposed', updated_at: at })
      .where('id', '=', listing.id)
      .execute();
  }
  if (!listing) {
    const late = rule(() => isLateAddition(meeting.start_local, type.cutOffHours, `${at.slice(0, 19)}Z`));
    listing = await trx
      .insertInto('mdt_listings')
      .values({
        meeting_id: meeting.id,
        patient_id: input.patientId,
        position: await nextPosition(trx, meeting.id),
        source: 'referral',
        category: 'full-discussion',
        status: 'proposed',
        planned_minutes: type.defaultMinutesPerCase,
        presenter_id: input.presenterId,
        case_categories_json: '[]',
        urgency: input.urgency,
        is_late_addition: late ? 1 : 0,
        deferral_count: 0,
        escalate: 0,
        added_at: at,
        updated_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  const ref = await trx
    .insertInto('mdt_referrals')
    .values({
      patient_id: input.patientId,
      meeting_type_id: input.meetingTypeId,
      meeting_id: meeting.id,
      listing_id: listing.id,
      requested_by: me,
      requested_at: at,
      question: input.question,
      reason: input.reason,
      urgency: input.urgency,
      presenter_id: input.presenterId,
      patient_aware: input.patientAware ? 1 : 0,
      what_matters: input.whatMatters,
      referrer_name: input.referrerName?.trim() || null,
      referrer_role: input.referrerRole?.trim() || null,
      referrer_organisation: input.referrerOrganisation?.trim() || null,
      referrer_address: input.referrerAddress?.trim() || null,
      status: 'listed',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Two referrals of one patient to one meeting are one listing with both requesters (mergeReferrals).
  const all = await referralRowsForListings(trx, [listing.id]);
  const merged = rule(() =>
    mergeReferrals(
      all.map((r) => ({
        id: String(r.id),
        patientId: String(r.patient_id),
        meetingId: String(meeting.id),
        requestedBy: { personId: String(r.requested_by), name: r.requester_name },
        requestedAt: `${r.requested_at.slice(0, 19)}Z`,
        question: r.question,
        caseCategory: caseCategoryFor(r.reason as ReferralReason),
        urgency: r.urgency as Urgency,
      })),
    ),
  )[0]!;
  await trx
    .updateTable('mdt_listings')
    .set({
      urgency: merged.urgency,
      case_categories_json: JSON.stringify(merged.caseCategories),
      presenter_id: listing.presenter_id ?? input.presenterId,
      updated_at: at,
    })
    .where('id', '=', listing.id)
    .execute();
  await setListedMeeting(trx, input.patientId, meeting.id);
  await writeAudit(trx, ctx, {
    action: 'mdt.referral.create',
    entity: 'mdt_referral',
    entityId: ref.id,
    patientId: input.patientId,
    after: {
      ...input,
      listingId: listing.id,
      meetingId: meeting.id,
      mergedRequesters: merged.requesters.length,
    },
  });
  return { listingId: listing.id, referralId: ref.id };
}

export async function addSuggested(
  ctx: HandlerContext,
  meetingId: number,
  patientId: number,
): Promise<ListingView> {
  const listingId = await ctx.conn.db.transaction().execute(async (trx) => {
    const at = nowInstant(ctx);
    const meeting = await meetingRow(trx, meetingId);
    if (meeting.status === 'closed') throw new AppError('VALIDATION', 'That meeting has finished.');
    const suggestion = (await suggestionsFor(ctx, trx, meeting, [patientId], 1))[0];
    if (!suggestion) throw new AppError('VALIDATION', 'This patient is not suggested for this meeting.');
    const type = toMeetingType((await meetingTypeRow(trx, meeting.meeting_type_id))!);
    const late = rule(() => isLateAddition(meeting.start_local, type.cutOffHours, `${at.slice(0, 19)}Z`));
    const row = await trx
      .insertInto('mdt_listings')
      .values({
        meeting_id: meeting.id,
        patient_id: patientId,
        position: await nextPosition(trx, meeting.id),
        source: 'suggested',
        category: 'full-discussion',
        status: 'proposed',
        planned_minutes: type.defaultMinutesPerCase,
        presenter_id: null,
        case_categories_json: '[]',
        urgency: 'routine',
        is_late_addition: late ? 1 : 0,
        deferral_count: 0,
        escalate: 0,
        suggestion_json: JSON.stringify(suggestion.reasons),
        added_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await setListedMeeting(trx, patientId, meeting.id);
    await writeAudit(trx, ctx, {
      action: 'mdt.listing.add-suggested',
      entity: 'mdt_listing',
      entityId: row.id,
      patientId,
      after: { meetingId, reasons: suggestion.reasons, ruleSet: suggestion.ruleSet },
    });
    return row.id;
  });
  return listingView(ctx.conn.db, listingId);
}
