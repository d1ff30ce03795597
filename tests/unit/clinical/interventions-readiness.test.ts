import { describe, it, expect } from 'vitest';
import {
  EXAMPLE_COMMISSIONER_RULES,
  PROCEDURE_CATALOGUE,
  evaluateReadiness,
  findProcedure,
} from '../../../shared/clinical/interventions/index';
import type {
  HoldPlan,
  ProcedureDefinition,
  ReadinessInput,
  ReadinessStatus,
} from '../../../shared/clinical/interventions/index';
import { RF_DAY_LIST } from '../../helpers/clinical';
import { ClinicalInputError } from '../../../shared/clinical/errors';

function proc(code: string): ProcedureDefinition {
  const p = findProcedure(code);
  if (!p) throw new Error(`no procedure ${code}`);
  return p;
}

// Hand-worked fixture. Lumbar RF denervation (fluoroscopy, RF generator, low bleeding risk), listed on
// 1 June 2026, booked on Monday 6 July 2026 (35 days' notice).
// - Example commissioner rules: MBB_L with ≥50% relief within 6 months before RF. 6 July − 6 months =
//   6 January 2026; the MBB on 10 March 2026 with 70% relief is inside.
// - RTT clock start 1 April 2026 → breach 5 August 2026 (+29 → 30 Apr, +31 → 31 May, +30 → 30 Jun,
//   +31 → 31 Jul, +5 → 5 Aug = 126); the session is before it.
// - Session 08:30-12:30 = 240 min, nothing unavailable, 15 min turnaround, two 60-min cases booked; with
//   this 60-min case: 180 + 2 × 15 = 210 ≤ 240 (30 free).
const BASE: ReadinessInput = {
  today: '2026-06-01',
  procedure: proc('RFD_L'),
  commissionerRules: EXAMPLE_COMMISSIONER_RULES,
  history: [{ procedureCode: 'MBB_L', date: '2026-03-10', site: 'L4-5 right', reliefPercent: 70 }],
  listing: {
    indication: 'Facet joint pain after positive MBB',
    site: 'L4-5 right',
    eligibility: { status: 'passed' },
    clinicalPriority: 'P3',
    rttClockStart: '2026-04-01',
    consentStage1: { date: '2026-05-15', leafletVersion: 'RF leaflet v3' },
    baselineOutcomesRecorded: true,
  },
  medicines: { antithromboticsReviewed: true, antithrombotics: [], onDualAntiplateletTherapy: false },
  safety: {
    allergiesReviewed: true,
    allergies: [],
    activeInfection: false,
    devicesReviewed: true,
    devices: [],
    pregnancyEnquiryArranged: true,
    sedation: { planned: false },
  },
  booking: {
    session: { ...RF_DAY_LIST },
  },
};

/** A deep copy of BASE changed by `mutate`. */
function variant(mutate: (draft: ReadinessInput) => void): ReadinessInput {
  const draft = structuredClone(BASE);
  mutate(draft);
  return draft;
}

function statusOf(input: ReadinessInput, id: string): ReadinessStatus | undefined {
  return evaluateReadiness(input).items.find((i) => i.id === id)?.status;
}

// Fixture hold plans, written out by hand (not produced by the planner).
const PROPOSED_HOLD: HoldPlan = {
  status: 'hold',
  latestLastDoseAt: '2026-07-03T09:00',
  needsApproval: true,
  ruleSet: 'UK neuraxial 1.0.0',
  holdHours: 72,
};
const NO_HOLD: HoldPlan = {
  status: 'no-hold',
  needsApproval: false,
  ruleSet: 'ASRA/ESRA pain 2018 1.0.0',
  holdHours: 0,
};
const BLOCKED: HoldPlan = {
  status: 'blocked',
  reason: 'ASRA/ESRA pain 2018 1.0.0 gives no fixed hold (individualise); a clinician must decide.',
  needsApproval: true,
  ruleSet: 'ASRA/ESRA pain 2018 1.0.0',
};

describe('evaluateReadiness: a fully prepared case', () => {
  it('has every item ok and can be listed and booked', () => {
    const result = evaluateReadiness(BASE);
    const notOk = result.items.filter((i) => i.status !== 'ok');
    expect(notOk).toEqual([]);
    expect(result.gates).toEqual({ A: 'ok', B: 'ok', C: 'ok', D: 'ok' });
    expect(result.canList).toBe(true);
    expect(result.canBook).toBe(true);
    expect(result.needsOverride).toEqual([]);
    expect(result.items.map((i) => i.id)).toEqual([
      'procedure-details',
      'eligibility',
      'prerequisite-MBB_L',
      'repeat-interval',
      'priority-and-rtt',
      'consent-stage-1',
      'baseline-outcomes',
      'antithrombotics-reviewed',
      'renal-function',
      'dual-antiplatelet-or-stent',
      'bleeding-risk-tier',
      'steroid-and-diabetes',
      'allergies-reviewed',
      'contrast-allergy',
      'other-allergies',
      'infection',
      'implanted-devices',
      'pregnancy-enquiry',
      'sedation',
      'radiographer',
      'session-equipment',
      'capacity',
      'notice',
    ]);
  });
});

