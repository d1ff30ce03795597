/**
 * Stop 7: the MDT case summary showed the GAS rule set by its database id ("rule set gas-kiresuk-sherman
 * v1.0.0"). A clinician reads the rule set's name and version; the source is on hover. The id must never show.
 * The real RunMeeting, client and dispatcher on a real SQLite database (tests/renderer/mdt/harness.tsx).
 */
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/db';
import { CHAIR } from '../../helpers/mdt';
import { connectRenderer, meetingUnderWay, Screen, testQueryClient } from './harness';

const GAS = 'Goal Attainment Scaling T-score, unweighted by default, baseline −1 or −2 (version 1.0.0)';

let app: TestApp;
let meetingId: number;
let listings: { first: number; second: number };

beforeEach(async () => {
  app = await connectRenderer(CHAIR);
  ({ meetingId, listings } = await meetingUnderWay(app));
  // Ashdown has a physiotherapy plan with one goal reviewed: a GAS T-score stored with its rule set.
  const patientId = (await app.ok('mdt:case:summary', { listingId: listings.first }, CHAIR)).patient.id;
  const plan = await app.ok(
    'rehab:createPlan',
    { patientId, pathway: 'physiotherapy', referralDate: '2026-09-01', treatmentStartDate: '2026-10-01' },
    CHAIR,
  );
  const goal = await app.ok(
    'rehab:addGoal',
    {
      planId: plan.id,
      goal: {
        whatMatters: 'I want to walk to the shop again',
        activity: 'walk to the shop',
        measure: 'minutes without stopping',
        target: '20 minutes',
        setOn: '2026-10-01',
        targetDate: '2027-01-15',
        domain: 'mobility',
        baseline: -1,
        levelMinus2: 'Cannot do it at all',
        levelMinus1: '5 minutes',
        levelZero: '20 minutes',
        levelPlus1: '30 minutes',
        levelPlus2: '45 minutes',
      },
    },
    CHAIR,
  );
  await app.ok(
    'rehab:review',
    {
      planId: plan.id,
      reviewDate: '2026-11-20',
      notes: 'Good progress',
      patientView: 'More confident',
      ratings: [{ goalId: goal.id, outcome: 'achieved as expected' }],
    },
    CHAIR,
  );
});
afterEach(async () => {
  cleanup();
  await app.close();
});

describe('MDT case summary names the GAS rule set as a clinician reads it', () => {
  it('shows the GAS rule set by name and version with the source on hover, and no id', async () => {
    const { RunMeeting } = await import('../../../renderer/src/features/mdt/RunMeeting');
    render(
      <Screen
        path={`/mdt/meetings/${meetingId}/run`}
        route="/mdt/meetings/:id/run"
        client={testQueryClient()}
      >
        <RunMeeting />
      </Screen>,
    );
    // Wait for the case summary itself, then the rule set inside it.
    const summary = await screen.findByRole('region', { name: 'Case summary' });
    const gas = await within(summary).findByText(GAS, { selector: 'span[title]' });
    expect(gas.getAttribute('title')).toMatch(/^Source: Kiresuk & Sherman 1968/);
    expect(gas.parentElement!.textContent).toMatch(
      /Latest GAS review 20-Nov-2026: .*\(rule set Goal Attainment/,
    );
    expect(document.body.textContent).not.toContain('gas-kiresuk-sherman');
    expect(document.body.textContent).not.toMatch(/\b[a-z0-9]+(?:-[a-z0-9]+)+ v?\d+\.\d+\.\d+/);
  });
});
