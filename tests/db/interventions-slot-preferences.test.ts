import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import { interventionsTeam, JO, readyRecord, theatreSession } from '../helpers/seed';

/**
 * Issue 14, "Find a slot honours the requested clinician, bank holidays, the MRSA window and the hold plan
 * for each candidate date": the requested clinician and the bank holiday, worked by hand. Today is
 * 21-Nov-2026 (the test clock): every list below is more than 3 weeks ahead, so no short-notice warning.
 * Three day-case lists: Tue 22-Dec-2026 with ANOTHER consultant; Wed 23-Dec-2026 with the requested one;
 * Fri 25-Dec-2026 (Christmas Day, England and Wales bank holiday, gov.uk) with the requested one. Expected:
 * 23-Dec first with no warning; then the two one-warning dates in date order: 22-Dec (not the requested
 * clinician), 25-Dec (bank holiday).
 */
describeEachEngine('find a slot: the requested clinician and bank holidays', (engine) => {
  let app: TestApp;
  let consultantId = 0;
  beforeEach(async () => {
    app = await createTestApp(engine);
    consultantId = await interventionsTeam(app, { others: [['other1', 'Dr Other', 'consultant']] });
  });
  afterEach(async () => app.close());

  it('offers the requested clinician on an ordinary day first; warns for another clinician and for Christmas Day', async () => {
    const other = await app.dispatcher.conn.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'other1')
      .executeTakeFirstOrThrow();
    const dayCase = (date: string, clinicianId: number, over: Record<string, unknown> = {}) =>
      theatreSession(app, clinicianId, { date, setting: 'day-case', room: `Day unit ${date}`, ...over });
    await dayCase('2026-12-22', other.id);
    await dayCase('2026-12-23', consultantId);
    await dayCase('2026-12-25', consultantId, { overrideReason: 'Agreed extra list' });
    const patientId = (await app.ok('patients:create', JO, 'nurse')).id;
    const r = await app.ok(
      'interventions:request',
      {
        patientId,
        procedureCode: 'ESI_CAUDAL',
        side: 'midline',
        site: 'caudal',
        indication: 'Sciatica',
        priority: 'P3',
        requestedClinicianId: consultantId,
        rttClockStart: '2026-11-01',
      } as never,
      'nurse',
    );
    await app.ok(
      'interventions:updateReadiness',
      { id: r.id, version: r.version, readiness: readyRecord({ sedationPlanned: false }) },
      'nurse',
    );
    const slots = await app.ok(
      'interventions:findSlot',
      { requestId: r.id, patientAgreedShortNotice: false },
      'nurse',
    );
    expect(slots.map((s) => [s.session.date, s.warnings.map((w) => w.code)])).toEqual([
      ['2026-12-23', []],
      ['2026-12-22', ['NOT_REQUESTED_CLINICIAN']],
      ['2026-12-25', ['BANK_HOLIDAY']],
    ]);
    expect(slots[2]!.warnings[0]!.message).toBe('25-Dec-2026 is a bank holiday (Christmas Day).');
    expect(slots[1]!.warnings[0]!.message).toMatch(/^Not the requested clinician \(.+\)\.$/);
  });
});