type Row = [string, (d: ReadinessInput) => void, string, ReadinessStatus];

describe('gate A: listing', () => {
  const rows: Row[] = [
    ['indication missing', (d) => delete d.listing.indication, 'procedure-details', 'missing'],
    [
      'eligibility overridden with a reason',
      (d) => (d.listing.eligibility = { status: 'overridden', overrideReason: 'MDT agreed' }),
      'eligibility',
      'warn',
    ],
    [
      'eligibility overridden without a reason',
      (d) => (d.listing.eligibility = { status: 'overridden' }),
      'eligibility',
      'missing',
    ],
    ['eligibility failed', (d) => (d.listing.eligibility = { status: 'failed' }), 'eligibility', 'warn'],
    [
      'eligibility not checked',
      (d) => (d.listing.eligibility = { status: 'not-checked' }),
      'eligibility',
      'missing',
    ],
    // MBB relief 40% < 50%.
    [
      'MBB relief below 50%',
      (d) =>
        (d.history = [{ procedureCode: 'MBB_L', date: '2026-03-10', site: 'L4-5 right', reliefPercent: 40 }]),
      'prerequisite-MBB_L',
      'warn',
    ],
    // 6 July − 6 months = 6 January: 5 January is outside, 6 January is inside.
    [
      'MBB 6 months and 1 day before',
      (d) =>
        (d.history = [{ procedureCode: 'MBB_L', date: '2026-01-05', site: 'L4-5 right', reliefPercent: 70 }]),
      'prerequisite-MBB_L',
      'warn',
    ],
    [
      'MBB exactly 6 months before',
      (d) =>
        (d.history = [{ procedureCode: 'MBB_L', date: '2026-01-06', site: 'L4-5 right', reliefPercent: 70 }]),
      'prerequisite-MBB_L',
      'ok',
    ],
    [
      'MBB at another site',
      (d) =>
        (d.history = [{ procedureCode: 'MBB_L', date: '2026-03-10', site: 'L3-4 left', reliefPercent: 70 }]),
      'prerequisite-MBB_L',
      'warn',
    ],
    ['no MBB at all', (d) => (d.history = []), 'prerequisite-MBB_L', 'warn'],
    // Without commissioner rules the catalogue prerequisite has no threshold: it needs "successful".
    ['catalogue prerequisite, relief only', (d) => delete d.commissionerRules, 'prerequisite-MBB_L', 'warn'],
    [
      'catalogue prerequisite, marked successful',
      (d) => {
        delete d.commissionerRules;
        d.history = [{ procedureCode: 'MBB_L', date: '2025-01-10', successful: true }];
      },
      'prerequisite-MBB_L',
      'ok',
    ],
    // Example rules: repeat RF ≥ 16 months. 1 Apr 2025 + 16 months = 1 Aug 2026 > 6 Jul → too soon.
    [
      'previous RF 15 months before',
      (d) => (d.history = [...d.history, { procedureCode: 'RFD_L', date: '2025-04-01', site: 'L4-5 right' }]),
      'repeat-interval',
      'warn',
    ],
    // 6 Mar 2025 + 16 months = 6 Jul 2026 = the session date → allowed.
    [
      'previous RF exactly 16 months before',
      (d) => (d.history = [...d.history, { procedureCode: 'RFD_L', date: '2025-03-06', site: 'L4-5 right' }]),
      'repeat-interval',
      'ok',
    ],
    [
      'previous RF at another site',
      (d) => (d.history = [...d.history, { procedureCode: 'RFD_L', date: '2025-04-01', site: 'L2-3 left' }]),
      'repeat-interval',
      'ok',
    ],
    ['no clinical priority', (d) => delete d.listing.clinicalPriority, 'priority-and-rtt', 'missing'],
    // Clock start 5 Jan 2026 → breach 11 May 2026, before today (1 Jun).
    ['RTT already breached', (d) => (d.listing.rttClockStart = '2026-01-05'), 'priority-and-rtt', 'warn'],
    // Clock start 25 Feb → breach 1 Jul (+3 → 28 Feb, +31, +30, +31, +30 → 30 Jun = 125, +1): before 6 Jul.
    [
      'session after the breach date',
      (d) => (d.listing.rttClockStart = '2026-02-25'),
      'priority-and-rtt',
      'warn',
    ],
    // Clock start 2 Mar → breach 6 Jul (+29 → 31 Mar, +30, +31, +30 → 30 Jun = 120, +6): the session day itself.
    ['session on the breach date', (d) => (d.listing.rttClockStart = '2026-03-02'), 'priority-and-rtt', 'ok'],
    ['consent stage 1 missing', (d) => delete d.listing.consentStage1, 'consent-stage-1', 'missing'],
    [
      'leaflet version missing',
      (d) => (d.listing.consentStage1 = { date: '2026-05-15' }),
      'consent-stage-1',
      'missing',
    ],
    [
      'baseline outcomes missing',
      (d) => (d.listing.baselineOutcomesRecorded = false),
      'baseline-outcomes',
      'missing',
    ],
  ];
  it.each(rows)('%s → %s is %s', (_label, mutate, id, status) => {
    const input = variant(mutate);
    expect(statusOf(input, id)).toBe(status);
    // Nothing in gate A is a hard block.
    expect(evaluateReadiness(input).canList).toBe(true);
  });
});

