import { screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RequestPage } from '../../renderer/src/features/interventions/RequestPage';
import { WaitingList } from '../../renderer/src/features/interventions/WaitingList';
import { readyRecord } from '../helpers/seed';
import { location, rendererApp, renderScreen, SESSION, type RendererApp } from './harness';

/**
 * Issue 14, "a waiting list that stops at 200 of 1,065": the screen at thousands of requests, in jsdom
 * against the real dispatcher. 3,000 urgent (P2) requests that are not ready come first in list order; the
 * one ready routine (P3) request is 3,001st, where the old screen (limit 200) never showed it.
 */
const MANY = 3000;

// jsdom lays nothing out: give table rows the height they have on screen (72 px, as the screen estimates;
// the virtualiser measures offsetHeight) and let it "scroll" the window.
const scrollTo = window.scrollTo;
beforeAll(() => {
  Object.defineProperty(HTMLTableRowElement.prototype, 'offsetHeight', { configurable: true, get: () => 72 });
  window.scrollTo = (() => undefined) as typeof window.scrollTo;
});
afterAll(() => {
  delete (HTMLTableRowElement.prototype as { offsetHeight?: number }).offsetHeight;
  window.scrollTo = scrollTo;
});
let r: RendererApp;
let readyId: number;

beforeEach(async () => {
  r = await rendererApp('consultant');
  const sqlite = r.app.dispatcher.conn.sqlite;
  const clinicianId = sqlite
    .prepare(`SELECT id FROM users WHERE role = 'consultant'`)
    .pluck()
    .get() as number;
  const patient = (nhsNumber: string, surname: string) =>
    r.app.ok(
      'patients:create',
      { nhsNumber, surname, forename: 'Test', dateOfBirth: '1970-01-01', sex: 'female', allergies: [] },
      SESSION,
    );
  // A spinal cord stimulator trial, midline T8-T10, RTT clock from 1 October 2026.
  const request = (patientId: number, priority: 'P2' | 'P3') =>
    r.app.ok(
      'interventions:request',
      {
        patientId,
        procedureCode: 'SCS_TRIAL',
        side: 'midline',
        site: 'T8-T10',
        indication: 'Neuropathic leg pain after spinal surgery (TA159)',
        priority,
        requestedClinicianId: clinicianId,
        rttClockStart: '2026-10-01',
      },
      SESSION,
    );
  const many = await patient('9876543210', 'Many');
  const first = await request(many.id, 'P2');
  // The other 2,999 are copies of the first, written straight to the table (3,000 dispatcher calls would
  // take minutes); the list reads them exactly as it reads the first.
  sqlite
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO intervention_requests (patient_id, procedure_code, catalogue_version, side, site, indication,
         priority, priority_rank, source, requested_clinician_id, rtt_clock_start, rtt_breach_date, status,
         rebook_by, readiness_json, commissioner_rule_set, anticoagulant_rule_set, created_at, created_by,
         updated_at, version, site_region, site_levels)
       SELECT patient_id, procedure_code, catalogue_version, side, site, indication, priority, priority_rank,
         source, requested_clinician_id, rtt_clock_start, rtt_breach_date, status, rebook_by, readiness_json,
         commissioner_rule_set, anticoagulant_rule_set, created_at, created_by, updated_at, version,
         site_region, site_levels
       FROM intervention_requests, n WHERE id = ?`,
    )
    .run(MANY - 1, first.id);
  const ready = await patient('9434765919', 'Ready');
  const req = await request(ready.id, 'P3');
  readyId = req.id;
  await r.app.ok(
    'interventions:updateReadiness',
    { id: req.id, version: req.version, readiness: readyRecord() },
    SESSION,
  );
  r.sent.length = 0;
}, 120_000);
afterEach(() => r.close());

const open = () =>
  renderScreen(<WaitingList />, {
    path: '/interventions',
    routes: { '/interventions/requests/:id': <RequestPage /> },
  });

/** Waits (up to 20 s: each page evaluates readiness for 200 requests) until `predicate` holds. */
const until = (predicate: () => boolean) =>
  waitFor(
    () => {
      if (!predicate()) throw new Error('not yet');
    },
    { timeout: 20_000 },
  );

const count = () => screen.getByTestId('waiting-count').textContent ?? '';

describe('Waiting list at thousands of requests (renderer, real dispatcher)', () => {
  it('shows the total, pages on by 200 into a virtualised table, searches, filters ready only, and is walked by keyboard', async () => {
    const { user } = await open();
    // 3,000 + 1 waiting (hand count of what the test wrote); the first page is 200 rows.
    await until(() => count().startsWith('3,001 waiting, first 200 shown'));
    const table = screen.getByRole('table', { name: 'Waiting list' });
    // A virtualised table: it says how many rows it has (200 + the header), and renders only those in view.
    expect(table.getAttribute('aria-rowcount')).toBe('201');
    expect(within(table).getAllByTestId('waiting-row').length).toBeLessThan(200);
    // Every list request of the screen asked for a page, never the whole list.
    const reads = r.sent.filter((s) => s.channel === 'interventions:list');
    expect(reads.map((s) => (s.payload as { limit: number }).limit)).toEqual([200]);
    // The ready patient is not on the first page (all P2 come first).
    expect(screen.queryByText('READY, Test')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Show the next 200 (2,801 more)' }));
    await until(() => count().startsWith('3,001 waiting, first 400 shown'));
    expect(table.getAttribute('aria-rowcount')).toBe('401');

    // Search by NHS number with spaces: one row, ready, 7 weeks waited (1 October to 21 November 2026 is
    // 51 days: 7 whole weeks), RTT breach 1 October + 18 weeks = 4 February 2027.
    await user.type(screen.getByLabelText(/Find on the list/), '943 476 5919');
    await until(() => count().startsWith('1 waiting'));
    let row = screen.getByTestId('waiting-row');
    expect(within(row).getByText('READY, Test')).toBeTruthy();
    expect(within(row).getByText('NHS No. 943 476 5919')).toBeTruthy();
    expect(within(row).getByText('7 weeks')).toBeTruthy();
    expect(within(row).getByText('04-Feb-2027')).toBeTruthy();
    expect(within(row).getByText('Ready')).toBeTruthy();

    // Search by the start of a surname: the 3,000 are found, and they say why they are not ready.
    await user.clear(screen.getByLabelText(/Find on the list/));
    await user.type(screen.getByLabelText(/Find on the list/), 'man');
    await until(() => count().startsWith('3,000 waiting, first 200 shown'));
    row = screen.getAllByTestId('waiting-row')[0]!;
    expect(within(row).getByText('Not ready')).toBeTruthy();
    expect(within(row).getAllByRole('listitem').length).toBeGreaterThan(0);

    // Ready only, over the whole list (the ready request is 3,001st in list order).
    await user.clear(screen.getByLabelText(/Find on the list/));
    await user.click(screen.getByLabelText('Ready only'));
    await until(() => count().startsWith('1 ready'));
    expect(screen.queryByRole('button', { name: /Show the next/ })).toBeNull();

    // Keyboard: from "Ready only", Tab reaches "At risk", then the row's link; Enter opens the request.
    screen.getByLabelText('Ready only').focus();
    await user.tab();
    expect(document.activeElement).toBe(screen.getByLabelText(/At risk of breaching/));
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('link', { name: 'READY, Test' }));
    await user.keyboard('{Enter}');
    await until(() => location() === `/interventions/requests/${readyId}`);
  }, 120_000);
});
