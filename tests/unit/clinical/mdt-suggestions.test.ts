/**
 * Suggested cases: each trigger firing and not firing, with the reason text. Today is Tuesday 3 November
 * 2026 unless said otherwise; 6 months before it is 3 May 2026.
 */
import { describe, expect, it } from 'vitest';
import { ClinicalInputError } from '../../../shared/clinical/errors';
import {
  DEFAULT_SUGGESTION_RULES,
  parseSuggestionRules,
  suggestCases,
  type PatientSignals,
  type SuggestionRuleSet,
} from '../../../shared/clinical/mdt/index';

const TODAY = '2026-11-03';

/** A patient with nothing to suggest. */
const quiet = (patch: Partial<PatientSignals> = {}): PatientSignals => ({
  patientId: 'P',
  omeTotalMgPerDay: null,
  lastMdtDiscussedOn: null,
  ...patch,
});

const reasonsOf = (p: PatientSignals, rules: SuggestionRuleSet = DEFAULT_SUGGESTION_RULES, today = TODAY) =>
  suggestCases([p], rules, today)[0]?.reasons ?? [];

describe('opioid load at or above 90 mg/day OME, not discussed in 6 months', () => {
  it.each([
    // 120 >= 90 and 2 May 2026 is before 3 May 2026 -> fires.
    [
      quiet({ omeTotalMgPerDay: 120, lastMdtDiscussedOn: '2026-05-02' }),
      'Opioid load 120 mg/day OME is at or above the 90 mg/day high-dose threshold, with no MDT discussion ' +
        'in the last 6 months (last discussed 2 May 2026).',
    ],
    // Exactly 90: the threshold is inclusive. Never discussed.
    [
      quiet({ omeTotalMgPerDay: 90, lastMdtDiscussedOn: null }),
      'Opioid load 90 mg/day OME is at or above the 90 mg/day high-dose threshold, with no MDT discussion ' +
        'in the last 6 months (never discussed at an MDT).',
    ],
    // An incomplete total of 97.5 is a lower bound and still at or above 90.
    [
      quiet({ omeTotalMgPerDay: 97.5, omeTotalIncomplete: true, lastMdtDiscussedOn: '2025-11-03' }),
      'Opioid load at least 97.5 mg/day OME (the total leaves some medicines out) is at or above the ' +
        '90 mg/day high-dose threshold, with no MDT discussion in the last 6 months (last discussed 3 November 2025).',
    ],
  ])('fires for %j', (patient, text) => {
    expect(reasonsOf(patient)).toEqual([{ code: 'opioid-high-dose-not-discussed', text }]);
  });

  it.each([
    ['just below the threshold (89.9)', quiet({ omeTotalMgPerDay: 89.9, lastMdtDiscussedOn: null })],
    [
      'discussed exactly 6 months ago (3 May 2026 counts as recent)',
      quiet({ omeTotalMgPerDay: 120, lastMdtDiscussedOn: '2026-05-03' }),
    ],
    ['discussed last month', quiet({ omeTotalMgPerDay: 200, lastMdtDiscussedOn: '2026-10-06' })],
    ['no OME recorded', quiet({ omeTotalMgPerDay: null })],
  ])('does not fire when %s', (_label, patient) => {
    expect(reasonsOf(patient)).toEqual([]);
  });

  it('clamps at month ends: 6 months before 31 August 2026 is 28 February 2026', () => {
    // August 31 - 6 months = February 31, which does not exist -> 28 February (2026 is not a leap year).
    expect(
      reasonsOf(
        quiet({ omeTotalMgPerDay: 100, lastMdtDiscussedOn: '2026-02-28' }),
        DEFAULT_SUGGESTION_RULES,
        '2026-08-31',
      ),
    ).toEqual([]);
    expect(
      reasonsOf(
        quiet({ omeTotalMgPerDay: 100, lastMdtDiscussedOn: '2026-02-27' }),
        DEFAULT_SUGGESTION_RULES,
        '2026-08-31',
      ).map((r) => r.code),
    ).toEqual(['opioid-high-dose-not-discussed']);
  });

  it('uses the threshold from the rule set', () => {
    const stricter: SuggestionRuleSet = {
      ...DEFAULT_SUGGESTION_RULES,
      id: 'local',
      version: '2',
      opioidHighDoseMgPerDay: { ...DEFAULT_SUGGESTION_RULES.opioidHighDoseMgPerDay, value: 120 },
    };
    expect(reasonsOf(quiet({ omeTotalMgPerDay: 100 }), stricter)).toEqual([]);
    expect(reasonsOf(quiet({ omeTotalMgPerDay: 120 }), stricter)[0]?.text).toContain('above the 120 mg/day');
    expect(suggestCases([quiet({ omeTotalMgPerDay: 120 })], stricter, TODAY)[0]?.ruleSet).toEqual({
      id: 'local',
      version: '2',
    });
  });
});