describe('gate B: medicines and bleeding', () => {
  const rows: Row[] = [
    [
      'antithrombotics not reviewed',
      (d) => (d.medicines.antithromboticsReviewed = false),
      'antithrombotics-reviewed',
      'missing',
    ],
    // HARD BLOCK 1: a DOAC hold without a creatinine clearance in the last 90 days.
    [
      'DOAC hold, no creatinine clearance',
      (d) => (d.medicines.antithrombotics = [{ drug: 'apixaban', holdPlan: PROPOSED_HOLD }]),
      'renal-function',
      'block',
    ],
    [
      'DOAC, no plan yet, no creatinine clearance',
      (d) => (d.medicines.antithrombotics = [{ drug: 'rivaroxaban' }]),
      'renal-function',
      'block',
    ],
    // Today 1 Jun: 2 Mar is 91 days ago (stale); 3 Mar is 90 days ago (still valid).
    [
      'DOAC hold, clearance 91 days old',
      (d) => {
        d.medicines.antithrombotics = [{ drug: 'apixaban', holdPlan: PROPOSED_HOLD }];
        d.medicines.creatinineClearance = { mlPerMin: 70, date: '2026-03-02' };
      },
      'renal-function',
      'block',
    ],
    [
      'DOAC hold, clearance exactly 90 days old',
      (d) => {
        d.medicines.antithrombotics = [{ drug: 'apixaban', holdPlan: PROPOSED_HOLD }];
        d.medicines.creatinineClearance = { mlPerMin: 70, date: '2026-03-03' };
      },
      'renal-function',
      'ok',
    ],
    [
      'DOAC continued (no hold), no clearance',
      (d) => (d.medicines.antithrombotics = [{ drug: 'apixaban', holdPlan: NO_HOLD }]),
      'renal-function',
      'ok',
    ],
    [
      'warfarin, no INR plan',
      (d) => (d.medicines.antithrombotics = [{ drug: 'warfarin', holdPlan: PROPOSED_HOLD }]),
      'inr-plan',
      'missing',
    ],
    [
      'warfarin, INR plan recorded',
      (d) => {
        d.medicines.antithrombotics = [{ drug: 'warfarin', holdPlan: PROPOSED_HOLD }];
        d.medicines.inrPlanRecorded = true;
      },
      'inr-plan',
      'ok',
    ],
    // HARD BLOCK 2: dual antiplatelet therapy or a coronary stent in the last 12 months.
    [
      'dual antiplatelet therapy flagged',
      (d) => (d.medicines.onDualAntiplateletTherapy = true),
      'dual-antiplatelet-or-stent',
      'block',
    ],
    [
      'aspirin + clopidogrel on the list',
      (d) =>
        (d.medicines.antithrombotics = [
          { drug: 'aspirin-secondary-prevention', holdPlan: NO_HOLD },
          { drug: 'clopidogrel', holdPlan: PROPOSED_HOLD, holdPlanApproved: true },
        ]),
      'dual-antiplatelet-or-stent',
      'block',
    ],
    [
      'single antiplatelet',
      (d) =>
        (d.medicines.antithrombotics = [
          { drug: 'clopidogrel', holdPlan: PROPOSED_HOLD, holdPlanApproved: true },
        ]),
      'dual-antiplatelet-or-stent',
      'ok',
    ],
    // 1 Jun 2025 + 12 months = 1 Jun 2026 = today: still "in the last 12 months". 31 May 2025 is not.
    [
      'stent exactly 12 months ago',
      (d) => (d.medicines.coronaryStentDate = '2025-06-01'),
      'dual-antiplatelet-or-stent',
      'block',
    ],
    [
      'stent 12 months and 1 day ago',
      (d) => (d.medicines.coronaryStentDate = '2025-05-31'),
      'dual-antiplatelet-or-stent',
      'ok',
    ],
    [
      'DAPT with a cardiology decision recorded',
      (d) => {
        d.medicines.onDualAntiplateletTherapy = true;
        d.medicines.cardiologyDecisionDate = '2026-05-20';
      },
      'dual-antiplatelet-or-stent',
      'warn',
    ],
    [
      'cardiology decision older than the stent does not count',
      (d) => {
        d.medicines.coronaryStentDate = '2025-12-01';
        d.medicines.cardiologyDecisionDate = '2025-11-01';
      },
      'dual-antiplatelet-or-stent',
      'block',
    ],
    [
      'patient bleeding-risk factors',
      (d) => (d.medicines.bleedingRiskFactors = ['age over 80']),
      'bleeding-risk-tier',
      'warn',
    ],
    [
      'tier moved up for patient factors',
      (d) => {
        d.medicines.bleedingRiskFactors = ['age over 80'];
        d.medicines.effectiveBleedingRisk = 'intermediate';
      },
      'bleeding-risk-tier',
      'ok',
    ],
    [
      'proposed hold not approved',
      (d) => {
        d.medicines.antithrombotics = [{ drug: 'clopidogrel', holdPlan: PROPOSED_HOLD }];
      },
      'hold-plan-clopidogrel',
      'warn',
    ],
    [
      'hold approved',
      (d) => {
        d.medicines.antithrombotics = [
          { drug: 'clopidogrel', holdPlan: PROPOSED_HOLD, holdPlanApproved: true },
        ];
      },
      'hold-plan-clopidogrel',
      'ok',
    ],
    [
      'blocked plan, no decision',
      (d) => (d.medicines.antithrombotics = [{ drug: 'clopidogrel', holdPlan: BLOCKED }]),
      'hold-plan-clopidogrel',
      'warn',
    ],
    [
      'no plan computed',
      (d) => (d.medicines.antithrombotics = [{ drug: 'clopidogrel' }]),
      'hold-plan-clopidogrel',
      'missing',
    ],
    [
      'steroid planned in a diabetic',
      (d) => {
        d.medicines.steroidPlanned = true;
        d.medicines.diabetic = true;
      },
      'steroid-and-diabetes',
      'warn',
    ],
    [
      'steroid planned, not diabetic',
      (d) => (d.medicines.steroidPlanned = true),
      'steroid-and-diabetes',
      'ok',
    ],
  ];
  it.each(rows)('%s → %s is %s', (_label, mutate, id, status) => {
    const input = variant(mutate);
    const result = evaluateReadiness(input);
    expect(result.items.find((i) => i.id === id)?.status).toBe(status);
    expect(result.canBook).toBe(!result.items.some((i) => i.status === 'block'));
  });

  it('a missing clearance for a DOAC hold stops booking and names the rule', () => {
    const result = evaluateReadiness(
      variant((d) => (d.medicines.antithrombotics = [{ drug: 'apixaban', holdPlan: PROPOSED_HOLD }])),
    );
    expect(result.canBook).toBe(false);
    expect(result.gates.B).toBe('block');
    expect(result.items.find((i) => i.id === 'renal-function')?.message).toMatch(/last 90 days/);
  });
});

