/**
 * Scheduling, cut-off, time planning, carry-over and duplicate referrals.
 *
 * Clock facts used (worked out by hand):
 * - 2026: BST starts Sunday 29 March at 01:00 UTC (clocks 01:00 -> 02:00), ends Sunday 25 October at 01:00
 *   UTC (clocks 02:00 BST -> 01:00 GMT). Between them London = UTC+1, otherwise UTC+0.
 * - 1 January 2026 is a Thursday. Day-of-year of 3 November 2026 = 304 + 3 = 307; (307 - 1) mod 7 = 5,
 *   Thursday + 5 = Tuesday.
 */
import { describe, expect, it } from 'vitest';
import { ClinicalInputError } from '../../../shared/clinical/errors';
import {
  approveLateAddition,
  carryOver,
  forecastFinish,
  instantToLocalDateTime,
  isLateAddition,
  lateAdditionState,
  listCutOff,
  localDateTimeToInstant,
  mergeReferrals,
  nextMeetingDate,
  planMeetingTime,
  type CaseListing,
  type MdtReferral,
  type Recurrence,
} from '../../../shared/clinical/mdt/index';

describe('Europe/London wall clock <-> UTC instants', () => {
  it.each([
    // 09:00 BST (UTC+1) on the day BST starts = 08:00Z.
    ['2026-03-29T09:00', '2026-03-29T08:00:00Z'],
    // 09:00 GMT (UTC+0) on the day BST ends = 09:00Z.
    ['2026-10-25T09:00', '2026-10-25T09:00:00Z'],
    // 00:59 GMT just before the spring change = 00:59Z.
    ['2026-03-29T00:59', '2026-03-29T00:59:00Z'],
    // 01:30 does not exist on 29 March (01:00 -> 02:00): moved forward to 02:30 BST = 01:30Z.
    ['2026-03-29T01:30', '2026-03-29T01:30:00Z'],
    // 01:30 happens twice on 25 October: the first (BST) is taken, 01:30 - 1 h = 00:30Z.
    ['2026-10-25T01:30', '2026-10-25T00:30:00Z'],
    // Midsummer: 12:00 BST = 11:00Z.
    ['2026-07-01T12:00', '2026-07-01T11:00:00Z'],
  ])('%s local is %s', (local, instant) => {
    expect(localDateTimeToInstant(local)).toBe(instant);
  });

  it.each([
    ['2026-03-29T08:00:00Z', '2026-03-29T09:00'],
    ['2026-10-25T09:00:00Z', '2026-10-25T09:00'],
    // Both occurrences of 01:30 on 25 October read as 01:30.
    ['2026-10-25T00:30:00Z', '2026-10-25T01:30'],
    ['2026-10-25T01:30:00Z', '2026-10-25T01:30'],
    // 23:30Z on 24 October is 00:30 BST on the 25th: the local date moves on.
    ['2026-10-24T23:30:00Z', '2026-10-25T00:30'],
  ])('%s displays as %s', (instant, local) => {
    expect(instantToLocalDateTime(instant)).toBe(local);
  });

  it.each(['2026-02-30T09:00', '2026-03-29T24:00', '2026-03-29 09:00', '2026-03-29T09:00Z'])(
    'refuses a malformed local time %s',
    (bad) => {
      expect(() => localDateTimeToInstant(bad)).toThrow(ClinicalInputError);
    },
  );
});

