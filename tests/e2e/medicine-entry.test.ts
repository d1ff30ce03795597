import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JO } from '../helpers/seed';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { closeAll, newPage, SAM_JONES, seedStaff, signInToPatients } from './staff';

/**
 * Issue 13 in the real renderer: a medicine entered as clinicians write it (brand found by type-ahead, units ×
 * strength, frequency words), half a modified-release tablet refused beside the field, and a medicine not on
 * the formulary recorded as written and named beside the total.
 */
let browser: Browser;
let preview: PreviewFixture;
let page: Page;
let patientId = 0;

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  await seedStaff(preview, [SAM_JONES], { adminName: 'Alex Admin', signIn: { sjones: 'nurse-seed' } });
  patientId = (await preview.seed<{ id: number }>('patients:create', JO, 'nurse-seed')).id;
  page = await newPage(browser);
});
afterAll(() => closeAll(browser, preview));

describe('Entering medicines as written, in the browser preview', () => {
  it('finds Zomorph, works out 1 × 30 mg bd, refuses half an OxyContin, records an unlisted medicine', async () => {
    await signInToPatients(page, preview, 'sjones', 'sam jones password');
    await page.goto(`${preview.server.url.split('#')[0]}#/patients/${patientId}`);
    await page.getByRole('tab', { name: 'Medicines' }).click();
    await page.getByText('No current medicines recorded.').waitFor();

    await page.getByRole('button', { name: 'Add medicine' }).click();
    let form = page.getByRole('form', { name: 'Add a medicine' });
    await form.getByLabel('Find the medicine (generic or brand name)').fill('zomorph');
    await form.getByRole('button', { name: /^Zomorph/ }).click();
    await form.getByLabel('Strength', { exact: true }).selectOption('30 mg');
    await form.getByLabel('Capsules each time').fill('1');
    await form.getByLabel('How often').fill('bd');
    // 30 mg × 2 = 60 mg morphine a day.
    await form.getByText('Means: morphine 30 mg a dose (60 mg a day)').waitFor();
    await form.getByLabel('Indication', { exact: true }).fill('Back pain');
    await screenshot(page, 'medicine-entry-01-written');
    expect(JSON.stringify(await axeViolations(page), null, 1)).toBe('[]');
    await form.getByRole('button', { name: 'Save medicine' }).click();
    await form.waitFor({ state: 'detached' });
    const current = page.getByRole('table', { name: 'Current medicines' });
    await current.getByText('1 × Zomorph 30 mg capsule twice a day').waitFor();
    // Morphine oral factor 1 (FPM Opioids Aware, 2020): 60 mg/24h.
    await expect.poll(() => page.getByTestId('ome-total').textContent()).toBe('60.0 mg/24h');

    await page.getByRole('button', { name: 'Add medicine' }).click();
    form = page.getByRole('form', { name: 'Add a medicine' });
    await form.getByLabel('Find the medicine (generic or brand name)').fill('oxycontin');
    await form.getByRole('button', { name: /^OxyContin/ }).click();
    await form.getByLabel('Strength', { exact: true }).selectOption('40 mg');
    await form.getByLabel('Tablets each time').fill('0.5');
    await form.getByLabel('How often').fill('bd');
    await form.getByLabel('Indication', { exact: true }).fill('Back pain');
    await form.getByRole('button', { name: 'Save medicine' }).click();
    await form
      .getByText(/This tablet must not be halved/)
      .first()
      .waitFor();

    await form.getByLabel('How the medicine is entered').selectOption('unlisted');
    await form.getByLabel('Medicine as written').fill('Ketamine oral solution');
    await form.getByLabel('Dose as written').fill('10 mg four times a day');
    await form.getByRole('button', { name: 'Save medicine' }).click();
    await form.waitFor({ state: 'detached' });
    await page
      .getByTestId('ome-not-on-formulary')
      .getByText(/Ketamine oral solution/)
      .waitFor();
    await current.getByText('Not on the formulary: not counted in the OME').waitFor();
    await expect.poll(() => page.getByTestId('ome-total').textContent()).toBe('60.0 mg/24h');
    await screenshot(page, 'medicine-entry-02-unlisted');
    expect(JSON.stringify(await axeViolations(page), null, 1)).toBe('[]');
  });
});
