import type { AppErrorShape, Result } from '../../../shared/result';
import {
  HOST_CHANNELS,
  parsePrintRoute,
  type PrintDocumentName,
  type SavePdfResult,
} from '../../../shared/print';
import { api, ApiError } from '../api/client';

/**
 * Print and PDF from the print views (issue 3). In the desktop app the host saves the view as a PDF
 * through Chromium's print engine (electron/main/printing.ts: a hidden window, printToPDF, a save
 * dialog, an audit row); in the browser preview the same view goes to the browser's print dialog
 * (window.print(), where "Save as PDF" is one of the printers) and the print is recorded in the audit trail.
 */

export type PrintOutcome =
  { kind: 'pdf-saved'; fileName: string } | { kind: 'pdf-cancelled' } | { kind: 'browser-print' };

/** 'pdf' in the desktop app (the host saves a PDF), 'browser' in the preview. */
export function printMode(): 'pdf' | 'browser' {
  return api.kind === 'electron' && window.alongside ? 'pdf' : 'browser';
}

/** The route shown now ('/mdt/letters/5/print'), from the hash. */
export function currentRoute(): string {
  return window.location.hash.replace(/^#/, '').split('?')[0] ?? '';
}

/** Prints the print view at `route` (the one shown, by default), the best way this host can. */
export async function printView(
  document: PrintDocumentName,
  route: string = currentRoute(),
): Promise<PrintOutcome> {
  const view = parsePrintRoute(route);
  if (!view) throw new ApiError({ code: 'VALIDATION', message: 'This page is not a print view.' });
  if (printMode() === 'pdf') {
    const r = (await window.alongside!.invoke(HOST_CHANNELS.savePdf, {
      route,
      document,
    })) as Result<SavePdfResult>;
    if (!r.ok) throw new ApiError(r.error as AppErrorShape);
    return r.value.saved ? { kind: 'pdf-saved', fileName: r.value.fileName } : { kind: 'pdf-cancelled' };
  }
  window.print();
  // Recorded after the dialog closes (the browser does not say whether it printed).
  const audited = await api.result('audit:print', { kind: view.kind, id: view.id, output: 'browser-print' });
  if (!audited.ok) throw new ApiError(audited.error);
  return { kind: 'browser-print' };
}

/**
 * Tells the desktop host that the print view has its data on screen, so it may print it now. Call it
 * once the view has rendered its content; elsewhere (the preview, the main window) it does nothing.
 */
export function signalPrintReady(): void {
  if (printMode() !== 'pdf') return;
  // Two frames: the content is laid out and painted before the host prints.
  requestAnimationFrame(() =>
    requestAnimationFrame(
      () => void window.alongside!.invoke(HOST_CHANNELS.printReady, {}).catch(() => undefined),
    ),
  );
}
