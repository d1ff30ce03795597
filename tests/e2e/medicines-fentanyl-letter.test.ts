import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JO } from '../helpers/seed';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { closeAll, newPage, SAM_JONES, seedStaff, signInToPatients } from './staff';

/**
 * Issue 13 in the real renderer: a fentanyl taper letter once told the GP to "use a 96 micrograms/hour patch"
 * (no such patch) with steps of "24" that were two 12s (each really 12.5, so no reduction at all). The GP
 * letter for a fentanyl 100 micrograms/hour taper must name only real UK 72-hour fentanyl patch strengths, 12,
 * 25, 50, 75 and 100 micrograms/hour (FPM Opioids Aware transdermal table, Aug 2020; the 12 delivers 12.5),
 * every step a real reduction, with the patches to prescribe for each step (a patch every 3 days).
 */
const REAL_STRENGTHS = [12, 25, 50, 75, 100];
/** What each strength really delivers (the 12 patch delivers 12.5 micrograms/hour). */
const delivered = (labelled: number) => (labelled === 12 ? 12.5 : labelled);

let browser: Browser;
let preview: PreviewFixture;
let page: Page;
let patientId = 0;

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  await seedStaff(preview, [SAM_JONES], { adminName: 'Alex Admin', signIn: { sjones: 'nurse-seed' } });
  patientId = (
    await preview.seed<{ id: number }>(
      'patients:create',
      { ...JO, gpPractice: 'Park Lane Surgery' },
      'nurse-seed',
    )
  ).id;
  page = await newPage(browser);
});
afterAll(() => closeAll(browser, preview));

describe('A fentanyl patch taper letter, in the browser preview', () => {
  it('names only real patch strengths, reduces at every step and gives the patches to prescribe', async () => {
    await signInToPatients(page, preview, 'sjones', 'sam jones password');
    await page.goto(`${preview.server.url.split('#')[0]}#/patients/${patientId}`);
    await page.getByRole('tab', { name: 'Medicines' }).click();
    await page.getByText('No current medicines recorded.').waitFor();

    await page.getByRole('button', { name: 'Add medicine' }).click();
    const form = page.getByRole('form', { name: 'Add a medicine' });
    await form.getByLabel('How the medicine is entered', { exact: true }).selectOption('mg');
    await form.getByLabel('Medicine', { exact: true }).selectOption('fentanyl-72-hour-patch');
    await form.getByLabel('Strength', { exact: true }).selectOption('100 mcg/h');
    await form.getByLabel('How it is taken', { exact: true }).selectOption('patch');
    await form.getByLabel('Patch strength (micrograms/hour)', { exact: true }).fill('100');
    await form.getByLabel('Patch changed every (days)', { exact: true }).fill('3');
    await form.getByLabel('Indication', { exact: true }).fill('Failed back surgery syndrome');
    await form.getByRole('button', { name: 'Save medicine' }).click();
    await form.waitFor({ state: 'detached' });
    // FPM Opioids Aware: fentanyl 100 micrograms/hour = 240 mg oral morphine a day.
    await expect.poll(() => page.getByTestId('ome-total').textContent()).toBe('240.0 mg/24h');

    await page.getByRole('button', { name: 'Plan a taper' }).click();
    const plan = page.getByRole('form', { name: /Plan a taper of Fentanyl/ });
    await plan.getByLabel('Reason for the plan', { exact: true }).fill('High dose, little benefit; agreed');
    await plan.getByRole('button', { name: 'Create draft plan' }).click();
    await page.getByRole('heading', { name: /Plan: stop Fentanyl/ }).waitFor();
    // On screen: the patches to prescribe for a step, with the arithmetic.
    await page
      .getByText(
        /To prescribe: Fentanyl 75 micrograms\/hour patches: 5 patches; fentanyl 12 micrograms\/hour/,
      )
      .first()
      .waitFor();
    await page.getByLabel('The patient has agreed this plan', { exact: true }).check();
    await page.getByLabel('How it was agreed', { exact: true }).fill('Agreed in clinic with his wife.');
    await page.getByRole('button', { name: 'Sign off and start the plan' }).click();
    await page.getByRole('form', { name: 'Record a review' }).waitFor();
    await screenshot(page, 'medicines-fentanyl-01-plan');
    expect(JSON.stringify(await axeViolations(page), null, 1)).toBe('[]');

    await page.getByRole('link', { name: 'Printable GP letter' }).click();
    const letter = page.getByRole('article', { name: 'GP letter' });
    await letter.waitFor();
    const text = (await letter.textContent()) ?? '';
    // No unreal patch: every strength the letter names is a real one; never 96, never two 12s.
    const named = [...text.matchAll(/(\d+(?:\.\d+)?) micrograms\/hour patch/g)].map((m) => Number(m[1]));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((n) => !REAL_STRENGTHS.includes(n))).toEqual([]);
    expect(text).not.toMatch(/96 micrograms/);
    expect(text).not.toMatch(/\b2 12 micrograms|two 12 micrograms/);
    expect(text).toContain(
      'Use one 75 micrograms/hour patch and one 12 micrograms/hour patch, changed every 3 days (remove the old patches)',
    );

    // The GP's calendar, step by step: each row's patches deliver less than the row before.
    const rows = letter.getByRole('table').first().getByRole('row');
    const cells = await rows.evaluateAll((trs) =>
      trs.slice(1).map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    const totals = cells.map(([, take]) => {
      if (/Stop taking it/.test(take!)) return 0;
      return [...take!.matchAll(/(one|\d+) (\d+) micrograms\/hour patch/g)].reduce(
        (sum, m) => sum + (m[1] === 'one' ? 1 : Number(m[1])) * delivered(Number(m[2])),
        0,
      );
    });
    // 100 -> 87.5 (75 + 12) -> 75 -> 62.5 (50 + 12) -> 50 -> 37.5 (25 + 12) -> 25 -> 12.5 -> stop.
    expect(totals).toEqual([100, 87.5, 75, 62.5, 50, 37.5, 25, 12.5, 0]);
    // What to prescribe: a patch every 3 days, rounded up to cover the step (14 days -> 5 patches).
    expect(cells[1]![2]).toContain(
      'Fentanyl 75 micrograms/hour patches: 5 patches; fentanyl 12 micrograms/hour patches: 5 patches; for 14 days',
    );
    expect(cells[1]![2]).toContain('14 days ÷ 3 = 4.7, rounded up to 5 changes');
    expect(cells.at(-1)![2]).toBe('Nothing: stopped');
    expect(text).not.toMatch(/undefined|null|NaN/);
    await screenshot(page, 'medicines-fentanyl-02-letter');
    expect(JSON.stringify(await axeViolations(page), null, 1)).toBe('[]');
  });
});
