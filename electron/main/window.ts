import { BrowserWindow } from 'electron';
import { join } from 'node:path';
import { APP_ORIGIN } from './security';

/** The secure settings every window gets, written out literally so that tools and tests can see them. */
export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: true,
} as const;

/** The preferences each window was created with, by window id: the Electron smoke test reads these. */
export const windowPreferences = new Map<number, Record<string, unknown>>();

export function createMainWindow(preloadDir: string): BrowserWindow {
  const webPreferences = { ...WEB_PREFERENCES, preload: join(preloadDir, 'index.cjs') };
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 1000,
    minHeight: 640,
    title: 'Alongside',
    show: false,
    backgroundColor: '#f8f9fa',
    webPreferences,
  });
  windowPreferences.set(win.id, webPreferences);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
