import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateGb } from '../../shared/dates';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { closeAll, newPage, seedStaff, signInThroughUi } from './staff';

const E2E_PASSWORD = 'amber kettle lantern harbour';

/**
 * Issue 16 (the meeting list) in the real renderer: a coordinator withdraws a case listed in error and moves
 * another to a later meeting, each with a reason; the list says what happened in words and keeps both rows.
 */
let browser: Browser;
let preview: PreviewFixture;
let page: Page;
const sqlite = () => preview.dispatcher.conn.sqlite;
let laterDate = '';

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  await seedStaff(
    preview,
    (
      [
        ['lmills', 'Lee Mills', 'coordinator'],
        ['apatel', 'Asha Patel', 'consultant'],
      ] as const
    ).map(([username, displayName, role]) => ({ username, displayName, role, password: E2E_PASSWORD })),
    { signIn: { lmills: 'seed-coord' } },
  );
  const types = await preview.seed<{ id: number; code: string }[]>('mdt:meetingTypes:list', {}, 'seed-coord');
  const complex = types.find((t) => t.code === 'complex-pain-mdt')!.id;
  for (const [nhsNumber, surname] of [
    ['943 476 5919', 'Smith'],
    ['401 023 2137', 'Okafor'],
  ] as const) {
    const p = await preview.seed<{ id: number }>(
      'patients:create',
      { nhsNumber, surname, forename: 'Jo', dateOfBirth: '1970-03-01', sex: 'female', allergies: [] },
      'seed-coord',
    );
    await preview.seed(
      'mdt:referral:create',
      {
        patientId: p.id,
        question: 'Suitable for the pain management programme?',
        reason: 'pmp-suitability',
        patientAware: true,
        meetingTypeId: complex,
      },
      'seed-coord',
    );
  }
  // A later meeting of the same series, a week after the first (test-only SQL: the clock is real time).
  const first = sqlite().prepare('SELECT * FROM mdt_meetings ORDER BY start_at LIMIT 1').get() as Record<
    string,
    string | number | null
  >;
  const shift = (s: string) =>
    new Date(Date.parse(`${s.slice(0, 10)}T12:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
  laterDate = shift(String(first.meeting_date));
  sqlite()
    .prepare(
      `INSERT INTO mdt_meetings (meeting_type_id, meeting_date, start_local, start_at, duration_minutes, cut_off_at,
        status, chair_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'planned', NULL, ?, ?)`,
    )
    .run(
      first.meeting_type_id,
      laterDate,
      `${laterDate}${String(first.start_local).slice(10)}`,
      `${laterDate}${String(first.start_at).slice(10)}`,
      first.duration_minutes,
      `${shift(String(first.cut_off_at))}${String(first.cut_off_at).slice(10)}`,
      first.created_at,
      first.updated_at,
    );
  page = await newPage(browser);
}, 60_000);
afterAll(() => closeAll(browser, preview));

describe('withdrawing and moving cases on the meeting list', () => {
  it('withdraws a case listed in error and moves another to a later meeting, each with a reason', async () => {
    await signInThroughUi(page, preview, 'lmills', E2E_PASSWORD);
    await page.getByRole('link', { name: 'MDT meetings' }).click();
    await page.getByRole('link', { name: /09:00/ }).first().click();
    const list = page.getByRole('table', { name: 'Meeting list' });
    await list.waitFor();
    // Status in words, never a code; the summary says what is missing.
    await list.getByText('Awaiting approval').first().waitFor();
    await list
      .getByText(/Missing: .*No medicines list recorded/)
      .first()
      .waitFor();

    await page.getByRole('button', { name: 'Withdraw SMITH, Jo' }).click();
    await page.getByLabel('Reason for withdrawing').fill('Listed in error: meant for the clinic.');
    await page.getByRole('button', { name: 'Withdraw from the list' }).click();
    await list.getByText('Withdrawn from the list').waitFor();
    await list.getByText('Reason: Listed in error: meant for the clinic.').waitFor();

    await page.getByRole('button', { name: 'Move OKAFOR, Jo to another meeting' }).click();
    const laterId = sqlite()
      .prepare('SELECT id FROM mdt_meetings WHERE meeting_date = ?')
      .pluck()
      .get(laterDate);
    const select = page.getByLabel('Move OKAFOR, Jo to');
    await select.locator(`option[value="${String(laterId)}"]`).waitFor({ state: 'attached' });
    await expect
      .poll(() => select.locator(`option[value="${String(laterId)}"]`).innerText(), { timeout: 30_000 })
      .toContain(formatDateGb(laterDate));
    await select.selectOption(String(laterId));
    await page.getByLabel('Reason for moving').fill('Physiotherapy assessment is not back yet.');
    await screenshot(page, 'mdt-list-01-move');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Move case' }).click();
    await list.getByText('Moved to another meeting').waitFor();
    await list
      .getByText(
        `Reason: Moved to the meeting on ${formatDateGb(laterDate)}: Physiotherapy assessment is not back yet.`,
      )
      .waitFor();

    // History kept: both original listings remain, plus the moved one on the later meeting; audited.
    const rows = sqlite()
      .prepare(
        'SELECT m.meeting_date, l.status FROM mdt_listings l JOIN mdt_meetings m ON m.id = l.meeting_id ORDER BY l.id',
      )
      .all() as { meeting_date: string; status: string }[];
    expect(rows.map((r) => r.status)).toEqual(['withdrawn', 'withdrawn', 'proposed']);
    expect(rows[2]!.meeting_date).toBe(laterDate);
    const audits = sqlite()
      .prepare(
        `SELECT action FROM audit_log WHERE action IN ('mdt.listing.withdraw', 'mdt.listing.move-meeting') ORDER BY rowid`,
      )
      .pluck()
      .all();
    expect(audits).toEqual(['mdt.listing.withdraw', 'mdt.listing.move-meeting']);
  });
});
