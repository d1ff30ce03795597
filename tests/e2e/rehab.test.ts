import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { developerText } from './screen-text';
import { closeAll, newPage, seedStaff, signInToPatients, TOM_NOWAK } from './staff';

/**
 * Issue 6 scenario in the real renderer: a physiotherapist writes three goals with a patient, records a PHQ-9
 * and a PSEQ, reviews the goals six weeks later (dates typed in the forms, no fake clock), and sees the GAS
 * change and the trend charts.
 */
let browser: Browser;
let preview: PreviewFixture;
let page: Page;
let patientId = 0;
const count = (table: string) =>
  preview.dispatcher.conn.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

const seed = (channel: string, payload: unknown, session = 'seed') =>
  preview.seed<{ id: number }>(channel, payload, session);

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  await seedStaff(preview, [TOM_NOWAK], { signIn: { tnowak: 'seed-physio' } });
  patientId = (
    await seed(
      'patients:create',
      {
        nhsNumber: '943 476 5919',
        surname: 'Smith',
        forename: 'Jo',
        dateOfBirth: '1970-03-01',
        sex: 'female',
        referralDate: '2026-08-03',
        allergies: [],
      },
      'seed-physio',
    )
  ).id;
  page = await newPage(browser);
}, 60_000);
afterAll(() => closeAll(browser, preview));

const GOALS = [
  {
    whatMatters: 'I want to walk my granddaughter to school',
    activity: 'Walk to the school gate',
    measure: 'Minutes walking without stopping',
    target: '15 minutes',
    domain: 'family',
    baseline: '-1',
    levels: [
      'Walks 25 minutes',
      'Walks 20 minutes',
      'Walks 15 minutes',
      'Walks 5 minutes',
      'Cannot walk there',
    ],
  },
  {
    whatMatters: 'Sleep through so I am not exhausted',
    activity: 'Sleep through the night',
    measure: 'Nights a week without waking from pain',
    target: '4 nights a week',
    domain: 'sleep',
    baseline: '-2',
    levels: ['6 nights', '5 nights', '4 nights', '2 nights', 'No nights'],
  },
  {
    whatMatters: 'Get back to my allotment',
    activity: 'Work on the allotment',
    measure: 'Hours on the allotment in a week',
    target: '2 hours a week',
    domain: 'hobbies',
    baseline: '-1',
    levels: ['4 hours', '3 hours', '2 hours', '1 hour', 'None'],
  },
];

