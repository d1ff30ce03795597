import { describe, it, expect } from 'vitest';
import {
  ASRA_ESRA_PAIN_2018,
  UK_NEURAXIAL,
  DEFAULT_ANTICOAGULANT_RULE_SET,
  planAnticoagulantHold,
  validateAnticoagulantRuleSet,
} from '../../../shared/clinical/interventions/index';
import { ruleSetText } from '../../../shared/clinical/interventions/holds';
import type { AnticoagulantRuleSet, HoldPlanInput } from '../../../shared/clinical/interventions/index';
import { clinicalErrorFrom } from '../../helpers/clinical';

// All expected values below were worked out by hand from ASRA/ESRA 2018 (Narouze et al.) hold times and the service's clinical decisions (clinical lead).
//
// June 2026 is British Summer Time throughout (UTC+1), so in the June tables clock-face hours and real
// hours agree: a procedure at 09:00 on Monday 15 June 2026 minus
//    4 h = 15 Jun 05:00    6 h = 15 Jun 03:00   12 h = 14 Jun 21:00   24 h = 14 Jun 09:00
//   48 h = 13 Jun 09:00   72 h = 12 Jun 09:00   96 h = 11 Jun 09:00  120 h = 10 Jun 09:00
//  144 h =  9 Jun 09:00  168 h =  8 Jun 09:00  240 h =  5 Jun 09:00
// and plus 24 h = 16 Jun 09:00, plus 2 h = 15 Jun 11:00.

const TODAY = '2026-06-01';
const START = '2026-06-15T09:00';
const GOOD_CRCL = { mlPerMin: 80, date: '2026-05-20' };
const ASRA_LABEL = 'ASRA/ESRA pain 2018 1.0.0';
const UK_LABEL = 'UK neuraxial 1.0.0';

function input(
  overrides: Partial<HoldPlanInput> & Pick<HoldPlanInput, 'drug' | 'procedureRisk'>,
): HoldPlanInput {
  return {
    procedureStart: START,
    doseTimes: [],
    creatinineClearance: GOOD_CRCL,
    today: TODAY,
    ...overrides,
  };
}

