import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JO } from '../helpers/seed';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { closeAll, newPage, SAM_JONES, seedStaff, signInToPatients } from './staff';

/**
 * Issue 13 in the real renderer: a benzodiazepine taper with its letter. Lorazepam 1 mg twice a day is switched
 * to diazepam (Ashton: lorazepam 1 mg ≈ diazepam 10 mg, so 2 mg a day × 10 ÷ 1 = 20 mg a day), a diazepam taper
 * is planned with the Ashton default (1 mg a step from 20 mg a day) and signed off, and the GP letter names the
 * switch and the equivalence used (Ashton H. Benzodiazepines: How they work and how to withdraw, 2002).
 */
let browser: Browser;
let preview: PreviewFixture;
let page: Page;
let patientId = 0;

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  await seedStaff(preview, [SAM_JONES], { adminName: 'Alex Admin', signIn: { sjones: 'nurse-seed' } });
  patientId = (
    await preview.seed<{ id: number }>(
      'patients:create',
      { ...JO, gpPractice: 'Park Lane Surgery' },
      'nurse-seed',
    )
  ).id;
  await preview.seed(
    'meds:add',
    {
      patientId,
      medicine: {
        formularyId: 'lorazepam-tablet',
        strength: '1 mg',
        doseKind: 'regular',
        doseMg: 1,
        timesPerDay: 2,
        startDate: '2026-01-05',
        prescriber: 'gp',
        indication: 'Anxiety',
      },
    },
    'nurse-seed',
  );
  page = await newPage(browser);
});
afterAll(() => closeAll(browser, preview));

describe('A benzodiazepine taper and its GP letter, in the browser preview', () => {
  it('switches lorazepam to diazepam, plans the Ashton taper and prints a letter naming the switch', async () => {
    await signInToPatients(page, preview, 'sjones', 'sam jones password');
    await page.goto(`${preview.server.url.split('#')[0]}#/patients/${patientId}`);
    await page.getByRole('tab', { name: 'Medicines' }).click();
    const current = page.getByRole('table', { name: 'Current medicines' });
    await current.getByRole('button', { name: 'Switch to diazepam' }).click();
    const sw = page.getByLabel('Switch Lorazepam tablets to diazepam', { exact: true });
    await sw
      .getByText('Equivalence: lorazepam 1 mg ≈ diazepam 10 mg. 2 mg a day × 10 ÷ 1 = 20 mg a day.')
      .waitFor();
    await sw.getByText('Diazepam 20 mg a day: 1 × 10 mg tablet morning; 1 × 10 mg tablet night').waitFor();
    await screenshot(page, 'medicines-benzo-01-switch');
    expect(JSON.stringify(await axeViolations(page), null, 1)).toBe('[]');
    await sw.getByLabel('Reason for the switch', { exact: true }).fill('Inter-dose withdrawal on lorazepam');
    await sw.getByRole('button', { name: 'Switch to diazepam' }).click();
    await sw.waitFor({ state: 'detached' });
    await current.getByText('Diazepam tablets').waitFor();
    await expect.poll(() => current.getByText('Lorazepam tablets').count(), { timeout: 30_000 }).toBe(0);

    await current.getByRole('button', { name: 'Plan a taper' }).click();
    const form = page.getByRole('form', { name: /Plan a taper of Diazepam/ });
    await form.getByText(/Diazepam \(Ashton\)/).waitFor();
    await form
      .getByLabel('Reason for the plan', { exact: true })
      .fill('Long-term benzodiazepine; agreed to stop');
    await form.getByLabel('Reviewing nurse', { exact: true }).selectOption({ label: 'Sam Jones' });
    await form.getByRole('button', { name: 'Create draft plan' }).click();
    await page.getByRole('heading', { name: /Plan: stop Diazepam/ }).waitFor();
    await page.getByLabel('The patient has agreed this plan', { exact: true }).check();
    await page.getByLabel('How it was agreed', { exact: true }).fill('Discussed in clinic.');
    await page.getByRole('button', { name: 'Sign off and start the plan' }).click();
    await page.getByRole('form', { name: 'Record a review' }).waitFor();

    await page.getByRole('link', { name: 'Printable GP letter' }).click();
    const letter = page.getByRole('article', { name: 'GP letter' });
    await letter.waitFor();
    const text = (await letter.textContent()) ?? '';
    expect(text).toContain('Switch to diazepam');
    expect(text).toContain('Lorazepam tablets 1 mg twice a day was stopped');
    expect(text).toContain('lorazepam 1 mg ≈ diazepam 10 mg');
    expect(text).toContain('2 mg a day × 10 ÷ 1 = 20 mg a day');
    expect(text).toContain('Ashton H. Benzodiazepines: How they work and how to withdraw, 2002');
    // The Ashton default from 20 mg a day: 1 mg a step, never the opioid 10% default.
    expect(text).toMatch(/\(19 mg a day\)/);
    expect(text).not.toMatch(/\{|undefined|NaN/);
    await screenshot(page, 'medicines-benzo-02-letter');
    expect(JSON.stringify(await axeViolations(page), null, 1)).toBe('[]');
  });
});
