import { describe, it, expect } from 'vitest';
import {
  EXAMPLE_COMMISSIONER_RULES,
  checkBookingConflicts,
  findProcedure,
} from '../../../shared/clinical/interventions/index';
import type {
  BookingConflictCode,
  BookingConflictInput,
  HoldPlan,
  ProcedureDefinition,
} from '../../../shared/clinical/interventions/index';
import { ClinicalInputError } from '../../../shared/clinical/errors';
import { RF_DAY_LIST } from '../../helpers/clinical';

function proc(code: string): ProcedureDefinition {
  const p = findProcedure(code);
  if (!p) throw new Error(`no procedure ${code}`);
  return p;
}

// Hand-worked fixture: lumbar RF (60 min, fluoroscopy + RF generator, day case) on Monday 6 July 2026,
// booked on 1 June 2026 (35 days' notice). Session 08:30-12:30 = 240 min, nothing unavailable, 15-min
// turnaround, two 60-min cases already booked: 3 × 60 + 2 × 15 = 210 ≤ 240. RTT breach 5 August 2026.
const BASE: BookingConflictInput = {
  today: '2026-06-01',
  procedure: proc('RFD_L'),
  session: { ...RF_DAY_LIST },
  clinicianOtherSessions: [],
  patientOtherBookings: [],
  history: [],
  site: 'L4-5 right',
  commissionerRules: EXAMPLE_COMMISSIONER_RULES,
  holdPlans: [],
  rttBreachDate: '2026-08-05',
};

function variant(mutate: (d: BookingConflictInput) => void): BookingConflictInput {
  const draft = structuredClone(BASE);
  mutate(draft);
  return draft;
}

// Fixture hold plans written out by hand.
const PROPOSED: HoldPlan = {
  status: 'hold',
  latestLastDoseAt: '2026-06-29T09:00',
  needsApproval: true,
  ruleSet: 'ASRA/ESRA pain 2018 1.0.0',
  holdHours: 168,
};
const BLOCKED: HoldPlan = {
  status: 'blocked',
  reason: 'A creatinine clearance is needed before a hold of apixaban can be planned, and none is recorded.',
  needsApproval: true,
  ruleSet: 'ASRA/ESRA pain 2018 1.0.0',
};
const NO_HOLD: HoldPlan = { status: 'no-hold', needsApproval: false, ruleSet: 'ASRA/ESRA pain 2018 1.0.0' };

