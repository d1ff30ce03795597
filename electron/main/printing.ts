import type { PrintToPDFOptions, SaveDialogOptions } from 'electron';
import { basename, extname, join } from 'node:path';
import { letterPrintRefusal } from '../../shared/domain/letter-marks';
import type { ErrorCode, Result } from '../../shared/result';
import {
  defaultPdfName,
  HOST_CHANNELS,
  parsePrintRoute,
  savePdfRequestSchema,
  type SavePdfResult,
} from '../../shared/print';
import { APP_ORIGIN, isAppUrl } from './url-policy';

/**
 * Print and PDF in the desktop app (issue 3): the renderer asks, through the one `invoke` bridge, on the
 * host channel 'host:print:savePdf'; the main process loads that print view (an app:// route from the
 * allowlist in shared/print.ts, nothing else) in a hidden window with the main window's hardened
 * preferences, signed in as the asking window, waits until the view says it is ready
 * ('host:print:ready'), prints it with Chromium's print engine (webContents.printToPDF, A4, page
 * numbers), destroys the window, asks where to save, writes the file and records an audit row through
 * the dispatcher ('audit:print'). Host channels never reach the database worker.
 *
 * Electron is injected (the window factory, the save dialog, the file system, the dispatcher), so this
 * logic is unit-tested under Node without the Electron binary (tests/unit/printing.test.ts).
 */

/** The part of a BrowserWindow the print host uses. */
export interface PrintWindow {
  readonly webContents: {
    readonly id: number;
    printToPDF(options: PrintToPDFOptions): Promise<Uint8Array>;
    once(event: 'did-fail-load' | 'render-process-gone', listener: (...args: unknown[]) => void): unknown;
  };
  loadURL(url: string): Promise<void>;
  isDestroyed(): boolean;
  destroy(): void;
}

export interface PrintDeps {
  /** A new hidden window with the main window's web preferences (electron/main/window.ts). */
  createWindow(): PrintWindow;
  /** dialog.showSaveDialog, attached to the asking window when there is one. */
  showSaveDialog(
    parent: unknown,
    options: SaveDialogOptions,
  ): Promise<{ canceled: boolean; filePath?: string | undefined }>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
  /** The dispatcher (through the database worker), for the session check and the audit row. */
  request(sessionKey: string, channel: string, payload: unknown): Promise<Result<unknown>>;
  /** Today in Europe/London, 'YYYY-MM-DD' (for the default file name). */
  today(): string;
  /** The folder the save dialog opens in (the user's documents). */
  defaultDir: string;
  /** How long a print view may take to load its data. */
  readyTimeoutMs?: number;
  log?(message: string): void;
}

/** A4 with 18 mm margins and "Page n of m" at the foot of each page. */
export const PDF_OPTIONS: PrintToPDFOptions = {
  pageSize: 'A4',
  landscape: false,
  printBackground: true,
  preferCSSPageSize: false,
  margins: { top: 0.71, bottom: 0.71, left: 0.71, right: 0.71 },
  displayHeaderFooter: true,
  headerTemplate: '<span></span>',
  footerTemplate:
    '<div style="font-size:8pt;width:100%;text-align:center;color:#333;">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
  generateTaggedPDF: true,
};

const fail = (code: ErrorCode, message: string) => ({ ok: false, error: { code, message } }) as const;

export interface PrintHost {
  /** True for the channels the host answers itself. */
  handles(channel: unknown): boolean;
  /** Answers a host channel from the web contents `senderId` (the asking window is `parent`). */
  handle(senderId: number, channel: string, payload: unknown, parent: unknown): Promise<Result<unknown>>;
  /** The session a hidden print window uses: the asking window's. */
  sessionKeyFor(senderId: number): string;
  /** Print windows currently open (for tests: always 0 after each request). */
  openWindows(): number;
}