describe('planAnticoagulantHold: ASRA/ESRA pain 2018 (default) per drug and risk tier', () => {
  it('is the default rule set', () => {
    expect(DEFAULT_ANTICOAGULANT_RULE_SET).toBe(ASRA_ESRA_PAIN_2018);
  });

  // [drug, risk, hold hours, latestLastDoseAt, restartNotBefore]
  const holds: [string, 'low' | 'intermediate' | 'high', number, string, string | undefined][] = [
    ['warfarin', 'high', 120, '2026-06-10T09:00', '2026-06-16T09:00'], // 5 days + normal INR; restart 24 h
    ['warfarin', 'intermediate', 120, '2026-06-10T09:00', '2026-06-16T09:00'],
    ['apixaban', 'high', 120, '2026-06-10T09:00', '2026-06-16T09:00'], // 3-5 days → longer end, 5 d
    ['apixaban', 'intermediate', 120, '2026-06-10T09:00', '2026-06-16T09:00'],
    ['rivaroxaban', 'high', 72, '2026-06-12T09:00', '2026-06-16T09:00'], // 3 days
    ['rivaroxaban', 'intermediate', 72, '2026-06-12T09:00', '2026-06-16T09:00'],
    ['edoxaban', 'high', 72, '2026-06-12T09:00', '2026-06-16T09:00'],
    ['dabigatran', 'high', 120, '2026-06-10T09:00', '2026-06-16T09:00'], // 4-5 days → 5 d at CrCl 80
    ['enoxaparin-prophylactic', 'low', 12, '2026-06-14T21:00', '2026-06-16T09:00'], // restart 12-24 → 24
    ['enoxaparin-therapeutic', 'high', 24, '2026-06-14T09:00', '2026-06-16T09:00'],
    ['heparin-iv', 'intermediate', 6, '2026-06-15T03:00', '2026-06-15T11:00'], // 4-6 h → 6; restart 2 h
    ['clopidogrel', 'high', 168, '2026-06-08T09:00', '2026-06-16T09:00'], // 7 days
    ['prasugrel', 'intermediate', 240, '2026-06-05T09:00', '2026-06-16T09:00'], // 7-10 days → 10 d
    ['ticagrelor', 'high', 120, '2026-06-10T09:00', '2026-06-16T09:00'], // 5 days
    ['aspirin-primary-prevention', 'high', 144, '2026-06-09T09:00', '2026-06-16T09:00'], // 6 days
    ['ibuprofen', 'high', 24, '2026-06-14T09:00', undefined], // NSAID ~5 half-lives; no restart given
    ['naproxen', 'high', 96, '2026-06-11T09:00', undefined],
    ['fondaparinux', 'high', 96, '2026-06-11T09:00', undefined], // 4 days (unverified)
  ];
  it.each(holds)(
    '%s before a %s-risk procedure: hold %i h, last dose by %s',
    (drug, risk, hours, latest, restart) => {
      const plan = planAnticoagulantHold(input({ drug, procedureRisk: risk }), ASRA_ESRA_PAIN_2018);
      expect(plan.status).toBe('hold');
      expect(plan.holdHours).toBe(hours);
      expect(plan.latestLastDoseAt).toBe(latest);
      expect(plan.restartNotBefore).toBe(restart);
      expect(plan.needsApproval).toBe(true);
      expect(plan.ruleSet).toBe(ASRA_LABEL);
      expect(plan.reason).toMatch(/needs prescriber approval/);
    },
  );

  // Continue the drug: no hold, nothing to approve, and no creatinine clearance needed.
  const noHolds: [string, 'low' | 'intermediate' | 'high'][] = [
    ['apixaban', 'low'],
    ['rivaroxaban', 'low'],
    ['edoxaban', 'low'],
    ['dabigatran', 'low'],
    ['aspirin-primary-prevention', 'low'],
    ['aspirin-secondary-prevention', 'low'],
    ['aspirin-secondary-prevention', 'intermediate'],
    ['ibuprofen', 'low'],
    ['naproxen', 'low'],
  ];
  it.each(noHolds)('%s before a %s-risk procedure: no hold', (drug, risk) => {
    const plan = planAnticoagulantHold(
      { drug, procedureRisk: risk, procedureStart: START, doseTimes: ['08:00'], today: TODAY },
      ASRA_ESRA_PAIN_2018,
    );
    expect(plan.status).toBe('no-hold');
    expect(plan.needsApproval).toBe(false);
    expect(plan.latestLastDoseAt).toBeUndefined();
    expect(plan.ruleSet).toBe(ASRA_LABEL);
  });

  // The source leaves these to judgement ("individualise", "shared assessment", "shared decision with
  // cardiology") or gives no figure: blocked, a clinician must decide.
  const blocked: [string, 'low' | 'intermediate' | 'high', RegExp][] = [
    ['warfarin', 'low', /individualise/],
    ['clopidogrel', 'low', /individualise/],
    ['prasugrel', 'low', /individualise/],
    ['ticagrelor', 'low', /individualise/],
    ['aspirin-primary-prevention', 'intermediate', /shared assessment/],
    ['aspirin-secondary-prevention', 'high', /cardiology/],
    ['ibuprofen', 'intermediate', /shared assessment/],
    ['fondaparinux', 'low', /no rule/],
    ['cilostazol', 'intermediate', /no rule/],
    ['acenocoumarol', 'high', /no rule/],
  ];
  it.each(blocked)('%s before a %s-risk procedure: blocked (%s)', (drug, risk, why) => {
    const plan = planAnticoagulantHold(input({ drug, procedureRisk: risk }), ASRA_ESRA_PAIN_2018);
    expect(plan.status).toBe('blocked');
    expect(plan.reason).toMatch(why);
    expect(plan.reason).toMatch(/a clinician must decide/);
    expect(plan.needsApproval).toBe(true);
    expect(plan.latestLastDoseAt).toBeUndefined();
  });

  it('matches drug names case-insensitively, with spaces for hyphens', () => {
    const plan = planAnticoagulantHold(
      input({ drug: ' Enoxaparin Therapeutic ', procedureRisk: 'high' }),
      ASRA_ESRA_PAIN_2018,
    );
    expect(plan.latestLastDoseAt).toBe('2026-06-14T09:00'); // 24 h
  });
});

