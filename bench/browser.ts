import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { createDispatcher } from '../db/dispatcher';
import { openAndMigrate } from '../db/open';
import { startPreviewServer } from '../electron/preview/server';
import { measureScreens, type ScreenTiming } from './screens';

export interface BrowserMeasures {
  firstContentfulPaintMs: number;
  signInToListMs: number;
  scroll: {
    frames: number;
    p95FrameMs: number;
    maxFrameMs: number;
    /** Frames longer than 25 ms: at least one 60 Hz frame (16.7 ms) was missed. */
    droppedFrames: number;
    slowFrames: number;
    rowsScrolled: number;
  };
  /** Issue 18: every main screen and tab, input to content painted (bench/screens.ts). */
  screens: ScreenTiming[];
}

/**
 * The renderer as a clinician meets it, in Debian's Chromium against the browser preview on the bench
 * database: first contentful paint of the app shell, sign-in to an interactive patient list, and frame
 * times while scrolling the whole virtualised list.
 */
export async function measureBrowser(
  dbFile: string,
  password: string,
  options: { screenRuns?: number } = {},
): Promise<BrowserMeasures | string> {
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  // BENCH_RENDERER_DIR: another build of the renderer (an A/B of two builds, run alternately).
  const rendererDir = process.env.BENCH_RENDERER_DIR ?? resolve(import.meta.dirname, '../out/renderer');
  if (!existsSync(chromiumPath)) return `skipped: no Chromium at ${chromiumPath}`;
  if (!existsSync(resolve(rendererDir, 'index.html')))
    return 'skipped: renderer not built (npm run build:renderer)';
  const { conn } = await openAndMigrate(dbFile);
  const server = await startPreviewServer({ dispatcher: createDispatcher(conn), staticDir: rendererDir });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 860 } });
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    // Poll with evaluate (DevTools protocol): a string predicate would need eval, which the app's CSP refuses.
    for (let i = 0; i < 100; i += 1) {
      if (await page.evaluate<boolean>("performance.getEntriesByName('first-contentful-paint').length > 0"))
        break;
      await page.waitForTimeout(50);
    }
    const fcp = await page.evaluate<number>(
      "performance.getEntriesByName('first-contentful-paint')[0].startTime",
    );
    await page.getByLabel('Username', { exact: true }).fill('apatel');
    await page.getByLabel('Password', { exact: true }).fill(password);
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('patient-row').first().waitFor();
    const signInToListMs = Date.now() - t0;
    // Scroll the virtualised list in big steps, recording every frame's duration.
    const scroll = await page.evaluate<BrowserMeasures['scroll']>(`(async () => {
      const el = document.querySelector('[data-testid="patient-scroller"]');
      const frames = [];
      let last = performance.now();
      let running = true;
      const tick = (t) => { frames.push(t - last); last = t; if (running) requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      const steps = 200;
      for (let i = 1; i <= steps; i++) {
        el.scrollTop = (el.scrollHeight - el.clientHeight) * (i / steps);
        await new Promise((r) => requestAnimationFrame(() => r()));
      }
      running = false;
      const sorted = frames.slice(1).sort((a, b) => a - b);
      const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)];
      return { frames: sorted.length, p95FrameMs: p95, maxFrameMs: sorted[sorted.length - 1], droppedFrames: sorted.filter((f) => f > 25).length, slowFrames: sorted.filter((f) => f > 50).length,
        rowsScrolled: Math.round(el.scrollHeight / 44) };
    })()`);
    const screens = await measureScreens(page, conn.sqlite, options.screenRuns ?? 5);
    return { firstContentfulPaintMs: fcp, signInToListMs, scroll, screens };
  } finally {
    await browser.close();
    await server.close();
    await conn.close();
  }
}
