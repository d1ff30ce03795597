import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { closeAll, newPage, seedStaff, signInThroughUi } from './staff';

/** Staff passwords in these scenarios (a password may not contain the username: issue 17). */
const E2E_PASSWORD = 'amber kettle lantern harbour';

/**
 * Issue 3, referral sifting, in the real renderer: a coordinator adds a new referral to the triage queue
 * (patient found by search); a consultant sends it to the neuromodulation MDT with a reason (a missing
 * reason is refused beside the field), and the patient appears on that MDT's next meeting list. The
 * consultant then reopens the decision with a reason (the coordinator has no Reopen button): the referral
 * is back in the queue and the MDT listing withdrawn.
 */
let browser: Browser;
let preview: PreviewFixture;
let page: Page;
const patients: number[] = [];

const seed = (channel: string, payload: unknown, session = 'seed') =>
  preview.seed<{ id: number }>(channel, payload, session);

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  await seedStaff(
    preview,
    (
      [
        ['lmills', 'Lee Mills', 'coordinator'],
        ['apatel', 'Asha Patel', 'consultant'],
      ] as const
    ).map(([username, displayName, role]) => ({
      username,
      displayName,
      role,
      password: E2E_PASSWORD,
    })),
    { signIn: { lmills: 'seed-coord' } },
  );
  for (const [nhsNumber, surname] of [
    ['943 476 5919', 'Smith'],
    ['401 023 2137', 'Okafor'],
  ] as const) {
    patients.push(
      (
        await seed(
          'patients:create',
          { nhsNumber, surname, forename: 'Jo', dateOfBirth: '1970-03-01', sex: 'female', allergies: [] },
          'seed-coord',
        )
      ).id,
    );
  }
  // One referral already waiting (urgent), received a fortnight ago.
  await seed(
    'mdt:triage:add',
    {
      patientId: patients[1],
      receivedOn: '2026-01-05',
      source: 'consultant',
      referrerName: 'Mr Hale, orthopaedics',
      referralReason: 'Widespread pain after spinal fusion; high-dose opioids.',
      urgency: 'urgent',
    },
    'seed-coord',
  );
  page = await newPage(browser);
}, 60_000);
afterAll(() => closeAll(browser, preview));

const signIn = (username: string) => signInThroughUi(page, preview, username, E2E_PASSWORD);
const url = (hash: string) => `${preview.server.url.split('?')[0]}#${hash}`;