describe('planAnticoagulantHold: UK neuraxial per drug and renal function', () => {
  // [drug, risk, CrCl mL/min, hold hours, latestLastDoseAt]
  const holds: [string, 'low' | 'intermediate' | 'high', number, number, string][] = [
    ['apixaban', 'low', 80, 48, '2026-06-13T09:00'], // applies to every tier
    ['apixaban', 'high', 80, 48, '2026-06-13T09:00'],
    ['apixaban', 'high', 30, 48, '2026-06-13T09:00'], // "> 30": exactly 30 is not below 30
    ['apixaban', 'high', 29.9, 72, '2026-06-12T09:00'], // below 30 → 72 h
    ['rivaroxaban', 'intermediate', 25, 72, '2026-06-12T09:00'],
    ['edoxaban', 'high', 60, 48, '2026-06-13T09:00'],
    ['dabigatran', 'high', 50, 48, '2026-06-13T09:00'], // ≥ 50 → 48 h
    ['dabigatran', 'high', 49, 96, '2026-06-11T09:00'], // 30-49 → 96 h
    ['dabigatran', 'low', 30, 96, '2026-06-11T09:00'],
    ['clopidogrel', 'low', 80, 168, '2026-06-08T09:00'], // 7 days
    ['enoxaparin-prophylactic', 'high', 80, 12, '2026-06-14T21:00'],
    ['enoxaparin-therapeutic', 'high', 80, 24, '2026-06-14T09:00'],
    ['heparin-iv', 'high', 80, 4, '2026-06-15T05:00'],
  ];
  it.each(holds)('%s, %s risk, CrCl %d: hold %i h, last dose by %s', (drug, risk, crcl, hours, latest) => {
    const plan = planAnticoagulantHold(
      input({ drug, procedureRisk: risk, creatinineClearance: { mlPerMin: crcl, date: '2026-05-20' } }),
      UK_NEURAXIAL,
    );
    expect(plan.status).toBe('hold');
    expect(plan.holdHours).toBe(hours);
    expect(plan.latestLastDoseAt).toBe(latest);
    expect(plan.restartNotBefore).toBeUndefined(); // the UK source gives no restart times
    expect(plan.ruleSet).toBe(UK_LABEL);
  });

  it.each([
    ['aspirin-primary-prevention', 'high'],
    ['aspirin-secondary-prevention', 'high'],
    ['ibuprofen', 'high'],
    ['naproxen', 'intermediate'],
  ] as const)('%s (%s risk): proceed, no hold', (drug, risk) => {
    expect(planAnticoagulantHold(input({ drug, procedureRisk: risk }), UK_NEURAXIAL).status).toBe('no-hold');
  });

  it.each([
    ['warfarin', 80, /INR/],
    ['prasugrel', 80, /no rule/],
    ['ticagrelor', 80, /no rule/],
    ['dabigatran', 29, /below 30 mL\/min/],
  ] as const)('%s (CrCl %d): blocked for a clinician to decide', (drug, crcl, why) => {
    const plan = planAnticoagulantHold(
      input({ drug, procedureRisk: 'high', creatinineClearance: { mlPerMin: crcl, date: '2026-05-20' } }),
      UK_NEURAXIAL,
    );
    expect(plan.status).toBe('blocked');
    expect(plan.reason).toMatch(why);
  });
});