describe('gate C: patient safety', () => {
  const rows: Row[] = [
    ['allergies not reviewed', (d) => (d.safety.allergiesReviewed = false), 'allergies-reviewed', 'missing'],
    // Contrast allergy is judged by agent and reaction, only for contrast cases.
    [
      'contrast case, reaction to iohexol recorded',
      (d) => {
        d.procedure = proc('ESI_TF');
        d.safety.allergies = [{ category: 'iodinated-contrast', agent: 'iohexol', reaction: 'urticaria' }];
      },
      'contrast-allergy',
      'warn',
    ],
    [
      'contrast case, contrast allergy without the reaction',
      (d) => {
        d.procedure = proc('ESI_TF');
        d.safety.allergies = [{ category: 'iodinated-contrast', agent: 'iohexol' }];
      },
      'contrast-allergy',
      'missing',
    ],
    [
      'contrast case, "iodine allergy" label',
      (d) => {
        d.procedure = proc('ESI_TF');
        d.safety.allergies = [{ category: 'iodine-unspecified', agent: 'iodine' }];
      },
      'contrast-allergy',
      'missing',
    ],
    [
      'contrast case, shellfish allergy only',
      (d) => {
        d.procedure = proc('ESI_TF');
        d.safety.allergies = [{ category: 'shellfish', agent: 'prawns', reaction: 'hives' }];
      },
      'contrast-allergy',
      'ok',
    ],
    [
      'no contrast planned, contrast allergy recorded',
      (d) => {
        d.safety.allergies = [{ category: 'iodinated-contrast', agent: 'iohexol', reaction: 'urticaria' }];
      },
      'contrast-allergy',
      'ok',
    ],
    [
      'povidone-iodine allergy: skin preparation',
      (d) => {
        d.safety.allergies = [{ category: 'povidone-iodine', agent: 'Betadine', reaction: 'rash' }];
      },
      'other-allergies',
      'warn',
    ],
    [
      'latex allergy',
      (d) => (d.safety.allergies = [{ category: 'latex', agent: 'latex', reaction: 'wheeze' }]),
      'other-allergies',
      'warn',
    ],
    [
      'shellfish allergy is not an "other" concern',
      (d) => (d.safety.allergies = [{ category: 'shellfish', agent: 'prawns' }]),
      'other-allergies',
      'ok',
    ],
    ['infection not asked', (d) => delete d.safety.activeInfection, 'infection', 'missing'],
    ['active infection', (d) => (d.safety.activeInfection = true), 'infection', 'warn'],
    ['devices not reviewed', (d) => (d.safety.devicesReviewed = false), 'implanted-devices', 'missing'],
    [
      'pacemaker without a device plan (RF case)',
      (d) => (d.safety.devices = [{ type: 'pacemaker', planRecorded: false }]),
      'implanted-devices',
      'warn',
    ],
    [
      'pacemaker with a device plan',
      (d) => (d.safety.devices = [{ type: 'pacemaker', planRecorded: true }]),
      'implanted-devices',
      'ok',
    ],
    [
      'pregnancy enquiry not arranged (fluoroscopy)',
      (d) => (d.safety.pregnancyEnquiryArranged = false),
      'pregnancy-enquiry',
      'missing',
    ],
    [
      'optional sedation planned, details missing',
      (d) => (d.safety.sedation = { planned: true }),
      'sedation',
      'missing',
    ],
    [
      'sedation prepared',
      (d) =>
        (d.safety.sedation = {
          planned: true,
          fastingInstructionsGiven: true,
          escortConfirmed: true,
          asaGrade: 2,
          airwayAssessed: true,
        }),
      'sedation',
      'ok',
    ],
    [
      'sedation with fasting in a diabetic',
      (d) => {
        d.safety.sedation = {
          planned: true,
          fastingInstructionsGiven: true,
          escortConfirmed: true,
          asaGrade: 2,
          airwayAssessed: true,
        };
        d.medicines.diabetic = true;
      },
      'sedation',
      'warn',
    ],
    [
      'sedation for a diagnostic block',
      (d) => {
        d.procedure = proc('MBB_L');
        d.safety.sedation = {
          planned: true,
          fastingInstructionsGiven: true,
          escortConfirmed: true,
          asaGrade: 2,
          airwayAssessed: true,
        };
      },
      'sedation',
      'warn',
    ],
    [
      'lidocaine exclusions not reviewed',
      (d) => (d.procedure = proc('IVI_LIDO')),
      'procedure-exclusions',
      'missing',
    ],
    [
      'lidocaine exclusion present',
      (d) => {
        d.procedure = proc('IVI_LIDO');
        d.safety.exclusionsReviewed = true;
        d.safety.exclusionsPresent = ['Arrhythmia or conduction block'];
      },
      'procedure-exclusions',
      'warn',
    ],
    [
      'lidocaine exclusions reviewed, none',
      (d) => {
        d.procedure = proc('IVI_LIDO');
        d.safety.exclusionsReviewed = true;
      },
      'procedure-exclusions',
      'ok',
    ],
  ];
  it.each(rows)('%s → %s is %s', (_label, mutate, id, status) => {
    expect(statusOf(variant(mutate), id)).toBe(status);
  });

  it('explains that shellfish is not a contrast risk factor', () => {
    const input = variant((d) => {
      d.procedure = proc('ESI_TF');
      d.safety.allergies = [{ category: 'shellfish', agent: 'prawns' }];
    });
    expect(evaluateReadiness(input).items.find((i) => i.id === 'contrast-allergy')?.message).toMatch(
      /not contrast risk factors/,
    );
  });

  it('says when the planned contrast agent is the one that caused the reaction', () => {
    const input = variant((d) => {
      d.safety.plannedContrastAgent = 'Iohexol';
      d.safety.allergies = [{ category: 'iodinated-contrast', agent: 'iohexol', reaction: 'anaphylaxis' }];
    });
    const item = evaluateReadiness(input).items.find((i) => i.id === 'contrast-allergy');
    expect(item?.status).toBe('warn');
    expect(item?.message).toMatch(/planned agent is the one/);
    expect(item?.message).toMatch(/anaphylaxis/);
  });
});

