import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JO } from '../helpers/seed';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { closeAll, seedStaff, signInToPatients, type StaffMember } from './staff';

/**
 * A walk by eye through the medicines module in the real renderer, at 1440 x 900 and 1280 x 720: entries a
 * prescriber must not be able to save (a patch strength that contradicts the dose, an impossible dose, words
 * the app does not know), the driving advice for an opioid the law does not name, a fentanyl taper whose
 * longer steps say why on the plan and in the GP letter, a dose changed outside the plan, and the COWS items'
 * descriptors.
 */
const DR: StaffMember = {
  username: 'dshah',
  displayName: 'Dev Shah',
  role: 'consultant',
  password: 'dev shah password',
};

/**
 * The walk's clock: Monday 07-Dec-2026, the plan's first day, on the server and in the page. The expected
 * words name the day a dose was changed and count the weeks from it to the plan's next lower dose (written on
 * 07-Dec-2026, they failed from the next day on).
 */
const NOW = new Date('2026-12-07T10:00:00Z');

let browser: Browser;
let preview: PreviewFixture;
let patientId = 0;
let planId = 0;

async function pageOf(width: number, height: number): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width, height },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  const page = await context.newPage();
  await page.clock.setFixedTime(NOW);
  return page;
}

async function openMedicines(page: Page) {
  await signInToPatients(page, preview, DR.username, DR.password!);
  await page.goto(`${preview.server.url.split('#')[0]}#/patients/${patientId}`);
  await page.getByRole('tab', { name: 'Medicines' }).click();
}

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview({ now: () => NOW });
  await seedStaff(preview, [DR], { adminName: 'Alex Admin', signIn: { dshah: 'dr-seed' } });
  const must = <T = { id: number }>(channel: string, payload: unknown) =>
    preview.seed<T>(channel, payload, 'dr-seed');
  patientId = (await must('patients:create', JO)).id;
  const fentanyl = await must<{ itemId: number }>('meds:add', {
    patientId,
    medicine: {
      formularyId: 'fentanyl-72-hour-patch',
      strength: '100 mcg/h',
      doseKind: 'patch',
      patchMcgPerHour: 100,
      patchChangeEveryDays: 3,
      startDate: '2026-06-01',
      prescriber: 'gp',
      indication: 'Failed back surgery syndrome',
    },
  });
  const draft = await must<{ id: number; version: number }>('meds:createPlan', {
    patientId,
    itemId: fentanyl.itemId,
    goal: 'stop',
    reason: 'High dose, little benefit; agreed',
    startDate: '2026-12-07',
    avoidWeekends: true,
  });
  planId = draft.id;
  await must('meds:signOff', {
    planId: draft.id,
    version: draft.version,
    patientAgreed: true,
    agreementNote: 'Agreed in clinic',
  });
});
afterAll(() => closeAll(browser, preview));

