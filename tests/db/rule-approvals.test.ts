import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shippedDefault } from '../../shared/domain/rule-sets';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { JO, MORPHINE_95 } from '../helpers/seed';

/**
 * Issue 17: "the IT administrator alone sets a threshold to 2,000 mg and no patient is flagged". A clinical
 * rule-set change now takes effect only after a second person, a clinician marked as clinical lead,
 * approves it; proposer and approver are both audited. Jo's 95 mg/24h OME is at or above the shipped
 * 90 mg "high dose, review" threshold (Faculty of Pain Medicine, Opioids Aware, Aug 2020; the clinical lead).
 */
let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => app.close());

const PW = 'correct horse battery';
const highDose = (patientId: number) =>
  app.dispatcher.conn.sqlite
    .prepare('SELECT high_dose FROM patient_ome WHERE patient_id = ?')
    .pluck()
    .get(patientId);

function thresholdsAt(mg: number) {
  const body = structuredClone(shippedDefault('ome-thresholds').body) as {
    thresholds: { code: string; mgPer24h: number }[];
  };
  body.thresholds.find((t) => t.code === 'OME_HIGH_DOSE')!.mgPer24h = mg;
  body.thresholds.find((t) => t.code === 'OME_HARM_RISES')!.mgPer24h = mg; // the schema's ceiling is 2,000 mg
  return body;
}

async function setUp() {
  await signedInAs(app, 'admin', 'admin');
  await signedInAs(app, 'nurse', 'nurse');
  const lead = await app.ok(
    'users:create',
    { username: 'lead1', displayName: 'Dr Lead', role: 'consultant', password: PW },
    'admin',
  );
  await app.ok('users:update', { id: lead.id, version: lead.version, clinicalLead: true }, 'admin');
  await app.ok('auth:signIn', { username: 'lead1', password: PW }, 'lead');
  const p = await app.ok('patients:create', JO, 'nurse');
  await app.ok('meds:add', { patientId: p.id, medicine: MORPHINE_95 }, 'nurse');
  return p;
}

const proposal = {
  kind: 'ome-thresholds' as const,
  setKey: 'ome-thresholds-uk',
  version: '9.9.0',
  name: 'UK OME thresholds',
  source: 'Local',
  reason: 'Raise the threshold',
  body: thresholdsAt(2000),
};

describe('two-person rule for clinical rule sets', () => {
  it('the IT administrator alone sets the high-dose threshold to 2,000 mg: nothing changes, the patient stays flagged', async () => {
    const p = await setUp();
    expect(highDose(p.id)).toBe(1);
    const proposed = await app.ok('rules:save', proposal, 'admin');
    expect(proposed.status).toBe('pending');
    expect(highDose(p.id)).toBe(1);
    const active = await app.ok('rules:active', { kind: 'ome-thresholds' }, 'nurse');
    expect(active.version).toBe('1.0.1');
    const meds = await app.ok('meds:patient', { patientId: p.id }, 'nurse');
    expect(meds.ome.flags.map((f) => f.code)).toContain('OME_HIGH_DOSE');
  });

  it('the proposer cannot approve their own change; a clinician who is not clinical lead cannot approve', async () => {
    await setUp();
    await signedInAs(app, 'consultant', 'cons');
    const proposed = await app.ok('rules:save', proposal, 'lead');
    const own = await app.call('rules:approve', { proposalId: proposed.id }, 'lead');
    expect(!own.ok && own.error.message).toMatch(/second person/);
    const notLead = await app.call('rules:approve', { proposalId: proposed.id }, 'cons');
    expect(!notLead.ok && notLead.error.code).toBe('FORBIDDEN');
    const admin = await app.call('rules:approve', { proposalId: proposed.id }, 'admin');
    expect(!admin.ok && admin.error.code).toBe('FORBIDDEN');
  });

  it('a clinical lead approves: the change takes effect, and proposer and approver are both audited', async () => {
    const p = await setUp();
    const proposed = await app.ok('rules:save', proposal, 'admin');
    const saved = await app.ok(
      'rules:approve',
      { proposalId: proposed.id, note: 'Agreed at governance' },
      'lead',
    );
    expect(saved.version).toBe('9.9.0');
    expect(saved.savedBy).toBe('Admin'); // the proposer is recorded as the version's author
    expect(highDose(p.id)).toBe(0);
    const audit = app.dispatcher.conn.sqlite
      .prepare("SELECT action, user_name, user_role FROM audit_log WHERE action LIKE 'rules.%' ORDER BY id")
      .all();
    expect(audit).toEqual([
      { action: 'rules.propose', user_name: 'Admin', user_role: 'admin' },
      { action: 'rules.save', user_name: 'Dr Lead', user_role: 'consultant' },
      { action: 'rules.approve', user_name: 'Dr Lead', user_role: 'consultant' },
    ]);
    const again = await app.call('rules:approve', { proposalId: proposed.id }, 'lead');
    expect(!again.ok && again.error.code).toBe('CONFLICT');
  });

  it('a rejected proposal changes nothing', async () => {
    const p = await setUp();
    const proposed = await app.ok('rules:save', proposal, 'admin');
    const rejected = await app.ok('rules:reject', { proposalId: proposed.id, note: 'Unsafe' }, 'lead');
    expect(rejected).toMatchObject({ status: 'rejected', decidedBy: 'Dr Lead', decisionNote: 'Unsafe' });
    expect(highDose(p.id)).toBe(1);
  });
});
