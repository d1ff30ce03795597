import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';

/**
 * Data safety in the real renderer: the administrator sees the backups, checks one (date and counts),
 * imports a patient list (a refused file with line-level errors, then a good one), and restores the
 * backup (the current database is backed up first; everyone signs in again).
 */
let browser: Browser;
let preview: PreviewFixture;
let page: Page;
const count = (table: string) =>
  preview.dispatcher.conn.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const call = async (key: string, channel: string, payload: unknown) => {
  const r = await preview.dispatcher.dispatch(key, channel, payload);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value;
};

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  await call('seed', 'setup:createFirstAdmin', {
    username: 'admin',
    displayName: 'Alex Admin',
    password: 'correct horse battery',
  });
  await call('seed', 'users:create', {
    username: 'apatel',
    displayName: 'Dr Asha Patel',
    role: 'consultant',
    password: 'asha patel password',
  });
  // Patient lists are imported by the coordinator: the IT administrator reaches no patient data (issue 17).
  await call('seed', 'users:create', {
    username: 'lmills',
    displayName: 'Lucy Mills',
    role: 'coordinator',
    password: 'lucy mills password',
  });
  await call('clin', 'auth:signIn', { username: 'apatel', password: 'asha patel password' });
  for (const [nhs, surname] of [
    ['9434765919', 'Smith'],
    ['9434765870', 'Jones'],
  ] as const)
    await call('clin', 'patients:create', {
      nhsNumber: nhs,
      surname,
      forename: 'Jo',
      dateOfBirth: '1961-03-07',
      sex: 'female',
    });
  await call('seed', 'data:backupNow', {});
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

async function signInAs(username: string, password: string) {
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
const signInAsAdmin = () => signInAs('admin', 'correct horse battery');

async function signOut() {
  await page.getByRole('button', { name: 'Sign out' }).click();
}

describe('data and backups in the browser preview', () => {
  it('shows the backups and previews one with its date and counts', async () => {
    await page.goto(preview.server.url);
    await signInAsAdmin();
    await page.getByRole('link', { name: 'Data and backups' }).click();
    await page.getByRole('heading', { name: 'Backups and restore' }).waitFor();
    await page
      .getByRole('button', { name: /Check and restore/ })
      .first()
      .click();
    const details = page.getByRole('table', { name: 'What the backup holds' });
    await details.waitFor();
    await expect
      .poll(() => details.getByRole('row', { name: /Patients/ }).innerText(), { timeout: 30_000 })
      .toMatch(/2/);
    await screenshot(page, 'data-01-backups');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('refuses a CSV with line-level errors, then imports a good one all at once', async () => {
    const bad =
      'NHS number,Surname,Forename,Date of birth,Sex\n' +
      '9434765919,Smith,Jo,07/03/1961,F\n' +
      '9434765918,Brown,Al,1961-03-07,M\n' +
      '4010232137,White,Cy,2026-02-30,F\n';
    await signOut();
    await signInAs('lmills', 'lucy mills password');
    await page.getByRole('link', { name: 'Data and backups' }).click();
    const csvPanel = page.getByRole('region', { name: 'Import a patient list' });
    await page.getByLabel('Patient list (CSV)').click();
    const chooser = csvPanel.locator('input[type=file]');
    await chooser.setInputFiles({ name: 'patients.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await csvPanel.getByRole('button', { name: 'Check the file' }).click();
    const problems = page.getByRole('table', { name: 'Problems by line' });
    await problems.waitFor();
    await expect.poll(() => problems.innerText(), { timeout: 30_000 }).toMatch(/already registered/);
    await expect.poll(() => problems.innerText(), { timeout: 30_000 }).toMatch(/real date/);
    await screenshot(page, 'data-02-import-errors');
    expect(await axeViolations(page)).toEqual([]);
    const before = count('patients');

    const good =
      'NHS number,Surname,Forename,Date of birth,Sex,Postcode\n' +
      '4010232137,White,Cy,28/02/1970,F,LS1 4AP\n' +
      ',Green,Di,1980-01-01,male,\n' +
      '9990000018,Black,Ed,1990-12-31,female,M1 1AE\n';
    await chooser.setInputFiles({ name: 'patients.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await csvPanel.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('button', { name: 'Import 3 patients' }).click();
    await page.getByText('Imported 3 patients.').waitFor();
    expect(count('patients')).toBe(before + 3);
    await screenshot(page, 'data-03-imported');

    // The warehouse export (issue 20): progress, then what it wrote, in words.
    const exportPanel = page.getByRole('region', { name: 'Export for the data warehouse (FHIR)' });
    await exportPanel.getByRole('button', { name: 'Export the whole service' }).click();
    const done = exportPanel.getByText(/^Export finished at/);
    await done.waitFor({ timeout: 30_000 });
    await expect
      .poll(() => done.innerText(), { timeout: 30_000 })
      .toMatch(/: 5 patients\. The files are in .*exports/);
    await screenshot(page, 'data-04-fhir-export');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('restores the backup after confirmation; the current database is backed up first', async () => {
    expect(count('patients')).toBe(5);
    await signOut();
    await signInAsAdmin();
    await page.getByRole('link', { name: 'Data and backups' }).click();
    await page.getByRole('heading', { name: 'Backups and restore' }).waitFor();
    await page
      .getByRole('button', { name: /Check and restore/ })
      .first()
      .click();
    await page.getByRole('checkbox', { name: /replace the database/ }).check();
    await page.getByRole('button', { name: 'Restore this backup' }).click();
    // Everyone signs in again after a restore.
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(count('patients')).toBe(2);
    await signInAsAdmin();
    await page.getByRole('link', { name: 'Data and backups' }).click();
    await page.getByText('Before a restore').first().waitFor();
    await screenshot(page, 'data-04-after-restore');
    expect(await axeViolations(page)).toEqual([]);
  });
});
