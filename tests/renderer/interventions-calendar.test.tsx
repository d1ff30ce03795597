import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Calendar } from '../../renderer/src/features/interventions/Calendar';
import { readyRecord, scsRequest, theatreSession } from '../helpers/seed';
import { rendererApp, renderScreen, SESSION, type RendererApp } from './harness';

/**
 * Issue 14, walked as a new coordinator: the sessions calendar named each booked case by its catalogue code
 * ("MOVED, Test · SCS_TRIAL · 90 min"), an internal code a coordinator or the team does not use. The case
 * shows the procedure's name. A spinal cord stimulator trial booked on Tuesday 15 December 2026 in Theatre 3.
 */
let r: RendererApp;

beforeEach(async () => {
  r = await rendererApp('consultant');
  const clinicianId = r.app.dispatcher.conn.sqlite
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
    { id: req.id, version: req.version, readiness: readyRecord() },
    SESSION,
  );
  const s = await theatreSession(r.app, clinicianId, {}, SESSION);
  await r.app.ok('interventions:book', { requestId: d.id, sessionId: s.id }, SESSION);
}, 120_000);
afterEach(() => r.close());

describe('sessions calendar: a booked case', () => {
  it('is named by the procedure, not its catalogue code', async () => {
    await renderScreen(<Calendar />, {
      path: '/interventions/calendar?week=2026-12-14',
      pattern: '/interventions/calendar',
    });
    const card = await screen.findByRole(
      'article',
      { name: 'Session Theatre 3 08:30-12:30' },
      { timeout: 20_000 },
    );
    // The catalogue's SCS trial: 90 minutes by default (no clinician's own duration recorded).
    await waitFor(
      () =>
        expect(
          within(card).getByText(
            'MOVED, Test · Spinal cord stimulator trial (percutaneous leads, external generator) · 90 min',
          ),
        ).toBeTruthy(),
      { timeout: 20_000 },
    );
    expect(within(card).queryByText(/SCS_TRIAL/)).toBeNull();
  });
});
