import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays as addDays, calendarDaysBetween } from '../../shared/clinical/calendar';
import { londonToday } from '../../shared/dates';
import { readyRecord } from '../helpers/seed';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { closeAll, newPage, PASSWORD, seedStaff, signInThroughUi } from './staff';

/**
 * Issue 5 end to end in the browser preview: a patient on apixaban (on their medicines list) is listed for a
 * spinal cord stimulator trial, the apixaban and its hold plan come from the medicines list, blocked until a
 * creatinine clearance is recorded, the pharmacist approves the hold plan, the nurse
 * finds a slot and books, sees the calendar utilisation and "fill this session", is refused an overbooking
 * with the reason (and the free minutes), and
 * records the day and the outcome at follow-up.
 */
let browser: Browser;
let preview: PreviewFixture;
let nurse: Page;
let pharmacist: Page;
const today = londonToday();
let patientId = 0;
let otherRequestId = 0;
let consultantId = 0;
let apixaban: { itemId?: unknown; version: number } = { version: 0 };

const seed = (channel: string, payload: unknown, session = 'seed') =>
  preview.seed<Record<string, unknown> & { id: number; version: number }>(channel, payload, session);

const signIn = (page: Page, username: string) =>
  signInThroughUi(page, preview, username, PASSWORD, { waitForForm: true });

async function noAxe(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
}

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  const staff = await seedStaff(
    preview,
    [
      { username: 'apatel', displayName: 'Dr Asha Patel', role: 'consultant' },
      { username: 'sjones', displayName: 'Sarah Jones', role: 'nurse' },
      { username: 'kbaker', displayName: 'Kiran Baker', role: 'pharmacist' },
    ],
    { signIn: { sjones: 'nurse-seed' } },
  );
  consultantId = staff.apatel!;
  const p = await seed(
    'patients:create',
    {
      nhsNumber: '9434765919',
      surname: 'Smith',
      forename: 'Jo',
      dateOfBirth: '1961-04-02',
      sex: 'female',
      allergies: [{ agent: 'Penicillin', reaction: 'Rash' }],
    },
    'nurse-seed',
  );
  patientId = p.id;
  // Apixaban is on the patient's medicines list (the medicines module): the hold plan reads it from there.
  apixaban = await seed(
    'meds:add',
    {
      patientId,
      medicine: {
        formularyId: 'apixaban-tablet',
        strength: '5 mg',
        doseKind: 'regular',
        doseMg: 5,
        timesPerDay: 2,
        startDate: '2024-02-01',
        prescriber: 'gp',
        indication: 'Atrial fibrillation',
      },
    },
    'nurse-seed',
  );
  const other = await seed(
    'patients:create',
    {
      nhsNumber: '9876543210',
      surname: 'Okafor',
      forename: 'Ade',
      dateOfBirth: '1958-09-12',
      sex: 'male',
      allergies: [],
    },
    'nurse-seed',
  );
  // Today's theatre list (2 hours) and a later one; a second SCS trial patient already ready for the list.
  await seed(
    'interventions:createSession',
    {
      date: today,
      start: '08:00',
      end: '10:00',
      room: 'Theatre 3',
      setting: 'theatre',
      clinicianId: consultantId,
      radiographer: 'R. Green',
      equipment: ['fluoroscopy', 'stimulator-kit-and-rep'],
      unavailableMinutes: 0,
      turnaroundMinutes: 15,
    },
    'nurse-seed',
  );
  // A patient listed 110 days ago: breach date in 16 days, so at risk of breaching.
  const late = await seed(
    'patients:create',
    {
      nhsNumber: '9000000009',
      surname: 'Ahmed',
      forename: 'Sami',
      dateOfBirth: '1975-03-30',
      sex: 'male',
      allergies: [],
    },
    'nurse-seed',
  );
  await seed(
    'interventions:request',
    {
      patientId: late.id,
      procedureCode: 'MBB_L',
      side: 'bilateral',
      site: 'L4-5, L5-S1',
      indication: 'Suspected facet joint pain, moderate to severe, 8 months',
      priority: 'P3',
      requestedClinicianId: consultantId,
      rttClockStart: addDays(today, -110),
    },
    'nurse-seed',
  );
  // A list four weeks ahead, for "fill this session".
  await seed(
    'interventions:createSession',
    {
      date: addDays(today, 28),
      start: '13:00',
      end: '17:00',
      room: 'Theatre 1',
      setting: 'theatre',
      clinicianId: consultantId,
      radiographer: 'M. Osei',
      equipment: ['fluoroscopy', 'stimulator-kit-and-rep'],
      unavailableMinutes: 30,
      turnaroundMinutes: 15,
    },
    'nurse-seed',
  );
  const r = await seed(
    'interventions:request',
    {
      patientId: other.id,
      procedureCode: 'SCS_TRIAL',
      side: 'midline',
      site: 'T9-T10',
      indication: 'Failed back surgery syndrome, neuropathic leg pain',
      priority: 'P2',
      requestedClinicianId: consultantId,
      rttClockStart: today,
    },
    'nurse-seed',
  );
  const ready = readyRecord({
    consentStage1Date: today,
    consentLeafletVersion: 'SCS v3',
    mrsaScreenDate: today,
  });
  await seed(
    'interventions:updateReadiness',
    { id: r.id, version: r.version, readiness: ready },
    'nurse-seed',
  );
  otherRequestId = r.id;

  nurse = await newPage(browser);
  pharmacist = await newPage(browser);
}, 60_000);
afterAll(() => closeAll(browser, preview));

