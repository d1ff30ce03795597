import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SpReferralInput } from '../../shared/domain/rehab';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { rowCounts } from '../helpers/seed';
import { TEST_ENGINE } from '../helpers/engines';

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp(); // clock: 2026-11-21
});
afterEach(async () => app.close());

const counts = rowCounts(
  () => app,
  ['rehab_sp_referrals', 'rehab_sp_attendance', 'rehab_measures', 'audit_log'],
);
const row = (id: number) =>
  app.dispatcher.conn.sqlite.prepare('SELECT * FROM rehab_sp_referrals WHERE id = ?').get(id);
const auditActions = () =>
  app.dispatcher.conn.sqlite
    .prepare(`SELECT action FROM audit_log WHERE action LIKE 'rehab.sp%' ORDER BY id`)
    .pluck()
    .all();

async function patient(surname = 'Smith') {
  await signedInAs(app, 'physiotherapist');
  const p = await app.ok('patients:create', {
    surname,
    forename: 'Jo',
    dateOfBirth: '1970-01-01',
    sex: 'female',
    nhsNumber: surname === 'Smith' ? '943 476 5919' : null,
    gpPractice: 'Riverside Surgery',
    allergies: [],
  });
  await app.ok('rehab:createPlan', {
    patientId: p.id,
    pathway: 'physiotherapy',
    referralDate: '2026-08-01',
    treatmentStartDate: '2026-08-15',
  });
  return p;
}

const referral = (patientId: number, over: Partial<SpReferralInput> = {}): SpReferralInput => ({
  patientId,
  referredOn: '2026-09-01',
  route: 'community-activity',
  activityType: 'walking-group',
  activity: 'Tuesday walking group, Victoria Park',
  provider: 'Ramblers Wellbeing Walks',
  frequency: 'weekly',
  reason: 'Low mood and inactivity since stopping work',
  ...over,
});

const swemwbs = (patientId: number, date: string, answers: number[]) =>
  app.ok('rehab:recordMeasure', {
    patientId,
    measure: 'SWEMWBS',
    timePoint: 'other',
    administeredOn: date,
    answers,
  });

