import { screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RequestPage } from '../../renderer/src/features/interventions/RequestPage';
import { WaitingList } from '../../renderer/src/features/interventions/WaitingList';
import { readyRecord, scsRequest } from '../helpers/seed';
import { rendererApp, renderScreen, SESSION, type RendererApp } from './harness';

/**
 * Issue 14: "needs re-approval" shows everywhere a hold plan shows, the waiting list included. An apixaban
 * plan approved for Tue 15 Dec 2026, booked, then the booking cancelled: the approval was for that start, so
 * the row on the waiting list must say the hold plan needs re-approval (before, it said only "Not ready" with
 * "awaits a prescriber's approval", as for a plan nobody had ever looked at).
 */
let r: RendererApp;

// jsdom lays nothing out: give table rows their on-screen height so the virtualised table renders them.
const scrollTo = window.scrollTo;
beforeAll(() => {
  Object.defineProperty(HTMLTableRowElement.prototype, 'offsetHeight', { configurable: true, get: () => 72 });
  window.scrollTo = (() => undefined) as typeof window.scrollTo;
});
afterAll(() => {
  delete (HTMLTableRowElement.prototype as { offsetHeight?: number }).offsetHeight;
  window.scrollTo = scrollTo;
});

beforeEach(async () => {
  r = await rendererApp('consultant');
  const sqlite = r.app.dispatcher.conn.sqlite;
  const clinicianId = sqlite
    .prepare(`SELECT id FROM users WHERE role = 'consultant'`)
    .pluck()
    .get() as number;
  const p = await r.app.ok(
    'patients:create',
    {
      nhsNumber: '9434765919',
      surname: 'Moved',
      forename: 'Test',
      dateOfBirth: '1950-01-01',
      sex: 'female',
      allergies: [],
    },
    SESSION,
  );
  const req = await scsRequest(r.app, p.id, clinicianId, {}, SESSION);
  const d = await r.app.ok(
    'interventions:updateReadiness',
    {
      id: req.id,
      version: req.version,
      readiness: readyRecord({ crclMlPerMin: 72, crclDate: '2026-11-19' }),
    },
    SESSION,
  );
  const withApixaban = await r.app.ok(
    'interventions:addAntithrombotic',
    { requestId: d.id, drug: 'apixaban', dose: '5 mg twice daily', doseTimes: ['08:00', '20:00'] },
    SESSION,
  );
  const s15 = await r.app.ok(
    'interventions:createSession',
    {
      date: '2026-12-15',
      start: '08:30',
      end: '12:30',
      room: 'Theatre 3',
      setting: 'theatre',
      clinicianId,
      radiographer: 'R. Green',
      equipment: ['fluoroscopy', 'stimulator-kit-and-rep', 'rf-generator'],
      unavailableMinutes: 0,
      turnaroundMinutes: 15,
    },
    SESSION,
  );
  await r.app.ok(
    'interventions:approveHold',
    { antithromboticId: withApixaban.antithrombotics[0]!.id, sessionId: s15.id },
    SESSION,
  );
  const booked = await r.app.ok('interventions:book', { requestId: d.id, sessionId: s15.id }, SESSION);
  await r.app.ok(
    'interventions:cancel',
    { bookingId: booked.bookingId, kind: 'patient', reason: 'Patient asked to move the date' },
    SESSION,
  );
}, 120_000);
afterEach(() => r.close());

describe('waiting list: a hold plan whose approval was cleared by a change', () => {
  it('flags the row "Hold plan needs re-approval" and says why', async () => {
    await renderScreen(<WaitingList />, {
      path: '/interventions',
      routes: { '/interventions/requests/:id': <RequestPage /> },
    });
    const table = await screen.findByRole('table', { name: 'Waiting list' });
    const row = await waitFor(
      () => {
        const link = within(table).getByRole('link', { name: 'MOVED, Test' });
        return link.closest('tr')!;
      },
      { timeout: 20_000 },
    );
    expect(within(row).getByText('Hold plan needs re-approval: apixaban')).toBeTruthy();
    expect(
      within(row).getByText(
        /apixaban hold plan needs re-approval: the booking on 15\/12\/2026 was cancelled/,
      ),
    ).toBeTruthy();
  });
});
