/**
 * Issue 16 (the meeting list): suggestions ranked by clinical priority with truthful reasons, a listing's
 * question written or edited (suggested cases included), a case withdrawn or moved with a reason, and triage
 * not reopened once the MDT has started on the case. Expected values are worked out by hand from the issue.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { CHAIR, COORD, confirmRead, mdtPatient, mdtUser, setMdtClock } from '../helpers/mdt';

let app: TestApp;
let ids: { consultant: number; physio: number; psych: number };
let complexType: number;
const sqlite = () => app.dispatcher.conn.sqlite;

beforeEach(async () => {
  app = await createTestApp();
  const chair = await signedInAs(app, 'consultant', CHAIR);
  await signedInAs(app, 'coordinator', COORD);
  ids = {
    consultant: chair.user.id,
    physio: await mdtUser(app, 'physio', 'physiotherapist'),
    psych: await mdtUser(app, 'psych', 'psychologist'),
  };
  complexType = (await app.ok('mdt:meetingTypes:list', {}, COORD)).find(
    (t) => t.code === 'complex-pain-mdt',
  )!.id;
});
afterEach(async () => app.close());

/** Lists a patient on the next complex pain MDT (Tuesday 24-Nov-2026 09:00; the clock is 21-Nov-2026). */
async function listPatient(surname: string) {
  const p = await mdtPatient(app, surname);
  return app.ok(
    'mdt:referral:create',
    {
      patientId: p.id,
      question: 'Suitable for the PMP?',
      reason: 'pmp-suitability',
      patientAware: true,
      meetingTypeId: complexType,
    },
    COORD,
  );
}
const meetingId = async () => (await app.ok('mdt:meetings:list', { from: null }, COORD))[0]!.id;
const present = async (m: number, userId: number) =>
  app.ok('mdt:attendance:set', { meetingId: m, userId, status: 'present', version: null }, COORD);
const outcome = () => ({
  kind: 'recommendation' as const,
  summary: 'Offer the pain management programme.',
  rationale: 'Goals are about function.',
  reviewDate: '2027-02-23',
  patientSummary: 'You told us you want to walk further.',
  actions: [
    { description: 'Write to GP', type: 'other' as const, ownerId: ids.consultant, dueDate: '2026-12-15' },
  ],
});

/** Holds the meeting on 24-Nov-2026 and confirms an outcome for the listing. */
async function confirmOnTheDay(listingId: number, m: number) {
  await setMdtClock(app, '2026-11-24T09:05:00Z');
  await present(m, ids.consultant);
  await present(m, ids.physio);
  await app.ok('mdt:case:start', { listingId }, COORD);
  await confirmRead(app, { listingId, outcome: outcome() }, CHAIR);
}

function setOme(patientId: number, total: number) {
  sqlite()
    .prepare(
      `INSERT INTO patient_ome (patient_id, total_mg_per_24h, complete, estimated, high_dose, harm_rises,
        flag_opioid_benzo, flag_opioid_gabapentinoid, flag_multiple_opioids, flag_gabapentin_pregabalin,
        active_count, rule_set_id, rule_set_version, computed_at)
       VALUES (?, ?, 1, 0, 1, 1, 0, 0, 0, 0, 1, 'fpm-opioids-aware', '1.0.0', '2026-11-20T10:00:00Z')`,
    )
    .run(patientId, total);
}

