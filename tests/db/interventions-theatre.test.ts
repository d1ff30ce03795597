import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/db';
import { interventionsTeam, scsRequest, theatreSession } from '../helpers/seed';

/**
 * Issue 14, the theatre list: a day view per room with each case in order (start time, procedure with side
 * and levels, allergy and anticoagulant flags, sedation and equipment), clashes marked, printable for the
 * team brief. Hand-worked: Theatre 3, 08:30-12:30, turnaround 15 min; SCS trial 90 min then a second
 * SCS trial 90 min: 08:30-10:00, 10:15-11:45. A second list in Theatre 3 at 12:00-16:00 overlaps.
 */
let app: TestApp;
let clinicianId: number;

beforeEach(async () => {
  app = await createTestApp();
  clinicianId = await interventionsTeam(app, { extra: [['coordinator', 'coordinator']] });
});
afterEach(async () => app.close());

async function patient(
  nhsNumber: string,
  surname: string,
  allergies: { agent: string; reaction: string }[] = [],
) {
  return app.ok(
    'patients:create',
    { nhsNumber, surname, forename: 'Test', dateOfBirth: '1960-01-01', sex: 'female', allergies },
    'nurse',
  );
}

function book(requestId: number, sessionId: number, patientId: number, minutes: number): void {
  app.dispatcher.conn.sqlite
    .prepare(
      `INSERT INTO intervention_bookings (request_id, session_id, patient_id, procedure_code, clinician_id,
        session_date, planned_minutes, status, short_notice_agreed, cancelled_on_day, booked_at)
       VALUES (?, ?, ?, 'SCS_TRIAL', ?, '2026-12-15', ?, 'booked', 0, 0, '2026-11-21T10:00:00Z')`,
    )
    .run(requestId, sessionId, patientId, clinicianId, minutes);
}

/**
 * A list overlapping another in the same room, written straight to the database: creating one through the
 * app is now refused (issue 14), but lists from before that rule, or keyed in another system, can clash.
 */
function clashingSession(clinician: number, start: string, end: string): { id: number } {
  const r = app.dispatcher.conn.sqlite
    .prepare(
      `INSERT INTO intervention_sessions (date, start_time, end_time, room, setting, clinician_id, radiographer,
        equipment, unavailable_minutes, turnaround_minutes, created_at)
       VALUES ('2026-12-15', ?, ?, 'Theatre 3', 'theatre', ?, 'R. Green',
        '["fluoroscopy","stimulator-kit-and-rep","rf-generator"]', 0, 15, '2026-11-21T10:00:00Z')`,
    )
    .run(start, end, clinician);
  return { id: Number(r.lastInsertRowid) };
}

describe('the theatre list of a day', () => {
  it('lists each room’s cases in order with times, site, flags, sedation and equipment; marks clashes', async () => {
    const a = await patient('9434765919', 'Smith', [{ agent: 'Chlorhexidine', reaction: 'Anaphylaxis' }]);
    const b = await patient('9434765870', 'Jones');
    const list = await theatreSession(app, clinicianId);
    const clash = clashingSession(clinicianId, '12:00', '16:00');
    const ra = await scsRequest(app, a.id, clinicianId);
    const rb = await scsRequest(app, b.id, clinicianId, { site: 'T9-T11' });
    await app.ok(
      'interventions:addAntithrombotic',
      { requestId: ra.id, drug: 'apixaban', dose: '5 mg twice daily', doseTimes: ['08:00', '20:00'] },
      'nurse',
    );
    book(ra.id, list.id, a.id, 90);
    book(rb.id, list.id, b.id, 90);

    const day = await app.ok('interventions:theatreDay', { date: '2026-12-15' }, 'coordinator');
    expect(day.rooms.map((r) => r.room)).toEqual(['Theatre 3']);
    const [first, second] = day.rooms[0]!.sessions;
    expect(first!.cases.map((c) => [c.start, c.end, c.patientName])).toEqual([
      ['08:30', '10:00', 'SMITH, Test'],
      ['10:15', '11:45', 'JONES, Test'],
    ]);
    const c = first!.cases[0]!;
    expect(c.siteText).toBe('Thoracic spine T8-T9, T9-T10 midline (T8-T10)');
    expect(c.allergies).toEqual(['Chlorhexidine (Anaphylaxis)']);
    expect(c.antithrombotics[0]).toBe('apixaban: NO AGREED PLAN, clinician decision needed');
    expect(c.sedation).toContain('sedation');
    expect(c.equipment).toEqual(expect.arrayContaining(['Fluoroscopy (C-arm)', 'Stimulator kit and rep']));
    expect(first!.clashes[0]).toContain('Theatre 3 has two lists at once');
    expect(second!.id).toBe(clash.id);
    expect(day.hours[0]).toBe('08:00');
    expect(day.hours.at(-1)).toBe('16:00');

    // The printed list of one session, and its print recorded in the audit trail.
    const printed = await app.ok('interventions:theatreList', { id: list.id }, 'nurse');
    expect(printed.rooms[0]!.sessions.map((s) => s.id)).toEqual([list.id]);
    await app.ok('audit:print', { kind: 'theatre-list', id: list.id, output: 'browser-print' }, 'nurse');
    const audit = app.dispatcher.conn.sqlite
      .prepare(`SELECT entity, entity_id FROM audit_log WHERE action = 'print.browser'`)
      .all();
    expect(audit).toEqual([{ entity: 'intervention_sessions', entity_id: list.id }]);
    const missing = await app.call('audit:print', { kind: 'theatre-list', id: 999, output: 'pdf' }, 'nurse');
    expect(missing.ok === false && missing.error.code).toBe('NOT_FOUND');
  });
});
