import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JO, MORPHINE_95 } from '../helpers/seed';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { closeAll, newPage, SAM_JONES, seedStaff, signInThroughUi } from './staff';

/**
 * Clinical rule sets in the real renderer: an administrator proposes raising the high-dose OME threshold to
 * 100 mg/day with a reason (a missing reason is refused next to the field); nothing changes until a second
 * person, a clinician marked as clinical lead, approves it (issue 17); a patient at 95 mg/day then loses the
 * ">= 90" flag, and the OME card names the new thresholds version.
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
  // Sam Jones is the service's clinical lead for rule sets (an administrator's mark, set here directly).
  preview.dispatcher.conn.sqlite
    .prepare("UPDATE users SET clinical_lead = 1 WHERE username = 'sjones'")
    .run();
  await preview.seed('meds:add', { patientId, medicine: MORPHINE_95 }, 'nurse-seed');
  page = await newPage(browser);
});
afterAll(() => closeAll(browser, preview));

const signIn = (username: string, password: string) => signInThroughUi(page, preview, username, password);

/** The clinical lead signs in, approves the waiting proposal on the rule sets page, and stays there. */
async function approveAsClinicalLead() {
  await signIn('sjones', 'sam jones password');
  await page.getByRole('link', { name: 'Clinical rule sets' }).click();
  await page.getByRole('heading', { name: /Waiting for a clinical lead/ }).waitFor();
  await page.getByRole('button', { name: 'Approve' }).first().click();
  await expect.poll(() => page.getByRole('heading', { name: /Waiting for a clinical lead/ }).count()).toBe(0);
}

async function openPatientMedicines() {
  await page.goto(`${preview.server.url.split('#')[0]}#/patients/${patientId}`);
  await page.getByRole('tab', { name: 'Medicines' }).click();
  await expect.poll(() => page.getByTestId('ome-total').textContent()).toBe('95.0 mg/24h');
}

describe('Clinical rule sets in the browser preview', () => {
  it('shows the shipped thresholds on the patient: 95 mg/day is at or above 90', async () => {
    await signIn('sjones', 'sam jones password');
    await openPatientMedicines();
    await page.getByText(/High dose: review/).waitFor();
    await expect
      .poll(() => page.getByTestId('ome-flag-rules').textContent())
      .toMatch(/UK OME thresholds \(FPM Opioids Aware\) \(version 1\.0\.1\)/);
    await page.getByRole('button', { name: 'Sign out' }).click();
  });

  it('an administrator sees every rule set with name, version and source', async () => {
    await signIn('admin', 'correct horse battery');
    await page.getByRole('link', { name: 'Clinical rule sets' }).click();
    await page.getByRole('heading', { name: 'Clinical rule sets' }).waitFor();
    await page.getByRole('link', { name: 'ASRA/ESRA pain 2018', exact: true }).waitFor();
    await page.getByRole('link', { name: 'UK neuraxial' }).waitFor();
    await page.getByText('EXAMPLE commissioner rules (illustration only, not policy)').waitFor();
    await screenshot(page, 'rules-01-list');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'ASRA/ESRA pain 2018', exact: true }).click();
    await page.getByRole('table').filter({ hasText: 'apixaban' }).first().waitFor();
    await screenshot(page, 'rules-02-holds');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('raises the high-dose threshold to 100 mg/day with a reason; a missing reason is refused next to the field', async () => {
    await page.getByRole('link', { name: /All clinical rule sets/ }).click();
    await page.getByRole('link', { name: 'UK OME thresholds (FPM Opioids Aware)' }).click();
    await expect.poll(() => page.getByTestId('current-version').textContent()).toBe('Version 1.0.1');
    await page.getByRole('button', { name: 'New version' }).click();
    await page.getByLabel('OME_HIGH_DOSE: mg OME/24 h').fill('100');
    await expect.poll(() => page.locator('input[name="version"]').inputValue()).toBe('1.1.0');
    await page.locator('input[name="name"]').fill('UK OME thresholds (local: high dose at 100)');
    await page.getByRole('button', { name: 'Save new version' }).click();
    await page.getByText('Say why this version is needed (kept in the history).').waitFor();
    expect(preview.count('rule_set_versions')).toBe(0);
    await screenshot(page, 'rules-03-new-version-refused');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Reason for this version').fill('MDT agreed to review from 100 mg/day');
    await page.getByRole('button', { name: 'Save new version' }).click();
    // A proposal: nothing is in effect until the clinical lead approves it.
    await page.getByRole('link', { name: /All clinical rule sets/ }).click();
    await page.getByRole('heading', { name: /Waiting for a clinical lead/ }).waitFor();
    expect(preview.count('rule_set_versions')).toBe(0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await approveAsClinicalLead();
    await page.getByRole('link', { name: /^UK OME thresholds/ }).click();
    await expect.poll(() => page.getByTestId('current-version').textContent()).toBe('Version 1.1.0');
    await page.getByText('Changes in 1.1.0 since 1.0.1').waitFor();
    await page.getByRole('cell', { name: /row 1 \(OME_HIGH_DOSE\) › mgPer24h/ }).waitFor();
    expect(preview.count('rule_set_versions')).toBe(1);
    await screenshot(page, 'rules-04-saved-with-history');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn('admin', 'correct horse battery');
    await page.getByRole('link', { name: 'Clinical rule sets' }).click();
  });

  it('edits a hold table as JSON: a bad row is refused by name, then UK neuraxial is made the default', async () => {
    await page.getByRole('link', { name: 'UK neuraxial' }).click();
    await page.getByRole('button', { name: 'New version' }).click();
    const editor = page.getByLabel('Rules (JSON)');
    const body = JSON.parse(await editor.inputValue()) as {
      rules: { drug: string; holdHours: number | null }[];
    };
    const row = body.rules.findIndex((r) => r.drug === 'apixaban');
    body.rules[row]!.holdHours = -1;
    await editor.fill(JSON.stringify(body, null, 2));
    await page.getByLabel('Reason for this version').fill('Trying a negative hold');
    await page.getByRole('button', { name: 'Save new version' }).click();
    await page.getByText(new RegExp(`rules › row ${row + 1} \\(apixaban, high\\) › holdHours`)).waitFor();
    expect(preview.count('rule_set_versions')).toBe(1);
    await screenshot(page, 'rules-06-json-refused');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Make this the default' }).click();
    await page.getByLabel('Reason (kept in the history)').fill('The service follows the neuraxial guide');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('link', { name: /All clinical rule sets/ }).click();
    await page.getByRole('heading', { name: /Waiting for a clinical lead/ }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await approveAsClinicalLead();
    const neuraxial = page.getByRole('row').filter({ hasText: 'UK neuraxial' });
    await expect.poll(() => neuraxial.textContent()).toMatch(/Default/);
    await page.getByRole('button', { name: 'Sign out' }).click();
  });

  it('the patient at 95 mg/day loses the high-dose flag and the card names the new version', async () => {
    await signIn('sjones', 'sam jones password');
    await openPatientMedicines();
    await expect.poll(() => page.getByTestId('ome-flag-rules').textContent()).toMatch(/\(version 1\.1\.0\)/);
    await expect.poll(() => page.getByText(/High dose: review/).count(), { timeout: 30_000 }).toBe(0);
    await screenshot(page, 'rules-05-patient-after');
    expect(await axeViolations(page)).toEqual([]);
  });
});
