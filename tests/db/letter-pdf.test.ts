import { extractText } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { letterPdf, type LetterPdfInput } from '../../db/services/letter-pdf';

/**
 * The MDT letter as a PDF (issue 20: "the MDT outcome and letters as Composition/DocumentReference with the
 * PDF"). What a GP practice files must be the letter as kept, with whose letter it is on every page.
 */
const base: LetterPdfInput = {
  title: 'MDT letter to GP',
  body: 'Dear Dr Okafor\n\nRe: Łukasz Wiśniewski, born 02-Mar-1961\n\nThe pain MDT met on 24 November 2026.\nYours sincerely',
  patientName: 'Łukasz Wiśniewski',
  nhsNumber: '9434765919',
  generatedAt: '2026-11-24T16:05:00.000Z',
  superseded: false,
  templateApproved: true,
};

async function pages(input: LetterPdfInput): Promise<string[]> {
  const pdf = await letterPdf(input);
  const { text } = await extractText(new Uint8Array(pdf), { mergePages: false });
  return text;
}

describe('an MDT letter as a PDF', () => {
  it('keeps a Polish name exactly (no question marks), with the NHS number 3-3-4 and the page count', async () => {
    const [page, ...more] = await pages(base);
    expect(more).toEqual([]);
    expect(page).toContain('Re: Łukasz Wiśniewski, born 02-Mar-1961');
    expect(page).toContain('Łukasz Wiśniewski · NHS number 943 476 5919');
    expect(page).toContain('Page 1 of 1');
    expect(page).not.toContain('?');
    expect(page).not.toContain('Superseded');
    expect(page).not.toContain('not yet approved');
  });

  it('puts the patient on every page of a long letter and numbers the pages "n of m"', async () => {
    // 150 numbered lines at 11 pt with a 2 pt gap (about 15.3 pt a line) in 802 pt of writing height
    // (A4 842 pt less 2 x (20 mm + 14 pt)): 46 lines a page, so 4 pages.
    const body = Array.from({ length: 150 }, (_, i) => `Line ${i + 1} of the letter.`).join('\n');
    const all = await pages({ ...base, body });
    expect(all).toHaveLength(4);
    all.forEach((p, i) => {
      expect(p).toContain('Łukasz Wiśniewski · NHS number 943 476 5919');
      expect(p).toContain(`Page ${i + 1} of 4`);
    });
    expect(all.join('\n')).toContain('Line 150 of the letter.');
  });

  it('marks a superseded letter on every page, and one from a template not approved locally', async () => {
    const body = Array.from({ length: 60 }, (_, i) => `Line ${i + 1}.`).join('\n');
    const all = await pages({ ...base, body, superseded: true, templateApproved: false });
    expect(all.length).toBe(2);
    for (const p of all) expect(p).toContain('Superseded – do not use');
    expect(all[0]).toContain('This letter uses an example template that your service has not yet approved.');
  });

  it('says so when the NHS number is not recorded', async () => {
    const [page] = await pages({ ...base, nhsNumber: null });
    expect(page).toContain('Łukasz Wiśniewski · NHS number not recorded');
  });

  it('gives the same file for the same letter (its date is the letter’s, not the export’s)', async () => {
    const a = await letterPdf(base);
    const b = await letterPdf(base);
    expect(a.equals(b)).toBe(true);
  });
});
