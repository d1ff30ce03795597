import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JO } from '../helpers/seed';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { closeAll, newPage, SAM_JONES, seedStaff, signInToPatients } from './staff';

/**
 * Issue 4 in the real renderer: a nurse adds oxycodone MR and pregabalin, sees the OME and the combination
 * flag (and opens the arithmetic), creates a taper plan, signs it off with the patient's agreement, records a
 * review that holds a step, and opens the printable GP letter.
 */
let browser: Browser;
let preview: PreviewFixture;
let page: Page;
let patientId = 0;
let secondPatientId = 0;

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
  await seedStaff(preview, [SAM_JONES], { adminName: 'Alex Admin', signIn: { sjones: 'nurse-seed' } });
  patientId = (await must('patients:create', { ...JO, gpPractice: 'Park Lane Surgery' }, 'nurse-seed')).id;
  secondPatientId = (
    await must(
      'patients:create',
      {
        nhsNumber: '401 023 2137',
        surname: 'Okafor',
        forename: 'Ben',
        dateOfBirth: '1971-05-04',
        sex: 'male',
        gpPractice: 'Riverside Medical Centre',
        allergies: [],
      },
      'nurse-seed',
    )
  ).id;
  page = await newPage(browser);
});
afterAll(() => closeAll(browser, preview));

