import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Patient } from '../../shared/domain/patient';
import type { RehabGoal } from '../../shared/domain/rehab';
import { PatientRehab } from '../../renderer/src/features/rehab/PatientRehab';
import { signedInAs } from '../helpers/db';
import { JO } from '../helpers/seed';
import { eventually, rendererApp, renderScreen, SESSION, type RendererApp } from './harness';

/** Issue 15: "goals cannot be edited, withdrawn or marked achieved" (the services existed; the edit form did not). */

let r: RendererApp;
let patient: Patient;
let goal: RehabGoal;
beforeEach(async () => {
  r = await rendererApp('physiotherapist');
  patient = await r.app.ok('patients:create', JO, SESSION);
  const plan = await r.app.ok(
    'rehab:createPlan',
    { patientId: patient.id, pathway: 'physiotherapy', referralDate: '2026-10-01' },
    SESSION,
  );
  goal = await r.app.ok(
    'rehab:addGoal',
    {
      planId: plan.id,
      goal: {
        whatMatters: 'I want to walk the dog again',
        activity: 'Walk the dog',
        measure: 'minutes without stopping',
        target: '20 minutes',
        setOn: '2026-10-05',
        targetDate: '2027-01-15',
        domain: 'mobility',
        baseline: -1,
        levelMinus2: 'Cannot walk outside',
        levelMinus1: '5 minutes',
        levelZero: '20 minutes',
        levelPlus1: '30 minutes',
        levelPlus2: '45 minutes',
      },
    },
    SESSION,
  );
  r.sent.length = 0;
});
afterEach(() => r.close());

describe('Goal actions (renderer, real dispatcher)', () => {
  it('edit: starts from the goal, needs a reason, sends one rehab:editGoal; the old version is kept as replaced', async () => {
    const { user } = await renderScreen(<PatientRehab patient={patient} />);
    const card = await screen.findByRole('article', { name: 'Goal 1' });
    await user.click(within(card).getByRole('button', { name: 'Edit…' }));
    const form = await screen.findByRole('form', { name: 'Edit goal: Walk the dog' });
    const target = within(form).getByLabelText(/^Target\s*\*?$/) as HTMLInputElement;
    expect(target.value).toBe('20 minutes');
    await user.clear(target);
    await user.type(target, '15 minutes');
    await user.click(within(form).getByRole('button', { name: 'Save the new version' }));
    expect(await within(form).findByText('Enter the reason for the change.')).toBeTruthy();
    expect(r.writes()).toHaveLength(0);

    await user.type(within(form).getByLabelText(/^Reason for the change/), 'Agreed a smaller step with Jo');
    await user.dblClick(within(form).getByRole('button', { name: 'Save the new version' }));
    await eventually(() => screen.queryByRole('form', { name: 'Edit goal: Walk the dog' }) === null);
    const sent = r.writes('rehab:editGoal');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload).toMatchObject({
      goalId: goal.id,
      reason: 'Agreed a smaller step with Jo',
      goal: { target: '15 minutes', activity: 'Walk the dog', setOn: '2026-10-05' },
    });
    const summary = await r.app.ok('rehab:summary', { patientId: patient.id }, SESSION);
    const goals = summary.plans[0]!.goals;
    expect(goals.map((g) => [g.target, g.status])).toEqual([
      ['20 minutes', 'superseded'],
      ['15 minutes', 'active'],
    ]);
    expect(await screen.findByText(/Target: 15 minutes/)).toBeTruthy();
  });

  it('mark achieved asks for the reason and sends one rehab:goalStatus', async () => {
    const { user } = await renderScreen(<PatientRehab patient={patient} />);
    const card = await screen.findByRole('article', { name: 'Goal 1' });
    await user.click(within(card).getByRole('button', { name: 'Mark achieved…' }));
    const form = await screen.findByRole('form', { name: 'Mark achieved…' });
    await user.click(within(form).getByRole('button', { name: 'Mark achieved' }));
    expect(await within(form).findByText('Enter the reason.')).toBeTruthy();
    await user.type(within(form).getByLabelText('Reason'), 'Walked 25 minutes at review');
    await user.click(within(form).getByRole('button', { name: 'Mark achieved' }));
    await eventually(() => r.writes('rehab:goalStatus').length === 1);
    expect(r.writes('rehab:goalStatus')[0]!.payload).toMatchObject({ goalId: goal.id, status: 'achieved' });
    expect(await screen.findByText(/Walked 25 minutes at review/)).toBeTruthy();
  });

  it('withdraw (react-hook-form + zod): a blank reason is refused beside the field, nothing sent; then one rehab:goalStatus', async () => {
    const { user } = await renderScreen(<PatientRehab patient={patient} />);
    const card = await screen.findByRole('article', { name: 'Goal 1' });
    await user.click(within(card).getByRole('button', { name: 'Withdraw…' }));
    const form = await screen.findByRole('form', { name: 'Withdraw…' });
    await user.type(within(form).getByLabelText('Reason'), '   ');
    await user.click(within(form).getByRole('button', { name: 'Withdraw the goal' }));
    expect(await within(form).findByText('Enter the reason.')).toBeTruthy();
    expect(r.writes()).toHaveLength(0);
    await user.clear(within(form).getByLabelText('Reason'));
    await user.type(within(form).getByLabelText('Reason'), 'Moved to the pain management programme');
    await user.click(within(form).getByRole('button', { name: 'Withdraw the goal' }));
    await eventually(() => r.writes('rehab:goalStatus').length === 1);
    expect(r.writes('rehab:goalStatus')[0]!.payload).toEqual({
      goalId: goal.id,
      status: 'withdrawn',
      reason: 'Moved to the pain management programme',
    });
  });

  it('issue 19: a colleague marked the goal achieved while the form was open: the form says who and when, nothing saved', async () => {
    await signedInAs(r.app, 'consultant', 'colleague');
    const { user } = await renderScreen(<PatientRehab patient={patient} />);
    const card = await screen.findByRole('article', { name: 'Goal 1' });
    await user.click(within(card).getByRole('button', { name: 'Withdraw…' }));
    const form = await screen.findByRole('form', { name: 'Withdraw…' });
    await user.type(within(form).getByLabelText('Reason'), 'Moved to the pain management programme');
    // Meanwhile, at another desk (the test clock: 21-Nov-2026 10:00 UTC, 10:00 in London).
    await r.app.ok(
      'rehab:goalStatus',
      { goalId: goal.id, status: 'achieved', reason: 'Walked 25 minutes at review' },
      'colleague',
    );
    await user.click(within(form).getByRole('button', { name: 'Withdraw the goal' }));
    expect(
      await within(form).findByText(
        'This goal is already marked achieved. Test consultant changed it at 10:00 on 21-Nov-2026 (rehab goal marked achieved).',
      ),
    ).toBeTruthy();
    const summary = await r.app.ok('rehab:summary', { patientId: patient.id }, SESSION);
    expect(summary.plans[0]!.goals.map((g) => g.status)).toEqual(['achieved']);
  });
});
