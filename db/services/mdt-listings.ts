/** Changing a listing: edits, order, withdrawal, approving a late addition. */
import type { Kysely, Selectable } from 'kysely';
import { approveLateAddition } from '../../shared/clinical/mdt/index';
import { type ListingView } from '../../shared/domain/mdt';
import { AppError } from '../../shared/result';
import { confirmedOutcomeOf } from '../queries/mdt-list';
import type { DB } from '../schema';
import type { MdtListingsTable, MdtMeetingsTable } from '../schema-mdt';
import { writeAudit } from './audit';
import type { HandlerContext, Trx } from './context';
import { rule, userId, nowInstant } from './mdt-common';
import { listingViews, meetingRow, listingRow, listingView, setListedMeeting } from './mdt-meetings';

/** Refuses a change to a listing whose outcome is confirmed (the outcome and what led to it are the record). */
export async function refuseIfConfirmed(trx: Kysely<DB>, listingId: number, message: string) {
  if (await confirmedOutcomeOf(trx, listingId)) throw new AppError('CONFLICT', message);
}

export async function changeListing(
  ctx: HandlerContext,
  listingId: number,
  action: string,
  fn: (trx: Trx, l: Selectable<MdtListingsTable>, m: Selectable<MdtMeetingsTable>) => Promise<void>,
) {
  await ctx.conn.db.transaction().execute(async (trx) => changeListingInTrx(trx, ctx, listingId, action, fn));
}

/** One audited listing change inside the caller's transaction. */
export async function changeListingInTrx(
  trx: Trx,
  ctx: HandlerContext,
  listingId: number,
  action: string,
  fn: (trx: Trx, l: Selectable<MdtListingsTable>, m: Selectable<MdtMeetingsTable>) => Promise<void>,
) {
  const before = await listingRow(trx, listingId);
  const meeting = await meetingRow(trx, before.meeting_id);
  if (meeting.status === 'closed')
    throw new AppError('VALIDATION', 'That meeting has finished; its list cannot change.');
  await fn(trx, before, meeting);
  const after = await listingRow(trx, listingId);
  await writeAudit(trx, ctx, {
    action,
    entity: 'mdt_listing',
    entityId: listingId,
    patientId: before.patient_id,
    before,
    after,
  });
}

export async function updateListing(
  ctx: HandlerContext,
  input: {
    listingId: number;
    plannedMinutes?: number | undefined;
    category?: ListingView['category'] | undefined;
    presenterId?: number | null | undefined;
  },
) {
  await changeListing(ctx, input.listingId, 'mdt.listing.update', async (trx, l) => {
    await trx
      .updateTable('mdt_listings')
      .set({
        planned_minutes: input.plannedMinutes ?? l.planned_minutes,
        category: input.category ?? l.category,
        presenter_id: input.presenterId === undefined ? l.presenter_id : input.presenterId,
        updated_at: nowInstant(ctx),
      })
      .where('id', '=', l.id)
      .execute();
  });
  return listingView(ctx.conn.db, input.listingId);
}

async function writeOrder(trx: Trx, ids: number[], at: string) {
  for (const [i, id] of ids.entries()) {
    await trx
      .updateTable('mdt_listings')
      .set({ position: i + 1, updated_at: at })
      .where('id', '=', id)
      .execute();
  }
}

export async function moveListing(ctx: HandlerContext, listingId: number, direction: 'up' | 'down') {
  let meetingId = 0;
  await changeListing(ctx, listingId, 'mdt.listing.move', async (trx, l) => {
    meetingId = l.meeting_id;
    const rows = await trx
      .selectFrom('mdt_listings')
      .select('id')
      .where('meeting_id', '=', l.meeting_id)
      .orderBy('position')
      .orderBy('id')
      .execute();
    const ids = rows.map((r) => r.id);
    const i = ids.indexOf(l.id);
    const j = direction === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    await writeOrder(trx, ids, nowInstant(ctx));
  });
  return listingViews(ctx.conn.db, await meetingRow(ctx.conn.db, meetingId));
}

