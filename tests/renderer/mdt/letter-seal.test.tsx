/**
 * Issue 16: the chair confirms the patient letter they read. The screen sends the seal of the letter on
 * screen; when the letter the outcome writes has changed since (here the patient's name was corrected by the
 * coordinator meanwhile), nothing is confirmed, the chair is told, and the new letter is shown to read again.
 */
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
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
  await app.ok('mdt:case:start', { listingId }, COORD);
});
afterEach(async () => {
  cleanup();
  await app.close();
});

it('a patient letter that changed after it was read is not confirmed: the chair is told and reads the new one', async () => {
  const { RunMeeting } = await import('../../../renderer/src/features/mdt/RunMeeting');
  render(
    <Screen path={`/mdt/meetings/${meetingId}/run`} route="/mdt/meetings/:id/run" client={testQueryClient()}>
      <RunMeeting />
    </Screen>,
  );
  await screen.findByRole('heading', { name: /Ashdown/i });
  const user = userEvent.setup();
  await user.type(
    await screen.findByLabelText("Outcome in the MDT's words"),
    'Offer the pain management programme.',
  );
  await user.type(
    screen.getByLabelText('Plain-English summary for the patient letter'),
    'We suggest a pain management programme.',
  );
  await user.click(screen.getByLabelText('No action needed'));
  await user.click(screen.getByRole('button', { name: 'Check the patient letter and confirm' }));
  const read = await screen.findByRole('region', { name: 'Patient letter to confirm' }, { timeout: 20_000 });
  expect(read.textContent).toContain('Dear Alex Ashdown,');

  // Meanwhile the coordinator corrects the patient's first name: the letter Confirm would write is not this one.
  await app.ok(
    'patients:update',
    {
      id: patient.id,
      version: patient.version,
      patient: {
        surname: patient.surname,
        forename: 'Alexa',
        dateOfBirth: patient.dateOfBirth,
        sex: patient.sex,
        gpPractice: patient.gpPractice,
        diagnosisSite: patient.diagnosisSite,
      } as never,
    },
    COORD,
  );

  await user.click(within(read).getByRole('button', { name: 'Confirm outcome' }));
  await screen.findByText(
    'The patient letter has changed since you read it. Nothing was confirmed: read the letter again, then confirm.',
    undefined,
    { timeout: 20_000 },
  );
  expect((await app.ok('mdt:outcome:get', { listingId }, CHAIR))?.status).toBe('draft');
  // The letter as it now stands is on screen to read; Confirm sits under it again.
  await waitFor(
    () =>
      expect(screen.getByRole('region', { name: 'Patient letter to confirm' }).textContent).toContain(
        'Dear Alexa Ashdown,',
      ),
    { timeout: 20_000 },
  );
  await user.click(
    within(screen.getByRole('region', { name: 'Patient letter to confirm' })).getByRole('button', {
      name: 'Confirm outcome',
    }),
  );
  await screen.findByText(/Outcome confirmed|Confirmed with a warning/, undefined, { timeout: 20_000 });
  expect((await app.ok('mdt:outcome:get', { listingId }, CHAIR))?.status).toBe('confirmed');
}, 120_000);