describe('Medicines, walked by eye', () => {
  it.each([
    [1440, 900],
    [1280, 720],
  ])('entry refusals at %i x %i', async (width, height) => {
    const page = await pageOf(width, height);
    await openMedicines(page);
    await page.getByRole('button', { name: 'Add medicine' }).click();
    let form = page.getByRole('form', { name: 'Add a medicine' });
    // Words the app does not know.
    await form.getByLabel('Find the medicine (generic or brand name)').fill('oxycontin');
    await form.getByRole('button', { name: /^OxyContin/ }).click();
    await form.getByLabel('Strength', { exact: true }).selectOption('80 mg');
    await form.getByLabel('Tablets each time').fill('two');
    await form.getByLabel('How often').fill('twice weekly-ish');
    await form.getByLabel('Indication', { exact: true }).fill('Back pain');
    await form.getByRole('button', { name: 'Save medicine' }).click();
    await form.getByText('Enter how many are taken each time.').waitFor();
    await screenshot(page, `walk-01-unknown-words-${width}`);
    await form.getByLabel('Tablets each time').fill('1');
    await form.getByRole('button', { name: 'Save medicine' }).click();
    await screenshot(page, `walk-01b-unknown-frequency-${width}`);
    // An implausible dose: OxyContin 80 mg, 5 tablets twice a day (800 mg a day = 1200 mg OME): a warning
    // that needs a confirmed reason (ten times the 90 mg/day high-dose threshold).
    await form.getByLabel('Tablets each time').fill('5');
    await form.getByLabel('How often').fill('bd');
    await form.getByRole('button', { name: 'Save medicine' }).click();
    await form.getByText(/This line alone is 1200 mg OME a day/).waitFor();
    await screenshot(page, `walk-02-impossible-dose-${width}`);
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'detached' });
    // A 25 micrograms/hour patch with 50 typed as its dose.
    await page.getByRole('button', { name: 'Add medicine' }).click();
    form = page.getByRole('form', { name: 'Add a medicine' });
    await form.getByLabel('How the medicine is entered', { exact: true }).selectOption('mg');
    await form.getByLabel('Medicine', { exact: true }).selectOption('fentanyl-72-hour-patch');
    await form.getByLabel('Strength', { exact: true }).selectOption('25 mcg/h');
    await form.getByLabel('How it is taken', { exact: true }).selectOption('patch');
    await form.getByLabel('Patch strength (micrograms/hour)', { exact: true }).fill('50');
    await form.getByLabel('Patch changed every (days)', { exact: true }).fill('3');
    await form.getByLabel('Indication', { exact: true }).fill('Back pain');
    await form.getByRole('button', { name: 'Save medicine' }).click();
    await screenshot(page, `walk-03-patch-contradicts-${width}`);
    await form.getByRole('button', { name: 'Cancel' }).click();
    // Driving advice for fentanyl (not named in the law): the advisory, not the legal prompt.
    await page.getByTestId('check-DRIVING_OPIOID').getByText('Fentanyl.').waitFor();
    expect(await page.getByTestId('check-DRIVING').count()).toBe(0);
    await page.getByTestId('check-DRIVING_OPIOID').scrollIntoViewIfNeeded();
    await screenshot(page, `walk-04-driving-advice-${width}`);
    expect(JSON.stringify(await axeViolations(page), null, 1)).toBe('[]');
    await page.context().close();
  });

  it('the plan and the GP letter say why a step lasts longer; COWS shows descriptors', async () => {
    const page = await pageOf(1440, 900);
    await openMedicines(page);
    await page.goto(`${preview.server.url.split('#')[0]}#/medicines/plans/${planId}`);
    await page.getByRole('heading', { name: /Plan: stop Fentanyl/ }).waitFor();
    await page
      .getByRole('table', { name: 'Taper steps' })
      .getByText(/This dose lasts 4 weeks, not the plan’s 2 weeks\. The reduction due on 21-Dec-2026/)
      .waitFor();
    await screenshot(page, 'walk-05-plan-longer-1440');
    const review = page.getByRole('form', { name: 'Record a review' });
    await review.getByLabel('Score withdrawal with COWS').check();
    await screenshot(page, 'walk-06-cows-1440');
    await page.getByRole('link', { name: 'Printable GP letter' }).click();
    const letter = page.getByRole('article', { name: 'GP letter' });
    await letter
      .getByText(/This dose lasts 15 days, not the plan’s 2 weeks/)
      .first()
      .waitFor();
    await screenshot(page, 'walk-07-letter-1440');
    await page.context().close();
  });

  it('a dose changed outside the plan (1280 x 720)', async () => {
    const page = await pageOf(1280, 720);
    await openMedicines(page);
    const current = page.getByRole('table', { name: 'Current medicines' });
    const row = current.getByRole('row').filter({ hasText: /Fentanyl/ });
    await row
      .getByRole('button', { name: /Change/ })
      .first()
      .click();
    const form = page.getByRole('form', { name: /Change Fentanyl/ });
    await form.getByLabel('Strength', { exact: true }).selectOption('75 mcg/h');
    await form.getByLabel('Patch strength (micrograms/hour)', { exact: true }).fill('75');
    await form.getByLabel('Reason for the change', { exact: true }).fill('Drowsy at 100; GP reduced');
    await screenshot(page, 'walk-08-change-form-1280');
    await form.getByRole('button', { name: /Save/ }).click();
    await form.waitFor({ state: 'detached' });
    await screenshot(page, 'walk-09-after-change-1280');
    await page.goto(`${preview.server.url.split('#')[0]}#/medicines/plans/${planId}`);
    await page.getByRole('heading', { name: /Plan: stop Fentanyl/ }).waitFor();
    // The current step (75 from today) lasts until the plan's next lower dose, 62.5 on 01-Feb-2027: 8 weeks.
    await page
      .getByRole('table', { name: 'Taper steps' })
      .getByText(
        'This dose lasts 8 weeks, not the plan’s 2 weeks. The dose was changed outside the plan on ' +
          '07-Dec-2026; the plan’s next lower dose keeps its planned date, and the plan is to be reviewed ' +
          'before then.',
      )
      .waitFor();
    await screenshot(page, 'walk-10-plan-needs-review-1280');
    await page.getByRole('link', { name: 'Printable GP letter' }).click();
    await page.getByRole('article', { name: 'GP letter' }).waitFor();
    await screenshot(page, 'walk-11-letter-needs-review-1280');
    await page.context().close();
  });
});
