/**
 * Case listings on a meeting list: merging duplicate referrals, late-addition approval and carrying
 * undiscussed cases over to the next meeting when the meeting is finished.
 */
import { ClinicalInputError } from '../errors';
import { parseInstant, type Instant } from './time';

/** How urgent a referral to the MDT is. */
export type Urgency = 'routine' | 'soon' | 'urgent';

const URGENCY_RANK: Record<Urgency, number> = { routine: 0, soon: 1, urgent: 2 };

/** A clinician who asked for a case to be discussed. */
export interface Requester {
  personId: string;
  name: string;
}

/** A request to discuss a patient at a particular meeting. */
export interface MdtReferral {
  id: string;
  patientId: string;
  meetingId: string;
  requestedBy: Requester;
  /** UTC instant. */
  requestedAt: Instant;
  /** The question for the MDT. */
  question: string;
  /** e.g. `neuromodulation-decision`, `opioid-review`; null if not categorised. */
  caseCategory: string | null;
  urgency: Urgency;
}

/** One listing built from one or more referrals of the same patient to the same meeting. */
export interface MergedListing {
  patientId: string;
  meetingId: string;
  /** Every referral merged, earliest first. */
  referralIds: string[];
  /** Each requester once, in the order they first asked. */
  requesters: Requester[];
  /** Each distinct question once, in order. */
  questions: string[];
  /** Each distinct category once, in order (quorum rules for all of them apply). */
  caseCategories: string[];
  /** The most urgent of the referrals. */
  urgency: Urgency;
  /** The earliest request: the listing exists from then, so late-addition status follows it. */
  firstRequestedAt: Instant;
}

/**
 * Merges referrals so that each patient appears once per meeting, with every requester, question and
 * category kept. Output is ordered by the first request.
 *
 * @throws ClinicalInputError for a referral without ids, requester, question or a valid instant
 */
export function mergeReferrals(referrals: readonly MdtReferral[]): MergedListing[] {
  const groups = new Map<string, { ms: number; referral: MdtReferral }[]>();
  referrals.forEach((r, i) => {
    const field = `referrals[${i}]`;
    for (const key of ['id', 'patientId', 'meetingId'] as const) {
      if (typeof r[key] !== 'string' || r[key].trim() === '') {
        throw new ClinicalInputError('INVALID_INPUT', `${field}.${key} is required.`, `${field}.${key}`);
      }
    }
    if (!r.requestedBy || !r.requestedBy.personId) {
      throw new ClinicalInputError(
        'INVALID_INPUT',
        `${field}.requestedBy is required.`,
        `${field}.requestedBy`,
      );
    }
    if (typeof r.question !== 'string' || r.question.trim() === '') {
      throw new ClinicalInputError(
        'INVALID_INPUT',
        `${field}: a referral must state the question for the MDT.`,
        `${field}.question`,
      );
    }
    if (!(r.urgency in URGENCY_RANK)) {
      throw new ClinicalInputError('INVALID_INPUT', `${field}.urgency is not valid.`, `${field}.urgency`);
    }
    const ms = parseInstant(r.requestedAt, `${field}.requestedAt`);
    const key = JSON.stringify([r.patientId, r.meetingId]);
    const list = groups.get(key) ?? [];
    list.push({ ms, referral: r });
    groups.set(key, list);
  });

  const merged: (MergedListing & { ms: number })[] = [];
  for (const entries of groups.values()) {
    entries.sort((a, b) => a.ms - b.ms);
    const first = entries[0];
    if (!first) continue;
    const requesters: Requester[] = [];
    const questions: string[] = [];
    const categories: string[] = [];
    let urgency: Urgency = 'routine';
    for (const { referral } of entries) {
      if (!requesters.some((q) => q.personId === referral.requestedBy.personId)) {
        requesters.push({ personId: referral.requestedBy.personId, name: referral.requestedBy.name });
      }
      const question = referral.question.trim();
      if (!questions.includes(question)) questions.push(question);
      if (referral.caseCategory !== null && !categories.includes(referral.caseCategory)) {
        categories.push(referral.caseCategory);
      }
      if (URGENCY_RANK[referral.urgency] > URGENCY_RANK[urgency]) urgency = referral.urgency;
    }
    merged.push({
      patientId: first.referral.patientId,
      meetingId: first.referral.meetingId,
      referralIds: entries.map((e) => e.referral.id),
      requesters,
      questions,
      caseCategories: categories,
      urgency,
      firstRequestedAt: first.referral.requestedAt,
      ms: first.ms,
    });
  }
  merged.sort((a, b) => a.ms - b.ms);
  return merged.map(({ ms: _ms, ...listing }) => listing);
}

/** How a case is handled at the meeting. Protocol-noted cases are listed and recorded but not discussed. */
export type ListingCategory = 'full-discussion' | 'protocol-noted' | 'for-information';

/** Where a listing is in its life. */
export type ListingStatus = 'proposed' | 'accepted' | 'discussed' | 'deferred' | 'withdrawn';

/** A case on a meeting list. */
export interface CaseListing {
  id: string;
  meetingId: string;
  patientId: string;
  referralIds: string[];
  requesters: Requester[];
  caseCategories: string[];
  category: ListingCategory;
  status: ListingStatus;
  plannedMinutes: number;
  /** How many times this case has been carried over already. */
  deferralCount: number;
  deferReason: string | null;
  carriedFromListingId: string | null;
  isLateAddition: boolean;
  /** The chair who approved a late addition; null until approved. */
  lateApprovedBy: string | null;
}

