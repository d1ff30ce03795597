import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, generateDemo } from '../../db/demo/generate';
import { hashPassword } from '../../db/services/passwords';
import { TEST_PASSWORD_COST } from '../helpers/db';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { coveredByHeader, settled, truncatedText, pageSignedIn } from './screen-checks';
import { developerText } from './screen-text';
import { closeAll } from './staff';

/**
 * Issue 18, what every-screen.test.ts does not reach: the MDT presentation view, the print pages and the
 * forms that open only behind a button. The same checks (axe-core WCAG 2.1 A/AA serious and critical, text
 * cut off, labels under the header, developer text), also with each form's messages shown, at 1,440 x 900
 * over a small demonstration database, so that it runs in well under a minute.
 */

let browser: Browser;
let preview: PreviewFixture;
let clinician: Page;
let admin: Page;
const VIEWPORT = { width: 1440, height: 900 };

const ids: Record<string, number> = {};

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  const sqlite = preview.dispatcher.conn.sqlite;
  generateDemo(sqlite, {
    patients: 150,
    passwordHash: await hashPassword(DEMO_PASSWORD, TEST_PASSWORD_COST),
  });
  const one = (sql: string) => (sqlite.prepare(sql).pluck().get() as number | undefined) ?? 0;
  Object.assign(ids, {
    patient: one(`SELECT p.id FROM patients p ORDER BY
      (SELECT count(*) FROM medicine_entries m WHERE m.patient_id = p.id) +
      (SELECT count(*) FROM rehab_plans r WHERE r.patient_id = p.id) * 3 +
      (SELECT count(*) FROM mdt_listings l WHERE l.patient_id = p.id) * 3 DESC LIMIT 1`),
    meeting: one(`SELECT m.id FROM mdt_meetings m WHERE m.status <> 'closed'
      AND EXISTS (SELECT 1 FROM mdt_listings l WHERE l.meeting_id = m.id) ORDER BY m.meeting_date LIMIT 1`),
    meetingDone: one(
      `SELECT id FROM mdt_meetings WHERE status = 'closed' ORDER BY meeting_date DESC LIMIT 1`,
    ),
    letter: one('SELECT id FROM mdt_letters ORDER BY id LIMIT 1'),
    plan: one('SELECT id FROM taper_plans ORDER BY id LIMIT 1'),
    session: one('SELECT id FROM intervention_sessions ORDER BY id LIMIT 1'),
    spReferral: one('SELECT id FROM rehab_sp_referrals ORDER BY id LIMIT 1'),
    group: one('SELECT id FROM rehab_programmes ORDER BY id LIMIT 1'),
  });
  clinician = await pageSignedIn(browser, preview.server.url, 'apatel', VIEWPORT);
  admin = await pageSignedIn(browser, preview.server.url, 'admin', VIEWPORT);
}, 120_000);
afterAll(() => closeAll(browser, preview));

async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${preview.server.url.split('#')[0]}#${path}`);
  await page.locator('main').waitFor();
  await settled(page);
}

async function check(page: Page, label: string, findings: string[]): Promise<void> {
  for (const f of await truncatedText(page)) findings.push(`${label}: ${f}`);
  for (const f of await coveredByHeader(page)) findings.push(`${label}: ${f}`);
  for (const f of await developerText(page)) findings.push(`${label}: ${f}`);
  for (const v of await axeViolations(page))
    findings.push(`${label}: axe ${v.id}: ${v.help} ${v.nodes.join(' | ')}`);
}

/**
 * Submits each visible form on the page that is not marked as already checked (empty), so its messages show,
 * and checks the page again; then marks it.
 */
async function checkForms(page: Page, label: string, findings: string[]): Promise<number> {
  const n = await page.evaluate<number>(`(() => {
    document.querySelectorAll('[data-check-id]').forEach((f) => f.removeAttribute('data-check-id'));
    const forms = [...document.querySelectorAll('main form:not([data-checked]), [role="dialog"] form:not([data-checked])')];
    forms.forEach((f, i) => { f.setAttribute('data-checked', ''); f.setAttribute('data-check-id', String(i)); });
    return forms.length;
  })()`);
  let submitted = 0;
  for (let i = 0; i < n; i += 1) {
    const form = page.locator(`form[data-check-id="${i}"]`);
    if (!(await form.isVisible())) continue;
    await form.evaluate((f: HTMLFormElement) => f.requestSubmit());
    await settled(page, 300);
    submitted += 1;
    await check(page, `${label} (form ${i + 1} submitted)`, findings);
  }
  return submitted;
}

/** Marks the forms already on the page, so only those a button opens are submitted. */
async function markForms(page: Page): Promise<void> {
  await page.evaluate(`document.querySelectorAll('form').forEach((f) => f.setAttribute('data-checked', ''))`);
}

