import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shippedDefault } from '../../shared/domain/rule-sets';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';

/**
 * Issue 18, Rehab "Measures due" (rehab:worklist): now counted and paged in SQL per collection point instead
 * of working out every active plan in JavaScript. The expectations are worked by hand from the shipped
 * collection points (shared/clinical/rehab/timepoints.ts: referral, start of treatment and discharge with a
 * 14-day window, 6 and 12 months after discharge with a 28-day window; core set BPI, PSEQ, PHQ-9, GAD-7,
 * EQ-5D-5L, plus PSFS from the start of treatment) and the 90-day look-back: on 30 November 2026 the
 * worklist covers due dates from 1 September 2026 to 30 November 2026.
 */
let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => app.close());

const CORE = ['BPI', 'PSEQ', 'PHQ-9', 'GAD-7', 'EQ-5D-5L'];
const CORE_WITH_PSFS = [...CORE, 'PSFS'];

async function planFor(
  surname: string,
  dates: { referralDate?: string; treatmentStartDate?: string; dischargeDate?: string },
  session = 'test',
) {
  const p = await app.ok(
    'patients:create',
    { surname, forename: 'Jo', dateOfBirth: '1970-01-01', sex: 'female', allergies: [] },
    session,
  );
  const plan = await app.ok(
    'rehab:createPlan',
    { patientId: p.id, pathway: 'physiotherapy', ...dates },
    session,
  );
  return { p, plan };
}

const row = (r: {
  patientName: string;
  timePointId: string;
  dueDate: string | null;
  status: string;
  outstanding: string[];
}) => [r.patientName, r.timePointId, r.dueDate, r.status, r.outstanding];

