import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPrintHost, PDF_OPTIONS, type PrintDeps, type PrintWindow } from '../../electron/main/printing';
import { defaultPdfName, HOST_CHANNELS, parsePrintRoute } from '../../shared/print';
import type { Result } from '../../shared/result';

/**
 * The desktop print host (electron/main/printing.ts) with Electron injected: a fake BrowserWindow whose
 * "renderer" signals ready like the real print view does, a fake save dialog, file system and
 * dispatcher. No Electron binary needed.
 */

const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]); // "%PDF-"
const MAIN = 1; // the asking window's web contents id

interface Harness {
  deps: PrintDeps;
  host: ReturnType<typeof createPrintHost>;
  windows: FakeWindow[];
  dialogs: Parameters<PrintDeps['showSaveDialog']>[];
  writes: { path: string; data: Uint8Array }[];
  requests: { key: string; channel: string; payload: unknown }[];
  logs: string[];
}

interface FakeWindow extends PrintWindow {
  urls: string[];
  pdfOptions: unknown[];
  destroyed: boolean;
  listeners: Map<string, (...args: unknown[]) => void>;
  /** The session key the print host gave this window's own requests while it was loading. */
  keyDuringLoad?: string;
}

function harness(
  opts: {
    behaviour?: 'ready' | 'never-ready' | 'fail-load' | 'pdf-throws' | 'crash';
    dialog?: { canceled: boolean; filePath?: string };
    writeFails?: boolean;
    session?: unknown;
    auditFails?: boolean;
    /** What 'mdt:letter:get' answers (a current, written letter by default). */
    letter?: { supersededAt: string | null; body: string | null };
  } = {},
): Harness {
  const h = { windows: [], dialogs: [], writes: [], requests: [], logs: [] } as unknown as Harness;
  let nextId = 100;
  h.deps = {
    createWindow() {
      const listeners = new Map<string, (...args: unknown[]) => void>();
      const win: FakeWindow = {
        urls: [],
        pdfOptions: [],
        destroyed: false,
        listeners,
        webContents: {
          id: nextId++,
          async printToPDF(options) {
            win.pdfOptions.push(options);
            if (opts.behaviour === 'pdf-throws') throw new Error('printing failed');
            return PDF;
          },
          once(event, listener) {
            listeners.set(event, listener);
            return this;
          },
        },
        async loadURL(url) {
          win.urls.push(url);
          win.keyDuringLoad = h.host.sessionKeyFor(win.webContents.id);
          const behaviour = opts.behaviour ?? 'ready';
          // The print view renders, then (like PrintButton on mount) tells the host it is ready.
          setTimeout(() => {
            if (behaviour === 'fail-load') listeners.get('did-fail-load')?.();
            else if (behaviour === 'crash') listeners.get('render-process-gone')?.();
            else if (behaviour !== 'never-ready')
              void h.host.handle(win.webContents.id, HOST_CHANNELS.printReady, {}, null);
          }, 5);
        },
        isDestroyed: () => win.destroyed,
        destroy() {
          win.destroyed = true;
        },
      };
      h.windows.push(win);
      return win;
    },
    async showSaveDialog(parent, options) {
      h.dialogs.push([parent, options]);
      return opts.dialog ?? { canceled: false, filePath: '/home/nurse/Documents/GP letter - 2026-11-21.pdf' };
    },
    async writeFile(path, data) {
      if (opts.writeFails) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      h.writes.push({ path, data });
    },
    async request(key, channel, payload): Promise<Result<unknown>> {
      h.requests.push({ key, channel, payload });
      if (channel === 'auth:session')
        return { ok: true, value: opts.session === undefined ? { userId: 7, locked: false } : opts.session };
      if (channel === 'mdt:letter:get')
        return { ok: true, value: opts.letter ?? { supersededAt: null, body: 'Dear Dr Okafor' } };
      if (channel === 'audit:print' && opts.auditFails)
        return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong.' } };
      return { ok: true, value: { recorded: true } };
    },
    today: () => '2026-11-21',
    defaultDir: '/home/nurse/Documents',
    readyTimeoutMs: 200,
    log: (m) => h.logs.push(m),
  };
  h.host = createPrintHost(h.deps);
  return h;
}

const save = (h: Harness, payload: unknown, sender = MAIN) =>
  h.host.handle(sender, HOST_CHANNELS.savePdf, payload, 'parent-window');

