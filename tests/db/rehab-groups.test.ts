import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GoalInput, ProgrammeInput } from '../../shared/domain/rehab';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { rowCounter, rowCounts } from '../helpers/seed';
import { TEST_ENGINE } from '../helpers/engines';

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp(); // clock: 2026-11-21
});
afterEach(async () => app.close());

const count = rowCounter(() => app);
const counts = rowCounts(
  () => app,
  [
    'rehab_programmes',
    'rehab_programme_sessions',
    'rehab_programme_enrolments',
    'rehab_programme_attendance',
    'rehab_plans',
    'audit_log',
  ],
);

const programme = (over: Partial<ProgrammeInput> = {}): ProgrammeInput => ({
  name: 'Autumn pain management programme',
  facilitators: 'Tom Nowak (physiotherapist), Dr Ana Lee (psychologist)',
  location: 'Outpatients, room 4',
  capacity: 10,
  completionPercent: 75,
  sessions: [
    { date: '2026-10-15', topic: 'Pacing' },
    { date: '2026-10-01', topic: 'Understanding pain' },
    { date: '2026-10-08', topic: 'Sleep' },
    { date: '2026-10-22', topic: 'Setbacks' },
  ],
  ...over,
});

const goal = (activity: string, baseline: -1 | -2): GoalInput => ({
  whatMatters: `I want to ${activity}`,
  activity,
  measure: 'minutes',
  target: '20 minutes',
  setOn: '2026-10-01',
  targetDate: '2026-12-01',
  domain: 'mobility',
  baseline,
  levelMinus2: 'none',
  levelMinus1: 'some',
  levelZero: 'goal',
  levelPlus1: 'more',
  levelPlus2: 'much more',
});

async function person(surname: string) {
  return app.ok('patients:create', {
    surname,
    forename: 'Sam',
    dateOfBirth: '1965-05-05',
    sex: 'male',
    allergies: [],
  });
}

const phq9 = (patientId: number, date: string, answers: number[]) =>
  app.ok('rehab:recordMeasure', {
    patientId,
    measure: 'PHQ-9',
    timePoint: 'other',
    administeredOn: date,
    answers,
  });

