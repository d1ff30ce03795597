import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';

/**
 * Issue 3 scenario in the real renderer: a coordinator refers two patients and builds the list; the chair
 * runs the meeting in presentation mode from the keyboard, records attendance with one member leaving
 * early, records outcomes and actions (autosaved: a reload loses nothing), finishes the meeting, and the
 * GP letter's print view is produced and its text checked.
 */
let browser: Browser;
let preview: PreviewFixture;
let page: Page;
const patients: number[] = [];
const count = (table: string) =>
  preview.dispatcher.conn.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

const seed = (channel: string, payload: unknown, session = 'seed') =>
  preview.seed<{ id: number }>(channel, payload, session);

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  await seed('setup:createFirstAdmin', {
    username: 'admin',
    displayName: 'Admin',
    password: 'correct horse battery',
  });
  for (const [username, displayName, role] of [
    ['lmills', 'Lee Mills', 'coordinator'],
    ['apatel', 'Asha Patel', 'consultant'],
    ['pgreen', 'Priya Green', 'psychologist'],
    ['tnowak', 'Tom Nowak', 'physiotherapist'],
    ['sjones', 'Sam Jones', 'nurse'],
  ] as const) {
    await seed('users:create', { username, displayName, role, password: `${username} password long` });
  }
  await seed('auth:signIn', { username: 'lmills', password: 'lmills password long' }, 'seed-coord');
  for (const [nhsNumber, surname] of [
    ['943 476 5919', 'Smith'],
    ['401 023 2137', 'Okafor'],
  ] as const) {
    patients.push(
      (
        await seed(
          'patients:create',
          {
            nhsNumber,
            surname,
            forename: 'Jo',
            dateOfBirth: '1970-03-01',
            sex: 'female',
            gpPractice: 'Riverside Surgery',
            diagnosisSite: 'Lower back',
            allergies: [],
          },
          'seed-coord',
        )
      ).id,
    );
  }
  const context = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  page = await context.newPage();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await preview?.close();
});

