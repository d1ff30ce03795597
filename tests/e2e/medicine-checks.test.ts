import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JO } from '../helpers/seed';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { closeAll, newPage, SAM_JONES, seedStaff, signInToPatients } from './staff';

/**
 * Issue 13 in the real renderer: tramadol with sertraline shows the serotonergic warning with its source and
 * asks for kidney function; the nurse records weight and creatinine (Cockcroft-Gault shown) and a reason for
 * the warning, which then shows who recorded it.
 */
let browser: Browser;
let preview: PreviewFixture;
let page: Page;
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

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  const must = (channel: string, payload: unknown) =>
    preview.seed<{ id: number }>(channel, payload, 'nurse-seed');
  await seedStaff(preview, [SAM_JONES], { adminName: 'Alex Admin', signIn: { sjones: 'nurse-seed' } });
  patientId = (await must('patients:create', JO)).id;
  await must('meds:add', { patientId, medicine: line('tramadol-capsule', '50 mg', 50, 4) });
  await must('meds:add', { patientId, medicine: line('sertraline-tablet', '50 mg', 50, 1) });
  page = await newPage(browser);
});
afterAll(() => closeAll(browser, preview));

describe('Medicine checks in the browser preview', () => {
  it('shows the warning and the question, takes kidney function and a reason', async () => {
    await signInToPatients(page, preview, 'sjones', 'sam jones password');
    await page.goto(`${preview.server.url.split('#')[0]}#/patients/${patientId}`);
    await page.getByRole('tab', { name: 'Medicines' }).click();
    const sero = page.getByTestId('check-SEROTONERGIC_SEIZURE');
    await sero.getByText('tramadol with sertraline.').waitFor();
    await sero.getByText(/Source: MHRA Drug Safety Update: tapentadol/).waitFor();
    await page.getByTestId('check-ASK_CREATININE_CLEARANCE').waitFor();
    await screenshot(page, 'medicine-checks-01');
    expect(JSON.stringify(await axeViolations(page), null, 1)).toBe('[]');

    const renal = page.getByRole('form', { name: 'Record kidney function' });
    await renal.getByLabel('Weight (kg)').fill('60');
    await renal.getByLabel('Serum creatinine (micromol/L)').fill('120');
    await renal.getByRole('button', { name: 'Save kidney function' }).click();
    // Jo is 66: (140 - 66) x 60 x 1.04 / 120 = 38.5 mL/min (BNF Cockcroft-Gault, women).
    await expect.poll(() => page.getByTestId('crcl').textContent()).toMatch(/= 38\.5 mL\/min/);

    const form = page.getByRole('form', { name: /Serotonin syndrome and seizure risk: record a reason/ });
    await form.getByRole('button', { name: 'Record reason' }).click();
    await form.getByText('Enter the reason.').waitFor();
    await form.getByLabel(/Reason/).fill('Long-standing; warning signs explained');
    await form.getByRole('button', { name: 'Record reason' }).click();
    await sero
      .getByTestId('check-acknowledged')
      .getByText(/Sam Jones.*Long-standing; warning signs explained/)
      .waitFor();
    await screenshot(page, 'medicine-checks-02');
  });
});