describe('pain management programme groups', () => {
  it('creates a cohort, enrols, takes registers and reports attendance, completers, GAS and measure change', async () => {
    await signedInAs(app, 'physiotherapist');
    const g = await app.ok('rehab:groupCreate', programme());
    expect(g).toMatchObject({ startDate: '2026-10-01', endDate: '2026-10-22', completionPercent: 75 });
    expect(g.sessions.map((s) => [s.sessionNo, s.date, s.topic])).toEqual([
      [1, '2026-10-01', 'Understanding pain'],
      [2, '2026-10-08', 'Sleep'],
      [3, '2026-10-15', 'Pacing'],
      [4, '2026-10-22', 'Setbacks'],
    ]);

    // Ann has a physiotherapy plan already; Ben and Cal get a programme plan when enrolled.
    const ann = await person('Archer');
    const ben = await person('Baker');
    const cal = await person('Carter');
    const annPlan = await app.ok('rehab:createPlan', {
      patientId: ann.id,
      pathway: 'physiotherapy',
      treatmentStartDate: '2026-09-01',
    });
    for (const p of [ann, ben, cal])
      await app.ok('rehab:groupEnrol', { programmeId: g.id, patientId: p.id, enrolledOn: '2026-09-25' });
    let prog = await app.ok('rehab:group', { programmeId: g.id });
    const enr = Object.fromEntries(prog.enrolments.map((e) => [e.patientId, e]));
    expect(enr[ann.id]!.planId).toBe(annPlan.id);
    const benPlan = (await app.ok('rehab:summary', { patientId: ben.id })).plans[0]!;
    expect(benPlan).toMatchObject({ pathway: 'pain-management-programme', treatmentStartDate: '2026-10-01' });
    expect(enr[ben.id]!.planId).toBe(benPlan.id);

    const marks: Record<number, ('attended' | 'apologies' | 'dna')[]> = {
      [ann.id]: ['attended', 'attended', 'attended', 'apologies'],
      [ben.id]: ['attended', 'apologies', 'attended', 'attended'],
      [cal.id]: ['dna', 'attended', 'dna', 'dna'],
    };
    for (const [i, s] of prog.sessions.entries())
      prog = await app.ok('rehab:groupRegister', {
        sessionId: s.id,
        version: s.registerVersion,
        entries: [ann, ben, cal].map((p) => ({ enrolmentId: enr[p.id]!.id, status: marks[p.id]![i]! })),
      });
    expect(prog.sessions.map((s) => s.attended)).toEqual([2, 2, 2, 1]);
    // Correcting a register replaces the mark (one row per participant and session).
    await app.ok('rehab:groupRegister', {
      sessionId: prog.sessions[3]!.id,
      version: prog.sessions[3]!.registerVersion,
      entries: [{ enrolmentId: enr[cal.id]!.id, status: 'apologies' }],
    });
    expect(count('rehab_programme_attendance')).toBe(12);

    // GAS: Ann two goals at −1 reviewed 0 and +1; Ben one goal at −2 reviewed −1 (partial progress).
    const a1 = await app.ok('rehab:addGoal', { planId: annPlan.id, goal: goal('walk', -1) });
    const a2 = await app.ok('rehab:addGoal', { planId: annPlan.id, goal: goal('swim', -1) });
    await app.ok('rehab:review', {
      planId: annPlan.id,
      reviewDate: '2026-10-25',
      ratings: [
        { goalId: a1.id, outcome: 'achieved as expected' },
        { goalId: a2.id, outcome: 'a little more than expected' },
      ],
    });
    const b1 = await app.ok('rehab:addGoal', { planId: benPlan.id, goal: goal('cook', -2) });
    await app.ok('rehab:review', {
      planId: benPlan.id,
      reviewDate: '2026-10-25',
      ratings: [{ goalId: b1.id, outcome: 'partial progress' }],
    });

    // PHQ-9: Ann 19 → 8 (−11, reliable change 6: improvement); Ben 10 → 9 (not meaningful); Cal start only.
    await phq9(ann.id, '2026-05-01', [0, 0, 0, 0, 0, 0, 0, 0, 0]); // outside the 90-day window: ignored
    await phq9(ann.id, '2026-09-20', [3, 3, 2, 2, 2, 2, 2, 2, 1]);
    await phq9(ann.id, '2026-10-10', [3, 3, 3, 3, 3, 3, 3, 3, 0]); // mid-programme: neither start nor end
    await phq9(ann.id, '2026-10-22', [1, 1, 1, 1, 1, 1, 1, 1, 0]);
    await phq9(ben.id, '2026-10-01', [2, 2, 1, 1, 1, 1, 1, 1, 0]);
    await phq9(ben.id, '2026-11-01', [2, 1, 1, 1, 1, 1, 1, 1, 0]);
    await phq9(cal.id, '2026-09-30', [2, 2, 2, 2, 2, 2, 2, 2, 0]);

    const report = await app.ok('rehab:cohortReport', { programmeId: g.id });
    expect(report.sessionsHeld).toBe(4);
    expect(report.sessionsToComplete).toBe(3); // ⌈75% × 4⌉
    expect(report.completionRule).toBe(
      'A completer attended at least 75% of the programme’s 4 sessions (3 or more).',
    );
    // Attended 3 + 3 + 1 = 7 of 3 × 4 = 12 places.
    expect(report.attendancePercent).toBeCloseTo((100 * 7) / 12, 9);
    const by = Object.fromEntries(report.participants.map((p) => [p.patientId, p]));
    expect(by[ann.id]).toMatchObject({ attended: 3, apologies: 1, dna: 0, notRecorded: 0, completer: true });
    expect(by[ben.id]).toMatchObject({ attended: 3, apologies: 1, dna: 0, completer: true });
    expect(by[cal.id]).toMatchObject({ attended: 1, apologies: 1, dna: 2, completer: false });
    expect(by[cal.id]!.attendancePercent).toBe(25);
    expect(report.completers).toBe(2);
    // Ann: T = 50 + 10×1/√(0.7×2 + 0.3×4) = 56.20; baseline 50 − 20/√2.6 = 37.60; change 30/√2.6 = 18.61.
    expect(by[ann.id]!.gas?.tScore).toBeCloseTo(50 + 10 / Math.sqrt(2.6), 9);
    expect(by[ann.id]!.gas?.change).toBeCloseTo(30 / Math.sqrt(2.6), 9);
    // Ben: one goal, −2 → −1: T 40, baseline 30, change 10.
    expect(by[ben.id]!.gas).toMatchObject({ tScore: 40, baselineTScore: 30, change: 10 });
    expect(by[cal.id]!.gas).toBeNull();
    expect(report.gas.withReview).toBe(2);
    expect(report.gas.meanChange).toBeCloseTo((30 / Math.sqrt(2.6) + 10) / 2, 9);
    expect(report.gas.atOrAboveExpected).toBe(1);
    expect(by[ann.id]!.measures).toEqual([
      expect.objectContaining({
        measure: 'PHQ-9',
        start: { date: '2026-09-20', total: 19 },
        end: { date: '2026-10-22', total: 8 },
        change: expect.objectContaining({ change: -11, meaningful: true, improved: true }),
      }),
    ]);
    expect(by[ben.id]!.measures[0]!.change).toMatchObject({ change: -1, meaningful: false });
    expect(by[cal.id]!.measures).toEqual([]);
    expect(report.measures).toEqual([
      { measure: 'PHQ-9', paired: 2, improved: 1, deteriorated: 0, percentImproved: 50 },
    ]);
    expect(report.ruleSets.map((r) => r.id)).toEqual(['rehab-outcome-measures', 'gas-kiresuk-sherman']);

    const mine = await app.ok('rehab:patientGroups', { patientId: ann.id });
    expect(mine).toEqual([
      expect.objectContaining({ programmeId: g.id, attended: 3, sessionCount: 4, status: 'enrolled' }),
    ]);
    expect(await app.ok('rehab:groups', {})).toEqual([
      expect.objectContaining({ id: g.id, sessionCount: 4, enrolled: 3 }),
    ]);
    const actions = app.dispatcher.conn.sqlite
      .prepare(`SELECT action FROM audit_log WHERE action LIKE 'rehab.group%' ORDER BY id`)
      .pluck()
      .all() as string[];
    expect(actions.filter((a) => a === 'rehab.groupCreate')).toHaveLength(1);
    expect(actions.filter((a) => a === 'rehab.groupEnrol')).toHaveLength(3);
    // One per participant marked: 4 sessions × 3 participants, then one correction.
    expect(actions.filter((a) => a === 'rehab.groupRegister')).toHaveLength(13);
    // The plans opened at enrolment are audited too.
    expect(
      app.dispatcher.conn.sqlite
        .prepare(`SELECT count(*) FROM audit_log WHERE action = 'rehab.createPlan'`)
        .pluck()
        .get(),
    ).toBe(3);
  });

  it('refuses bad enrolments and registers, saving nothing', async () => {
    await signedInAs(app, 'physiotherapist');
    const g = await app.ok(
      'rehab:groupCreate',
      programme({
        capacity: 2,
        sessions: [{ date: '2026-11-19' }, { date: '2026-11-26' }],
      }),
    );
    const other = await app.ok('rehab:groupCreate', programme({ name: 'Other' }));
    const [a, b, c] = [await person('Archer'), await person('Baker'), await person('Carter')];
    await app.ok('rehab:groupEnrol', { programmeId: g.id, patientId: a.id, enrolledOn: '2026-11-01' });
    let prog = await app.ok('rehab:groupEnrol', {
      programmeId: g.id,
      patientId: b.id,
      enrolledOn: '2026-11-01',
    });
    const o = await app.ok('rehab:groupEnrol', {
      programmeId: other.id,
      patientId: c.id,
      enrolledOn: '2026-09-01',
    });
    prog = await app.ok('rehab:groupWithdraw', {
      enrolmentId: prog.enrolments[1]!.id,
      withdrawnOn: '2026-11-10',
      reason: 'Started a new job',
    });
    const [ea, eb] = prog.enrolments;
    expect(eb).toMatchObject({ status: 'withdrawn', withdrawnReason: 'Started a new job' });
    const before = counts();
    const err = async (channel: string, payload: unknown) => {
      const r = await app.dispatcher.dispatch('test', channel, payload);
      expect(r.ok).toBe(false);
      return r.ok ? null : r.error;
    };
    expect(
      (await err('rehab:groupEnrol', { programmeId: g.id, patientId: a.id, enrolledOn: '2026-11-01' }))
        ?.fields,
    ).toEqual({ patientId: 'This patient is already enrolled in this programme.' });
    expect(
      (await err('rehab:groupEnrol', { programmeId: g.id, patientId: c.id, enrolledOn: '2026-12-01' }))
        ?.fields?.enrolledOn,
    ).toBe('The enrolment date is in the future.');
    expect(
      (await err('rehab:groupEnrol', { programmeId: other.id, patientId: a.id, enrolledOn: '2026-11-01' }))
        ?.fields?.enrolledOn,
    ).toBe('The programme finished on 22-Oct-2026.');
    expect(
      (await err('rehab:groupEnrol', { programmeId: g.id, patientId: 9999, enrolledOn: '2026-11-01' }))
        ?.fields?.patientId,
    ).toBe('That patient record does not exist.');
    const s1 = prog.sessions[0]!;
    const s2 = prog.sessions[1]!;
    expect(
      (
        await err('rehab:groupRegister', {
          sessionId: s2.id,
          version: 0,
          entries: [{ enrolmentId: ea!.id, status: 'attended' }],
        })
      )?.fields?.sessionId,
    ).toBe('Session 2 is on 26-Nov-2026: take its register on the day or after.');
    expect(
      (
        await err('rehab:groupRegister', {
          sessionId: s1.id,
          version: 0,
          entries: [
            { enrolmentId: ea!.id, status: 'attended' },
            { enrolmentId: o.enrolments[0]!.id, status: 'attended' },
          ],
        })
      )?.fields,
    ).toEqual({ 'entries.1.enrolmentId': 'This person is not enrolled in the programme.' });
    expect(
      (
        await err('rehab:groupRegister', {
          sessionId: s1.id,
          version: 0,
          entries: [
            { enrolmentId: ea!.id, status: 'attended' },
            { enrolmentId: ea!.id, status: 'dna' },
          ],
        })
      )?.fields?.['entries.1.enrolmentId'],
    ).toBe('This participant is listed twice.');
    expect(
      (
        await err('rehab:groupRegister', {
          sessionId: s1.id,
          version: 0,
          entries: [{ enrolmentId: eb!.id, status: 'dna' }],
        })
      )?.fields?.['entries.0.status'],
    ).toMatch(/left the programme on 10-Nov-2026/);
    expect(
      (await err('rehab:groupWithdraw', { enrolmentId: eb!.id, withdrawnOn: '2026-11-12', reason: 'x' }))
        ?.code,
    ).toBe('CONFLICT');
    const dup = await err('rehab:groupCreate', {
      ...programme(),
      sessions: [{ date: '2026-10-01' }, { date: '2026-10-01' }],
    });
    expect(dup?.fields?.['sessions.1.date']).toBe('Two sessions on one date.');
    expect((await err('rehab:groupCreate', { ...programme(), completionPercent: 40 }))?.code).toBe(
      'VALIDATION',
    );
    expect(counts()).toEqual(before);

    // Full: capacity 2 with one withdrawn leaves a place; a third enrolment fills it, a fourth is refused.
    await app.ok('rehab:groupEnrol', { programmeId: g.id, patientId: c.id, enrolledOn: '2026-11-02' });
    const d = await person('Dixon');
    expect(
      (await err('rehab:groupEnrol', { programmeId: g.id, patientId: d.id, enrolledOn: '2026-11-02' }))
        ?.fields?.patientId,
    ).toBe('The programme is full (2 places).');

    await signedInAs(app, 'coordinator', 'coord');
    const refused = await app.call('rehab:groupCreate', programme(), 'coord');
    expect(refused.ok || refused.error.code).toBe('FORBIDDEN');
    expect((await app.call('rehab:cohortReport', { programmeId: g.id }, 'coord')).ok).toBe(true);
  });

  it('reports before any session is held without dividing by zero', async () => {
    await signedInAs(app, 'physiotherapist');
    const g = await app.ok('rehab:groupCreate', programme({ sessions: [{ date: '2027-01-05' }] }));
    const p = await person('Archer');
    await app.ok('rehab:groupEnrol', { programmeId: g.id, patientId: p.id, enrolledOn: '2026-11-20' });
    const r = await app.ok('rehab:cohortReport', { programmeId: g.id });
    expect(r).toMatchObject({
      sessionsHeld: 0,
      attendancePercent: null,
      completers: 0,
      sessionsToComplete: 1,
    });
    expect(r.participants[0]).toMatchObject({ attendancePercent: null, notRecorded: 0, completer: false });
    if (TEST_ENGINE === 'postgres') return; // the rest reads SQLite's query plans
    const plan = (sql: string) =>
      (app.dispatcher.conn.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
        .map((x) => x.detail)
        .join('\n');
    expect(plan('SELECT * FROM rehab_programme_enrolments WHERE programme_id = 1')).toMatch(
      /rehab_programme_enrolments_programme/,
    );
    expect(plan('SELECT * FROM rehab_programme_attendance WHERE enrolment_id = 1')).toMatch(
      /rehab_programme_attendance_enrolment/,
    );
    expect(plan('SELECT * FROM rehab_programme_sessions WHERE programme_id = 1')).toMatch(
      /rehab_programme_sessions_programme/,
    );
  });
});
