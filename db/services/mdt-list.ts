/**
 * Editing a meeting's list (issue 16): a listing's question written or edited (suggested cases included), and a
 * case moved to another meeting with a reason. Both audited, both refused once the case's outcome is confirmed.
 * Withdrawing stays in mdt.ts (triage reopening uses it inside its own transaction).
 */
import { isLateAddition } from '../../shared/clinical/mdt/index';
import { formatDateGb } from '../../shared/dates';
import type { ListingView } from '../../shared/domain/mdt';
import { AppError } from '../../shared/result';
import { toMeetingType } from '../mappers/mdt';
import { meetingTypeRow } from '../queries/mdt';
import {
  insertMovedListing,
  listingOfPatientOn,
  markListingMoved,
  moveListingChildren,
  setListingQuestion,
} from '../queries/mdt-list';
import { writeAudit } from './audit';
import type { HandlerContext } from './context';
import { changedByOtherError } from './stale-edit';
import {
  changeListing,
  listingRow,
  listingView,
  meetingRow,
  nextPosition,
  nowInstant,
  refuseIfConfirmed,
  rule,
  setListedMeeting,
} from './mdt';

/**
 * Writes or edits the listing's own question; the previous text stays in the audit trail with the reason. An
 * edit made against an older version of the question (someone else saved one since the editor opened it) is
 * refused with their question and who saved it when, never written over it (issue 19).
 */
export async function setQuestion(
  ctx: HandlerContext,
  input: { listingId: number; version: number; question: string; reason: string | null },
): Promise<ListingView> {
  const question = input.question.trim();
  await changeListing(ctx, input.listingId, 'mdt.listing.question', async (trx, l) => {
    await refuseIfConfirmed(
      trx,
      l.id,
      'The outcome for this case is confirmed: its question is part of the record and cannot change.',
    );
    if (l.status === 'withdrawn' || l.status === 'deferred')
      throw new AppError('VALIDATION', 'This case is no longer on the list.');
    if (l.question_version !== input.version)
      throw await changedByOtherError(
        trx,
        `Someone else changed this case’s question after you opened it. It now reads: “${l.question?.trim() ?? ''}”. ` +
          'Yours was not saved: compare the two and save yours again if it is still needed.',
        [{ entity: 'mdt_listing', entityId: l.id, actions: ['mdt.listing.question'] }],
      );
    if (l.question?.trim() && !input.reason?.trim())
      throw new AppError('VALIDATION', 'Say why the question is changing.', {
        reason: 'Say why the question is changing.',
      });
    await setListingQuestion(trx, l.id, question, nowInstant(ctx));
  });
  return listingView(ctx.conn.db, input.listingId);
}

/**
 * Moves a case to another open meeting that has not started: the old listing is kept, withdrawn, with the
 * reason and the new meeting's date; the referrals and any draft outcome travel with the case.
 */
export async function moveToMeeting(
  ctx: HandlerContext,
  input: { listingId: number; meetingId: number; reason: string },
): Promise<ListingView> {
  const reason = input.reason.trim();
  const newId = await ctx.conn.db.transaction().execute(async (trx) => {
    const at = nowInstant(ctx);
    const from = await listingRow(trx, input.listingId);
    await refuseIfConfirmed(trx, from.id, 'The outcome for this case is confirmed, so it cannot be moved.');
    if (from.meeting_id === input.meetingId)
      throw new AppError('VALIDATION', 'The case is already on that meeting.');
    if (from.status === 'withdrawn' || from.status === 'deferred' || from.status === 'discussed')
      throw new AppError('VALIDATION', 'Only a case still waiting on the list can be moved.');
    const oldMeeting = await meetingRow(trx, from.meeting_id);
    if (oldMeeting.status === 'closed')
      throw new AppError('VALIDATION', 'That meeting has finished; its list cannot change.');
    const target = await meetingRow(trx, input.meetingId);
    if (target.status !== 'planned' || target.start_at <= `${at.slice(0, 19)}Z`)
      throw new AppError('VALIDATION', 'Choose a meeting that has not started yet.', {
        meetingId: 'Choose a meeting that has not started yet.',
      });
    if (await listingOfPatientOn(trx, target.id, from.patient_id))
      throw new AppError('CONFLICT', 'This patient is already on that meeting’s list.', {
        meetingId: 'This patient is already on that meeting’s list.',
      });
    const type = toMeetingType((await meetingTypeRow(trx, target.meeting_type_id))!);
    const late = rule(() => isLateAddition(target.start_local, type.cutOffHours, `${at.slice(0, 19)}Z`));
    const ins = await insertMovedListing(trx, from, {
      meetingId: target.id,
      position: await nextPosition(trx, target.id),
      late,
      at,
    });
    const why = `Moved to the meeting on ${formatDateGb(target.meeting_date)}: ${reason}`;
    await markListingMoved(trx, from.id, ins.id, why, at);
    await moveListingChildren(trx, from.id, ins.id, target.id, at);
    await setListedMeeting(trx, from.patient_id, target.id);
    await writeAudit(trx, ctx, {
      action: 'mdt.listing.move-meeting',
      entity: 'mdt_listing',
      entityId: from.id,
      patientId: from.patient_id,
      before: from,
      after: { movedToListingId: ins.id, meetingId: target.id, reason },
    });
    return ins.id;
  });
  return listingView(ctx.conn.db, newId);
}
