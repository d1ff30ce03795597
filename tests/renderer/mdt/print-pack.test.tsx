/**
 * Issue 16 (the printed pre-meeting pack): found in the browser walk, the pack printed the NHS number as
 * "(9434765919)"; NHS numbers are written 3-3-4 (NHS Digital, NHS number display standard).
 */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/db';
import { signedInAs } from '../../helpers/db';
import { CHAIR, COORD, mdtPatient } from '../../helpers/mdt';
import { connectRenderer, Screen, testQueryClient } from './harness';

let app: TestApp;
let meetingId: number;

beforeEach(async () => {
  app = await connectRenderer(CHAIR);
  await signedInAs(app, 'consultant', CHAIR);
  await signedInAs(app, 'coordinator', COORD);
  const complexType = (await app.ok('mdt:meetingTypes:list', {}, COORD)).find(
    (t) => t.code === 'complex-pain-mdt',
  )!.id;
  const p = await mdtPatient(app, 'Ashdown', { nhsNumber: '9434765919' });
  await app.ok(
    'mdt:referral:create',
    {
      patientId: p.id,
      question: 'PMP?',
      reason: 'pmp-suitability',
      patientAware: true,
      meetingTypeId: complexType,
    },
    COORD,
  );
  meetingId = (await app.ok('mdt:meetings:list', { from: null }, COORD))[0]!.id;
});
afterEach(async () => {
  cleanup();
  await app.close();
});

it('the printed pack writes the NHS number 3-3-4', async () => {
  const { MeetingListPrint } = await import('../../../renderer/src/features/mdt/After');
  render(
    <Screen
      path={`/mdt/meetings/${meetingId}/print`}
      route="/mdt/meetings/:id/print"
      client={testQueryClient()}
    >
      <MeetingListPrint />
    </Screen>,
  );
  const cell = await screen.findByText(/ASHDOWN, Alex/, undefined, { timeout: 20_000 });
  expect(cell.textContent).toContain('943 476 5919');
  expect(cell.textContent).not.toContain('9434765919');
}, 120_000);