describe('nextMeetingDate', () => {
  const lastSunday: Recurrence = {
    kind: 'monthly-nth-weekday',
    weekday: 'sunday',
    nth: 'last',
    everyMonths: 1,
    // January 2026: the 1st is a Thursday, Sundays 4, 11, 18, 25 -> last Sunday 25.
    startsOn: '2026-01-25',
    time: '09:00',
  };
  const weeklyTuesday: Recurrence = {
    kind: 'weekly',
    weekday: 'tuesday',
    everyWeeks: 1,
    // 6 January 2026: Thursday 1st + 5 days = Tuesday.
    startsOn: '2026-01-06',
    time: '09:00',
  };

  it.each([
    // 31 March 2026 is a Tuesday, so the last Sunday of March is the 29th: BST starts, 09:00 BST = 08:00Z.
    [lastSunday, '2026-03-01T00:00:00Z', '2026-03-29', '2026-03-29T09:00', '2026-03-29T08:00:00Z'],
    // Strictly after: a meeting starting exactly at `after` is not next. April: 1st is a Wednesday,
    // Sundays 5, 12, 19, 26 -> 26 April, 09:00 BST = 08:00Z.
    [lastSunday, '2026-03-29T08:00:00Z', '2026-04-26', '2026-04-26T09:00', '2026-04-26T08:00:00Z'],
    // October: the 31st is a Saturday, so the last Sunday is the 25th: BST has ended, 09:00 GMT = 09:00Z.
    [lastSunday, '2026-10-01T00:00:00Z', '2026-10-25', '2026-10-25T09:00', '2026-10-25T09:00:00Z'],
    // One second before the 3 November meeting (09:00 GMT) -> that meeting.
    [weeklyTuesday, '2026-11-03T08:59:59Z', '2026-11-03', '2026-11-03T09:00', '2026-11-03T09:00:00Z'],
    // Exactly at it -> a week later.
    [weeklyTuesday, '2026-11-03T09:00:00Z', '2026-11-10', '2026-11-10T09:00', '2026-11-10T09:00:00Z'],
    // Weekly Tuesday across the spring change: Tuesday 31 March 09:00 BST = 08:00Z.
    [weeklyTuesday, '2026-03-25T00:00:00Z', '2026-03-31', '2026-03-31T09:00', '2026-03-31T08:00:00Z'],
    // Fortnightly from 6 January (day 6): 3 November is day 307, 307 - 6 = 301 = 21.5 fortnights, so no
    // meeting that week; 22 fortnights = 308 days -> day 314 = 10 November.
    [
      { ...weeklyTuesday, everyWeeks: 2 },
      '2026-11-01T00:00:00Z',
      '2026-11-10',
      '2026-11-10T09:00',
      '2026-11-10T09:00:00Z',
    ],
    // First Tuesday monthly: after 4 November -> December; 1 December is day 335, (335 - 1) mod 7 = 5 ->
    // Tuesday, so it is the first Tuesday.
    [
      { ...weeklyTuesday, kind: 'monthly-nth-weekday', nth: 1, everyMonths: 1 } as Recurrence,
      '2026-11-04T00:00:00Z',
      '2026-12-01',
      '2026-12-01T09:00',
      '2026-12-01T09:00:00Z',
    ],
    // First Tuesday in April (1 April is a Wednesday -> 7 April), in BST: 08:00Z.
    [
      { ...weeklyTuesday, kind: 'monthly-nth-weekday', nth: 1, everyMonths: 1 } as Recurrence,
      '2026-03-04T00:00:00Z',
      '2026-04-07',
      '2026-04-07T09:00',
      '2026-04-07T08:00:00Z',
    ],
    // Second Thursday at 13:00, quarterly from 8 January 2026 (Thursday; the 1st was a Thursday, so the
    // second is the 8th): January, April, July, October. After 1 May -> July; 1 July 2026 is day 182,
    // (182 - 1) mod 7 = 6 -> Wednesday, so Thursdays 2, 9 -> 9 July, 13:00 BST = 12:00Z.
    [
      {
        kind: 'monthly-nth-weekday',
        weekday: 'thursday',
        nth: 2,
        everyMonths: 3,
        startsOn: '2026-01-08',
        time: '13:00',
      } as Recurrence,
      '2026-05-01T00:00:00Z',
      '2026-07-09',
      '2026-07-09T13:00',
      '2026-07-09T12:00:00Z',
    ],
    // Before the series starts -> its first meeting.
    [weeklyTuesday, '2025-12-01T00:00:00Z', '2026-01-06', '2026-01-06T09:00', '2026-01-06T09:00:00Z'],
  ])('%j after %s', (recurrence, after, date, startLocal, startAt) => {
    expect(nextMeetingDate(recurrence, after)).toEqual({ date, startLocal, startAt });
  });

  it('keeps 09:00 local across the spring change: Sunday to Sunday is 7 days less 1 hour', () => {
    const sundays: Recurrence = {
      kind: 'weekly',
      weekday: 'sunday',
      everyWeeks: 1,
      startsOn: '2026-03-22',
      time: '09:00',
    };
    const first = nextMeetingDate(sundays, '2026-03-21T00:00:00Z');
    const second = nextMeetingDate(sundays, first?.startAt ?? '');
    expect(first?.startAt).toBe('2026-03-22T09:00:00Z'); // GMT
    expect(second?.startAt).toBe('2026-03-29T08:00:00Z'); // BST
    // 7 x 24 - 1 = 167 hours between them, and they still sort in date order.
    expect((Date.parse(second?.startAt ?? '') - Date.parse(first?.startAt ?? '')) / 3_600_000).toBe(167);
  });

  it('skips listed dates and stops at the end of a series', () => {
    expect(
      nextMeetingDate({ ...weeklyTuesday, skipDates: ['2026-11-03'] }, '2026-11-01T00:00:00Z')?.date,
    ).toBe('2026-11-10');
    expect(nextMeetingDate({ ...weeklyTuesday, endsOn: '2026-11-03' }, '2026-11-03T09:00:00Z')).toBeNull();
  });

  it.each([
    ['a start date on the wrong weekday', { ...weeklyTuesday, startsOn: '2026-01-07' }],
    ['a start date that is not the last Sunday', { ...lastSunday, startsOn: '2026-01-18' }],
    ['an interval of 0', { ...weeklyTuesday, everyWeeks: 0 }],
    ['a bad time', { ...weeklyTuesday, time: '9am' }],
  ] as [string, Recurrence][])('refuses %s', (_label, recurrence) => {
    expect(() => nextMeetingDate(recurrence, '2026-11-01T00:00:00Z')).toThrow(ClinicalInputError);
  });
});