describe('referral triage in the browser preview', () => {
  it('a coordinator adds a referral to the queue, finding the patient by search', async () => {
    await signIn('lmills');
    await page.goto(url('/mdt/triage'));
    await page.getByRole('table', { name: 'Referral triage queue' }).waitFor();
    await page.getByRole('button', { name: 'Add a referral' }).click();
    const form = page.getByRole('form', { name: 'Add a referral to the queue' });
    await form.getByLabel('Find a patient').fill('Smith');
    await form.getByRole('combobox', { name: /^Patient/ }).selectOption(String(patients[0]));
    await form.getByLabel('Referrer’s name').fill('Dr Okafor, Riverside Surgery');
    await form
      .getByLabel('Reason for referral')
      .fill('Failed back surgery syndrome; leg pain despite two operations.');
    await form.getByRole('button', { name: 'Add to queue' }).click();
    await page.getByText('2 awaiting triage, of which 1 urgent').waitFor();
    expect(preview.count('service_referrals')).toBe(2);
    // No triage button for a coordinator: sifting is a clinician's decision.
    await expect
      .poll(() => page.getByRole('button', { name: /^Triage / }).count(), { timeout: 30_000 })
      .toBe(0);
    await screenshot(page, 'triage-01-queue');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign out' }).click();
  });

  it('a consultant sends it to the neuromodulation MDT with a reason', async () => {
    await signIn('apatel');
    await page.goto(url('/mdt/triage'));
    await page.getByRole('button', { name: 'Triage SMITH, Jo' }).click();
    const form = page.getByRole('form', { name: 'Triage decision for SMITH, Jo' });
    await form.getByLabel('MDT discussion', { exact: true }).check();
    await form.getByRole('button', { name: 'Save decision' }).click();
    await form.getByText('Write the reason for this decision.').waitFor();
    await form.getByText('Choose the MDT for this referral.').waitFor();
    expect(preview.count('mdt_referrals')).toBe(0);
    await screenshot(page, 'triage-02-decision-refused');
    expect(await axeViolations(page)).toEqual([]);

    const neuroType = preview.dispatcher.conn.sqlite
      .prepare(`SELECT id FROM mdt_meeting_types WHERE code = 'neuromodulation-mdt'`)
      .pluck()
      .get() as number;
    await form.getByRole('combobox', { name: /^MDT/ }).selectOption(String(neuroType));
    await form.getByLabel('Reason for MDT discussion').selectOption('neuromodulation-assessment');
    await form
      .getByLabel('Reason for this decision')
      .fill('Neuropathic leg pain after two operations; consider spinal cord stimulation.');
    await form.getByLabel('The patient knows they are being discussed').check();
    await form.getByRole('button', { name: 'Save decision' }).click();
    await page.getByText('1 awaiting triage, of which 1 urgent').waitFor();
    expect(preview.count('mdt_referrals')).toBe(1);

    await page.getByLabel('Show').selectOption('triaged');
    await page.getByRole('cell', { name: /Neuromodulation/ }).waitFor();
    await screenshot(page, 'triage-03-triaged');
    expect(await axeViolations(page)).toEqual([]);

    // The patient is on the neuromodulation MDT's next meeting list, with the triage reason as the question.
    const meetingId = preview.dispatcher.conn.sqlite
      .prepare('SELECT meeting_id FROM mdt_referrals')
      .pluck()
      .get() as number;
    await page.goto(url(`/mdt/meetings/${meetingId}`));
    await page.getByRole('table', { name: 'Meeting list' }).getByText('SMITH, Jo').first().waitFor();
    await page
      .getByText(/consider spinal cord stimulation/)
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
  });

  it('a coordinator cannot reopen a decision; a consultant reopens it with a reason', async () => {
    await signIn('lmills');
    await page.goto(url('/mdt/triage'));
    await page.getByLabel('Show').selectOption('triaged');
    await page.getByRole('cell', { name: /Neuromodulation/ }).waitFor();
    await expect
      .poll(() => page.getByRole('button', { name: /^Reopen/ }).count(), { timeout: 30_000 })
      .toBe(0);
    await page.getByRole('button', { name: 'Sign out' }).click();

    await signIn('apatel');
    await page.goto(url('/mdt/triage'));
    await page.getByLabel('Show').selectOption('triaged');
    await page.getByRole('button', { name: 'Reopen the triage decision for SMITH, Jo' }).click();
    const form = page.getByRole('form', { name: 'Reopen the triage decision for SMITH, Jo' });
    await form.getByRole('button', { name: 'Reopen decision' }).click();
    await form.getByText('Write why this decision is being reopened.').waitFor();
    await screenshot(page, 'triage-04-reopen-refused');
    expect(await axeViolations(page)).toEqual([]);

    await form
      .getByLabel('Reason for reopening')
      .fill('Sent to the wrong MDT: this is for the complex pain MDT.');
    await form.getByRole('button', { name: 'Reopen decision' }).click();
    await page.getByText('2 awaiting triage, of which 1 urgent').waitFor();
    const sqlite = preview.dispatcher.conn.sqlite;
    expect(sqlite.prepare(`SELECT status FROM mdt_listings`).pluck().all()).toEqual(['withdrawn']);
    expect(
      sqlite.prepare(`SELECT status FROM service_referrals WHERE status = 'awaiting'`).all(),
    ).toHaveLength(2);
    await page.getByLabel('Show').selectOption('awaiting');
    await page.getByRole('button', { name: 'Triage SMITH, Jo' }).waitFor();
    await screenshot(page, 'triage-05-reopened');
    expect(await axeViolations(page)).toEqual([]);
  });
});
