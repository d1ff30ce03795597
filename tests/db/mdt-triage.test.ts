import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestOf } from '../../shared/ipc/contract';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { confirmRead } from '../helpers/mdt';
import { itOnSqlite } from '../helpers/engines';

/** Referral sifting (issue 3): the triage queue and sending each referral to a pathway with a reason. */

let app: TestApp;
const sqlite = () => app.dispatcher.conn.sqlite;
const count = (table: string) => sqlite().prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

const CONS = 'cons';
const COORD = 'coord';
const PHYSIO = 'physio';
let neuroType: number;
let complexType: number;

async function patient(surname: string) {
  return app.ok(
    'patients:create',
    { surname, forename: 'Alex', dateOfBirth: '1970-05-01', sex: 'female', nhsNumber: null },
    COORD,
  );
}

const add = (patientId: number, extra: Partial<RequestOf<'mdt:triage:add'>> = {}, key = COORD) =>
  app.call(
    'mdt:triage:add',
    {
      patientId,
      receivedOn: '2026-11-10',
      source: 'gp',
      referrerName: 'Dr Okafor, Riverside Surgery',
      referralReason: 'Low back pain with leg pain for two years despite physiotherapy.',
      urgency: 'routine',
      ...extra,
    },
    key,
  );

async function added(surname: string, extra: Partial<RequestOf<'mdt:triage:add'>> = {}) {
  const p = await patient(surname);
  const r = await add(p.id, extra);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const decide = (
  serviceReferralId: number,
  version: number,
  extra: Partial<RequestOf<'mdt:triage:decide'>> = {},
  key = CONS,
) =>
  app.call(
    'mdt:triage:decide',
    { serviceReferralId, version, pathway: 'clinic', reason: 'Needs a consultant assessment.', ...extra },
    key,
  );

beforeEach(async () => {
  app = await createTestApp();
  await signedInAs(app, 'consultant', CONS);
  await signedInAs(app, 'coordinator', COORD);
  await signedInAs(app, 'physiotherapist', PHYSIO);
  const types = await app.ok('mdt:meetingTypes:list', {}, COORD);
  complexType = types.find((t) => t.code === 'complex-pain-mdt')!.id;
  neuroType = types.find((t) => t.code === 'neuromodulation-mdt')!.id;
});
afterEach(async () => app.close());

/** Moves the clock to 09:05 on the listing's meeting day (cases are discussed on the day), signing people in again. */
async function onMeetingDay(listingId: number) {
  const date = sqlite()
    .prepare(
      'SELECT m.meeting_date FROM mdt_listings l JOIN mdt_meetings m ON m.id = l.meeting_id WHERE l.id = ?',
    )
    .pluck()
    .get(listingId) as string;
  app.clock.now = new Date(`${date}T09:05:00Z`);
  for (const [username, key] of [
    ['consultant1', CONS],
    ['coordinator1', COORD],
    ['physiotherapist1', PHYSIO],
  ] as const)
    await app.ok('auth:signIn', { username, password: 'correct horse battery' }, key);
}

describe('referral triage queue', () => {
  it('adds referrals to the queue; awaiting first, urgent first, oldest first; with days waiting', async () => {
    const old = await added('Oldest', { receivedOn: '2026-10-01' });
    const urgent = await added('Urgent', { receivedOn: '2026-11-15', urgency: 'urgent' });
    const recent = await added('Recent', { receivedOn: '2026-11-20' });
    const done = await added('Done', { receivedOn: '2026-09-01' });
    await app.ok(
      'mdt:triage:decide',
      { serviceReferralId: done.id, version: 1, pathway: 'pmp', reason: 'Suits the programme.' },
      CONS,
    );

    const q = await app.ok('mdt:triage:list', {}, COORD);
    expect(q.rows.map((r) => r.id)).toEqual([urgent.id, old.id, recent.id, done.id]);
    expect(q.awaitingCount).toBe(3);
    expect(q.urgentAwaitingCount).toBe(1);
    expect(q.rows[0]).toMatchObject({ patientName: 'URGENT, Alex', status: 'awaiting', daysWaiting: 6 });
    expect(q.rows[1]!.daysWaiting).toBe(51);
    expect(q.rows[3]).toMatchObject({ status: 'triaged', pathway: 'pmp', triagedByName: 'Test consultant' });

    const triaged = await app.ok('mdt:triage:list', { status: 'triaged' }, COORD);
    expect(triaged.rows.map((r) => r.id)).toEqual([done.id]);
    const pmp = await app.ok('mdt:triage:list', { pathway: 'clinic' }, COORD);
    expect(pmp.rows).toEqual([]);
    expect(count('audit_log')).toBeGreaterThan(0);
    const audits = sqlite()
      .prepare(`SELECT action FROM audit_log WHERE entity = 'service_referral' ORDER BY id`)
      .pluck()
      .all();
    expect(audits).toEqual([
      'mdt.triage.add',
      'mdt.triage.add',
      'mdt.triage.add',
      'mdt.triage.add',
      'mdt.triage.decide',
    ]);
  });

  it('refuses a future received date and an unknown patient, saving nothing', async () => {
    const p = await patient('Future');
    const before = { r: count('service_referrals'), a: count('audit_log') };
    const future = await add(p.id, { receivedOn: '2026-11-22' });
    expect(future.ok).toBe(false);
    if (!future.ok)
      expect(future.error.fields?.receivedOn).toBe('The date received cannot be in the future.');
    const missing = await add(999_999);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.code).toBe('NOT_FOUND');
    const blank = await add(p.id, { referralReason: '  ' });
    expect(blank.ok).toBe(false);
    if (!blank.ok) expect(blank.error.fields?.referralReason).toBe('Write the reason for referral.');
    expect({ r: count('service_referrals'), a: count('audit_log') }).toEqual(before);
  });

  it('triage to an MDT creates exactly one MDT referral for that type, listed on its next meeting', async () => {
    const sr = await added('Spinal', { urgency: 'urgent' });
    const before = { refs: count('mdt_referrals'), listings: count('mdt_listings') };
    const r = await decide(sr.id, 1, {
      pathway: 'mdt',
      meetingTypeId: neuroType,
      reason: 'Failed back surgery syndrome; consider spinal cord stimulation.',
      patientAware: true,
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({
      status: 'triaged',
      pathway: 'mdt',
      meetingTypeId: neuroType,
      version: 2,
    });
    expect(r.value.meetingTypeName).toBeTruthy();
    expect(count('mdt_referrals')).toBe(before.refs + 1);
    expect(count('mdt_listings')).toBe(before.listings + 1);
    const ref = sqlite()
      .prepare('SELECT id, meeting_type_id, meeting_id, question, urgency, patient_id FROM mdt_referrals')
      .get() as {
      id: number;
      meeting_type_id: number;
      meeting_id: number;
      question: string;
      urgency: string;
      patient_id: number;
    };
    expect(ref).toMatchObject({
      id: r.value.mdtReferralId,
      meeting_type_id: neuroType,
      patient_id: sr.patientId,
      urgency: 'urgent',
      // No separate question: the MDT question is the triage reason.
      question: 'Failed back surgery syndrome; consider spinal cord stimulation.',
    });
    const meeting = await app.ok('mdt:meeting:get', { meetingId: ref.meeting_id }, COORD);
    expect(meeting.type.id).toBe(neuroType);
    expect(meeting.listings.map((l) => l.patientId)).toEqual([sr.patientId]);
    expect(meeting.listings[0]!.questions).toEqual([
      'Failed back surgery syndrome; consider spinal cord stimulation.',
    ]);
    const actions = sqlite()
      .prepare(`SELECT action FROM audit_log WHERE patient_id = ? ORDER BY id`)
      .pluck()
      .all(sr.patientId);
    expect(actions).toEqual(
      expect.arrayContaining(['mdt.triage.add', 'mdt.referral.create', 'mdt.triage.decide']),
    );
  });

  it('uses a separate MDT question when the clinician gives one', async () => {
    const sr = await added('Question');
    const r = await decide(sr.id, 1, {
      pathway: 'mdt',
      meetingTypeId: complexType,
      reason: 'High-dose opioids and a plateau in rehabilitation.',
      question: 'Should opioids be tapered before the programme?',
      mdtReason: 'opioid-deprescribing',
    });
    expect(r.ok).toBe(true);
    const q = sqlite().prepare('SELECT question, reason FROM mdt_referrals').get();
    expect(q).toEqual({
      question: 'Should opioids be tapered before the programme?',
      reason: 'opioid-deprescribing',
    });
  });

  it('requires a reason, and a meeting type for the MDT pathway; saves nothing on refusal', async () => {
    const sr = await added('Refused');
    const before = () => ({
      refs: count('mdt_referrals'),
      listings: count('mdt_listings'),
      meetings: count('mdt_meetings'),
      audit: count('audit_log'),
      awaiting: sqlite()
        .prepare(`SELECT count(*) FROM service_referrals WHERE status = 'awaiting'`)
        .pluck()
        .get(),
    });
    const start = before();
    const noReason = await decide(sr.id, 1, { reason: '   ' });
    expect(noReason.ok).toBe(false);
    if (!noReason.ok) {
      expect(noReason.error.code).toBe('VALIDATION');
      expect(noReason.error.fields?.reason).toBe('Write the reason for this decision.');
    }
    const noType = await decide(sr.id, 1, { pathway: 'mdt', reason: 'Needs the MDT.' });
    expect(noType.ok).toBe(false);
    if (!noType.ok) expect(noType.error.fields?.meetingTypeId).toBe('Choose the MDT for this referral.');
    const badType = await decide(sr.id, 1, {
      pathway: 'mdt',
      meetingTypeId: 999_999,
      reason: 'Needs the MDT.',
    });
    expect(badType.ok).toBe(false);
    if (!badType.ok) expect(badType.error.fields?.meetingTypeId).toBe('Choose an MDT that exists.');
    expect(before()).toEqual(start);
  });

  it('refuses a second triage and a stale version', async () => {
    const sr = await added('Twice');
    const stale = await decide(sr.id, 7);
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.error.code).toBe('CONFLICT');
    expect((await decide(sr.id, 1)).ok).toBe(true);
    const before = { refs: count('mdt_referrals'), audit: count('audit_log') };
    const again = await decide(sr.id, 2, { pathway: 'mdt', meetingTypeId: complexType });
    expect(again.ok).toBe(false);
    if (!again.ok) {
      expect(again.error.code).toBe('CONFLICT');
      expect(again.error.message).toBe('This referral has already been triaged.');
    }
    expect({ refs: count('mdt_referrals'), audit: count('audit_log') }).toEqual(before);
    const row = sqlite().prepare('SELECT pathway, version FROM service_referrals WHERE id = ?').get(sr.id);
    expect(row).toEqual({ pathway: 'clinic', version: 2 });
  });

  it('lets a coordinator add to the queue but not triage; a physiotherapist may triage', async () => {
    const sr = await added('Roles');
    const coord = await decide(sr.id, 1, {}, COORD);
    expect(coord.ok).toBe(false);
    if (!coord.ok) expect(coord.error.code).toBe('FORBIDDEN');
    await signedInAs(app, 'admin', 'adm');
    const admin = await add(sr.patientId, {}, 'adm');
    expect(admin.ok).toBe(false);
    if (!admin.ok) expect(admin.error.code).toBe('FORBIDDEN');
    const physio = await decide(
      sr.id,
      1,
      { pathway: 'discharge', reason: 'Advice and self-management resources.' },
      PHYSIO,
    );
    expect(physio.ok).toBe(true);
  });

  itOnSqlite('reads the awaiting queue and a patient’s referrals through their indexes', () => {
    const plan = (q: string) =>
      (sqlite().prepare(`EXPLAIN QUERY PLAN ${q}`).all() as { detail: string }[])
        .map((r) => r.detail)
        .join('; ');
    expect(plan(`SELECT id FROM service_referrals WHERE status = 'awaiting' ORDER BY received_on`)).toMatch(
      /USING (COVERING )?INDEX service_referrals_queue/,
    );
    expect(plan('SELECT id FROM service_referrals WHERE patient_id = 1')).toMatch(
      /USING (COVERING )?INDEX service_referrals_patient/,
    );
  });
});

describe('reopening a triage decision', () => {
  const reopen = (serviceReferralId: number, version: number, reason: string, key = CONS) =>
    app.call('mdt:triage:reopen', { serviceReferralId, version, reason }, key);
  const audits = (id: number) =>
    sqlite()
      .prepare(
        `SELECT action, before_json, after_json FROM audit_log WHERE entity = 'service_referral' AND entity_id = ? ORDER BY id`,
      )
      .all(id) as { action: string; before_json: string | null; after_json: string | null }[];
  const snapshot = () => ({
    refs: count('mdt_referrals'),
    listings: count('mdt_listings'),
    audit: count('audit_log'),
    service: JSON.stringify(sqlite().prepare('SELECT * FROM service_referrals ORDER BY id').all()),
    mdtListings: JSON.stringify(sqlite().prepare('SELECT id, status FROM mdt_listings ORDER BY id').all()),
    mdtRefs: JSON.stringify(sqlite().prepare('SELECT id, status FROM mdt_referrals ORDER BY id').all()),
  });

  it('puts a clinic decision back in the queue, with the reason and the original decision audited', async () => {
    const sr = await added('Clinic');
    await app.ok(
      'mdt:triage:decide',
      { serviceReferralId: sr.id, version: 1, pathway: 'clinic', reason: 'Needs a consultant assessment.' },
      CONS,
    );
    const r = await reopen(sr.id, 2, 'Meant for the pain management programme.');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({
      status: 'awaiting',
      pathway: null,
      meetingTypeId: null,
      decisionReason: null,
      triagedByName: null,
      triagedAt: null,
      mdtReferralId: null,
      version: 3,
    });
    const q = await app.ok('mdt:triage:list', { status: 'awaiting' }, COORD);
    expect(q.rows.map((x) => x.id)).toEqual([sr.id]);
    const trail = audits(sr.id);
    expect(trail.map((a) => a.action)).toEqual(['mdt.triage.add', 'mdt.triage.decide', 'mdt.triage.reopen']);
    const last = trail[2]!;
    expect(JSON.parse(last.before_json!)).toMatchObject({
      status: 'triaged',
      pathway: 'clinic',
      decisionReason: 'Needs a consultant assessment.',
      version: 2,
    });
    expect(JSON.parse(last.after_json!)).toMatchObject({
      status: 'awaiting',
      reason: 'Meant for the pain management programme.',
      version: 3,
    });
    // It can be decided again, on the new version.
    expect((await decide(sr.id, 3, { pathway: 'pmp', reason: 'Suits the programme.' })).ok).toBe(true);
  });

  it('withdraws the MDT referral an MDT decision created, in the same transaction', async () => {
    const sr = await added('Neuro');
    const d = await decide(sr.id, 1, { pathway: 'mdt', meetingTypeId: neuroType, reason: 'Consider SCS.' });
    if (!d.ok) throw new Error(d.error.message);
    const ref = sqlite()
      .prepare('SELECT listing_id, meeting_id FROM mdt_referrals WHERE id = ?')
      .get(d.value.mdtReferralId) as { listing_id: number; meeting_id: number };
    const r = await reopen(sr.id, 2, 'Wrong MDT: this is for the complex pain MDT.');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({ status: 'awaiting', mdtReferralId: null, meetingTypeId: null });
    const meeting = await app.ok('mdt:meeting:get', { meetingId: ref.meeting_id }, COORD);
    const active = meeting.listings.filter((l) => l.status !== 'withdrawn' && l.status !== 'deferred');
    expect(active.map((l) => l.patientId)).not.toContain(sr.patientId);
    expect(meeting.listings.find((l) => l.id === ref.listing_id)?.status).toBe('withdrawn');
    expect(
      sqlite().prepare('SELECT status FROM mdt_referrals WHERE id = ?').pluck().get(d.value.mdtReferralId),
    ).toBe('withdrawn');
    expect(
      sqlite()
        .prepare('SELECT listed_meeting_id FROM mdt_patient_state WHERE patient_id = ?')
        .pluck()
        .get(sr.patientId),
    ).toBeNull();
    // The MDT module's own withdraw wrote its audit row, in the same transaction (same instant).
    const rows = sqlite()
      .prepare(`SELECT action, at FROM audit_log WHERE patient_id = ? ORDER BY id DESC LIMIT 2`)
      .all(sr.patientId) as { action: string; at: string }[];
    expect(rows.map((x) => x.action)).toEqual(['mdt.triage.reopen', 'mdt.listing.withdraw']);
    const reopenAudit = audits(sr.id).at(-1)!;
    expect(JSON.parse(reopenAudit.before_json!)).toMatchObject({ pathway: 'mdt', meetingTypeId: neuroType });
    expect(JSON.parse(reopenAudit.after_json!)).toMatchObject({ withdrawnListingId: ref.listing_id });
    // Sent on again to the right MDT: a fresh referral, listed.
    const again = await decide(sr.id, 3, {
      pathway: 'mdt',
      meetingTypeId: complexType,
      reason: 'Complex pain.',
    });
    expect(again.ok).toBe(true);
  });

  it('leaves nothing changed when the withdraw fails part-way (one transaction)', async () => {
    const sr = await added('Atomic');
    const d = await decide(sr.id, 1, { pathway: 'mdt', meetingTypeId: complexType, reason: 'Complex pain.' });
    if (!d.ok) throw new Error(d.error.message);
    // Close the meeting under the listing: the withdraw is refused, and the reopen with it.
    const meetingId = sqlite()
      .prepare('SELECT meeting_id FROM mdt_referrals WHERE id = ?')
      .pluck()
      .get(d.value.mdtReferralId) as number;
    sqlite().prepare(`UPDATE mdt_meetings SET status = 'closed' WHERE id = ?`).run(meetingId);
    const start = snapshot();
    const r = await reopen(sr.id, 2, 'Wrong pathway.');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('CONFLICT');
      expect(r.error.fields?.reason).toMatch(/has finished/);
    }
    expect(snapshot()).toEqual(start);
  });

  it('refuses once the MDT has discussed the case: the decision stands, nothing changes', async () => {
    const sr = await added('Discussed');
    const d = await decide(sr.id, 1, { pathway: 'mdt', meetingTypeId: complexType, reason: 'Complex pain.' });
    if (!d.ok) throw new Error(d.error.message);
    const listingId = sqlite()
      .prepare('SELECT listing_id FROM mdt_referrals WHERE id = ?')
      .pluck()
      .get(d.value.mdtReferralId) as number;
    await onMeetingDay(listingId);
    await app.ok('mdt:case:start', { listingId }, COORD);
    const start = snapshot();
    const r = await reopen(sr.id, 2, 'Wrong pathway.');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('CONFLICT');
      expect(r.error.fields?.reason).toMatch(/already started on this referral, so the decision stands/);
    }
    expect(snapshot()).toEqual(start);
  });

  it('refuses once the MDT has confirmed an outcome for the case', async () => {
    const sr = await added('Outcome');
    const d = await decide(sr.id, 1, { pathway: 'mdt', meetingTypeId: complexType, reason: 'Complex pain.' });
    if (!d.ok) throw new Error(d.error.message);
    const { listing_id: listingId, meeting_id: meetingId } = sqlite()
      .prepare('SELECT listing_id, meeting_id FROM mdt_referrals WHERE id = ?')
      .get(d.value.mdtReferralId) as { listing_id: number; meeting_id: number };
    await app.ok(
      'users:create',
      { username: 'psych', displayName: 'Dr Psych', role: 'psychologist', password: 'correct horse battery' },
      'setup',
    );
    const staff = await app.ok('users:list', {}, 'setup');
    for (const username of ['consultant1', 'physiotherapist1', 'psych']) {
      const userId = staff.find((u) => u.username === username)!.id;
      await app.ok('mdt:attendance:set', { meetingId, userId, status: 'present', version: null }, COORD);
    }
    await onMeetingDay(listingId);
    await app.ok('mdt:case:start', { listingId }, COORD);
    await confirmRead(
      app,
      {
        listingId,
        outcome: {
          kind: 'recommendation',
          summary: 'Pain management programme.',
          rationale: 'Complex pain with distress.',
          reviewDate: '2027-02-24',
          patientSummary: 'The team suggests the pain management programme.',
          actions: [],
          noAction: true,
        },
      },
      CONS,
    );
    const start = snapshot();
    const r = await reopen(sr.id, 2, 'Wrong pathway.');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('CONFLICT');
      expect(r.error.fields?.reason).toMatch(/the MDT outcome is the record/);
    }
    expect(snapshot()).toEqual(start);
  });

  it('requires a reason; refuses an awaiting referral and a stale version; saving nothing', async () => {
    const sr = await added('Reasonless');
    const notYet = await reopen(sr.id, 1, 'Wrong pathway.');
    expect(notYet.ok).toBe(false);
    if (!notYet.ok) expect(notYet.error.code).toBe('CONFLICT');
    expect((await decide(sr.id, 1)).ok).toBe(true);
    const start = snapshot();
    const blank = await reopen(sr.id, 2, '   ');
    expect(blank.ok).toBe(false);
    if (!blank.ok) {
      expect(blank.error.code).toBe('VALIDATION');
      expect(blank.error.fields?.reason).toBe('Write why this decision is being reopened.');
    }
    const stale = await reopen(sr.id, 1, 'Wrong pathway.');
    expect(stale.ok).toBe(false);
    if (!stale.ok) {
      expect(stale.error.code).toBe('CONFLICT');
      // Issue 19: who changed it, when and what, not a bare "someone else" (tests/db/stale-edits.test.ts).
      expect(stale.error.message).toMatch(
        /^.+ changed this referral at \d\d:\d\d on .+ while you were editing/,
      );
      expect(stale.error.message).toContain('Their decision: ');
      expect(stale.error.message).toContain('Their change is kept and yours was not saved');
    }
    expect(snapshot()).toEqual(start);
  });

  it('refuses a coordinator (no referrals.triage)', async () => {
    const sr = await added('Coordinator');
    expect((await decide(sr.id, 1)).ok).toBe(true);
    const start = snapshot();
    const r = await reopen(sr.id, 2, 'Wrong pathway.', COORD);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('FORBIDDEN');
    // Only the dispatcher's record of the refused attempt is added.
    expect(snapshot()).toEqual({ ...start, audit: start.audit + 1 });
    expect(sqlite().prepare('SELECT action FROM audit_log ORDER BY id DESC LIMIT 1').pluck().get()).not.toBe(
      'mdt.triage.reopen',
    );
  });
});