describe('the MDT presentation view', () => {
  it('shows the patient banner of the case being discussed, and moves it with N', async () => {
    const page = clinician;
    await open(page, `/mdt/meetings/${ids.meeting}/run`);
    const banner = page.getByTestId('patient-banner');
    await banner.waitFor({ timeout: 10_000 });
    const first = await page.getByTestId('banner-name').first().textContent();
    // Born with age, the NHS number as 3-3-4, and the allergy state (recorded, none known, or not recorded).
    await expect
      .poll(() => page.getByTestId('banner-born').first().textContent(), { timeout: 30_000 })
      .toMatch(/\d{2}-[A-Z][a-z]{2}-\d{4}/);
    await expect
      .poll(() => page.getByTestId('banner-nhs').first().textContent(), { timeout: 30_000 })
      .toMatch(/^\d{3} \d{3} \d{4}$/);
    await expect
      .poll(() => page.getByTestId('banner-allergies').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await page.locator('body').press('n');
    await settled(page);
    // Wait for the next case's banner rather than reading it once straight after the key press.
    await expect.poll(() => page.getByTestId('banner-name').first().textContent()).not.toBe(first);
  }, 60_000);

  it('is axe clean with nothing cut off, also with the outcome form and Finish meeting submitted empty', async () => {
    const page = clinician;
    const findings: string[] = [];
    await open(page, `/mdt/meetings/${ids.meeting}/run`);
    await check(page, 'presentation', findings);
    await screenshot(page, 'behind-buttons-presentation');
    const finish = page.getByRole('button', { name: 'Finish meeting…' });
    if (await finish.count()) {
      await finish.click();
      await settled(page);
      await check(page, 'presentation > Finish meeting…', findings);
    }
    await checkForms(page, 'presentation', findings);
    expect(findings).toEqual([]);
  }, 60_000);
});

const PRINTS: { name: string; path: () => string; need: string }[] = [
  { name: 'meeting list', path: () => `/mdt/meetings/${ids.meeting}/print`, need: 'meeting' },
  { name: 'minutes', path: () => `/mdt/meetings/${ids.meetingDone}/minutes`, need: 'meetingDone' },
  { name: 'MDT letter', path: () => `/mdt/letters/${ids.letter}/print`, need: 'letter' },
  { name: 'taper plan GP letter', path: () => `/medicines/plans/${ids.plan}/print`, need: 'plan' },
  { name: 'theatre list', path: () => `/interventions/sessions/${ids.session}/print`, need: 'session' },
  {
    name: 'social prescribing GP message',
    path: () => `/rehab/social/${ids.spReferral}/gp-message`,
    need: 'spReferral',
  },
  { name: 'group programme report', path: () => `/rehab/groups/${ids.group}/report`, need: 'group' },
];

describe('print pages', () => {
  it('are axe clean, with nothing cut off and no developer text', async () => {
    const findings: string[] = [];
    let checked = 0;
    for (const p of PRINTS) {
      if (!ids[p.need]) continue;
      await open(clinician, p.path());
      await check(clinician, `print: ${p.name}`, findings);
      checked += 1;
    }
    expect(findings).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(5);
  }, 90_000);
});

/** Forms that open only behind a button: the screen, an optional tab, the button. */
const BEHIND: {
  name: string;
  path: () => string;
  tab?: string;
  button: string;
  admin?: boolean;
  /** Not a form: the button that checks what was entered. */
  submit?: string;
}[] = [
  { name: 'add medicine', path: () => `/patients/${ids.patient}`, tab: 'Medicines', button: 'Add medicine' },
  {
    name: 'refer to the MDT',
    path: () => `/patients/${ids.patient}`,
    tab: 'MDT',
    button: 'Refer to the MDT',
  },
  { name: 'add a referral (triage)', path: () => '/mdt/triage', button: 'Add a referral' },
  { name: 'new group programme', path: () => '/rehab/groups', button: 'New programme' },
  {
    name: 'reset a password',
    path: () => '/admin/users',
    button: 'Reset password',
    admin: true,
    submit: 'Reset',
  },
];

describe('forms behind a button', () => {
  for (const b of BEHIND)
    it(`${b.name}: axe clean, nothing cut off, also with its messages shown`, async () => {
      const page = b.admin ? admin : clinician;
      const findings: string[] = [];
      await open(page, b.path());
      if (b.tab) {
        await page.getByRole('tab', { name: b.tab, exact: true }).click();
        await settled(page);
      }
      await markForms(page);
      await page.getByRole('button', { name: b.button, exact: true }).first().click();
      await settled(page);
      // Checked with its messages shown (axe, cut-off text, developer text): the form as opened has the
      // same fields without the messages.
      if (b.submit) {
        await page.getByRole('button', { name: b.submit, exact: true }).first().click();
        await settled(page, 300);
        await check(page, `${b.name} (checked empty)`, findings);
      } else expect(await checkForms(page, b.name, findings)).toBeGreaterThan(0);
      await screenshot(page, `behind-buttons-${b.name.replace(/\W+/g, '-')}`);
      expect(findings).toEqual([]);
    }, 60_000);
});
