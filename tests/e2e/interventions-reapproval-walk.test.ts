import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays as addDays } from '../../shared/clinical/calendar';
import { formatDateGb, londonToday } from '../../shared/dates';
import { readyRecord } from '../helpers/seed';
import { launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { closeAll, newPage, PASSWORD, seedStaff, signInThroughUi } from './staff';

/**
 * Issue 14, "needs re-approval" everywhere a hold plan shows, walked as a coordinator would, at 1440x900
 * and 1280x720. Two patients on apixaban listed for an SCS trial (high bleeding risk), each hold approved by
 * the consultant for one list and booked:
 * - MOVED: the booking is cancelled (the patient asked for another date): the approval was for that start;
 * - DOSES: still booked, but the usual dose times are corrected: the approval no longer matches the plan.
 * The request page, find a slot, the waiting list, the day view and the printed theatre list must all say
 * the plan needs re-approval (before: only the request page did; the rest said "not approved").
 */
let browser: Browser;
let preview: PreviewFixture;
const today = londonToday();
const dateA = addDays(today, 21);
const dateB = addDays(today, 28);
let movedId = 0;
let sessionB = 0;
const seed = (channel: string, payload: unknown, session = 'nurse-seed') =>
  preview.seed<Record<string, unknown> & { id: number; version: number }>(channel, payload, session);
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
] as const;
const pages: Page[] = [];

async function apixabanBooked(nhs: string, surname: string, consultantId: number, sessionId: number) {
  const p = await seed('patients:create', {
    nhsNumber: nhs,
    surname,
    forename: 'Test',
    dateOfBirth: '1950-01-01',
    sex: 'female',
    allergies: [],
  });
  const r = await seed('interventions:request', {
    patientId: p.id,
    procedureCode: 'SCS_TRIAL',
    side: 'midline',
    site: 'T9-T10',
    indication: 'Failed back surgery syndrome, neuropathic leg pain',
    priority: 'P3',
    requestedClinicianId: consultantId,
    rttClockStart: today,
  });
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
    { antithromboticId: d.antithrombotics[0]!.id, sessionId },
    'cons-seed',
  );
  const booked = await preview.seed<{ bookingId: number }>(
    'interventions:book',
    { requestId: r.id, sessionId },
    'nurse-seed',
  );
  return { requestId: r.id, antiId: d.antithrombotics[0]!.id, bookingId: booked.bookingId };
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
  const ids: number[] = [];
  for (const [date, room] of [
    [dateA, 'Theatre 1'],
    [dateB, 'Theatre 2'],
  ] as const) {
    const s = await seed('interventions:createSession', {
      date,
      start: '08:30',
      end: '12:30',
      room,
      setting: 'theatre',
      clinicianId: consultantId,
      radiographer: 'R. Green',
      equipment: ['fluoroscopy', 'stimulator-kit-and-rep'],
      unavailableMinutes: 0,
      turnaroundMinutes: 15,
      overrideReason: 'Agreed list',
    });
    ids.push(s.id);
  }
  sessionB = ids[1]!;
  const moved = await apixabanBooked('9434765919', 'Moved', consultantId, ids[0]!);
  movedId = moved.requestId;
  await seed('interventions:cancel', {
    bookingId: moved.bookingId,
    kind: 'patient',
    reason: 'Patient asked to move the date',
  });
  const doses = await apixabanBooked('9434765870', 'Doses', consultantId, sessionB);
  await seed('interventions:setDoseTimes', { antithromboticId: doses.antiId, doseTimes: ['09:00', '21:00'] });
  for (const size of SIZES) {
    const page = await newPage(browser);
    await page.setViewportSize(size);
    await signInThroughUi(page, preview, 'cwood', PASSWORD, { waitForForm: true });
    pages.push(page);
  }
}, 120_000);
afterAll(() => closeAll(browser, preview));

const base = () => preview.server.url.split('?')[0];
const tag = (page: Page) => `${page.viewportSize()!.width}x${page.viewportSize()!.height}`;

describe('needs re-approval everywhere, as a coordinator sees it', () => {
  it('the request page, its readiness and find a slot', async () => {
    for (const page of pages) {
      await page.goto(`${base()}#/interventions/requests/${movedId}`);
      const plans = page.getByRole('table', { name: 'Hold plans' });
      await plans.getByText('Needs prescriber re-approval', { exact: true }).waitFor();
      await expect
        .poll(() => plans.innerText(), { timeout: 30_000 })
        .toContain(`the booking on ${dateA.split('-').reverse().join('/')} was cancelled`);
      await screenshot(page, `walk-request-${tag(page)}`);
      await page.getByRole('button', { name: 'Find a slot' }).click();
      const slots = page.getByRole('table', { name: 'Available sessions, best first' });
      await slots.waitFor();
      await expect.poll(() => slots.innerText()).toContain('needs re-approval');
      await screenshot(page, `walk-find-slot-${tag(page)}`);
    }
  });

  it('the waiting list flags both rows, waiting and booked', async () => {
    for (const page of pages) {
      await page.goto(`${base()}#/interventions`);
      const table = page.getByRole('table', { name: 'Waiting list' });
      const moved = table.getByRole('row').filter({ hasText: 'MOVED, Test' });
      await moved.getByText('Hold plan needs re-approval: apixaban').waitFor();
      await screenshot(page, `walk-waiting-${tag(page)}`);
      await page.getByLabel('Show', { exact: true }).selectOption('booked');
      const doses = table.getByRole('row').filter({ hasText: 'DOSES, Test' });
      await doses.getByText('Hold plan needs re-approval: apixaban').waitFor();
      await doses.getByText('Booked, no longer ready', { exact: true }).waitFor();
      await screenshot(page, `walk-waiting-booked-${tag(page)}`);
    }
  });

  it('the day view and the printed theatre list say NEEDS RE-APPROVAL with why', async () => {
    for (const page of pages) {
      await page.goto(`${base()}#/interventions/day/${dateB}`);
      const room = page.getByRole('region', { name: 'Room Theatre 2' });
      await room.waitFor();
      const flag = room.getByText('Hold needs re-approval', { exact: true });
      await flag.waitFor();
      // The badge's tooltip (its root element's title) gives the line and why.
      await expect
        .poll(() => flag.evaluate((e) => e.closest('[title]')?.getAttribute('title') ?? ''), {
          timeout: 30_000,
        })
        .toContain('apixaban: hold NEEDS RE-APPROVAL (the usual dose times changed to 09:00, 21:00)');
      await screenshot(page, `walk-day-${tag(page)}`);
      await page.goto(`${base()}#/interventions/sessions/${sessionB}/print`);
      const list = page.getByRole('region', { name: 'List Theatre 2' });
      await list.waitFor();
      await expect
        .poll(() => list.innerText())
        .toContain('apixaban: hold NEEDS RE-APPROVAL (the usual dose times changed to 09:00, 21:00)');
      await expect
        .poll(() => list.innerText(), { timeout: 30_000 })
        .toContain(`Theatre list · Theatre 2 · ${formatDateGb(dateB)} 08:30-12:30`);
      await screenshot(page, `walk-print-${tag(page)}`);
    }
  });
});