export async function reorderListings(ctx: HandlerContext, meetingId: number, order: number[]) {
  await ctx.conn.db.transaction().execute(async (trx) => {
    const meeting = await meetingRow(trx, meetingId);
    if (meeting.status === 'closed')
      throw new AppError('VALIDATION', 'That meeting has finished; its list cannot change.');
    const rows = await trx
      .selectFrom('mdt_listings')
      .select('id')
      .where('meeting_id', '=', meetingId)
      .orderBy('position')
      .execute();
    const have = new Set(rows.map((r) => r.id));
    if (order.length !== have.size || !order.every((id) => have.has(id))) {
      throw new AppError('VALIDATION', 'The new order must list every case of this meeting once.');
    }
    await writeOrder(trx, order, nowInstant(ctx));
    await writeAudit(trx, ctx, {
      action: 'mdt.listing.reorder',
      entity: 'mdt_meeting',
      entityId: meetingId,
      before: rows.map((r) => r.id),
      after: order,
    });
  });
  return listingViews(ctx.conn.db, await meetingRow(ctx.conn.db, meetingId));
}

export async function withdrawListing(ctx: HandlerContext, listingId: number, reason: string) {
  await ctx.conn.db.transaction().execute(async (trx) => withdrawListingInTrx(trx, ctx, listingId, reason));
  return listingView(ctx.conn.db, listingId);
}

/** Takes a case off its meeting's list inside the caller's transaction (reopening a triage decision uses it). */
export async function withdrawListingInTrx(trx: Trx, ctx: HandlerContext, listingId: number, reason: string) {
  await changeListingInTrx(trx, ctx, listingId, 'mdt.listing.withdraw', async (trx, l) => {
    await refuseIfConfirmed(
      trx,
      l.id,
      'The outcome for this case is confirmed, so it cannot be taken off the list.',
    );
    if (l.status === 'discussed') throw new AppError('VALIDATION', 'A discussed case cannot be withdrawn.');
    await trx
      .updateTable('mdt_listings')
      .set({ status: 'withdrawn', defer_reason: reason, updated_at: nowInstant(ctx) })
      .where('id', '=', l.id)
      .execute();
    await setListedMeeting(trx, l.patient_id, null);
  });
}

export async function approveLate(ctx: HandlerContext, listingId: number) {
  await changeListing(ctx, listingId, 'mdt.listing.approve-late', async (trx, l, m) => {
    const me = userId(ctx);
    let chair = m.chair_id;
    if (chair === null) {
      // No chair named yet: the clinician approving (who holds mdt.chair) chairs this meeting.
      chair = me;
      await trx
        .updateTable('mdt_meetings')
        .set({ chair_id: me, updated_at: nowInstant(ctx) })
        .where('id', '=', m.id)
        .execute();
    }
    const approved = rule(() =>
      approveLateAddition(
        {
          id: String(l.id),
          meetingId: String(l.meeting_id),
          patientId: String(l.patient_id),
          referralIds: [],
          requesters: [],
          caseCategories: [],
          category: l.category as ListingView['category'],
          status: l.status as ListingView['status'],
          plannedMinutes: l.planned_minutes,
          deferralCount: l.deferral_count,
          deferReason: l.defer_reason,
          carriedFromListingId: null,
          isLateAddition: l.is_late_addition === 1,
          lateApprovedBy: null,
        },
        String(me),
        String(chair),
      ),
    );
    await trx
      .updateTable('mdt_listings')
      .set({
        late_approved_by: Number(approved.lateApprovedBy),
        late_approved_at: nowInstant(ctx),
        status: 'accepted',
        updated_at: nowInstant(ctx),
      })
      .where('id', '=', l.id)
      .execute();
  });
  return listingView(ctx.conn.db, listingId);
}
