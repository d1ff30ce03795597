import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { RulesModule } from '../../../renderer/src/features/rules';
import { shippedDefault } from '../../../shared/domain/rule-sets';
import { signedInAs } from '../../helpers/db';
import { eventually, rendererApp, renderScreen, SESSION, type RendererApp } from '../harness';

/**
 * Issue 17, "Roles": "the IT administrator alone changes clinical thresholds". A rule-set change is a
 * proposal until a second person, a clinician marked as clinical lead, approves it. Through the Clinical
 * rule sets screen and the real dispatcher: propose, approve by a second person, and the proposer's own
 * approval refused (not offered on screen, and refused by the server if sent).
 */
let r: RendererApp;
afterEach(() => r.close());

const PW = 'correct horse battery';
const activeHighDose = async () => {
  const active = await r.app.ok('rules:active', { kind: 'ome-thresholds' }, SESSION);
  return (active.value as { thresholds: { code: string; mgPer24h: number }[] }).thresholds.find(
    (t) => t.code === 'OME_HIGH_DOSE',
  )!.mgPer24h;
};

/** Marks the renderer's signed-in user (username `username`) as clinical lead, then signs in again. */
async function makeLead(username: string) {
  await signedInAs(r.app, 'admin', 'admin');
  const me = (await r.app.ok('users:list', {}, 'admin')).find((u) => u.username === username)!;
  await r.app.ok('users:update', { id: me.id, version: me.version, clinicalLead: true }, 'admin');
  await r.app.ok('auth:signIn', { username, password: PW }, SESSION);
}

function thresholdsAt(mg: number) {
  const body = structuredClone(shippedDefault('ome-thresholds').body) as {
    thresholds: { code: string; mgPer24h: number }[];
  };
  body.thresholds.find((t) => t.code === 'OME_HIGH_DOSE')!.mgPer24h = mg;
  return body;
}

describe('Clinical rule-set proposals', () => {
  it('a clinical lead proposes a new version on screen; it is not in effect, and they cannot approve it themselves', async () => {
    r = await rendererApp('consultant');
    await makeLead('consultant1');
    const shipped = await activeHighDose(); // 90 mg/24h (FPM Opioids Aware)
    const { user } = await renderScreen(<RulesModule />, { path: '/rules', pattern: '/rules/*' });
    await user.click(await screen.findByRole('link', { name: 'UK OME thresholds (FPM Opioids Aware)' }));
    await user.click(await screen.findByRole('button', { name: 'New version' }));
    const dose = await screen.findByLabelText('OME_HIGH_DOSE: mg OME/24 h');
    await user.clear(dose);
    await user.type(dose, '100');
    await user.type(screen.getByLabelText(/^Reason for this version/), 'MDT agreed to review from 100 mg');
    await user.click(screen.getByRole('button', { name: 'Save new version' }));
    await eventually(() => r.writes('rules:save').length === 1);
    await user.click(await screen.findByRole('link', { name: /All clinical rule sets/ }));
    const waiting = (await screen.findByRole('heading', { name: /Waiting for a clinical lead/ })).closest(
      'div',
    )!.parentElement!;
    expect(within(waiting).getByText(/Proposed by Test consultant/)).toBeTruthy();
    expect(within(waiting).getByText('Not in effect')).toBeTruthy();
    // Their own proposal: no Approve button for the proposer, even a clinical lead.
    expect(within(waiting).queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(await activeHighDose()).toBe(shipped);
    // Sent anyway (another screen, a crafted request): refused, still not in effect.
    const [proposal] = await r.app.ok('rules:proposals', {}, SESSION);
    const own = await r.app.call('rules:approve', { proposalId: proposal!.id }, SESSION);
    expect(!own.ok && own.error.message).toMatch(/second person/);
    expect(await activeHighDose()).toBe(shipped);
  });

  it('a second person, a clinical lead, approves on screen: the change takes effect and both are audited', async () => {
    r = await rendererApp('consultant');
    await makeLead('consultant1');
    // The proposal comes from someone else (the IT administrator may propose, not decide).
    await r.app.ok(
      'rules:save',
      {
        kind: 'ome-thresholds',
        setKey: 'ome-thresholds-uk',
        version: '1.1.0',
        name: 'UK OME thresholds',
        source: 'Local',
        reason: 'Review from 100 mg',
        body: thresholdsAt(100),
      },
      'admin',
    );
    expect(await activeHighDose()).toBe(90);
    const { user } = await renderScreen(<RulesModule />, { path: '/rules', pattern: '/rules/*' });
    await screen.findByText(/Proposed by Admin/, undefined, { timeout: 20_000 });
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    await eventually(() => r.writes('rules:approve').length === 1);
    await eventually(() => screen.queryByRole('heading', { name: /Waiting for a clinical lead/ }) === null);
    expect(await activeHighDose()).toBe(100);
    const audit = r.app.dispatcher.conn.sqlite
      .prepare(
        "SELECT action, user_name FROM audit_log WHERE action IN ('rules.propose', 'rules.approve') ORDER BY id",
      )
      .all();
    expect(audit).toEqual([
      { action: 'rules.propose', user_name: 'Admin' },
      { action: 'rules.approve', user_name: 'Test consultant' },
    ]);
  });

  it('a clinician who is not clinical lead sees the proposal but no Approve button', async () => {
    r = await rendererApp('consultant');
    await signedInAs(r.app, 'admin', 'admin');
    await r.app.ok(
      'rules:save',
      {
        kind: 'ome-thresholds',
        setKey: 'ome-thresholds-uk',
        version: '1.1.0',
        name: 'UK OME thresholds',
        source: 'Local',
        reason: 'Review from 100 mg',
        body: thresholdsAt(100),
      },
      'admin',
    );
    await renderScreen(<RulesModule />, { path: '/rules', pattern: '/rules/*' });
    await screen.findByText(/Proposed by Admin/, undefined, { timeout: 20_000 });
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });
});
