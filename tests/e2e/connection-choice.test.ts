import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatcher } from '../../db/dispatcher';
import { openAndMigrate } from '../../db/open';
import { connectionHost } from '../../electron/main/connection';
import { startPreviewServer, type PreviewServer } from '../../electron/preview/server';
import { TEST_PASSWORD_COST } from '../helpers/db';
import { startTestServers, testCertificate, type TestServers } from '../helpers/server';
import { launchChromium, RENDERER_DIR } from './harness';

/**
 * First run in the browser preview (issue 19): the real renderer offers "This computer only" or "Connect to
 * our service's server"; the person connects this workstation to a running team server (HTTPS, the test
 * certificate as the trust's authority), tested before it is saved.
 */
let browser: Browser;
let preview: PreviewServer;
let team: TestServers;
let dir: string;
let close: () => Promise<void>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'alongside-e2e-connection-'));
  writeFileSync(join(dir, 'trust-ca.pem'), testCertificate().cert);
  team = await startTestServers('sqlite');
  const { conn } = await openAndMigrate(join(dir, 'alongside.sqlite'));
  const local = createDispatcher(conn, { passwordCost: TEST_PASSWORD_COST });
  const host = connectionHost({
    userData: dir,
    env: {},
    dispatch: (k, c, p) => local.dispatch(k, c, p),
    afterSave: 'Close Alongside and start it again to use it.',
  });
  const dispatcher: Pick<Dispatcher, 'dispatch'> = {
    dispatch: (k, c, p) => (host.handles(c) ? host.handle(k, c as string, p) : local.dispatch(k, c, p)),
  };
  preview = await startPreviewServer({ dispatcher, staticDir: RENDERER_DIR });
  browser = await launchChromium();
  close = async () => {
    await preview.close();
    await conn.close();
  };
});
afterAll(async () => {
  await browser?.close();
  await close?.();
  await team?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('connecting a workstation at first run (browser preview)', () => {
  it('chooses the service’s server, tests it and saves it', async () => {
    const page = await browser.newPage();
    await page.goto(preview.url);
    await page.getByRole('heading', { name: 'Welcome: set up Alongside' }).waitFor();
    await page.getByLabel('Connect to our service’s server').check();
    // The first-administrator form is for this computer only: hidden when connecting to the server.
    await expect
      .poll(() => page.getByRole('button', { name: 'Create administrator' }).isVisible())
      .toBe(false);
    await page.getByLabel('Server address').fill(team.servers[0]!.url);
    await page.getByLabel('Certificate authority file').fill(join(dir, 'missing.pem'));
    await page.getByRole('button', { name: 'Test the connection' }).click();
    await page.getByText('There is no file at that place.').waitFor();
    await page.getByLabel('Certificate authority file').fill(join(dir, 'trust-ca.pem'));
    await page.getByRole('button', { name: 'Test the connection' }).click();
    await page.getByText(/^Connected: the Alongside server answered/).waitFor();
    expect(existsSync(join(dir, 'team-server.json'))).toBe(false);
    await page.getByRole('button', { name: 'Save where the data is kept' }).click();
    await page.getByText('Saved. Close Alongside and start it again to use it.').waitFor();
    expect(JSON.parse(readFileSync(join(dir, 'team-server.json'), 'utf8'))).toEqual({
      url: team.servers[0]!.url,
      caFile: join(dir, 'trust-ca.pem'),
    });
  });
});
