import { BrowserWindow } from 'electron';
import { join } from 'node:path';
import { APP_ORIGIN } from './security';

/** Size and title: the only things that differ between the app's windows. */
interface WindowShape {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
}

/**
 * Every window of the app (the main window and the hidden print windows) comes from this one
 * constructor call. Its web preferences are written out literally inside it, so that static tools
 * (Electronegativity), tests and reviewers see exactly what every window gets.
 */
function appWindow(preloadDir: string, shape: WindowShape): BrowserWindow {
  return new BrowserWindow({
    ...shape,
    show: false,
    backgroundColor: '#f8f9fa',
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // Middle-click must not open links in new windows (Electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true,
      preload: join(preloadDir, 'index.cjs'),
    },
  });
}

/** The main window. */
export function createMainWindow(preloadDir: string): BrowserWindow {
  const win = appWindow(preloadDir, {
    width: 1400,
    height: 900,
    minWidth: 1000,
    minHeight: 640,
    title: 'Alongside',
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

/**
 * A hidden window for printing a print view to PDF (electron/main/printing.ts): the same preferences
 * and preload as the main window (it reads its data through the same bridge, as the asking window's
 * session), A4-wide, never shown. The print host loads the route and destroys the window.
 */
export function createPrintWindow(preloadDir: string): BrowserWindow {
  return appWindow(preloadDir, {
    width: 794,
    height: 1123,
    minWidth: 794,
    minHeight: 600,
    title: 'Alongside print',
  });
}
