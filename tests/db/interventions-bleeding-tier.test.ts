import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/db';
import { interventionsTeam, readyRecord, theatreSession } from '../helpers/seed';

/**
 * Issue 14: "The bleeding-risk tier can be raised by patient factors (age, renal or liver disease,
 * coagulopathy, other antithrombotics) with the tier and why shown", wired to the hold plan.
 * Hand-worked from ASRA/ESRA 2018 (Narouze et al.) and UK ICB steroid policies:
 * - §2.2 (ASRA/ESRA pain 2018, Narouze 2018): lumbar medial branch block is LOW risk; patient factors (older
 *   age, coagulopathy, severe liver/kidney disease, concurrent antithrombotics) move it up a tier, to
 *   INTERMEDIATE. "Older age" has no figure: the rule set's example value is 65.
 * - §2.3 (ASRA 2018 column): apixaban, intermediate risk, 3-5 days: the longer end, 120 h; low risk: continue.
 * - Tue 15 Dec 2026 08:30 (GMT) − 120 h = Thu 10 Dec 2026 08:30.
 * - Born 1 May 1954: aged 72 on 15 Dec 2026 (72 ≥ 65). Born 1 January 1976: aged 50.
 */
let app: TestApp;
let clinicianId: number;

beforeEach(async () => {
  app = await createTestApp();
  clinicianId = await interventionsTeam(app, {});
});
afterEach(async () => app.close());

async function mbbOnApixaban(dateOfBirth: string, nhsNumber: string) {
  const p = await app.ok(
    'patients:create',
    { nhsNumber, surname: 'Tier', forename: 'Test', dateOfBirth, sex: 'female' },
    'nurse',
  );
  const r = await app.ok(
    'interventions:request',
    {
      patientId: p.id,
      procedureCode: 'MBB_L',
      side: 'right',
      site: 'L4-5',
      indication: 'Facet-mediated low back pain',
      priority: 'P3',
      requestedClinicianId: clinicianId,
      rttClockStart: '2026-10-01',
    },
    'nurse',
  );
  const d = await app.ok(
    'interventions:updateReadiness',
    { id: r.id, version: r.version, readiness: readyRecord({ crclMlPerMin: 72, crclDate: '2026-11-19' }) },
    'consultant',
  );
  return app.ok(
    'interventions:addAntithrombotic',
    { requestId: d.id, drug: 'apixaban', dose: '5 mg twice daily', doseTimes: ['08:00', '20:00'] },
    'nurse',
  );
}

describe('bleeding-risk tier raised by patient factors, used by the hold plan', () => {
  it('a lumbar MBB (low) in a 72-year-old on apixaban is planned as intermediate: 120 h hold, last dose Thu 10 Dec 08:30', async () => {
    const d = await mbbOnApixaban('1954-05-01', '9434765919');
    const s = await theatreSession(app, clinicianId, { date: '2026-12-15' });
    const approved = await app.ok(
      'interventions:approveHold',
      { antithromboticId: d.antithrombotics[0]!.id, sessionId: s.id },
      'pharmacist',
    );
    const plan = approved.antithrombotics[0]!.plan;
    expect(plan.status).toBe('hold');
    expect(plan.holdHours).toBe(120);
    expect(plan.latestLastDoseAt).toBe('2026-12-10T08:30');
    expect(plan.bleedingTier).toMatchObject({
      procedureTier: 'low',
      tier: 'intermediate',
      raised: true,
      reasons: ['age 72 (65 or over)'],
    });
    expect(plan.bleedingTier!.source).toMatch(/Narouze/);
    // Readiness says so too, with why.
    const tier = approved.readiness.items.find((i) => i.id === 'bleeding-risk-tier')!;
    expect(tier.message).toBe('Moved up from low to intermediate (age 72 (65 or over)).');
  });

  it('a 50-year-old stays low (apixaban continued) until a clinician records a coagulopathy; then intermediate, 120 h', async () => {
    const d = await mbbOnApixaban('1976-01-01', '9876543210');
    expect(d.antithrombotics[0]!.plan.status).toBe('no-hold');
    expect(d.antithrombotics[0]!.plan.bleedingTier).toMatchObject({
      tier: 'low',
      raised: false,
      reasons: [],
    });
    const r = await app.ok(
      'interventions:updateReadiness',
      {
        id: d.id,
        version: d.version,
        readiness: { ...d.readinessRecord, coagulopathy: true },
      },
      'consultant',
    );
    expect(r.antithrombotics[0]!.plan).toMatchObject({
      status: 'hold',
      holdHours: 120,
      bleedingTier: { procedureTier: 'low', tier: 'intermediate', reasons: ['coagulopathy'] },
    });
  });

  it('steroid planned in a patient with diabetes warns with the 12-month steroid total', async () => {
    // ICB steroid-limit policies: flag diabetics given steroid for glucose-monitoring advice; the cumulative
    // steroid over 12 months is a display, not a block.
    const d = await mbbOnApixaban('1976-01-01', '9876543210');
    const r = await app.ok(
      'interventions:updateReadiness',
      {
        id: d.id,
        version: d.version,
        readiness: { ...d.readinessRecord, steroidPlanned: true, diabetic: true, cumulativeSteroidMg12m: 80 },
      },
      'consultant',
    );
    const item = r.readiness.items.find((i) => i.id === 'steroid-and-diabetes')!;
    expect(item.status).toBe('warn');
    expect(item.message).toBe(
      'Steroid planned in a patient with diabetes: give glucose-monitoring advice (glucose may rise for 1-2 days or longer). Steroid in the last 12 months: 80 mg methylprednisolone-equivalent.',
    );
    expect(r.readinessRecord).toMatchObject({
      steroidPlanned: true,
      diabetic: true,
      cumulativeSteroidMg12m: 80,
    });
  });
});
