import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';

/**
 * The foundation, as a clinician meets it, in the real renderer (Debian's Chromium) against the browser
 * preview: first run, sign-in, a patient registered (after a refused NHS number), found, edited, audited,
 * and the inactivity lock.
 */
let browser: Browser;
let preview: PreviewFixture;
let page: Page;
const count = (table: string) =>
  preview.dispatcher.conn.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  const context = await browser.newContext({
    viewport: { width: 1366, height: 860 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  page = await context.newPage();
  // A controllable clock for the inactivity lock (installed before the app loads).
  await page.clock.install();
});
afterAll(async () => {
  await browser?.close();
  await preview?.close();
});

describe('Alongside foundation in the browser preview', () => {
  it('refuses a request without the token, and serves the app with it', async () => {
    const bare = await fetch(`http://127.0.0.1:${preview.server.port}/`);
    expect(bare.status).toBe(401);
    const api = await fetch(`http://127.0.0.1:${preview.server.port}/api/setup:status`, {
      method: 'POST',
      body: '{}',
    });
    expect(api.status).toBe(401);
    // First paint, measured in a page of its own (the main page runs on a fake clock for the lock test).
    const probe = await browser.newPage();
    const t0 = Date.now();
    await probe.goto(preview.server.url);
    await probe.getByRole('heading', { name: 'Welcome: set up Alongside' }).waitFor();
    const visible = Date.now() - t0;
    // Poll with evaluate (DevTools protocol): a string predicate would need eval, which the app's CSP refuses.
    await expect
      .poll(() =>
        probe.evaluate<boolean>(
          "performance.getEntriesByName('alongside:first-paint').length > 0 && performance.getEntriesByName('first-contentful-paint').length > 0",
        ),
      )
      .toBe(true);
    const paint = await probe.evaluate<{ fcp: number; shell: number }>(
      `({ fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1, shell: performance.getEntriesByName('alongside:first-paint')[0].startTime })`,
    );
    console.log(
      `[measure] app shell: first contentful paint ${paint.fcp.toFixed(0)} ms, React shell painted ${paint.shell.toFixed(0)} ms, first-run form visible ${visible} ms after navigation`,
    );
    expect(paint.shell).toBeGreaterThan(0);
    await probe.close();
    await page.goto(preview.server.url);
    await page.getByRole('heading', { name: 'Welcome: set up Alongside' }).waitFor();
    expect(page.url()).not.toContain('token='); // traded for a cookie, out of the address bar
  });

  it('creates the first administrator, who adds a consultant', async () => {
    await screenshot(page, '01-first-run');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Your name', { exact: true }).fill('Alex Admin');
    await page.getByLabel('Username', { exact: true }).fill('admin');
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await page.getByLabel('Password again', { exact: true }).fill('correct horse battery');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    const form = page.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('Name', { exact: true }).fill('Dr Asha Patel');
    await form.getByLabel('Username', { exact: true }).fill('apatel');
    await form.getByLabel('Role', { exact: true }).selectOption('consultant');
    await form.getByLabel('First password', { exact: true }).fill('short');
    await form.getByRole('button', { name: 'Add user' }).click();
    await expect.poll(() => form.getByText('Use at least 10 characters').isVisible()).toBe(true);
    await form.getByLabel('First password', { exact: true }).fill('asha patel password');
    await form.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('cell', { name: 'Dr Asha Patel' }).waitFor();
    await screenshot(page, '02-users');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });

  it('refuses a wrong password with a clear message, then signs in', async () => {
    await page.getByLabel('Username', { exact: true }).fill('apatel');
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('alert')
      .getByText('That username and password do not match an active account.')
      .waitFor();
    await screenshot(page, '03-sign-in-refused');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Password', { exact: true }).fill('asha patel password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Patients' }).waitFor();
  });

  it('refuses an invalid NHS number next to the field and saves nothing; then registers the patient', async () => {
    await page.getByRole('button', { name: 'Register a patient' }).click();
    await page.getByLabel('NHS number', { exact: true }).fill('943 476 5918');
    await page.getByLabel(/^Surname( \*)?$/).fill('Smith');
    await page.getByLabel(/^Forename( \*)?$/).fill('Jo');
    await page.getByLabel(/^Date of birth( \*)?$/).fill('1960-02-29');
    await page.getByLabel(/^Sex( \*)?$/).selectOption('female');
    await page.getByLabel('Postcode', { exact: true }).fill('ls1 4ap');
    await page.getByRole('button', { name: 'Add an allergy' }).click();
    await page.getByLabel('Agent', { exact: true }).fill('Penicillin');
    await page.getByLabel('Reaction', { exact: true }).fill('Rash');
    await page.getByRole('button', { name: 'Register patient' }).click();
    const message = page.getByText('This is not a valid NHS number: the check digit does not match');
    await message.waitFor();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Nothing has been saved');
    await screenshot(page, '04-invalid-nhs-number');
    expect(count('patients')).toBe(0);

    await page.getByLabel('NHS number', { exact: true }).fill('943 476 5919');
    await page.getByRole('button', { name: 'Register patient' }).click();
    await page.getByTestId('banner-name').waitFor();
    await expect
      .poll(() => page.getByTestId('banner-name').textContent(), { timeout: 30_000 })
      .toBe('SMITH, Jo');
    await expect
      .poll(() => page.getByTestId('banner-nhs').textContent(), { timeout: 30_000 })
      .toBe('943 476 5919');
    await page.getByText('Allergies: Penicillin').waitFor();
    expect(count('patients')).toBe(1);
    await screenshot(page, '05-patient-record');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('finds the patient by NHS number typed with spaces, edits them, and shows the audit history', async () => {
    await page.getByRole('link', { name: 'Patients' }).click();
    await page.getByTestId('patient-search').fill('943 476 5919');
    await expect.poll(() => page.getByTestId('patient-count').textContent()).toBe('1 patient by NHS number');
    await screenshot(page, '06-search');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId('patient-row').first().click();
    await page.getByRole('button', { name: 'Edit details' }).click();
    await page.getByLabel(/^Forename( \*)?$/).fill('Joanne');
    await page.getByLabel('What matters to me', { exact: true }).fill('Walking the dog to the park again.');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByTestId('banner-name').textContent()).toBe('SMITH, Joanne');
    await page.getByRole('tab', { name: 'History' }).click();
    const rows = page.getByTestId('history-row');
    // The history also lists who opened the record (issue 17); the change is one row among them.
    const changes = rows.filter({ hasText: 'Forename: Jo → Joanne' });
    await expect.poll(() => changes.count()).toBe(1);
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(2);
    const latest = await changes.first().textContent();
    expect(latest).toContain('Dr Asha Patel');
    expect(latest).toContain('Forename: Jo → Joanne');
    expect(latest).toContain('What matters to me: — → Walking the dog');
    await screenshot(page, '07-history');
  });

  it('locks after 10 minutes without activity, and unlocks with the password', async () => {
    await page.clock.fastForward('10:30');
    await page.getByRole('heading', { name: 'Alongside is locked' }).waitFor();
    await screenshot(page, '08-locked');
    expect(await axeViolations(page)).toEqual([]);
    // The main process refuses data while locked, whatever the page does.
    const locked = await preview.dispatcher.dispatch(
      `preview:${await page.evaluate<string>("sessionStorage.getItem('alongside-session')")}`,
      'patients:search',
      { query: '' },
    );
    expect(!locked.ok && locked.error.code).toBe('LOCKED');
    await page.getByLabel('Password', { exact: true }).fill('asha patel password');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByTestId('banner-name').waitFor();
  });
});
