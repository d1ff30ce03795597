import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { OXY_MR } from '../helpers/seed';
import { closeAll, seedStaff, signInToPatients } from './staff';

/**
 * Issue 18, "Unambiguous", in the real renderer in Chromium run as a US-locale machine (--lang=en-US,
 * LANG/LC_ALL en_US, page locale en-US, New York time zone): dates read and show dd/mm/yyyy, times on the
 * 24-hour clock, and a date of birth typed 07031961 is 7 March 1961 (it was stored as 3 July through the
 * native mm/dd/yyyy input). The patient banner is on the taper plan and intervention request pages.
 */
let browser: Browser;
let preview: PreviewFixture;
let page: Page;
const base = () => preview.server.url.split('#')[0]!;
let drId = 0;
const DR = { username: 'drkhan', displayName: 'Dr Aisha Khan', role: 'consultant' };

beforeAll(async () => {
  browser = await launchChromium({
    lang: 'en-US',
    env: { LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8', LANGUAGE: 'en_US' },
  });
  preview = await startPreview();
  drId = (await seedStaff(preview, [DR], { signIn: { drkhan: 'dr' } })).drkhan!;
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'en-US',
    timezoneId: 'America/New_York',
  });
  page = await context.newPage();
});
afterAll(() => closeAll(browser, preview));

