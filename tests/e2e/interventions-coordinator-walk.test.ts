import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, generateDemo } from '../../db/demo/generate';
import { hashPassword } from '../../db/services/passwords';
import { addCalendarDays } from '../../shared/clinical/calendar';
import { londonToday } from '../../shared/dates';
import { TEST_PASSWORD_COST } from '../helpers/db';
import { readyRecord } from '../helpers/seed';
import { launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { coveredByHeader, pageSignedIn, settled, truncatedText } from './screen-checks';
import { developerText } from './screen-text';
import { closeAll } from './staff';

/**
 * Issue 14, "Done when ... holds in the browser preview tried as a new user would": the interventions
 * screens walked as the demo coordinator (Lucy Mills) over a demonstration database of 4,000 patients
 * (2,000 requests, over a thousand waiting), at 1,440 x 900 and 1,280 x 720. What a coordinator reads is
 * checked at each step: the waiting list's count is the number waiting (and says how many are shown); the
 * booked cases show (one request with a stored date after today once refused the whole list); a
 * booked case on the sessions calendar is named by its procedure, not a catalogue code; "Fill this session"
 * says how many are ready and that the whole list was checked; the day's theatre list cuts nothing off (short
 * cases lost their procedure and their allergy and anticoagulant flags); the printed list names each patient with NHS number and date of birth; a patient's procedure history has the patient banner
 * and en-GB dates. On every screen: nothing cut off, nothing under the header, no developer text.
 * Screenshots: test-results/screenshots/coordinator-walk-*.png.
 */
let browser: Browser;
let preview: PreviewFixture;
const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
] as const;
/** A catalogue code on screen ("SCS_TRIAL", "MBB_L", "ESI_TF"): what the data holds, not what people say. */
const CATALOGUE_CODE = /\b[A-Z]{2,}(?:_[A-Z0-9]+)+\b/g;

let waiting = 0;
let bookedDay = '';
let historyPatient = 0;
let historyPatientName = '';

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  const sqlite = preview.dispatcher.conn.sqlite;
  generateDemo(sqlite, {
    patients: 4000,
    passwordHash: await hashPassword(DEMO_PASSWORD, TEST_PASSWORD_COST),
  });
  waiting = sqlite
    .prepare(`SELECT count(*) FROM intervention_requests WHERE status = 'waiting'`)
    .pluck()
    .get() as number;
  // The first future weekday with a booked case (the demo books future lists partly).
  bookedDay = sqlite
    .prepare(
      `SELECT min(s.date) FROM intervention_sessions s JOIN intervention_bookings b ON b.session_id = s.id
       WHERE b.status = 'booked' AND s.date > date('now')`,
    )
    .pluck()
    .get() as string;
  // The demo's lists are all ahead at this size: one procedure is done today, through the app as the
  // consultant (listed, ready, booked on an early list, the day and the outcome recorded).
  await preview.seed('auth:signIn', { username: 'apatel', password: DEMO_PASSWORD }, 'walk-consultant');
  const seed = (channel: string, payload: unknown) =>
    preview.seed<{ id: number; version: number }>(channel, payload, 'walk-consultant');
  const consultant = sqlite.prepare(`SELECT id FROM users WHERE username = 'apatel'`).pluck().get() as number;
  const p = sqlite
    .prepare(`SELECT id, upper(surname) || ', ' || forename AS name FROM patients ORDER BY id LIMIT 1`)
    .get() as { id: number; name: string };
  historyPatient = p.id;
  historyPatientName = p.name;
  const today = londonToday();
  const req = await seed('interventions:request', {
    patientId: p.id,
    procedureCode: 'MBB_L',
    side: 'bilateral',
    site: 'L4-5',
    indication: 'Suspected facet joint pain, 8 months',
    priority: 'P3',
    requestedClinicianId: consultant,
    rttClockStart: addCalendarDays(today, -30),
  });
  await seed('interventions:updateReadiness', {
    id: req.id,
    version: req.version,
    readiness: readyRecord({
      consentStage1Date: today,
      consentLeafletVersion: 'MBB v2',
      mrsaScreenDate: today,
      sedationPlanned: false,
    }),
  });
  const session = await seed('interventions:createSession', {
    date: today,
    start: '07:00',
    end: '08:15',
    room: 'Walk room',
    setting: 'day-case',
    clinicianId: consultant,
    radiographer: 'R. Green',
    equipment: ['fluoroscopy'],
    unavailableMinutes: 0,
    turnaroundMinutes: 15,
    overrideReason: 'Early list for the walk',
  });
  const booked = await preview.seed<{ bookingId: number }>(
    'interventions:book',
    { requestId: req.id, sessionId: session.id, patientAgreedShortNotice: true, overrideReason: 'Walk' },
    'walk-consultant',
  );
  await seed('interventions:recordDay', {
    bookingId: booked.bookingId,
    consentStage2: true,
    safetyChecklist: true,
    inRoomStart: '07:05',
    inRoomEnd: '07:35',
  });
  await seed('interventions:recordOutcome', {
    bookingId: booked.bookingId,
    reliefPercent: 80,
    reliefDurationWeeks: null,
    reliefDurationHours: 6,
    complications: 'None',
    pgic: 2,
  });
}, 300_000);
afterAll(() => closeAll(browser, preview));

