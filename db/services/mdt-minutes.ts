import type { MeetingMinutes, MinutesCarried, MinutesCase } from '../../shared/domain/mdt';
import { AppError } from '../../shared/result';
import type { HandlerContext } from './context';
import { meetingDetail, meetingRow } from './mdt';
import { outcomeVersions } from './mdt-outcomes';

/**
 * The minutes of a finished MDT meeting (issue 3, "minutes and letters"): who attended and when, each
 * discussed case with its confirmed outcome, the quorum snapshot stored with it, its actions and any
 * amendments; the cases carried over with their reason and deferral count; protocol-noted and
 * for-information cases listed separately. Read-only; refused until the meeting is finished.
 */
export async function meetingMinutes(ctx: HandlerContext, meetingId: number): Promise<MeetingMinutes> {
  const db = ctx.conn.db;
  const m = await meetingRow(db, meetingId);
  if (m.status !== 'closed') {
    throw new AppError('CONFLICT', 'Minutes are available once the meeting is finished.');
  }
  const detail = await meetingDetail(ctx, meetingId);
  const listings = detail.listings.filter((l) => l.status !== 'withdrawn');

  const discussed: MinutesCase[] = [];
  for (const listing of listings) {
    if (listing.category !== 'full-discussion' || listing.status !== 'discussed') continue;
    // Newest first (mdt_outcomes by listing_id, version: indexed).
    const versions = await outcomeVersions(ctx, listing.id);
    const outcome = versions.find((v) => v.status === 'confirmed') ?? null;
    const amendments = versions
      .filter((v) => v.amendReason !== null)
      .map((v) => ({ version: v.version, reason: v.amendReason!, at: v.amendedAt, byName: v.amendedByName }))
      .sort((a, b) => a.version - b.version);
    discussed.push({ listing, outcome, amendments });
  }

  const deferred = listings.filter((l) => l.status === 'deferred');
  // The carried copies on the next meeting hold the deferral count (mdt_listings.carried_from_listing_id: indexed).
  const copies =
    deferred.length === 0
      ? []
      : await db
          .selectFrom('mdt_listings')
          .select([
            'id',
            'meeting_id',
            'carried_from_listing_id',
            'deferral_count',
            'defer_reason',
            'escalate',
          ])
          .where(
            'carried_from_listing_id',
            'in',
            deferred.map((l) => l.id),
          )
          .execute();
  const notDiscussed: MinutesCarried[] = deferred.map((listing) => {
    const copy = copies.find((c) => c.carried_from_listing_id === listing.id);
    return {
      listing,
      reason: listing.deferReason ?? copy?.defer_reason ?? null,
      deferralCount: copy?.deferral_count ?? listing.deferralCount + 1,
      escalate: copy ? copy.escalate === 1 : listing.escalate,
      nextMeetingId: copy?.meeting_id ?? null,
    };
  });

  return {
    meeting: detail.meeting,
    actualStartAt: m.actual_start_at,
    actualEndAt: m.actual_end_at,
    attendance: detail.attendance,
    discussed,
    notDiscussed,
    protocolNoted: listings.filter((l) => l.category === 'protocol-noted'),
    forInformation: listings.filter((l) => l.category === 'for-information' && l.status !== 'deferred'),
  };
}