describe('list cut-off and late additions', () => {
  // Meeting Tuesday 3 November 2026 09:00 GMT = 09:00Z; 24 h cut-off -> Monday 2 November 09:00Z.
  it.each([
    ['2026-11-02T08:59:59Z', false], // one second before the cut-off
    ['2026-11-02T09:00:00Z', false], // exactly at the cut-off: on time
    ['2026-11-02T09:00:01Z', true], // one second after: late
    ['2026-11-03T07:00:00Z', true], // 2 h before the meeting (acceptance check 2): late
  ])('added at %s -> late %s', (addedAt, late) => {
    expect(isLateAddition('2026-11-03T09:00', 24, addedAt)).toBe(late);
  });

  it.each([
    // 24 elapsed hours before 09:00 BST 29 March (08:00Z) = 08:00Z 28 March, which is 08:00 GMT.
    ['2026-03-29T09:00', 24, '2026-03-28T08:00:00Z', '2026-03-28T08:00'],
    // 24 h before 09:00 GMT 25 October (09:00Z) = 09:00Z 24 October, which is 10:00 BST.
    ['2026-10-25T09:00', 24, '2026-10-24T09:00:00Z', '2026-10-24T10:00'],
    // 48 h before Tuesday 31 March 09:00 BST (08:00Z) = 08:00Z Sunday 29 March = 09:00 BST.
    ['2026-03-31T09:00', 48, '2026-03-29T08:00:00Z', '2026-03-29T09:00'],
    // 0 h: the cut-off is the start itself.
    ['2026-11-03T09:00', 0, '2026-11-03T09:00:00Z', '2026-11-03T09:00'],
  ])('meeting %s with %i h cut-off closes at %s (%s local)', (start, hours, cutOffAt, cutOffLocal) => {
    expect(listCutOff(start, hours)).toEqual({ cutOffAt, cutOffLocal });
  });

  it('a late addition waits for the chair, and only the chair can approve it', () => {
    const late = listing({ id: 'L9', isLateAddition: true });
    expect(lateAdditionState(late)).toBe('awaiting-chair-approval');
    expect(() => approveLateAddition(late, 'someone-else', 'chair-1')).toThrow(ClinicalInputError);
    const approved = approveLateAddition(late, 'chair-1', 'chair-1');
    expect(lateAdditionState(approved)).toBe('approved');
    expect(late.lateApprovedBy).toBeNull(); // input untouched
    expect(lateAdditionState(listing({ id: 'L1' }))).toBe('on-time');
  });

  it('refuses a negative cut-off', () => {
    expect(() => isLateAddition('2026-11-03T09:00', -1, '2026-11-02T09:00:00Z')).toThrow(ClinicalInputError);
  });
});

