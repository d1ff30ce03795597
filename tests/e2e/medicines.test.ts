import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';

/**
 * Issue 4 in the real renderer: a nurse adds oxycodone MR and pregabalin, sees the OME and the combination
 * flag (and opens the arithmetic), creates a taper plan, signs it off with the patient's agreement, records a
 * review that holds a step, and opens the printable GP letter.
 */
let browser: Browser;
let preview: PreviewFixture;
let page: Page;
let patientId = 0;

/** A London date `days` from today, YYYY-MM-DD (the preview runs on the real clock). */
function inDays(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  const must = (channel: string, payload: unknown, key = 'seed') =>
    preview.seed<{ id: number }>(channel, payload, key);
  await must('setup:createFirstAdmin', {
    username: 'admin',
    displayName: 'Alex Admin',
    password: 'correct horse battery',
  });
  await must('users:create', {
    username: 'sjones',
    displayName: 'Sam Jones',
    role: 'nurse',
    password: 'sam jones password',
  });
  await must('auth:signIn', { username: 'sjones', password: 'sam jones password' }, 'nurse-seed');
  patientId = (
    await must(
      'patients:create',
      {
        nhsNumber: '943 476 5919',
        surname: 'Smith',
        forename: 'Jo',
        dateOfBirth: '1960-02-29',
        sex: 'female',
        gpPractice: 'Park Lane Surgery',
        allergies: [],
      },
      'nurse-seed',
    )
  ).id;
  const context = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await preview?.close();
});

async function addMedicine(values: {
  id: string;
  strength: string;
  dose: string;
  times: string;
  indication: string;
}) {
  await page.getByRole('button', { name: 'Add medicine' }).click();
  const form = page.getByRole('form', { name: 'Add a medicine' });
  await form.getByLabel('Medicine', { exact: true }).selectOption(values.id);
  await form.getByLabel('Strength', { exact: true }).selectOption(values.strength);
  await form.getByLabel('Dose each time (mg)', { exact: true }).fill(values.dose);
  await form.getByLabel('Times a day', { exact: true }).fill(values.times);
  await form.getByLabel('Indication', { exact: true }).fill(values.indication);
  await form.getByRole('button', { name: 'Save medicine' }).click();
  await form.waitFor({ state: 'detached' });
}

