import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateGb, londonToday } from '../../shared/dates';
import { OXY_MR } from '../helpers/seed';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { seedConfirmAfterReading } from './mdt-confirm';
import { approveIfLate, closeAll, PASSWORD, seedStaff, signInThroughUi } from './staff';
import { formatDateEntry } from '../../shared/date-entry';

/**
 * Issue 3 "Actions" / issue 5 "Request from an MDT action", end to end in the browser preview: the chair
 * records an intervention action (procedure, side, level, indication; a missing level is refused next to
 * the field), confirms the outcome, sees "Draft created" with a link, opens the draft request ("From MDT on
 * <date>: <question>"), sees it among the waiting list's drafts, and completes it onto the waiting list.
 */
let browser: Browser;
let preview: PreviewFixture;
let page: Page;
const QUESTION = 'Would medial branch blocks help her back pain?';
let meetingId = 0;
let meetingDate = '';
let second = { listingId: 0, itemId: 0, users: {} as Record<string, number> };

const seed = (channel: string, payload: unknown, session = 'seed') =>
  preview.seed<Record<string, unknown> & { id: number; version: number }>(channel, payload, session);

async function noAxe() {
  expect(await axeViolations(page)).toEqual([]);
}

async function go(hashPath: string) {
  const u = new URL(preview.server.url);
  u.hash = `#${hashPath}`;
  await page.goto(u.toString());
}

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  const users = await seedStaff(
    preview,
    [
      { username: 'apatel', displayName: 'Asha Patel', role: 'consultant' },
      { username: 'lmills', displayName: 'Lee Mills', role: 'coordinator' },
      { username: 'pgreen', displayName: 'Priya Green', role: 'psychologist' },
      { username: 'tnowak', displayName: 'Tom Nowak', role: 'physiotherapist' },
    ],
    { signIn: { lmills: 'coord', apatel: 'chair' } },
  );
  const p = await seed(
    'patients:create',
    {
      nhsNumber: '9434765919',
      surname: 'Smith',
      forename: 'Jo',
      dateOfBirth: '1961-04-02',
      sex: 'female',
      gpPractice: 'Riverside Surgery',
      diagnosisSite: 'Lower back',
    },
    'coord',
  );
  const types = await preview.seed<{ id: number; code: string }[]>('mdt:meetingTypes:list', {}, 'coord');
  const listing = await seed(
    'mdt:referral:create',
    {
      patientId: p.id,
      question: QUESTION,
      reason: 'intervention-decision',
      presenterId: users.apatel,
      patientAware: true,
      whatMatters: 'Gardening again',
      meetingTypeId: types.find((t) => t.code === 'complex-pain-mdt')!.id,
    },
    'coord',
  );
  const meetings = await preview.seed<{ id: number; date: string }[]>(
    'mdt:meetings:list',
    { from: null },
    'coord',
  );
  meetingId = meetings[0]!.id;
  // The meeting day arrives: cases are discussed and outcomes confirmed on the day (issue 16).
  meetingDate = londonToday();
  preview.dispatcher.conn.sqlite
    .prepare('UPDATE mdt_meetings SET meeting_date = ?, start_local = ?, start_at = ? WHERE id = ?')
    .run(meetingDate, `${meetingDate}T09:00`, new Date(`${meetingDate}T09:00:00Z`).toISOString(), meetingId);
  for (const u of ['apatel', 'pgreen', 'tnowak'])
    await seed(
      'mdt:attendance:set',
      { meetingId, userId: users[u], status: 'present', version: null },
      'coord',
    );
  await approveIfLate(preview, listing.id, 'chair');
  await seed('mdt:case:start', { listingId: listing.id }, 'coord');
  // A second patient, on oxycodone MR, for a medication change and a rehab goal (confirmed by the service).
  await seed('users:create', {
    username: 'sjones',
    displayName: 'Sam Jones',
    role: 'nurse',
    password: PASSWORD,
  });
  await seed('auth:signIn', { username: 'sjones', password: PASSWORD }, 'nurse');
  const p2 = await seed(
    'patients:create',
    {
      nhsNumber: '9876543210',
      surname: 'Okafor',
      forename: 'Ade',
      dateOfBirth: '1958-09-12',
      sex: 'male',
      gpPractice: 'Riverside Surgery',
      diagnosisSite: 'Lower back',
    },
    'coord',
  );
  const med = await seed(
    'meds:add',
    {
      patientId: p2.id,
      medicine: OXY_MR,
    },
    'nurse',
  );
  const l2 = await seed(
    'mdt:referral:create',
    {
      patientId: p2.id,
      question: 'Can we reduce the oxycodone and set a walking goal?',
      reason: 'opioid-deprescribing',
      presenterId: users.apatel,
      patientAware: true,
      whatMatters: 'Walking to the allotment',
      meetingTypeId: types.find((t) => t.code === 'complex-pain-mdt')!.id,
    },
    'coord',
  );
  // It is discussed at today's meeting too (the list had moved on to next week's once today's started).
  const db = preview.dispatcher.conn.sqlite;
  db.prepare('UPDATE mdt_listings SET meeting_id = ? WHERE id = ?').run(meetingId, l2.id);
  db.prepare('UPDATE mdt_referrals SET meeting_id = ? WHERE listing_id = ?').run(meetingId, l2.id);
  second = { listingId: l2.id, itemId: med.itemId as number, users: { ...users, sjones: 0 } };
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await signInThroughUi(page, preview, 'apatel', PASSWORD, { waitForForm: true });
}, 120_000);