describe('Measures due worklist (issue 18)', () => {
  it('lists each outstanding collection point due in the last 90 days by due date, then patient', async () => {
    await signedInAs(app, 'physiotherapist');
    // Referral 1 September 2026: due that day, overdue after 15 September; nothing collected.
    await planFor('Adams', { referralDate: '2026-09-01' });
    // Referral 31 August: due a day before the look-back starts, so not listed.
    // Start of treatment 20 November: due, the window runs to 4 December; GAD-7 and PSEQ collected.
    const baker = await planFor('Baker', { referralDate: '2026-08-31', treatmentStartDate: '2026-11-20' });
    await app.ok('rehab:recordMeasureSet', {
      patientId: baker.p.id,
      planId: baker.plan.id,
      timePoint: 'treatment-start',
      administeredOn: '2026-11-21',
      forms: [
        { measure: 'GAD-7', answers: [2, 2, 2, 2, 2, 2, 2] },
        { measure: 'PSEQ', answers: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3] },
      ],
    });
    // Discharge 31 May 2026: 6 months later is 30 November (31 November does not exist), due today. The
    // discharge point itself (31 May) is before the look-back; 12 months (31 May 2027) is not yet due.
    await planFor('Clark', { dischargeDate: '2026-05-31' });
    // Discharge 30 November 2025: 12 months later is 30 November 2026, due; 6 months (30 May) is too old.
    await planFor('Davies', { dischargeDate: '2025-11-30' });
    // Referral 1 October 2026 but every referral measure collected: complete, not listed.
    const evans = await planFor('Evans', { referralDate: '2026-10-01' });
    await app.ok('rehab:recordMeasureSet', {
      patientId: evans.p.id,
      planId: evans.plan.id,
      timePoint: 'referral',
      administeredOn: '2026-10-02',
      forms: [
        { measure: 'BPI', answers: [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5] },
        { measure: 'PSEQ', answers: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3] },
        { measure: 'PHQ-9', answers: [1, 1, 1, 1, 1, 1, 1, 1, 0] },
        { measure: 'GAD-7', answers: [2, 2, 2, 2, 2, 2, 2] },
        { measure: 'EQ-5D-5L', answers: [2, 2, 2, 2, 2, 70] },
      ],
    });

    const wl = await app.ok('rehab:worklist', { asOf: '2026-11-30', limit: 200 });
    expect(wl.items.map(row)).toEqual([
      ['ADAMS, Jo', 'referral', '2026-09-01', 'overdue', CORE],
      ['BAKER, Jo', 'treatment-start', '2026-11-20', 'due', ['BPI', 'PHQ-9', 'EQ-5D-5L', 'PSFS']],
      // Clark and Davies share the due date: by patient, Clark registered first.
      ['CLARK, Jo', 'discharge-6m', '2026-11-30', 'due', CORE_WITH_PSFS],
      ['DAVIES, Jo', 'discharge-12m', '2026-11-30', 'due', CORE_WITH_PSFS],
    ]);
    expect(wl.total).toBe(4);
    // The first two only, and the total still counts all four.
    const two = await app.ok('rehab:worklist', { asOf: '2026-11-30', limit: 2 });
    expect(two.items.map((i) => i.patientName)).toEqual(['ADAMS, Jo', 'BAKER, Jo']);
    expect(two.total).toBe(4);
  });

  it('a page that ends among plans sharing a month-end due date takes them by patient, not by anchor date', async () => {
    await signedInAs(app, 'physiotherapist');
    // Discharged 31, 30 and 29 August 2026: 6 months later is 28 February 2027 for all three (no 29-31
    // February). Registered in that order, so by patient the 31 August discharge comes first.
    await planFor('Hughes', { dischargeDate: '2026-08-31' });
    await planFor('Green', { dischargeDate: '2026-08-30' });
    await planFor('Fox', { dischargeDate: '2026-08-29' });
    // On 5 March 2027 the look-back starts 5 December 2026; 28 February is inside the 28-day window: due.
    const wl = await app.ok('rehab:worklist', { asOf: '2027-03-05', limit: 2 });
    expect(wl.items.map(row)).toEqual([
      ['HUGHES, Jo', 'discharge-6m', '2027-02-28', 'due', CORE_WITH_PSFS],
      ['GREEN, Jo', 'discharge-6m', '2027-02-28', 'due', CORE_WITH_PSFS],
    ]);
    expect(wl.total).toBe(3);
  });

  it('lists a service’s own collection points: 3 months after referral, 18 months after discharge', async () => {
    await signedInAs(app, 'admin', 'admin');
    await signedInAs(app, 'physiotherapist', 'physio');
    const body = structuredClone(shippedDefault('rehab-timepoints').body) as { timePoints: unknown[] };
    body.timePoints.push(
      {
        id: 'referral-3m',
        label: '3 months after referral',
        anchor: 'referral',
        offsetMonths: 3,
        windowDays: 14,
        measures: ['GAD-7', 'PSEQ'],
      },
      {
        id: 'discharge-18m',
        label: '18 months after discharge',
        anchor: 'discharge',
        offsetMonths: 18,
        windowDays: 28,
        measures: CORE_WITH_PSFS,
      },
    );
    const proposal = await app.ok(
      'rules:save',
      {
        kind: 'rehab-timepoints',
        setKey: 'rehab-timepoints-default',
        version: '1.1.0',
        name: 'Follow-ups at 3 months after referral and 18 months after discharge',
        source: 'Local',
        reason: 'Service audit of longer-term outcomes',
        body,
      },
      'admin',
    );
    // A clinical lead (not the proposer) approves it: it takes effect now.
    const lead = await app.ok(
      'users:create',
      {
        username: 'lead1',
        displayName: 'Clinical Lead',
        role: 'physiotherapist',
        password: 'correct horse battery',
      },
      'admin',
    );
    await app.ok('users:update', { id: lead.id, version: lead.version, clinicalLead: true }, 'admin');
    await app.ok('auth:signIn', { username: 'lead1', password: 'correct horse battery' }, 'lead');
    await app.ok('rules:approve', { proposalId: proposal.id }, 'lead');
    // Referral 15 August 2026: 3 months later is 15 November, window to 29 November: overdue on 30 November.
    // (The referral point itself, 15 August, is before the look-back.)
    await planFor('Owen', { referralDate: '2026-08-15' }, 'physio');
    // Discharge 31 May 2025: 18 months later is 30 November 2026, due (the 6- and 12-month points are old).
    await planFor('Price', { dischargeDate: '2025-05-31' }, 'physio');
    const wl = await app.ok('rehab:worklist', { asOf: '2026-11-30', limit: 200 }, 'physio');
    expect(wl.items.map(row)).toEqual([
      ['OWEN, Jo', 'referral-3m', '2026-11-15', 'overdue', ['GAD-7', 'PSEQ']],
      ['PRICE, Jo', 'discharge-18m', '2026-11-30', 'due', CORE_WITH_PSFS],
    ]);
    expect(wl.total).toBe(2);
  });
});