describe('print routes (shared/print.ts)', () => {
  it.each([
    ['/mdt/letters/5/print', { kind: 'mdt-letter', id: 5 }],
    ['/mdt/meetings/12/print', { kind: 'mdt-meeting-list', id: 12 }],
    ['/mdt/meetings/12/minutes', { kind: 'mdt-minutes', id: 12 }],
    ['/medicines/plans/3/print', { kind: 'medicines-letter', id: 3 }],
  ])('%s is a print view', (route, expected) => {
    expect(parsePrintRoute(route)).toEqual(expected);
  });

  it.each([
    'https://evil.example/x.pdf',
    'app://alongside/index.html#/mdt/letters/1/print',
    'file:///etc/passwd',
    '/patients/1',
    '/mdt/letters/0/print',
    '/mdt/letters/-1/print',
    '/mdt/letters/1/print?x=1',
    '/mdt/letters/1/print/../../../patients',
    '/mdt/letters/1/print#x',
    '//evil.example/mdt/letters/1/print',
    ' /mdt/letters/1/print',
    '/mdt/letters/1e3/print',
    '/mdt/meetings/0/minutes',
    '/mdt/meetings/1/minutes/../../../patients',
    '/mdt/meetings/1/minutes?x=1',
    '/mdt/meetings/abc/minutes',
    '/mdt/letters/1/minutes',
    '/mdt/meetings/1/minute',
    '',
  ])('%j is not', (route) => {
    expect(parsePrintRoute(route)).toBeNull();
  });

  it('default file names carry the document and the date, never a patient', () => {
    expect(defaultPdfName('GP letter', '2026-11-21')).toBe('GP letter - 2026-11-21.pdf');
  });
});