describe('taper held or stepped back twice', () => {
  it.each([
    [0, []],
    [1, []],
    [
      2,
      [
        {
          code: 'taper-held-or-stepped-back',
          text: 'Opioid taper held or stepped back 2 times (suggested from 2).',
        },
      ],
    ],
    [
      3,
      [
        {
          code: 'taper-held-or-stepped-back',
          text: 'Opioid taper held or stepped back 3 times (suggested from 2).',
        },
      ],
    ],
  ])('%i holds or step-backs', (count, expected) => {
    expect(reasonsOf(quiet({ taperHoldsOrStepBacks: count }))).toEqual(expected);
  });
});

describe('intervention outcome that needs a decision', () => {
  it('fires, naming the procedure and when its outcome was recorded', () => {
    expect(
      reasonsOf(
        quiet({
          interventionsAwaitingDecision: [
            { procedure: 'Lumbar medial branch block', outcomeRecordedOn: '2026-10-02' },
            { procedure: 'Genicular nerve block', outcomeRecordedOn: '2026-10-20' },
          ],
        }),
      ),
    ).toEqual([
      {
        code: 'intervention-decision-needed',
        text:
          'Intervention outcome needs a decision: Lumbar medial branch block (outcome recorded 2 October 2026); ' +
          'Genicular nerve block (outcome recorded 20 October 2026).',
      },
    ]);
  });

  it('does not fire with nothing awaiting a decision', () => {
    expect(reasonsOf(quiet({ interventionsAwaitingDecision: [] }))).toEqual([]);
  });
});

describe('rehabilitation goals reviewed with no progress', () => {
  it('fires for one goal', () => {
    expect(
      reasonsOf(
        quiet({ rehabGoalsWithoutProgress: [{ goal: 'Walk to the shop', reviewedOn: '2026-10-20' }] }),
      ),
    ).toEqual([
      {
        code: 'rehab-goals-no-progress',
        text: '1 rehabilitation goal reviewed with no progress: "Walk to the shop" (reviewed 20 October 2026).',
      },
    ]);
  });

  it('does not fire with none, or below a higher threshold', () => {
    expect(reasonsOf(quiet({ rehabGoalsWithoutProgress: [] }))).toEqual([]);
    const two: SuggestionRuleSet = {
      ...DEFAULT_SUGGESTION_RULES,
      rehabGoalsWithoutProgress: { ...DEFAULT_SUGGESTION_RULES.rehabGoalsWithoutProgress, value: 2 },
    };
    expect(
      reasonsOf(quiet({ rehabGoalsWithoutProgress: [{ goal: 'Swim', reviewedOn: '2026-10-20' }] }), two),
    ).toEqual([]);
  });
});

