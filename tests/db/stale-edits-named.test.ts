import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Engine } from '../../db/connection';
import type { GoalInput } from '../../shared/domain/rehab';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import { interventionsTeam, JO, readyRecord, theatreSession } from '../helpers/seed';

/**
 * Issue 19: "Two people saving the same thing get a clear conflict with the other person's change shown."
 * Rehab records and bookings used to be refused with only "someone else changed this" or "already
 * cancelled"; the refusal now names who changed it and when (from the audit trail), so the person knows
 * whom to ask. Two people open the same record; the first saves; the second saves what they opened.
 * Expected messages written by hand. Times: the test clock is 21-Nov-2026 10:00 UTC, 10:00 in London (GMT
 * in November); 15-Dec-2026 12:00 UTC is 12:00 in London.
 */
const KEPT =
  'Their change is kept and yours was not saved: reopen it, check their change, and make yours again if it is still needed.';

const goal = (activity: string): GoalInput => ({
  whatMatters: `I want to ${activity} again`,
  activity,
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
});

describeEachEngine('rehab conflicts name who changed the record and when', (engine: Engine) => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp(engine); // clock: 21-Nov-2026 10:00 UTC
    await signedInAs(app, 'physiotherapist', 'physio');
    await signedInAs(app, 'consultant', 'cons');
  });
  afterEach(async () => app.close());

  async function patientWithPlan() {
    const p = await app.ok(
      'patients:create',
      { surname: 'Rehab', forename: 'Jo', dateOfBirth: '1970-01-01', sex: 'female', allergies: [] },
      'physio',
    );
    const plan = await app.ok(
      'rehab:createPlan',
      {
        patientId: p.id,
        pathway: 'physiotherapy',
        referralDate: '2026-09-01',
        treatmentStartDate: '2026-10-01',
      },
      'physio',
    );
    return { p, plan };
  }

  const refusal = async (channel: string, payload: unknown, who: string) => {
    const r = await app.call(channel as never, payload as never, who);
    expect(r.ok).toBe(false);
    if (r.ok) return { code: '', message: '' };
    return r.error;
  };

  it('plan dates: a change against the older version names who changed them, when, and their dates', async () => {
    const { plan } = await patientWithPlan();
    const dates = { planId: plan.id, version: plan.version, referralDate: '2026-09-01', dischargeDate: '' };
    await app.ok('rehab:updatePlanDates', { ...dates, treatmentStartDate: '2026-10-08' }, 'physio');
    const e = await refusal('rehab:updatePlanDates', { ...dates, treatmentStartDate: '2026-10-15' }, 'cons');
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe(
      'Test physiotherapist changed this rehab plan at 10:00 on 21-Nov-2026 while you were editing (rehab plan dates changed). ' +
        'Their dates: referral 01-Sep-2026, start of treatment 08-Oct-2026, no discharge date. ' +
        KEPT,
    );
    const now = (await app.ok('rehab:summary', { patientId: plan.patientId }, 'cons')).plans[0]!;
    expect(now.treatmentStartDate).toBe('2026-10-08');
  });

  it('goals: already achieved, or replaced by an edited version, names who and when', async () => {
    const { plan } = await patientWithPlan();
    const walk = await app.ok('rehab:addGoal', { planId: plan.id, goal: goal('walk') }, 'physio');
    const swim = await app.ok('rehab:addGoal', { planId: plan.id, goal: goal('swim') }, 'physio');
    await app.ok(
      'rehab:goalStatus',
      { goalId: walk.id, status: 'achieved', reason: 'Walks 25 minutes' },
      'physio',
    );
    const twice = await refusal(
      'rehab:goalStatus',
      { goalId: walk.id, status: 'withdrawn', reason: 'No longer wanted' },
      'cons',
    );
    expect(twice).toMatchObject({
      code: 'CONFLICT',
      message:
        'This goal is already marked achieved. ' +
        'Test physiotherapist changed it at 10:00 on 21-Nov-2026 (rehab goal marked achieved).',
    });
    await app.ok(
      'rehab:editGoal',
      { goalId: swim.id, goal: { ...goal('swim'), target: '10 lengths' }, reason: 'Clearer target' },
      'physio',
    );
    const old = await refusal(
      'rehab:goalStatus',
      { goalId: swim.id, status: 'achieved', reason: 'Swims weekly' },
      'cons',
    );
    expect(old).toMatchObject({
      code: 'CONFLICT',
      message:
        'This goal was replaced by an edited version: change that one instead. ' +
        'Test physiotherapist changed it at 10:00 on 21-Nov-2026 (rehab goal edited).',
    });
  });

  it('a measure already marked entered in error, and a risk alert already acknowledged, name who and when', async () => {
    const { p } = await patientWithPlan();
    const m = await app.ok(
      'rehab:recordMeasure',
      {
        patientId: p.id,
        measure: 'PHQ-9',
        timePoint: 'referral',
        administeredOn: '2026-11-20',
        answers: [2, 2, 2, 2, 2, 2, 2, 2, 2],
      },
      'physio',
    );
    const alert = (await app.ok('rehab:riskAlerts', { patientId: p.id }, 'physio')).open[0]!;
    await app.ok(
      'rehab:acknowledgeRisk',
      { alertId: alert.id, version: alert.version, actionTaken: 'Phoned the patient; GP informed.' },
      'physio',
    );
    const ack = await refusal(
      'rehab:acknowledgeRisk',
      { alertId: alert.id, version: alert.version, actionTaken: 'Crisis team details given.' },
      'cons',
    );
    expect(ack).toMatchObject({
      code: 'CONFLICT',
      message:
        'This risk alert has already been acknowledged. ' +
        'Test physiotherapist changed it at 10:00 on 21-Nov-2026 (risk alert acknowledged).',
    });
    await app.ok('rehab:enteredInError', { target: 'measure', id: m.id, reason: 'Wrong patient' }, 'physio');
    const again = await refusal(
      'rehab:enteredInError',
      { target: 'measure', id: m.id, reason: 'Duplicate' },
      'cons',
    );
    expect(again).toMatchObject({
      code: 'CONFLICT',
      message:
        'This outcome measure is already marked entered in error. ' +
        'Test physiotherapist changed it at 10:00 on 21-Nov-2026 (outcome measure marked entered in error).',
    });
  });

  it('group programme: a participant who has already left names who recorded it and when', async () => {
    const { p } = await patientWithPlan();
    const g = await app.ok(
      'rehab:groupCreate',
      {
        name: 'Autumn pain management programme',
        facilitators: 'Tom Nowak (physiotherapist)',
        location: 'Outpatients, room 4',
        capacity: 10,
        completionPercent: 75,
        sessions: [{ date: '2026-11-19' }, { date: '2026-11-26' }],
      },
      'physio',
    );
    const prog = await app.ok(
      'rehab:groupEnrol',
      { programmeId: g.id, patientId: p.id, enrolledOn: '2026-11-01' },
      'physio',
    );
    const enrolmentId = prog.enrolments[0]!.id;
    await app.ok(
      'rehab:groupWithdraw',
      { enrolmentId, withdrawnOn: '2026-11-20', reason: 'Started a new job' },
      'physio',
    );
    const e = await refusal(
      'rehab:groupWithdraw',
      { enrolmentId, withdrawnOn: '2026-11-21', reason: 'Moved away' },
      'cons',
    );
    expect(e).toMatchObject({
      code: 'CONFLICT',
      message:
        'This participant has already left. ' +
        'Test physiotherapist changed it at 10:00 on 21-Nov-2026 (left a group programme).',
    });
    const dup = await refusal(
      'rehab:groupEnrol',
      { programmeId: g.id, patientId: p.id, enrolledOn: '2026-11-02' },
      'cons',
    );
    expect(dup.code).toBe('CONFLICT');
    expect(dup.message).toBe(
      'This patient is already enrolled in this programme. ' +
        'Test physiotherapist changed it at 10:00 on 21-Nov-2026 (left a group programme).',
    );
  });
});

