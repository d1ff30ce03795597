import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RehabHome } from '../../renderer/src/features/rehab/ServiceView';
import { rendererApp, renderScreen, SESSION, type RendererApp } from './harness';

/**
 * Issue 15, "Service view": a financial year chosen on the Service outcomes tab shows paired-score
 * completeness and the GAS summary for the period, exports them as CSV and prints. Worked by hand:
 * one physiotherapy episode referred 01-Sep-2026 with PHQ-9 on 02-Sep (16) and 10-Nov (0), and a GAD-7
 * once; one GAS review with levels 0 and +2 → T = 50 + 10×2/√(0.7×2 + 0.3×4) = 62.4 (Kiresuk & Sherman
 * 1968, ρ = 0.3).
 */
let r: RendererApp;
afterEach(async () => {
  vi.restoreAllMocks();
  await r.close();
});

const goal = (activity: string) => ({
  whatMatters: `I want to ${activity} again`,
  activity,
  measure: 'minutes without stopping',
  target: '20 minutes',
  setOn: '2026-10-01',
  targetDate: '2027-01-15',
  domain: 'mobility' as const,
  baseline: -1 as const,
  levelMinus2: 'Cannot do it at all',
  levelMinus1: '5 minutes',
  levelZero: '20 minutes',
  levelPlus1: '30 minutes',
  levelPlus2: '45 minutes',
});

describe('Service outcomes for a period', () => {
  it('a financial year: completeness, GAS summary, CSV export and print', async () => {
    r = await rendererApp('physiotherapist');
    const p = await r.app.ok(
      'patients:create',
      { surname: 'Able', forename: 'Jo', dateOfBirth: '1970-01-01', sex: 'female', allergies: [] },
      SESSION,
    );
    const plan = await r.app.ok(
      'rehab:createPlan',
      { patientId: p.id, pathway: 'physiotherapy', referralDate: '2026-09-01' },
      SESSION,
    );
    const measure = (m: 'PHQ-9' | 'GAD-7', on: string, answers: number[]) =>
      r.app.ok(
        'rehab:recordMeasure',
        { patientId: p.id, measure: m, timePoint: 'referral', administeredOn: on, answers },
        SESSION,
      );
    await measure('PHQ-9', '2026-09-02', [2, 2, 2, 2, 2, 2, 2, 2, 0]);
    await measure('PHQ-9', '2026-11-10', [0, 0, 0, 0, 0, 0, 0, 0, 0]);
    await measure('GAD-7', '2026-09-02', [1, 1, 1, 1, 1, 1, 1]);
    const g1 = await r.app.ok('rehab:addGoal', { planId: plan.id, goal: goal('walk') }, SESSION);
    const g2 = await r.app.ok('rehab:addGoal', { planId: plan.id, goal: goal('swim') }, SESSION);
    await r.app.ok(
      'rehab:review',
      {
        planId: plan.id,
        reviewDate: '2026-11-20',
        ratings: [
          { goalId: g1.id, outcome: 'achieved as expected' },
          { goalId: g2.id, outcome: 'a lot more than expected' },
        ],
      },
      SESSION,
    );
    let saved: Blob | null = null;
    URL.createObjectURL = vi.fn((b: Blob) => {
      saved = b;
      return 'blob:service';
    }) as typeof URL.createObjectURL;
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const print = vi.fn();
    window.print = print;

    const { user } = await renderScreen(<RehabHome tab="outcomes" />);
    const periodSelect = await screen.findByLabelText('Period', undefined, { timeout: 20_000 });
    const fy = [...(periodSelect as HTMLSelectElement).options].find(
      (o) => o.text === 'Financial year 2026/27',
    )!;
    await user.selectOptions(periodSelect, fy.value);
    const completeness = await screen.findByRole(
      'table',
      { name: 'Paired-score completeness' },
      { timeout: 20_000 },
    );
    const rows = within(completeness)
      .getAllByRole('row')
      .slice(1)
      .map((tr) =>
        within(tr)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      );
    expect(rows).toEqual([
      ['PHQ-9', '1', '1', '100.0%'],
      ['GAD-7', '1', '0', '0.0%'],
    ]);
    const gas = screen.getByRole('table', { name: 'GAS summary' });
    expect(within(gas).getByRole('row', { name: /Mean T-score/ }).textContent).toBe('Mean T-score62.4');
    expect(r.sent.find((s) => s.channel === 'rehab:servicePeriod')!.payload).toEqual({
      pathway: null,
      from: '2026-04-01',
      to: '2027-03-31',
    });

    await user.click(screen.getByRole('button', { name: 'Export the period as CSV' }));
    const csv = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(saved!);
    });
    expect(csv).toContain('Patient Health Questionnaire (PHQ-9),1,1,100\r\n');
    expect(csv).toContain('Patient Health Questionnaire (PHQ-9),1,1,0,100\r\n');
    expect(csv).toContain('Mean T-score,62.4');
    await user.click(screen.getByRole('button', { name: 'Print' }));
    expect(print).toHaveBeenCalledTimes(1);
  });
});