describe('Medicines and deprescribing in the browser preview', () => {
  it('adds oxycodone MR and pregabalin and shows the OME, the combination flag and the arithmetic', async () => {
    await page.goto(preview.server.url);
    await page.getByLabel('Username', { exact: true }).fill('sjones');
    await page.getByLabel('Password', { exact: true }).fill('sam jones password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Patients' }).waitFor();
    await page.goto(`${preview.server.url.split('#')[0]}#/patients/${patientId}`);
    await page.getByRole('tab', { name: 'Medicines' }).click();
    await page.getByText('No current medicines recorded.').waitFor();

    await addMedicine({
      id: 'oxycodone-mr-tablet',
      strength: '20 mg',
      dose: '20',
      times: '2',
      indication: 'Chronic low back pain',
    });
    await addMedicine({
      id: 'pregabalin-capsule',
      strength: '150 mg',
      dose: '150',
      times: '2',
      indication: 'Sciatica',
    });
    await expect.poll(() => page.getByTestId('ome-total').textContent()).toBe('60.0 mg/24h');
    await page.getByText(/Opioid with a gabapentinoid/).waitFor();
    await page.getByRole('button', { name: /show the arithmetic for Oxycodone/ }).click();
    await page.getByText('oxycodone oral 40 mg/24h × 1.5 = 60 mg OME').waitFor();
    await page.getByText(/Source: FPM Opioids Aware/).waitFor();
    await screenshot(page, 'medicines-01-patient-ome');
    expect(JSON.stringify(await axeViolations(page), null, 1)).toBe('[]');
    const stored = preview.dispatcher.conn.sqlite
      .prepare('SELECT total_mg_per_24h, flag_opioid_gabapentinoid FROM patient_ome WHERE patient_id = ?')
      .get(patientId);
    expect(stored).toEqual({ total_mg_per_24h: 60, flag_opioid_gabapentinoid: 1 });
  });

  it('creates a taper plan, signs it off with the patient’s agreement and records a review that holds a step', async () => {
    await page.getByRole('button', { name: 'Plan a taper' }).first().click();
    const form = page.getByRole('form', { name: /Plan a taper of Oxycodone/ });
    await form
      .getByLabel('Reason for the plan', { exact: true })
      .fill('High dose with pregabalin; little benefit');
    await form.getByLabel('Reviewing nurse', { exact: true }).selectOption({ label: 'Sam Jones' });
    await form.getByRole('button', { name: 'Create draft plan' }).click();
    await page.getByRole('heading', { name: /Plan: stop Oxycodone/ }).waitFor();
    await page.getByLabel('Step 1 dose (mg/day)').waitFor();
    await screenshot(page, 'medicines-02-draft-plan');
    expect(JSON.stringify(await axeViolations(page), null, 1)).toBe('[]');

    await page.getByLabel('The patient has agreed this plan').check();
    await page.getByLabel('How it was agreed').fill('Discussed in clinic with her daughter; keen to reduce.');
    await page.getByRole('button', { name: 'Sign off and start the plan' }).click();
    await page.getByRole('form', { name: 'Record a review' }).waitFor();
    await page
      .getByText('Signed off:')
      .locator('..')
      .getByText(/Sam Jones/)
      .waitFor();

    const review = page.getByRole('form', { name: 'Record a review' });
    await review.getByLabel('Outcome', { exact: true }).selectOption('held');
    await review.getByLabel('Pain score (0-10)').fill('6');
    await review.getByLabel('Function score (0-10)').fill('5');
    await review.getByLabel('Score withdrawal with COWS').check();
    await review.getByLabel('Yawning').selectOption('1');
    await review.getByLabel('Next review date').fill(inDays(7));
    await review.getByLabel('Notes').fill('Poor sleep this week; hold the first step for two weeks.');
    await review.getByRole('button', { name: 'Save review' }).click();
    await page.getByRole('table', { name: 'Reviews' }).getByText('Step held').waitFor();
    await page.getByText(/Held:/).locator('..').getByText('1', { exact: false }).first().waitFor();
    await screenshot(page, 'medicines-03-review-held');
    expect(JSON.stringify(await axeViolations(page), null, 1)).toBe('[]');
    const plan = preview.dispatcher.conn.sqlite.prepare('SELECT holds, status FROM taper_plans').get();
    expect(plan).toEqual({ holds: 1, status: 'active' });
  });

  it('opens the printable GP letter with the new dose instructions and no unfilled placeholders', async () => {
    await page.getByRole('link', { name: 'Printable GP letter' }).click();
    const letter = page.getByRole('article', { name: 'GP letter' });
    await letter.waitFor();
    const text = (await letter.textContent()) ?? '';
    expect(text).toContain('New dose instructions');
    expect(text).toContain('Current dose: Take 20 mg twice a day (40 mg a day)');
    expect(text).toMatch(/From \w+day, \d+ \w+ \d{4}: Take 15 mg twice a day \(30 mg a day\)/);
    expect(text).toContain('Stop taking it');
    expect(text).toContain('Park Lane Surgery');
    expect(text).not.toContain('{{');
    expect(text).not.toMatch(/undefined|null|NaN/);
    await screenshot(page, 'medicines-04-gp-letter');
    expect(JSON.stringify(await axeViolations(page), null, 1)).toBe('[]');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header').first().isVisible()).toBe(false);
    await screenshot(page, 'medicines-05-gp-letter-print');
    await page.emulateMedia({ media: 'screen' });
  });

  it('shows the review on the nurse’s worklist and the service view charts', async () => {
    await page.goto(`${preview.server.url.split('#')[0]}#/medicines`);
    await page.getByRole('heading', { name: /taper review worklist/ }).waitFor();
    await page.getByRole('button', { name: 'Record review for SMITH, Jo' }).waitFor();
    await screenshot(page, 'medicines-06-worklist');
    expect(JSON.stringify(await axeViolations(page), null, 1)).toBe('[]');
    // One click to record: the plan opens at its review form.
    await page.getByRole('button', { name: 'Record review for SMITH, Jo' }).click();
    await page.getByRole('form', { name: 'Record a review' }).waitFor();
    await page.goto(`${preview.server.url.split('#')[0]}#/medicines`);
    await page.getByRole('link', { name: 'Service view' }).click();
    await page.getByRole('table', { name: 'Combination' }).getByText('Opioid + gabapentinoid').waitFor();
    await screenshot(page, 'medicines-07-service-view');
    expect(JSON.stringify(await axeViolations(page), null, 1)).toBe('[]');
  });

  it('changes a dose as a new version and keeps the old one in the history', async () => {
    await page.goto(`${preview.server.url.split('#')[0]}#/patients/${patientId}`);
    await page.getByRole('tab', { name: 'Medicines' }).click();
    await page.getByRole('button', { name: 'Change', exact: true }).nth(1).click();
    const form = page.getByRole('form', { name: 'Change Pregabalin capsules' });
    await form.getByLabel('Dose each time (mg)', { exact: true }).fill('75');
    await form.getByLabel('Reason for the change', { exact: true }).fill('Drowsy; reduce first');
    await form.getByRole('button', { name: 'Save medicine' }).click();
    await form.waitFor({ state: 'detached' });
    const history = page.getByRole('table', { name: 'Medicine history' });
    await history.getByText('Superseded').waitFor();
    await page.getByRole('table', { name: 'Current medicines' }).getByText('75 mg twice a day').waitFor();
    await screenshot(page, 'medicines-08-changed-dose');
    expect(JSON.stringify(await axeViolations(page), null, 1)).toBe('[]');
  });
});