describe('planMeetingTime', () => {
  it('runs cases back to back and reports the over-run', () => {
    // 60-minute meeting from 09:00 GMT; cases 10, 15, 20, 20 minutes.
    // Running totals 10, 25, 45, 65; starts 09:00, 09:10, 09:25, 09:45; finishes 09:10, 09:25, 09:45, 10:05.
    // The meeting ends 10:00, so the last case over-runs by 65 - 60 = 5 minutes.
    const plan = planMeetingTime({
      meetingStart: '2026-11-03T09:00',
      durationMinutes: 60,
      cases: [
        { id: 'a', minutes: 10 },
        { id: 'b', minutes: 15 },
        { id: 'c', minutes: 20 },
        { id: 'd', minutes: 20 },
      ],
    });
    expect(
      plan.cases.map((c) => [
        c.id,
        c.runningTotalMinutes,
        c.plannedStartLocal.slice(11),
        c.plannedFinishLocal.slice(11),
        c.overrunMinutes,
      ]),
    ).toEqual([
      ['a', 10, '09:00', '09:10', 0],
      ['b', 25, '09:10', '09:25', 0],
      ['c', 45, '09:25', '09:45', 0],
      ['d', 65, '09:45', '10:05', 5],
    ]);
    expect(plan.cases.map((c) => c.fitsInMeeting)).toEqual([true, true, true, false]);
    expect(plan).toMatchObject({
      totalMinutes: 65,
      overrunMinutes: 5,
      spareMinutes: 0,
      meetingEndLocal: '2026-11-03T10:00',
      meetingEndAt: '2026-11-03T10:00:00Z',
      plannedFinishLocal: '2026-11-03T10:05',
      plannedFinishAt: '2026-11-03T10:05:00Z',
    });
  });

  it('stores BST meetings as UTC instants', () => {
    // 09:00 BST on 29 March = 08:00Z; 30 + 20 = 50 minutes used of 90, 40 spare.
    const plan = planMeetingTime({
      meetingStart: '2026-03-29T09:00',
      durationMinutes: 90,
      cases: [
        { id: 'a', minutes: 30 },
        { id: 'b', minutes: 20 },
      ],
    });
    expect(plan.meetingStartAt).toBe('2026-03-29T08:00:00Z');
    expect(plan.cases[1]).toMatchObject({
      plannedStartLocal: '2026-03-29T09:30',
      plannedStartAt: '2026-03-29T08:30:00Z',
      plannedFinishLocal: '2026-03-29T09:50',
    });
    expect(plan.spareMinutes).toBe(40);
  });

  it('follows the clock change inside a meeting', () => {
    // 00:30 GMT = 00:30Z; +60 min = 01:30Z = 02:30 BST (clocks went forward at 01:00Z); +60 = 02:30Z = 03:30 BST.
    const plan = planMeetingTime({
      meetingStart: '2026-03-29T00:30',
      durationMinutes: 120,
      cases: [
        { id: 'a', minutes: 60 },
        { id: 'b', minutes: 60 },
      ],
    });
    expect(plan.cases.map((c) => c.plannedFinishLocal)).toEqual(['2026-03-29T02:30', '2026-03-29T03:30']);
    expect(plan.meetingEndAt).toBe('2026-03-29T02:30:00Z');
  });

  it.each([
    [
      'fractional minutes',
      { meetingStart: '2026-11-03T09:00', durationMinutes: 60, cases: [{ id: 'a', minutes: 2.5 }] },
    ],
    [
      'negative minutes',
      { meetingStart: '2026-11-03T09:00', durationMinutes: 60, cases: [{ id: 'a', minutes: -5 }] },
    ],
    ['a zero-length meeting', { meetingStart: '2026-11-03T09:00', durationMinutes: 0, cases: [] }],
    ['an instant as the start', { meetingStart: '2026-11-03T09:00:00Z', durationMinutes: 60, cases: [] }],
  ])('refuses %s', (_label, input) => {
    expect(() => planMeetingTime(input)).toThrow(ClinicalInputError);
  });
});

