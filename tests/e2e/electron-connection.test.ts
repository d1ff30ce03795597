import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper shared with npm start
import { ELECTRON_ADDON, electronBinary } from '../../scripts/electron-env.mjs';
// @ts-expect-error: a plain .mjs helper shared with npm start
import { buildElectronAddon } from '../../scripts/native-electron.mjs';
import { testCertificate } from '../helpers/server';

const binary = (electronBinary as () => string | null)();
if (!binary) {
  console.warn(
    '\n⚠ SKIPPED: Electron connection picker test. The Electron binary is not installed here (offline machine / ELECTRON_SKIP_BINARY_DOWNLOAD=1).\n' +
      '  The main-process half is tested without Electron (tests/server/connection-picker.test.ts); the typed path in the browser preview (tests/e2e/connection-choice.test.ts).\n' +
      '  Run `npx install-electron` on a connected machine to enable this test.\n',
  );
}

/**
 * Issue 19: the trust's certificate authority file is chosen with the system's open-file dialog in the
 * desktop app. The dialog is answered in the main process (Playwright replaces showOpenDialog there, as a
 * person choosing the file would); the page asks through the one bridge function it has.
 */
describe.skipIf(!binary)('Electron: choosing the certificate authority file (real desktop app)', () => {
  it('the main process shows the open-file dialog and answers the chosen path', async () => {
    expect((buildElectronAddon as () => boolean)(), `could not build ${String(ELECTRON_ADDON)}`).toBe(true);
    const dataDir = mkdtempSync(join(tmpdir(), 'alongside electron ca '));
    const ca = join(dataDir, 'trust-ca.pem');
    writeFileSync(ca, testCertificate().cert);
    const app = await electron.launch({
      executablePath: binary!,
      args: [resolve(import.meta.dirname, '../..')],
      env: { ...process.env, ALONGSIDE_DATA_DIR: dataDir },
    });
    try {
      await app.evaluate(({ dialog }, file) => {
        dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [file] })) as never;
      }, ca);
      const page = await app.firstWindow();
      // First run: anyone may choose where the data is kept.
      const state = await page.evaluate<{ ok: boolean; value: { canChooseFile: boolean } }>(
        "window.alongside.invoke('host:connection:get', {})",
      );
      expect(state.value.canChooseFile).toBe(true);
      const chosen = await page.evaluate<{ ok: boolean; value: { path: string; problem: string | null } }>(
        "window.alongside.invoke('host:connection:chooseCaFile', {})",
      );
      expect(chosen).toEqual({ ok: true, value: { path: ca, problem: null } });
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