describe('actions from the last MDT overdue', () => {
  const actions: PatientSignals['lastMdtActions'] = [
    // Due 2 November, open: 2 Nov < 3 Nov -> overdue.
    { description: 'Request MRI', ownerName: 'Dr Rao', dueDate: '2026-11-02', status: 'open' },
    // Due today: not yet overdue.
    { description: 'Send letter', ownerName: 'Jo Bell', dueDate: '2026-11-03', status: 'open' },
    // Done: never overdue.
    { description: 'Book clinic', ownerName: 'Jo Bell', dueDate: '2026-10-01', status: 'done' },
    // Cancelled: never overdue.
    { description: 'Refer to rheumatology', ownerName: 'Dr Rao', dueDate: '2026-10-01', status: 'cancelled' },
    // In progress, due 15 October -> overdue.
    {
      description: 'Physiotherapy review',
      ownerName: 'Sam Lee',
      dueDate: '2026-10-15',
      status: 'in-progress',
    },
  ];

  it('fires for open or in-progress actions past their due date', () => {
    expect(reasonsOf(quiet({ lastMdtActions: actions }))).toEqual([
      {
        code: 'overdue-mdt-actions',
        text:
          '2 actions from the last MDT overdue: Request MRI (owner Dr Rao, due 2 November 2026); ' +
          'Physiotherapy review (owner Sam Lee, due 15 October 2026).',
      },
    ]);
  });

  it('does not fire when everything is on time or finished', () => {
    expect(reasonsOf(quiet({ lastMdtActions: actions.slice(1, 4) }))).toEqual([]);
  });

  it('honours grace days', () => {
    const grace: SuggestionRuleSet = {
      ...DEFAULT_SUGGESTION_RULES,
      overdueActionGraceDays: { ...DEFAULT_SUGGESTION_RULES.overdueActionGraceDays, value: 7 },
    };
    const due = (dueDate: string) =>
      quiet({ lastMdtActions: [{ description: 'X', ownerName: 'Y', dueDate, status: 'open' }] });
    // 27 October + 7 days = 3 November, not before today -> not overdue.
    expect(reasonsOf(due('2026-10-27'), grace)).toEqual([]);
    // 26 October + 7 days = 2 November, before today -> overdue.
    expect(reasonsOf(due('2026-10-26'), grace).map((r) => r.code)).toEqual(['overdue-mdt-actions']);
  });
});

describe('suggestCases across patients', () => {
  it('gives every reason that fired, in trigger order, skips listed patients and keeps input order', () => {
    const patients: PatientSignals[] = [
      quiet({ patientId: 'P1' }),
      quiet({
        patientId: 'P2',
        omeTotalMgPerDay: 150,
        lastMdtDiscussedOn: null,
        taperHoldsOrStepBacks: 2,
        lastMdtActions: [{ description: 'A', ownerName: 'B', dueDate: '2026-10-01', status: 'open' }],
      }),
      quiet({ patientId: 'P3', omeTotalMgPerDay: 150, alreadyListed: true }),
      quiet({ patientId: 'P4', taperHoldsOrStepBacks: 5 }),
    ];
    const result = suggestCases(patients, DEFAULT_SUGGESTION_RULES, TODAY);
    expect(result.map((s) => [s.patientId, s.reasons.map((r) => r.code)])).toEqual([
      ['P2', ['opioid-high-dose-not-discussed', 'taper-held-or-stepped-back', 'overdue-mdt-actions']],
      ['P4', ['taper-held-or-stepped-back']],
    ]);
    expect(result[0]?.ruleSet).toEqual({ id: 'mdt-suggestions-default', version: '1.0.0' });
  });

  it('keeps every threshold as data with a source', () => {
    expect(DEFAULT_SUGGESTION_RULES.opioidHighDoseMgPerDay.value).toBe(90);
    expect(DEFAULT_SUGGESTION_RULES.opioidNoDiscussionMonths.value).toBe(6);
    expect(DEFAULT_SUGGESTION_RULES.taperHoldsOrStepBacks.value).toBe(2);
    for (const key of [
      'opioidHighDoseMgPerDay',
      'opioidNoDiscussionMonths',
      'taperHoldsOrStepBacks',
      'rehabGoalsWithoutProgress',
      'overdueActionGraceDays',
    ] as const) {
      expect(DEFAULT_SUGGESTION_RULES[key].source.length).toBeGreaterThan(0);
    }
    expect(parseSuggestionRules(DEFAULT_SUGGESTION_RULES)).toEqual(DEFAULT_SUGGESTION_RULES);
  });

  it.each([
    ['a negative OME', [quiet({ omeTotalMgPerDay: -1 })], TODAY],
    ['a fractional hold count', [quiet({ taperHoldsOrStepBacks: 1.5 })], TODAY],
    ['a bad date', [quiet({ omeTotalMgPerDay: 100, lastMdtDiscussedOn: '03/05/2026' })], TODAY],
    ['a bad today', [quiet()], '2026-13-01'],
  ])('refuses %s', (_label, patients, today) => {
    expect(() => suggestCases(patients, DEFAULT_SUGGESTION_RULES, today)).toThrow(ClinicalInputError);
  });

  it('refuses thresholds that make no sense', () => {
    expect(() =>
      parseSuggestionRules({
        ...DEFAULT_SUGGESTION_RULES,
        opioidNoDiscussionMonths: { ...DEFAULT_SUGGESTION_RULES.opioidNoDiscussionMonths, value: 0 },
      }),
    ).toThrow(ClinicalInputError);
  });
});