describe('social prescribing', () => {
  it('refers, logs attendance, links SWEMWBS before and after, records the outcome and writes to the GP', async () => {
    const p = await patient();
    const r = await app.ok('rehab:spRefer', referral(p.id));
    expect(r).toMatchObject({
      status: 'referred',
      snomed: { code: '871731000000106' },
      referrerName: 'Test physiotherapist',
      attendedCount: 0,
    });
    const before = await swemwbs(p.id, '2026-09-01', [2, 2, 2, 2, 2, 2, 2]); // raw 14 → metric 15.32
    let s = await app.ok('rehab:spAttendance', {
      referralId: r.id,
      sessionDate: '2026-09-08',
      attended: true,
    });
    expect(s).toMatchObject({ status: 'attending', startedOn: '2026-09-08', attendedCount: 1 });
    await app.ok('rehab:spAttendance', {
      referralId: r.id,
      sessionDate: '2026-09-15',
      attended: false,
      note: 'Pain flare',
    });
    s = await app.ok('rehab:spAttendance', { referralId: r.id, sessionDate: '2026-09-22', attended: true });
    expect(s.attendance.map((a) => [a.sessionDate, a.attended])).toEqual([
      ['2026-09-08', true],
      ['2026-09-15', false],
      ['2026-09-22', true],
    ]);
    const after = await swemwbs(p.id, '2026-11-01', [3, 3, 3, 3, 3, 3, 3]); // raw 21 → metric 19.25
    s = await app.ok('rehab:spLinkMeasures', {
      referralId: r.id,
      version: s.version,
      measure: 'SWEMWBS',
      beforeMeasureId: before.id,
      afterMeasureId: after.id,
    });
    expect(s.before).toMatchObject({ id: before.id, metric: 15.32 });
    expect(s.after).toMatchObject({ id: after.id, metric: 19.25 });
    // 19.25 − 15.32 = 3.93 ≥ the SWEMWBS MDC of 2.87 points (shared/clinical/rehab, Shah et al. 2018).
    expect(s.change?.change).toBeCloseTo(3.93, 9);
    expect(s.change).toMatchObject({ meaningful: true, improved: true, threshold: 2.87 });
    expect(s.ruleSet.id).toBe('rehab-outcome-measures');
    s = await app.ok('rehab:spOutcome', {
      referralId: r.id,
      version: s.version,
      status: 'completed',
      endedOn: '2026-11-10',
      outcomeNotes: 'Walks with the group most weeks and has joined the Thursday walk',
      patientExperience: 'I look forward to Tuesdays now',
    });
    expect(s).toMatchObject({ status: 'completed', endedOn: '2026-11-10', endReason: null });

    const msg = await app.ok('rehab:spGpMessage', { referralId: r.id });
    const text = msg.paragraphs.join('\n');
    expect(msg.subject).toBe('Social prescribing: Jo Smith, born 01-Jan-1970, NHS number 943 476 5919');
    expect(msg.patient.gpPractice).toBe('Riverside Surgery');
    expect(text).toContain('On 1 September 2026 the pain service referred Jo Smith to a community activity');
    expect(text).toContain('Jo attended 2 of the 3 sessions we have a record of, between 8 September 2026');
    expect(text).toContain('15.32 on 1 September 2026, and 19.25 on 1 November 2026');
    expect(text).toContain('This is a meaningful improvement');
    expect(text).toContain('Jo completed the activity on 10 November 2026.');
    expect(text).toContain('“I look forward to Tuesdays now.”');
    expect(text).toContain('871731000000106');
    expect(text).not.toMatch(/undefined|null|NaN|\{|\}|\[|\]/);
    expect(msg.from).toBe('Test physiotherapist');

    expect(auditActions()).toEqual([
      'rehab.spRefer',
      'rehab.spAttendance',
      'rehab.spAttendance',
      'rehab.spAttendance',
      'rehab.spLinkMeasures',
      'rehab.spOutcome',
    ]);
    const audited = app.dispatcher.conn.sqlite
      .prepare(`SELECT user_id, patient_id FROM audit_log WHERE action = 'rehab.spOutcome'`)
      .get() as { user_id: number; patient_id: number };
    expect(audited.patient_id).toBe(p.id);
    expect(audited.user_id).not.toBeNull();
  });

  it('records a declined referral as such, with the declined SNOMED code, and refuses attendance after it', async () => {
    const p = await patient();
    const r = await app.ok('rehab:spRefer', {
      ...referral(p.id),
      route: 'link-worker',
      linkWorker: 'Northside PCN link worker',
      activityType: 'reading-well',
      activity: 'Reading Well books on prescription',
      provider: null,
    });
    const d = await app.ok('rehab:spDecline', {
      referralId: r.id,
      version: r.version,
      declinedOn: '2026-09-03',
      reason: 'Prefers to wait until after her operation',
    });
    expect(d).toMatchObject({
      status: 'declined',
      declinedOn: '2026-09-03',
      snomed: { code: '871711000000103', term: 'Social prescribing declined (situation)' },
    });
    expect(row(r.id)).toMatchObject({ status: 'declined', snomed_code: '871711000000103' });
    const before = counts();
    const att = await app.call('rehab:spAttendance', {
      referralId: r.id,
      sessionDate: '2026-09-10',
      attended: true,
    });
    expect(att.ok || att.error.code).toBe('CONFLICT');
    const again = await app.call('rehab:spDecline', {
      referralId: r.id,
      version: d.version,
      declinedOn: '2026-09-04',
      reason: 'x',
    });
    expect(again.ok || again.error.message).toBe('This referral is already recorded as declined.');
    const outcome = await app.call('rehab:spOutcome', {
      referralId: r.id,
      version: d.version,
      status: 'stopped',
      endedOn: '2026-09-10',
      endReason: 'other',
    });
    expect(outcome.ok || outcome.error.code).toBe('CONFLICT');
    expect(counts()).toEqual(before);
    const msg = await app.ok('rehab:spGpMessage', { referralId: r.id });
    const text = msg.paragraphs.join(' ');
    expect(text).toContain('a social prescribing link worker (Northside PCN link worker)');
    expect(text).toContain('Jo declined this referral on 3 September 2026');
    expect(text).toContain('Prefers to wait until after her operation');
    expect(text).toContain('871711000000103');
    expect(text).not.toMatch(/undefined|null|NaN/);
  });

  it('refuses bad requests and saves nothing', async () => {
    const p = await patient();
    const other = await patient('Jones');
    const r = await app.ok('rehab:spRefer', referral(p.id));
    await app.ok('rehab:spAttendance', { referralId: r.id, sessionDate: '2026-09-08', attended: true });
    const fresh = await app.ok('rehab:spReferrals', { patientId: p.id });
    const version = fresh[0]!.version;
    const phq = await app.ok('rehab:recordMeasure', {
      patientId: p.id,
      measure: 'PHQ-9',
      timePoint: 'other',
      administeredOn: '2026-09-01',
      answers: [1, 1, 1, 1, 1, 1, 1, 1, 0],
    });
    const theirs = await swemwbs(other.id, '2026-09-01', [2, 2, 2, 2, 2, 2, 2]);
    const late = await swemwbs(p.id, '2026-09-20', [2, 2, 2, 2, 2, 2, 2]);
    const early = await swemwbs(p.id, '2026-09-05', [2, 2, 2, 2, 2, 2, 2]);
    const before = counts();
    const fields = async (channel: string, payload: unknown) => {
      const res = await app.dispatcher.dispatch('test', channel, payload);
      expect(res.ok).toBe(false);
      return res.ok ? null : res.error;
    };
    expect((await fields('rehab:spRefer', referral(p.id, { referredOn: '2026-12-01' })))?.fields).toEqual({
      referredOn: 'The referral date is in the future.',
    });
    expect(
      (await fields('rehab:spRefer', referral(p.id, { route: 'link-worker', linkWorker: '' })))?.fields
        ?.linkWorker,
    ).toBe('Name the link worker or their organisation.');
    expect(
      (await fields('rehab:spAttendance', { referralId: r.id, sessionDate: '2026-08-01', attended: true }))
        ?.fields?.sessionDate,
    ).toMatch(/before the referral/);
    expect(
      (await fields('rehab:spAttendance', { referralId: r.id, sessionDate: '2026-09-08', attended: false }))
        ?.code,
    ).toBe('CONFLICT');
    expect(
      (await fields('rehab:spDecline', { referralId: r.id, version, declinedOn: '2026-09-09', reason: 'x' }))
        ?.message,
    ).toMatch(/already started/);
    const link = (over: Record<string, unknown>) =>
      fields('rehab:spLinkMeasures', {
        referralId: r.id,
        version,
        measure: 'SWEMWBS',
        beforeMeasureId: null,
        afterMeasureId: null,
        ...over,
      });
    expect((await link({ beforeMeasureId: phq.id }))?.fields?.beforeMeasureId).toBe(
      'Choose a SWEMWBS administration.',
    );
    expect((await link({ beforeMeasureId: theirs.id }))?.fields?.beforeMeasureId).toBe(
      'Choose one of this patient’s recorded measures.',
    );
    expect((await link({ beforeMeasureId: late.id }))?.fields?.beforeMeasureId).toMatch(
      /on or before the first session attended \(08-Sep-2026\)/,
    );
    expect((await link({ afterMeasureId: early.id }))?.fields?.afterMeasureId).toMatch(/on or after/);
    expect((await link({ version: version + 5 }))?.code).toBe('CONFLICT');
    expect(
      (
        await fields('rehab:spOutcome', {
          referralId: r.id,
          version,
          status: 'stopped',
          endedOn: '2026-11-01',
        })
      )?.fields?.endReason,
    ).toBe('Choose why the patient stopped.');
    expect(
      (
        await fields('rehab:spOutcome', {
          referralId: r.id,
          version,
          status: 'stopped',
          endReason: 'transport',
          endedOn: '2026-09-07',
        })
      )?.fields?.endedOn,
    ).toMatch(/before the last session recorded/);
    expect(counts()).toEqual(before);
    const notStarted = await app.ok(
      'rehab:spRefer',
      referral(p.id, { activityType: 'arts', activity: 'Art' }),
    );
    const b2 = counts();
    expect(
      (
        await fields('rehab:spOutcome', {
          referralId: notStarted.id,
          version: notStarted.version,
          status: 'completed',
          endedOn: '2026-11-01',
        })
      )?.fields?.status,
    ).toMatch(/No session was attended/);
    expect(counts()).toEqual(b2);
  });

  it('lists the service’s referrals by status, and keeps roles to their permissions', async () => {
    const p = await patient();
    const a = await app.ok('rehab:spRefer', referral(p.id));
    const b = await app.ok('rehab:spRefer', referral(p.id, { activityType: 'parkrun', activity: 'parkrun' }));
    await app.ok('rehab:spRefer', referral(p.id, { activityType: 'arts', activity: 'Pottery class' }));
    await app.ok('rehab:spAttendance', { referralId: a.id, sessionDate: '2026-09-08', attended: true });
    await app.ok('rehab:spDecline', { referralId: b.id, version: 1, declinedOn: '2026-09-02', reason: 'No' });
    const all = await app.ok('rehab:spList', {});
    expect(all.byStatus).toEqual({ referred: 1, attending: 1, completed: 0, stopped: 0, declined: 1 });
    expect(all.total).toBe(3);
    const attending = await app.ok('rehab:spList', { status: 'attending' });
    expect(attending.items).toEqual([
      expect.objectContaining({
        id: a.id,
        patientName: 'SMITH, Jo',
        nhsNumber: '9434765919',
        attendedCount: 1,
        sessionCount: 1,
      }),
    ]);
    await signedInAs(app, 'coordinator', 'coord');
    const refused = await app.call('rehab:spRefer', referral(p.id), 'coord');
    expect(refused.ok || refused.error.code).toBe('FORBIDDEN');
    expect((await app.call('rehab:spList', {}, 'coord')).ok).toBe(true);
    if (TEST_ENGINE === 'postgres') return; // the rest reads SQLite's query plans
    const plan = (sql: string) =>
      (app.dispatcher.conn.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
    expect(
      plan(`SELECT * FROM rehab_sp_referrals WHERE status = 'attending' ORDER BY referred_on DESC, id DESC`),
    ).toMatch(/rehab_sp_referrals_status/);
    expect(plan('SELECT * FROM rehab_sp_referrals WHERE patient_id = 1')).toMatch(
      /rehab_sp_referrals_patient/,
    );
    expect(plan('SELECT * FROM rehab_sp_attendance WHERE referral_id = 1')).toMatch(
      /rehab_sp_attendance_referral/,
    );
  });
});
