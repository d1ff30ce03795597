/**
 * Issue 16: suggested cases were ranked by the oldest overdue action (actions from 2016 on top, a patient on
 * 210 mg/day OME 33rd). The expected order below is written by hand from the ranking rule's rationale
 * (high OME, open risk alerts, stalled tapers, outcomes due, rehabilitation, overdue actions; within each,
 * higher dose / newer first). Today is Tuesday 3 November 2026.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SUGGESTION_RULES,
  SUGGESTION_RANKING_RULE,
  rankSuggestions,
  suggestCases,
  type PatientSignals,
} from '../../../shared/clinical/mdt/index';

const TODAY = '2026-11-03';
const quiet = (patientId: string, patch: Partial<PatientSignals> = {}): PatientSignals => ({
  patientId,
  omeTotalMgPerDay: null,
  lastMdtDiscussedOn: null,
  ...patch,
});
const overdue = (dueDate: string) => [
  { description: 'Write to GP', ownerName: 'Dr Rao', dueDate, status: 'open' as const },
];

function ranked(patients: PatientSignals[]) {
  const signals = new Map(patients.map((p) => [p.patientId, p]));
  return rankSuggestions(suggestCases(patients, DEFAULT_SUGGESTION_RULES, TODAY), signals);
}

describe('suggestion ranking (rule mdt-suggestion-ranking 1.0.1)', () => {
  it('the quoted failure: 32 patients with actions overdue since 2016 no longer push a 210 mg/day patient to 33rd', () => {
    const old = Array.from({ length: 32 }, (_, i) =>
      quiet(String(i + 1), { lastMdtActions: overdue('2016-03-01') }),
    );
    const high = quiet('33', { omeTotalMgPerDay: 210, lastMdtDiscussedOn: null });
    const order = ranked([...old, high]);
    expect(order[0]).toMatchObject({ patientId: '33', rank: 1, priority: 'High opioid dose' });
  });

  it('orders by clinical priority then recency, as written by hand', () => {
    const patients = [
      // Overdue actions: one from 2016, one from last month (the recent one ranks first within the tier).
      quiet('A', { lastMdtActions: overdue('2016-03-01') }),
      quiet('B', { lastMdtActions: overdue('2026-10-20') }),
      // Rehabilitation with no progress, reviewed 1 October 2026.
      quiet('C', { rehabGoalsWithoutProgress: [{ goal: 'Walk to the shop', reviewedOn: '2026-10-01' }] }),
      // Intervention outcome needing a decision.
      quiet('D', {
        interventionsAwaitingDecision: [
          { procedure: 'Medial branch block', outcomeRecordedOn: '2026-10-10' },
        ],
      }),
      // Taper held 3 times and one held twice (3 first).
      quiet('E', { taperHoldsOrStepBacks: 2 }),
      quiet('F', { taperHoldsOrStepBacks: 3 }),
      // Open risk alert.
      quiet('G', {
        openRiskAlerts: [{ measure: 'PHQ-9', itemLabel: 'Thoughts of self-harm', answeredOn: '2026-11-01' }],
      }),
      // High OME: 120 and 210 mg/day (210 first); the 120 patient also has old overdue actions.
      quiet('H', { omeTotalMgPerDay: 120, lastMdtActions: overdue('2016-03-01') }),
      quiet('I', { omeTotalMgPerDay: 210 }),
    ];
    const order = ranked(patients);
    expect(order.map((s) => s.patientId)).toEqual(['I', 'H', 'G', 'F', 'E', 'D', 'C', 'B', 'A']);
    expect(order.map((s) => s.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(order[2]!.priority).toBe('Open risk alert');
    expect(order[2]!.reasons[0]!.text).toBe(
      '1 risk alert not yet acknowledged: PHQ-9 "Thoughts of self-harm" (answered 1 November 2026).',
    );
    expect(order[0]!.ranking).toEqual({ id: 'mdt-suggestion-ranking', version: '1.0.1' });
  });

  it('is a versioned rule with a source and rationale', () => {
    expect(SUGGESTION_RANKING_RULE.version).toBe('1.0.1');
    expect(SUGGESTION_RANKING_RULE.source).toMatch(/Opioids Aware/);
    expect(SUGGESTION_RANKING_RULE.rationale.length).toBeGreaterThan(50);
    expect(SUGGESTION_RANKING_RULE.order[0]).toBe('opioid-high-dose-not-discussed');
  });
});