describe('forecastFinish', () => {
  it.each([
    // now 09:40; current case began 09:35 with 10 planned -> 5 left; then 15 + 20 -> 40 minutes -> 10:20.
    // Meeting ends 10:00 -> 20 minutes over.
    [
      {
        now: '2026-11-03T09:40:00Z',
        currentCase: { startedAt: '2026-11-03T09:35:00Z', plannedMinutes: 10 },
        remainingMinutes: [15, 20],
        meetingEndAt: '2026-11-03T10:00:00Z',
      },
      {
        finishAt: '2026-11-03T10:20:00Z',
        finishLocal: '2026-11-03T10:20',
        minutesLeft: 40,
        currentCaseOverrunning: false,
        overrunMinutes: 20,
      },
    ],
    // Current case began 09:20 with 10 planned: already 10 minutes over, assumed to end now; + 5 -> 09:45.
    [
      {
        now: '2026-11-03T09:40:00Z',
        currentCase: { startedAt: '2026-11-03T09:20:00Z', plannedMinutes: 10 },
        remainingMinutes: [5],
        meetingEndAt: '2026-11-03T10:00:00Z',
      },
      {
        finishAt: '2026-11-03T09:45:00Z',
        finishLocal: '2026-11-03T09:45',
        minutesLeft: 5,
        currentCaseOverrunning: true,
        overrunMinutes: 0,
      },
    ],
    // No current case; 09:40:30 + 10 min = 09:50:30 -> shown as 09:51 (rounded up); 30 s past a 09:50 end
    // counts as 1 minute over.
    [
      {
        now: '2026-11-03T09:40:30Z',
        currentCase: null,
        remainingMinutes: [10],
        meetingEndAt: '2026-11-03T09:50:00Z',
      },
      {
        finishAt: '2026-11-03T09:50:30Z',
        finishLocal: '2026-11-03T09:51',
        minutesLeft: 10,
        currentCaseOverrunning: false,
        overrunMinutes: 1,
      },
    ],
    // BST: now 08:10Z (09:10 BST); the current case started 08:05:30Z with 10 planned, so 4.5 elapsed and
    // 10 - 4.5 = 5.5 left; + 6 -> 11.5 minutes -> 08:21:30Z = 09:21:30 BST, shown rounded up as 09:22.
    // No meeting end given -> no over-run figure.
    [
      {
        now: '2026-03-29T08:10:00Z',
        currentCase: { startedAt: '2026-03-29T08:05:30Z', plannedMinutes: 10 },
        remainingMinutes: [6],
      },
      {
        finishAt: '2026-03-29T08:21:30Z',
        finishLocal: '2026-03-29T09:22',
        minutesLeft: 11.5,
        currentCaseOverrunning: false,
        overrunMinutes: null,
      },
    ],
  ])('%j', (input, expected) => {
    expect(forecastFinish(input)).toEqual(expected);
  });

  it('refuses a current case that starts in the future', () => {
    expect(() =>
      forecastFinish({
        now: '2026-11-03T09:40:00Z',
        currentCase: { startedAt: '2026-11-03T09:41:00Z', plannedMinutes: 10 },
        remainingMinutes: [],
      }),
    ).toThrow(ClinicalInputError);
  });
});