describe('gate C: MRSA screen for implants (hard block 3)', () => {
  // SCS implant on Monday 6 July 2026, seen on 10 June (26 days' notice). Successful trial on 1 May
  // (60% relief ≥ 50%). MRSA screen must be within 28 days before 6 July: 8 June is exactly 28 days
  // (22 days to 30 June + 6), 7 June is 29 days.
  const SCS = (mutate: (d: ReadinessInput) => void = () => undefined): ReadinessInput =>
    variant((d) => {
      d.today = '2026-06-10';
      d.procedure = proc('SCS_IMPL');
      d.history = [{ procedureCode: 'SCS_TRIAL', date: '2026-05-01', reliefPercent: 60 }];
      d.safety.mrsaScreen = { date: '2026-06-08', result: 'negative' };
      d.safety.sedation = {
        planned: true,
        fastingInstructionsGiven: true,
        escortConfirmed: true,
        asaGrade: 2,
        airwayAssessed: true,
      };
      if (d.booking) {
        d.booking.session.setting = 'theatre';
        d.booking.session.equipment = ['fluoroscopy', 'stimulator-kit-and-rep'];
        d.booking.session.bookedCaseMinutes = [];
      }
      mutate(d);
    });

  it('a prepared implant case is bookable', () => {
    const result = evaluateReadiness(SCS());
    expect(result.items.filter((i) => i.status !== 'ok')).toEqual([]);
    expect(result.canBook).toBe(true);
  });

  const rows: Row[] = [
    ['no MRSA screen', (d) => delete d.safety.mrsaScreen, 'mrsa-screen', 'block'],
    [
      'screen 29 days before the procedure',
      (d) => (d.safety.mrsaScreen = { date: '2026-06-07', result: 'negative' }),
      'mrsa-screen',
      'block',
    ],
    [
      'screen result pending',
      (d) => (d.safety.mrsaScreen = { date: '2026-06-09', result: 'pending' }),
      'mrsa-screen',
      'block',
    ],
    [
      'screen positive',
      (d) => (d.safety.mrsaScreen = { date: '2026-06-09', result: 'positive' }),
      'mrsa-screen',
      'warn',
    ],
    // SCS implant without a successful trial: the research suggested a block, the clinical lead does not → warn.
    [
      'trial relief below 50%',
      (d) => (d.history = [{ procedureCode: 'SCS_TRIAL', date: '2026-05-01', reliefPercent: 40 }]),
      'prerequisite-SCS_TRIAL',
      'warn',
    ],
    [
      'sedation details missing (general or sedation)',
      (d) => (d.safety.sedation = { planned: false }),
      'sedation',
      'missing',
    ],
  ];
  it.each(rows)('%s → %s is %s', (_label, mutate, id, status) => {
    const result = evaluateReadiness(SCS(mutate));
    expect(result.items.find((i) => i.id === id)?.status).toBe(status);
    expect(result.canBook).toBe(status !== 'block');
  });

  it('non-implants have no MRSA item', () => {
    expect(statusOf(BASE, 'mrsa-screen')).toBeUndefined();
  });
});

