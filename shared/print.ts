import { z } from 'zod';

/**
 * Print and PDF (issue 3): which print views exist, what their PDFs are called, and the request the
 * renderer sends to the desktop host. Pure, shared by the renderer (buttons), the Electron main process
 * (which only ever loads these app:// routes) and the dispatcher (the audit row).
 */

/** Each print view: its hash route (ids only, never names) and the entity it prints. */
export const PRINT_VIEWS = {
  'mdt-meeting-list': { pattern: /^\/mdt\/meetings\/([1-9]\d{0,9})\/print$/, entity: 'mdt_meetings' },
  'mdt-minutes': { pattern: /^\/mdt\/meetings\/([1-9]\d{0,9})\/minutes$/, entity: 'mdt_meetings' },
  'mdt-letter': { pattern: /^\/mdt\/letters\/([1-9]\d{0,9})\/print$/, entity: 'mdt_letters' },
  'medicines-letter': { pattern: /^\/medicines\/plans\/([1-9]\d{0,9})\/print$/, entity: 'taper_plans' },
  'theatre-list': {
    pattern: /^\/interventions\/sessions\/([1-9]\d{0,9})\/print$/,
    entity: 'intervention_sessions',
  },
} as const;
export type PrintViewKind = keyof typeof PRINT_VIEWS;
export const PRINT_VIEW_KINDS = Object.keys(PRINT_VIEWS) as PrintViewKind[];

/** The document names a PDF may be given (no patient identifiers: file names end up in logs and folders). */
export const PRINT_DOCUMENT_NAMES = [
  'GP letter',
  'Referrer letter',
  'Patient letter',
  'MDT meeting list',
  'MDT minutes',
  'Deprescribing GP letter',
  'Theatre list',
] as const;
export type PrintDocumentName = (typeof PRINT_DOCUMENT_NAMES)[number];

/** The print view a route shows, with its id; null for anything else (the host refuses it). */
export function parsePrintRoute(route: string): { kind: PrintViewKind; id: number } | null {
  for (const kind of PRINT_VIEW_KINDS) {
    const m = PRINT_VIEWS[kind].pattern.exec(route);
    if (m) return { kind, id: Number(m[1]) };
  }
  return null;
}

/** "GP letter - 2026-11-21.pdf": the name offered in the save dialog. */
export function defaultPdfName(document: PrintDocumentName, isoDate: string): string {
  return `${document} - ${isoDate}.pdf`;
}

/** The desktop host's "save this print view as PDF" request (host channel, validated in the main process). */
export const savePdfRequestSchema = z.strictObject({
  route: z
    .string()
    .max(100)
    .refine((r) => parsePrintRoute(r) !== null, 'Only Alongside print views can be saved as PDF.'),
  document: z.enum(PRINT_DOCUMENT_NAMES),
});
export type SavePdfRequest = z.infer<typeof savePdfRequestSchema>;

/** The answer: saved to a file, or the user cancelled the save dialog. */
export type SavePdfResult = { saved: true; fileName: string; bytes: number } | { saved: false };

/** The audit request (contract operation 'audit:print'): what was printed, and how. */
export const printAuditSchema = z.strictObject({
  kind: z.enum(PRINT_VIEW_KINDS as [PrintViewKind, ...PrintViewKind[]]),
  id: z.number().int().positive(),
  output: z.enum(['pdf', 'browser-print']),
});
export type PrintAuditRequest = z.infer<typeof printAuditSchema>;

/**
 * Host channels: handled by the Electron main process itself through the same one-function bridge
 * (`window.alongside.invoke`), never forwarded to the database worker.
 */
export const HOST_CHANNELS = {
  savePdf: 'host:print:savePdf',
  printReady: 'host:print:ready',
} as const;
