import { describe, expect, it } from 'vitest';
import {
  ENGLAND_WALES_BANK_HOLIDAYS,
  bankHolidayOn,
  checkSessionPlan,
  sessionCapacity,
  startTimeProblem,
  termDates,
  validateBankHolidays,
  type ExistingSession,
} from '../../../shared/clinical/interventions/index';

// Expected values worked by hand:
// - bank holidays from GOV.UK "UK bank holidays", England and Wales (https://www.gov.uk/bank-holidays);
// - UK clock changes: forward at 01:00 GMT on the last Sunday of March, back at 01:00 GMT (02:00 BST) on
//   the last Sunday of October (The Summer Time Order 2002). In 2027 those are Sunday 28 March and
//   Sunday 31 October.

const BH = ENGLAND_WALES_BANK_HOLIDAYS;
const TODAY = '2026-12-07';
const plan = (over: Partial<Parameters<typeof checkSessionPlan>[0]['session']> = {}) => ({
  date: '2027-01-12',
  start: '08:30',
  end: '12:30',
  room: 'Procedure room 1',
  clinicianId: 1,
  ...over,
});
const check = (session = plan(), others: ExistingSession[] = []) =>
  checkSessionPlan({ session, today: TODAY, bankHolidays: BH, others });

describe('England and Wales bank holidays (GOV.UK list)', () => {
  it('knows Christmas Day 2026, the Boxing Day substitute, and Easter 2027', () => {
    expect(bankHolidayOn(BH, '2026-12-25')?.name).toBe('Christmas Day');
    // Boxing Day 2026 is a Saturday: the bank holiday is Monday 28 December.
    expect(bankHolidayOn(BH, '2026-12-26')).toBeUndefined();
    expect(bankHolidayOn(BH, '2026-12-28')?.name).toBe('Boxing Day (substitute day)');
    // Easter Sunday 2027 is 28 March: Good Friday 26 March, Easter Monday 29 March.
    expect(bankHolidayOn(BH, '2027-03-26')?.name).toBe('Good Friday');
    expect(bankHolidayOn(BH, '2027-03-29')?.name).toBe('Easter Monday');
    // 25 and 26 December 2027 fall on a weekend: substitutes Monday 27 and Tuesday 28 December.
    expect(bankHolidayOn(BH, '2027-12-27')?.name).toBe('Christmas Day (substitute day)');
    expect(bankHolidayOn(BH, '2027-12-28')?.name).toBe('Boxing Day (substitute day)');
    // 1 January 2028 is a Saturday: substitute Monday 3 January.
    expect(bankHolidayOn(BH, '2028-01-03')?.name).toBe('New Year’s Day (substitute day)');
    expect(BH.holidays).toHaveLength(32); // 8 a year, 2025 to 2028
    expect(BH.meta.source).toMatch(/gov\.uk\/bank-holidays/);
  });

  it('refuses a rule set with a date outside its years or listed twice', () => {
    expect(() => validateBankHolidays(BH)).not.toThrow();
    expect(() =>
      validateBankHolidays({
        ...BH,
        holidays: [...BH.holidays, { date: '2029-01-01', name: 'New Year’s Day' }],
      }),
    ).toThrow(/outside the years 2025 to 2028/);
    expect(() =>
      validateBankHolidays({ ...BH, holidays: [...BH.holidays, { date: '2027-01-01', name: 'Again' }] }),
    ).toThrow(/listed twice/);
  });
});

describe('creating a list: the quoted failures', () => {
  it('a list on Christmas Day warns (and so needs a reason)', () => {
    const r = check(plan({ date: '2026-12-25' }));
    expect(r.refusals).toEqual([]);
    expect(r.warnings).toEqual([
      { code: 'BANK_HOLIDAY', message: '25-Dec-2026 is a bank holiday (Christmas Day).' },
    ]);
  });

  it('a list in 1900 is refused; so is one more than two years ahead', () => {
    expect(check(plan({ date: '1900-01-05' })).refusals).toEqual([
      {
        field: 'date',
        message:
          '05-Jan-1900 is not a plausible date for a list: choose a date from 06-Dec-2025 to 07-Dec-2028.',
      },
    ]);
    // 7 Dec 2026 + 731 days = 7 Dec 2028 (to 7 Dec 2027: 365 days; to 7 Dec 2028: 366, with 29 Feb 2028).
    expect(check(plan({ date: '2028-12-07' })).refusals).toEqual([]);
    expect(check(plan({ date: '2028-12-08' })).refusals.map((x) => x.field)).toEqual(['date']);
  });

  it('a list on top of another in the same room is refused; lists that only touch are fine', () => {
    const other: ExistingSession = {
      id: 7,
      date: '2027-01-12',
      start: '09:00',
      end: '13:00',
      room: 'Procedure room 1',
      clinicianId: 2,
      clinicianName: 'Dr Ann Lee',
    };
    expect(check(plan({ start: '12:00', end: '16:00' }), [other]).refusals).toEqual([
      {
        field: 'room',
        message:
          'Procedure room 1 already has a list on 12-Jan-2027 09:00-13:00 (Dr Ann Lee), which overlaps this one. Choose another room or time.',
      },
    ]);
    expect(check(plan({ start: '13:00', end: '17:00' }), [other]).refusals).toEqual([]);
    // The same room written with other capitals is the same room.
    expect(check(plan({ room: 'procedure ROOM 1' }), [other]).refusals).toHaveLength(1);
  });

  it('the same clinician on an overlapping list in another room warns', () => {
    const other: ExistingSession = {
      id: 8,
      date: '2027-01-12',
      start: '08:00',
      end: '09:00',
      room: 'Theatre 2',
      clinicianId: 1,
      clinicianName: 'Dr Sam Okafor',
    };
    const r = check(plan(), [other]);
    expect(r.refusals).toEqual([]);
    expect(r.warnings).toEqual([
      {
        code: 'CLINICIAN_OVERLAP',
        message:
          'Dr Sam Okafor already has a list in Theatre 2 on 12-Jan-2027 08:00-09:00, which overlaps this one.',
      },
    ]);
  });
});

