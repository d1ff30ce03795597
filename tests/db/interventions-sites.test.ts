import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/db';
import { interventionsTeam } from '../helpers/seed';

/**
 * Issue 14, structured sites: "a bilateral block serves a right-sided RF; a right RF after a bilateral RF is
 * a repeat." Before the change, 'L4-5 bilateral' and 'L4-5 right' were compared as words (no match): the
 * bilateral MBB did not count and the right RF 10 months after a bilateral RF was not flagged.
 * Example commissioner rules (Humber & North Yorkshire lumbar RF): MBB ≥50% relief within 6 months; repeat
 * RF ≥16 months. Today is 21 November 2026 (the test clock).
 */
let app: TestApp;
let clinicianId: number;
let patientId: number;

beforeEach(async () => {
  app = await createTestApp();
  clinicianId = await interventionsTeam(app, {});
  const p = await app.ok(
    'patients:create',
    { nhsNumber: '9434765919', surname: 'Smith', forename: 'Test', dateOfBirth: '1960-01-01', sex: 'female' },
    'nurse',
  );
  patientId = p.id;
});
afterEach(async () => app.close());

function request(code: string, side: string, over: Record<string, unknown> = {}) {
  return app.ok(
    'interventions:request',
    {
      patientId,
      procedureCode: code,
      side,
      site: 'L4-5',
      indication: 'Facet-mediated low back pain',
      priority: 'P3',
      requestedClinicianId: clinicianId,
      rttClockStart: '2026-10-01',
      ...over,
    } as never,
    'nurse',
  );
}

/** Records a past procedure of a request as done on `date`, with `relief` % relief at its outcome. */
function done(requestId: number, code: string, date: string, relief: number | null): void {
  const db = app.dispatcher.conn.sqlite;
  const s = db
    .prepare(
      `INSERT INTO intervention_sessions (date, start_time, end_time, room, setting, clinician_id, radiographer,
        equipment, unavailable_minutes, turnaround_minutes, created_at)
       VALUES (?, '08:30', '12:30', 'Room 1', 'day-case', ?, 'R', 'fluoroscopy', 0, 15, ?) RETURNING id`,
    )
    .get(date, clinicianId, `${date}T08:00:00Z`) as { id: number };
  const b = db
    .prepare(
      `INSERT INTO intervention_bookings (request_id, session_id, patient_id, procedure_code, clinician_id,
        session_date, planned_minutes, status, short_notice_agreed, cancelled_on_day, booked_at)
       VALUES (?, ?, ?, ?, ?, ?, 60, 'done', 0, 0, ?) RETURNING id`,
    )
    .get(requestId, s.id, patientId, code, clinicianId, date, `${date}T08:00:00Z`) as { id: number };
  if (relief !== null)
    db.prepare(
      `INSERT INTO intervention_outcomes (booking_id, request_id, patient_id, procedure_code, procedure_date, site,
        relief_percent, complications, pgic, successful, recorded_at)
       VALUES (?, ?, ?, ?, ?, 'L4-5', ?, '', 6, 1, ?)`,
    ).run(b.id, requestId, patientId, code, date, relief, `${date}T12:00:00Z`);
  db.prepare(`UPDATE intervention_requests SET status = 'done' WHERE id = ?`).run(requestId);
}

const item = (d: { readiness: { items: { id: string; status: string; message: string }[] } }, id: string) =>
  d.readiness.items.find((i) => i.id === id);

describe('structured sites on requests', () => {
  it('stores region, levels and side; a site that cannot be read is flagged "site not structured"', async () => {
    const rf = await request('RFD_L', 'bilateral', { site: 'L4/5 and L5/S1 facets' });
    expect(rf.structuredSite).toEqual({ region: 'lumbar', levels: ['L4-L5', 'L5-S1'], side: 'bilateral' });
    expect(item(rf, 'site-structured')).toMatchObject({ status: 'ok' });
    const chosen = await request('RFD_GEN', 'right', {
      site: 'Genicular nerves',
      region: 'knee',
      levels: '',
    });
    expect(chosen.structuredSite).toEqual({ region: 'knee', levels: [], side: 'right' });
    const vague = await request('RFD_L', 'right', { site: 'As discussed in clinic' });
    expect(vague.structuredSite).toBeNull();
    expect(item(vague, 'site-structured')).toMatchObject({ status: 'warn' });
    expect(item(vague, 'site-structured')!.message).toContain('could not be read');
    const bad = await app.call(
      'interventions:request',
      {
        patientId,
        procedureCode: 'RFD_L',
        side: 'right',
        site: 'L7',
        region: 'lumbar',
        levels: 'L7-8',
        indication: 'x',
        priority: 'P3',
        requestedClinicianId: clinicianId,
        rttClockStart: '2026-10-01',
      },
      'nurse',
    );
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { levels: expect.any(String) } },
    });
  });

  it('a bilateral MBB serves a right-sided RF; a right RF after a bilateral RF is a repeat', async () => {
    // Bilateral lumbar RF at L4-5 on 12 Jan 2026; bilateral MBB at L4-5 on 5 Oct 2026 with 60% relief.
    const earlierRf = await request('RFD_L', 'bilateral');
    done(earlierRf.id, 'RFD_L', '2026-01-12', null);
    const mbb = await request('MBB_L', 'bilateral');
    done(mbb.id, 'MBB_L', '2026-10-05', 60);

    const right = await request('RFD_L', 'right');
    // Prerequisite met by the bilateral block (5 Oct 2026 is within 6 months of today, 21 Nov 2026).
    expect(item(right, 'prerequisite-MBB_L')).toMatchObject({ status: 'ok' });
    expect(item(right, 'prerequisite-MBB_L')!.message).toContain('05-Oct-2026');
    // Repeat: 12 Jan 2026 + 16 months = 12 May 2027.
    expect(item(right, 'repeat-interval')).toMatchObject({ status: 'warn' });
    expect(item(right, 'repeat-interval')!.message).toContain('12-May-2027');
    expect(item(right, 'repeat-interval')!.message).toContain('bilateral');

    // A right RF at L2-3 shares no level: not a repeat, and the L4-5 block does not cover it.
    const other = await request('RFD_L', 'right', { site: 'L2-3' });
    expect(item(other, 'repeat-interval')).toMatchObject({ status: 'ok' });
    expect(item(other, 'prerequisite-MBB_L')).toMatchObject({ status: 'warn' });
  });
});
