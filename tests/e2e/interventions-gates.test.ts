import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays as addDays } from '../../shared/clinical/calendar';
import { formatDateGb, londonToday } from '../../shared/dates';
import { readyRecord } from '../helpers/seed';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { closeAll, newPage, PASSWORD, seedStaff, signInThroughUi } from './staff';

/**
 * Issue 14, "gates with owners" and structured sites, in the browser preview.
 * - A coordinator sees the clinical gates (consent, MRSA) but cannot record clinical values (creatinine
 *   clearance, MRSA result, ASA, consent) nor override an item; she records logistics.
 * - A consultant overrides one open item at a time, each with its own reason, each audited on its own.
 * - A bilateral lumbar medial branch block serves as the prerequisite for a right-sided lumbar RF; a right
 *   RF after a bilateral RF at the same level is a repeat. Example commissioner rules (Humber & North
 *   Yorkshire lumbar RF): MBB with at least 50% relief within 6 months; repeat RF no sooner than 16 months.
 *   A repeat too soon needs a clinician's reason: a coordinator's "Patient keen" is refused.
 *
 * Dates worked by hand from today: the earlier bilateral RF is on the 12th of the month ten months ago, so
 * the repeat is due on the 12th of the month six months ahead (10 months ago + 16 months); the bilateral
 * MBB was 45 days ago (within 6 months) with 60% relief.
 */
let browser: Browser;
let preview: PreviewFixture;
let coordinator: Page;
let consultant: Page;
let consultantId = 0;
const today = londonToday();
const listDate = addDays(today, 35);
const ddmmyyyy = (iso: string) => iso.split('-').reverse().join('/');
let scsId = 0;
let rfId = 0;
let rfPatientId = 0;

/** The 12th of the month `months` from today's month (negative: back). */
function twelfth(months: number): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-12`;
}
const earlierRfDate = twelfth(-10);
const repeatDue = twelfth(6);
const mbbDate = addDays(today, -45);

const seed = (channel: string, payload: unknown, session = 'nurse-seed') =>
  preview.seed<Record<string, unknown> & { id: number; version: number }>(channel, payload, session);
const sqlite = () => preview.dispatcher.conn.sqlite;
const bookings = () =>
  sqlite()
    .prepare("SELECT count(*) FROM intervention_bookings WHERE status = 'booked'")
    .pluck()
    .get() as number;

async function openRequest(page: Page, id: number) {
  const url = `${preview.server.url.split('?')[0]}#/interventions/requests/${id}`;
  if (page.url() === url) await page.reload();
  else await page.goto(url);
  await page.getByRole('table', { name: 'Readiness checklist' }).waitFor();
}

/** Records a past procedure of a request as done on `date` (with `relief` % at its outcome, if given). */
function done(requestId: number, code: string, date: string, relief: number | null) {
  const db = sqlite();
  const s = db
    .prepare(
      `INSERT INTO intervention_sessions (date, start_time, end_time, room, setting, clinician_id, radiographer,
        equipment, unavailable_minutes, turnaround_minutes, created_at)
       VALUES (?, '08:30', '12:30', 'Room 9', 'day-case', ?, 'R', 'fluoroscopy', 0, 15, ?) RETURNING id`,
    )
    .get(date, consultantId, `${date}T08:00:00Z`) as { id: number };
  const b = db
    .prepare(
      `INSERT INTO intervention_bookings (request_id, session_id, patient_id, procedure_code, clinician_id,
        session_date, planned_minutes, status, short_notice_agreed, cancelled_on_day, booked_at)
       VALUES (?, ?, ?, ?, ?, ?, 60, 'done', 0, 0, ?) RETURNING id`,
    )
    .get(requestId, s.id, rfPatientId, code, consultantId, date, `${date}T08:00:00Z`) as { id: number };
  if (relief !== null)
    db.prepare(
      `INSERT INTO intervention_outcomes (booking_id, request_id, patient_id, procedure_code, procedure_date, site,
        relief_percent, complications, pgic, successful, recorded_at)
       VALUES (?, ?, ?, ?, ?, 'L4-5', ?, '', 6, 1, ?)`,
    ).run(b.id, requestId, rfPatientId, code, date, relief, `${date}T12:00:00Z`);
  db.prepare(`UPDATE intervention_requests SET status = 'done' WHERE id = ?`).run(requestId);
}

