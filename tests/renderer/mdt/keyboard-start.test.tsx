/**
 * Issue 16 (keyboard chairing, "the editor never loses text"): the chair presses S and types at once. Found in
 * the browser walk: the first letters typed before the server had answered "start" were read as presentation
 * keys ("Offer…" lost its O, which is the "jump to outcome" key; a leading N would have moved to the next case).
 */
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Patient } from '../../../shared/domain/patient';
import type { TestApp } from '../../helpers/db';
import { signedInAs } from '../../helpers/db';
import { CHAIR, COORD, mdtPatient, mdtUser, setMdtClock } from '../../helpers/mdt';
import { connectRenderer, Screen, testQueryClient } from './harness';

let app: TestApp;
let meetingId: number;
let listingId: number;
let patient: Patient;

beforeEach(async () => {
  app = await connectRenderer(CHAIR);
  const chair = await signedInAs(app, 'consultant', CHAIR);
  await signedInAs(app, 'coordinator', COORD);
  const physio = await mdtUser(app, 'physio', 'physiotherapist');
  const complexType = (await app.ok('mdt:meetingTypes:list', {}, COORD)).find(
    (t) => t.code === 'complex-pain-mdt',
  )!.id;
  patient = await mdtPatient(app, 'Ashdown');
  listingId = (
    await app.ok(
      'mdt:referral:create',
      {
        patientId: patient.id,
        question: 'PMP?',
        reason: 'pmp-suitability',
        patientAware: true,
        meetingTypeId: complexType,
      },
      COORD,
    )
  ).id;
  meetingId = (await app.ok('mdt:meetings:list', { from: null }, COORD))[0]!.id;
  for (const userId of [chair.user.id, physio])
    await app.ok('mdt:attendance:set', { meetingId, userId, status: 'present', version: null }, COORD);
  await setMdtClock(app, '2026-11-24T09:05:00Z');
});
afterEach(async () => {
  cleanup();
  await app.close();
});

it('S then typing straight away: every letter goes into the outcome, none is taken as a key', async () => {
  const { RunMeeting } = await import('../../../renderer/src/features/mdt/RunMeeting');
  render(
    <Screen path={`/mdt/meetings/${meetingId}/run`} route="/mdt/meetings/:id/run" client={testQueryClient()}>
      <RunMeeting />
    </Screen>,
  );
  await screen.findByRole('heading', { name: /Ashdown/i });
  // The chair sees the case and its outcome box, then presses S and types.
  await screen.findByLabelText("Outcome in the MDT's words");
  const user = userEvent.setup();
  (document.activeElement as HTMLElement | null)?.blur();
  // No pause between S and the text: the chair does not wait for the server.
  await user.keyboard('sOffer the programme. No change to medicines.');
  const box = screen.getByLabelText<HTMLTextAreaElement>("Outcome in the MDT's words");
  await waitFor(() => expect(box.value).toBe('Offer the programme. No change to medicines.'));
  expect(screen.getByRole('heading', { name: /Ashdown/i })).toBeTruthy();
  await waitFor(
    async () =>
      expect((await app.ok('mdt:outcome:get', { listingId }, CHAIR))?.summary).toBe(
        'Offer the programme. No change to medicines.',
      ),
    { timeout: 20_000 },
  );
}, 120_000);