describe('dates, times and who, on a US-locale machine', () => {
  it('is really a US-locale browser', async () => {
    await page.goto(preview.server.url);
    expect(await page.evaluate<string>('navigator.language')).toBe('en-US');
    // What a native date control would have followed: 3/7/1961 for 7 March 1961.
    expect(await page.evaluate<string>('new Date(1961, 2, 7).toLocaleDateString()')).toBe('3/7/1961');
  });

  it('registers a date of birth typed 07031961 as 7 March 1961, shown dd-MMM-yyyy', async () => {
    await signInToPatients(page, preview, DR.username, 'correct horse battery');
    await page.goto(`${base()}#/patients/new`);
    await page.getByLabel('Surname').fill('Ní Bhriain');
    await page.getByLabel('Forename').fill('Aoife');
    const dob = page.getByRole('textbox', { name: /^Date of birth/ });
    await expect.poll(() => dob.getAttribute('type'), { timeout: 30_000 }).toBe('text');
    await expect.poll(() => dob.getAttribute('placeholder'), { timeout: 30_000 }).toBe('dd/mm/yyyy');
    await dob.pressSequentially('07031961');
    await expect.poll(() => page.getByText('Reads as 07-Mar-1961').count()).toBe(1);
    await dob.blur();
    await expect.poll(() => dob.inputValue(), { timeout: 30_000 }).toBe('07/03/1961');
    await page.getByLabel('Sex').selectOption('female');
    await page.getByLabel('No known allergies', { exact: false }).check();
    await page.getByRole('button', { name: 'Register patient' }).click();
    await page.getByTestId('banner-born').waitFor();
    await expect
      .poll(() => page.getByTestId('banner-born').textContent(), { timeout: 30_000 })
      .toMatch(/^07-Mar-1961 \(\d+y\)$/);
    await expect
      .poll(() => page.getByTestId('banner-allergies').textContent(), { timeout: 30_000 })
      .toBe('No known allergies');
    const stored = preview.dispatcher.conn.sqlite
      .prepare("SELECT date_of_birth, no_known_allergies FROM patients WHERE surname = 'Ní Bhriain'")
      .get() as { date_of_birth: string; no_known_allergies: number };
    expect(stored).toEqual({ date_of_birth: '1961-03-07', no_known_allergies: 1 });
    // Search finds her as typed without the accent.
    await page.goto(`${base()}#/patients`);
    await page.getByLabel('Find a patient').fill('ni bhriain');
    await page.getByText('NÍ BHRIAIN, Aoife').first().waitFor();
    await screenshot(page, 'issue18-us-locale-patient');
  });

  it('shows times on the 24-hour clock (a new theatre session starts 08:30, not 08:30 AM)', async () => {
    await page.goto(`${base()}#/interventions/sessions/new`);
    const start = page.getByLabel('Start', { exact: true });
    await start.waitFor();
    await expect.poll(() => start.getAttribute('type'), { timeout: 30_000 }).toBe('text');
    await expect.poll(() => start.inputValue(), { timeout: 30_000 }).toBe('08:30');
    await start.fill('1415');
    await start.blur();
    const date = page.getByLabel('Date', { exact: true });
    await expect.poll(() => date.inputValue(), { timeout: 30_000 }).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(
      await page.locator('input[type="date"], input[type="time"], input[type="datetime-local"]').count(),
    ).toBe(0);
  });

  it('puts the patient banner on the taper plan and the intervention request pages', async () => {
    const patient = await preview.seed(
      'patients:create',
      {
        surname: 'Łukasiewicz',
        forename: 'Zofia',
        dateOfBirth: '1955-12-12',
        sex: 'female',
        nhsNumber: '943 476 5919',
        allergies: [{ agent: 'Penicillin', reaction: 'Rash' }],
      },
      'dr',
    );
    const entry = await preview.seed<{ itemId: number }>(
      'meds:add',
      {
        patientId: patient.id,
        medicine: OXY_MR,
      },
      'dr',
    );
    const plan = await preview.seed(
      'meds:createPlan',
      {
        patientId: patient.id,
        itemId: entry.itemId,
        goal: 'stop',
        reason: 'Little benefit',
        startDate: '2026-11-23',
      },
      'dr',
    );
    await page.goto(`${base()}#/medicines/plans/${plan.id}`);
    const banner = page.getByTestId('patient-banner');
    await banner.waitFor();
    await expect
      .poll(() => banner.getByTestId('banner-name').textContent(), { timeout: 30_000 })
      .toBe('ŁUKASIEWICZ, Zofia');
    await expect
      .poll(() => banner.getByTestId('banner-nhs').textContent(), { timeout: 30_000 })
      .toBe('943 476 5919');
    await expect
      .poll(() => banner.getByTestId('banner-born').textContent(), { timeout: 30_000 })
      .toMatch(/^12-Dec-1955/);
    await expect
      .poll(() => banner.getByTestId('banner-allergies').textContent(), { timeout: 30_000 })
      .toBe('Allergies: Penicillin');
    await screenshot(page, 'issue18-plan-banner');
    expect(await axeViolations(page)).toEqual([]);

    const request = await preview.seed(
      'interventions:request',
      {
        patientId: patient.id,
        procedureCode: 'SCS_TRIAL',
        side: 'midline',
        site: 'T8-T10',
        indication: 'Neuropathic leg pain after spinal surgery',
        priority: 'P3',
        requestedClinicianId: drId,
        rttClockStart: '2026-10-01',
      },
      'dr',
    );
    await page.goto(`${base()}#/interventions/requests/${request.id}`);
    await page.getByTestId('patient-banner').waitFor();
    await expect
      .poll(() => page.getByTestId('banner-nhs').textContent(), { timeout: 30_000 })
      .toBe('943 476 5919');
    await screenshot(page, 'issue18-request-banner');
  });

  it('has a skip link as the first Tab stop, and a visible focus ring on inputs', async () => {
    await page.goto(`${base()}#/patients/new`);
    await page.getByLabel('Surname').waitFor();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate<string>('document.activeElement?.textContent ?? ""');
    expect(focused).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string>('document.activeElement?.id ?? ""')).toBe('main-content');
    await page.getByLabel('Surname').focus();
    const outline = await page.evaluate<string>(
      "getComputedStyle(document.activeElement).outlineStyle + ' ' + getComputedStyle(document.activeElement).outlineWidth",
    );
    expect(outline).toBe('solid 3px');
  });
});
