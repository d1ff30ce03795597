import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays as addDays } from '../../shared/clinical/calendar';
import { formatDateGb, londonToday } from '../../shared/dates';
import { readyRecord } from '../helpers/seed';
import { launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { closeAll, newPage, PASSWORD, seedStaff, signInThroughUi } from './staff';

/**
 * Issue 14 walked as a new consultant and a new coordinator would, at 1440x900 and 1280x720: an apixaban SCS
 * trial whose hold the consultant approved for a list three weeks ahead (the leads stay in for days, so the
 * approved line must not give a restart 24 h after the insertion), an urgent patient not ready above it on
 * the list, and "Fill this session" on that list offering the ready one first.
 */
let browser: Browser;
let preview: PreviewFixture;
const today = londonToday();
const dateA = addDays(today, 21);
let trialId = 0;
const seed = (channel: string, payload: unknown, session = 'nurse-seed') =>
  preview.seed<Record<string, unknown> & { id: number; version: number }>(channel, payload, session);
const pages: { page: Page; who: string }[] = [];

function monday(date: string): string {
  const js = new Date(`${date}T12:00:00Z`).getUTCDay();
  return addDays(date, -((js + 6) % 7));
}

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  const staff = await seedStaff(
    preview,
    [
      { username: 'apatel', displayName: 'Dr Asha Patel', role: 'consultant' },
      { username: 'sjones', displayName: 'Sarah Jones', role: 'nurse' },
      { username: 'cwood', displayName: 'Chris Wood', role: 'coordinator' },
    ],
    { signIn: { sjones: 'nurse-seed', apatel: 'cons-seed' } },
  );
  const consultantId = staff.apatel!;
  const s = await seed('interventions:createSession', {
    date: dateA,
    start: '08:30',
    end: '12:30',
    room: 'Theatre 1',
    setting: 'theatre',
    clinicianId: consultantId,
    radiographer: 'R. Green',
    equipment: ['fluoroscopy', 'stimulator-kit-and-rep'],
    unavailableMinutes: 0,
    turnaroundMinutes: 15,
    overrideReason: 'Agreed list',
  });
  const patient = (nhsNumber: string, surname: string) =>
    seed('patients:create', {
      nhsNumber,
      surname,
      forename: 'Test',
      dateOfBirth: '1950-01-01',
      sex: 'female',
      allergies: [],
    });
  const request = (patientId: number, priority: string) =>
    seed('interventions:request', {
      patientId,
      procedureCode: 'SCS_TRIAL',
      side: 'midline',
      site: 'T9-T10',
      indication: 'Failed back surgery syndrome, neuropathic leg pain',
      priority,
      requestedClinicianId: consultantId,
      rttClockStart: today,
    });
  // Urgent, nothing recorded: first on the list, not ready.
  await request((await patient('9434765870', 'Urgent')).id, 'P2');
  const r = await request((await patient('9434765919', 'Trial')).id, 'P3');
  trialId = r.id;
  await seed('interventions:updateReadiness', {
    id: r.id,
    version: r.version,
    readiness: readyRecord({
      consentStage1Date: today,
      mrsaScreenDate: today,
      crclMlPerMin: 72,
      crclDate: today,
    }),
  });
  const d = await preview.seed<{ antithrombotics: { id: number }[] }>(
    'interventions:addAntithrombotic',
    { requestId: r.id, drug: 'apixaban', dose: '5 mg twice daily', doseTimes: ['08:00', '20:00'] },
    'nurse-seed',
  );
  await seed(
    'interventions:approveHold',
    { antithromboticId: d.antithrombotics[0]!.id, sessionId: s.id },
    'cons-seed',
  );
  for (const who of ['apatel', 'cwood'])
    for (const size of [
      { width: 1440, height: 900 },
      { width: 1280, height: 720 },
    ]) {
      const page = await newPage(browser);
      await page.setViewportSize(size);
      await signInThroughUi(page, preview, who, PASSWORD, { waitForForm: true });
      pages.push({ page, who });
    }
}, 180_000);
afterAll(() => closeAll(browser, preview));

const base = () => preview.server.url.split('?')[0];
const tag = ({ page, who }: { page: Page; who: string }) =>
  `${who}-${page.viewportSize()!.width}x${page.viewportSize()!.height}`;

describe('issue 14 as a consultant and a coordinator', () => {
  it('the trial request: the approved hold line waits for the lead removal', async () => {
    for (const p of pages) {
      await p.page.goto(`${base()}#/interventions/requests/${trialId}`);
      const item = p.page.getByTestId('readiness-hold-plan-apixaban');
      await item.waitFor();
      await expect
        .poll(() => item.innerText())
        .toContain(
          `Approved: last dose no later than ${formatDateGb(addDays(dateA, -5))} 08:30; restart not while the trial leads are in`,
        );
      await expect(item.innerText()).resolves.not.toContain('restart not before');
      // Every date on the readiness record is entered dd/mm/yyyy (the INR result date was the browser's own
      // date box, which shows mm/dd/yyyy in a US-English browser).
      await expect
        .poll(() => p.page.getByLabel('INR result date', { exact: true }).getAttribute('placeholder'))
        .toBe('dd/mm/yyyy');
      await screenshot(p.page, `walk7-request-${tag(p)}`);
    }
  });

  it('fill this session offers the ready trial first, the urgent patient after with why', async () => {
    for (const p of pages) {
      await p.page.goto(`${base()}#/interventions/calendar?week=${monday(dateA)}`);
      const card = p.page.getByRole('article', { name: 'Session Theatre 1 08:30-12:30' });
      await card.getByRole('button', { name: 'Fill this session' }).click();
      const fill = p.page.getByRole('table', { name: 'Patients who fit this session' });
      await fill.waitFor();
      const rows = fill.getByRole('row');
      await expect.poll(() => rows.count()).toBe(3);
      await expect(rows.nth(1).innerText()).resolves.toContain('TRIAL, Test');
      await expect(rows.nth(2).innerText()).resolves.toContain('URGENT, Test');
      await screenshot(p.page, `walk7-fill-${tag(p)}`);
    }
  });
});
