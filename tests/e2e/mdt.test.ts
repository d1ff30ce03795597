import type { Browser, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateGb, londonToday } from '../../shared/dates';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { closeAll, newPage, seedStaff, signInThroughUi } from './staff';

/** Staff passwords in these scenarios (a password may not contain the username: issue 17). */
const E2E_PASSWORD = 'amber kettle lantern harbour';

/**
 * Issue 3 scenario in the real renderer: a coordinator refers two patients and builds the list; the chair
 * runs the meeting in presentation mode from the keyboard, records attendance with one member leaving
 * early, records outcomes and actions (autosaved: a reload loses nothing), finishes the meeting, and the
 * GP letter's print view is produced and its text checked.
 */
let browser: Browser;
let preview: PreviewFixture;
let page: Page;
const patients: number[] = [];
const count = (table: string) =>
  preview.dispatcher.conn.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

const seed = (channel: string, payload: unknown, session = 'seed') =>
  preview.seed<{ id: number }>(channel, payload, session);

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  await seedStaff(
    preview,
    (
      [
        ['lmills', 'Lee Mills', 'coordinator'],
        ['apatel', 'Asha Patel', 'consultant'],
        ['pgreen', 'Priya Green', 'psychologist'],
        ['tnowak', 'Tom Nowak', 'physiotherapist'],
        ['sjones', 'Sam Jones', 'nurse'],
      ] as const
    ).map(([username, displayName, role]) => ({
      username,
      displayName,
      role,
      password: E2E_PASSWORD,
    })),
    { signIn: { lmills: 'seed-coord' } },
  );
  for (const [nhsNumber, surname] of [
    ['943 476 5919', 'Smith'],
    ['401 023 2137', 'Okafor'],
  ] as const) {
    patients.push(
      (
        await seed(
          'patients:create',
          {
            nhsNumber,
            surname,
            forename: 'Jo',
            dateOfBirth: '1970-03-01',
            sex: 'female',
            gpPractice: 'Riverside Surgery',
            diagnosisSite: 'Lower back',
            allergies: [],
          },
          'seed-coord',
        )
      ).id,
    );
  }
  // Rehabilitation for the first patient: the case summary shows the latest GAS review and measures.
  await seed('auth:signIn', { username: 'tnowak', password: E2E_PASSWORD }, 'seed-physio');
  const plan = await seed(
    'rehab:createPlan',
    {
      patientId: patients[0],
      pathway: 'physiotherapy',
      referralDate: '2026-01-05',
      treatmentStartDate: '2026-02-02',
    },
    'seed-physio',
  );
  const goal = await seed(
    'rehab:addGoal',
    {
      planId: plan.id,
      goal: {
        whatMatters: 'I want to walk the dog again',
        activity: 'walk the dog',
        measure: 'minutes',
        target: '20 minutes',
        setOn: '2026-02-02',
        targetDate: '2026-06-30',
        domain: 'mobility',
        baseline: -1,
        levelMinus2: 'Not at all',
        levelMinus1: '5 minutes',
        levelZero: '20 minutes',
        levelPlus1: '30 minutes',
        levelPlus2: '45 minutes',
      },
    },
    'seed-physio',
  );
  await seed(
    'rehab:review',
    {
      planId: plan.id,
      reviewDate: '2026-04-01',
      ratings: [{ goalId: goal.id, outcome: 'achieved as expected' }],
    },
    'seed-physio',
  );
  for (const [timePoint, administeredOn, answers] of [
    ['referral', '2026-01-05', [3, 3, 2, 2, 2, 2, 2, 2, 0]],
    ['treatment-start', '2026-04-01', [1, 1, 1, 1, 1, 1, 1, 1, 0]],
  ] as const) {
    await seed(
      'rehab:recordMeasure',
      { patientId: patients[0], measure: 'PHQ-9', timePoint, administeredOn, answers: [...answers] },
      'seed-physio',
    );
  }
  page = await newPage(browser);
}, 60_000);
afterAll(() => closeAll(browser, preview));

const signIn = (username: string) => signInThroughUi(page, preview, username, E2E_PASSWORD);

/** Focus and press Enter: the chair drives the meeting from the keyboard. */
async function press(locator: ReturnType<Page['getByRole']>) {
  await locator.focus();
  await page.keyboard.press('Enter');
}

/**
 * The confirm step (issue 16 decision): the chair opens the patient letter, reads it, and confirms from under
 * it. The Confirm button takes the focus when the letter appears, so Enter confirms.
 */