const lumbar = (code: string, side: string) =>
  seed('interventions:request', {
    patientId: rfPatientId,
    procedureCode: code,
    side,
    site: 'L4-5',
    indication: 'Facet-mediated low back pain',
    priority: 'P3',
    requestedClinicianId: consultantId,
    rttClockStart: today,
  });

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  const staff = await seedStaff(
    preview,
    [
      { username: 'apatel', displayName: 'Dr Asha Patel', role: 'consultant' },
      { username: 'sjones', displayName: 'Sarah Jones', role: 'nurse' },
      { username: 'clane', displayName: 'Chris Lane', role: 'coordinator' },
    ],
    { signIn: { sjones: 'nurse-seed' } },
  );
  consultantId = staff.apatel!;
  await seed('interventions:createSession', {
    date: listDate,
    start: '08:30',
    end: '12:30',
    room: 'Theatre 2',
    setting: 'theatre',
    clinicianId: consultantId,
    radiographer: 'R. Green',
    equipment: ['fluoroscopy', 'rf-generator', 'stimulator-kit-and-rep'],
    unavailableMinutes: 0,
    turnaroundMinutes: 15,
    // Only stored when the date warns (a bank holiday in the week the test runs).
    overrideReason: 'Agreed list',
  });

  // An SCS trial with consent, baseline outcomes and the MRSA screen (a hard block for an implant) missing.
  const p = await seed('patients:create', {
    nhsNumber: '9434765919',
    surname: 'Rowe',
    forename: 'Ellen',
    dateOfBirth: '1962-05-14',
    sex: 'female',
    allergies: [],
  });
  const r = await seed('interventions:request', {
    patientId: p.id,
    procedureCode: 'SCS_TRIAL',
    side: 'midline',
    site: 'T9-T10',
    indication: 'Failed back surgery syndrome, neuropathic leg pain',
    priority: 'P2',
    requestedClinicianId: consultantId,
    rttClockStart: today,
  });
  scsId = r.id;
  await seed('interventions:updateReadiness', {
    id: r.id,
    version: r.version,
    readiness: readyRecord({
      consentStage1Date: null,
      baselineOutcomesRecorded: false,
      mrsaScreenDate: null,
      mrsaScreenResult: null,
      crclMlPerMin: 80,
      crclDate: today,
    }),
  });

  // A bilateral L4-5 RF ten months ago, a bilateral L4-5 MBB 45 days ago with 60% relief; now a right RF.
  const q = await seed('patients:create', {
    nhsNumber: '9876543210',
    surname: 'Okafor',
    forename: 'Ade',
    dateOfBirth: '1958-09-12',
    sex: 'male',
    allergies: [],
  });
  rfPatientId = q.id;
  done((await lumbar('RFD_L', 'bilateral')).id, 'RFD_L', earlierRfDate, null);
  done((await lumbar('MBB_L', 'bilateral')).id, 'MBB_L', mbbDate, 60);
  const rf = await lumbar('RFD_L', 'right');
  rfId = rf.id;
  await seed('interventions:updateReadiness', {
    id: rf.id,
    version: rf.version,
    readiness: readyRecord({ consentStage1Date: today, mrsaScreenDate: today, sedationPlanned: false }),
  });

  coordinator = await newPage(browser);
  consultant = await newPage(browser);
  await signInThroughUi(coordinator, preview, 'clane', PASSWORD, { waitForForm: true });
  await signInThroughUi(consultant, preview, 'apatel', PASSWORD, { waitForForm: true });
}, 90_000);
afterAll(() => closeAll(browser, preview));

