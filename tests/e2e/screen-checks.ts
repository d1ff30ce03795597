import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../db/demo/generate';

/**
 * Checks run on a whole screen in Chromium (issue 18, "nothing truncated at 1,440 x 900 and at 1,280 x 720"):
 * text cut off by its box (an ellipsis, or a select/input whose value is wider than the control), and labels or
 * headings hidden under the fixed header. Each finding is one line naming the element and its text.
 */

/** Runs in the page (a string, as this file is compiled for Node). */
const TRUNCATION_SCRIPT = `(() => {
  const found = [];
  const name = (el) => {
    const tag = el.tagName.toLowerCase();
    const label = el.getAttribute('aria-label') || (el.id && document.querySelector('label[for="' + el.id + '"]')?.textContent) || '';
    return tag + (label ? ' "' + label.trim().slice(0, 40) + '"' : '');
  };
  // Visually hidden text (screen readers only) sits in a 1 px clipped box on purpose.
  const srOnly = (el) => {
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const r = a.getBoundingClientRect();
      if (r.width <= 2 && r.height <= 2) return true;
      if (r.right < 0 || r.bottom < -5000) return true;
    }
    return false;
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || srOnly(el)) return false;
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && s.display !== 'none';
  };
  // Text cut by its own box: ellipsis, or overflow hidden/clip on an element with its own text.
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('[data-no-truncation-check], .mantine-ScrollArea-root [data-virtual-spacer]')) continue;
    if (!(el instanceof HTMLElement) || !visible(el)) continue;
    const s = getComputedStyle(el);
    const clips = s.textOverflow === 'ellipsis' || ((s.overflowX === 'hidden' || s.overflowX === 'clip') && s.whiteSpace === 'nowrap');
    if (!clips) continue;
    const text = (el.innerText || '').trim();
    if (!text) continue;
    if (el.scrollWidth > el.clientWidth + 1) found.push('cut off: ' + name(el) + ': "' + text.slice(0, 60) + '"');
  }
  // A select or text box whose value is wider than the room for it.
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  for (const el of document.querySelectorAll('input:not([type=checkbox]):not([type=radio]):not([type=hidden]), select')) {
    if (!visible(el)) continue;
    const value = el.tagName === 'SELECT' ? (el.selectedOptions[0]?.textContent ?? '') : el.value;
    if (!value) continue;
    const s = getComputedStyle(el);
    ctx.font = s.fontStyle + ' ' + s.fontWeight + ' ' + s.fontSize + ' ' + s.fontFamily;
    const room = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    const width = ctx.measureText(value).width;
    if (width > room + 1) found.push('value cut off: ' + name(el) + ': "' + value.slice(0, 60) + '"');
  }
  return found;
})()`;

/**
 * Labels, headings and table headers covered by the fixed header: all of them at the top of the page, and,
 * once scrolled (where content passes under the header by design), the label of the field that has focus
 * (the first field in error is focused and scrolled to: its label must show).
 */
const COVERED_SCRIPT = `(() => {
  const header = document.querySelector('header');
  if (!header) return [];
  const bottom = header.getBoundingClientRect().bottom;
  const found = [];
  let targets;
  if (window.scrollY === 0) {
    targets = [...document.querySelectorAll('main label, main h1, main h2, main h3, main h4, main th, main legend')];
  } else {
    const active = document.activeElement;
    if (!active || active === document.body || !active.id) return [];
    targets = [...document.querySelectorAll('label[for="' + active.id + '"]')];
  }
  for (const el of targets) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.bottom < 0 || r.top > innerHeight) continue;
    if (r.top >= bottom) continue;
    const top = document.elementFromPoint(r.left + Math.min(r.width / 2, 20), r.top + r.height / 2);
    if (top && header.contains(top)) found.push('under the header: ' + el.tagName.toLowerCase() + ' "' + (el.textContent || '').trim().slice(0, 60) + '"');
  }
  return found;
})()`;

export async function truncatedText(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(TRUNCATION_SCRIPT);
}

export async function coveredByHeader(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(COVERED_SCRIPT);
}

/**
 * Waits until the screen has settled: no loader shown and the main area's text unchanged for `quiet` ms.
 */
export async function settled(page: Page, quiet = 400, timeout = 20_000): Promise<void> {
  const start = Date.now();
  let last = '';
  let since = Date.now();
  while (Date.now() - start < timeout) {
    const now = (await page.evaluate<string>(
      `(document.querySelector('main')?.innerText ?? '') + '|' + document.querySelectorAll('.mantine-Loader-root').length`,
    )) as string;
    const loading = !now.endsWith('|0') || now.startsWith('|');
    if (now !== last || loading) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quiet) return;
    await page.waitForTimeout(100);
  }
}

/** A new browser context in en-GB and Europe/London at `viewport`, signed in as a demo user. */
export async function pageSignedIn(
  browser: Browser,
  url: string,
  username: string,
  viewport: { width: number; height: number },
): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'Europe/London' });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}