describe('planAnticoagulantHold: renal bands', () => {
  // ASRA dabigatran: 120 h; "6 days if renal impairment" = 144 h below 50 mL/min.
  it.each([
    [80, 120, '2026-06-10T09:00'],
    [50, 120, '2026-06-10T09:00'],
    [49.9, 144, '2026-06-09T09:00'],
    [20, 144, '2026-06-09T09:00'],
  ])('ASRA dabigatran at CrCl %d: %i h, last dose by %s', (crcl, hours, latest) => {
    const plan = planAnticoagulantHold(
      input({
        drug: 'dabigatran',
        procedureRisk: 'high',
        creatinineClearance: { mlPerMin: crcl, date: '2026-05-20' },
      }),
      ASRA_ESRA_PAIN_2018,
    );
    expect(plan.holdHours).toBe(hours);
    expect(plan.latestLastDoseAt).toBe(latest);
  });

  const custom: AnticoagulantRuleSet = {
    name: 'Test bands',
    version: '0.1',
    rules: [
      {
        drug: 'testdrug',
        risk: 'high',
        holdHours: 24,
        // Deliberately out of order: the longest applicable hold must win.
        renal: [
          { belowMlPerMin: 30, holdHours: 72 },
          { belowMlPerMin: 50, holdHours: 48 },
        ],
      },
      { drug: 'zerodrug', risk: 'high', holdHours: 0 },
    ],
  };
  // 24 h → 14 Jun 09:00; 48 h → 13 Jun 09:00; 72 h → 12 Jun 09:00.
  it.each([
    [60, 24, '2026-06-14T09:00'],
    [50, 24, '2026-06-14T09:00'],
    [40, 48, '2026-06-13T09:00'],
    [29, 72, '2026-06-12T09:00'], // below both thresholds: the longer (72) wins
  ])('CrCl %d picks %i h', (crcl, hours, latest) => {
    const plan = planAnticoagulantHold(
      input({
        drug: 'testdrug',
        procedureRisk: 'high',
        creatinineClearance: { mlPerMin: crcl, date: '2026-05-20' },
      }),
      custom,
    );
    expect(plan.holdHours).toBe(hours);
    expect(plan.latestLastDoseAt).toBe(latest);
    expect(plan.ruleSet).toBe('Test bands 0.1');
  });

  it('a rule with renal bands needs a creatinine clearance even without the flag', () => {
    const plan = planAnticoagulantHold(
      { drug: 'testdrug', procedureRisk: 'high', procedureStart: START, doseTimes: [], today: TODAY },
      custom,
    );
    expect(plan.status).toBe('blocked');
  });

  it('holdHours 0 means no hold', () => {
    expect(planAnticoagulantHold(input({ drug: 'zerodrug', procedureRisk: 'high' }), custom).status).toBe(
      'no-hold',
    );
  });
});

describe('planAnticoagulantHold: missing or stale creatinine clearance blocks a DOAC hold', () => {
  // Today 1 June 2026. 90 days back: 1 Jun → 31 May (1) → 30 Apr (32) → 31 Mar (62) → 3 Mar (90).
  // So a result dated 3 March 2026 is exactly 90 days old (still valid); 2 March is 91 days (stale).
  it.each([
    ['apixaban', 'high', ASRA_ESRA_PAIN_2018],
    ['rivaroxaban', 'intermediate', ASRA_ESRA_PAIN_2018],
    ['edoxaban', 'high', ASRA_ESRA_PAIN_2018],
    ['dabigatran', 'high', ASRA_ESRA_PAIN_2018],
    ['apixaban', 'low', UK_NEURAXIAL],
    ['dabigatran', 'low', UK_NEURAXIAL],
  ] as const)('%s (%s risk, %s): missing → blocked', (drug, risk, ruleSet) => {
    const plan = planAnticoagulantHold(
      { drug, procedureRisk: risk, procedureStart: START, doseTimes: ['08:00'], today: TODAY },
      ruleSet,
    );
    expect(plan.status).toBe('blocked');
    expect(plan.reason).toMatch(/creatinine clearance/i);
    expect(plan.reason).toMatch(/none is recorded/);
  });

  it('a result 91 days old is stale → blocked', () => {
    const plan = planAnticoagulantHold(
      input({
        drug: 'apixaban',
        procedureRisk: 'high',
        creatinineClearance: { mlPerMin: 80, date: '2026-03-02' },
      }),
      ASRA_ESRA_PAIN_2018,
    );
    expect(plan.status).toBe('blocked');
    expect(plan.reason).toMatch(/91 days old/);
  });

  it('a result exactly 90 days old still counts', () => {
    const plan = planAnticoagulantHold(
      input({
        drug: 'apixaban',
        procedureRisk: 'high',
        creatinineClearance: { mlPerMin: 80, date: '2026-03-03' },
      }),
      ASRA_ESRA_PAIN_2018,
    );
    expect(plan.status).toBe('hold');
  });

  it('a DOAC that continues (low risk, ASRA) needs no clearance', () => {
    const plan = planAnticoagulantHold(
      { drug: 'apixaban', procedureRisk: 'low', procedureStart: START, doseTimes: [], today: TODAY },
      ASRA_ESRA_PAIN_2018,
    );
    expect(plan.status).toBe('no-hold');
  });

  it('warfarin (not a DOAC) is planned without a clearance', () => {
    const plan = planAnticoagulantHold(
      { drug: 'warfarin', procedureRisk: 'high', procedureStart: START, doseTimes: ['18:00'], today: TODAY },
      ASRA_ESRA_PAIN_2018,
    );
    expect(plan.status).toBe('hold');
    // 120 h before 15 Jun 09:00 = 10 Jun 09:00; the last 18:00 dose at or before that is 9 Jun 18:00.
    expect(plan.lastScheduledDoseAt).toBe('2026-06-09T18:00');
    expect(plan.reason).toMatch(/INR/);
  });
});

