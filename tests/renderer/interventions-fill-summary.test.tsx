import { screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FillCandidate, SessionView } from '../../shared/domain/interventions';
import { FillSession, fillSummary } from '../../renderer/src/features/interventions/FillSession';
import { readyRecord, scsRequest, theatreSession } from '../helpers/seed';
import { rendererApp, renderScreen, SESSION, type RendererApp } from './harness';

/**
 * Issue 14, walked as a new coordinator: "Fill this session" showed a table of patients with no word of
 * what was found, so ten patients who are not ready (and no Book button) read as if the search had stopped
 * at the top of the list, the very fault the issue reported. It now says how many are ready to book and that
 * the whole waiting list was checked (or, at 20 ready, that more may be ready further down).
 */
let r: RendererApp;
let session: SessionView;

beforeEach(async () => {
  r = await rendererApp('consultant');
  const clinicianId = r.app.dispatcher.conn.sqlite
    .prepare(`SELECT id FROM users WHERE role = 'consultant'`)
    .pluck()
    .get() as number;
  const listed = async (nhsNumber: string, surname: string) => {
    const p = await r.app.ok(
      'patients:create',
      { nhsNumber, surname, forename: 'Test', dateOfBirth: '1950-01-01', sex: 'female', allergies: [] },
      SESSION,
    );
    return scsRequest(r.app, p.id, clinicianId, {}, SESSION);
  };
  // One ready, one with nothing recorded (not ready).
  const ready = await listed('9434765919', 'Ready');
  await r.app.ok(
    'interventions:updateReadiness',
    { id: ready.id, version: ready.version, readiness: readyRecord() },
    SESSION,
  );
  await listed('9876543210', 'Waiting');
  session = await theatreSession(r.app, clinicianId, {}, SESSION);
}, 120_000);
afterEach(() => r.close());

describe('fill this session: what was found, in words', () => {
  it('says how many are ready to book and that the whole list was checked', async () => {
    await renderScreen(<FillSession session={session} onClose={() => undefined} />, {
      path: '/interventions/calendar',
    });
    const summary = await screen.findByTestId('fill-summary', {}, { timeout: 20_000 });
    await waitFor(() =>
      expect(summary.textContent).toBe(
        '1 patient ready to book; the whole waiting list was checked. Then 1 patient not ready, with what is missing.',
      ),
    );
  });

  it('with nobody ready, says so; at 20 ready, that more may be ready further down', () => {
    const one = (ready: boolean) => ({ ready }) as FillCandidate;
    expect(fillSummary(Array.from({ length: 10 }, () => one(false)))).toBe(
      'Nobody whose procedure fits this session is ready to book; the whole waiting list was checked. Then the first 10 who are not ready, in list order, with what is missing.',
    );
    expect(fillSummary([...Array.from({ length: 20 }, () => one(true)), one(false)])).toBe(
      'The first 20 patients ready to book, in list order (more may be ready further down the list). Then 1 patient not ready, with what is missing.',
    );
  });
});
