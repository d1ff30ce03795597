import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, generateDemo } from '../../db/demo/generate';
import { hashPassword } from '../../db/services/passwords';
import { TEST_PASSWORD_COST } from '../helpers/db';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { pageSignedIn, settled } from './screen-checks';
import { developerText } from './screen-text';
import { closeAll } from './staff';

/**
 * Issue 15, "a test scans every screen the end-to-end tests visit for such text": every-screen.test.ts
 * covers the main screens and their tabs; these are the screens other end-to-end files visit that it does
 * not (the team's risk worklist, the rehab cohort report and GP message, the print views of letters,
 * minutes, meeting lists, taper letters and theatre lists, the theatre day). Not here: the MDT letter print view
 * (the demonstration data holds no letters; tests/e2e/mdt-letters.test.ts checks its text). Each is scanned for developer
 * text over a demonstration database; the rehab screens are also checked with axe-core.
 */
let browser: Browser;
let preview: PreviewFixture;
let page: Page;
let ids: Record<string, number | null>;

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  const sqlite = preview.dispatcher.conn.sqlite;
  generateDemo(sqlite, {
    patients: 300,
    passwordHash: await hashPassword(DEMO_PASSWORD, TEST_PASSWORD_COST),
  });
  const one = (sql: string) => (sqlite.prepare(sql).pluck().get() as number | undefined) ?? null;
  ids = {
    group: one('SELECT id FROM rehab_programmes ORDER BY id LIMIT 1'),
    sp: one('SELECT id FROM rehab_sp_referrals ORDER BY id LIMIT 1'),
    meetingDone: one(
      `SELECT id FROM mdt_meetings WHERE status = 'closed' ORDER BY meeting_date DESC LIMIT 1`,
    ),
    meeting: one(`SELECT id FROM mdt_meetings WHERE status <> 'closed' ORDER BY meeting_date LIMIT 1`),
    taper: one('SELECT id FROM taper_plans ORDER BY id LIMIT 1'),
    session: one('SELECT id FROM intervention_sessions ORDER BY id LIMIT 1'),
  };
  page = await pageSignedIn(browser, preview.server.url, 'apatel', { width: 1440, height: 900 });
}, 300_000);
afterAll(() => closeAll(browser, preview));

interface Screen {
  name: string;
  path: () => string | null;
  axe?: boolean;
}

const SCREENS: Screen[] = [
  { name: 'rehab-risk', path: () => '/rehab/risk', axe: true },
  {
    name: 'rehab-cohort-report',
    path: () => (ids.group ? `/rehab/groups/${ids.group}/report` : null),
    axe: true,
  },
  { name: 'rehab-gp-message', path: () => (ids.sp ? `/rehab/social/${ids.sp}/gp-message` : null), axe: true },
  { name: 'mdt-minutes', path: () => (ids.meetingDone ? `/mdt/meetings/${ids.meetingDone}/minutes` : null) },
  { name: 'mdt-meeting-print', path: () => (ids.meeting ? `/mdt/meetings/${ids.meeting}/print` : null) },
  { name: 'taper-letter-print', path: () => (ids.taper ? `/medicines/plans/${ids.taper}/print` : null) },
  {
    name: 'theatre-list-print',
    path: () => (ids.session ? `/interventions/sessions/${ids.session}/print` : null),
  },
  { name: 'theatre-day', path: () => '/interventions/day' },
];

describe('the screens other end-to-end tests visit, beyond every-screen', () => {
  for (const screen of SCREENS) {
    it(`${screen.name}: no developer text${screen.axe ? ', axe clean' : ''}`, async () => {
      const path = screen.path();
      expect(path, `the demonstration data has no record for ${screen.name}`).not.toBeNull();
      await page.goto(`${preview.server.url.split('#')[0]}#${path}`);
      await page.locator('body').waitFor();
      await settled(page);
      await screenshot(page, `every-screen-more-${screen.name}`);
      expect(await developerText(page)).toEqual([]);
      if (screen.axe) expect(await axeViolations(page)).toEqual([]);
    }, 120_000);
  }
});