describe('planAnticoagulantHold: unknown start time is 00:00 on the day', () => {
  it('apixaban high risk, date only: 00:00 on 15 Jun − 120 h = 00:00 on 10 Jun', () => {
    const plan = planAnticoagulantHold(
      input({
        drug: 'apixaban',
        procedureRisk: 'high',
        procedureStart: '2026-06-15',
        doseTimes: ['08:00', '20:00'],
      }),
      ASRA_ESRA_PAIN_2018,
    );
    expect(plan.latestLastDoseAt).toBe('2026-06-10T00:00');
    // Last dose at or before 10 Jun 00:00: the 20:00 dose on 9 Jun.
    expect(plan.lastScheduledDoseAt).toBe('2026-06-09T20:00');
    // Restart 24 h after the END of 15 Jun (00:00 on 16 Jun), the conservative end (issue 14).
    expect(plan.restartNotBefore).toBe('2026-06-17T00:00');
    expect(plan.reason).toMatch(/00:00/);
  });

  it('is the same as giving T00:00 explicitly', () => {
    const a = planAnticoagulantHold(
      input({ drug: 'clopidogrel', procedureRisk: 'high', procedureStart: '2026-06-15' }),
      ASRA_ESRA_PAIN_2018,
    );
    const b = planAnticoagulantHold(
      input({ drug: 'clopidogrel', procedureRisk: 'high', procedureStart: '2026-06-15T00:00' }),
      ASRA_ESRA_PAIN_2018,
    );
    // 168 h before 00:00 on 15 Jun = 00:00 on 8 Jun.
    expect(a.latestLastDoseAt).toBe('2026-06-08T00:00');
    expect(b.latestLastDoseAt).toBe('2026-06-08T00:00');
  });
});