describe('clock changes (Europe/London), last Sundays of March and October 2027', () => {
  it('28 March 2027: 00:00-04:00 is 180 real minutes (the clocks skip 01:00-01:59)', () => {
    // 00:00 GMT = 00:00 UTC; 04:00 BST = 03:00 UTC: 3 hours.
    expect(check(plan({ date: '2027-03-28', start: '00:00', end: '04:00' })).lengthMinutes).toBe(180);
    expect(
      sessionCapacity({
        start: '2027-03-28T00:00',
        end: '2027-03-28T04:00',
        unavailableMinutes: 0,
        turnaroundMinutes: 0,
        caseMinutes: [],
      }).bookableMinutes,
    ).toBe(180);
  });

  it('a start at 01:00 or 01:30 on 28 March 2027 is refused; 00:59 and 02:00 exist', () => {
    expect(startTimeProblem('2027-03-28', '01:00')).toBe(
      '01:00 on 28-Mar-2027 does not exist in UK time: the clocks go forward from 01:00 to 02:00 that night. Choose a time outside 01:00-01:59.',
    );
    expect(startTimeProblem('2027-03-28', '01:30')).not.toBeNull();
    expect(startTimeProblem('2027-03-28', '00:59')).toBeNull();
    expect(startTimeProblem('2027-03-28', '02:00')).toBeNull();
    // The same time a week earlier exists.
    expect(startTimeProblem('2027-03-21', '01:00')).toBeNull();
    const r = check(plan({ date: '2027-03-28', start: '01:00', end: '05:00' }));
    expect(r.refusals.map((x) => x.field)).toEqual(['start']);
    expect(r.lengthMinutes).toBeNull();
  });

  it('31 October 2027: 00:00-04:00 is 300 real minutes (01:00-01:59 happens twice)', () => {
    // 00:00 BST = 23:00 UTC on 30 Oct; 04:00 GMT = 04:00 UTC: 5 hours.
    expect(check(plan({ date: '2027-10-31', start: '00:00', end: '04:00' })).lengthMinutes).toBe(300);
    // 01:30 exists (twice): allowed, taken at its first (earlier) occurrence.
    expect(startTimeProblem('2027-10-31', '01:30')).toBeNull();
    // An ordinary day: 08:30-12:30 is 240 minutes.
    expect(check(plan({ date: '2027-10-31' })).lengthMinutes).toBe(240);
  });
});

describe('term templates', () => {
  it('Mondays 1 March to 7 June 2027: 15 Mondays, Easter Monday and two May bank holidays skipped', () => {
    const r = termDates({ from: '2027-03-01', to: '2027-06-07', weekday: 1, everyWeeks: 1 }, BH);
    expect(r.dates).toEqual([
      '2027-03-01',
      '2027-03-08',
      '2027-03-15',
      '2027-03-22',
      '2027-04-05',
      '2027-04-12',
      '2027-04-19',
      '2027-04-26',
      '2027-05-10',
      '2027-05-17',
      '2027-05-24',
      '2027-06-07',
    ]);
    expect(r.skipped).toEqual([
      { date: '2027-03-29', note: '29-Mar-2027 skipped: Easter Monday (bank holiday).' },
      { date: '2027-05-03', note: '03-May-2027 skipped: Early May bank holiday (bank holiday).' },
      { date: '2027-05-31', note: '31-May-2027 skipped: Spring bank holiday (bank holiday).' },
    ]);
  });

  it('every other Friday from Wednesday 6 January 2027: starts on Friday 8 January', () => {
    const r = termDates({ from: '2027-01-06', to: '2027-02-28', weekday: 5, everyWeeks: 2 }, BH);
    expect(r.dates).toEqual(['2027-01-08', '2027-01-22', '2027-02-05', '2027-02-19']);
    expect(r.skipped).toEqual([]);
  });
});