function listing(patch: Partial<CaseListing> & { id: string }): CaseListing {
  return {
    meetingId: 'M1',
    patientId: `P-${patch.id}`,
    referralIds: [`R-${patch.id}`],
    requesters: [{ personId: 'dr-a', name: 'Dr A' }],
    caseCategories: [],
    category: 'full-discussion',
    status: 'accepted',
    plannedMinutes: 10,
    deferralCount: 0,
    deferReason: null,
    carriedFromListingId: null,
    isLateAddition: false,
    lateApprovedBy: null,
    ...patch,
  };
}

describe('carryOver ("Finish meeting")', () => {
  const listings: CaseListing[] = [
    listing({ id: 'L1', status: 'proposed' }),
    listing({ id: 'L2', status: 'accepted', deferralCount: 1, caseCategories: ['neuromodulation-decision'] }),
    listing({ id: 'L3', status: 'discussed' }),
    listing({ id: 'L4', status: 'accepted', category: 'protocol-noted' }),
    listing({ id: 'L5', status: 'withdrawn' }),
    listing({ id: 'L6', status: 'accepted', isLateAddition: true, lateApprovedBy: 'chair-1' }),
  ];

  it('carries only undiscussed cases, with the reason and deferral count + 1', () => {
    const before = structuredClone(listings);
    const result = carryOver(listings, { id: 'M2' }, { L2: 'Awaiting MRI report' });
    // L1 (0 -> 1), L2 (1 -> 2: second deferral, escalate), L6 (0 -> 1). L3 discussed, L4 protocol-noted,
    // L5 withdrawn stay put.
    expect(
      result.carried.map((c) => [
        c.carriedFromListingId,
        c.meetingId,
        c.deferralCount,
        c.escalate,
        c.deferReason,
      ]),
    ).toEqual([
      ['L1', 'M2', 1, false, 'Not reached before the meeting finished'],
      ['L2', 'M2', 2, true, 'Awaiting MRI report'],
      ['L6', 'M2', 1, false, 'Not reached before the meeting finished'],
    ]);
    expect(
      result.carried.every((c) => c.status === 'proposed' && !c.isLateAddition && c.lateApprovedBy === null),
    ).toBe(true);
    expect(result.carried[1]?.caseCategories).toEqual(['neuromodulation-decision']);
    expect(result.deferredOriginals.map((l) => [l.id, l.status, l.deferReason])).toEqual([
      ['L1', 'deferred', 'Not reached before the meeting finished'],
      ['L2', 'deferred', 'Awaiting MRI report'],
      ['L6', 'deferred', 'Not reached before the meeting finished'],
    ]);
    expect(listings).toEqual(before); // inputs untouched
  });

  it('flags the second deferral of the same case to the chair (acceptance checks 6 and 7)', () => {
    const three = [listing({ id: 'A' }), listing({ id: 'B' }), listing({ id: 'C' })];
    const first = carryOver(three, { id: 'M2' });
    expect(first.carried.map((c) => [c.deferralCount, c.escalate])).toEqual([
      [1, false],
      [1, false],
      [1, false],
    ]);
    // The carried case is saved as listing A2 on M2 and not reached again.
    const a2: CaseListing = { ...(first.carried[0] as CaseListing & { escalate: boolean }), id: 'A2' };
    const second = carryOver([a2], { id: 'M3' }, { A2: 'Chair unavailable' });
    expect(second.carried[0]).toMatchObject({ deferralCount: 2, escalate: true, carriedFromListingId: 'A2' });
    // A third deferral stays flagged.
    const a3: CaseListing = { ...(second.carried[0] as CaseListing & { escalate: boolean }), id: 'A3' };
    expect(carryOver([a3], { id: 'M4' }).carried[0]).toMatchObject({ deferralCount: 3, escalate: true });
  });

  it.each([
    ['the same meeting', listings, { id: 'M1' }, {}],
    [
      'listings from two meetings',
      [listing({ id: 'X' }), listing({ id: 'Y', meetingId: 'M9' })],
      { id: 'M2' },
      {},
    ],
    ['a blank reason', [listing({ id: 'X' })], { id: 'M2' }, { X: '   ' }],
  ])('refuses %s', (_label, ls, next, reasons) => {
    expect(() => carryOver(ls, next, reasons)).toThrow(ClinicalInputError);
  });
});