describe('planAnticoagulantHold: real elapsed hours across UK clock changes', () => {
  // Clocks go forward at 01:00 GMT (= 01:00 UTC) on Sunday 29 March 2026 and back at 02:00 BST
  // (= 01:00 UTC) on Sunday 25 October 2026.
  const SPRING_TODAY = '2026-03-01';
  const SPRING_CRCL = { mlPerMin: 80, date: '2026-02-20' };
  const AUTUMN_TODAY = '2026-10-01';
  const AUTUMN_CRCL = { mlPerMin: 80, date: '2026-09-20' };

  const cases: [string, string, string, string, string, string[], string | undefined, string | undefined][] =
    [
      // [label, drug, today, start, latestLastDoseAt, doseTimes, lastScheduledDoseAt, restartNotBefore]
      //
      // Rivaroxaban high risk (ASRA 72 h). 09:00 BST Tue 31 Mar = 08:00 UTC; − 72 h = 08:00 UTC Sat 28 Mar,
      // which is GMT, so 08:00 local: one clock hour "lost". Restart +24 h = 08:00 UTC 1 Apr = 09:00 BST.
      [
        '72 h before 09:00 Tue 31 Mar',
        'rivaroxaban',
        SPRING_TODAY,
        '2026-03-31T09:00',
        '2026-03-28T08:00',
        ['08:00', '20:00'],
        '2026-03-28T08:00',
        '2026-04-01T09:00',
      ],
      // Same, with 09:00/21:00 dosing: 28 Mar 09:00 is after 08:00, so the last dose is 27 Mar 21:00.
      [
        '72 h, 09:00/21:00 dosing',
        'rivaroxaban',
        SPRING_TODAY,
        '2026-03-31T09:00',
        '2026-03-28T08:00',
        ['09:00', '21:00'],
        '2026-03-27T21:00',
        '2026-04-01T09:00',
      ],
      // Date only: 00:00 BST 31 Mar = 23:00 UTC 30 Mar; − 72 h = 23:00 UTC 27 Mar = 23:00 GMT. Restart from
      // the end of 31 Mar (00:00 BST 1 Apr) + 24 h = 00:00 BST 2 Apr.
      [
        '72 h, start time unknown',
        'rivaroxaban',
        SPRING_TODAY,
        '2026-03-31',
        '2026-03-27T23:00',
        ['08:00', '20:00'],
        '2026-03-27T20:00',
        '2026-04-02T00:00',
      ],
      // Enoxaparin prophylactic (12 h) before 09:00 BST Sun 29 Mar = 08:00 UTC; − 12 h = 20:00 UTC Sat 28 Mar
      // = 20:00 GMT (13 clock-face hours earlier). Restart +24 h = 08:00 UTC 30 Mar = 09:00 BST.
      [
        '12 h before 09:00 Sun 29 Mar',
        'enoxaparin-prophylactic',
        SPRING_TODAY,
        '2026-03-29T09:00',
        '2026-03-28T20:00',
        ['18:00'],
        '2026-03-28T18:00',
        '2026-03-30T09:00',
      ],
      // Rivaroxaban 72 h before 09:00 GMT Tue 27 Oct = 09:00 UTC; − 72 h = 09:00 UTC Sat 24 Oct, which is
      // BST, so 10:00 local: one clock hour "gained". Restart +24 h = 09:00 UTC 28 Oct = 09:00 GMT.
      [
        '72 h before 09:00 Tue 27 Oct',
        'rivaroxaban',
        AUTUMN_TODAY,
        '2026-10-27T09:00',
        '2026-10-24T10:00',
        ['10:00', '22:00'],
        '2026-10-24T10:00',
        '2026-10-28T09:00',
      ],
      // Enoxaparin prophylactic 12 h before 09:00 GMT Sun 25 Oct = 09:00 UTC; − 12 h = 21:00 UTC Sat 24 Oct
      // = 22:00 BST (11 clock-face hours earlier).
      [
        '12 h before 09:00 Sun 25 Oct',
        'enoxaparin-prophylactic',
        AUTUMN_TODAY,
        '2026-10-25T09:00',
        '2026-10-24T22:00',
        ['08:00', '20:00'],
        '2026-10-24T20:00',
        '2026-10-26T09:00',
      ],
      // 01:30 on 25 Oct happens twice; the first (01:30 BST = 00:30 UTC) is used, the conservative end.
      // − 12 h = 12:30 UTC 24 Oct = 13:30 BST. Restart: 00:30 UTC + 24 h = 00:30 UTC 26 Oct = 00:30 GMT.
      [
        '12 h before the repeated hour 01:30 Sun 25 Oct',
        'enoxaparin-prophylactic',
        AUTUMN_TODAY,
        '2026-10-25T01:30',
        '2026-10-24T13:30',
        [],
        undefined,
        '2026-10-26T00:30',
      ],
    ];
  it.each(cases)('%s', (_label, drug, today, start, latest, doseTimes, lastDose, restart) => {
    const plan = planAnticoagulantHold(
      {
        drug,
        procedureRisk: 'high',
        procedureStart: start,
        doseTimes,
        today,
        creatinineClearance: today === SPRING_TODAY ? SPRING_CRCL : AUTUMN_CRCL,
      },
      ASRA_ESRA_PAIN_2018,
    );
    expect(plan.status).toBe('hold');
    expect(plan.latestLastDoseAt).toBe(latest);
    expect(plan.lastScheduledDoseAt).toBe(lastDose);
    expect(plan.restartNotBefore).toBe(restart);
  });

  it('a start time skipped when the clocks go forward (01:30 on 29 Mar) is rejected', () => {
    expect(() =>
      planAnticoagulantHold(
        input({
          drug: 'clopidogrel',
          procedureRisk: 'high',
          procedureStart: '2026-03-29T01:30',
          today: SPRING_TODAY,
          creatinineClearance: SPRING_CRCL,
        }),
        ASRA_ESRA_PAIN_2018,
      ),
    ).toThrow(/does not exist in UK time/);
  });
});

