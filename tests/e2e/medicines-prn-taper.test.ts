import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JO } from '../helpers/seed';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { closeAll, newPage, SAM_JONES, seedStaff, signInToPatients } from './staff';

/**
 * Issue 13, "as-needed lines can be tapered", in the real renderer. Worked by hand (the service's clinical decisions (clinical lead), medicines 7:
 * as-needed counts at its 24-hour maximum; FPM Opioids Aware "Tapering and stopping": 10% of the starting dose
 * every 2 weeks by default):
 * - Oxycodone 5 mg capsules, 5 mg up to 4 times in 24 hours, at least 4 hours apart = at most 20 mg in 24 h.
 * - 10% of 20 mg = 2 mg a fortnight. Only 5 mg doses exist (5, 10, 20 mg capsules), so the maxima possible
 *   are 20, 15, 10, 5: aims 18 (day 14) and 16 (day 28) hold at 20; 14 (day 42) -> 15; 12 (day 56) holds;
 *   10 (day 70) -> 10; 8, 6 hold; 4 (day 112) -> 5; 2 holds; 0 (day 140) -> stop.
 * - Step lengths 42, 28, 42, 28 days. Quantities ("up to" = most doses × days): 4 × 42 = 168, 3 × 28 = 84,
 *   2 × 42 = 84, 1 × 28 = 28 capsules.
 */
const DAY = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "Monday, 7 December 2026" (the letter's calendar) -> milliseconds (UTC midnight). */
function parseDay(text: string): number {
  const m = /(\d{1,2})[ -]([A-Z][a-z]{2})[a-z]*[ -](\d{4})/.exec(text);
  if (!m) throw new Error(`No date in "${text}"`);
  return Date.UTC(Number(m[3]), MONTHS.indexOf(m[2]!), Number(m[1]));
}

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

describe('An as-needed (PRN) taper, in the browser preview', () => {
  it('lowers the 24-hour maximum in doses the capsules give, with the quantities a GP prescribes', async () => {
    await signInToPatients(page, preview, 'sjones', 'sam jones password');
    await page.goto(`${preview.server.url.split('#')[0]}#/patients/${patientId}`);
    await page.getByRole('tab', { name: 'Medicines' }).click();
    await page.getByText('No current medicines recorded.').waitFor();

    await page.getByRole('button', { name: 'Add medicine' }).click();
    const form = page.getByRole('form', { name: 'Add a medicine' });
    await form.getByLabel('How the medicine is entered', { exact: true }).selectOption('mg');
    await form.getByLabel('Medicine', { exact: true }).selectOption('oxycodone-ir-capsule');
    await form.getByLabel('Strength', { exact: true }).selectOption('5 mg');
    await form.getByLabel('How it is taken', { exact: true }).selectOption('prn');
    await form.getByLabel('Dose each time (mg)', { exact: true }).fill('5');
    await form.getByLabel('Most doses in 24 hours', { exact: true }).fill('4');
    await form.getByLabel('At least this many hours between doses', { exact: true }).fill('4');
    // The maximum is worked out, never typed to contradict the dose: 5 mg × 4 = 20 mg.
    await form.getByText('Worked out: 20 mg (leave empty)').waitFor();
    await form.getByLabel('Indication', { exact: true }).fill('Breakthrough pain');
    await form.getByRole('button', { name: 'Save medicine' }).click();
    await form.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Plan a taper' }).click();
    const plan = page.getByRole('form', { name: /Plan a taper of Oxycodone/ });
    await plan.getByLabel('Reason for the plan', { exact: true }).fill('Using fewer doses; agreed to reduce');
    await plan.getByRole('button', { name: 'Create draft plan' }).click();
    await page.getByRole('heading', { name: /Plan: stop Oxycodone/ }).waitFor();
    await page
      .getByText(/Now on: 20 mg in 24 hours at most/)
      .first()
      .waitFor();
    await page
      .getByText('To prescribe: Oxycodone 5 mg capsules: up to 84 capsules for 28 days', { exact: false })
      .first()
      .waitFor();
    await page.getByLabel('The patient has agreed this plan', { exact: true }).check();
    await page.getByLabel('How it was agreed', { exact: true }).fill('Agreed in clinic.');
    await page.getByRole('button', { name: 'Sign off and start the plan' }).click();
    await page.getByRole('form', { name: 'Record a review' }).waitFor();
    // The review and revise forms say what the plan counts: never "mg/day" for an as-needed line.
    await page.getByText(/^Now on 20 mg in 24 hours at most\. Next planned step/).waitFor();
    await page.getByRole('button', { name: 'Change the plan from 20 mg in 24 hours at most' }).waitFor();
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, 'medicines-prn-01-plan-1440');
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(page, 'medicines-prn-01-plan-1280');
    expect(JSON.stringify(await axeViolations(page), null, 1)).toBe('[]');

    await page.getByRole('link', { name: 'Printable GP letter' }).click();
    const letter = page.getByRole('article', { name: 'GP letter' });
    await letter.waitFor();
    const text = (await letter.textContent()) ?? '';
    expect(text).toContain(
      'This medicine is taken as needed. Each step lowers the most that may be taken in 24 hours: please prescribe no more than the quantity shown for each step.',
    );
    const cells = await letter
      .getByRole('table')
      .first()
      .getByRole('row')
      .evaluateAll((trs) =>
        trs.slice(1).map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
      );
    expect(cells).toHaveLength(5);
    const instruction = (most: number, max: number) =>
      `Take 5 mg (1 × 5 mg capsule each time) when needed, at least 4 hours apart, no more than ${most} dose${most === 1 ? '' : 's'} in 24 hours (at most ${max} mg in 24 hours)`;
    expect(cells[0]![1]).toContain(instruction(4, 20));
    expect(cells[1]![1]).toContain(instruction(3, 15));
    expect(cells[2]![1]).toContain(instruction(2, 10));
    expect(cells[3]![1]).toContain(instruction(1, 5));
    expect(cells[4]![1]).toContain('Stop taking it');
    // Step lengths worked by hand: 42, 28, 42, 28 days.
    const days = cells.map((c) => parseDay(c[0]!));
    expect(days.slice(1).map((d, i) => (d - days[i]!) / DAY)).toEqual([42, 28, 42, 28]);
    expect(cells[0]![2]).toContain('Oxycodone 5 mg capsules: up to 168 capsules for 42 days');
    expect(cells[1]![2]).toContain('Oxycodone 5 mg capsules: up to 84 capsules for 28 days');
    expect(cells[2]![2]).toContain('Oxycodone 5 mg capsules: up to 84 capsules for 42 days');
    expect(cells[3]![2]).toContain('Oxycodone 5 mg capsules: up to 28 capsules for 28 days');
    expect(cells[4]![2]).toBe('Nothing: stopped');
    expect(text).not.toMatch(/undefined|null|NaN/);
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, 'medicines-prn-02-letter-1440');
    expect(JSON.stringify(await axeViolations(page), null, 1)).toBe('[]');
  });
});