async function addMedicine(values: {
  id: string;
  strength: string;
  dose: string;
  times: string;
  indication: string;
}) {
  await page.getByRole('button', { name: 'Add medicine' }).click();
  const form = page.getByRole('form', { name: 'Add a medicine' });
  await form.getByLabel('How the medicine is entered', { exact: true }).selectOption('mg');
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
    await signInToPatients(page, preview, 'sjones', 'sam jones password');
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
    // The factor's own source (the interactions panel also cites FPM Opioids Aware, issue 13).
    await page.getByText(/Source: FPM Opioids Aware, "Dose equivalents/).waitFor();
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
    // Issue 13: 40 -> 35 mg a day in real tablets (morning dose first), not an equal-dose jump to 30.
    expect(text).toMatch(
      /From \w+day, \d+ \w+ \d{4}: Take 15 mg in the morning and 20 mg in the evening \(35 mg a day\)/,
    );
    expect(text).toContain('Stop taking it');
    expect(text).toContain('Park Lane Surgery');
    // Issue 13 (letters): dated, versioned, other opioids/sedatives, withdrawal, loss of tolerance.
    expect(text).toMatch(/Date: \d{2}-\w{3}-\d{4}/);
    expect(text).toContain('Plan version 1');
    expect(text).toContain('Other opioids and sedating medicines');
    expect(text).toContain('Loss of tolerance:');
    expect(text).toMatch(/overdose/);
    expect(text).not.toContain('{{');
    expect(text).not.toMatch(/undefined|null|NaN/);
    await screenshot(page, 'medicines-04-gp-letter');
    expect(JSON.stringify(await axeViolations(page), null, 1)).toBe('[]');
    await page.emulateMedia({ media: 'print' });
    await expect.poll(() => page.locator('header').first().isVisible(), { timeout: 30_000 }).toBe(false);
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

  it('records as-needed use at a review: the taken amount counts for that review only; CDC 2022 shown as a comparison', async () => {
    await page.getByRole('button', { name: 'Add medicine' }).click();
    const form = page.getByRole('form', { name: 'Add a medicine' });
    await form.getByLabel('How the medicine is entered', { exact: true }).selectOption('mg');
    await form.getByLabel('Medicine', { exact: true }).selectOption('oxycodone-ir-capsule');
    await form.getByLabel('Strength', { exact: true }).selectOption('5 mg');
    await form.getByLabel('How it is taken', { exact: true }).selectOption('prn');
    await form.getByLabel('Dose each time (mg)', { exact: true }).fill('5');
    await form.getByLabel('Most doses in 24 hours', { exact: true }).fill('4');
    await form.getByLabel('Most in 24 hours (mg)', { exact: true }).fill('20');
    await form.getByLabel('Indication', { exact: true }).fill('Breakthrough pain');
    await form.getByRole('button', { name: 'Save medicine' }).click();
    await form.waitFor({ state: 'detached' });
    // 40 mg oxycodone MR × 1.5 = 60, plus the PRN at its maximum 20 mg × 1.5 = 30.
    await expect.poll(() => page.getByTestId('ome-total').textContent()).toBe('90.0 mg/24h');

    await page.getByRole('button', { name: 'Record as-needed use' }).click();
    const use = page.getByRole('form', { name: 'Record as-needed use' });
    await use.getByLabel(/Oxycodone capsules: taken, mg in 24 hours/).fill('10');
    await use.getByLabel('Notes', { exact: true }).fill('Pain diary for the last week');
    await use.getByRole('button', { name: 'Save review' }).click();
    await use.waitFor({ state: 'detached' });
    const reviews = page.getByRole('table', { name: 'OME at reviews' });
    await reviews.getByRole('button', { name: /75\.0 mg\/24h: show the arithmetic/ }).click();
    await page
      .getByText(
        /as needed: taken 10 mg\/24h \(recorded at review on \d{2}-\w{3}-\d{4}; prescribed maximum 20 mg\/24h\)/,
      )
      .waitFor();
    // The current total still counts the prescribed maximum, and says so beside the PRN line.
    await expect
      .poll(() => page.getByTestId('ome-total').textContent(), { timeout: 30_000 })
      .toBe('90.0 mg/24h');
    await page
      .getByText(/Taken 10 mg\/24h at the review on .* The current total counts the prescribed maximum/)
      .waitFor();

    await page.getByText('CDC 2022 (US) — comparison only, not used for UK totals or flags').click();
    const cdc = page.getByRole('table', { name: 'CDC 2022 comparison' });
    await cdc.waitFor();
    await expect
      .poll(() => page.getByTestId('cdc-total').textContent(), { timeout: 30_000 })
      .toBe('90.0 (comparison only)');
    await screenshot(page, 'medicines-09-prn-taken-and-cdc');
    expect(JSON.stringify(await axeViolations(page), null, 1)).toBe('[]');
    const stored = preview.dispatcher.conn.sqlite
      .prepare('SELECT total_mg_per_24h, high_dose FROM patient_ome WHERE patient_id = ?')
      .get(patientId);
    expect(stored).toEqual({ total_mg_per_24h: 90, high_dose: 1 });

    // At a taper review the nurse can record the amount taken too.
    await page.getByRole('link', { name: /Oxycodone modified-release tablets \(12-hourly\): stop/ }).click();
    const review = page.getByRole('form', { name: 'Record a review' });
    await review.getByLabel(/Oxycodone capsules: taken, mg in 24 hours/).fill('5');
    await review.getByLabel('Outcome', { exact: true }).selectOption('held');
    await review.getByLabel('Pain score (0-10)').fill('5');
    await review.getByLabel('Function score (0-10)').fill('6');
    await screenshot(page, 'medicines-10a-review-with-prn-taken');
    expect(JSON.stringify(await axeViolations(page), null, 1)).toBe('[]');
    await review.getByRole('button', { name: 'Save review' }).click();
    await page.getByText(/Held:/).locator('..').getByText('2', { exact: false }).first().waitFor();
    const reviewOme = preview.dispatcher.conn.sqlite
      .prepare(
        'SELECT total_mg_per_24h, taper_review_id IS NOT NULL AS at_taper FROM medicine_reviews ORDER BY id DESC',
      )
      .get();
    // 60 + 5 mg × 1.5 = 7.5 → 67.5.
    expect(reviewOme).toEqual({ total_mg_per_24h: 67.5, at_taper: 1 });
  });

  it('plans a taper of uneven doses (morning 20 mg, evening 10 mg), larger dose first, into the GP letter and calendar', async () => {
    await page.goto(`${preview.server.url.split('#')[0]}#/patients/${secondPatientId}`);
    await page.getByRole('tab', { name: 'Medicines' }).click();
    await page.getByText('No current medicines recorded.').waitFor();
    await page.getByRole('button', { name: 'Add medicine' }).click();
    const form = page.getByRole('form', { name: 'Add a medicine' });
    await form.getByLabel('How the medicine is entered', { exact: true }).selectOption('mg');
    await form.getByLabel('Medicine', { exact: true }).selectOption('oxycodone-mr-tablet');
    await form.getByLabel('Strength', { exact: true }).selectOption('10 mg');
    await form.getByLabel('Or different doses through the day (mg)').fill('20, 10');
    await form.getByLabel('Indication', { exact: true }).fill('Knee osteoarthritis');
    await form.getByRole('button', { name: 'Save medicine' }).click();
    await form.waitFor({ state: 'detached' });
    await page
      .getByRole('table', { name: 'Current medicines' })
      .getByText('20 mg in the morning and 10 mg in the evening (30 mg a day)')
      .waitFor();
    await expect.poll(() => page.getByTestId('ome-total').textContent()).toBe('45.0 mg/24h');

    await page.getByRole('button', { name: 'Plan a taper' }).click();
    const plan = page.getByRole('form', { name: /Plan a taper of Oxycodone/ });
    await plan.getByLabel('Reason for the plan', { exact: true }).fill('Pain settled after knee replacement');
    await plan.getByRole('button', { name: 'Create draft plan' }).click();
    await page.getByRole('heading', { name: /Plan: stop Oxycodone/ }).waitFor();
    await page.getByText(/each reduction comes off the larger dose first/).waitFor();
    await page.getByText('Take 15 mg in the morning and 10 mg in the evening (25 mg a day)').waitFor();
    await screenshot(page, 'medicines-10-uneven-draft');
    expect(JSON.stringify(await axeViolations(page), null, 1)).toBe('[]');

    await page.getByRole('link', { name: 'Printable GP letter' }).click();
    const letter = page.getByRole('article', { name: 'GP letter' });
    await letter.waitFor();
    const text = (await letter.textContent()) ?? '';
    expect(text).toContain('Current dose: Take 20 mg in the morning and 10 mg in the evening (30 mg a day)');
    expect(text).toContain('Take 15 mg in the morning and 10 mg in the evening (25 mg a day)');
    expect(text).toContain('Take 5 mg in the morning and 10 mg in the evening (15 mg a day)');
    expect(text).toContain('Take nothing in the morning and 5 mg in the evening (5 mg a day)');
    expect(text).not.toMatch(/undefined|null|NaN/);
    await screenshot(page, 'medicines-11-uneven-letter');
    expect(JSON.stringify(await axeViolations(page), null, 1)).toBe('[]');
  });
  it('a dose changed outside the active plan: the plan moves to the new dose as version 2, needs review, and the letter replaces version 1', async () => {
    await page.goto(`${preview.server.url.split('#')[0]}#/patients/${patientId}`);
    await page.getByRole('tab', { name: 'Medicines' }).click();
    await page.getByRole('button', { name: 'Change', exact: true }).first().click();
    const form = page.getByRole('form', { name: /Change Oxycodone modified-release/ });
    await form.getByLabel('Dose each time (mg)', { exact: true }).fill('10');
    await form.getByLabel('Reason for the change', { exact: true }).fill('GP reduced after a fall');
    await form.getByRole('button', { name: 'Save medicine' }).click();
    await form.waitFor({ state: 'detached' });
    await page
      .getByRole('link', { name: /Oxycodone modified-release.*: stop/ })
      .first()
      .click();
    await page.getByRole('alert').filter({ hasText: 'changed outside this plan' }).waitFor();
    await page.getByText(/Now on:.*20 mg\/day/).waitFor();
    await page.getByText(/Version:.*2/).waitFor();
    await screenshot(page, 'medicines-12-out-of-plan');
    expect(JSON.stringify(await axeViolations(page), null, 1)).toBe('[]');
    await page.getByRole('link', { name: 'Printable GP letter' }).click();
    const letter = page.getByRole('article', { name: 'GP letter' });
    await letter.waitFor();
    const text = (await letter.textContent()) ?? '';
    expect(text).toContain('Plan version 2');
    expect(text).toContain('This letter replaces version 1');
    expect(text).toContain('Current dose: Take 10 mg twice a day (20 mg a day)');
    // The old dose is named only in the explanation, never as an instruction.
    expect(text).not.toContain('Take 20 mg twice a day (40 mg a day)');
  });
});
