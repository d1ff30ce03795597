import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createDispatcher, type Dispatcher } from '../../db/dispatcher';
import { startPreviewServer, type PreviewServer } from '../../electron/preview/server';
import { tempDir, TEST_PASSWORD_COST } from '../helpers/db';
import { openMigratedSqlite } from '../helpers/engines';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The built renderer; ALONGSIDE_RENDERER_DIR points at another build (parallel work, CI). */
export const RENDERER_DIR =
  process.env.ALONGSIDE_RENDERER_DIR ?? resolve(import.meta.dirname, '../../out/renderer');
export const SCREENSHOT_DIR =
  process.env.ALONGSIDE_SCREENSHOT_DIR ?? resolve(import.meta.dirname, '../../test-results/screenshots');

/**
 * Debian's Chromium, with the flags this offline machine needs. `lang` and `env` run it as a machine set
 * to another locale would (issue 18: a US-locale browser must still read and show dates the UK way).
 */
export async function launchChromium(
  options: { lang?: string; env?: Record<string, string> } = {},
): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: run "apt-get install -y chromium" (.ci/run does).`);
  if (!existsSync(join(RENDERER_DIR, 'index.html')))
    throw new Error('The renderer is not built: run "npm run build:renderer" first (npm test does).');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      `--lang=${options.lang ?? 'en-GB'}`,
    ],
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
  });
}

export interface PreviewFixture {
  server: PreviewServer;
  dispatcher: Dispatcher;
  file: string;
  /**
   * Sets up what a scenario does not need to click through: calls an operation as `session` and returns
   * its value, failing the test with the error message if it is refused.
   */
  seed<T = Record<string, unknown> & { id: number; version: number }>(
    channel: string,
    payload: unknown,
    session?: string,
  ): Promise<T>;
  /** How many rows a table holds (to prove a refusal saved nothing). */
  count(table: string): number;
  close(): Promise<void>;
}

/**
 * A real preview server on 127.0.0.1 over a fresh SQLite file (a copy of the run's migrated template).
 * `now` fixes the server's clock, for a walk whose expected words name today's date or count from it (the
 * page's clock is fixed to the same instant with Playwright's `page.clock.setFixedTime`).
 */
export async function startPreview(options: { now?: () => Date } = {}): Promise<PreviewFixture> {
  const { dir, cleanup } = tempDir();
  const file = join(dir, 'alongside.sqlite');
  const conn = await openMigratedSqlite(file);
  const dispatcher = createDispatcher(conn, {
    passwordCost: TEST_PASSWORD_COST,
    ...(options.now ? { now: options.now } : {}),
  });
  const server = await startPreviewServer({ dispatcher, staticDir: RENDERER_DIR });
  return {
    server,
    dispatcher,
    file,
    async seed<T>(channel: string, payload: unknown, session = 'seed'): Promise<T> {
      const r = await dispatcher.dispatch(session, channel, payload);
      if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
      return r.value as T;
    },
    count: (table: string) => conn.sqlite.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number,
    async close() {
      await server.close();
      await conn.close();
      cleanup();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

const require = createRequire(import.meta.url);
const AXE_SOURCE: string = (require('axe-core') as { source: string }).source;

/** Runs axe-core in the page; returns the serious and critical violations (WCAG 2.1 A/AA rules). */
export async function axeViolations(
  page: Page,
): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]> {
  // Through the DevTools protocol, not a <script> tag: the app's CSP (rightly) refuses inline scripts.
  await page.evaluate(AXE_SOURCE);
  // A string expression: this file is compiled for Node, the expression runs in the page.
  const result = await page.evaluate<{
    violations: {
      id: string;
      impact: string;
      help: string;
      nodes: { target: string[]; failureSummary?: string }[];
    }[];
  }>(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`.slice(0, 300)),
    }));
}
