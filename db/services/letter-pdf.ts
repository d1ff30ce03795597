import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { LETTER_MARKS } from '../../shared/domain/letter-marks';
import { formatNhsNumber } from '../../shared/nhs-number';

/**
 * An MDT letter as a PDF (A4), for the FHIR export's DocumentReference: the letter's own text as written
 * and kept, with the patient's name and NHS number on every page, "Page n of m", the superseded watermark on
 * every page of a replaced letter and the warning for a template not approved locally, as the screen and the
 * printed letter show them.
 *
 * Built with PDFKit and the DejaVu Sans font embedded (subset): the standard PDF fonts cover only Western
 * European characters, and a patient's name must never print as question marks.
 */
const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

export interface LetterPdfInput {
  title: string;
  /** The letter's text exactly as kept (line breaks are the letter's own). */
  body: string;
  patientName: string;
  /** Shown 3-3-4; null when not recorded. */
  nhsNumber: string | null;
  /** When the letter was written (an instant): the PDF's creation date, so the same letter gives the same file. */
  generatedAt: string;
  superseded: boolean;
  templateApproved: boolean;
}

const MM = 72 / 25.4;
const MARGIN = 20 * MM;

export function letterPdf(input: LetterPdfInput): Promise<Buffer> {
  const created = new Date(input.generatedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN + 14, bottom: MARGIN + 14, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: input.title,
      Author: 'Alongside',
      Creator: 'Alongside',
      Producer: 'Alongside',
      CreationDate: created,
      ModDate: created,
    },
    lang: 'en-GB',
    displayTitle: true,
    pdfVersion: '1.7',
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);

  doc.font('bold').fontSize(11);
  if (input.superseded) doc.fillColor('#a00000').text(LETTER_MARKS.superseded).moveDown(0.5);
  if (!input.templateApproved) doc.fillColor('#a00000').text(LETTER_MARKS.unapprovedTemplate).moveDown(0.5);
  doc.fillColor('#111111').font('body').fontSize(11).text(input.body, { lineGap: 2 });

  const identity = `${input.patientName} · NHS number ${input.nhsNumber ? formatNhsNumber(input.nhsNumber) : 'not recorded'}`;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const { width, height } = doc.page;
    // Header and footer sit in the margins: lift the bottom margin so writing there adds no page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('body').fontSize(8.5).fillColor('#333333');
    doc.text(identity, MARGIN, MARGIN - 4, { width: width - 2 * MARGIN, lineBreak: false });
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, MARGIN, height - MARGIN, {
      width: width - 2 * MARGIN,
      align: 'right',
      lineBreak: false,
    });
    if (input.superseded) {
      doc.save();
      doc.rotate(-35, { origin: [width / 2, height / 2] });
      doc.font('bold').fontSize(40).fillColor('#c00000').fillOpacity(0.18);
      const w = doc.widthOfString(LETTER_MARKS.superseded);
      doc.text(LETTER_MARKS.superseded, (width - w) / 2, height / 2 - 20, { lineBreak: false });
      doc.restore();
    }
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