describe('Rehab goals, GAS and outcome measures in the browser preview', () => {
  it('signs in as a physiotherapist and starts a rehab plan', async () => {
    await signInToPatients(page, preview, 'tnowak', 'tom nowak password');
    await page.evaluate(`location.hash = '#/patients/${patientId}'`);
    await page.getByRole('tab', { name: 'Rehab' }).click();
    const form = page.getByRole('form', { name: 'Start a rehab plan' });
    await form.getByLabel('Pathway').selectOption('physiotherapy');
    await form.getByLabel('Start of treatment').fill('2026-09-01');
    await form.getByRole('button', { name: 'Start rehab plan' }).click();
    await page.getByRole('heading', { name: 'Rehab plan: Physiotherapy' }).waitFor();
    expect(count('rehab_plans')).toBe(1);
  });

  it('writes three goals with the patient, refusing an incomplete one first', async () => {
    await page.getByRole('button', { name: 'Add a goal' }).click();
    let form = page.getByRole('form', { name: 'Add a goal' });
    await form.getByRole('button', { name: 'Save goal' }).click();
    await form.getByText('Enter the what matters to me').waitFor();
    await screenshot(page, 'rehab-01-goal-refused');
    expect(await axeViolations(page)).toEqual([]);
    expect(await developerText(page)).toEqual([]);
    expect(count('rehab_goals')).toBe(0);
    for (const [i, g] of GOALS.entries()) {
      if (i > 0) await page.getByRole('button', { name: 'Add a goal' }).click();
      form = page.getByRole('form', { name: 'Add a goal' });
      await form.getByLabel(/^What matters to me/).fill(g.whatMatters);
      await form.getByLabel(/^Specific activity/).fill(g.activity);
      await form.getByLabel(/^Measure \(how we will know\)/).fill(g.measure);
      await form.getByLabel(/^Target( \*)?$/).fill(g.target);
      await form.getByLabel(/^Date set with the patient/).fill('2026-09-01');
      await form.getByLabel(/^Target date/).fill('2026-12-01');
      await form.getByLabel(/^Life domain/).selectOption(g.domain);
      await form.getByLabel('Baseline level').selectOption(g.baseline);
      await form.getByLabel(/^\+2 Much more/).fill(g.levels[0]!);
      await form.getByLabel(/^\+1 Somewhat more/).fill(g.levels[1]!);
      await form.getByLabel(/^0 Expected outcome/).fill(g.levels[2]!);
      await form.getByLabel(/^−1 Somewhat less/).fill(g.levels[3]!);
      await form.getByLabel(/^−2 Much less/).fill(g.levels[4]!);
      if (i === 2) await screenshot(page, 'rehab-02-goal-form');
      await form.getByRole('button', { name: 'Save goal' }).click();
      await page.getByText(`Goal ${i + 1}: ${g.activity}`).waitFor();
    }
    expect(count('rehab_goals')).toBe(3);
  });

  it('records a PHQ-9 (item wording shown, item 9 alert prominent) and a PSEQ (item scores only)', async () => {
    await page.getByRole('button', { name: 'Record a measure' }).click();
    await page.getByLabel('Measure', { exact: true }).selectOption('PHQ-9');
    const phq = page.getByRole('form', { name: 'Record PHQ-9' });
    await phq.getByLabel(/^Collection point/).selectOption('treatment-start');
    await phq.getByLabel(/^Date completed/).fill('2026-09-01');
    const answers = [2, 2, 3, 2, 1, 2, 1, 1, 1];
    for (const [i, a] of answers.entries())
      await phq.getByLabel(new RegExp(`^${i + 1}\\. `)).selectOption(String(a));
    await expect
      .poll(() => phq.getByText('Little interest or pleasure in doing things').count())
      .toBeGreaterThan(0);
    await screenshot(page, 'rehab-03-phq9-form');
    expect(await axeViolations(page)).toEqual([]);
    expect(await developerText(page)).toEqual([]);
    await phq.getByRole('button', { name: 'Save PHQ-9' }).click();
    await page.getByRole('alert').filter({ hasText: 'Risk alert: open until acknowledged' }).waitFor();
    await page.getByTestId('banner-risk').waitFor();
    await page.getByText('PHQ-9 saved').waitFor();

    await page.getByRole('button', { name: 'Record a measure' }).click();
    await page.getByLabel('Measure', { exact: true }).selectOption('PSEQ');
    const pseq = page.getByRole('form', { name: 'Record PSEQ' });
    await expect.poll(() => pseq.getByText(/licensed PSEQ form/).count()).toBe(1);
    await pseq.getByLabel(/^Collection point/).selectOption('treatment-start');
    await pseq.getByLabel(/^Date completed/).fill('2026-09-01');
    for (let i = 1; i <= 10; i++)
      await pseq.getByLabel(`Item ${i}`, { exact: true }).fill(i === 4 ? '7' : '2');
    await pseq.getByRole('button', { name: 'Save PSEQ' }).click();
    await pseq
      .getByText(/item 4: 7 is out of range/)
      .first()
      .waitFor();
    expect(count('rehab_measures')).toBe(1);
    await pseq.getByLabel('Item 4', { exact: true }).fill('2');
    await pseq.getByRole('button', { name: 'Save PSEQ' }).click();
    await page.getByText('PSEQ saved').waitFor();
    expect(count('rehab_measures')).toBe(2);
  });

  it('reviews the goals six weeks later and shows the GAS change, its arithmetic and the trend charts', async () => {
    await page.getByRole('button', { name: 'Review goals' }).click();
    const form = page.getByRole('form', { name: 'Review goals' });
    await form.getByLabel(/^Review date/).fill('2026-10-13');
    await form.getByLabel('How did goal 1 come out?').selectOption('achieved as expected');
    await form.getByLabel('How did goal 2 come out?').selectOption('partial progress');
    await form.getByLabel('How did goal 3 come out?').selectOption('a little more than expected');
    await form.getByLabel('The patient’s view').fill('I walked her to school twice last week.');
    await screenshot(page, 'rehab-04-review-form');
    expect(await axeViolations(page)).toEqual([]);
    expect(await developerText(page)).toEqual([]);
    await form.getByRole('button', { name: 'Save review' }).click();
    // Levels 0, −1, +1 → T 50.0; baseline −1, −2, −1 → 31.7; change +18.3.
    await page.getByRole('cell', { name: 'T-score 50.0 on 3 of 3 goals', exact: true }).waitFor();
    await page.getByRole('cell', { name: '+18.3', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Show the arithmetic' }).click();
    await page
      .getByText(/denominator = √\(0\.7 × 3 \+ 0\.3 × 9\)/)
      .first()
      .waitFor();
    await expect
      .poll(() => page.getByTestId('trend-GAS T-score over reviews').count(), { timeout: 30_000 })
      .toBe(1);
    await expect
      .poll(() => page.locator('[data-testid^="trend-PHQ-9"]').count(), { timeout: 30_000 })
      .toBe(1);
    await expect.poll(() => page.locator('[data-testid^="trend-PSEQ"]').count(), { timeout: 30_000 }).toBe(1);
    // A second PHQ-9 on the review day: the trend has two points and the change is flagged.
    await page.getByRole('button', { name: 'Record a measure' }).click();
    await page.getByLabel('Measure', { exact: true }).selectOption('PHQ-9');
    const phq = page.getByRole('form', { name: 'Record PHQ-9' });
    await phq.getByLabel(/^Collection point/).selectOption('other');
    await phq.getByLabel(/^Date completed/).fill('2026-10-13');
    for (const [i, a] of [1, 1, 1, 1, 0, 1, 0, 0, 0].entries())
      await phq.getByLabel(new RegExp(`^${i + 1}\\. `)).selectOption(String(a));
    await phq.getByRole('button', { name: 'Save PHQ-9' }).click();
    // The new administration's own row (a page-wide "Meaningful improvement" may be another measure's).
    await page
      .getByRole('table', { name: 'PHQ-9 administrations' })
      .locator('tr', { hasText: '13-Oct-2026' })
      .getByText('Meaningful improvement', { exact: true })
      .waitFor();
    await screenshot(page, 'rehab-05-gas-and-trends');
    expect(await axeViolations(page)).toEqual([]);
    expect(await developerText(page)).toEqual([]);
    const stored = preview.dispatcher.conn.sqlite
      .prepare('SELECT rule_set_id, rule_set_version, rated_count FROM rehab_reviews')
      .get();
    expect(stored).toEqual({ rule_set_id: 'gas-kiresuk-sherman', rule_set_version: '1.0.0', rated_count: 3 });
  });

  it('records the discharge date, which brings the follow-up collection points into view', async () => {
    await page.getByRole('button', { name: 'Plan dates' }).click();
    const form = page.getByRole('form', { name: 'Plan dates' });
    await form.getByLabel('Discharge date').fill('2026-11-01');
    await form.getByRole('button', { name: 'Save dates' }).click();
    await page.getByText(/discharge 01-Nov-2026/).waitFor();
    await page.getByRole('cell', { name: '01-May-2027' }).waitFor(); // 6 months after discharge
  });

  it('shows the service view: measures due and outcomes by pathway as a chart with a table', async () => {
    await page.evaluate(`location.hash = '#/rehab'`);
    await page.getByRole('heading', { name: 'Rehab', exact: true }).waitFor();
    await page.getByRole('table', { name: 'Measures due' }).waitFor();
    await screenshot(page, 'rehab-06-worklist');
    expect(await axeViolations(page)).toEqual([]);
    expect(await developerText(page)).toEqual([]);
    await page.getByRole('tab', { name: 'Service outcomes' }).click();
    await page.getByRole('table', { name: 'Service outcomes by measure and pathway' }).waitFor();
    await page.getByRole('cell', { name: '100.0%' }).first().waitFor();
    await screenshot(page, 'rehab-07-service-outcomes');
    expect(await axeViolations(page)).toEqual([]);
    expect(await developerText(page)).toEqual([]);
  });
});