describeEachEngine('booking conflicts name who changed the booking and when', (engine: Engine) => {
  let app: TestApp;
  let consultantId = 0;
  beforeEach(async () => {
    app = await createTestApp(engine); // clock: 21-Nov-2026 10:00 UTC
    consultantId = await interventionsTeam(app, { extra: [['coordinator', 'coord']] });
  });
  afterEach(async () => app.close());

  async function readyRequest() {
    const patientId = (await app.ok('patients:create', JO, 'nurse')).id;
    const r = await app.ok(
      'interventions:request',
      {
        patientId,
        procedureCode: 'MBB_L',
        side: 'bilateral',
        site: 'L4-5, L5-S1',
        indication: 'Chronic low back pain',
        priority: 'P3',
        requestedClinicianId: consultantId,
        rttClockStart: '2026-11-01',
      } as never,
      'nurse',
    );
    await app.ok(
      'interventions:updateReadiness',
      { id: r.id, version: r.version, readiness: readyRecord({ sedationPlanned: false }) },
      'nurse',
    );
    return r.id;
  }

  const refusal = async (channel: string, payload: unknown, who: string) => {
    const r = await app.call(channel as never, payload as never, who);
    expect(r.ok).toBe(false);
    if (r.ok) return { code: '', message: '' };
    return r.error;
  };

  it('booked, cancelled, day recorded: each second save names who did it first and when', async () => {
    const session = await theatreSession(app, consultantId, { setting: 'day-case', room: 'Day unit 2' });
    const requestId = await readyRequest();
    const booked = await app.ok('interventions:book', { requestId, sessionId: session.id }, 'nurse');
    // The coordinator had the same patient on screen, still waiting.
    const again = await refusal('interventions:book', { requestId, sessionId: session.id }, 'coord');
    expect(again).toMatchObject({
      code: 'CONFLICT',
      message:
        'This request is booked; only a waiting request can be booked. ' +
        'Test nurse changed it at 10:00 on 21-Nov-2026 (procedure booked).',
    });
    await app.ok(
      'interventions:cancel',
      { bookingId: booked.bookingId, kind: 'patient', reason: 'Pain settled; patient declined' },
      'nurse',
    );
    const cancel = await refusal(
      'interventions:cancel',
      { bookingId: booked.bookingId, kind: 'non-clinical', reason: 'Theatre closed' },
      'coord',
    );
    expect(cancel).toMatchObject({
      code: 'CONFLICT',
      message:
        'This booking is already cancelled. Test nurse changed it at 10:00 on 21-Nov-2026 (booking cancelled).',
    });
    const day = await refusal(
      'interventions:recordDay',
      {
        bookingId: booked.bookingId,
        consentStage2: true,
        safetyChecklist: true,
        inRoomStart: '08:40',
        inRoomEnd: '09:02',
      },
      'consultant',
    );
    expect(day).toMatchObject({
      code: 'CONFLICT',
      message:
        'This booking is cancelled. Test nurse changed it at 10:00 on 21-Nov-2026 (booking cancelled).',
    });
  });

  it('an outcome already recorded names who recorded it and when', async () => {
    const session = await theatreSession(app, consultantId, { setting: 'day-case', room: 'Day unit 2' });
    const requestId = await readyRequest();
    const { bookingId } = await app.ok('interventions:book', { requestId, sessionId: session.id }, 'nurse');
    app.clock.now = new Date('2026-12-15T12:00:00Z');
    // A clock jump locks the signed-in sessions: unlock both.
    for (const key of ['nurse', 'consultant'])
      await app.ok('auth:unlock', { password: 'correct horse battery' }, key);
    await app.ok(
      'interventions:recordDay',
      { bookingId, consentStage2: true, safetyChecklist: true, inRoomStart: '08:40', inRoomEnd: '09:02' },
      'nurse',
    );
    const outcome = {
      bookingId,
      reliefPercent: 80,
      reliefDurationWeeks: null,
      reliefDurationHours: 6,
      assessedOn: '2026-12-15',
      complications: 'None',
      pgic: 2,
    };
    await app.ok('interventions:recordOutcome', outcome as never, 'nurse');
    const e = await refusal('interventions:recordOutcome', { ...outcome, reliefPercent: 40 }, 'consultant');
    expect(e).toMatchObject({
      code: 'CONFLICT',
      message:
        'An outcome is already recorded for this procedure. ' +
        'Test nurse changed it at 12:00 on 15-Dec-2026 (procedure outcome recorded).',
    });
  });
});
