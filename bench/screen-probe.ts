import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { createDispatcher } from '../db/dispatcher';
import { openAndMigrate } from '../db/open';
import { startPreviewServer } from '../electron/preview/server';

/**
 * `npx tsx bench/screen-probe.ts --db COPY --hash '#/rehab' [--hash ...] [--runs 3]` (issue 18): where one
 * screen's time goes in Chromium. For each run (page reloaded first) it prints the total from the hash change
 * to the content painted, each request to the dispatcher with its operation and its time on the wire, and the
 * main thread's long tasks (rendering); `--static DIR` serves another renderer build (an A/B of two builds). Run against a migrated copy (bench:browser --work), never the original.
 * `--keys n,n,p` then presses each key in turn on that screen (presentation mode's N and P), each timed the
 * same way (the key to the main area changed and painted) with its requests and long tasks.
 */
/**
 * In the page: navigate to `hash` or press `key`, then resolve with the ms until the main area's text changed
 * with no loader left and the next frame, the long tasks meanwhile, what the main area showed and when, and
 * the requests sent meanwhile (start..end in ms from the input).
 */
const PROBE = `async ({ hash, key }) => {
  const tasks = [];
  const po = new PerformanceObserver((l) => { for (const e of l.getEntries()) tasks.push(Math.round(e.duration)); });
  po.observe({ type: 'longtask' });
  const main = () => document.querySelector('main');
  const busy = () => main()?.querySelector('.mantine-Loader-root, [aria-busy="true"]');
  const before = main()?.textContent ?? '';
  const seen = [];
  let lastText = before.slice(0, 60);
  const watch = new MutationObserver(() => { const t = (main()?.textContent ?? '').slice(0, 60); if (t !== lastText) { lastText = t; seen.push(Math.round(performance.now() - t0) + ' ms: ' + t + (busy() ? ' [loader]' : '')); } });
  watch.observe(document.body, { subtree: true, childList: true, characterData: true });
  const t0 = performance.now();
  if (hash) location.hash = hash;
  if (key) (document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  await new Promise((resolve) => {
    const check = () => { const m = main(); if (m && m.textContent !== before && !busy()) { obs.disconnect(); resolve(); } };
    const obs = new MutationObserver(check);
    obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const total = performance.now() - t0;
  po.disconnect();
  watch.disconnect();
  const api = performance.getEntriesByType('resource').filter((e) => e.startTime >= t0).map((e) => decodeURIComponent(e.name.split('/').pop()).slice(0, 30) + ' ' + Math.round(e.startTime - t0) + '..' + Math.round(e.responseEnd - t0));
  return { total: Math.round(total), tasks: [...tasks, '| ' + seen.join(' | '), '| ' + api.join(', ')] };
}`;

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    hash: { type: 'string', multiple: true },
    runs: { type: 'string' },
    password: { type: 'string' },
    profile: { type: 'boolean' },
    warm: { type: 'boolean' },
    static: { type: 'string' },
    keys: { type: 'string' },
    'key-gap': { type: 'string' },
  },
});
if (!values.db || !values.hash?.length) throw new Error('--db COPY --hash #/route');
const { conn } = await openAndMigrate(values.db);
const server = await startPreviewServer({
  dispatcher: createDispatcher(conn),
  staticDir: values.static ?? resolve(import.meta.dirname, '../out/renderer'),
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 860 } });
  await page.goto(server.url);
  await page.getByLabel('Username', { exact: true }).fill('apatel');
  await page.getByLabel('Password', { exact: true }).fill(values.password ?? 'bench-password-1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('patient-row').first().waitFor();
  const sent = new Map<object, { op: string; t0: number }>();
  const log: string[] = [];
  let origin = 0;
  page.on('request', (r) => {
    const body = r.postData() ?? '';
    const op = /"channel":"([^"]+)"/.exec(body)?.[1] ?? r.url().split('/').slice(-1)[0]!;
    sent.set(r, { op, t0: Date.now() });
  });
  page.on('requestfinished', (r) => {
    const s = sent.get(r);
    if (s && origin) log.push(`  ${s.op}: sent at +${s.t0 - origin} ms, ${Date.now() - s.t0} ms`);
  });
  for (const hash of values.hash) {
    for (let run = 0; run < Number(values.runs ?? 3); run += 1) {
      await page.evaluate(`location.hash = '#/rules'`);
      await page.reload();
      await page.locator('main').waitFor();
      await page.waitForTimeout(800);
      if (values.warm) {
        // The screen once before (its code loaded and rendered), then back: the second visit is timed.
        await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
        await page.waitForTimeout(1500);
        await page.evaluate(`location.hash = '#/rules'`);
        await page.waitForTimeout(800);
      }
      log.length = 0;
      const cdp = values.profile ? await page.context().newCDPSession(page) : null;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await cdp.send('Profiler.start');
      }
      origin = Date.now();
      const r = await page.evaluate<{ total: number; tasks: string[] }>(
        `(${PROBE})(${JSON.stringify({ hash })})`,
      );
      console.log(`${hash} run ${run + 1}: ${r.total} ms; long tasks ${r.tasks.join(', ') || 'none'} ms`);
      console.log(log.join('\n'));
      if (cdp) {
        const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
        console.log(topFunctions(profile));
        if (process.env.PROBE_PROFILE_OUT)
          writeFileSync(process.env.PROBE_PROFILE_OUT, JSON.stringify(profile));
        await cdp.detach();
      }
      for (const key of values.keys?.split(',') ?? []) {
        // As the benchmark does: the next key as soon as the last one's case is painted (--key-gap MS waits).
        if (values['key-gap']) await page.waitForTimeout(Number(values['key-gap']));
        log.length = 0;
        const kcdp = values.profile ? await page.context().newCDPSession(page) : null;
        if (kcdp) {
          await kcdp.send('Profiler.enable');
          await kcdp.send('Profiler.setSamplingInterval', { interval: 200 });
          await kcdp.send('Profiler.start');
        }
        origin = Date.now();
        const k = await page.evaluate<{ total: number; tasks: string[] }>(
          `(${PROBE})(${JSON.stringify({ key })})`,
        );
        console.log(`  key ${key}: ${k.total} ms; long tasks ${k.tasks.join(', ') || 'none'} ms`);
        console.log(log.join('\n'));
        if (kcdp) {
          const { profile } = (await kcdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
          console.log(topFunctions(profile));
          if (process.env.PROBE_PROFILE_OUT)
            writeFileSync(`${process.env.PROBE_PROFILE_OUT}.${key}`, JSON.stringify(profile));
          await kcdp.detach();
        }
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
  await conn.close();
}

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self and inclusive time per function (ms), the top 25 of each. */
function topFunctions(p: CpuProfile): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const dt = new Map<number, number>();
  p.samples.forEach((s, i) => dt.set(s, (dt.get(s) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000));
  const name = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
  };
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  for (const [id, t] of dt) {
    self.set(name(id), (self.get(name(id)) ?? 0) + t);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = name(at);
      if (seen.has(k)) continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + t);
    }
  }
  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([k, v]) => `    ${v.toFixed(0).padStart(6)} ${k}`);
  return ['  self:', ...top(self), '  inclusive:', ...top(incl)].join('\n');
}