async function confirmThroughLetter(): Promise<string> {
  await press(page.getByRole('button', { name: 'Check the patient letter and confirm' }));
  const letter = page.getByRole('region', { name: 'Patient letter to confirm' });
  await letter.waitFor({ timeout: 10_000 });
  const text = await letter.innerText();
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
    .toBe('Confirm outcome');
  await page.keyboard.press('Enter');
  return text;
}

/**
 * A case referred after the cut-off is a late addition (whether it is depends on the weekday the tests run):
 * the chair approves it with L, without leaving presentation mode.
 */
async function approveLateIfAsked() {
  const approve = page.getByRole('button', { name: 'Approve late addition (L)' });
  if (!(await approve.isVisible())) return;
  await blur();
  await page.keyboard.press('l');
  await approve.waitFor({ state: 'hidden' });
}

async function blur() {
  await page.evaluate('document.activeElement && document.activeElement.blur()');
}

describe('MDT meeting in the browser preview', () => {
  it('a coordinator refers two patients from their records', async () => {
    await signIn('lmills');
    for (const [i, id] of patients.entries()) {
      await page.goto(`${preview.server.url.split('?')[0]}#/patients/${id}`);
      await page.getByRole('tab', { name: 'MDT' }).click();
      await page.getByRole('button', { name: 'Refer to the MDT' }).click();
      const form = page.getByRole('form', { name: 'Refer to the MDT' });
      if (i === 0) {
        // The question is required: refused with the message next to the field.
        await form.getByLabel('Meeting').selectOption({ label: 'Complex pain MDT (example)' });
        await form.getByRole('button', { name: 'Refer' }).click();
        await form.getByText('Write the question for the MDT.').waitFor();
        await screenshot(page, 'mdt-01-referral-refused');
        expect(await axeViolations(page)).toEqual([]);
      }
      await form
        .getByLabel('Question for the MDT')
        .fill(
          i === 0
            ? 'Is a spinal cord stimulator trial appropriate?'
            : 'Suitable for the pain management programme?',
        );
      await form
        .getByLabel('Reason')
        .selectOption(i === 0 ? 'neuromodulation-assessment' : 'pmp-suitability');
      await form.getByLabel('Meeting').selectOption({ label: 'Complex pain MDT (example)' });
      await form.getByLabel('Presenter').selectOption({ label: 'Asha Patel' });
      await form
        .getByLabel('What matters to the patient')
        .fill(i === 0 ? 'Walking the dog again' : 'Getting back to work');
      await form.getByLabel('The patient knows they are being discussed').check();
      await form.getByRole('button', { name: 'Refer' }).click();
      await page
        .getByRole('cell', { name: /Complex pain MDT/ })
        .first()
        .waitFor();
    }
    expect(count('mdt_listings')).toBe(2);
  });

  it('builds the list: order by keyboard buttons, minutes and the running total', async () => {
    await page.getByRole('link', { name: 'MDT meetings' }).click();
    await page.getByRole('link', { name: /09:00/ }).first().click();
    await page.getByRole('table', { name: 'Meeting list' }).waitFor();
    await page.getByRole('button', { name: 'Move OKAFOR, Jo up' }).click();
    await expect
      .poll(() => page.getByRole('table', { name: 'Meeting list' }).locator('tbody tr').first().innerText())
      .toContain('OKAFOR');
    await page.getByRole('button', { name: 'Move SMITH, Jo up' }).click();
    await expect
      .poll(() => page.getByRole('table', { name: 'Meeting list' }).locator('tbody tr').first().innerText())
      .toContain('SMITH');
    await page.getByText('Planned: 20 of 120 minutes').waitFor();
    await screenshot(page, 'mdt-02-meeting-list');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign out' }).click();
  });

  it('the chair runs the meeting in presentation mode from the keyboard', async () => {
    // The meeting day arrives: cases are discussed and outcomes confirmed on the day (issue 16).
    const today = londonToday();
    preview.dispatcher.conn.sqlite
      .prepare(
        `UPDATE mdt_meetings SET meeting_date = ?, start_local = ?, start_at = ?
         WHERE id = (SELECT min(id) FROM mdt_meetings WHERE status = 'planned')`,
      )
      .run(today, `${today}T09:00`, new Date(`${today}T09:00:00Z`).toISOString());
    await signIn('apatel');
    await page.getByRole('link', { name: 'MDT meetings' }).click();
    await page.getByRole('link', { name: /09:00/ }).first().click();
    await press(page.getByRole('link', { name: 'Run the meeting' }));
    await page.getByRole('heading', { name: /Presentation/ }).waitFor();
    // Attendance: everyone present.
    for (const name of ['Asha Patel', 'Priya Green', 'Tom Nowak', 'Sam Jones']) {
      await page.getByLabel(`Attendance of ${name}`).selectOption('present');
      await page.getByRole('button', { name: `${name} left now` }).waitFor();
    }
    // Case 1 (SMITH): start, type the outcome, add an action.
    await page.getByRole('heading', { name: 'SMITH, Jo' }).waitFor();
    await approveLateIfAsked();
    await press(page.getByRole('button', { name: 'Start discussing SMITH, Jo' }));
    await page.getByText('Quorum met').first().waitFor();
    await page.getByLabel("Outcome in the MDT's words").focus();
    await page.keyboard.type('Offer a spinal cord stimulator trial.');
    await press(page.getByRole('button', { name: 'Add an action' }));
    await page.getByLabel('Action 1', { exact: true }).focus();
    await page.keyboard.type('Book SCS trial assessment');
    await page.getByLabel('Owner of action 1').selectOption({ label: 'Asha Patel' });
    await page.getByLabel('Due date of action 1').fill('2026-12-15');
    await page.getByLabel('Review date').fill('2027-03-01');
    await page.getByText(/Draft saved/).waitFor();
    // The case summary carries the rehab section: GAS "on n of m goals" and the latest measures.
    await page.getByText(/T-score 50\.0 on 1 of 1 goal/).waitFor();
    await page
      .getByRole('table', { name: 'Latest outcome measures' })
      .getByText('meaningful change')
      .waitFor();
    await screenshot(page, 'mdt-03-presentation');
    expect(await axeViolations(page)).toEqual([]);
    const patientLetter = await confirmThroughLetter();
    expect(patientLetter).toContain('Dear Jo Smith,');
    await page
      .getByText('Outcome confirmed.')
      .waitFor({ timeout: 8000 })
      .catch(async (e: unknown) => {
        await screenshot(page, 'mdt-debug-confirm');
        throw e;
      });

    // The psychologist leaves early; the next case is discussed without them.
    await press(page.getByRole('button', { name: 'Priya Green left now' }));
    await page.getByRole('button', { name: 'Priya Green rejoined now' }).waitFor();
    await blur();
    await page.keyboard.press('n');
    await page.getByRole('heading', { name: 'OKAFOR, Jo' }).waitFor();
    await page.keyboard.press('p');
    await page.getByRole('heading', { name: 'SMITH, Jo' }).waitFor();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('heading', { name: 'OKAFOR, Jo' }).waitFor();
    await approveLateIfAsked();
    await press(page.getByRole('button', { name: 'Start discussing OKAFOR, Jo' }));
    await page.getByLabel("Outcome in the MDT's words").focus();
    await page.keyboard.type('Suitable for the pain management programme.');
    await page.getByText(/Draft saved/).waitFor();
    // Killing the app loses nothing typed: reload and the draft is there.
    await page.reload();
    await page.getByRole('heading', { name: /Presentation/ }).waitFor();
    await blur();
    await page.keyboard.press('n');
    await page.getByRole('heading', { name: 'OKAFOR, Jo' }).waitFor();
    await expect
      .poll(() => page.getByLabel("Outcome in the MDT's words").inputValue())
      .toBe('Suitable for the pain management programme.');
    // Confirming needs an action or an explicit "no action".
    await confirmThroughLetter();
    await page
      .getByText(/Add at least one action/)
      .first()
      .waitFor();
    await page.getByLabel('No action needed').focus();
    await page.keyboard.press('Space');
    // Ticking "No action needed" changed the outcome, so the letter is shown again before Confirm.
    await confirmThroughLetter();
    await page.getByText(/Outcome confirmed|Confirmed with a warning/).waitFor();
    const snapshots = preview.dispatcher.conn.sqlite
      .prepare(`SELECT quorum_json FROM mdt_outcomes WHERE status = 'confirmed' ORDER BY id`)
      .pluck()
      .all() as string[];
    const present = snapshots.map((s) =>
      (JSON.parse(s) as { present: { name: string }[] }).present.map((p) => p.name).sort(),
    );
    expect(present[0]).toContain('Priya Green');
    expect(present[1]).not.toContain('Priya Green');
    // Sam Jones (nurse) now deputises for the psychologist, who left: counted as the psychologist, live.
    await page.getByLabel('Attendance of Sam Jones').selectOption('deputy');
    await page.getByLabel('Sam Jones is deputy for').selectOption({ label: 'Priya Green (psychologist)' });
    await page.getByText(/Deputy for Priya Green \(counts as psychologist while they are away\)/).waitFor();
    await page
      .getByText(/Sam Jones as psychologist/)
      .first()
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'mdt-04-second-case');
  });

  it('finishes the meeting and produces the GP letter print view', async () => {
    await press(page.getByRole('button', { name: 'Finish meeting…' }));
    await page.getByRole('region', { name: 'Finish the meeting' }).waitFor();
    await press(page.getByRole('button', { name: /^Finish (the meeting|and carry)/ }));
    await page.getByRole('table', { name: 'Letters' }).waitFor();
    expect(count('mdt_letters')).toBe(6);
    await screenshot(page, 'mdt-05-letters');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Print view: GP letter for SMITH, Jo' }).click();
    const letter = page.getByRole('article', { name: 'Letter' });
    await letter.waitFor();
    const text = await letter.innerText();
    expect(text).toContain('Re: Jo Smith, date of birth 1 March 1970, NHS number 943 476 5919');
    expect(text).toContain('Question for the MDT: Is a spinal cord stimulator trial appropriate?');
    expect(text).toContain('Offer a spinal cord stimulator trial.');
    expect(text).toContain('Book SCS trial assessment (owner: Asha Patel; due 15 December 2026)');
    expect(text).toContain('- Psychologist');
    await page.emulateMedia({ media: 'print' });
    await expect
      .poll(() => page.getByRole('button', { name: 'Sign out' }).isVisible(), { timeout: 30_000 })
      .toBe(false);
    await screenshot(page, 'mdt-06-gp-letter-print');
    await page.emulateMedia({ media: 'screen' });
    expect(await axeViolations(page)).toEqual([]);

    // The GP letter as a PDF from Chromium's print engine (the preview's print route), its text checked.
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text: pdfText } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), {
      mergePages: true,
    });
    const flat = pdfText.replace(/\s+/g, ' ');
    const meetingDate = preview.dispatcher.conn.sqlite
      .prepare(`SELECT meeting_date FROM mdt_meetings ORDER BY id LIMIT 1`)
      .pluck()
      .get() as string;
    const dateGb = new Date(`${meetingDate}T12:00:00Z`).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'Europe/London',
    });
    for (const expected of [
      'Re: Jo Smith',
      `discussed your patient on`,
      dateGb,
      'Pain consultant',
      'Psychologist',
      'Physiotherapist',
      'Clinical nurse specialist',
      'Question for the MDT: Is a spinal cord stimulator trial appropriate?',
      'Outcome: Recommendation',
      'Offer a spinal cord stimulator trial.',
      'Book SCS trial assessment (owner: Asha Patel; due 15 December 2026)',
      'Review date: 1 March 2027',
    ]) {
      expect(flat, expected).toContain(expected);
    }
    expect(flat).not.toContain('{{');
    expect(flat).not.toContain('[missing');

    // The minutes of the finished meeting: reached from the meeting page, printed through the same engine.
    const firstMeetingId = preview.dispatcher.conn.sqlite
      .prepare(`SELECT id FROM mdt_meetings ORDER BY id LIMIT 1`)
      .pluck()
      .get() as number;
    await page.goto(`${preview.server.url.split('?')[0]}#/mdt/meetings/${firstMeetingId}`);
    await press(page.getByRole('link', { name: 'Minutes' }));
    const minutes = page.getByRole('article', { name: 'Meeting minutes' });
    await minutes.waitFor();
    const minutesText = await minutes.innerText();
    expect(minutesText).toContain('SMITH, Jo');
    expect(minutesText).toContain('Offer a spinal cord stimulator trial.');
    await screenshot(page, 'mdt-06b-minutes');
    expect(await axeViolations(page)).toEqual([]);
    // Print media, as the desktop host's printToPDF uses (the letter check above left 'screen' emulated).
    await page.emulateMedia({ media: 'print' });
    const minutesPdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(minutesPdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text: minutesPdfText } = await extractText(await getDocumentProxy(new Uint8Array(minutesPdf)), {
      mergePages: true,
    });
    const minutesFlat = minutesPdfText.replace(/\s+/g, ' ');
    for (const expected of [
      'Minutes:',
      formatDateGb(meetingDate),
      'Chair:',
      'Attendance',
      'Asha Patel',
      'Priya Green',
      'Psychologist',
      'Cases discussed',
      'SMITH, Jo',
      'Question: Is a spinal cord stimulator trial appropriate?',
      'Outcome: Recommendation: Offer a spinal cord stimulator trial.',
      'Review date: 01-Mar-2027',
      'Quorum: met',
      'Book SCS trial assessment',
      'OKAFOR, Jo',
      'Suitable for the pain management programme.',
      'Actions: no action.',
      'Cases not discussed',
    ]) {
      expect(minutesFlat, expected).toContain(expected);
    }
    expect(minutesFlat).not.toContain('Sign out');
    await page.emulateMedia({ media: null });
  });

  it('shows the chair their actions, the dashboard, and the amendment of an outcome', async () => {
    await page.getByRole('link', { name: 'MDT meetings' }).click();
    await page.getByRole('link', { name: 'Worklists' }).click();
    await page.getByRole('table', { name: 'My actions' }).getByText('Book SCS trial assessment').waitFor();
    await screenshot(page, 'mdt-07-worklist');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('table', { name: 'Per month' }).waitFor();
    await screenshot(page, 'mdt-08-dashboard');
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${preview.server.url.split('?')[0]}#/patients/${patients[0]!}`);
    await page.getByRole('tab', { name: 'MDT' }).click();
    await page.getByRole('button', { name: 'Amend outcome' }).click();
    await page
      .getByLabel('Amended outcome')
      .fill('Offer a spinal cord stimulator trial after a psychology review.');
    await page.getByRole('button', { name: 'Save new version' }).click();
    await page.getByText('Give the reason for the amendment.').waitFor();
    await page.getByLabel('Reason for the amendment').fill('Psychology review agreed after the meeting');
    await page.getByRole('button', { name: 'Save new version' }).click();
    await page.getByText(/v2, confirmed/).waitFor();
    await page.getByText(/Amended .* Psychology review agreed after the meeting/).waitFor();
    await screenshot(page, 'mdt-09-amended');
    expect(await axeViolations(page)).toEqual([]);
    // The letters of version 1 are kept (as they were) and superseded; version 2's say why.
    const letters = preview.dispatcher.conn.sqlite
      .prepare(`SELECT count(*) FROM mdt_letters WHERE superseded_at IS NOT NULL`)
      .pluck()
      .get() as number;
    expect(letters).toBe(3);
    const meetingId = preview.dispatcher.conn.sqlite
      .prepare(`SELECT id FROM mdt_meetings ORDER BY id LIMIT 1`)
      .pluck()
      .get() as number;
    await page.goto(`${preview.server.url.split('?')[0]}#/mdt/meetings/${meetingId}/letters`);
    await page.reload(); // a fresh list (not the one cached when the meeting finished)
    await page
      .getByText(/Amended \(version 2\): Psychology review agreed after the meeting/)
      .first()
      .waitFor();
    await page
      .getByText(/superseded/)
      .first()
      .waitFor();
    await screenshot(page, 'mdt-10-letters-after-amendment');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('a clinical lead edits a meeting type (core members, quorum rules) and a letter template', async () => {
    await page.getByRole('link', { name: 'Meeting types' }).click();
    await page.getByRole('table', { name: 'Meeting types' }).waitFor();
    await screenshot(page, 'mdt-11-meeting-types');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Edit Complex pain MDT (example)' }).click();
    const form = page.getByRole('form', { name: 'Edit Complex pain MDT (example)' });
    await form.getByLabel('Priya Green (psychologist)').check();
    await form.getByLabel('Asha Patel (consultant)').check();
    await form.getByLabel('Length (minutes)').fill('90');
    await screenshot(page, 'mdt-12-meeting-type-form');
    expect(await axeViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Save meeting type' }).click();
    await page
      .getByRole('table', { name: 'Meeting types' })
      .getByText(/Core: Asha Patel, Priya Green|Core: Priya Green, Asha Patel/)
      .waitFor();

    await page.getByRole('link', { name: 'Letter templates' }).click();
    await page.getByRole('table', { name: 'Letter template versions' }).waitFor();
    await page.getByRole('button', { name: 'New version (GP)' }).click();
    const editor = page.getByRole('form', { name: 'New template version' });
    const body = editor.getByLabel('Letter text');
    await body.fill(`${await body.inputValue()}\nP.S. {{favouriteColour}}`);
    await editor.getByLabel('What changed in this version').fill('Postscript');
    await editor.getByRole('button', { name: 'Approve and save version' }).click();
    await editor
      .getByText(/Unknown placeholder \{\{favouriteColour\}\}/)
      .first()
      .waitFor();
    await screenshot(page, 'mdt-13-template-refused');
    expect(await axeViolations(page)).toEqual([]);
    await body.fill(
      (await body.inputValue()).replace('P.S. {{favouriteColour}}', 'P.S. Call us on {{contactDetails}}'),
    );
    await editor.getByRole('button', { name: 'Approve and save version' }).click();
    await page
      .getByRole('cell', { name: /v2\.1\.0/ })
      .first()
      .waitFor();
    await screenshot(page, 'mdt-14-templates');
    expect(await axeViolations(page)).toEqual([]);
  });
});
