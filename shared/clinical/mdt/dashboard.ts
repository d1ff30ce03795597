/**
 * Governance dashboard figures for a period (the caller chooses the listings and meetings in it): counts by
 * listing state, median waits, and each core member's attendance against a threshold.
 */
import { ClinicalInputError } from '../errors';
import type { AttendanceStatus } from './quorum';
import type { ListingCategory, ListingStatus } from './listings';
import { calendarDaysBetween, parseLocalDate, type LocalDate } from './time';

/** One listing in the period. */
export interface DashboardListing {
  listingId: string;
  category: ListingCategory;
  status: ListingStatus;
  /** Date of the (first) referral to the MDT. */
  referredOn: LocalDate;
  /** Date discussed; null if not discussed. */
  discussedOn: LocalDate | null;
  /** Date the outcome letter was sent; null if not sent. */
  letterSentOn: LocalDate | null;
  deferReason?: string | null;
}

/** One meeting in the period, with its attendance (one record per person; absent people may be left out). */
export interface DashboardMeeting {
  meetingId: string;
  date: LocalDate;
  attendance: readonly { personId: string; status: AttendanceStatus; deputyForPersonId?: string | null }[];
}

/** A core member whose attendance is reported. */
export interface CoreMember {
  personId: string;
  name: string;
}

/** A fraction, kept exact (2/3 is not a finite decimal). */
export interface Fraction {
  numerator: number;
  denominator: number;
}

/** Default attendance threshold: a core member (or their cover) at two thirds of meetings. */
export const DEFAULT_ATTENDANCE_THRESHOLD: Fraction = { numerator: 2, denominator: 3 };

/** Attendance of one core member. */
export interface MemberAttendance {
  personId: string;
  name: string;
  meetings: number;
  /** Present in the room or remotely. */
  attended: number;
  /** Not there, but a deputy stood in. */
  coveredByDeputy: number;
  apologies: number;
  /** (attended + coveredByDeputy) / meetings; null if there were no meetings. */
  rate: number | null;
  /** True when the rate is at or above the threshold (exact comparison). */
  meetsThreshold: boolean;
}

/** The dashboard figures. */
export interface DashboardStats {
  counts: {
    /** Every listing except withdrawn ones. */
    listed: number;
    /** Discussed in full (status discussed, not protocol-noted). */
    discussed: number;
    /** Listed under a protocol and recorded without discussion. */
    protocolNoted: number;
    deferred: number;
    withdrawn: number;
  };
  /** Deferred listings per reason (blank reasons as "No reason recorded"). */
  deferReasons: Record<string, number>;
  /** Median calendar days from referral to discussion, over discussed listings; null if none. */
  medianDaysReferralToDiscussion: number | null;
  /** Median calendar days from discussion to letter sent, over discussed listings with a letter; null if none. */
  medianDaysDiscussionToLetter: number | null;
  threshold: Fraction;
  attendance: MemberAttendance[];
  /** Core members below the threshold, to report to the chair. */
  belowThreshold: string[];
}

/**
 * The median of a list of numbers (mean of the middle two for an even count); null for an empty list.
 */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid] as number;
  return ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Computes the dashboard for a period.
 *
 * Attendance: a core member counts as attending a meeting when recorded present or remote; when not, a
 * deputy recorded for them counts as cover (the peer-review measure is "core member or cover"). Apologies
 * and no record count as not attending.
 *
 * @throws ClinicalInputError for malformed dates, a discussion before the referral, a letter before the
 *   discussion, or a bad threshold
 */
export function dashboardStats(input: {
  listings: readonly DashboardListing[];
  meetings: readonly DashboardMeeting[];
  coreMembers: readonly CoreMember[];
  threshold?: Fraction;
}): DashboardStats {
  const threshold = input.threshold ?? DEFAULT_ATTENDANCE_THRESHOLD;
  if (
    !Number.isInteger(threshold.numerator) ||
    !Number.isInteger(threshold.denominator) ||
    threshold.denominator <= 0 ||
    threshold.numerator < 0 ||
    threshold.numerator > threshold.denominator
  ) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      'The attendance threshold must be a fraction from 0 to 1.',
      'threshold',
    );
  }

  const counts = { listed: 0, discussed: 0, protocolNoted: 0, deferred: 0, withdrawn: 0 };
  const deferReasons: Record<string, number> = {};
  const toDiscussion: number[] = [];
  const toLetter: number[] = [];
  input.listings.forEach((l, i) => {
    const field = `listings[${i}]`;
    parseLocalDate(l.referredOn, `${field}.referredOn`);
    if (l.status === 'withdrawn') {
      counts.withdrawn += 1;
      return;
    }
    counts.listed += 1;
    if (l.category === 'protocol-noted') {
      counts.protocolNoted += 1;
      return;
    }
    if (l.status === 'deferred') {
      counts.deferred += 1;
      const reason = l.deferReason?.trim() || 'No reason recorded';
      deferReasons[reason] = (deferReasons[reason] ?? 0) + 1;
      return;
    }
    if (l.status !== 'discussed') return;
    counts.discussed += 1;
    if (l.discussedOn === null) {
      throw new ClinicalInputError(
        'INVALID_DATE',
        `${field}: discussed but no discussion date.`,
        `${field}.discussedOn`,
      );
    }
    const wait = calendarDaysBetween(
      l.referredOn,
      l.discussedOn,
      `${field}.referredOn`,
      `${field}.discussedOn`,
    );
    if (wait < 0) {
      throw new ClinicalInputError(
        'INVALID_DATE',
        `${field}: discussed before it was referred.`,
        `${field}.discussedOn`,
      );
    }
    toDiscussion.push(wait);
    if (l.letterSentOn !== null) {
      const letter = calendarDaysBetween(
        l.discussedOn,
        l.letterSentOn,
        `${field}.discussedOn`,
        `${field}.letterSentOn`,
      );
      if (letter < 0) {
        throw new ClinicalInputError(
          'INVALID_DATE',
          `${field}: letter sent before the discussion.`,
          `${field}.letterSentOn`,
        );
      }
      toLetter.push(letter);
    }
  });

  input.meetings.forEach((m, i) => parseLocalDate(m.date, `meetings[${i}].date`));
  const attendance = input.coreMembers.map((member): MemberAttendance => {
    let attended = 0;
    let coveredByDeputy = 0;
    let apologies = 0;
    for (const meeting of input.meetings) {
      const own = meeting.attendance.filter((a) => a.personId === member.personId);
      if (own.some((a) => a.status === 'present' || a.status === 'remote')) {
        attended += 1;
      } else if (
        meeting.attendance.some((a) => a.status === 'deputy' && a.deputyForPersonId === member.personId)
      ) {
        coveredByDeputy += 1;
      } else if (own.some((a) => a.status === 'apologies')) {
        apologies += 1;
      }
    }
    const meetings = input.meetings.length;
    const counted = attended + coveredByDeputy;
    return {
      personId: member.personId,
      name: member.name,
      meetings,
      attended,
      coveredByDeputy,
      apologies,
      rate: meetings === 0 ? null : counted / meetings,
      // counted / meetings >= n / d, compared exactly as counted * d >= n * meetings.
      meetsThreshold: meetings > 0 && counted * threshold.denominator >= threshold.numerator * meetings,
    };
  });

  return {
    counts,
    deferReasons,
    medianDaysReferralToDiscussion: median(toDiscussion),
    medianDaysDiscussionToLetter: median(toLetter),
    threshold,
    attendance,
    belowThreshold: attendance.filter((a) => a.meetings > 0 && !a.meetsThreshold).map((a) => a.personId),
  };
}