describe('createPrintHost: save a print view as PDF', () => {
  it('loads only the app:// print route, prints A4 with page numbers, saves, audits and closes the window', async () => {
    const h = harness();
    const r = await save(h, { route: '/mdt/letters/5/print', document: 'GP letter' });
    expect(r).toEqual({
      ok: true,
      value: { saved: true, fileName: 'GP letter - 2026-11-21.pdf', bytes: PDF.byteLength },
    });
    expect(h.windows).toHaveLength(1);
    const win = h.windows[0]!;
    expect(win.urls).toEqual(['app://alongside/index.html#/mdt/letters/5/print']);
    // The hidden window reads its data as the asking window's session.
    expect(win.keyDuringLoad).toBe(`wc:${MAIN}`);
    expect(win.pdfOptions).toEqual([PDF_OPTIONS]);
    expect(PDF_OPTIONS).toMatchObject({ pageSize: 'A4', displayHeaderFooter: true, printBackground: true });
    expect(PDF_OPTIONS.footerTemplate).toMatch(/class="pageNumber".*class="totalPages"/);
    expect(PDF_OPTIONS.margins).toEqual({ top: 0.71, bottom: 0.71, left: 0.71, right: 0.71 });
    // Asked where to save, with a name free of patient identifiers, attached to the asking window.
    expect(h.dialogs).toHaveLength(1);
    expect(h.dialogs[0]![0]).toBe('parent-window');
    expect(h.dialogs[0]![1]).toMatchObject({
      defaultPath: '/home/nurse/Documents/GP letter - 2026-11-21.pdf',
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
    });
    expect(h.writes).toEqual([{ path: '/home/nurse/Documents/GP letter - 2026-11-21.pdf', data: PDF }]);
    // Session checked first, then the letter is current, audit row requested last, all as the asking window.
    expect(h.requests).toEqual([
      { key: `wc:${MAIN}`, channel: 'auth:session', payload: {} },
      { key: `wc:${MAIN}`, channel: 'mdt:letter:get', payload: { letterId: 5 } },
      { key: `wc:${MAIN}`, channel: 'audit:print', payload: { kind: 'mdt-letter', id: 5, output: 'pdf' } },
    ]);
    expect(win.destroyed).toBe(true);
    expect(h.host.openWindows()).toBe(0);
    // After printing, the closed window's id no longer borrows the session.
    expect(h.host.sessionKeyFor(win.webContents.id)).toBe(`wc:${win.webContents.id}`);
  });

  it.each([
    [{ route: 'https://evil.example/', document: 'GP letter' }],
    [{ route: 'app://alongside/index.html#/mdt/letters/1/print', document: 'GP letter' }],
    [{ route: 'file:///etc/passwd', document: 'GP letter' }],
    [{ route: '/patients/1', document: 'GP letter' }],
    [{ route: '/mdt/letters/1/print', document: 'SMITH Jo 943 476 5919' }],
    [{ route: '/mdt/letters/1/print', document: 'GP letter', url: 'https://evil.example/' }],
    [{ route: '/mdt/letters/1/print' }],
    [null],
    ['/mdt/letters/1/print'],
  ])('refuses %j before opening any window', async (payload) => {
    const h = harness();
    const r = await save(h, payload);
    expect(r.ok === false && r.error.code).toBe('VALIDATION');
    expect(h.windows).toHaveLength(0);
    expect(h.requests).toHaveLength(0);
    expect(h.dialogs).toHaveLength(0);
  });

  it('refuses when nobody is signed in, or the session is locked, before opening a window', async () => {
    for (const [session, code] of [
      [null, 'UNAUTHENTICATED'],
      [{ userId: 7, locked: true }, 'LOCKED'],
    ] as const) {
      const h = harness({ session });
      const r = await save(h, { route: '/mdt/meetings/2/print', document: 'MDT meeting list' });
      expect(r.ok === false && r.error.code).toBe(code);
      expect(h.windows).toHaveLength(0);
    }
  });

  it('refuses a superseded MDT letter, or one with gaps, before any window, dialog or file (issue 16)', async () => {
    for (const [letter, code] of [
      [{ supersededAt: '2026-11-24T16:00:00.000Z', body: 'Dear Dr Okafor' }, 'CONFLICT'],
      [{ supersededAt: null, body: null }, 'VALIDATION'],
    ] as const) {
      const h = harness({ letter });
      const r = await save(h, { route: '/mdt/letters/5/print', document: 'GP letter' });
      expect(r.ok === false && r.error.code).toBe(code);
      expect(h.windows).toHaveLength(0);
      expect(h.dialogs).toHaveLength(0);
      expect(h.writes).toHaveLength(0);
      expect(h.requests.map((x) => x.channel)).toEqual(['auth:session', 'mdt:letter:get']);
    }
  });

  it('a cancelled save dialog writes nothing and audits nothing; the window is gone', async () => {
    const h = harness({ dialog: { canceled: true } });
    const r = await save(h, { route: '/medicines/plans/3/print', document: 'Deprescribing GP letter' });
    expect(r).toEqual({ ok: true, value: { saved: false } });
    expect(h.writes).toHaveLength(0);
    expect(h.requests.map((x) => x.channel)).toEqual(['auth:session']);
    expect(h.windows[0]!.destroyed).toBe(true);
  });

  it('adds .pdf when the chosen name has no extension', async () => {
    const h = harness({ dialog: { canceled: false, filePath: '/tmp/letters/for the GP' } });
    const r = await save(h, { route: '/mdt/letters/5/print', document: 'GP letter' });
    expect(r.ok && r.value).toMatchObject({ saved: true, fileName: 'for the GP.pdf' });
    expect(h.writes[0]!.path).toBe('/tmp/letters/for the GP.pdf');
  });

  it.each([
    ['pdf-throws', /could not be made/],
    ['never-ready', /did not finish loading/],
    ['fail-load', /could not be loaded/],
    ['crash', /stopped/],
  ] as const)(
    '%s: a clear error, nothing saved, and the hidden window is destroyed',
    async (behaviour, message) => {
      const h = harness({ behaviour });
      const r = await save(h, { route: '/mdt/letters/5/print', document: 'GP letter' });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('INTERNAL');
        expect(r.error.message).toMatch(message);
      }
      expect(h.windows[0]!.destroyed).toBe(true);
      expect(h.host.openWindows()).toBe(0);
      expect(h.dialogs).toHaveLength(0);
      expect(h.writes).toHaveLength(0);
      expect(h.requests.map((x) => x.channel)).toEqual(['auth:session', 'mdt:letter:get']);
    },
  );

  it('a file that cannot be written says so and audits nothing', async () => {
    const h = harness({ writeFails: true });
    const r = await save(h, { route: '/mdt/letters/5/print', document: 'GP letter' });
    expect(r.ok === false && r.error.message).toMatch(/could not be written there \(EACCES\)/);
    expect(h.requests.map((x) => x.channel)).toEqual(['auth:session', 'mdt:letter:get']);
    expect(h.windows[0]!.destroyed).toBe(true);
  });

  it('an audit failure is reported, naming the file that was saved', async () => {
    const h = harness({ auditFails: true });
    const r = await save(h, { route: '/mdt/letters/5/print', document: 'GP letter' });
    expect(r.ok === false && r.error.message).toMatch(
      /saved as GP letter - 2026-11-21\.pdf, but the audit trail/,
    );
  });

  it('logs the kind and size only: never the file name the user chose', async () => {
    const h = harness({ dialog: { canceled: false, filePath: '/home/nurse/SMITH Jo 9434765919.pdf' } });
    await save(h, { route: '/mdt/letters/5/print', document: 'GP letter' });
    expect(h.logs).toEqual([`[alongside] print: mdt-letter PDF saved (${PDF.byteLength} bytes)`]);
    expect(h.logs.join('\n')).not.toMatch(/SMITH|9434765919|nurse/);
  });

  it('the ready signal is accepted only from a print window, and a print window cannot start a print', async () => {
    const h = harness();
    const ready = await h.host.handle(MAIN, HOST_CHANNELS.printReady, {}, null);
    expect(ready.ok === false && ready.error.code).toBe('FORBIDDEN');
    // A print window (while printing) asking to print again is refused.
    const deps = h.deps;
    let inner: Result<unknown> | null = null;
    const origLoad = deps.createWindow;
    deps.createWindow = () => {
      const win = origLoad();
      const load = win.loadURL.bind(win);
      win.loadURL = async (url) => {
        inner = await h.host.handle(
          win.webContents.id,
          HOST_CHANNELS.savePdf,
          {
            route: '/mdt/letters/5/print',
            document: 'GP letter',
          },
          null,
        );
        return load(url);
      };
      return win;
    };
    await save(h, { route: '/mdt/letters/5/print', document: 'GP letter' });
    expect(inner).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('two prints at once each get their own hidden window, and both are gone afterwards', async () => {
    const h = harness();
    const [a, b] = await Promise.all([
      save(h, { route: '/mdt/letters/5/print', document: 'GP letter' }),
      save(h, { route: '/mdt/meetings/2/print', document: 'MDT meeting list' }, 2),
    ]);
    expect(a.ok && b.ok).toBe(true);
    // The letter is checked first (superseded letters are refused), so the meeting list's window opens first.
    expect(h.windows.map((w) => w.urls[0])).toEqual([
      'app://alongside/index.html#/mdt/meetings/2/print',
      'app://alongside/index.html#/mdt/letters/5/print',
    ]);
    expect(h.windows.map((w) => w.keyDuringLoad)).toEqual(['wc:2', 'wc:1']);
    expect(h.windows.every((w) => w.destroyed)).toBe(true);
    expect(h.host.openWindows()).toBe(0);
  });

  it('answers only its own channels', async () => {
    const h = harness();
    expect(h.host.handles(HOST_CHANNELS.savePdf)).toBe(true);
    expect(h.host.handles(HOST_CHANNELS.printReady)).toBe(true);
    expect(h.host.handles('patients:search')).toBe(false);
    expect(h.host.handles(undefined)).toBe(false);
  });
});

describe('static: the print window is the hardened app window', () => {
  const root = resolve(import.meta.dirname, '../..');
  const read = (p: string) => readFileSync(resolve(root, p), 'utf8');

  it('printing.ts never imports Electron at run time, never builds a window itself, never loads a URL it was given', () => {
    const src = read('electron/main/printing.ts');
    expect(src).not.toMatch(/^import (?!type )[^;]*from 'electron'/m);
    expect(src).not.toMatch(/new BrowserWindow/);
    expect(src).toMatch(/const url = `\$\{APP_ORIGIN\}\/index\.html#\$\{route\}`/);
  });

  it('window.ts makes the print window through the same one BrowserWindow call as the main window', () => {
    const src = read('electron/main/window.ts');
    expect(src.match(/new BrowserWindow\(/g)).toHaveLength(1);
    expect(src).toMatch(
      /export function createPrintWindow\(preloadDir: string\): BrowserWindow \{\n {2}return appWindow\(/,
    );
    expect(src).toMatch(/show: false,/);
  });

  it('index.ts answers host channels before the database worker, and keeps the sender check first', () => {
    const src = read('electron/main/index.ts');
    const check = src.indexOf('if (!isAppUrl(event.senderFrame?.url))');
    const hostFirst = src.indexOf('if (printing.handles(channel))');
    const worker = src.indexOf('return host!.request(printing.sessionKeyFor(event.sender.id)');
    expect(check).toBeGreaterThan(0);
    expect(hostFirst).toBeGreaterThan(check);
    expect(worker).toBeGreaterThan(hostFirst);
  });
});