describe('mergeReferrals', () => {
  const base = { meetingId: 'M1', caseCategory: null, urgency: 'routine' as const };
  const referrals: MdtReferral[] = [
    {
      ...base,
      id: 'R1',
      patientId: 'P1',
      requestedBy: { personId: 'a', name: 'Dr A' },
      requestedAt: '2026-10-20T10:00:00Z',
      question: 'Is she suitable for SCS?',
    },
    {
      ...base,
      id: 'R2',
      patientId: 'P1',
      requestedBy: { personId: 'b', name: 'Dr B' },
      requestedAt: '2026-10-19T09:00:00Z',
      question: 'Can we reduce her opioids?',
      caseCategory: 'opioid-review',
      urgency: 'soon',
    },
    {
      ...base,
      id: 'R3',
      patientId: 'P2',
      requestedBy: { personId: 'a', name: 'Dr A' },
      requestedAt: '2026-10-21T09:00:00Z',
      question: 'PMP suitability?',
    },
    {
      ...base,
      id: 'R4',
      patientId: 'P1',
      meetingId: 'M2',
      requestedBy: { personId: 'c', name: 'Dr C' },
      requestedAt: '2026-10-18T09:00:00Z',
      question: 'Different meeting',
    },
    {
      ...base,
      id: 'R5',
      patientId: 'P1',
      requestedBy: { personId: 'a', name: 'Dr A' },
      requestedAt: '2026-10-22T10:00:00Z',
      question: ' Is she suitable for SCS? ',
      caseCategory: 'neuromodulation-decision',
      urgency: 'urgent',
    },
  ];

  it('makes one listing per patient per meeting, with every requester (acceptance check 3)', () => {
    const merged = mergeReferrals(referrals);
    // Ordered by first request: P1/M2 (18 Oct), P1/M1 (19 Oct, R2), P2/M1 (21 Oct).
    expect(merged.map((m) => [m.patientId, m.meetingId])).toEqual([
      ['P1', 'M2'],
      ['P1', 'M1'],
      ['P2', 'M1'],
    ]);
    expect(merged[1]).toEqual({
      patientId: 'P1',
      meetingId: 'M1',
      referralIds: ['R2', 'R1', 'R5'], // 19 Oct, 20 Oct, 22 Oct
      requesters: [
        { personId: 'b', name: 'Dr B' },
        { personId: 'a', name: 'Dr A' }, // Dr A asked twice, shown once
      ],
      questions: ['Can we reduce her opioids?', 'Is she suitable for SCS?'], // R5 repeats R1's question
      caseCategories: ['opioid-review', 'neuromodulation-decision'],
      urgency: 'urgent', // most urgent of soon, routine, urgent
      firstRequestedAt: '2026-10-19T09:00:00Z',
    });
  });

  it('refuses a referral without a question for the MDT', () => {
    expect(() => mergeReferrals([{ ...(referrals[0] as MdtReferral), question: '  ' }])).toThrow(
      ClinicalInputError,
    );
  });
});
