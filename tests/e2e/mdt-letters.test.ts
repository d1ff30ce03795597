import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { londonToday } from '../../shared/dates';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { seedConfirmAfterReading } from './mdt-confirm';
import { approveIfLate, closeAll, newPage, seedStaff, signInThroughUi } from './staff';

const E2E_PASSWORD = 'amber kettle lantern harbour';

/**
 * Issue 16 ("Letters") in the real renderer: after an MDT discussion the GP, referrer and patient letters say
 * what the issue asks (date, NHS number 3-3-4, address block, medicines and the exact change, signatory with
 * role, cc; the referrer is the clinician who referred, not who keyed it; the patient letter speaks to the
 * patient in plain English). An amended outcome supersedes its letters: the old one is watermarked, has no
 * Print button and cannot be printed or sent. Letters from an example template not yet approved say so.
 * The expected sentences are written out by hand from the issue; dates are today's (the clock is real time),
 * written in words with the platform's own en-GB formatter.
 */
let browser: Browser;
let preview: PreviewFixture;
let page: Page;
let meetingId = 0;
const sqlite = () => preview.dispatcher.conn.sqlite;
const base = () => preview.server.url.split('?')[0];

/** An ISO date `n` days from today (London) and the same date in words, e.g. "31 December 2026". */
function inDays(n: number): { iso: string; words: string } {
  const d = new Date(Date.parse(`${londonToday()}T12:00:00Z`) + n * 86_400_000);
  return {
    iso: d.toISOString().slice(0, 10),
    words: d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  };
}
const today = () => inDays(0);
const taperDue = () => inDays(30);
const psychDue = () => inDays(45);

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  const ids = await seedStaff(
    preview,
    (
      [
        ['lmills', 'Lee Mills', 'coordinator'],
        ['apatel', 'Asha Patel', 'consultant'],
        ['pgreen', 'Priya Green', 'psychologist'],
        ['sjones', 'Sam Jones', 'nurse'],
      ] as const
    ).map(([username, displayName, role]) => ({ username, displayName, role, password: E2E_PASSWORD })),
    { signIn: { lmills: 'seed-coord', apatel: 'seed-chair', sjones: 'seed-nurse' } },
  );
  const types = await preview.seed<{ id: number; code: string }[]>('mdt:meetingTypes:list', {}, 'seed-coord');
  const complex = types.find((t) => t.code === 'complex-pain-mdt')!.id;
  const p = await preview.seed<{ id: number }>(
    'patients:create',
    {
      nhsNumber: '9434765919',
      surname: 'Smith',
      forename: 'Jo',
      dateOfBirth: '1970-03-01',
      sex: 'female',
      gpPractice: 'Riverside Surgery',
      postcode: 'LS1 4AP',
      whatMatters: 'Walking the dog again',
      diagnosisSite: 'Lower back',
      allergies: [],
    },
    'seed-coord',
  );
  const med = await preview.seed<{ itemId: number }>(
    'meds:add',
    {
      patientId: p.id,
      medicine: {
        formularyId: 'oxycodone-mr-tablet',
        strength: '20 mg',
        doseKind: 'regular',
        doseMg: 20,
        timesPerDay: 2,
        startDate: '2026-06-01',
        prescriber: 'gp',
        indication: 'Chronic low back pain',
      },
    },
    'seed-nurse',
  );
  // Referred into the service by a rheumatologist; the coordinator keys it, the consultant triages it.
  const sr = await preview.seed<{ id: number; version: number }>(
    'mdt:triage:add',
    {
      patientId: p.id,
      receivedOn: today().iso,
      source: 'consultant',
      referrerName: 'Dr Jane Rao',
      referrerRole: 'Consultant rheumatologist',
      referrerOrganisation: 'City Hospital',
      referrerAddress: 'Rheumatology Department\nCity Hospital\nLeeds LS9 7TF',
      referralReason: 'Widespread pain; opioid dose rising.',
      urgency: 'routine',
    },
    'seed-coord',
  );
  await preview.seed(
    'mdt:triage:decide',
    {
      serviceReferralId: sr.id,
      version: sr.version,
      pathway: 'mdt',
      meetingTypeId: complex,
      reason: 'Complex: opioids and function.',
      question: 'Can the oxycodone be reduced?',
      patientAware: true,
    },
    'seed-chair',
  );
  const listingId = sqlite()
    .prepare('SELECT listing_id FROM mdt_referrals WHERE patient_id = ?')
    .pluck()
    .get(p.id) as number;
  meetingId = sqlite()
    .prepare('SELECT meeting_id FROM mdt_listings WHERE id = ?')
    .pluck()
    .get(listingId) as number;
  // The meeting day arrives (test-only SQL: the clock is real time).
  const day = londonToday();
  sqlite()
    .prepare('UPDATE mdt_meetings SET meeting_date = ?, start_local = ?, start_at = ? WHERE id = ?')
    .run(day, `${day}T00:01`, new Date(`${day}T00:01:00Z`).toISOString(), meetingId);
  for (const u of ['apatel', 'pgreen', 'sjones'])
    await preview.seed(
      'mdt:attendance:set',
      { meetingId, userId: ids[u], status: 'present', version: null },
      'seed-coord',
    );
  await approveIfLate(preview, listingId, 'seed-chair');
  await preview.seed('mdt:case:start', { listingId }, 'seed-coord');
  await seedConfirmAfterReading(
    preview,
    {
      listingId,
      outcome: {
        kind: 'recommendation',
        summary: 'Taper oxycodone MR; PMP assessment.',
        rationale: 'Pt reports poor function on high-dose opioid.',
        reviewDate: inDays(90).iso,
        patientSummary: 'We think lowering your oxycodone slowly and joining our pain programme will help.',
        actions: [
          {
            description: 'Reduce oxycodone MR gradually to 20 mg a day',
            type: 'medication-change',
            ownerId: ids.sjones,
            dueDate: taperDue().iso,
            medicine: { itemId: med.itemId, change: 'reduce', targetDose: 20 },
            patientWording: 'Our nurse will help you lower your oxycodone slowly, over a few weeks.',
          },
          {
            description: 'CBT-informed PMP assessment re: catastrophising, TSK 52',
            type: 'psychology',
            ownerId: ids.pgreen,
            dueDate: psychDue().iso,
          },
        ],
      },
    },
    'seed-chair',
  );
  const review = await preview.seed<{ cases: { listingId: number; suggestedReason: string }[] }>(
    'mdt:meeting:finishReview',
    { meetingId },
    'seed-chair',
  );
  await preview.seed(
    'mdt:meeting:finish',
    {
      meetingId,
      reasons: Object.fromEntries(review.cases.map((c) => [String(c.listingId), c.suggestedReason])),
    },
    'seed-chair',
  );
  const gaps = sqlite().prepare('SELECT audience, problem FROM mdt_letters WHERE body IS NULL').all();
  if (gaps.length) throw new Error(`Letters with gaps: ${JSON.stringify(gaps)}`);
  page = await newPage(browser);
}, 90_000);
afterAll(() => closeAll(browser, preview));

