import { describe, expect, it } from 'vitest';
import {
  checkBookingConflicts,
  checkCapacity,
  evaluateReadiness,
  findProcedure,
  type ProcedureSession,
} from '../../../shared/clinical/interventions/index';
import { RF_DAY_LIST } from '../../helpers/clinical';

/**
 * Overbooking is refused with the reason (issue 5: "try to overbook (refused with the reason)"): the pure
 * rule rates it a 'block', as the booking service does, and says the session's free minutes and what the
 * case needs. Hand-worked on a 08:30-12:30 list (240 minutes).
 */
const session = (over: Partial<ProcedureSession> = {}): ProcedureSession => ({
  ...RF_DAY_LIST,
  bookedCaseMinutes: [],
  ...over,
});

describe('checkCapacity: overbooking is refused with the free minutes', () => {
  // [label, session changes, case minutes, expected: null (fits) or { over, used, bookable, free, needs, why }]
  const rows: [
    string,
    Partial<ProcedureSession>,
    number,
    { over: number; used: number; bookable: number; free: number; needs: number; why: string } | null,
  ][] = [
    // Empty list: one 240-minute case fills it exactly (no turnaround after the last case).
    ['empty list, exactly full', {}, 240, null],
    // 241 > 240: over by 1; 240 free; the case needs 241 (no turnaround: it is the first case).
    [
      'empty list, one minute over',
      {},
      241,
      { over: 1, used: 241, bookable: 240, free: 240, needs: 241, why: '' },
    ],
    // 3 × 60 + 2 × 15 = 210 ≤ 240.
    ['two booked, third fits', { bookedCaseMinutes: [60, 60] }, 60, null],
    // 4 × 60 + 3 × 15 = 285 → 45 over; free before = 240 − (180 + 30) = 30; needs 60 + 15 = 75.
    [
      'three booked, fourth overbooks',
      { bookedCaseMinutes: [60, 60, 60] },
      60,
      {
        over: 45,
        used: 285,
        bookable: 240,
        free: 30,
        needs: 75,
        why: " (the case's 60 and 15 minutes' turnaround)",
      },
    ],
    // 60 unavailable: bookable 180; 3 × 60 + 2 × 15 = 210 → 30 over; free before = 180 − 135 = 45.
    [
      'unavailable time counts',
      { unavailableMinutes: 60, bookedCaseMinutes: [60, 60] },
      60,
      {
        over: 30,
        used: 210,
        bookable: 180,
        free: 45,
        needs: 75,
        why: " (the case's 60 and 15 minutes' turnaround)",
      },
    ],
    // No turnaround: 120 + 120 = 240, exactly full.
    ['no turnaround, exactly full', { turnaroundMinutes: 0, bookedCaseMinutes: [120] }, 120, null],
    // 90 + 90 + 30 + 2 × 15 = 240: exactly full.
    ['turnarounds make it exactly full', { bookedCaseMinutes: [90, 90] }, 30, null],
    // 31 instead: 241 → 1 over; free before = 240 − 195 = 45; needs 31 + 15 = 46.
    [
      'turnaround tips it over',
      { bookedCaseMinutes: [90, 90] },
      31,
      {
        over: 1,
        used: 241,
        bookable: 240,
        free: 45,
        needs: 46,
        why: " (the case's 31 and 15 minutes' turnaround)",
      },
    ],
  ];
  it.each(rows)('%s', (_label, over, caseMinutes, expected) => {
    const conflicts = checkCapacity(session(over), caseMinutes);
    if (expected === null) {
      expect(conflicts).toEqual([]);
      return;
    }
    expect(conflicts).toHaveLength(1);
    const [c] = conflicts;
    expect(c?.code).toBe('CAPACITY_EXCEEDED');
    expect(c?.severity).toBe('block');
    const min = (n: number) => `${n} minute${n === 1 ? '' : 's'}`;
    expect(c?.message).toContain(
      `overbooks the session by ${min(expected.over)} (${expected.used} of ${expected.bookable} bookable minutes)`,
    );
    expect(c?.message).toContain(
      `The session has ${min(expected.free)} free; this case needs ${min(expected.needs)}${expected.why}.`,
    );
  });

  it('checkBookingConflicts and evaluateReadiness agree: overbooking is a block, not an overridable warning', () => {
    const procedure = findProcedure('RFD_L')!;
    const full = session({ bookedCaseMinutes: [60, 60, 60] });
    const conflicts = checkBookingConflicts({
      today: '2026-06-01',
      procedure,
      caseMinutes: 60,
      session: full,
    });
    expect(conflicts.find((c) => c.code === 'CAPACITY_EXCEEDED')?.severity).toBe('block');
    const readiness = evaluateReadiness({
      today: '2026-06-01',
      procedure,
      history: [],
      listing: {
        indication: 'Facet joint pain after positive MBB',
        site: 'L4-5 right',
        eligibility: { status: 'passed' },
        rttClockStart: '2026-05-01',
        baselineOutcomesRecorded: true,
      },
      medicines: { antithromboticsReviewed: true, antithrombotics: [], onDualAntiplateletTherapy: false },
      safety: {
        allergiesReviewed: true,
        allergies: [],
        devicesReviewed: true,
        devices: [],
        pregnancyEnquiryArranged: true,
        exclusionsReviewed: true,
      },
      booking: { session: full, caseMinutes: 60 },
    });
    const item = readiness.items.find((i) => i.id === 'capacity');
    expect(item?.status).toBe('block');
    expect(readiness.canBook).toBe(false);
  });
});