describe('medication-change and rehab-goal actions create drafts in Medicines and Rehab', () => {
  it('shows the draft plan on the nurse worklist and plan page, and the draft goal in Rehab', async () => {
    await seed('auth:signIn', { username: 'apatel', password: PASSWORD }, 'chair');
    await approveIfLate(preview, second.listingId, 'chair');
    await seed('mdt:case:start', { listingId: second.listingId }, 'coord');
    const nurseId = (await preview.seed<{ id: number; username: string }[]>('users:list', {}, 'seed')).find(
      (u) => u.username === 'sjones',
    )!.id;
    const r = await seedConfirmAfterReading<{
      outcome: { actions: { draft: { itemId: number; href: string } }[] };
    }>(
      preview,
      {
        listingId: second.listingId,
        outcome: {
          kind: 'recommendation',
          summary: 'Reduce oxycodone gradually; physiotherapy goal for walking.',
          actions: [
            {
              description: 'Reduce oxycodone MR to 20 mg a day',
              type: 'medication-change',
              ownerId: nurseId,
              dueDate: '2026-12-31',
              medicine: { itemId: second.itemId, change: 'reduce', targetDose: 20 },
            },
            {
              description: 'Walking goal with physiotherapy',
              type: 'rehab-goal',
              ownerId: second.users.tnowak,
              dueDate: '2027-01-15',
              rehabGoal: { wording: 'Walk to the allotment and back', domain: 'mobility', whatMatters: '' },
            },
          ],
        },
      },
      'chair',
    );
    await go('/medicines');
    const drafts = page.getByRole('table', { name: 'Drafts from the MDT' });
    await drafts.waitFor();
    await expect
      .poll(() => drafts.innerText(), { timeout: 30_000 })
      .toMatch(/Reduce Oxycodone.* gradually to 20 mg\/day/i);
    await screenshot(page, 'mdt-links-06-medicines-worklist');
    await noAxe();
    await go(r.outcome.actions[0]!.draft.href);
    await page
      .getByTestId('from-mdt')
      .getByText(/From MDT on .*: Can we reduce the oxycodone/)
      .waitFor();
    await screenshot(page, 'mdt-links-07-plan-from-mdt');
    await noAxe();
    await go('/rehab');
    const goals = page.getByRole('table', { name: 'Drafts from the MDT' });
    await goals.waitFor();
    await expect
      .poll(() => goals.innerText(), { timeout: 30_000 })
      .toContain('Walk to the allotment and back');
    await screenshot(page, 'mdt-links-08-rehab-drafts');
    await noAxe();
  });
});

afterAll(() => closeAll(browser, preview));

