import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/db';
import { interventionsTeam, readyRecord, rowCounter, scsRequest, theatreSession } from '../helpers/seed';

/**
 * Issue 14, sessions and booking, through the real dispatcher. Today is 21 November 2026 (the test clock).
 * Expected values by hand: bank holidays from GOV.UK (England and Wales); UK clocks go forward on Sunday
 * 28 March 2027 (01:00 GMT -> 02:00 BST) and back on Sunday 31 October 2027.
 */
let app: TestApp;
let clinicianId: number;
const count = rowCounter(() => app);

const list = (over: Record<string, unknown> = {}) =>
  app.call(
    'interventions:createSession',
    {
      date: '2026-12-15',
      start: '08:30',
      end: '12:30',
      room: 'Theatre 3',
      setting: 'theatre',
      clinicianId,
      radiographer: 'R. Green',
      equipment: ['fluoroscopy', 'stimulator-kit-and-rep'],
      unavailableMinutes: 0,
      turnaroundMinutes: 15,
      ...over,
    } as never,
    'nurse',
  );

beforeEach(async () => {
  app = await createTestApp();
  clinicianId = await interventionsTeam(app, { others: [['cons2', 'Dr Second', 'consultant']] });
});
afterEach(async () => app.close());

describe('creating lists (quoted failures)', () => {
  it('a list on Christmas Day warns and needs a reason, which is stored and audited', async () => {
    const before = count('intervention_sessions');
    const r = await list({ date: '2026-12-25' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('CONFLICT');
    expect(r.error.fields?.overrideReason).toBe(
      '25-Dec-2026 is a bank holiday (Christmas Day). Give a reason to create the list anyway.',
    );
    expect(count('intervention_sessions')).toBe(before);
    const ok = await list({
      date: '2026-12-25',
      overrideReason: 'Waiting-list initiative agreed with staff',
    });
    expect(ok.ok).toBe(true);
    expect(count('intervention_sessions')).toBe(before + 1);
  });

  it('a list in 1900 is refused next to the date, nothing saved', async () => {
    const before = count('intervention_sessions');
    const r = await list({ date: '1900-01-05' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    // 21 Nov 2026 - 366 days = 20 Nov 2025; + 731 days = 21 Nov 2028 (365 to 21 Nov 2027, 366 with 29 Feb 2028).
    expect(r.error.fields?.date).toBe(
      '05-Jan-1900 is not a plausible date for a list: choose a date from 20-Nov-2025 to 21-Nov-2028.',
    );
    expect(count('intervention_sessions')).toBe(before);
  });

  it('a list on top of another in the same room is refused; the same clinician elsewhere needs a reason', async () => {
    await theatreSession(app, clinicianId); // Theatre 3, 15 Dec 2026 08:30-12:30
    const before = count('intervention_sessions');
    const clash = await list({ start: '11:00', end: '15:00', clinicianId: clinicianId + 100 });
    expect(clash.ok).toBe(false);
    const room = await list({ start: '11:00', end: '15:00' });
    expect(room.ok).toBe(false);
    if (room.ok) return;
    expect(room.error.code).toBe('VALIDATION');
    expect(room.error.fields?.room).toMatch(
      /^Theatre 3 already has a list on 15-Dec-2026 08:30-12:30 \(.+\), which overlaps this one\. Choose another room or time\.$/,
    );
    const other = await list({ room: 'Theatre 4', start: '12:00', end: '16:00' });
    expect(other.ok).toBe(false);
    if (other.ok) return;
    expect(other.error.code).toBe('CONFLICT');
    expect(other.error.fields?.overrideReason).toMatch(
      /already has a list in Theatre 3 on 15-Dec-2026 08:30-12:30/,
    );
    expect(count('intervention_sessions')).toBe(before);
    // Starting when the other list ends is not an overlap.
    expect((await list({ start: '12:30', end: '16:30' })).ok).toBe(true);
  });
});

describe('clock changes', () => {
  it('a list starting at 01:00 on 28 March 2027 is refused; 00:00-04:00 that night is 180 minutes', async () => {
    const r = await list({ date: '2027-03-28', start: '01:00', end: '05:00', room: 'Night room' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.fields?.start).toBe(
      '01:00 on 28-Mar-2027 does not exist in UK time: the clocks go forward from 01:00 to 02:00 that night. Choose a time outside 01:00-01:59.',
    );
    const spring = await app.ok(
      'interventions:createSession',
      {
        date: '2027-03-28',
        start: '00:00',
        end: '04:00',
        room: 'Night room',
        setting: 'theatre',
        clinicianId,
        overrideReason: 'Test',
      } as never,
      'nurse',
    );
    expect(spring.bookableMinutes).toBe(180);
    const autumn = await app.ok(
      'interventions:createSession',
      {
        date: '2027-10-31',
        start: '00:00',
        end: '04:00',
        room: 'Night room',
        setting: 'theatre',
        clinicianId,
      },
      'nurse',
    );
    expect(autumn.bookableMinutes).toBe(300);
  });

  it('a patient cannot be booked at 01:00 on the spring-forward night (a list made before the check)', async () => {
    const p = await app.ok(
      'patients:create',
      {
        nhsNumber: '9434765919',
        surname: 'Night',
        forename: 'Test',
        dateOfBirth: '1970-01-01',
        sex: 'female',
        allergies: [],
      },
      'nurse',
    );
    const req = await scsRequest(app, p.id, clinicianId);
    const ready = await app.ok(
      'interventions:updateReadiness',
      { id: req.id, version: req.version, readiness: readyRecord({ mrsaScreenDate: '2026-11-20' }) },
      'nurse',
    );
    // A list stored before the check existed (written straight to the table).
    const s = await theatreSession(app, clinicianId, { date: '2027-03-21' });
    app.dispatcher.conn.sqlite
      .prepare("update intervention_sessions set date = '2027-03-28', start_time = '01:00' where id = ?")
      .run(s.id);
    const before = count('intervention_bookings');
    const r = await app.call(
      'interventions:book',
      { requestId: ready.id, sessionId: s.id, overrideReason: 'Test' },
      'nurse',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(/01:00 on 28-Mar-2027 does not exist in UK time/);
    expect(count('intervention_bookings')).toBe(before);
  });
});

describe('term templates', () => {
  it('Mondays 1 March to 7 June 2027 make 12 lists, skipping Easter Monday and both May bank holidays', async () => {
    const r = await app.ok(
      'interventions:createTerm',
      {
        from: '2027-03-01',
        to: '2027-06-07',
        weekday: 1,
        everyWeeks: 1,
        start: '08:30',
        end: '12:30',
        room: 'Procedure room 2',
        setting: 'day-case',
        clinicianId,
      },
      'nurse',
    );
    expect(r.created.map((s) => s.date)).toEqual([
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
    expect(r.skipped.map((s) => s.note)).toEqual([
      '29-Mar-2027 skipped: Easter Monday (bank holiday).',
      '03-May-2027 skipped: Early May bank holiday (bank holiday).',
      '31-May-2027 skipped: Spring bank holiday (bank holiday).',
    ]);
    expect(r.refused).toEqual([]);
  });
});

describe('fill this session and the waiting list at scale', () => {
  it('fill this session offers the ready patient below 210 not-ready requests; the list pages past 200', async () => {
    const many = await app.ok(
      'patients:create',
      {
        nhsNumber: '9876543210',
        surname: 'Many',
        forename: 'Test',
        dateOfBirth: '1970-01-01',
        sex: 'female',
        allergies: [],
      },
      'nurse',
    );
    // 210 urgent (P2) SCS trials, none of them ready: they come first in list order.
    for (let i = 0; i < 210; i++) await scsRequest(app, many.id, clinicianId, { priority: 'P2' });
    const p = await app.ok(
      'patients:create',
      {
        nhsNumber: '9434765919',
        surname: 'Ready',
        forename: 'Test',
        dateOfBirth: '1970-01-01',
        sex: 'female',
        allergies: [],
      },
      'nurse',
    );
    const req = await scsRequest(app, p.id, clinicianId); // P3: last in list order
    const ready = await app.ok(
      'interventions:updateReadiness',
      { id: req.id, version: req.version, readiness: readyRecord() },
      'nurse',
    );
    const s = await theatreSession(app, clinicianId, { date: '2026-12-15' });
    const fill = await app.ok('interventions:fillSession', { sessionId: s.id }, 'nurse');
    expect(fill[0]).toMatchObject({ id: ready.id, ready: true });
    expect(fill.filter((c) => c.ready)).toHaveLength(1);

    const page1 = await app.ok('interventions:list', { limit: 200 }, 'nurse');
    expect(page1.total).toBe(211);
    expect(page1.items).toHaveLength(200);
    const page2 = await app.ok('interventions:list', { limit: 200, offset: 200 }, 'nurse');
    expect(page2.items).toHaveLength(11);
    expect(page2.items.at(-1)).toMatchObject({ id: ready.id, ready: true });
    // Clock start 1 October 2026 (the helper) to today 21 November 2026: 51 days = 7 whole weeks.
    expect(page2.items.at(-1)!.weeksWaited).toBe(7);
    const readyOnly = await app.ok('interventions:list', { readyOnly: true }, 'nurse');
    expect(readyOnly.total).toBe(1);
    expect(readyOnly.items.map((i) => i.id)).toEqual([ready.id]);
    const search = await app.ok('interventions:list', { search: 'rea' }, 'nurse');
    expect(search.items.map((i) => i.id)).toEqual([ready.id]);
    const byNhs = await app.ok('interventions:list', { search: '943 476 5919' }, 'nurse');
    expect(byNhs.items.map((i) => i.id)).toEqual([ready.id]);

    // Booked and ready for 15 Dec; then the MRSA result is changed to pending (a hard block): flagged.
    await app.ok('interventions:book', { requestId: ready.id, sessionId: s.id }, 'nurse');
    const booked = await app.ok('interventions:list', { status: 'booked' }, 'nurse');
    expect(booked.items[0]).toMatchObject({
      id: ready.id,
      bookedDate: '2026-12-15',
      ready: true,
      bookedNotReady: false,
    });
    const detail = await app.ok('interventions:get', { id: ready.id }, 'nurse');
    await app.ok(
      'interventions:updateReadiness',
      {
        id: ready.id,
        version: detail.version,
        readiness: { ...detail.readinessRecord, mrsaScreenResult: 'pending' },
      },
      'consultant',
    );
    const flagged = await app.ok('interventions:list', { status: 'booked' }, 'nurse');
    expect(flagged.items[0]).toMatchObject({ id: ready.id, ready: false, bookedNotReady: true });
  });
});