describe('gate D: logistics', () => {
  const rows: Row[] = [
    // HARD BLOCK 4: fluoroscopy case on a session with no radiographer.
    [
      'fluoroscopy, no radiographer',
      (d) => d.booking && (d.booking.session.hasRadiographer = false),
      'radiographer',
      'block',
    ],
    [
      'CT-guided, no radiographer',
      (d) => {
        d.imaging = 'CT';
        if (d.booking) {
          d.booking.session.hasRadiographer = false;
          d.booking.session.equipment = ['CT', 'rf-generator'];
        }
      },
      'radiographer',
      'warn',
    ],
    [
      'RF generator missing',
      (d) => d.booking && (d.booking.session.equipment = ['fluoroscopy']),
      'session-equipment',
      'warn',
    ],
    [
      'clinic session for a day-case procedure',
      (d) => d.booking && (d.booking.session.setting = 'clinic'),
      'session-equipment',
      'warn',
    ],
    [
      'theatre session for a day-case procedure',
      (d) => d.booking && (d.booking.session.setting = 'theatre'),
      'session-equipment',
      'ok',
    ],
    // Three 60-min cases booked + this one: 240 + 3 × 15 = 285 > 240.
    [
      'session overbooked',
      (d) => d.booking && (d.booking.session.bookedCaseMinutes = [60, 60, 60]),
      'capacity',
      'block',
    ],
    // Two booked + this one with 30-min turnaround: 180 + 2 × 30 = 240: exactly full is fine.
    [
      'session exactly full',
      (d) => d.booking && (d.booking.session.turnaroundMinutes = 30),
      'capacity',
      'ok',
    ],
    // 1 Jun → 21 Jun is 20 days (< 21); → 22 Jun is 21 days.
    ['20 days notice', (d) => d.booking && (d.booking.session.date = '2026-06-21'), 'notice', 'warn'],
    ['21 days notice', (d) => d.booking && (d.booking.session.date = '2026-06-22'), 'notice', 'ok'],
    [
      '20 days notice, patient agreed',
      (d) => {
        if (d.booking) {
          d.booking.session.date = '2026-06-21';
          d.booking.patientAgreedShortNotice = true;
        }
      },
      'notice',
      'ok',
    ],
    ['no session yet', (d) => delete d.booking, 'session', 'missing'],
  ];
  it.each(rows)('%s → %s is %s', (_label, mutate, id, status) => {
    const result = evaluateReadiness(variant(mutate));
    expect(result.items.find((i) => i.id === id)?.status).toBe(status);
    expect(result.canBook).toBe(status !== 'block');
    expect(result.canList).toBe(true);
  });

  it('an ultrasound-guided case needs no radiographer', () => {
    const input = variant((d) => {
      d.procedure = proc('ESI_CAUDAL');
      d.imaging = 'ultrasound';
      if (d.booking) {
        d.booking.session.hasRadiographer = false;
        d.booking.session.equipment = ['ultrasound'];
      }
    });
    const result = evaluateReadiness(input);
    expect(result.items.find((i) => i.id === 'radiographer')).toBeUndefined();
    expect(result.items.find((i) => i.id === 'pregnancy-enquiry')).toBeUndefined();
    expect(result.canBook).toBe(true);
  });

  it('gate summary and override list follow the item statuses', () => {
    const result = evaluateReadiness(
      variant((d) => {
        if (d.booking) d.booking.session.hasRadiographer = false;
        d.listing.baselineOutcomesRecorded = false;
        d.safety.activeInfection = true;
      }),
    );
    expect(result.gates).toEqual({ A: 'missing', B: 'ok', C: 'warn', D: 'block' });
    expect(result.needsOverride).toEqual(['baseline-outcomes', 'infection']);
  });
});

