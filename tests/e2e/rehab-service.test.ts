import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { developerText } from './screen-text';
import { closeAll, newPage, seedStaff, signInToPatients, TOM_NOWAK } from './staff';

/**
 * Issue 15: the rehab service view by period (rehab:servicePeriod), tried in the browser: the period choice
 * (UK financial year April to March, and its quarters), en-GB dates, the figures, axe, the CSV download's
 * contents and the print page. The records are those of tests/db/rehab-service-period.test.ts, whose
 * figures were worked by hand:
 *  A (physiotherapy, referred 01-Sep-2026): PHQ-9 02-Sep 16 and 10-Nov 0; GAD-7 02-Sep once; GAS review
 *    20-Nov with levels 0 and +2 → T = 50 + 10×2/√(0.7×2 + 0.3×4) = 62.40 (Kiresuk and Sherman 1968, ρ 0.3).
 *  B (physiotherapy, referred 15-Sep-2026): PHQ-9 16-Sep; a second PHQ-9 01-Nov entered in error (left out);
 *    GAS review 19-Nov, one goal at 0 → T = 50.
 *  C (psychology, referred 01-Jun-2026): PHQ-9 once.
 * Financial year 2026/27, physiotherapy: 2 episodes; PHQ-9 2 with a baseline, 1 paired (50.0%); GAD-7 1 and
 * 0 (0.0%); PHQ-9 outcome 1 paired, 1 improved (16 → 0), 100.0%; GAS 2 reviewed, mean (62.40 + 50)/2 = 56.2,
 * 2 at or above 50, none without progress. (The preview's clock is real time: these dates are in the past
 * from December 2026, and the financial year 2026/27 is offered until March 2028.)
 */
let browser: Browser;
let preview: PreviewFixture;
let page: Page;
const PHQ_16 = [2, 2, 2, 2, 2, 2, 2, 2, 0];
const PHQ_0 = [0, 0, 0, 0, 0, 0, 0, 0, 0];

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  await seedStaff(preview, [TOM_NOWAK], { signIn: { tnowak: 'seed-physio' } });
  const seed = <T = { id: number }>(channel: string, payload: unknown) =>
    preview.seed<T>(channel, payload, 'seed-physio');
  const goal = (activity: string) => ({
    whatMatters: `I want to ${activity} again`,
    activity,
    measure: 'minutes without stopping',
    target: '20 minutes',
    setOn: '2026-10-01',
    targetDate: '2027-01-15',
    domain: 'mobility',
    baseline: -1,
    levelMinus2: 'Cannot do it at all',
    levelMinus1: '5 minutes',
    levelZero: '20 minutes',
    levelPlus1: '30 minutes',
    levelPlus2: '45 minutes',
  });
  const episode = async (surname: string, pathway: string, referralDate: string) => {
    const p = await seed('patients:create', {
      surname,
      forename: 'Jo',
      dateOfBirth: '1970-01-01',
      sex: 'female',
      allergies: [],
    });
    const plan = await seed('rehab:createPlan', { patientId: p.id, pathway, referralDate });
    const measure = (measureId: string, administeredOn: string, answers: number[]) =>
      seed('rehab:recordMeasure', {
        patientId: p.id,
        measure: measureId,
        timePoint: 'referral',
        administeredOn,
        answers,
      });
    return { plan, measure };
  };
  const a = await episode('Able', 'physiotherapy', '2026-09-01');
  await a.measure('PHQ-9', '2026-09-02', PHQ_16);
  await a.measure('PHQ-9', '2026-11-10', PHQ_0);
  await a.measure('GAD-7', '2026-09-02', [1, 1, 1, 1, 1, 1, 1]);
  const a1 = await seed('rehab:addGoal', { planId: a.plan.id, goal: goal('walk') });
  const a2 = await seed('rehab:addGoal', { planId: a.plan.id, goal: goal('swim') });
  await seed('rehab:review', {
    planId: a.plan.id,
    reviewDate: '2026-11-20',
    ratings: [
      { goalId: a1.id, outcome: 'achieved as expected' },
      { goalId: a2.id, outcome: 'a lot more than expected' },
    ],
  });
  const b = await episode('Baker', 'physiotherapy', '2026-09-15');
  await b.measure('PHQ-9', '2026-09-16', PHQ_16);
  const wrong = await b.measure('PHQ-9', '2026-11-01', PHQ_0);
  await seed('rehab:enteredInError', { target: 'measure', id: wrong.id, reason: 'Another patient’s form' });
  const b1 = await seed('rehab:addGoal', { planId: b.plan.id, goal: goal('cook') });
  await seed('rehab:review', {
    planId: b.plan.id,
    reviewDate: '2026-11-19',
    ratings: [{ goalId: b1.id, outcome: 'achieved as expected' }],
  });
  const c = await episode('Cole', 'psychology', '2026-06-01');
  await c.measure('PHQ-9', '2026-06-02', PHQ_16);
  page = await newPage(browser);
  await signInToPatients(page, preview, TOM_NOWAK.username, TOM_NOWAK.password!);
}, 90_000);
afterAll(() => closeAll(browser, preview));

async function openServiceOutcomes() {
  await page.evaluate(`location.hash = '#/rehab'`);
  await page.getByRole('heading', { name: 'Rehab', exact: true }).waitFor();
  await page.getByRole('tab', { name: 'Service outcomes' }).click();
  await page.getByLabel('Period', { exact: true }).waitFor();
}

const cellsOf = (table: string) =>
  page
    .getByRole('table', { name: table, exact: true })
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())),
    );

