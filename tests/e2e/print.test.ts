import type { Browser, Page } from 'playwright-core';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDF_OPTIONS } from '../../electron/main/printing';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { closeAll, newPage, seedStaff, signInThroughUi } from './staff';

/**
 * Print and PDF (issue 3) in the browser preview: the print view's button prints through the browser
 * (window.print) and the print is audited; the same view through Chromium's print engine with the
 * desktop host's exact printToPDF options (A4, margins, "Page n of m") gives a PDF with the list's text
 * and none of the app's chrome. (The GP letter's PDF text is checked in tests/e2e/mdt.test.ts.)
 */
let browser: Browser;
let page: Page;
let preview: PreviewFixture;
let meetingId = 0;
let meetingTypeName = '';

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  await seedStaff(
    preview,
    [{ username: 'lmills', displayName: 'Lee Mills', role: 'coordinator', password: 'lee mills password' }],
    { adminName: 'Alex Admin', signIn: { lmills: 'coord' } },
  );
  const [type] = await preview.seed<{ id: number; name: string }[]>('mdt:meetingTypes:list', {}, 'coord');
  meetingTypeName = type!.name;
  meetingId = (
    await preview.seed<{ id: number }>('mdt:meetings:createNext', { meetingTypeId: type!.id }, 'coord')
  ).id;
  page = await newPage(browser);
  await signInThroughUi(page, preview, 'lmills', 'lee mills password', { waitForForm: true });
}, 60_000);
afterAll(() => closeAll(browser, preview));

const printAudits = () =>
  preview.dispatcher.conn.sqlite
    .prepare("SELECT action, entity, entity_id FROM audit_log WHERE action LIKE 'print.%'")
    .all() as { action: string; entity: string; entity_id: number }[];

describe('print views in the browser preview', () => {
  it('the meeting list prints through the browser, and the print is audited', async () => {
    await page.goto(`${preview.server.url.split('?')[0]}#/mdt/meetings/${meetingId}/print`);
    await page.getByRole('article', { name: 'Meeting list' }).waitFor();
    // window.print() would open the browser's dialog: the test counts the calls instead.
    await page.evaluate('window.__prints = 0; window.print = () => { window.__prints++; }');
    const button = page.getByRole('button', { name: 'Print' });
    await button.click();
    await expect.poll(() => printAudits().length).toBe(1);
    expect(await page.evaluate('window.__prints')).toBe(1);
    expect(printAudits()).toEqual([
      { action: 'print.browser', entity: 'mdt_meetings', entity_id: meetingId },
    ]);
    await screenshot(page, 'print-01-meeting-list');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('gives the same PDF as the desktop host: A4, page numbers, the list and no app chrome', async () => {
    const m = PDF_OPTIONS.margins!;
    const inches = (n: number | undefined) => `${n ?? 0}in`;
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: PDF_OPTIONS.printBackground ?? true,
      preferCSSPageSize: PDF_OPTIONS.preferCSSPageSize ?? false,
      displayHeaderFooter: PDF_OPTIONS.displayHeaderFooter ?? false,
      headerTemplate: PDF_OPTIONS.headerTemplate ?? '',
      footerTemplate: PDF_OPTIONS.footerTemplate ?? '',
      margin: { top: inches(m.top), bottom: inches(m.bottom), left: inches(m.left), right: inches(m.right) },
    });
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
    const { text, totalPages } = await extractText(new Uint8Array(pdf), { mergePages: true });
    expect(totalPages).toBeGreaterThanOrEqual(1);
    expect(text).toContain(meetingTypeName);
    expect(text).toMatch(/Page\s*1\s*of\s*\d/);
    expect(text).not.toMatch(/Sign out|BROWSER PREVIEW/i);
    expect(text).not.toMatch(/\bPrint\b/);
  });
});
