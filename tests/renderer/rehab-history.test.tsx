import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PatientRecordPage } from '../../renderer/src/features/patients/PatientRecord';
import { findDeveloperText } from '../e2e/screen-text';
import { JO, OXY_MR } from '../helpers/seed';
import { rendererApp, renderScreen, SESSION, type RendererApp } from './harness';

/**
 * Issue 15: "history entries read as sentences with labels and values a clinician understands". Before,
 * the History tab listed a goal edit as raw fields ("targetDate: 2027-01-15 → 2027-02-26", "levels: …")
 * and a measure as its stored object. The expected sentences are written out by hand.
 */
let r: RendererApp;
afterEach(() => r.close());

const GOAL = {
  whatMatters: 'I want to walk the dog again',
  activity: 'Walk the dog',
  measure: 'minutes without stopping',
  target: '20 minutes',
  setOn: '2026-10-05',
  targetDate: '2027-01-15',
  domain: 'mobility' as const,
  baseline: -1 as const,
  levelMinus2: 'Cannot walk outside',
  levelMinus1: '5 minutes',
  levelZero: '20 minutes',
  levelPlus1: '30 minutes',
  levelPlus2: '45 minutes',
};

describe('Rehabilitation history as sentences', () => {
  it('goal set, changed (with the reason and what changed), achieved, and a PHQ-9 recorded', async () => {
    r = await rendererApp('physiotherapist');
    const patient = await r.app.ok('patients:create', JO, SESSION);
    const plan = await r.app.ok(
      'rehab:createPlan',
      { patientId: patient.id, pathway: 'physiotherapy', referralDate: '2026-10-01' },
      SESSION,
    );
    const goal = await r.app.ok('rehab:addGoal', { planId: plan.id, goal: GOAL }, SESSION);
    const edited = await r.app.ok(
      'rehab:editGoal',
      { goalId: goal.id, goal: { ...GOAL, targetDate: '2027-02-26' }, reason: 'the patient moved house' },
      SESSION,
    );
    await r.app.ok(
      'rehab:goalStatus',
      { goalId: edited.id, status: 'achieved', reason: 'walks the dog daily' },
      SESSION,
    );
    await r.app.ok(
      'rehab:recordMeasure',
      {
        patientId: patient.id,
        measure: 'PHQ-9',
        timePoint: 'referral',
        administeredOn: '2026-11-02',
        answers: [1, 1, 1, 1, 1, 1, 1, 1, 0],
      },
      SESSION,
    );
    const { user } = await renderScreen(<PatientRecordPage mode="view" />, {
      path: `/patients/${patient.id}`,
      pattern: '/patients/:id',
    });
    await user.click(await screen.findByRole('tab', { name: 'History' }, { timeout: 20_000 }));
    const table = await screen.findByRole('table', { name: 'Record history' }, { timeout: 20_000 });
    // Element by element (textContent alone runs neighbouring cells and lines together).
    const text = [...table.querySelectorAll('td, td > div')]
      .map((c) => (c.children.length ? '' : (c.textContent ?? '')))
      .join('\n');
    // The test clock: 21-Nov-2026 10:00 UTC = 10:00 in London (GMT).
    const by = 'on 21-Nov-2026 at 10:00 by Test physiotherapist (Physiotherapist)';
    expect(within(table).getByText(`Goal set ${by}: “Walk the dog”, target date 15-Jan-2027.`)).toBeTruthy();
    expect(
      within(table).getByText(
        `Goal changed ${by} because the patient moved house: target date 15-Jan-2027 → 26-Feb-2027.`,
      ),
    ).toBeTruthy();
    expect(within(table).getByText(`Goal marked achieved ${by} because walks the dog daily.`)).toBeTruthy();
    // PHQ-9 total: eight items of 1 and item 9 = 0 → 8 (Kroenke et al. 2001: sum of the nine items).
    expect(within(table).getByText(`PHQ-9 recorded ${by}: completed 02-Nov-2026, score 8.`)).toBeTruthy();
    expect(findDeveloperText(text)).toEqual([]);
    expect(text).not.toMatch(/targetDate|whatMatters|\[object|\bfalse\b|\btrue\b/);
  });

  it('a medicine added and its dose changed: every changed field in words, never its name in the code (issue 18)', async () => {
    r = await rendererApp('consultant');
    const patient = await r.app.ok('patients:create', JO, SESSION);
    const entry = await r.app.ok('meds:add', { patientId: patient.id, medicine: OXY_MR }, SESSION);
    await r.app.ok(
      'meds:change',
      {
        itemId: entry!.itemId,
        version: entry!.version,
        medicine: { ...OXY_MR, doseMg: 30 },
        reason: 'Flare',
      },
      SESSION,
    );
    const { user } = await renderScreen(<PatientRecordPage mode="view" />, {
      path: `/patients/${patient.id}`,
      pattern: '/patients/:id',
    });
    await user.click(await screen.findByRole('tab', { name: 'History' }, { timeout: 20_000 }));
    const table = await screen.findByRole('table', { name: 'Record history' }, { timeout: 20_000 });
    const labels = [...table.querySelectorAll('td > div > span')].map((e) => e.textContent ?? '');
    expect(labels.length).toBeGreaterThan(0);
    // Before: the total's field showed as stored, "omeMgPer24h".
    for (const l of labels) expect(l).not.toMatch(/[a-z][A-Z]|_/);
    expect(labels).toContain('OME mg per 24 hours');
  });
});