/** A listing created by {@link carryOver}, ready to be saved (the database assigns its id). */
export interface CarriedListing extends Omit<CaseListing, 'id'> {
  /** True from the second deferral on: flag to the chair. */
  escalate: boolean;
}

/** What finishing a meeting does to its undiscussed cases. */
export interface CarryOverResult {
  /** New listings on the next meeting. */
  carried: CarriedListing[];
  /** Copies of the originals, now `deferred` with the reason (the inputs are not changed). */
  deferredOriginals: CaseListing[];
}

/** Reason recorded when none is given for a case. */
export const DEFAULT_CARRY_OVER_REASON = 'Not reached before the meeting finished';

/** Deferral count at which a carried case is flagged to the chair (the second deferral). */
export const ESCALATE_AT_DEFERRAL = 2;

/**
 * "Finish meeting": carries every undiscussed case (status proposed or accepted; protocol-noted cases are
 * recorded without discussion and are not carried) to the next meeting of the same type.
 *
 * Each carried listing keeps its requesters, referrals and categories, records the reason and the listing
 * it came from, and has `deferralCount + 1`; from the second deferral it has `escalate: true`. Carried cases
 * are not late additions: they were on a list already. Discussed, deferred and withdrawn listings are left
 * alone.
 *
 * @param listings - the listings of the meeting being finished
 * @param nextMeeting - the next meeting of the same type (see `nextMeetingDate`)
 * @param reasons - reason per listing id; missing ones get {@link DEFAULT_CARRY_OVER_REASON}
 * @throws ClinicalInputError if listings come from different meetings, the next meeting is the same one, or
 *   a reason is blank
 */
export function carryOver(
  listings: readonly CaseListing[],
  nextMeeting: { id: string },
  reasons: Readonly<Record<string, string>> = {},
): CarryOverResult {
  if (!nextMeeting || typeof nextMeeting.id !== 'string' || nextMeeting.id === '') {
    throw new ClinicalInputError('INVALID_INPUT', 'nextMeeting.id is required.', 'nextMeeting.id');
  }
  const meetingIds = new Set(listings.map((l) => l.meetingId));
  if (meetingIds.size > 1) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      'Carry-over takes the listings of one meeting at a time.',
      'listings',
    );
  }
  if (meetingIds.has(nextMeeting.id)) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      'Cases cannot be carried over to the same meeting.',
      'nextMeeting.id',
    );
  }
  const carried: CarriedListing[] = [];
  const deferredOriginals: CaseListing[] = [];
  listings.forEach((listing, i) => {
    if (!Number.isInteger(listing.deferralCount) || listing.deferralCount < 0) {
      throw new ClinicalInputError(
        'INVALID_INPUT',
        `listings[${i}].deferralCount must be a whole number, zero or more.`,
        `listings[${i}].deferralCount`,
      );
    }
    const undiscussed = listing.status === 'proposed' || listing.status === 'accepted';
    if (!undiscussed || listing.category === 'protocol-noted') return;
    const reason = (reasons[listing.id] ?? DEFAULT_CARRY_OVER_REASON).trim();
    if (reason === '') {
      throw new ClinicalInputError(
        'INVALID_INPUT',
        'A reason is needed to carry over a case that was not discussed.',
        `reasons.${listing.id}`,
      );
    }
    const deferralCount = listing.deferralCount + 1;
    carried.push({
      meetingId: nextMeeting.id,
      patientId: listing.patientId,
      referralIds: [...listing.referralIds],
      requesters: listing.requesters.map((r) => ({ ...r })),
      caseCategories: [...listing.caseCategories],
      category: listing.category,
      status: 'proposed',
      plannedMinutes: listing.plannedMinutes,
      deferralCount,
      deferReason: reason,
      carriedFromListingId: listing.id,
      isLateAddition: false,
      lateApprovedBy: null,
      escalate: deferralCount >= ESCALATE_AT_DEFERRAL,
    });
    deferredOriginals.push({ ...listing, status: 'deferred', deferReason: reason });
  });
  return { carried, deferredOriginals };
}

/** Where a listing stands on late-addition approval. */
export type LateAdditionState = 'on-time' | 'awaiting-chair-approval' | 'approved';

/** The late-addition state of a listing: a late addition cannot be locked into the list until approved. */
export function lateAdditionState(
  listing: Pick<CaseListing, 'isLateAddition' | 'lateApprovedBy'>,
): LateAdditionState {
  if (!listing.isLateAddition) return 'on-time';
  return listing.lateApprovedBy ? 'approved' : 'awaiting-chair-approval';
}

/**
 * Records the chair's approval of a late addition, returning a new listing.
 *
 * @param listing - a late addition
 * @param approverId - who is approving
 * @param chairPersonId - the chair of this meeting
 * @throws ClinicalInputError if the listing is not a late addition or the approver is not the chair
 */
export function approveLateAddition(
  listing: CaseListing,
  approverId: string,
  chairPersonId: string,
): CaseListing {
  if (!listing.isLateAddition) {
    throw new ClinicalInputError('INVALID_INPUT', `Listing ${listing.id} is not a late addition.`, 'listing');
  }
  if (!approverId || approverId !== chairPersonId) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      'Only the chair of the meeting can approve a late addition.',
      'approverId',
    );
  }
  return { ...listing, lateApprovedBy: approverId };
}