describe('an MDT intervention action creates a draft request on the waiting list', () => {
  it('the chair records the action with its procedure; a missing level is refused next to the field', async () => {
    await go(`/mdt/meetings/${meetingId}/run`);
    await page.getByRole('heading', { name: 'SMITH, Jo' }).waitFor();
    await page.getByLabel("Outcome in the MDT's words").fill('Offer bilateral L4-5 medial branch blocks.');
    await page.getByRole('button', { name: 'Add an action' }).click();
    await page.getByLabel('Action 1', { exact: true }).fill('List for medial branch blocks');
    await page.getByLabel('Type of action 1').selectOption('intervention');
    await page
      .getByLabel('Procedure for action 1')
      .selectOption({ label: 'Lumbar/thoracic medial branch block (diagnostic)' });
    await page.getByLabel('Side for action 1').selectOption('bilateral');
    await page.getByLabel('Indication for action 1').fill('Axial low back pain, facet pattern');
    await page.getByLabel('Owner of action 1').selectOption({ label: 'Asha Patel' });
    await page.getByLabel('Due date of action 1').fill('2026-12-31');
    await page.getByText(/Draft saved/).waitFor();
    const before = preview.count('intervention_requests');
    // The confirm step shows the patient letter first (issue 16); Confirm is under it.
    await page.getByRole('button', { name: 'Check the patient letter and confirm' }).click();
    await page.getByRole('button', { name: 'Confirm outcome', exact: true }).click();
    await page.getByText('Enter the level or target, e.g. L4-5.').waitFor();
    expect(preview.count('intervention_requests')).toBe(before);
    await screenshot(page, 'mdt-links-01-field-message');
    await noAxe();

    await page.getByLabel('Level or target for action 1').fill('L4-5');
    await page.getByRole('button', { name: 'Check the patient letter and confirm' }).click();
    await page.getByRole('button', { name: 'Confirm outcome', exact: true }).click();
    await page.getByText('Outcome confirmed.').waitFor({ timeout: 10_000 });
    const created = page.getByTestId('action-1-draft');
    await created.waitFor();
    await expect
      .poll(() => created.innerText(), { timeout: 30_000 })
      .toMatch(
        /Draft created in Interventions: Lumbar\/thoracic medial branch block \(diagnostic\), Bilateral L4-5/,
      );
    expect(preview.count('intervention_requests')).toBe(before + 1);
    await screenshot(page, 'mdt-links-02-draft-created');
    await noAxe();
  });

  it('the draft request says where it came from, and is listed distinctly on the waiting list', async () => {
    await page.getByTestId('action-1-draft').getByRole('link').click();
    const panel = page.getByTestId('from-mdt');
    await panel.waitFor();
    await expect
      .poll(() => panel.innerText(), { timeout: 30_000 })
      .toContain(`From MDT on ${formatDateGb(meetingDate)}: ${QUESTION}`);
    await panel.getByText('Draft from MDT').waitFor();
    await screenshot(page, 'mdt-links-03-request-from-mdt');
    await noAxe();

    await go('/interventions');
    const drafts = page.getByRole('table', { name: 'Drafts from the MDT' });
    await drafts.waitFor();
    await expect.poll(() => drafts.innerText(), { timeout: 30_000 }).toContain('SMITH, Jo');
    await screenshot(page, 'mdt-links-04-waiting-list-drafts');
    await noAxe();
  });

  it('a clinician completes the draft: priority and clock, then it is on the waiting list', async () => {
    await page
      .getByRole('table', { name: 'Drafts from the MDT' })
      .getByRole('link', { name: /medial branch/ })
      .click();
    const panel = page.getByTestId('from-mdt');
    await panel.getByLabel('Clinical priority').selectOption('P3');
    // Shown dd/mm/yyyy (issue 18).
    await expect
      .poll(() => panel.getByLabel('RTT clock start').inputValue(), { timeout: 30_000 })
      .toBe(formatDateEntry(meetingDate <= londonToday() ? meetingDate : londonToday()));
    await panel.getByRole('button', { name: 'Put on the waiting list' }).click();
    await panel.getByText('On the waiting list', { exact: true }).waitFor();
    await go('/interventions');
    await page.getByText(/1 waiting/).waitFor();
    await expect
      .poll(() => page.getByRole('table', { name: 'Drafts from the MDT' }).count(), { timeout: 30_000 })
      .toBe(0);
    await screenshot(page, 'mdt-links-05-on-the-list');
    await noAxe();
  });
});