async function signIn(username: string) {
  await page.goto(preview.server.url);
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(`${username} password long`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Focus and press Enter: the chair drives the meeting from the keyboard. */
async function press(locator: ReturnType<Page['getByRole']>) {
  await locator.focus();
  await page.keyboard.press('Enter');
}

async function blur() {
  await page.evaluate('document.activeElement && document.activeElement.blur()');
}

describe('MDT meeting in the browser preview', () => {
  it('a coordinator refers two patients from their records', async () => {
    await signIn('lmills');
    for (const [i, id] of patients.entries()) {
      await page.goto(`${preview.server.url.split('?')[0]}#/patients/${id}`);
      await page.getByRole('tab', { name: 'MDT' }).click();
      await page.getByRole('button', { name: 'Refer to the MDT' }).click();
      const form = page.getByRole('form', { name: 'Refer to the MDT' });
      if (i === 0) {
        // The question is required: refused with the message next to the field.
        await form.getByLabel('Meeting').selectOption({ label: 'Complex pain MDT (example)' });
        await form.getByRole('button', { name: 'Refer' }).click();
        await form.getByText('Write the question for the MDT.').waitFor();
        await screenshot(page, 'mdt-01-referral-refused');
        expect(await axeViolations(page)).toEqual([]);
      }
      await form
        .getByLabel('Question for the MDT')
        .fill(
          i === 0
            ? 'Is a spinal cord stimulator trial appropriate?'
            : 'Suitable for the pain management programme?',
        );
      await form
        .getByLabel('Reason')
        .selectOption(i === 0 ? 'neuromodulation-assessment' : 'pmp-suitability');
      await form.getByLabel('Meeting').selectOption({ label: 'Complex pain MDT (example)' });
      await form.getByLabel('Presenter').selectOption({ label: 'Asha Patel' });
      await form
        .getByLabel('What matters to the patient')
        .fill(i === 0 ? 'Walking the dog again' : 'Getting back to work');
      await form.getByLabel('The patient knows they are being discussed').check();
      await form.getByRole('button', { name: 'Refer' }).click();
      await page
        .getByRole('cell', { name: /Complex pain MDT/ })
        .first()
        .waitFor();
    }
    expect(count('mdt_listings')).toBe(2);
  });

  it('builds the list: order by keyboard buttons, minutes and the running total', async () => {
    await page.getByRole('link', { name: 'MDT meetings' }).click();
    await page.getByRole('link', { name: /09:00/ }).first().click();
    await page.getByRole('table', { name: 'Meeting list' }).waitFor();
    await page.getByRole('button', { name: 'Move OKAFOR, Jo up' }).click();
    await expect
      .poll(() => page.getByRole('table', { name: 'Meeting list' }).locator('tbody tr').first().innerText())
      .toContain('OKAFOR');
    await page.getByRole('button', { name: 'Move SMITH, Jo up' }).click();
    await expect
      .poll(() => page.getByRole('table', { name: 'Meeting list' }).locator('tbody tr').first().innerText())
      .toContain('SMITH');
    await page.getByText('Planned: 20 of 120 minutes').waitFor();
    await screenshot(page, 'mdt-02-meeting-list');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign out' }).click();
  });

  it('the chair runs the meeting in presentation mode from the keyboard', async () => {
    await signIn('apatel');
    await page.getByRole('link', { name: 'MDT meetings' }).click();
    await page.getByRole('link', { name: /09:00/ }).first().click();
    await press(page.getByRole('link', { name: 'Run the meeting' }));
    await page.getByRole('heading', { name: /Presentation/ }).waitFor();
    // Attendance: everyone present.
    for (const name of ['Asha Patel', 'Priya Green', 'Tom Nowak', 'Sam Jones']) {
      await page.getByLabel(`Attendance of ${name}`).selectOption('present');
      await page.getByRole('button', { name: `${name} left now` }).waitFor();
    }
    // Case 1 (SMITH): start, type the outcome, add an action.
    await page.getByRole('heading', { name: 'SMITH, Jo' }).waitFor();
    await press(page.getByRole('button', { name: 'Start discussing SMITH, Jo' }));
    await page.getByText('Quorum met').waitFor();
    await page.getByLabel("Outcome in the MDT's words").focus();
    await page.keyboard.type('Offer a spinal cord stimulator trial.');
    await press(page.getByRole('button', { name: 'Add an action' }));
    await page.getByLabel('Action 1', { exact: true }).focus();
    await page.keyboard.type('Book SCS trial assessment');
    await page.getByLabel('Owner of action 1').selectOption({ label: 'Asha Patel' });
    await page.getByLabel('Due date of action 1').fill('2026-12-15');
    await page.getByText(/Draft saved/).waitFor();
    await screenshot(page, 'mdt-03-presentation');
    expect(await axeViolations(page)).toEqual([]);
    await press(page.getByRole('button', { name: 'Confirm outcome' }));
    await page
      .getByText('Outcome confirmed.')
      .waitFor({ timeout: 8000 })
      .catch(async (e: unknown) => {
        await screenshot(page, 'mdt-debug-confirm');
        throw e;
      });

    // The psychologist leaves early; the next case is discussed without them.
    await press(page.getByRole('button', { name: 'Priya Green left now' }));
    await page.getByText(/left \d\d:\d\d/).waitFor();
    await blur();
    await page.keyboard.press('n');
    await page.getByRole('heading', { name: 'OKAFOR, Jo' }).waitFor();
    await page.keyboard.press('p');
    await page.getByRole('heading', { name: 'SMITH, Jo' }).waitFor();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('heading', { name: 'OKAFOR, Jo' }).waitFor();
    await press(page.getByRole('button', { name: 'Start discussing OKAFOR, Jo' }));
    await page.getByLabel("Outcome in the MDT's words").focus();
    await page.keyboard.type('Suitable for the pain management programme.');
    await page.getByText(/Draft saved/).waitFor();
    // Killing the app loses nothing typed: reload and the draft is there.
    await page.reload();
    await page.getByRole('heading', { name: /Presentation/ }).waitFor();
    await blur();
    await page.keyboard.press('n');
    await page.getByRole('heading', { name: 'OKAFOR, Jo' }).waitFor();
    await expect
      .poll(() => page.getByLabel("Outcome in the MDT's words").inputValue())
      .toBe('Suitable for the pain management programme.');
    // Confirming needs an action or an explicit "no action".
    await press(page.getByRole('button', { name: 'Confirm outcome' }));
    await page
      .getByText(/Add at least one action/)
      .first()
      .waitFor();
    await page.getByLabel('No action needed').focus();
    await page.keyboard.press('Space');
    await press(page.getByRole('button', { name: 'Confirm outcome' }));
    await page.getByText(/Outcome confirmed|Confirmed with a warning/).waitFor();
    const snapshots = preview.dispatcher.conn.sqlite
      .prepare(`SELECT quorum_json FROM mdt_outcomes WHERE status = 'confirmed' ORDER BY id`)
      .pluck()
      .all() as string[];
    const present = snapshots.map((s) =>
      (JSON.parse(s) as { present: { name: string }[] }).present.map((p) => p.name).sort(),
    );
    expect(present[0]).toContain('Priya Green');
    expect(present[1]).not.toContain('Priya Green');
    await screenshot(page, 'mdt-04-second-case');
  });

  it('finishes the meeting and produces the GP letter print view', async () => {
    await press(page.getByRole('button', { name: 'Finish meeting' }));
    await page.getByRole('table', { name: 'Letters' }).waitFor();
    expect(count('mdt_letters')).toBe(6);
    await screenshot(page, 'mdt-05-letters');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Print view: GP letter for SMITH, Jo' }).click();
    const letter = page.getByRole('article', { name: 'Letter' });
    await letter.waitFor();
    const text = await letter.innerText();
    expect(text).toContain('Re: Jo Smith, date of birth 1 March 1970, NHS number 9434765919');
    expect(text).toContain('Question for the MDT: Is a spinal cord stimulator trial appropriate?');
    expect(text).toContain('Offer a spinal cord stimulator trial.');
    expect(text).toContain('Book SCS trial assessment (owner: Asha Patel; due 15 December 2026)');
    expect(text).toContain('- Psychologist');
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(false);
    await screenshot(page, 'mdt-06-gp-letter-print');
    await page.emulateMedia({ media: 'screen' });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows the chair their actions, the dashboard, and the amendment of an outcome', async () => {
    await page.getByRole('link', { name: 'MDT meetings' }).click();
    await page.getByRole('link', { name: 'Worklists' }).click();
    await page.getByRole('table', { name: 'My actions' }).getByText('Book SCS trial assessment').waitFor();
    await screenshot(page, 'mdt-07-worklist');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('table', { name: 'Per month' }).waitFor();
    await screenshot(page, 'mdt-08-dashboard');
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${preview.server.url.split('?')[0]}#/patients/${patients[0]!}`);
    await page.getByRole('tab', { name: 'MDT' }).click();
    await page.getByRole('button', { name: 'Amend outcome' }).click();
    await page
      .getByLabel('Amended outcome')
      .fill('Offer a spinal cord stimulator trial after a psychology review.');
    await page.getByRole('button', { name: 'Save new version' }).click();
    await page.getByText('Give the reason for the amendment.').waitFor();
    await page.getByLabel('Reason for the amendment').fill('Psychology review agreed after the meeting');
    await page.getByRole('button', { name: 'Save new version' }).click();
    await page.getByText(/v2, confirmed/).waitFor();
    await page.getByText(/Amended .* Psychology review agreed after the meeting/).waitFor();
    await screenshot(page, 'mdt-09-amended');
    expect(await axeViolations(page)).toEqual([]);
  });
});