describe('planAnticoagulantHold: lastScheduledDoseAt', () => {
  // Apixaban high risk (ASRA 120 h) before 09:00 15 Jun: latest last dose 10 Jun 09:00.
  it.each([
    [['08:00', '20:00'], '2026-06-10T08:00'], // twice daily: the 08:00 dose on 10 Jun
    [['20:00', '08:00'], '2026-06-10T08:00'], // order of dose times does not matter
    [['10:00', '22:00'], '2026-06-09T22:00'], // 10:00 on 10 Jun is too late → 22:00 on 9 Jun
    [['09:00', '21:00'], '2026-06-10T09:00'], // exactly at the limit counts ("at or before")
    [['09:01', '21:01'], '2026-06-09T21:01'],
    [['18:00'], '2026-06-09T18:00'], // once daily
    [['00:00'], '2026-06-10T00:00'],
  ])('dose times %j → last scheduled dose %s', (doseTimes, expected) => {
    const plan = planAnticoagulantHold(
      input({ drug: 'apixaban', procedureRisk: 'high', doseTimes }),
      ASRA_ESRA_PAIN_2018,
    );
    expect(plan.latestLastDoseAt).toBe('2026-06-10T09:00');
    expect(plan.lastScheduledDoseAt).toBe(expected);
  });

  it('is absent when no dose times are given', () => {
    const plan = planAnticoagulantHold(
      input({ drug: 'apixaban', procedureRisk: 'high', doseTimes: [] }),
      ASRA_ESRA_PAIN_2018,
    );
    expect(plan.lastScheduledDoseAt).toBeUndefined();
  });

  it('says when the latest last dose is already past', () => {
    // Today 14 Jun; 120 h before 15 Jun 09:00 is 10 Jun 09:00, before today.
    const plan = planAnticoagulantHold(
      input({ drug: 'apixaban', procedureRisk: 'high', today: '2026-06-14' }),
      ASRA_ESRA_PAIN_2018,
    );
    expect(plan.status).toBe('hold');
    expect(plan.reason).toMatch(/already in the past/);
  });
});

describe('planAnticoagulantHold: invalid input throws ClinicalInputError', () => {
  const base = input({ drug: 'apixaban', procedureRisk: 'high' });
  it.each([
    ['impossible date', { procedureStart: '2026-02-30T09:00' }, 'INVALID_DATE', 'procedureStart'],
    ['impossible date (date only)', { procedureStart: '2026-02-30' }, 'INVALID_DATE', 'procedureStart'],
    ['bad hour', { procedureStart: '2026-06-15T24:00' }, 'INVALID_DATE', 'procedureStart'],
    ['seconds not accepted', { procedureStart: '2026-06-15T09:00:00' }, 'INVALID_DATE', 'procedureStart'],
    ['start before today', { procedureStart: '2026-05-31T09:00' }, 'INVALID_DATE', 'procedureStart'],
    ['bad dose time', { doseTimes: ['8:00'] }, 'INVALID_DATE', 'doseTimes[0]'],
    ['dose time 23:60', { doseTimes: ['08:00', '23:60'] }, 'INVALID_DATE', 'doseTimes[1]'],
    ['unknown risk', { procedureRisk: 'medium' }, 'INVALID_INPUT', 'procedureRisk'],
    ['empty drug', { drug: '  ' }, 'INVALID_INPUT', 'drug'],
    ['bad today', { today: '2026-13-01' }, 'INVALID_DATE', 'today'],
    [
      'negative CrCl',
      { creatinineClearance: { mlPerMin: -5, date: '2026-05-20' } },
      'INVALID_INPUT',
      'creatinineClearance.mlPerMin',
    ],
    [
      'CrCl dated after today',
      { creatinineClearance: { mlPerMin: 80, date: '2026-06-02' } },
      'INVALID_DATE',
      'creatinineClearance.date',
    ],
    [
      'CrCl bad date',
      { creatinineClearance: { mlPerMin: 80, date: '2026-04-31' } },
      'INVALID_DATE',
      'creatinineClearance.date',
    ],
  ])('%s', (_label, change, code, field) => {
    const bad = { ...base, ...change } as HoldPlanInput;
    const error = clinicalErrorFrom(() => planAnticoagulantHold(bad, ASRA_ESRA_PAIN_2018));
    expect(error.code).toBe(code);
    expect(error.field).toBe(field);
    expect(error.message.length).toBeGreaterThan(10);
  });

  it.each([
    ['negative hold', { name: 'X', version: '1', rules: [{ drug: 'a', risk: 'high', holdHours: -1 }] }],
    [
      'unknown risk in a rule',
      { name: 'X', version: '1', rules: [{ drug: 'a', risk: 'severe', holdHours: 1 }] },
    ],
    ['no name', { name: '', version: '1', rules: [] }],
    [
      'duplicate rule',
      {
        name: 'X',
        version: '1',
        rules: [
          { drug: 'apixaban', risk: 'high', holdHours: 1 },
          { drug: 'Apixaban', risk: 'high', holdHours: 2 },
        ],
      },
    ],
  ])('invalid rule set: %s', (_label, ruleSet) => {
    const error = clinicalErrorFrom(() => planAnticoagulantHold(base, ruleSet as AnticoagulantRuleSet));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.field).toBe('ruleSet');
  });
});