/** The current letter of an audience (the list's "Print view" link goes to the same address). */
function letterId(audience: 'gp' | 'referrer' | 'patient', superseded = false): number {
  return sqlite()
    .prepare(
      `SELECT id FROM mdt_letters WHERE audience = ? AND superseded_at IS ${superseded ? 'NOT NULL' : 'NULL'}
       ORDER BY id DESC LIMIT 1`,
    )
    .pluck()
    .get(audience) as number;
}

/**
 * Opens a letter's print view and returns its text once it shows `own`, a line only that letter holds. Going
 * from one letter to the next changes only the address's hash: right after it the previous letter can still be
 * on screen (with its own "Dear" and "Yours sincerely"), so the wait is for this letter's own words.
 */
async function openLetter(id: number, own: string): Promise<string> {
  await page.goto(`${base()}#/mdt/letters/${id}/print`);
  const letter = page.getByRole('article', { name: 'Letter' });
  await letter.waitFor();
  await expect.poll(() => letter.innerText(), { timeout: 30_000 }).toContain(own);
  return letter.innerText();
}

describe('MDT letters in the browser preview', () => {
  it('the GP letter: dated, NHS number 3-3-4, addressed, medicines and the exact change, signed with role, copied', async () => {
    await signInThroughUi(page, preview, 'lmills', E2E_PASSWORD);
    await page.goto(`${base()}#/mdt/meetings/${meetingId}/letters`);
    const table = page.getByRole('table', { name: 'Letters' });
    await table.waitFor();
    // The list says, for each letter, that its template is an example not yet approved.
    await expect
      .poll(() => table.getByText('Example template, not yet approved by your service').count(), {
        timeout: 30_000,
      })
      .toBe(3);
    const text = await openLetter(letterId('gp'), 'The GP\nRiverside Surgery');
    expect(text).toContain(today().words);
    expect(text).toContain('The GP\nRiverside Surgery');
    expect(text).toContain('NHS number 943 476 5919');
    expect(text).not.toContain('9434765919');
    expect(text).toContain('Oxycodone modified-release tablets (12-hourly) 20 mg: 20 mg twice a day');
    expect(text).toContain(
      `Oxycodone modified-release tablets (12-hourly) 20 mg: reduce gradually to 20 mg a day, from 20 mg twice a day (owner: Sam Jones; due ${taperDue().words})`,
    );
    expect(text).toContain('Yours sincerely,\n\nAsha Patel\nPain consultant');
    expect(text).toContain('Dr Jane Rao, Consultant rheumatologist, City Hospital (referrer)');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    // The unapproved example template is said on screen and in print (the warning is inside the letter).
    expect(text).toContain('This letter uses an example template that your service has not yet approved.');
    await page.emulateMedia({ media: 'print' });
    await expect
      .poll(() =>
        page
          .getByText('This letter uses an example template that your service has not yet approved.')
          .isVisible(),
      )
      .toBe(true);
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('button', { name: 'Print' }).waitFor();
    await screenshot(page, 'mdt-letters-01-gp');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the referrer letter goes to the clinician who referred, not to the coordinator who keyed it', async () => {
    const text = await openLetter(letterId('referrer'), 'Dear Dr Jane Rao,');
    expect(text).toContain(
      'Dr Jane Rao\nConsultant rheumatologist\nCity Hospital\nRheumatology Department\nCity Hospital\nLeeds LS9 7TF',
    );
    expect(text).toContain('Dear Dr Jane Rao,');
    expect(text).toContain('NHS number 943 476 5919');
    expect(text).not.toContain('Lee Mills');
    expect(text).not.toContain('Dear Asha Patel');
  });

  it('the patient letter speaks to the patient in plain English, with their own wording for each action', async () => {
    const text = await openLetter(letterId('patient'), 'Dear Jo Smith,');
    expect(text).toContain('Dear Jo Smith,');
    expect(text).toContain(
      `Our nurse will help you lower your oxycodone slowly, over a few weeks. (by ${taperDue().words})`,
    );
    expect(text).toContain(
      `We will offer you an appointment with a psychologist in the team. (by ${psychDue().words})`,
    );
    for (const jargon of ['CBT-informed', 'catastrophising', 'TSK', 'Pt reports', 'Reduce oxycodone MR'])
      expect(text, jargon).not.toContain(jargon);
    expect(text).not.toMatch(/^Amended:/m);
    expect(text).toContain('Your GP, Riverside Surgery\nDr Jane Rao, who referred you to us');
    await screenshot(page, 'mdt-letters-02-patient');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('an amended outcome supersedes its letters: watermarked, no Print button, refused print and send', async () => {
    // The GP letter goes out first.
    await preview.seed('mdt:letter:markSent', { letterId: letterId('gp') }, 'seed-coord');
    const outcomeId = sqlite()
      .prepare('SELECT id FROM mdt_outcomes ORDER BY id LIMIT 1')
      .pluck()
      .get() as number;
    await preview.seed(
      'mdt:outcome:amend',
      {
        outcomeId,
        reason: 'Psychology review before the taper',
        change: { kind: 'recommendation', summary: 'Psychology review, then taper.' },
      },
      'seed-chair',
    );
    const oldId = letterId('gp', true);
    await page.goto(`${base()}#/mdt/letters/${oldId}/print`);
    await page.reload(); // this page read the letter before the amendment (made outside the browser)
    const letter = page.getByRole('article', { name: 'Letter' });
    await letter.waitFor();
    // The readable line in the letter (the page changes letter in place: wait for it).
    await letter.locator('p.mdt-letter-warning', { hasText: 'Superseded – do not use' }).waitFor();
    await page
      .getByText(
        'This letter was superseded when the outcome was amended: it cannot be printed or sent as current.',
      )
      .waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Print' }).count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => page.locator('.mdt-watermark').isVisible(), { timeout: 30_000 }).toBe(true);
    // In print too: the watermark stays.
    await page.emulateMedia({ media: 'print' });
    await expect.poll(() => page.locator('.mdt-watermark').isVisible(), { timeout: 30_000 }).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    await screenshot(page, 'mdt-letters-03-superseded');
    expect(await axeViolations(page)).toEqual([]);
    // The host's print and the list's "Mark sent" are refused for it, as the coordinator.
    await expect(
      preview.seed('audit:print', { kind: 'mdt-letter', id: oldId, output: 'browser-print' }, 'seed-coord'),
    ).rejects.toThrow(
      'This letter was superseded when the outcome was amended: print the current version instead.',
    );
    await expect(preview.seed('mdt:letter:markSent', { letterId: oldId }, 'seed-coord')).rejects.toThrow(
      'This letter was superseded when the outcome was amended: send the current version instead.',
    );
    // The current version is one link away, printable, and says why it replaces the earlier letter.
    await page.getByRole('link', { name: 'Open the current version' }).click();
    await page.getByRole('button', { name: 'Print' }).waitFor();
    const current = await page.getByRole('article', { name: 'Letter' }).innerText();
    expect(current).not.toContain('Superseded – do not use');
    expect(current).toContain(
      `This letter replaces the one we sent on ${today().words} because the MDT outcome was amended: Psychology review before the taper. Please act on this letter and not the earlier one.`,
    );
  });
});
