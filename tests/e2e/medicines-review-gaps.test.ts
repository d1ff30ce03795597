import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JO } from '../helpers/seed';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { closeAll, seedStaff, signInToPatients, type StaffMember } from './staff';

/**
 * Issue 13, the gaps a pharmacist's review found, in the real renderer, walked by a pharmacist and then a
 * prescriber at two screen sizes:
 * - zopiclone 7.5 mg at night can be switched to diazepam (Ashton 2002: zopiclone 15 mg ≈ diazepam 10 mg, so
 *   7.5 × 10 ÷ 15 = diazepam 5 mg at night);
 * - codeine with promethazine raises the opioid + sedatives warning naming both (MHRA Drug Safety Update,
 *   March 2020; BNF interactions);
 * - lisdexamfetamine raises the driving prompt as amphetamine (Drug Driving (Specified Limits) (England and
 *   Wales) (Amendment) Regulations 2015), and codeine as morphine (found on this walk: it gave no advice).
 */
const PAT: StaffMember = {
  username: 'pgreen',
  displayName: 'Pat Green',
  role: 'pharmacist',
  password: 'pat green password',
};
const DR: StaffMember = {
  username: 'dshah',
  displayName: 'Dev Shah',
  role: 'consultant',
  password: 'dev shah password',
};

let browser: Browser;
let preview: PreviewFixture;
let patientId = 0;

const line = (formularyId: string, strength: string, doseMg: number, timesPerDay: number) => ({
  formularyId,
  strength,
  doseKind: 'regular',
  doseMg,
  timesPerDay,
  startDate: '2026-06-01',
  prescriber: 'gp',
  indication: 'Pain',
});

async function pageOf(width: number, height: number): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width, height },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  return context.newPage();
}

async function openMedicines(page: Page, who: StaffMember) {
  await signInToPatients(page, preview, who.username, who.password!);
  await page.goto(`${preview.server.url.split('#')[0]}#/patients/${patientId}`);
  await page.getByRole('tab', { name: 'Medicines' }).click();
}

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  await seedStaff(preview, [PAT, DR], { adminName: 'Alex Admin', signIn: { pgreen: 'pharm-seed' } });
  const must = (channel: string, payload: unknown) =>
    preview.seed<{ id: number }>(channel, payload, 'pharm-seed');
  patientId = (await must('patients:create', JO)).id;
  await must('meds:add', { patientId, medicine: line('codeine-tablet', '30 mg', 30, 4) });
  await must('meds:add', { patientId, medicine: line('promethazine-tablet', '25 mg', 25, 1) });
  await must('meds:add', { patientId, medicine: line('lisdexamfetamine-capsule', '30 mg', 30, 1) });
  await must('meds:add', {
    patientId,
    medicine: { ...line('zopiclone-tablet', '7.5 mg', 7.5, 1), indication: 'Sleep' },
  });
});
afterAll(() => closeAll(browser, preview));

describe('The review gaps in the browser preview', () => {
  it('a pharmacist (1440 x 900) sees the sedatives warning and the driving prompt naming the medicines', async () => {
    const page = await pageOf(1440, 900);
    await openMedicines(page, PAT);
    const sed = page.getByTestId('check-OPIOID_SEDATIVES');
    await sed.getByText('codeine with promethazine and zopiclone.').waitFor();
    const driving = page.getByTestId('check-DRIVING');
    // Codeine is named too (medicine checks 1.4.0): it is partly converted to morphine.
    await driving
      .getByText(
        /^Codeine \(partly converted to morphine.*\) and lisdexamfetamine \(measured as amphetamine, specified in 2015/,
      )
      .waitFor();
    await screenshot(page, 'medicines-review-gaps-01-pharmacist-1440');
    expect(JSON.stringify(await axeViolations(page), null, 1)).toBe('[]');
    await page.context().close();
  });

  it('a prescriber (1280 x 720) switches zopiclone 7.5 mg at night to diazepam 5 mg at night', async () => {
    const page = await pageOf(1280, 720);
    await openMedicines(page, DR);
    const current = page.getByRole('table', { name: 'Current medicines' });
    const zopiclone = current.getByRole('row').filter({ hasText: 'Zopiclone tablets' });
    await zopiclone.getByRole('button', { name: 'Switch to diazepam' }).click();
    const sw = page.getByLabel('Switch Zopiclone tablets to diazepam', { exact: true });
    await sw
      .getByText('Equivalence: zopiclone 15 mg ≈ diazepam 10 mg. 7.5 mg a day × 10 ÷ 15 = 5 mg a day.')
      .waitFor();
    await sw.getByText('Diazepam 5 mg a day: 1 × 5 mg tablet at night').waitFor();
    await screenshot(page, 'medicines-review-gaps-02-prescriber-switch-1280');
    await sw
      .getByLabel('Reason for the switch', { exact: true })
      .fill('Long-term zopiclone; agreed to reduce');
    await sw.getByRole('button', { name: 'Switch to diazepam' }).click();
    await sw.waitFor({ state: 'detached' });
    await current.getByRole('row').filter({ hasText: 'Diazepam tablets' }).waitFor();
    await expect.poll(() => current.getByText('Zopiclone tablets').count(), { timeout: 30_000 }).toBe(0);
    // The sedatives warning now names diazepam in place of zopiclone.
    await page
      .getByTestId('check-OPIOID_SEDATIVES')
      .getByText('codeine with promethazine and diazepam.')
      .waitFor();
    await screenshot(page, 'medicines-review-gaps-03-prescriber-after-switch-1280');
    await page.context().close();
  });
});
