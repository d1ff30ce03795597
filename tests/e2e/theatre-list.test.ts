import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { closeAll, newPage, PASSWORD, seedStaff, signInThroughUi } from './staff';

/**
 * Issue 14, the theatre list in the browser preview: the day view per room with a time axis, each case
 * in order with its start time, site with side and levels, allergy and anticoagulant flags; a clash
 * marked; the printed list for the team brief and WHO checklist, printed through the browser and audited.
 */
let browser: Browser;
let page: Page;
let preview: PreviewFixture;
let sessionId = 0;
const DATE = '2027-03-10';

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  await seedStaff(
    preview,
    [
      { username: 'apatel', displayName: 'Dr Asha Patel', role: 'consultant', password: PASSWORD },
      { username: 'sjones', displayName: 'Sam Jones', role: 'nurse', password: PASSWORD },
    ],
    { signIn: { apatel: 'cons', sjones: 'nurse' } },
  );
  const users = await preview.seed<{ id: number; displayName: string }[]>('users:clinicians', {}, 'nurse');
  const consultant = users.find((u) => u.displayName === 'Dr Asha Patel')!;
  const session = await preview.seed<{ id: number }>(
    'interventions:createSession',
    {
      date: DATE,
      start: '08:30',
      end: '12:30',
      room: 'Theatre 3',
      setting: 'theatre',
      clinicianId: consultant.id,
      radiographer: 'R. Green',
      equipment: ['fluoroscopy', 'rf-generator'],
      unavailableMinutes: 0,
      turnaroundMinutes: 15,
    },
    'nurse',
  );
  sessionId = session.id;
  const sqlite = preview.dispatcher.conn.sqlite;
  for (const [nhs, surname, site, side, allergies] of [
    ['9434765919', 'Ellis', 'L4-5', 'bilateral', [{ agent: 'Latex', reaction: 'Urticaria' }]],
    ['9434765870', 'Khan', 'L5-S1', 'right', []],
  ] as const) {
    const p = await preview.seed<{ id: number }>(
      'patients:create',
      { nhsNumber: nhs, surname, forename: 'Test', dateOfBirth: '1958-04-02', sex: 'female', allergies },
      'nurse',
    );
    const r = await preview.seed<{ id: number }>(
      'interventions:request',
      {
        patientId: p.id,
        procedureCode: 'RFD_L',
        side,
        site,
        indication: 'Facet-mediated low back pain',
        priority: 'P3',
        requestedClinicianId: consultant.id,
        rttClockStart: '2026-11-01',
      },
      'nurse',
    );
    sqlite
      .prepare(
        `INSERT INTO intervention_bookings (request_id, session_id, patient_id, procedure_code, clinician_id,
          session_date, planned_minutes, status, short_notice_agreed, cancelled_on_day, booked_at)
         VALUES (?, ?, ?, 'RFD_L', ?, ?, 60, 'booked', 0, 0, '2026-11-21T10:00:00Z')`,
      )
      .run(r.id, sessionId, p.id, consultant.id, DATE);
  }
  page = await newPage(browser);
  await signInThroughUi(page, preview, 'sjones', PASSWORD, { waitForForm: true });
}, 90_000);
afterAll(() => closeAll(browser, preview));

describe('the theatre list', () => {
  it('shows the day per room with each case in order, its site and flags', async () => {
    await page.goto(`${preview.server.url.split('?')[0]}#/interventions/day/${DATE}`);
    const room = page.getByRole('region', { name: 'Room Theatre 3' });
    await room.waitFor();
    await expect.poll(() => room.innerText()).toContain('08:30 ELLIS, Test');
    const text = await room.innerText();
    expect(text).toContain('09:45 KHAN, Test');
    expect(text).toContain('Lumbar spine L4-L5 bilateral');
    expect(text).toContain('Lumbar spine L5-S1 right');
    expect(text.toLowerCase()).toContain('allergy'); // a badge (shown in capitals)
    await screenshot(page, 'theatre-01-day');
  });

  it('prints the list for the team brief and WHO checklist, and the print is audited', async () => {
    await page.getByRole('link', { name: 'Print list' }).click();
    const list = page.getByRole('region', { name: 'List Theatre 3' });
    await list.waitFor();
    const text = await list.innerText();
    expect(text).toContain('Theatre list · Theatre 3 · 10-Mar-2027 08:30-12:30');
    expect(text).toContain('Team brief');
    expect(text).toContain('Latex (Urticaria)');
    expect(text).toContain('WHO Surgical Safety Checklist');
    expect(text.indexOf('ELLIS, Test')).toBeLessThan(text.indexOf('KHAN, Test'));
    await page.evaluate('window.__prints = 0; window.print = () => { window.__prints++; }');
    await page.getByRole('button', { name: 'Print' }).click();
    const audits = () =>
      preview.dispatcher.conn.sqlite
        .prepare("SELECT entity, entity_id FROM audit_log WHERE action = 'print.browser'")
        .all();
    await expect.poll(() => audits().length).toBe(1);
    expect(audits()).toEqual([{ entity: 'intervention_sessions', entity_id: sessionId }]);
    expect(await page.evaluate('window.__prints')).toBe(1);
    await screenshot(page, 'theatre-02-printed-list');
    expect(await axeViolations(page)).toEqual([]);
  });
});
