import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { developerText } from './screen-text';
import { closeAll, newPage, seedStaff, signInToPatients, TOM_NOWAK } from './staff';

/**
 * Issue 15 in the real renderer: a back-dated paper PHQ-9 with item 9 = 3 raises a risk alert that shows in the
 * banner on every tab, on the summary and on the team's worklist, stays open through a later PHQ-9 with item 9
 * blank, and closes only when acknowledged with the action taken; a patient whose only plan is closed starts a
 * new plan, the old one still viewable. Every screen visited is scanned for developer text.
 */
let browser: Browser;
let preview: PreviewFixture;
let page: Page;
let riskPatient = 0;
let closedPatient = 0;
let closedPlan = 0;

const seed = (channel: string, payload: unknown) =>
  preview.seed<{ id: number }>(channel, payload, 'seed-physio');

async function noDeveloperText() {
  expect(await developerText(page)).toEqual([]);
}

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  await seedStaff(preview, [TOM_NOWAK], { signIn: { tnowak: 'seed-physio' } });
  const patient = (surname: string) =>
    seed('patients:create', {
      surname,
      forename: 'Alex',
      dateOfBirth: '1965-05-05',
      sex: 'female',
      referralDate: '2026-08-03',
      allergies: [],
    });
  riskPatient = (await patient('Risk')).id;
  await seed('rehab:createPlan', {
    patientId: riskPatient,
    pathway: 'psychology',
    referralDate: '2026-08-03',
  });
  // Entered first: the newest form, item 9 = 0.
  await seed('rehab:recordMeasure', {
    patientId: riskPatient,
    measure: 'PHQ-9',
    timePoint: 'treatment-start',
    administeredOn: '2026-11-20',
    answers: [1, 1, 1, 1, 1, 0, 0, 0, 0],
  });
  closedPatient = (await patient('Closed')).id;
  closedPlan = (
    await seed('rehab:createPlan', {
      patientId: closedPatient,
      pathway: 'physiotherapy',
      referralDate: '2026-03-02',
    })
  ).id;
  preview.dispatcher.conn.sqlite
    .prepare(`UPDATE rehab_plans SET status = 'closed' WHERE id = ?`)
    .run(closedPlan);
  page = await newPage(browser);
  await signInToPatients(page, preview, 'tnowak', 'tom nowak password');
}, 60_000);
afterAll(() => closeAll(browser, preview));

describe('rehab safety in the browser preview', () => {
  it('a back-dated paper PHQ-9 with item 9 = 3 raises a risk alert shown in the banner on every tab', async () => {
    await page.evaluate(`location.hash = '#/patients/${riskPatient}'`);
    await page.getByRole('tab', { name: 'Rehab' }).click();
    await page.getByRole('button', { name: 'Record a measure' }).click();
    await page.getByLabel('Measure', { exact: true }).selectOption('PHQ-9');
    const phq = page.getByRole('form', { name: 'Record PHQ-9' });
    await phq.getByLabel(/^Collection point/).selectOption('referral');
    await phq.getByLabel(/^Date completed/).fill('2026-10-05');
    for (const [i, a] of [2, 2, 2, 2, 2, 2, 2, 2, 3].entries())
      await phq.getByLabel(new RegExp(`^${i + 1}\\. `)).selectOption(String(a));
    await phq.getByRole('button', { name: 'Save PHQ-9' }).click();
    await page.getByText('PHQ-9 saved').waitFor();
    const banner = page.getByTestId('banner-risk');
    await banner.waitFor();
    await expect
      .poll(() => banner.textContent(), { timeout: 30_000 })
      .toContain('Open risk alert: PHQ-9 item 9 (05-Oct-2026)');
    await page.getByRole('alert').filter({ hasText: 'Risk alert: open until acknowledged' }).waitFor();
    await noDeveloperText();
    for (const tab of ['Summary', 'Medicines', 'MDT']) {
      await page.getByRole('tab', { name: tab }).click();
      await banner.waitFor();
    }
    // The summary carries the alert itself.
    await page.getByRole('tab', { name: 'Summary' }).click();
    await page
      .getByText(/PHQ-9 item 9 \(thoughts of being better off dead or of self-harm\) answered/)
      .first()
      .waitFor();
    await screenshot(page, 'rehab-safety-01-alert-summary');
    await noDeveloperText();
  });

  it('a later PHQ-9 with item 9 blank keeps it open and prompts to ask item 9; the team worklist lists it', async () => {
    await seed('rehab:recordMeasure', {
      patientId: riskPatient,
      measure: 'PHQ-9',
      timePoint: 'other',
      administeredOn: '2026-11-25',
      answers: [0, 0, 0, 0, 0, 0, 0, 0, null],
    });
    await page.reload();
    await page.getByRole('tab', { name: 'Rehab' }).click();
    await page.getByTestId('banner-risk').waitFor();
    await page
      .getByText(/item 9 .* was left blank: ask the patient/)
      .first()
      .waitFor();
    await noDeveloperText();
    await page.evaluate(`location.hash = '#/rehab/risk'`);
    const table = page.getByRole('table', { name: 'Open risk alerts' });
    await table.waitFor();
    await table.getByRole('link', { name: 'RISK, Alex' }).waitFor();
    await noDeveloperText();
  });

  it('closes only when acknowledged with the action taken; the acknowledgement stays in the history', async () => {
    await page.evaluate(`location.hash = '#/patients/${riskPatient}'`);
    await page.getByTestId('banner-risk').waitFor();
    await page.getByRole('button', { name: 'Acknowledge…' }).click();
    const form = page.getByRole('form', { name: 'Acknowledge the risk alert' });
    await form.getByRole('button', { name: 'Acknowledge' }).click();
    await form.getByText('Enter the action taken.').waitFor();
    await form.getByLabel('Action taken').fill('Phoned the patient: safety plan agreed, GP informed.');
    await form.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByText('Acknowledged risk alerts (1)').waitFor();
    await expect.poll(() => page.getByTestId('banner-risk').count(), { timeout: 30_000 }).toBe(0);
    const row = preview.dispatcher.conn.sqlite
      .prepare(`SELECT status, action_taken FROM rehab_risk_alerts`)
      .get();
    expect(row).toEqual({
      status: 'acknowledged',
      action_taken: 'Phoned the patient: safety plan agreed, GP informed.',
    });
    await noDeveloperText();
  });

  it('a patient whose only plan is closed starts a new plan; the closed one stays viewable from the plan list', async () => {
    await page.evaluate(`location.hash = '#/patients/${closedPatient}'`);
    await page.getByRole('tab', { name: 'Rehab' }).click();
    await page.getByRole('heading', { name: 'Rehab plan: Physiotherapy (closed)' }).waitFor();
    await page.getByRole('button', { name: 'Start a new plan' }).click();
    const form = page.getByRole('form', { name: 'Start a rehab plan' });
    await form.getByLabel('Pathway').selectOption('psychology');
    await form.getByLabel('Referral date').fill('2026-11-02');
    await form.getByRole('button', { name: 'Start rehab plan' }).click();
    await page.getByRole('heading', { name: 'Rehab plan: Psychology', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Record a measure' }).waitFor();
    const selector = page.getByLabel('Plan (episode of care)');
    await selector.selectOption(String(closedPlan));
    await page.getByRole('heading', { name: 'Rehab plan: Physiotherapy (closed)' }).waitFor();
    await screenshot(page, 'rehab-safety-02-plan-selector');
    await noDeveloperText();
  });
});
