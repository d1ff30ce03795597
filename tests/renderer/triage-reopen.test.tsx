import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServiceReferralView } from '../../shared/domain/mdt';
import { Triage } from '../../renderer/src/features/mdt/Triage';
import { rendererApp, renderScreen, SESSION, type RendererApp } from './harness';

/**
 * H-MDT-32: the triage queue offered "Reopen" on a referral whose MDT case had already started, which the
 * service then refused. It now says why instead, and offers Reopen only where the service allows it.
 */

let r: RendererApp;
let started: ServiceReferralView;
let notStarted: ServiceReferralView;

async function mdtReferral(surname: string, meetingTypeId: number): Promise<ServiceReferralView> {
  const p = await r.app.ok(
    'patients:create',
    { surname, forename: 'Ada', dateOfBirth: '1970-05-01', sex: 'female', nhsNumber: null },
    SESSION,
  );
  const added = await r.app.ok(
    'mdt:triage:add',
    {
      patientId: p.id,
      receivedOn: '2026-11-10',
      source: 'gp',
      referrerName: 'Dr Okafor, Riverside Surgery',
      referralReason: 'Widespread pain, low mood and high opioid dose.',
      urgency: 'routine',
    },
    SESSION,
  );
  return r.app.ok(
    'mdt:triage:decide',
    {
      serviceReferralId: added.id,
      version: added.version,
      pathway: 'mdt',
      meetingTypeId,
      reason: 'Complex pain: needs the MDT.',
    },
    SESSION,
  );
}

beforeEach(async () => {
  r = await rendererApp('consultant');
  const types = await r.app.ok('mdt:meetingTypes:list', {}, SESSION);
  const complex = types.find((t) => t.code === 'complex-pain-mdt')!.id;
  started = await mdtReferral('Begun', complex);
  notStarted = await mdtReferral('Waiting', complex);
  // The MDT starts on Begun's case (the state the service checks: the listing's start time).
  const sqlite = r.app.dispatcher.conn.sqlite;
  const listingId = sqlite
    .prepare('SELECT listing_id FROM mdt_referrals WHERE id = ?')
    .pluck()
    .get(started.mdtReferralId) as number;
  sqlite
    .prepare("UPDATE mdt_listings SET started_at = '2026-11-24T09:05:00.000Z' WHERE id = ?")
    .run(listingId);
  r.sent.length = 0;
});
afterEach(() => r.close());

describe('Triage queue: Reopen once the MDT has started (renderer, real dispatcher)', () => {
  it('offers no Reopen on a referral whose MDT case has started, and says why; still offers it on the others', async () => {
    const { user } = await renderScreen(<Triage />);
    await user.selectOptions(await screen.findByLabelText('Show'), 'triaged');
    const table = await screen.findByRole('table', { name: 'Referral triage queue' });
    const begun = await within(table).findByRole('row', { name: /BEGUN, Ada/ });
    const waiting = await within(table).findByRole('row', { name: /WAITING, Ada/ });
    expect(
      within(begun).getByText(
        'Cannot be reopened: the MDT has already started on this referral. Change the plan through the MDT outcome.',
      ),
    ).toBeTruthy();
    expect(within(begun).queryByRole('button', { name: /Reopen/ })).toBeNull();
    expect(
      within(waiting).getByRole('button', { name: 'Reopen the triage decision for WAITING, Ada' }),
    ).toBeTruthy();
    expect(within(waiting).queryByText(/Cannot be reopened/)).toBeNull();
    expect(r.writes()).toHaveLength(0);
    expect(notStarted.mdtStarted).toBe(false);
  });
});