describe('suggestions are ranked by clinical priority', () => {
  it('a patient on 210 mg/day OME comes before actions overdue since 2016', async () => {
    const old = await listPatient('Oldactions');
    const m = await meetingId();
    await confirmOnTheDay(old.id, m);
    await app.ok('mdt:meeting:finish', { meetingId: m, reasons: {} }, CHAIR);
    // The action agreed then is made to look overdue since 2016 (as in the reported list).
    sqlite().prepare(`UPDATE mdt_actions SET due_date = '2016-03-01'`).run();
    sqlite().prepare(`UPDATE mdt_patient_state SET earliest_open_action_due = '2016-03-01'`).run();
    const heavy = await mdtPatient(app, 'Heavy');
    setOme(heavy.id, 210);
    await setMdtClock(app, '2026-12-20T10:00:00Z');
    const next = await app.ok('mdt:meetings:createNext', { meetingTypeId: complexType }, COORD);
    const s = await app.ok('mdt:meeting:suggestions', { meetingId: next.id }, COORD);
    expect(s.map((x) => x.patientName)).toEqual(['HEAVY, Alex', 'OLDACTIONS, Alex']);
    expect(s[0]).toMatchObject({ rank: 1, priority: 'High opioid dose' });
    expect(s[1]!.reasons[0]!.text).toBe(
      '1 action from the last MDT overdue: Write to GP (owner Test consultant, due 1 March 2016).',
    );
  });

  it('a rehab reason names the goals reviewed with no progress and the date of that review, never a placeholder', async () => {
    // Two goals set 15-Jun-2026: "walk the dog" (baseline −1) and "swim again" (baseline −2). Reviewed
    // 01-Sep-2026 with progress (0 and −1), then 15-Oct-2026 with none ("no change" keeps −1; "worse than
    // baseline" is −2): every goal at or below its baseline is no progress (Turner-Stokes 2009 levels).
    // The reason must name both goals and the later review's date, in words (issue 16: it showed placeholder
    // text and a wrong date).
    await signedInAs(app, 'physiotherapist', 'physio-session');
    const p = await mdtPatient(app, 'Stalled');
    const plan = await app.ok(
      'rehab:createPlan',
      {
        patientId: p.id,
        pathway: 'physiotherapy',
        referralDate: '2026-06-01',
        treatmentStartDate: '2026-06-15',
      },
      'physio-session',
    );
    const goal = (activity: string, baseline: -1 | -2) =>
      app.ok(
        'rehab:addGoal',
        {
          planId: plan.id,
          goal: {
            whatMatters: 'Being active again',
            activity,
            measure: 'minutes',
            target: '20 minutes',
            setOn: '2026-06-15',
            targetDate: '2026-12-31',
            domain: 'mobility',
            baseline,
            levelMinus2: 'Not at all',
            levelMinus1: '5 minutes',
            levelZero: '20 minutes',
            levelPlus1: '30 minutes',
            levelPlus2: '45 minutes',
          },
        },
        'physio-session',
      );
    const dog = await goal('walk the dog', -1);
    const swim = await goal('swim again', -2);
    await app.ok(
      'rehab:review',
      {
        planId: plan.id,
        reviewDate: '2026-09-01',
        ratings: [
          { goalId: dog.id, outcome: 'achieved as expected' },
          { goalId: swim.id, outcome: 'partial progress' },
        ],
      },
      'physio-session',
    );
    await app.ok(
      'rehab:review',
      {
        planId: plan.id,
        reviewDate: '2026-10-15',
        ratings: [
          { goalId: dog.id, outcome: 'no change' },
          { goalId: swim.id, outcome: 'worse than baseline' },
        ],
      },
      'physio-session',
    );
    const next = await app.ok('mdt:meetings:createNext', { meetingTypeId: complexType }, COORD);
    const s = await app.ok('mdt:meeting:suggestions', { meetingId: next.id }, COORD);
    const mine = s.find((x) => x.patientName === 'STALLED, Alex');
    expect(mine?.reasons.map((r) => r.text)).toEqual([
      '2 rehabilitation goals reviewed with no progress: "walk the dog" (reviewed 15 October 2026); "swim again" (reviewed 15 October 2026).',
    ]);
  });
});

describe("a listing's question", () => {
  it('can be written for a suggested case and edited, audited, not after confirmation', async () => {
    const heavy = await mdtPatient(app, 'Heavy');
    setOme(heavy.id, 210);
    const m = (await app.ok('mdt:meetings:createNext', { meetingTypeId: complexType }, COORD)).id;
    const l = await app.ok('mdt:listing:addSuggested', { meetingId: m, patientId: heavy.id }, COORD);
    const q1 = await app.ok(
      'mdt:listing:setQuestion',
      { listingId: l.id, version: l.questionVersion, question: 'Should we start a taper?', reason: null },
      COORD,
    );
    expect(q1.questions).toEqual(['Should we start a taper?']);
    const q2 = await app.ok(
      'mdt:listing:setQuestion',
      {
        listingId: l.id,
        version: q1.questionVersion,
        question: 'Taper, and refer to psychology?',
        reason: 'Psychology asked to be included.',
      },
      COORD,
    );
    expect(q2.questions).toEqual(['Taper, and refer to psychology?']);
    const trail = sqlite()
      .prepare(
        `SELECT action, after_json FROM audit_log WHERE entity = 'mdt_listing' AND entity_id = ? ORDER BY id`,
      )
      .all(l.id) as { action: string; after_json: string }[];
    expect(trail.filter((a) => a.action === 'mdt.listing.question').length).toBe(2);
    await confirmOnTheDay(l.id, m);
    const late = await app.call(
      'mdt:listing:setQuestion',
      { listingId: l.id, version: q2.questionVersion, question: 'Changed afterwards', reason: 'x' },
      COORD,
    );
    expect(late.ok ? '' : late.error.message).toBe(
      'The outcome for this case is confirmed: its question is part of the record and cannot change.',
    );
  });
});