describe('a coordinator sees the clinical gates but cannot record or override them', () => {
  it('sees consent and the MRSA block; cannot type clinical values; records logistics only', async () => {
    await openRequest(coordinator, scsId);
    const row = (id: string) => coordinator.getByTestId(`readiness-${id}`);
    await expect
      .poll(() => row('mrsa-screen').innerText(), { timeout: 30_000 })
      .toMatch(/MRSA screen \(implant\)/);
    await expect
      .poll(() => row('consent-stage-1').innerText(), { timeout: 30_000 })
      .toMatch(/Consent stage 1/);
    await expect.poll(() => row('mrsa-screen').innerText(), { timeout: 30_000 }).toMatch(/hard block/i);
    await expect.poll(() => row('consent-stage-1').innerText(), { timeout: 30_000 }).toMatch(/missing/i);
    await expect
      .poll(() => coordinator.getByTestId('ready-badge').textContent(), { timeout: 30_000 })
      .toBe('Not ready');

    const form = coordinator.getByRole('form', { name: 'Readiness record' });
    await form.getByText('Clinical values (eligibility, consent, renal function', { exact: false }).waitFor();
    for (const label of [
      'Creatinine clearance, Cockcroft-Gault (mL/min)',
      'MRSA screen date',
      'MRSA screen result',
      'ASA grade',
      'Consent stage 1 date',
    ])
      await expect
        .poll(() => form.getByLabel(label, { exact: true }).isDisabled(), { timeout: 30_000, message: label })
        .toBe(true);
    // No override of any item is offered to her.
    await expect
      .poll(() => coordinator.getByRole('form', { name: /^Override: / }).count(), { timeout: 30_000 })
      .toBe(0);
    await expect
      .poll(() => coordinator.getByRole('button', { name: /^Override / }).count(), { timeout: 30_000 })
      .toBe(0);

    await form
      .getByLabel('Logistics (transport, interpreter)', { exact: true })
      .fill('Hospital transport booked');
    await form.getByRole('button', { name: 'Save readiness' }).click();
    await expect
      .poll(
        () =>
          sqlite()
            .prepare('SELECT readiness_json FROM intervention_requests WHERE id = ?')
            .pluck()
            .get(scsId) as string,
      )
      .toContain('Hospital transport booked');
    await screenshot(coordinator, 'int-gates-1-coordinator');
    expect(await axeViolations(coordinator)).toEqual([]);
  });

  it('with the MRSA screen recorded by a nurse, still sees no override while items are open', async () => {
    const d = await seed('interventions:get', { id: scsId });
    await seed('interventions:updateReadiness', {
      id: scsId,
      version: d.version,
      readiness: {
        ...(d.readinessRecord as Record<string, unknown>),
        mrsaScreenDate: today,
        mrsaScreenResult: 'negative',
      },
    });
    await openRequest(coordinator, scsId);
    await expect
      .poll(() => coordinator.getByTestId('ready-badge').textContent(), { timeout: 30_000 })
      .toBe('Not ready');
    await expect
      .poll(() => coordinator.getByText('Hard block', { exact: true }).count(), { timeout: 30_000 })
      .toBe(0);
    await expect
      .poll(() => coordinator.getByRole('button', { name: /^Override / }).count(), { timeout: 30_000 })
      .toBe(0);
  });
});

describe('a clinician overrides one open item at a time, each with its own reason', () => {
  it('each item has its own form; an override clears that item only; each reason is shown and audited', async () => {
    await openRequest(consultant, scsId);
    const baseline = consultant.getByRole('form', { name: 'Override: Baseline outcome measures' });
    const consent = consultant.getByRole('form', { name: 'Override: Consent stage 1' });
    await baseline.waitFor();
    await consent.waitFor();
    // No reason: refused next to the field, nothing saved.
    await baseline.getByRole('button', { name: 'Override Baseline outcome measures' }).click();
    await baseline.getByText('Give the reason for the override.', { exact: true }).waitFor();

    await baseline
      .getByLabel(
        'Reason to override “Baseline outcome measures” (audited; you are recorded as the signer)',
        {
          exact: true,
        },
      )
      .fill('Baseline taken at clinic on paper');
    await baseline.getByRole('button', { name: 'Override Baseline outcome measures' }).click();
    await consultant
      .getByText(
        /^Baseline outcome measures: override approved by Dr Asha Patel on .*“Baseline taken at clinic on paper”$/,
      )
      .waitFor();
    // Consent is still open, with its own form, and the request is not ready.
    await expect.poll(() => baseline.count(), { timeout: 30_000 }).toBe(0);
    await consent.waitFor();
    await expect
      .poll(() => consultant.getByTestId('ready-badge').textContent(), { timeout: 30_000 })
      .toBe('Not ready');

    await consent
      .getByLabel('Reason to override “Consent stage 1” (audited; you are recorded as the signer)', {
        exact: true,
      })
      .fill('Consent taken on paper in clinic; scanned copy on the record');
    await consent.getByRole('button', { name: 'Override Consent stage 1' }).click();
    await consultant
      .getByText(
        /^Consent stage 1: override approved by Dr Asha Patel on .*“Consent taken on paper in clinic; scanned copy on the record”$/,
      )
      .waitFor();
    await consultant
      .getByText(/^Baseline outcome measures: override approved by .*“Baseline taken at clinic on paper”$/)
      .waitFor();

    const audit = sqlite()
      .prepare(
        "SELECT after_json FROM audit_log WHERE action = 'interventions.readiness.override' ORDER BY id",
      )
      .pluck()
      .all() as string[];
    expect(audit.map((a) => JSON.parse(a) as { item: string; reason: string })).toEqual([
      expect.objectContaining({ item: 'baseline-outcomes', reason: 'Baseline taken at clinic on paper' }),
      expect.objectContaining({
        item: 'consent-stage-1',
        reason: 'Consent taken on paper in clinic; scanned copy on the record',
      }),
    ]);
    await screenshot(consultant, 'int-gates-2-one-by-one');
    expect(await axeViolations(consultant)).toEqual([]);
  });
});