describe('shipped anticoagulant rule sets', () => {
  it.each([ASRA_ESRA_PAIN_2018, UK_NEURAXIAL])('$name is valid and carries its metadata', (ruleSet) => {
    expect(() => validateAnticoagulantRuleSet(ruleSet)).not.toThrow();
    expect(ruleSet.id).toBeTruthy();
    expect(ruleSet.version).toBeTruthy();
    expect(ruleSet.source.length).toBeGreaterThan(20);
  });

  it("names follow the service's clinical decisions (clinical lead)", () => {
    expect(ASRA_ESRA_PAIN_2018.name).toBe('ASRA/ESRA pain 2018');
    expect(UK_NEURAXIAL.name).toBe('UK neuraxial');
  });

  it('ASRA covers every drug in the brief for every tier it grades', () => {
    const drugs = new Set(ASRA_ESRA_PAIN_2018.rules.map((r) => r.drug));
    for (const drug of [
      'warfarin',
      'apixaban',
      'rivaroxaban',
      'edoxaban',
      'dabigatran',
      'enoxaparin-prophylactic',
      'enoxaparin-therapeutic',
      'clopidogrel',
      'prasugrel',
      'ticagrelor',
      'aspirin-primary-prevention',
      'aspirin-secondary-prevention',
      'ibuprofen',
      'naproxen',
    ]) {
      expect(drugs.has(drug), drug).toBe(true);
      for (const risk of ['low', 'intermediate', 'high']) {
        expect(
          ASRA_ESRA_PAIN_2018.rules.some((r) => r.drug === drug && r.risk === risk),
          `${drug} ${risk}`,
        ).toBe(true);
      }
    }
  });

  it('every DOAC hold rule requires a creatinine clearance', () => {
    for (const set of [ASRA_ESRA_PAIN_2018, UK_NEURAXIAL]) {
      for (const rule of set.rules) {
        if (
          ['apixaban', 'rivaroxaban', 'edoxaban', 'dabigatran'].includes(rule.drug) &&
          (rule.holdHours ?? 0) > 0
        ) {
          expect(rule.requiresCreatinineClearance, `${set.name} ${rule.drug} ${rule.risk}`).toBe(true);
        }
      }
    }
  });
});

describe('a hold plan names its rule set with the version apart from the name', () => {
  // Review: "(ASRA/ESRA pain 2018 1.0.0)" read as if the version ran on from the year.
  it.each([
    ['ASRA/ESRA pain 2018 1.0.0', 'ASRA/ESRA pain 2018 (version 1.0.0)'],
    ['UK neuraxial 1.2.0', 'UK neuraxial (version 1.2.0)'],
    ['Local holds 2.1', 'Local holds (version 2.1)'],
    ['A set with no version', 'A set with no version'],
  ])('%s reads "%s"', (stored, shown) => {
    expect(ruleSetText(stored)).toBe(shown);
  });

  it('keeps the stored key an approval is bound to, and words the reason with the version apart', () => {
    const plan = planAnticoagulantHold(
      input({ drug: 'apixaban', procedureRisk: 'low' }),
      ASRA_ESRA_PAIN_2018,
    );
    expect(plan.ruleSet).toBe('ASRA/ESRA pain 2018 1.0.0');
    expect(plan.reason).toMatch(
      /^ASRA\/ESRA pain 2018 \(version 1\.0\.0\): no hold of apixaban is needed before a low-risk procedure\. /,
    );
  });
});