describe('withdrawing or moving a case listed in error', () => {
  it('withdraws with a reason, kept in history; refused once the outcome is confirmed', async () => {
    const wrong = await listPatient('Wrong');
    const right = await listPatient('Right');
    const m = await meetingId();
    const w = await app.ok(
      'mdt:listing:withdraw',
      { listingId: wrong.id, reason: 'Listed in error.' },
      COORD,
    );
    expect(w).toMatchObject({ status: 'withdrawn', deferReason: 'Listed in error.' });
    expect(sqlite().prepare('SELECT count(*) FROM mdt_listings WHERE id = ?').pluck().get(wrong.id)).toBe(1);
    await confirmOnTheDay(right.id, m);
    const refused = await app.call('mdt:listing:withdraw', { listingId: right.id, reason: 'Oops' }, COORD);
    expect(refused.ok ? '' : refused.error.message).toBe(
      'The outcome for this case is confirmed, so it cannot be taken off the list.',
    );
  });

  it('moves a case to a later open meeting with a reason; the old listing is kept as moved', async () => {
    const l = await listPatient('Mover');
    const m = await meetingId();
    // The following meeting exists once the clock is past this one; then back to the week before.
    await setMdtClock(app, '2026-11-24T12:00:00Z');
    const later = await app.ok('mdt:meetings:createNext', { meetingTypeId: complexType }, COORD);
    await setMdtClock(app, '2026-11-21T10:00:00Z');
    expect(later.id).not.toBe(m);
    const moved = await app.ok(
      'mdt:listing:moveToMeeting',
      { listingId: l.id, meetingId: later.id, reason: 'Physiotherapy assessment is not back yet.' },
      COORD,
    );
    expect(moved.meetingId).toBe(later.id);
    expect(moved.questions).toEqual(['Suitable for the PMP?']);
    const old = (await app.ok('mdt:meeting:get', { meetingId: m }, COORD)).listings.find(
      (x) => x.id === l.id,
    )!;
    expect(old.status).toBe('withdrawn');
    expect(old.deferReason).toBe(
      'Moved to the meeting on 01-Dec-2026: Physiotherapy assessment is not back yet.',
    );
    // The same meeting, or one in the past, is refused.
    const same = await app.call(
      'mdt:listing:moveToMeeting',
      { listingId: moved.id, meetingId: later.id, reason: 'x' },
      COORD,
    );
    expect(same.ok ? '' : same.error.message).toBe('The case is already on that meeting.');
  });
});

/** Triages a new referral for a patient to the complex pain MDT (listed on 24-Nov-2026); returns its ids. */
async function triagedToMdt(surname: string) {
  const p = await mdtPatient(app, surname);
  const sr = await app.ok(
    'mdt:triage:add',
    {
      patientId: p.id,
      receivedOn: '2026-11-10',
      source: 'gp',
      referrerName: 'Dr Okafor, Riverside Surgery',
      referralReason: 'Low back pain with leg pain for two years.',
      urgency: 'routine',
    },
    COORD,
  );
  const d = await app.ok(
    'mdt:triage:decide',
    {
      serviceReferralId: sr.id,
      version: 1,
      pathway: 'mdt',
      meetingTypeId: complexType,
      reason: 'Complex.',
    },
    CHAIR,
  );
  const listingId = sqlite()
    .prepare('SELECT listing_id FROM mdt_referrals WHERE id = ?')
    .pluck()
    .get(d.mdtReferralId) as number;
  return { serviceReferralId: sr.id, listingId, version: d.version, patientId: p.id };
}