describe('a bilateral MBB then a right RF', () => {
  it('the bilateral block serves the right RF; the right RF after a bilateral RF is a repeat', async () => {
    await openRequest(coordinator, rfId);
    const prereq = coordinator.getByTestId('readiness-prerequisite-MBB_L');
    await expect.poll(() => prereq.innerText(), { timeout: 30_000 }).toContain(formatDateGb(mbbDate));
    await expect.poll(() => prereq.innerText(), { timeout: 30_000 }).toMatch(/\bOK\b/);
    const repeat = coordinator.getByTestId('readiness-repeat-interval');
    await expect.poll(() => repeat.innerText(), { timeout: 30_000 }).toContain(formatDateGb(repeatDue));
    await expect.poll(() => repeat.innerText(), { timeout: 30_000 }).toContain('bilateral');
    await expect.poll(() => repeat.innerText(), { timeout: 30_000 }).toMatch(/warning/i);
    // Clinicians read procedure names, never the catalogue's codes (H-INT-37).
    await expect
      .poll(() => prereq.innerText(), { timeout: 30_000 })
      .toContain('Lumbar/thoracic medial branch block (diagnostic)');
    await expect
      .poll(() => repeat.innerText(), { timeout: 30_000 })
      .toContain('Lumbar facet radiofrequency denervation');
    for (const item of [prereq, repeat])
      await expect.poll(() => item.innerText(), { timeout: 30_000 }).not.toMatch(/MBB_L|RFD_L/);
    await screenshot(coordinator, 'int-gates-3-bilateral-then-right');
    expect(await axeViolations(coordinator)).toEqual([]);
  });

  it('a coordinator cannot book the repeat with "Patient keen"; the consultant books it with a reason', async () => {
    const before = bookings();
    await coordinator
      .getByLabel('Override reason (only if booking despite a warning)', { exact: true })
      .fill('Patient keen');
    await coordinator.getByLabel('Or choose a session on', { exact: true }).fill(ddmmyyyy(listDate));
    await coordinator.getByRole('button', { name: 'Book onto Theatre 2 08:30' }).click();
    const refused = coordinator.getByRole('alert').filter({ hasText: 'Booking refused' });
    await refused.waitFor();
    await expect
      .poll(() => refused.innerText(), { timeout: 30_000 })
      .toMatch(/clinical decision: a clinician must accept it/);
    expect(bookings()).toBe(before);

    await openRequest(consultant, rfId);
    await consultant
      .getByLabel('Override reason (only if booking despite a warning)', { exact: true })
      .fill('Relief lasted 5 months only; MDT agreed an early repeat');
    await consultant.getByLabel('Or choose a session on', { exact: true }).fill(ddmmyyyy(listDate));
    await consultant.getByRole('button', { name: 'Book onto Theatre 2 08:30' }).click();
    await expect.poll(bookings).toBe(before + 1);
    const booked = sqlite()
      .prepare(
        "SELECT override_reason, overridden_json FROM intervention_bookings WHERE request_id = ? AND status = 'booked'",
      )
      .get(rfId) as { override_reason: string; overridden_json: string };
    expect(booked.override_reason).toBe('Relief lasted 5 months only; MDT agreed an early repeat');
    expect(booked.overridden_json).toContain('REPEAT_TOO_SOON');
    await screenshot(consultant, 'int-gates-4-repeat-booked');
  });
});
