import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { closeAll, newPage, PASSWORD, seedStaff, signInThroughUi } from './staff';

/**
 * Issue 14, sessions: "lists created on Christmas Day ... and on top of another list in the same room". In
 * the browser preview, scheduling a session:
 * - on a bank holiday (Monday 3 May 2027, Early May bank holiday: GOV.UK, "UK bank holidays", England and
 *   Wales) warns beside the reason field and saves nothing until a reason is given; the week it lands on
 *   marks the day as a bank holiday;
 * - in a room that already has a list at an overlapping time is refused beside the room, even with a reason;
 * - for a clinician already on another list at that time (another room) warns and needs a reason.
 */
let browser: Browser;
let preview: PreviewFixture;
let page: Page;
const REASON = 'Reason, if warned (bank holiday, clinician on another list)';

const sessions = () => preview.count('intervention_sessions');

async function newSession(fields: { date: string; start: string; end: string; room: string }) {
  const url = `${preview.server.url.split('?')[0]}#/interventions/sessions/new`;
  // A fresh, empty form each time (the same address again would keep the last form's values).
  await page.goto(url);
  await page.reload();
  const form = page.getByRole('form', { name: 'New session' });
  await form.waitFor();
  await form.getByLabel('Date', { exact: true }).fill(fields.date);
  await form.getByLabel('Start', { exact: true }).fill(fields.start);
  await form.getByLabel('End', { exact: true }).fill(fields.end);
  await form.getByLabel('Room', { exact: true }).fill(fields.room);
  await form.getByLabel('Clinician', { exact: true }).selectOption({ label: 'Dr Asha Patel' });
  return form;
}

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  const staff = await seedStaff(
    preview,
    [
      { username: 'apatel', displayName: 'Dr Asha Patel', role: 'consultant' },
      { username: 'sjones', displayName: 'Sarah Jones', role: 'nurse' },
    ],
    { signIn: { sjones: 'nurse-seed' } },
  );
  // Wednesday 13 January 2027: Dr Patel's list in Theatre 2, 09:00-13:00.
  await preview.seed(
    'interventions:createSession',
    {
      date: '2027-01-13',
      start: '09:00',
      end: '13:00',
      room: 'Theatre 2',
      setting: 'theatre',
      clinicianId: staff.apatel,
      radiographer: 'R. Green',
      equipment: ['fluoroscopy'],
      unavailableMinutes: 0,
      turnaroundMinutes: 15,
    },
    'nurse-seed',
  );
  page = await newPage(browser);
  await signInThroughUi(page, preview, 'sjones', PASSWORD, { waitForForm: true });
}, 90_000);
afterAll(() => closeAll(browser, preview));

describe('scheduling a session: bank holiday and overlap warnings', () => {
  it('warns on a bank holiday, saves nothing without a reason, and marks the day on the week', async () => {
    const before = sessions();
    const form = await newSession({ date: '03/05/2027', start: '08:30', end: '12:30', room: 'Theatre 1' });
    // The date is marked as a bank holiday as soon as it is entered, before saving.
    await form.getByText('Bank holiday: Early May bank holiday', { exact: true }).waitFor();
    await form.getByRole('button', { name: 'Create session' }).click();
    const reason = form.getByLabel(REASON, { exact: true });
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    await expect
      .poll(() => form.innerText(), { timeout: 30_000 })
      .toContain(
        '03-May-2027 is a bank holiday (Early May bank holiday). Give a reason to create the list anyway.',
      );
    expect(sessions()).toBe(before);
    await screenshot(page, 'int2-session-1-bank-holiday-warned');
    expect(await axeViolations(page)).toEqual([]);

    await reason.fill('Waiting-list initiative agreed with the theatre manager');
    await form.getByRole('button', { name: 'Create session' }).click();
    // Leaves you on its week, with the day marked.
    await page.getByRole('heading', { name: 'Week of 03-May-2027' }).waitFor();
    expect(sessions()).toBe(before + 1);
    await page.getByRole('article', { name: 'Session Theatre 1 08:30-12:30' }).waitFor();
    await page.getByText('Bank holiday: Early May bank holiday', { exact: true }).waitFor();
    const stored = preview.dispatcher.conn.sqlite
      .prepare("SELECT override_reason FROM intervention_sessions WHERE date = '2027-05-03'")
      .pluck()
      .get();
    expect(stored).toBe('Waiting-list initiative agreed with the theatre manager');
    await screenshot(page, 'int2-session-2-bank-holiday-week');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('refuses a list in a room that already has one at an overlapping time, even with a reason', async () => {
    const before = sessions();
    const form = await newSession({ date: '13/01/2027', start: '10:00', end: '12:00', room: 'Theatre 2' });
    await form.getByLabel(REASON, { exact: true }).fill('Extra list');
    await form.getByRole('button', { name: 'Create session' }).click();
    const room = form.getByLabel('Room', { exact: true });
    await expect.poll(() => room.getAttribute('aria-invalid')).toBe('true');
    await expect
      .poll(() => form.innerText(), { timeout: 30_000 })
      .toContain(
        'Theatre 2 already has a list on 13-Jan-2027 09:00-13:00 (Dr Asha Patel), which overlaps this one. Choose another room or time.',
      );
    expect(sessions()).toBe(before);
    await screenshot(page, 'int2-session-3-room-overlap-refused');
  });

  it('warns when the clinician is already on another list at that time, and needs a reason', async () => {
    const before = sessions();
    const form = await newSession({ date: '13/01/2027', start: '12:00', end: '16:00', room: 'Theatre 4' });
    await form.getByRole('button', { name: 'Create session' }).click();
    const reason = form.getByLabel(REASON, { exact: true });
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    await expect
      .poll(() => form.innerText(), { timeout: 30_000 })
      .toContain(
        'Dr Asha Patel already has a list in Theatre 2 on 13-Jan-2027 09:00-13:00, which overlaps this one. Give a reason to create the list anyway.',
      );
    expect(sessions()).toBe(before);
    await reason.fill('Dr Patel supervises the trainee in Theatre 4 from 12:00');
    await form.getByRole('button', { name: 'Create session' }).click();
    await page.getByRole('heading', { name: 'Week of 11-Jan-2027' }).waitFor();
    expect(sessions()).toBe(before + 1);
    await page.getByRole('article', { name: 'Session Theatre 4 12:00-16:00' }).waitFor();
    await page.getByRole('article', { name: 'Session Theatre 2 09:00-13:00' }).waitFor();
    await screenshot(page, 'int2-session-4-clinician-overlap-week');
    expect(await axeViolations(page)).toEqual([]);
  });
});