describe('evaluateReadiness: invalid input', () => {
  it.each([
    ['bad today', (d: ReadinessInput) => (d.today = '2026-02-30'), 'INVALID_DATE'],
    [
      'clearance dated after today',
      (d: ReadinessInput) => {
        d.medicines.antithrombotics = [{ drug: 'apixaban', holdPlan: PROPOSED_HOLD }];
        d.medicines.creatinineClearance = { mlPerMin: 70, date: '2026-06-02' };
      },
      'INVALID_DATE',
    ],
    [
      'stent dated after today',
      (d: ReadinessInput) => (d.medicines.coronaryStentDate = '2026-07-01'),
      'INVALID_DATE',
    ],
    [
      'bad history date',
      (d: ReadinessInput) => (d.history = [{ procedureCode: 'MBB_L', date: '2026-02-29' }]),
      'INVALID_DATE',
    ],
    [
      'session end before start',
      (d: ReadinessInput) => d.booking && (d.booking.session.end = '08:00'),
      'INVALID_DATE',
    ],
  ])('%s throws %s', (_label, mutate, code) => {
    let caught: unknown;
    try {
      evaluateReadiness(variant(mutate));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ClinicalInputError);
    expect((caught as ClinicalInputError).code).toBe(code);
  });
});

describe('procedure catalogue and example commissioner rules (data)', () => {
  it('carries rule-set metadata', () => {
    for (const meta of [PROCEDURE_CATALOGUE, EXAMPLE_COMMISSIONER_RULES]) {
      expect(meta.id).toBeTruthy();
      expect(meta.name).toBeTruthy();
      expect(meta.version).toBeTruthy();
      expect(meta.source.length).toBeGreaterThan(20);
    }
  });

  it('the commissioner set is clearly labelled as an example', () => {
    expect(EXAMPLE_COMMISSIONER_RULES.isExample).toBe(true);
    expect(EXAMPLE_COMMISSIONER_RULES.name).toMatch(/EXAMPLE/);
  });

  it('has unique codes and sensible fields', () => {
    const codes = PROCEDURE_CATALOGUE.procedures.map((p) => p.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toHaveLength(25);
    for (const p of PROCEDURE_CATALOGUE.procedures) {
      expect(p.defaultDurationMinutes, p.code).toBeGreaterThan(0);
      expect(p.followUpWeeks, p.code).toBeGreaterThan(0);
      expect(p.needsRadiographer, p.code).toBe(p.imaging === 'fluoroscopy' || p.imaging === 'CT');
      for (const pre of p.prerequisites) {
        if (pre.procedureCode) expect(codes, `${p.code} → ${pre.procedureCode}`).toContain(pre.procedureCode);
      }
    }
  });

  // Spot checks against ASRA/ESRA 2018 (Narouze et al.) bleeding-risk categories.
  it.each([
    ['ESI_TF', 30, 'fluoroscopy', 'intermediate', 6, false, false],
    ['MBB_L', 25, 'fluoroscopy', 'low', 2, false, true],
    ['MBB_C', 30, 'fluoroscopy', 'intermediate', 2, false, true],
    ['RFD_L', 60, 'fluoroscopy', 'low', 6, false, false],
    ['RFD_C', 75, 'fluoroscopy', 'intermediate', 6, false, false],
    ['SCS_TRIAL', 90, 'fluoroscopy', 'high', 1, true, false],
    ['SCS_IMPL', 120, 'fluoroscopy', 'high', 1, true, false],
    ['SCS_IPG', 60, 'none', 'low', 2, true, false],
    ['SGB', 20, 'ultrasound', 'intermediate', 2, false, false],
    ['BTX_MIG', 20, 'none', 'low', 24, false, false],
    ['IVI_LIDO', 150, 'none', null, 4, false, false],
    ['IVI_KET', 240, 'none', null, 4, false, false],
  ] as const)(
    '%s: %i min, %s, %s risk, follow-up %i wk',
    (code, minutes, imaging, risk, followUp, implant, diagnostic) => {
      const p = proc(code);
      expect(p.defaultDurationMinutes).toBe(minutes);
      expect(p.imaging).toBe(imaging);
      expect(p.bleedingRisk).toBe(risk);
      expect(p.followUpWeeks).toBe(followUp);
      expect(p.isImplant).toBe(implant);
      expect(p.isDiagnosticBlock).toBe(diagnostic);
    },
  );
});

describe('readiness text is written for clinicians (issue 14: en-GB dates, never ISO)', () => {
  it('shows the breach date as 05-Aug-2026 (clock start 1 April 2026 + 126 days), not 2026-08-05', () => {
    const rtt = evaluateReadiness(BASE).items.find((i) => i.id === 'priority-and-rtt');
    expect(rtt?.message).toBe('P3; 18-week breach date 05-Aug-2026.');
    const late = evaluateReadiness(variant((d) => (d.listing.rttClockStart = '2026-01-05'))).items.find(
      (i) => i.id === 'priority-and-rtt',
    );
    // 5 January 2026 + 126 days = 11 May 2026 (the rule's own doc example), before today (1 June 2026).
    expect(late?.message).toBe('P3; the 18-week breach date (11-May-2026) has passed.');
  });
});

describe('an approved hold before an SCS trial: the restart waits for the lead removal (issue 14)', () => {
  // By hand: a plan approved with the last dose by Wed 1 July 2026 08:30 and the rule set's restart 24 h
  // after the procedure (the insertion on Mon 6 July 08:30): Tue 7 July 08:30. The leads stay in for days,
  // and the guideline gives no hours after their removal, so no time earlier than the removal is given.
  const TRIAL_HOLD: HoldPlan = {
    status: 'hold',
    latestLastDoseAt: '2026-07-01T08:30',
    restartNotBefore: '2026-07-07T08:30',
    needsApproval: true,
    ruleSet: 'ASRA/ESRA pain 2018 1.0.0',
    holdHours: 120,
  };
  const line = (scsTrial?: { leadsRemovedOn: string | null }) =>
    evaluateReadiness(
      variant((d) => {
        d.procedure = proc('SCS_TRIAL');
        delete d.booking;
        d.medicines.antithrombotics = [{ drug: 'apixaban', holdPlan: TRIAL_HOLD, holdPlanApproved: true }];
        if (scsTrial) d.medicines.scsTrial = scsTrial;
      }),
    ).items.find((i) => i.id === 'hold-plan-apixaban')?.message;

  it('leads in: no restart time, only after their removal', () => {
    expect(line({ leadsRemovedOn: null })).toBe(
      'Approved: last dose no later than 01-Jul-2026 08:30; restart not while the trial leads are in, only after their removal when the team confirms there was no bleeding. Rule set: ASRA/ESRA pain 2018 (version 1.0.0).',
    );
  });
  it('leads removed Fri 10 July: restart after the removal, the 7 July time (before it) not shown', () => {
    expect(line({ leadsRemovedOn: '2026-07-10' })).toBe(
      'Approved: last dose no later than 01-Jul-2026 08:30; restart after the lead removal on 10-Jul-2026 when the team confirms there was no bleeding. Rule set: ASRA/ESRA pain 2018 (version 1.0.0).',
    );
  });
  it('leads removed Tue 7 July (the day the 24 h end): that time still binds', () => {
    expect(line({ leadsRemovedOn: '2026-07-07' })).toBe(
      'Approved: last dose no later than 01-Jul-2026 08:30; restart after the lead removal on 07-Jul-2026 when the team confirms there was no bleeding, not before 07-Jul-2026 08:30. Rule set: ASRA/ESRA pain 2018 (version 1.0.0).',
    );
  });
  it('any other procedure keeps the rule set time', () => {
    expect(line()).toBe(
      'Approved: last dose no later than 01-Jul-2026 08:30; restart not before 07-Jul-2026 08:30. Rule set: ASRA/ESRA pain 2018 (version 1.0.0).',
    );
  });
});