async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${preview.server.url.split('#')[0]}#${path}`);
  await page.locator('main').waitFor();
}

/** Nothing cut off, nothing under the header, no developer text and no catalogue code on screen. */
async function problems(page: Page): Promise<string[]> {
  const text = (await page.evaluate('document.body.innerText')) as string;
  return [
    ...(await truncatedText(page)),
    ...(await coveredByHeader(page)),
    ...(await developerText(page)),
    ...[...text.matchAll(CATALOGUE_CODE)].map((m) => `catalogue code: ${m[0]}`),
  ];
}

/** Boxes in the day's room columns that cut off what they hold (overflow hidden, content taller or wider). */
const CLIPPED = `[...document.querySelectorAll('main section[aria-label^="Room "] *')]
  .filter((el) => {
    const s = getComputedStyle(el);
    const hides = s.overflowY === 'hidden' || s.overflowX === 'hidden' || s.overflowY === 'clip';
    return hides && (el.innerText || '').trim() !== '' &&
      (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1);
  })
  .map((el) => 'cut off in the theatre list: ' + el.innerText.trim().replace(/\\s+/g, ' ').slice(0, 80))`;

function monday(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

describe('interventions walked as a new coordinator, over thousands of requests', () => {
  for (const viewport of VIEWPORTS) {
    const size = `${viewport.width}x${viewport.height}`;
    it(`at ${size}: waiting list, sessions, fill this session, theatre list, printed list, procedure history`, async () => {
      const page = await pageSignedIn(browser, preview.server.url, 'lmills', viewport);
      const findings: string[] = [];
      const check = async (step: string) => {
        await settled(page);
        for (const f of await problems(page)) findings.push(`${step}: ${f}`);
        await screenshot(page, `coordinator-walk-${step}-${size}`);
      };

      // The waiting list: the count is the number waiting, and says the first 200 are shown.
      await open(page, '/interventions');
      const count = page.getByTestId('waiting-count');
      await expect
        .poll(() => count.innerText(), { timeout: 60_000 })
        .toBe(
          `${waiting.toLocaleString('en-GB')} waiting, first 200 shown · sorted by priority, then RTT breach date`,
        );
      expect(await page.getByTestId('waiting-row').count()).toBeGreaterThan(0);
      await check('waiting-list');
      // The booked cases, each with its booked date and readiness for it.
      await page.getByLabel('Show').selectOption('booked');
      await expect.poll(() => count.innerText(), { timeout: 60_000 }).toMatch(/^\d[\d,]* booked/);
      expect(await page.getByRole('alert').count()).toBe(0);
      expect(await page.getByTestId('waiting-row').first().innerText()).toMatch(/\d{2}-[A-Z][a-z]{2}-\d{4}/);
      await check('booked');

      // The week of the first booked case: each case named by its procedure.
      await open(page, `/interventions/calendar?week=${monday(bookedDay)}`);
      const card = page.getByRole('article').filter({ hasText: ' min' }).filter({ hasText: ', ' }).first();
      await card.waitFor({ timeout: 60_000 });
      await check('calendar');

      // Fill this session: what was found, in words, then the patients.
      await card.getByRole('button', { name: 'Fill this session' }).click();
      const summary = page.getByTestId('fill-summary');
      await summary.waitFor({ timeout: 120_000 });
      expect(await summary.innerText()).toMatch(
        /ready to book|whole waiting list was checked|more may be ready further down/,
      );
      await check('fill-session');
      await page.keyboard.press('Escape');

      // The day's theatre list, then one list printed for the team brief.
      await open(page, `/interventions/day/${bookedDay}`);
      await page.getByRole('link', { name: 'Print list' }).first().waitFor({ timeout: 60_000 });
      await check('theatre-day');
      // Every case shows all it holds: name, procedure, site and side, allergy and anticoagulant flags.
      findings.push(...((await page.evaluate(CLIPPED)) as string[]));
      await page.getByRole('link', { name: 'Print list' }).first().click();
      const list = page.locator('.theatre-list table');
      await list.waitFor({ timeout: 60_000 });
      const firstCase = await list.locator('tbody tr').first().innerText();
      expect(firstCase).toMatch(/NHS \d{3} \d{3} \d{4}/);
      expect(firstCase).toMatch(/Born \d{2}-[A-Z][a-z]{2}-\d{4}/);
      await check('printed-list');

      // A patient's procedure history: the banner names the patient; dates are en-GB.
      await open(page, `/patients/${historyPatient}`);
      await page.getByRole('tab', { name: 'Interventions', exact: true }).click();
      const history = page.getByRole('table', { name: 'Procedure history' });
      await history.waitFor({ timeout: 60_000 });
      expect(await page.locator('main').innerText()).toContain(historyPatientName);
      expect(await history.locator('tbody tr').first().innerText()).toMatch(/^\d{2}-[A-Z][a-z]{2}-\d{4}/);
      expect(await history.innerText()).toMatch(/80% relief for 6 hours/);
      await check('procedure-history');

      expect(findings).toEqual([]);
      await page.context().close();
    }, 600_000);
  }
});
