import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CohortReportPage } from '../../renderer/src/features/rehab/Groups';
import { PatientSocial } from '../../renderer/src/features/rehab/Social';
import { JO } from '../helpers/seed';
import { rendererApp, renderScreen, SESSION, type RendererApp } from './harness';

/**
 * Stop 7: the rehabilitation and MDT screens still showed a rule set by its database id and version
 * ("gas-kiresuk-sherman 1.0.0", "rehab-outcome-measures 1.0.0"). A clinician reads the rule set's name and
 * version; the source is on hover. The id must never show.
 */
const ID_SHOWN = /\b[a-z0-9]+(?:-[a-z0-9]+)+ v?\d+\.\d+\.\d+/;
const MEASURES = 'Outcome measure scoring, bands and change thresholds (Alongside defaults) (version 1.0.0)';
const GAS = 'Goal Attainment Scaling T-score, unweighted by default, baseline −1 or −2 (version 1.0.0)';

let r: RendererApp;
beforeEach(async () => {
  r = await rendererApp('physiotherapist');
});
afterEach(() => r.close());

describe('Rehabilitation and MDT screens name rule sets as a clinician reads them (renderer, real dispatcher)', () => {
  it('cohort report: the measures and GAS rule sets by name and version, the source on hover, no id', async () => {
    const g = await r.app.ok(
      'rehab:groupCreate',
      {
        name: 'Autumn pain management programme',
        facilitators: 'Tom Nowak (physiotherapist)',
        location: 'Outpatients, room 4',
        capacity: 10,
        completionPercent: 75,
        sessions: [
          { date: '2026-10-01', topic: 'Understanding pain' },
          { date: '2026-10-08', topic: 'Sleep' },
        ],
      },
      SESSION,
    );
    await renderScreen(<CohortReportPage />, {
      path: `/rehab/groups/${g.id}/report`,
      pattern: '/rehab/groups/:id/report',
    });
    // Wait for the rule set line itself (its own span), not for text that may be elsewhere.
    const measures = await screen.findByText(MEASURES, { selector: 'span[title]' });
    const line = measures.closest('p') ?? measures.parentElement!.parentElement!;
    expect(
      within(line as HTMLElement)
        .getByText(GAS)
        .getAttribute('title'),
    ).toMatch(/^Source: Kiresuk & Sherman 1968/);
    expect(measures.getAttribute('title')).toMatch(
      /^Source: Alongside domain review of rehabilitation outcome/,
    );
    expect(line.textContent).toContain(`Rule sets: ${MEASURES}, ${GAS}. Figures as of`);
    expect(document.body.textContent).not.toMatch(ID_SHOWN);
    expect(document.body.textContent).not.toContain('gas-kiresuk-sherman');
    expect(document.body.textContent).not.toContain('rehab-outcome-measures');
  });
  it('social prescribing: the SWEMWBS change names the measures rule set, the source on hover, no id', async () => {
    const p = await r.app.ok('patients:create', JO, SESSION);
    await r.app.ok(
      'rehab:createPlan',
      {
        patientId: p.id,
        pathway: 'physiotherapy',
        referralDate: '2026-08-01',
        treatmentStartDate: '2026-08-15',
      },
      SESSION,
    );
    const ref = await r.app.ok(
      'rehab:spRefer',
      {
        patientId: p.id,
        referredOn: '2026-09-01',
        route: 'community-activity',
        activityType: 'walking-group',
        activity: 'Tuesday walking group, Victoria Park',
        provider: 'Ramblers Wellbeing Walks',
        frequency: 'weekly',
        reason: 'Low mood and inactivity since stopping work',
      },
      SESSION,
    );
    const swemwbs = (date: string, answers: number[]) =>
      r.app.ok(
        'rehab:recordMeasure',
        { patientId: p.id, measure: 'SWEMWBS', timePoint: 'other', administeredOn: date, answers },
        SESSION,
      );
    const before = await swemwbs('2026-09-01', [2, 2, 2, 2, 2, 2, 2]);
    const attending = await r.app.ok(
      'rehab:spAttendance',
      { referralId: ref.id, sessionDate: '2026-09-08', attended: true },
      SESSION,
    );
    const after = await swemwbs('2026-11-01', [3, 3, 3, 3, 3, 3, 3]);
    await r.app.ok(
      'rehab:spLinkMeasures',
      {
        referralId: ref.id,
        version: attending.version,
        measure: 'SWEMWBS',
        beforeMeasureId: before.id,
        afterMeasureId: after.id,
      },
      SESSION,
    );
    await renderScreen(<PatientSocial patient={p} measures={[before, after]} />);
    const section = await screen.findByRole('region', { name: 'Social prescribing' });
    const rules = await within(section).findByText(MEASURES, { selector: 'span[title]' });
    expect(rules.getAttribute('title')).toMatch(/^Source: Alongside domain review of rehabilitation outcome/);
    expect(rules.parentElement!.textContent).toMatch(/\(rule set Outcome measure scoring/);
    expect(document.body.textContent).not.toContain('rehab-outcome-measures');
    expect(document.body.textContent).not.toMatch(ID_SHOWN);
  });
});