describe('rehab service view by period (issue 15)', () => {
  it('a financial year for physiotherapy: the period in en-GB dates, completeness, outcomes and the GAS summary', async () => {
    await openServiceOutcomes();
    const period = page.getByLabel('Period', { exact: true });
    // The choices: all time, the financial years (April to March) and their quarters so far, dates en-GB.
    const options = await period.locator('option').allInnerTexts();
    expect(options[0]).toBe('All time');
    expect(options).toContain('Financial year 2026/27');
    expect(options).toContain('Q1 2026/27 (01-Apr-2026 to 30-Jun-2026)');
    expect(options).toContain('Q2 2026/27 (01-Jul-2026 to 30-Sep-2026)');
    await page.getByLabel('Pathway', { exact: true }).selectOption({ label: 'Physiotherapy' });
    await period.selectOption({ label: 'Financial year 2026/27' });
    await page
      .getByText(
        '01-Apr-2026 to 31-Mar-2027, Physiotherapy: 2 episodes referred in the period. Records marked entered in error are left out.',
      )
      .waitFor();
    await expect
      .poll(() => cellsOf('Paired-score completeness'), { timeout: 30_000 })
      .toEqual([
        ['PHQ-9', '2', '1', '50.0%'],
        ['GAD-7', '1', '0', '0.0%'],
      ]);
    await expect
      .poll(() => cellsOf('Outcomes of scores completed in the period'), { timeout: 30_000 })
      .toEqual([['PHQ-9', '1', '1', '0', '100.0%']]);
    await expect
      .poll(() => cellsOf('GAS summary'), { timeout: 30_000 })
      .toEqual([
        ['Episodes reviewed', '2'],
        ['Mean T-score', '56.2'],
        ['At or above 50', '2'],
        ['No progress', '0'],
      ]);
    await screenshot(page, 'rehab-service-01-financial-year');
    expect(await axeViolations(page)).toEqual([]);
    expect(await developerText(page)).toEqual([]);
  });

  it('a quarter counts only what falls in it', async () => {
    await page
      .getByLabel('Period', { exact: true })
      .selectOption({ label: 'Q2 2026/27 (01-Jul-2026 to 30-Sep-2026)' });
    // Both episodes were referred in Q2; the later PHQ-9 (10-Nov) and both reviews (19 and 20-Nov) are in Q3.
    await page.getByText(/^01-Jul-2026 to 30-Sep-2026, Physiotherapy: 2 episodes referred/).waitFor();
    await page.getByText('No patient completed a later score of a measure in the period.').waitFor();
    await expect
      .poll(() => cellsOf('GAS summary'), { timeout: 30_000 })
      .toEqual([
        ['Episodes reviewed', '0'],
        ['Mean T-score', '—'],
        ['At or above 50', '0'],
        ['No progress', '0'],
      ]);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('exports the period as CSV: the figures, in words, with the period and pathway', async () => {
    await page.getByLabel('Period', { exact: true }).selectOption({ label: 'Financial year 2026/27' });
    await page.getByText(/^01-Apr-2026 to 31-Mar-2027, Physiotherapy/).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export the period as CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('service-outcomes-2026-04-01-to-2027-03-31-physiotherapy.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.split('\r\n');
    expect(lines.slice(0, 4)).toEqual([
      'Alongside service outcomes',
      'Period,01-Apr-2026 to 31-Mar-2027',
      'Pathway,Physiotherapy',
      'Episodes referred in the period,2',
    ]);
    expect(lines).toContain('Measure,Episodes with a baseline,With a later score,% paired');
    expect(lines.some((l) => /^[^,]*PHQ-9[^,]*,2,1,50$/.test(l))).toBe(true);
    expect(lines.some((l) => /^[^,]*GAD-7[^,]*,1,0,0$/.test(l))).toBe(true);
    expect(lines.some((l) => /^[^,]*PHQ-9[^,]*,1,1,0,100$/.test(l))).toBe(true);
    expect(lines).toContain('Episodes reviewed,2');
    expect(lines).toContain('Mean T-score,56.2');
    expect(lines).toContain('At or above 50 (expected outcome on average),2');
    expect(lines).toContain('No progress,0');
    // Nothing in code: no ISO dates, no internal names.
    expect(csv).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(csv).not.toContain('physiotherapy');
  });

  it('prints the period: the figures without the buttons, through the print engine', async () => {
    await page.evaluate(() => {
      const w = window as unknown as { printed: number };
      w.printed = 0;
      window.print = () => {
        w.printed += 1;
      };
    });
    await page.getByRole('button', { name: 'Print', exact: true }).click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed), {
        timeout: 30_000,
      })
      .toBe(1);
    await page.emulateMedia({ media: 'print' });
    await expect
      .poll(() => page.getByRole('button', { name: 'Export the period as CSV' }).isVisible(), {
        timeout: 30_000,
      })
      .toBe(false);
    await expect
      .poll(() => page.getByRole('button', { name: 'Sign out' }).isVisible(), { timeout: 30_000 })
      .toBe(false);
    await expect
      .poll(() => page.getByLabel('Period', { exact: true }).isVisible(), { timeout: 30_000 })
      .toBe(false);
    await expect
      .poll(() => page.getByRole('tab', { name: 'Service outcomes' }).isVisible(), { timeout: 30_000 })
      .toBe(false);
    await screenshot(page, 'rehab-service-02-print');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
    const flat = text.replace(/\s+/g, ' ');
    for (const expected of [
      '01-Apr-2026 to 31-Mar-2027, Physiotherapy: 2 episodes referred in the period.',
      'Paired-score completeness',
      'GAS summary',
      'Mean T-score 56.2',
      'Outcomes of scores completed in the period',
    ])
      expect(flat, expected).toContain(expected);
    expect(flat).not.toContain('Export the period as CSV');
    await page.emulateMedia({ media: 'screen' });
  });
});