describe('Intervention scheduling in the browser preview', () => {
  it('lists a patient on apixaban for an SCS trial and shows the block until a creatinine clearance is recorded', async () => {
    await signIn(nurse, 'sjones');
    await nurse.goto(`${preview.server.url.split('?')[0]}#/patients/${patientId}`);
    await nurse.getByRole('tab', { name: 'Interventions' }).click();
    const form = nurse.getByRole('form', { name: 'List for a procedure' });
    await form.getByLabel('Procedure').selectOption('SCS_TRIAL');
    await form.getByLabel('Side').selectOption('midline');
    await form.getByLabel('Level or target').fill('T8-T10');
    await form.getByLabel('Indication').fill('Neuropathic leg pain after spinal surgery (NICE TA159)');
    await form.getByLabel('Requested clinician').selectOption({ label: 'Dr Asha Patel' });
    await form.getByLabel('RTT clock start').fill(today);
    await form.getByRole('button', { name: 'Add to the waiting list' }).click();
    await nurse.getByRole('heading', { name: /Spinal cord stimulator trial/ }).waitFor();

    const rf = nurse.getByRole('form', { name: 'Readiness record' });
    await rf.getByLabel('Eligibility (NICE / EBI / commissioner)').selectOption('passed');
    await rf.getByLabel('Consent stage 1 date').fill(today);
    await rf.getByLabel('Information leaflet version').fill('SCS-TRIAL v3');
    for (const label of [
      'Baseline pain, function and PGIC recorded',
      'Antithrombotic medicines reviewed',
      'Allergies reviewed (read from the patient record)',
      'Implanted devices asked about (none, or plan recorded)',
      'Pregnancy enquiry arranged (IR(ME)R)',
      'Procedure-specific exclusions reviewed',
      'Sedation planned',
      'Fasting instructions given',
      'Escort confirmed',
      'Airway assessed',
    ])
      await rf.getByLabel(label, { exact: true }).check();
    await rf.getByLabel('Current infection').selectOption('no');
    await rf.getByLabel('MRSA screen date').fill(today);
    await rf.getByLabel('MRSA screen result').selectOption('negative');
    await rf.getByLabel('ASA grade').selectOption('2');
    await rf.getByRole('button', { name: 'Save readiness' }).click();
    await nurse.getByTestId('readiness-mrsa-screen').getByText('OK').waitFor();

    // Apixaban comes from the medicines list, with usual dose times from "twice a day".
    const plans = nurse.getByRole('table', { name: 'Hold plans' });
    await plans.getByText('From the medicines list').waitFor();
    await plans.getByText('Apixaban tablets 5 mg twice a day · doses at 08:00, 20:00').waitFor();
    await nurse.getByTestId('readiness-renal-function').getByText('Hard block').waitFor();
    await expect
      .poll(() => nurse.getByTestId('ready-badge').textContent(), { timeout: 30_000 })
      .toBe('Not ready');
    await expect
      .poll(
        () =>
          nurse
            .getByRole('alert')
            .or(nurse.getByText(/needs a creatinine clearance/).first())
            .first()
            .isVisible(),
        { timeout: 30_000 },
      )
      .toBe(true);
    await screenshot(nurse, 'interventions-1-blocked-no-crcl');
    await noAxe(nurse);

    await rf.getByLabel('Creatinine clearance, Cockcroft-Gault (mL/min)').fill('64');
    await rf.getByLabel('Creatinine clearance date').fill(today);
    await rf.getByRole('button', { name: 'Save readiness' }).click();
    await nurse.getByTestId('readiness-renal-function').getByText('OK').waitFor();
    await nurse.getByText('Needs prescriber approval', { exact: true }).waitFor();
    await expect
      .poll(() => nurse.getByText(/Hold 120 h before the start/).isVisible(), { timeout: 30_000 })
      .toBe(true);
  });

  it('the pharmacist approves the hold plan (recorded as the signer)', async () => {
    const url = nurse.url();
    await signIn(pharmacist, 'kbaker');
    await pharmacist.goto(url);
    // An approval is for one procedure start (issue 14): the pharmacist approves it for a chosen session.
    await pharmacist.getByLabel('Patient agrees to less than 3 weeks’ notice').check();
    await pharmacist.getByRole('button', { name: 'Find a slot' }).click();
    const slotTable = pharmacist.getByRole('table', { name: 'Available sessions, best first' });
    await slotTable
      .getByText(/needs prescriber approval/)
      .first()
      .waitFor();
    await slotTable.getByRole('button', { name: 'Approve hold plans for this date' }).first().click();
    await pharmacist.getByText(/Approved for .* by Kiran Baker/).waitFor();
    // The penicillin allergy on the record is a warning: the pharmacist approves an override with a reason.
    await expect
      .poll(() => pharmacist.getByTestId('readiness-other-allergies').textContent(), { timeout: 30_000 })
      .toMatch(/Penicillin \(Rash\)/);
    // Each open item is overridden on its own, with its own reason (issue 14).
    const override = pharmacist.getByRole('form', { name: /^Override: Other allergies/ });
    await override
      .getByLabel(/Reason to override/)
      .fill('Teicoplanin prophylaxis planned instead of penicillin');
    await override.getByRole('button', { name: /^Override Other allergies/ }).click();
    await pharmacist.getByText(/override approved by Kiran Baker/).waitFor();
    await expect
      .poll(() => pharmacist.getByTestId('ready-badge').textContent(), { timeout: 30_000 })
      .toBe('Ready to book');
    await screenshot(pharmacist, 'interventions-2-hold-approved');
    await noAxe(pharmacist);
  });

  it('finds a slot and books; the calendar shows the utilisation', async () => {
    // Today's list is too soon for a 120 h apixaban hold (refused, issue 14). For the rest of this walk-through
    // the cardiologist stops apixaban, so the patient can go on today's list.
    await seed(
      'meds:stop',
      {
        itemId: apixaban.itemId,
        version: apixaban.version,
        stoppedOn: today,
        reason: 'Stopped by cardiology',
      },
      'nurse-seed',
    );
    await nurse.reload();
    await expect
      .poll(() => nurse.getByTestId('ready-badge').textContent(), { timeout: 30_000 })
      .toBe('Ready to book');
    await nurse.getByLabel('Patient agrees to less than 3 weeks’ notice').check();
    await nurse.getByRole('button', { name: 'Find a slot' }).click();
    const slots = nurse.getByRole('table', { name: 'Available sessions, best first' });
    await slots.waitFor();
    await screenshot(nurse, 'interventions-3-find-a-slot');
    await noAxe(nurse);
    await slots.getByRole('button').first().click();
    await nurse
      .getByRole('region', { name: /Booking/ })
      .or(nurse.getByText(/planned 90 min/))
      .first()
      .waitFor();

    await nurse.getByRole('link', { name: 'Sessions calendar' }).click();
    await nurse.getByText(/75% used \(90 of 120 min; 30 free\)/).waitFor();
    await expect
      .poll(() => nurse.getByTestId('week-utilisation').textContent(), { timeout: 30_000 })
      .toMatch(/utilisation 75%/);
    await screenshot(nurse, 'interventions-4-calendar');
    await noAxe(nurse);

    // Four weeks on: "fill this session" offers the ready waiting patient, by priority and breach date.
    for (let i = 0; i < 4; i += 1) await nurse.getByRole('button', { name: 'Next week' }).click();
    await nurse.getByText(/0% used \(0 of 210 min; 210 free\)/).waitFor();
    await nurse.getByRole('button', { name: 'Fill this session' }).click();
    const fill = nurse.getByRole('table', { name: 'Patients who fit this session' });
    await fill.getByRole('link', { name: 'OKAFOR, Ade' }).waitFor();
    await fill.getByText('Ready', { exact: true }).waitFor();
    await fill.getByRole('button', { name: 'Book OKAFOR, Ade' }).waitFor();
    await screenshot(nurse, 'interventions-4b-fill-session');
    await noAxe(nurse);
    await nurse.keyboard.press('Escape');
  });

  it('refuses an overbooking with the reason', async () => {
    const before = preview.dispatcher.conn.sqlite
      .prepare('SELECT count(*) FROM intervention_bookings')
      .pluck()
      .get();
    await nurse.goto(`${preview.server.url.split('?')[0]}#/interventions/requests/${otherRequestId}`);
    await nurse.getByLabel('Patient agrees to less than 3 weeks’ notice').check();
    await nurse.getByLabel('Or choose a session on').fill(today);
    await nurse.getByRole('button', { name: 'Book onto Theatre 3 08:00' }).click();
    const alert = nurse.getByRole('alert').filter({ hasText: 'overbooks' });
    await alert.waitFor();
    await expect
      .poll(() => alert.textContent(), { timeout: 30_000 })
      .toMatch(
        /overbooks the session by 75 minutes \(195 of 120 bookable minutes\)\. The session has 30 minutes free; this case needs 105 minutes \(the case's 90 and 15 minutes' turnaround\)\./,
      );
    expect(
      preview.dispatcher.conn.sqlite.prepare('SELECT count(*) FROM intervention_bookings').pluck().get(),
    ).toBe(before);
    await screenshot(nurse, 'interventions-5-overbooking-refused');
    await noAxe(nurse);
  });

  it('records the day and the outcome at follow-up', async () => {
    await nurse.goBack();
    await nurse.getByRole('link', { name: 'Waiting list' }).click();
    await nurse.goto(`${preview.server.url.split('?')[0]}#/patients/${patientId}`);
    await nurse.getByRole('tab', { name: 'Interventions' }).click();
    await nurse
      .getByRole('table', { name: 'Procedure requests' })
      .getByRole('link', { name: /Spinal cord stimulator trial/ })
      .click();
    const day = nurse.getByRole('form', { name: 'On the day' });
    await day.getByLabel('Consent stage 2 confirmed').check();
    await day.getByLabel('Safety checklist done (sign in, time out, sign out)').check();
    await day.getByLabel('In-room start').fill('08:05');
    await day.getByLabel('In-room end').fill('09:31');
    await day.getByRole('button', { name: 'Record the day' }).click();
    const outcome = nurse.getByRole('form', { name: 'Outcome at follow-up' });
    await outcome.waitFor();
    await nurse.getByRole('link', { name: 'Follow-ups due' }).click();
    await nurse.getByRole('table', { name: 'Follow-ups due' }).getByText('SMITH, Jo').waitFor();
    await noAxe(nurse);
    await nurse
      .getByRole('table', { name: 'Follow-ups due' })
      .getByRole('link', { name: 'SMITH, Jo' })
      .click();
    await outcome.getByLabel('Pain relief (%)').fill('65');
    await outcome.getByLabel('Duration of relief (weeks)').fill('1');
    await outcome.getByLabel('Complications', { exact: true }).fill('None');
    await outcome.getByLabel('PGIC', { exact: true }).selectOption('2');
    await outcome.getByRole('button', { name: 'Record outcome' }).click();
    await nurse.getByTestId('outcome').waitFor();
    await expect
      .poll(() => nurse.getByTestId('outcome').textContent(), { timeout: 30_000 })
      .toMatch(/65% relief for 1 week · PGIC 2 · successful/);
    await screenshot(nurse, 'interventions-6-outcome');
    await noAxe(nurse);
    await nurse.getByRole('link', { name: 'Waiting list' }).click();
    await nurse.getByRole('table', { name: 'Waiting list' }).getByText('OKAFOR, Ade').waitFor();
    // The patients at risk of breaching: counted, flagged, and listed on their own.
    await expect
      .poll(() => nurse.getByTestId('at-risk-total').textContent(), { timeout: 30_000 })
      .toBe('1 at risk of breaching (within 6 weeks or past)');
    await nurse.getByLabel('At risk of breaching (within 6 weeks or past)').check();
    const atRisk = nurse.getByRole('table', { name: 'Waiting list' });
    // Counted from the app's today, which may have passed midnight since the seed was written.
    const daysLeft = calendarDaysBetween(londonToday(), addDays(today, 126 - 110));
    await atRisk.getByText(`At risk: ${daysLeft} days`).waitFor();
    // Wait for the filtered list itself: read once, it can still hold the unfiltered rows (seen on CI).
    await expect
      .poll(() => atRisk.getByRole('link').allTextContents(), { timeout: 30_000 })
      .toEqual(['AHMED, Sami']);
    await screenshot(nurse, 'interventions-7-waiting-list');
    await noAxe(nurse);
  });
});
