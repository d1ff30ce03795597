import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays as addDays } from '../../shared/clinical/calendar';
import { londonToday } from '../../shared/dates';
import { readyRecord } from '../helpers/seed';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { closeAll, newPage, PASSWORD, seedStaff, signInThroughUi } from './staff';

/**
 * Issue 14: "'Fill this session' offering nobody while ready patients waited further down". In the browser
 * preview, a list four weeks ahead and a long waiting list: 45 urgent (P2) patients listed first, none of
 * them ready (no readiness recorded), and one routine (P3) patient, ready, 46th in list order. "Fill this
 * session" offers the ready patient first (the whole list is considered), shows why others are not ready,
 * and books her from there.
 */
let browser: Browser;
let preview: PreviewFixture;
let page: Page;
const today = londonToday();
const listDate = addDays(today, 28);
const NOT_READY = 45;

/** A valid NHS number from 9 digits (modulus 11 check digit; a check digit of 10 is skipped). */
function nhsNumber(n: number): string | null {
  const body = String(400_000_000 + n).padStart(9, '0');
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return `${body}${check === 11 ? 0 : check}`;
}

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
    ],
    { signIn: { sjones: 'nurse-seed' } },
  );
  const seed = (channel: string, payload: unknown) =>
    preview.seed<{ id: number; version: number }>(channel, payload, 'nurse-seed');
  await seed('interventions:createSession', {
    date: listDate,
    start: '08:30',
    end: '12:30',
    room: 'Theatre 1',
    setting: 'day-case',
    clinicianId: staff.apatel,
    radiographer: 'R. Green',
    equipment: ['fluoroscopy'],
    unavailableMinutes: 0,
    turnaroundMinutes: 15,
    overrideReason: 'Agreed list',
  });
  const listed = async (nhs: string, surname: string, priority: 'P2' | 'P3', clock: string) => {
    const p = await seed('patients:create', {
      nhsNumber: nhs,
      surname,
      forename: 'Test',
      dateOfBirth: '1966-02-11',
      sex: 'female',
      allergies: [],
    });
    return seed('interventions:request', {
      patientId: p.id,
      procedureCode: 'MBB_L',
      side: 'bilateral',
      site: 'L4-5, L5-S1',
      indication: 'Suspected facet joint pain, moderate to severe, 8 months',
      priority,
      requestedClinicianId: staff.apatel,
      rttClockStart: clock,
    });
  };
  let made = 0;
  for (let n = 1; made < NOT_READY; n += 1) {
    const nhs = nhsNumber(n);
    if (!nhs) continue;
    made += 1;
    await listed(nhs, `Waiting${String(made).padStart(2, '0')}`, 'P2', addDays(today, -60));
  }
  const r = await listed('9434765919', 'Ready', 'P3', addDays(today, -30));
  await seed('interventions:updateReadiness', {
    id: r.id,
    version: r.version,
    // No sedation for a diagnostic block (it would confound the response: a readiness warning).
    readiness: readyRecord({
      consentStage1Date: today,
      consentLeafletVersion: 'MBB v2',
      mrsaScreenDate: today,
      sedationPlanned: false,
    }),
  });
  page = await newPage(browser);
  await signInThroughUi(page, preview, 'sjones', PASSWORD, { waitForForm: true });
}, 180_000);
afterAll(() => closeAll(browser, preview));

describe('fill this session with a long waiting list', () => {
  it('offers the ready patient from far down the list first, with why the others are not ready, and books her', async () => {
    await page.goto(`${preview.server.url.split('?')[0]}#/interventions/calendar?week=${monday(listDate)}`);
    const card = page.getByRole('article', { name: 'Session Theatre 1 08:30-12:30' });
    await card.getByRole('button', { name: 'Fill this session' }).click();
    const fill = page.getByRole('table', { name: 'Patients who fit this session' });
    await fill.waitFor();
    const rows = fill.getByRole('row');
    // The header, then the ready patient first.
    await expect.poll(() => rows.nth(1).innerText(), { timeout: 30_000 }).toContain('READY, Test');
    await expect
      .poll(() => rows.nth(1).getByText('Ready', { exact: true }).count(), { timeout: 30_000 })
      .toBe(1);
    // The urgent patients waiting above her on the list are shown after her, each with why not ready.
    await expect.poll(() => rows.nth(2).innerText(), { timeout: 30_000 }).toMatch(/WAITING\d\d, Test/);
    await expect.poll(() => rows.nth(2).getByRole('button').count(), { timeout: 30_000 }).toBe(0);
    await screenshot(page, 'int2-fill-1-ready-first');
    expect(await axeViolations(page)).toEqual([]);

    await fill.getByRole('button', { name: 'Book READY, Test' }).click();
    await page.getByText('Booked.', { exact: true }).waitFor();
    const booked = preview.dispatcher.conn.sqlite
      .prepare(
        `SELECT p.surname FROM intervention_bookings b JOIN patients p ON p.id = b.patient_id
         WHERE b.status = 'booked'`,
      )
      .pluck()
      .all();
    expect(booked).toEqual(['Ready']);
    await page.keyboard.press('Escape');
    await card.getByText(/READY, Test · Lumbar\/thoracic medial branch block \(diagnostic\)/).waitFor();
    await screenshot(page, 'int2-fill-2-booked');
  });
});
