import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PatientRecordPage } from '../../renderer/src/features/patients/PatientRecord';
import { JO } from '../helpers/seed';
import { rendererApp, renderScreen, SESSION, type RendererApp } from './harness';

/**
 * Issue 14: "The patient record shows procedure history with dates and outcomes". The patient record's
 * Interventions tab, against the real dispatcher: the procedures done, in date order (the later one was
 * recorded first), in words with UK dates and 24-hour times, under the patient banner; the read audited as
 * a read of this patient's record. Rows written out by hand.
 */
let r: RendererApp;
let patientId = 0;
beforeEach(async () => {
  r = await rendererApp('consultant');
  patientId = (await r.app.ok('patients:create', JO, SESSION)).id;
  const clinicians = await r.app.ok('users:clinicians', {}, SESSION);
  const consultant = clinicians.find((c) => c.role === 'consultant')!;
  const session = await r.app.ok(
    'interventions:createSession',
    {
      date: '2026-12-15',
      start: '08:30',
      end: '12:30',
      room: 'Day unit 2',
      setting: 'day-case',
      clinicianId: consultant.id,
      equipment: ['fluoroscopy'],
    } as never,
    SESSION,
  );
  const request = (procedureCode: string, side: string, site: string) =>
    r.app.ok(
      'interventions:request',
      {
        patientId,
        procedureCode,
        side,
        site,
        indication: 'Chronic low back pain',
        priority: 'P3',
        rttClockStart: '2026-11-01',
      } as never,
      SESSION,
    );
  const epidural = await request('ESI_CAUDAL', 'midline', 'caudal');
  const mbb = await request('MBB_L', 'bilateral', 'L4-5, L5-S1');
  // Done bookings as the day would leave them (the operations that get there are tested in
  // tests/db/interventions-history.test.ts): the January epidural recorded before the December block.
  const sqlite = r.app.dispatcher.conn.sqlite;
  const booking = sqlite.prepare(
    `INSERT INTO intervention_bookings (request_id, session_id, patient_id, procedure_code, clinician_id,
       session_date, planned_minutes, status, short_notice_agreed, cancelled_on_day, booked_at,
       in_room_start, in_room_end)
     VALUES (?, ?, ?, ?, ?, ?, 25, 'done', 0, 0, '2026-11-21T10:00:00Z', ?, ?)`,
  );
  booking.run(
    epidural.id,
    session.id,
    patientId,
    'ESI_CAUDAL',
    consultant.id,
    '2027-01-12',
    '09:00',
    '09:25',
  );
  const b = booking.run(
    mbb.id,
    session.id,
    patientId,
    'MBB_L',
    consultant.id,
    '2026-12-15',
    '08:40',
    '09:02',
  );
  sqlite
    .prepare(
      `INSERT INTO intervention_outcomes (booking_id, request_id, patient_id, procedure_code, procedure_date,
         site, relief_percent, relief_duration_weeks, assessed_on, relief_duration_hours, complications, pgic,
         successful, recorded_at)
       VALUES (?, ?, ?, 'MBB_L', '2026-12-15', 'L4-5, L5-S1', 80, NULL, '2026-12-15', 6, 'None', 2, 1,
         '2026-12-15T12:00:00Z')`,
    )
    .run(Number(b.lastInsertRowid), mbb.id, patientId);
  r.sent.length = 0;
});
afterEach(() => r.close());

describe('Procedure history on the patient record (renderer, real dispatcher)', () => {
  it('lists the procedures done in date order, in words, under the patient banner; the read is audited', async () => {
    const { user } = await renderScreen(<PatientRecordPage mode="view" />, {
      path: `/patients/${patientId}`,
      pattern: '/patients/:id',
    });
    await user.click(await screen.findByRole('tab', { name: 'Interventions' }));
    const table = await screen.findByRole('table', { name: 'Procedure history' });
    const rows = await within(table).findAllByRole('row');
    const cells = rows.slice(1).map((row) =>
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    );
    expect(cells).toEqual([
      [
        '15-Dec-2026in room 08:40–09:02',
        'Lumbar/thoracic medial branch block (diagnostic)Test consultant',
        'Lumbar spine L4-L5, L5-S1 bilateral',
        '80% relief for 6 hours, assessed 15-Dec-2026; PGIC 2 (much improved); successful (50% or more relief)',
        'None recorded',
      ],
      [
        '12-Jan-2027in room 09:00–09:25',
        'Caudal epidural steroid injectionTest consultant',
        'Sacral / caudal midline',
        'Outcome not yet recorded',
        'Not yet recorded',
      ],
    ]);
    // The patient banner is on the record (name, NHS number, date of birth).
    expect(screen.getByTestId('banner-born').textContent).toMatch(/^\d{2}-[A-Z][a-z]{2}-\d{4}/);
    expect(r.sent.filter((s) => s.channel === 'interventions:procedureHistory')).toHaveLength(1);
    const audited = r.app.dispatcher.conn.sqlite
      .prepare(
        "SELECT action, patient_id FROM audit_log WHERE entity = 'interventions:procedureHistory' ORDER BY id",
      )
      .all();
    expect(audited).toEqual([{ action: 'record.view', patient_id: patientId }]);
  });
});
