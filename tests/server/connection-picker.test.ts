import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectionHost, pickCaFile, type CaFileDialogOptions } from '../../electron/main/connection';
import { CONNECTION_CHANNELS } from '../../shared/connection';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { testCertificate } from '../helpers/server';

/**
 * The certificate authority file picker (issue 19): in the desktop app the main process shows the system's
 * open-file dialog, asked through the host channel host:connection:chooseCaFile (like printing's Save dialog:
 * no new bridge function, nothing but the path comes back); in the browser preview there is no picker and the
 * path is typed. Electron itself cannot run here: this is the main-process half, with the dialog given.
 * tests/e2e/electron-connection.test.ts drives the real dialog where Electron is installed.
 */
describe('choosing the certificate authority file', () => {
  let app: TestApp;
  let dir: string;
  beforeEach(async () => {
    app = await createTestApp('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'alongside-ca-picker-'));
  });
  afterEach(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks the dialog for one certificate file and answers its path; closed: no path', async () => {
    const asked: CaFileDialogOptions[] = [];
    const picked = await pickCaFile(async (o) => {
      asked.push(o);
      return { canceled: false, filePaths: ['/etc/alongside/trust-ca.pem'] };
    });
    expect(picked).toBe('/etc/alongside/trust-ca.pem');
    expect(asked).toEqual([
      {
        title: 'The trust’s certificate authority',
        buttonLabel: 'Use this file',
        properties: ['openFile'],
        filters: [
          { name: 'Certificate authority (.pem, .crt, .cer)', extensions: ['pem', 'crt', 'cer'] },
          { name: 'All files', extensions: ['*'] },
        ],
      },
    ]);
    expect(await pickCaFile(async () => ({ canceled: true, filePaths: [] }))).toBeNull();
  });

  it('the desktop host offers the picker and says at once when the file is not a certificate; the preview has none', async () => {
    const good = join(dir, 'trust-ca.pem');
    const bad = join(dir, 'notes.txt');
    writeFileSync(good, testCertificate().cert);
    writeFileSync(bad, 'not a certificate');
    let next: string | null = good;
    const desktop = connectionHost({
      userData: dir,
      env: {},
      dispatch: (k, c, p) => app.dispatcher.dispatch(k, c, p),
      afterSave: '',
      chooseFile: async () => next,
    });
    expect(await desktop.handle('w', CONNECTION_CHANNELS.get, {})).toMatchObject({
      ok: true,
      value: { canChooseFile: true, mayChange: true },
    });
    expect(desktop.handles(CONNECTION_CHANNELS.chooseCaFile)).toBe(true);
    expect(await desktop.handle('w', CONNECTION_CHANNELS.chooseCaFile, {})).toEqual({
      ok: true,
      value: { path: good, problem: null },
    });
    next = bad;
    expect(await desktop.handle('w', CONNECTION_CHANNELS.chooseCaFile, {})).toEqual({
      ok: true,
      value: {
        path: bad,
        problem:
          'That file is not a certificate authority’s certificate (a PEM file starting “-----BEGIN CERTIFICATE-----”).',
      },
    });
    next = null;
    expect(await desktop.handle('w', CONNECTION_CHANNELS.chooseCaFile, {})).toEqual({
      ok: true,
      value: { path: null, problem: null },
    });
    // Once there is an administrator, nobody else may open the picker either.
    await signedInAs(app, 'nurse', 'nurse-window');
    expect(await desktop.handle('nurse-window', CONNECTION_CHANNELS.chooseCaFile, {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });

    // The browser preview: no dialog, the path is typed.
    const preview = connectionHost({
      userData: dir,
      env: {},
      dispatch: (k, c, p) => app.dispatcher.dispatch(k, c, p),
      afterSave: '',
    });
    await signedInAs(app, 'admin', 'admin-window');
    expect(await preview.handle('admin-window', CONNECTION_CHANNELS.get, {})).toMatchObject({
      ok: true,
      value: { canChooseFile: false, mayChange: true },
    });
    expect(await preview.handle('admin-window', CONNECTION_CHANNELS.chooseCaFile, {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    });
  });
});
