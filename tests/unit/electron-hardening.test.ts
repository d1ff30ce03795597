import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Static hardening checks on the Electron sources (what Electronegativity would flag), read as text so
 * that they hold without the Electron binary: the literal webPreferences of every window, and no code
 * path that loosens them.
 */
const root = resolve(import.meta.dirname, '../..');
const read = (p: string) => readFileSync(resolve(root, p), 'utf8');

describe('electron/main/window.ts webPreferences (literal)', () => {
  const src = read('electron/main/window.ts');
  // The literal webPreferences object inside the one `new BrowserWindow({...})` call.
  const block = /new BrowserWindow\(\{[\s\S]*?webPreferences: \{([\s\S]*?)\n {4}\},/.exec(src)?.[1] ?? '';

  it.each([
    ['contextIsolation', 'true'],
    ['sandbox', 'true'],
    ['nodeIntegration', 'false'],
    ['nodeIntegrationInWorker', 'false'],
    ['nodeIntegrationInSubFrames', 'false'],
    ['webSecurity', 'true'],
    ['allowRunningInsecureContent', 'false'],
    ['experimentalFeatures', 'false'],
    ['webviewTag', 'false'],
    ['disableBlinkFeatures', "'Auxclick'"],
  ])('%s: %s', (key, value) => {
    expect(block).toMatch(new RegExp(`\\b${key}: ${value},`));
  });

  it('every BrowserWindow gets exactly these preferences (plus the preload)', () => {
    const windows = src.match(/new BrowserWindow\(/g) ?? [];
    expect(windows.length).toBe(1);
    // Written out in the call itself (no spread from elsewhere), so static tools see every option.
    expect(block).toMatch(/preload: join\(preloadDir, 'index\.cjs'\),/);
    expect(block).not.toMatch(/\.\.\./);
  });

  it('no electron source turns a protection off or opens remote content', () => {
    const files = [
      'electron/main/index.ts',
      'electron/main/window.ts',
      'electron/main/security.ts',
      'electron/main/protocol.ts',
      'electron/preload/index.ts',
    ].filter((f) => existsSync(resolve(root, f)));
    for (const f of files) {
      const text = read(f);
      expect(text, f).not.toMatch(/nodeIntegration:\s*true/);
      expect(text, f).not.toMatch(/contextIsolation:\s*false/);
      expect(text, f).not.toMatch(/sandbox:\s*false/);
      expect(text, f).not.toMatch(/webSecurity:\s*false/);
      expect(text, f).not.toMatch(/allowRunningInsecureContent:\s*true/);
      expect(text, f).not.toMatch(/enableRemoteModule|@electron\/remote/);
      expect(text, f).not.toMatch(/loadURL\(\s*['"`]https?:/);
      expect(text, f).not.toMatch(/insecure-content|ignore-certificate-errors|disable-web-security/);
    }
  });

  it('the preload exposes a single invoke bridge through contextBridge, not ipcRenderer itself', () => {
    const preload = read('electron/preload/index.ts');
    expect(preload).toMatch(/contextBridge\.exposeInMainWorld/);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*[,)]/);
  });
});
