import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeBackup } from '../../db/backup';
import { createDispatcher } from '../../db/dispatcher';
import { openAndMigrate } from '../../db/open';
import { TEST_PASSWORD_COST, tempDir } from '../helpers/db';
import { axeViolations, launchChromium, RENDERER_DIR, screenshot } from './harness';

/**
 * A damaged database at start-up (issue 7), end to end: the real `npm run preview` command started on a
 * corrupted file shows the clear recovery screen offering the newest good backup (never a crash, never
 * an empty database); choosing it restores the backup, keeps the damaged file, and the app opens with
 * the data (a clinician signs in and finds the patient).
 */
const root = resolve(import.meta.dirname, '../..');
let browser: Browser;
let page: Page;
let child: ChildProcessWithoutNullStreams | null = null;
let stdout = '';
let dir = '';
let cleanup = () => undefined as void;

/** Waits until the preview prints a line matching `re`; returns the first capture. */
function waitForLine(re: RegExp, timeoutMs = 120_000): Promise<string> {
  return new Promise((resolveLine, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const m = re.exec(stdout);
      if (m) {
        clearInterval(poll);
        resolveLine(m[1]!);
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`timed out waiting for ${String(re)}; output so far:\n${stdout}`));
      }
    }, 50);
  });
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('alongside recovery '));
  const file = join(dir, 'alongside.sqlite');
  // A real database with a clinician and a patient, and last night's backup of it.
  const { conn } = await openAndMigrate(file);
  const d = createDispatcher(conn, { passwordCost: TEST_PASSWORD_COST });
  const ok = async (session: string, channel: string, payload: unknown) => {
    const r = await d.dispatch(session, channel, payload);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  };
  await ok('s', 'setup:createFirstAdmin', {
    username: 'admin',
    displayName: 'Alex Admin',
    password: 'correct horse battery',
  });
  await ok('s', 'users:create', {
    username: 'apatel',
    displayName: 'Dr Asha Patel',
    role: 'consultant',
    password: 'asha patel password',
  });
  await ok('c', 'auth:signIn', { username: 'apatel', password: 'asha patel password' });
  await ok('c', 'patients:create', {
    nhsNumber: '9434765919',
    surname: 'Smith',
    forename: 'Jo',
    dateOfBirth: '1961-03-07',
    sex: 'female',
  });
  await takeBackup(conn.sqlite, join(dir, 'backups'), 'daily', new Date('2026-11-20T03:00:00Z'));
  await conn.close();
  // Damage the file (a disk fault): everything after the first 100 bytes overwritten.
  const bytes = readFileSync(file);
  bytes.fill(0x41, 100, bytes.length);
  writeFileSync(file, bytes);
  for (const f of [`${file}-wal`, `${file}-shm`]) if (existsSync(f)) rmSync(f);

  child = spawn(process.execPath, ['--import', 'tsx', 'electron/preview/cli.ts', '--data-dir', dir], {
    cwd: root,
    env: { ...process.env, ALONGSIDE_RENDERER_DIR: RENDERER_DIR },
    stdio: 'pipe',
  });
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stdout += b.toString()));
  browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  page = await context.newPage();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  cleanup();
});

describe('damaged database at start-up (browser preview)', () => {
  it('shows the clear recovery screen offering the newest good backup', async () => {
    const url = await waitForLine(/Recovery page: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/);
    expect(stdout).toMatch(/Alongside cannot open its database/);
    // Without the token, nothing.
    const bare = await page.goto(url.split('?')[0]!);
    expect(bare?.status()).toBe(401);
    await page.goto(url);
    await page.getByRole('heading', { name: 'Alongside cannot open its database' }).waitFor();
    await expect
      .poll(() => page.getByRole('alert').innerText(), { timeout: 30_000 })
      .toMatch(/damaged|not a database|malformed/i);
    const text = await page.locator('main').innerText();
    expect(text).toMatch(/The newest backup that passes its check is daily-2026-11-20T03-00-00-000Z\.sqlite/);
    expect(text).toMatch(/taken 20\/11\/2026, 03:00:00/);
    expect(text).toMatch(/Anything entered after that time will need entering again/);
    await screenshot(page, 'recovery-01-damaged');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('restores the backup when asked, keeps the damaged file, and the app opens with the data', async () => {
    await page.getByRole('button', { name: 'Restore this backup' }).click();
    await page.getByRole('heading', { name: 'Restored' }).waitFor();
    await expect
      .poll(() => page.locator('main').innerText(), { timeout: 30_000 })
      .toMatch(/The damaged file is kept as/);
    await screenshot(page, 'recovery-02-restored');
    expect(await axeViolations(page)).toEqual([]);
    expect(readdirSync(dir).some((n) => n.includes('.damaged-'))).toBe(true);

    const appUrl = await waitForLine(/Open: (http:\/\/127\.0\.0\.1:\d+\/\S*)/);
    await page.goto(appUrl);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Username', { exact: true }).fill('apatel');
    await page.getByLabel('Password', { exact: true }).fill('asha patel password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('patient-search').fill('943 476 5919');
    await page.getByText('SMITH, Jo').first().waitFor();
    await screenshot(page, 'recovery-03-app-with-data');
    expect(await axeViolations(page)).toEqual([]);
  }, 240_000);
});