export function createPrintHost(deps: PrintDeps): PrintHost {
  /** Hidden print window id → the asking window's session key and its ready signal. */
  const printing = new Map<number, { sessionKey: string; ready: () => void }>();
  const keyOf = (senderId: number) => printing.get(senderId)?.sessionKey ?? `wc:${senderId}`;
  const log = deps.log ?? ((m: string) => console.log(m));

  async function renderPdf(sessionKey: string, route: string): Promise<Uint8Array> {
    const url = `${APP_ORIGIN}/index.html#${route}`;
    if (!isAppUrl(url)) throw new Error('not an app URL');
    const win = deps.createWindow();
    const id = win.webContents.id;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ready = new Promise<void>((resolve, reject) => {
      printing.set(id, { sessionKey, ready: resolve });
      timer = setTimeout(
        () => reject(new Error('The print view did not finish loading.')),
        deps.readyTimeoutMs ?? 20_000,
      );
      win.webContents.once('did-fail-load', () => reject(new Error('The print view could not be loaded.')));
      win.webContents.once('render-process-gone', () => reject(new Error('The print view stopped.')));
    });
    ready.catch(() => undefined); // awaited below; this only stops an early failure counting as unhandled
    try {
      await win.loadURL(url);
      await ready;
      return await win.webContents.printToPDF(PDF_OPTIONS);
    } finally {
      clearTimeout(timer);
      printing.delete(id);
      if (!win.isDestroyed()) win.destroy();
    }
  }

  async function savePdf(
    senderId: number,
    payload: unknown,
    parent: unknown,
  ): Promise<Result<SavePdfResult>> {
    if (printing.has(senderId)) return fail('FORBIDDEN', 'A print view cannot print another view.');
    const parsed = savePdfRequestSchema.safeParse(payload);
    if (!parsed.success)
      return fail('VALIDATION', parsed.error.issues[0]?.message ?? 'That cannot be saved as PDF.');
    const view = parsePrintRoute(parsed.data.route)!;
    const sessionKey = keyOf(senderId);

    // Signed in and unlocked, before any window opens (the view's own requests are checked again).
    const session = await deps.request(sessionKey, 'auth:session', {});
    if (!session.ok || session.value === null) return fail('UNAUTHENTICATED', 'Please sign in.');
    if ((session.value as { locked?: boolean }).locked)
      return fail('LOCKED', 'Alongside locked after inactivity. Enter your password to carry on.');

    // A superseded MDT letter is never saved as if current (issue 16), nor one with gaps: refused before a
    // window opens or a file is written, not only when the audit row is asked for afterwards.
    if (view.kind === 'mdt-letter') {
      const letter = await deps.request(sessionKey, 'mdt:letter:get', { letterId: view.id });
      if (!letter.ok) return fail(letter.error.code, letter.error.message);
      const refused = letterPrintRefusal(
        letter.value as { supersededAt: string | null; body: string | null },
      );
      if (refused) return fail(refused.code, `${refused.message} Nothing was saved.`);
    }

    let pdf: Uint8Array;
    try {
      pdf = await renderPdf(sessionKey, parsed.data.route);
    } catch (err) {
      log(`[alongside] print: ${view.kind} PDF failed: ${(err as Error).message}`);
      return fail('INTERNAL', `The PDF could not be made: ${(err as Error).message} Nothing was saved.`);
    }

    const suggested = defaultPdfName(parsed.data.document, deps.today());
    const choice = await deps.showSaveDialog(parent, {
      title: 'Save as PDF',
      defaultPath: join(deps.defaultDir, suggested),
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (choice.canceled || !choice.filePath) return { ok: true, value: { saved: false } };
    const file =
      extname(choice.filePath).toLowerCase() === '.pdf' ? choice.filePath : `${choice.filePath}.pdf`;
    try {
      await deps.writeFile(file, pdf);
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'error';
      log(`[alongside] print: ${view.kind} PDF not written (${code})`);
      return fail('INTERNAL', `The PDF could not be written there (${code}). Choose another folder.`);
    }
    // File names may hold what the user typed: only the kind and the size go to the log.
    log(`[alongside] print: ${view.kind} PDF saved (${pdf.byteLength} bytes)`);
    const audited = await deps.request(sessionKey, 'audit:print', {
      kind: view.kind,
      id: view.id,
      output: 'pdf',
    });
    if (!audited.ok)
      return fail(
        audited.error.code === 'FORBIDDEN' ? 'FORBIDDEN' : 'INTERNAL',
        `The PDF was saved as ${basename(file)}, but the audit trail could not record it: ${audited.error.message}`,
      );
    return { ok: true, value: { saved: true, fileName: basename(file), bytes: pdf.byteLength } };
  }

  return {
    handles: (channel) => channel === HOST_CHANNELS.savePdf || channel === HOST_CHANNELS.printReady,
    async handle(senderId, channel, payload, parent) {
      if (channel === HOST_CHANNELS.printReady) {
        const entry = printing.get(senderId);
        if (!entry) return fail('FORBIDDEN', 'Not a print view.');
        entry.ready();
        return { ok: true, value: null };
      }
      if (channel === HOST_CHANNELS.savePdf) return savePdf(senderId, payload, parent);
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'Unknown operation.' } };
    },
    sessionKeyFor: keyOf,
    openWindows: () => printing.size,
  };
}
