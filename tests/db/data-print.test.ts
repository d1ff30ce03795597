import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';

/** 'audit:print': printing a print view (PDF in the desktop app, the browser's print in the preview) is audited. */
let app: TestApp;
const auditRows = () =>
  app.dispatcher.conn.sqlite
    .prepare(
      "SELECT action, entity, entity_id, patient_id, user_id, after_json FROM audit_log WHERE action LIKE 'print.%' ORDER BY id",
    )
    .all() as {
    action: string;
    entity: string;
    entity_id: number;
    patient_id: number | null;
    user_id: number;
    after_json: string;
  }[];

beforeAll(async () => {
  app = await createTestApp();
  await signedInAs(app, 'coordinator', 'coord');
  await signedInAs(app, 'admin', 'admin');
});
afterAll(async () => app.close());

describe('audit:print', () => {
  it('records who printed which meeting list, and how', async () => {
    const [type] = await app.ok('mdt:meetingTypes:list', {}, 'coord');
    const meeting = await app.ok('mdt:meetings:createNext', { meetingTypeId: type!.id }, 'coord');
    await app.ok('audit:print', { kind: 'mdt-meeting-list', id: meeting.id, output: 'pdf' }, 'coord');
    await app.ok(
      'audit:print',
      { kind: 'mdt-meeting-list', id: meeting.id, output: 'browser-print' },
      'coord',
    );
    const rows = auditRows();
    expect(rows.map((r) => [r.action, r.entity, r.entity_id, r.patient_id])).toEqual([
      ['print.pdf', 'mdt_meetings', meeting.id, null],
      ['print.browser', 'mdt_meetings', meeting.id, null],
    ]);
    expect(rows[0]!.user_id).toBeGreaterThan(0);
    expect(JSON.parse(rows[0]!.after_json)).toEqual({ view: 'mdt-meeting-list' });
  });

  it('refuses what does not exist, writing nothing', async () => {
    const before = auditRows().length;
    for (const kind of ['mdt-letter', 'mdt-meeting-list', 'medicines-letter'] as const) {
      const r = await app.call('audit:print', { kind, id: 999_999, output: 'pdf' }, 'coord');
      expect(r.ok === false && r.error.code).toBe('NOT_FOUND');
    }
    expect(auditRows().length).toBe(before);
  });

  it('needs patient.read (an administrator may not print clinical letters)', async () => {
    const r = await app.call('audit:print', { kind: 'mdt-meeting-list', id: 1, output: 'pdf' }, 'admin');
    expect(r.ok === false && r.error.code).toBe('FORBIDDEN');
  });
});