describe('checkBookingConflicts', () => {
  it('finds nothing for a well-prepared booking', () => {
    expect(checkBookingConflicts(BASE)).toEqual([]);
  });

  const rows: [string, (d: BookingConflictInput) => void, [BookingConflictCode, 'block' | 'warn'][]][] = [
    // Capacity. Three booked + this one: 4 × 60 + 3 × 15 = 285 → 45 over.
    [
      'capacity exceeded',
      (d) => (d.session.bookedCaseMinutes = [60, 60, 60]),
      [['CAPACITY_EXCEEDED', 'block']],
    ],
    // Turnaround 30: 3 × 60 + 2 × 30 = 240 = bookable → exactly full, no conflict.
    ['exactly full', (d) => (d.session.turnaroundMinutes = 30), []],
    // Same with a 61-minute case: 241 → one minute over.
    [
      'one minute over',
      (d) => {
        d.session.turnaroundMinutes = 30;
        d.caseMinutes = 61;
      },
      [['CAPACITY_EXCEEDED', 'block']],
    ],
    // 30 minutes declared unavailable: bookable 210, used 210 → exactly full.
    ['exactly full after unavailable time', (d) => (d.session.unavailableMinutes = 30), []],
    // Clinician double-booking: overlap means start < other end and other start < end.
    [
      'clinician overlapping session',
      (d) => (d.clinicianOtherSessions = [{ id: 'S2', date: '2026-07-06', start: '12:00', end: '16:00' }]),
      [['CLINICIAN_DOUBLE_BOOKED', 'warn']],
    ],
    [
      'clinician back-to-back session (touching, not overlapping)',
      (d) => (d.clinicianOtherSessions = [{ id: 'S2', date: '2026-07-06', start: '12:30', end: '16:30' }]),
      [],
    ],
    [
      'clinician session ending one minute into this one',
      (d) => (d.clinicianOtherSessions = [{ id: 'S0', date: '2026-07-06', start: '07:00', end: '08:31' }]),
      [['CLINICIAN_DOUBLE_BOOKED', 'warn']],
    ],
    [
      'clinician session on another day',
      (d) => (d.clinicianOtherSessions = [{ id: 'S3', date: '2026-07-07', start: '08:30', end: '12:30' }]),
      [],
    ],
    [
      'the same session listed again is ignored',
      (d) => (d.clinicianOtherSessions = [{ id: 'S1', date: '2026-07-06', start: '08:30', end: '12:30' }]),
      [],
    ],
    // Patient already booked.
    [
      'patient booked the same day',
      (d) => (d.patientOtherBookings = [{ sessionId: 'S9', date: '2026-07-06', procedureCode: 'TPI' }]),
      [['PATIENT_SAME_DAY', 'warn']],
    ],
    [
      'patient booked another day',
      (d) => (d.patientOtherBookings = [{ sessionId: 'S9', date: '2026-07-07' }]),
      [],
    ],
    // Equipment.
    ['RF generator missing', (d) => (d.session.equipment = ['fluoroscopy']), [['EQUIPMENT_MISSING', 'warn']]],
    [
      'no equipment at all',
      (d) => (d.session.equipment = []),
      [
        ['EQUIPMENT_MISSING', 'warn'],
        ['EQUIPMENT_MISSING', 'warn'],
      ],
    ],
    // Radiographer: a hard block for fluoroscopy (the service's clinical decisions (clinical lead)), listed first.
    [
      'fluoroscopy case, no radiographer',
      (d) => (d.session.hasRadiographer = false),
      [['NO_RADIOGRAPHER', 'block']],
    ],
    [
      'no radiographer and overbooked: block first',
      (d) => {
        d.session.bookedCaseMinutes = [60, 60, 60];
        d.session.hasRadiographer = false;
      },
      [
        ['NO_RADIOGRAPHER', 'block'],
        ['CAPACITY_EXCEEDED', 'block'],
      ],
    ],
    [
      'CT-guided case, no radiographer (warn only)',
      (d) => {
        d.imaging = 'CT';
        d.session.hasRadiographer = false;
        d.session.equipment = ['CT', 'rf-generator'];
      },
      [['NO_RADIOGRAPHER', 'warn']],
    ],
    [
      'ultrasound-guided genicular block, no radiographer',
      (d) => {
        d.procedure = proc('GNB');
        d.imaging = 'ultrasound';
        d.session.hasRadiographer = false;
        d.session.equipment = ['ultrasound'];
      },
      [],
    ],
    // Setting.
    [
      'clinic session for a day-case procedure',
      (d) => (d.session.setting = 'clinic'),
      [['SETTING_MISMATCH', 'warn']],
    ],
    ['theatre session for a day-case procedure', (d) => (d.session.setting = 'theatre'), []],
    // Repeat interval (example rules: RF ≥ 16 months). 1 Apr 2025 + 16 = 1 Aug 2026 > 6 Jul.
    [
      'repeat RF too soon',
      (d) => (d.history = [{ procedureCode: 'RFD_L', date: '2025-04-01', site: 'L4-5 right' }]),
      [['REPEAT_TOO_SOON', 'warn']],
    ],
    // 6 Mar 2025 + 16 = 6 Jul 2026 = the session date: allowed.
    [
      'repeat RF exactly at the interval',
      (d) => (d.history = [{ procedureCode: 'RFD_L', date: '2025-03-06', site: 'L4-5 right' }]),
      [],
    ],
    // Without commissioner rules the catalogue has no figure for RF.
    [
      'no commissioner rules',
      (d) => {
        delete d.commissionerRules;
        d.history = [{ procedureCode: 'RFD_L', date: '2025-04-01' }];
      },
      [],
    ],
    // Explicit 12 months: 1 Apr 2025 + 12 = 1 Apr 2026 ≤ 6 Jul. 18 months: 1 Oct 2026 > 6 Jul.
    [
      'explicit 12-month rule',
      (d) => {
        d.repeatRule = { months: 12 };
        d.history = [{ procedureCode: 'RFD_L', date: '2025-04-01' }];
      },
      [],
    ],
    [
      'explicit 18-month rule',
      (d) => {
        d.repeatRule = { months: 18 };
        d.history = [{ procedureCode: 'RFD_L', date: '2025-04-01' }];
      },
      [['REPEAT_TOO_SOON', 'warn']],
    ],
    // Hold plans.
    [
      'hold plan not approved',
      (d) => (d.holdPlans = [{ drug: 'clopidogrel', plan: PROPOSED, approved: false }]),
      [['HOLD_NOT_APPROVED', 'warn']],
    ],
    [
      'hold plan approved',
      (d) => (d.holdPlans = [{ drug: 'clopidogrel', plan: PROPOSED, approved: true }]),
      [],
    ],
    [
      'blocked hold plan, no decision',
      (d) => (d.holdPlans = [{ drug: 'apixaban', plan: BLOCKED, approved: false }]),
      [['HOLD_NOT_DECIDED', 'warn']],
    ],
    ['no hold needed', (d) => (d.holdPlans = [{ drug: 'aspirin', plan: NO_HOLD, approved: false }]), []],
    // RTT: treatment on the breach date itself is in time.
    ['breach date already past', (d) => (d.rttBreachDate = '2026-05-31'), [['RTT_BREACHED', 'warn']]],
    [
      'breach date before the session',
      (d) => (d.rttBreachDate = '2026-07-05'),
      [['RTT_BREACH_BEFORE_SESSION', 'warn']],
    ],
    ['breach date on the session day', (d) => (d.rttBreachDate = '2026-07-06'), []],
    [
      'breach date today, session later',
      (d) => (d.rttBreachDate = '2026-06-01'),
      [['RTT_BREACH_BEFORE_SESSION', 'warn']],
    ],
    // Notice: 1 Jun → 21 Jun = 20 days (< 21); → 22 Jun = 21 days.
    ['20 days notice', (d) => (d.session.date = '2026-06-21'), [['SHORT_NOTICE', 'warn']]],
    ['21 days notice', (d) => (d.session.date = '2026-06-22'), []],
    [
      '20 days notice, patient agreed',
      (d) => {
        d.session.date = '2026-06-21';
        d.patientAgreedShortNotice = true;
      },
      [],
    ],
    ['same-day booking', (d) => (d.session.date = '2026-06-01'), [['SHORT_NOTICE', 'warn']]],
    ['session in the past', (d) => (d.session.date = '2026-05-29'), [['SESSION_IN_PAST', 'warn']]],
  ];
  it.each(rows)('%s', (_label, mutate, expected) => {
    const conflicts = checkBookingConflicts(variant(mutate));
    expect(conflicts.map((c) => [c.code, c.severity])).toEqual(expected);
    for (const c of conflicts) expect(c.message.length).toBeGreaterThan(15);
  });

  it('states the overbooking in minutes', () => {
    const [conflict] = checkBookingConflicts(variant((d) => (d.session.bookedCaseMinutes = [60, 60, 60])));
    expect(conflict?.message).toMatch(/by 45 minutes \(285 of 240 bookable minutes\)/);
    const [oneOver] = checkBookingConflicts(
      variant((d) => {
        d.session.turnaroundMinutes = 30;
        d.caseMinutes = 61;
      }),
    );
    expect(oneOver?.message).toMatch(/by 1 minute \(241 of 240/);
  });

  it('gives the earliest repeat date', () => {
    const [conflict] = checkBookingConflicts(
      variant((d) => (d.history = [{ procedureCode: 'RFD_L', date: '2025-04-01', site: 'L4-5 right' }])),
    );
    expect(conflict?.message).toMatch(/01-Aug-2026/);
  });

  it.each([
    ['session end before start', (d: BookingConflictInput) => (d.session.end = '08:00'), 'INVALID_DATE'],
    ['impossible session date', (d: BookingConflictInput) => (d.session.date = '2026-06-31'), 'INVALID_DATE'],
    [
      'bad time on another session',
      (d: BookingConflictInput) =>
        (d.clinicianOtherSessions = [{ id: 'S2', date: '2026-07-06', start: '9:00', end: '12:00' }]),
      'INVALID_DATE',
    ],
    ['bad breach date', (d: BookingConflictInput) => (d.rttBreachDate = '2026-02-29'), 'INVALID_DATE'],
    ['negative case minutes', (d: BookingConflictInput) => (d.caseMinutes = -10), 'INVALID_INPUT'],
    ['negative turnaround', (d: BookingConflictInput) => (d.session.turnaroundMinutes = -1), 'INVALID_INPUT'],
  ])('rejects %s', (_label, mutate, code) => {
    let caught: unknown;
    try {
      checkBookingConflicts(variant(mutate));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ClinicalInputError);
    expect((caught as ClinicalInputError).code).toBe(code);
  });
});