describe('triage cannot be reopened once the MDT has started on the case', () => {
  it('refuses after the case was started and carried to the next list (it was silently withdrawn)', async () => {
    const { serviceReferralId, listingId, version, patientId } = await triagedToMdt('Triaged');
    const m = await meetingId();
    await setMdtClock(app, '2026-11-24T09:05:00Z');
    await present(m, ids.consultant);
    await present(m, ids.physio);
    await app.ok('mdt:case:start', { listingId }, COORD);
    const fin = await app.ok(
      'mdt:meeting:finish',
      { meetingId: m, reasons: { [listingId]: 'Ran out of time.' } },
      CHAIR,
    );
    const r = await app.call(
      'mdt:triage:reopen',
      { serviceReferralId, version, reason: 'Wrong pathway.' },
      CHAIR,
    );
    expect(r.ok ? '' : r.error.message).toBe(
      'The MDT has already started on this referral, so the decision stands: the MDT outcome is the record. ' +
        'Change the plan through the MDT outcome instead.',
    );
    const next = await app.ok('mdt:meeting:get', { meetingId: fin.nextMeetingId! }, COORD);
    expect(next.listings.find((l) => l.patientId === patientId)?.status).toBe('proposed');
  });
});

describe('the triage queue walks carried cases in one read', () => {
  const startedOf = async (serviceReferralId: number) =>
    (await app.ok('mdt:triage:list', { status: 'triaged' }, CHAIR)).rows.find(
      (r) => r.id === serviceReferralId,
    )?.mdtStarted;

  it('a case started two meetings back counts as started; one never started does not', async () => {
    const started = await triagedToMdt('Begun');
    const waiting = await triagedToMdt('Unbegun');
    const untouched = await triagedToMdt('Listed');
    // 24-Nov-2026: Begun is started and not finished; Unbegun and Listed are not reached; all three carried.
    const m = await meetingId();
    await setMdtClock(app, '2026-11-24T09:05:00Z');
    await present(m, ids.consultant);
    await present(m, ids.physio);
    await app.ok('mdt:case:start', { listingId: started.listingId }, COORD);
    const fin = await app.ok(
      'mdt:meeting:finish',
      {
        meetingId: m,
        reasons: {
          [started.listingId]: 'Ran out of time.',
          [waiting.listingId]: 'Ran out of time.',
          [untouched.listingId]: 'Ran out of time.',
        },
      },
      CHAIR,
    );
    // 01-Dec-2026: nothing is started; all three carried again, so each chain is now three listings long.
    const next = await app.ok('mdt:meeting:get', { meetingId: fin.nextMeetingId! }, COORD);
    const onNext = (sr: { listingId: number }) => {
      const carried = sqlite()
        .prepare('SELECT id FROM mdt_listings WHERE carried_from_listing_id = ?')
        .pluck()
        .get(sr.listingId) as number;
      expect(next.listings.some((l) => l.id === carried)).toBe(true);
      return carried;
    };
    const reasons = Object.fromEntries(
      [started, waiting, untouched].map((sr) => [onNext(sr), 'Ran out of time again.']),
    );
    await setMdtClock(app, '2026-12-01T09:05:00Z');
    await present(next.meeting.id, ids.consultant);
    await present(next.meeting.id, ids.physio);
    const fin2 = await app.ok('mdt:meeting:finish', { meetingId: next.meeting.id, reasons }, CHAIR);
    expect(fin2.nextMeetingId).not.toBeNull();
    const links = sqlite()
      .prepare(
        `SELECT count(*) FROM mdt_listings l JOIN mdt_listings e ON e.carried_from_listing_id = l.id
          WHERE l.carried_from_listing_id = ?`,
      )
      .pluck()
      .get(started.listingId) as number;
    expect(links).toBe(1);

    expect(await startedOf(started.serviceReferralId)).toBe(true);
    expect(await startedOf(waiting.serviceReferralId)).toBe(false);
    expect(await startedOf(untouched.serviceReferralId)).toBe(false);
  });
});

describe('what is missing before the MDT', () => {
  it('names an absent medicines list and absent outcome measures, and uses the listing’s own question', async () => {
    const l = await listPatient('Bare');
    const s = await app.ok('mdt:case:summary', { listingId: l.id }, COORD);
    expect(s.readiness.missing).toContain('No medicines list recorded');
    expect(s.readiness.missing).toContain('No outcome measures recorded');
    await app.ok(
      'mdt:listing:setQuestion',
      {
        listingId: l.id,
        version: l.questionVersion,
        question: 'PMP or psychology first?',
        reason: 'Referrer asked us to consider both.',
      },
      COORD,
    );
    expect((await app.ok('mdt:case:summary', { listingId: l.id }, COORD)).questions).toEqual([
      'PMP or psychology first?',
    ]);
  });
});
