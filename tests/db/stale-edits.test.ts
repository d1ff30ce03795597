import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Engine } from '../../db/connection';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import { OXY_MR, patientWith } from '../helpers/seed';

/**
 * Issue 19: "Two people saving the same thing get a clear conflict with the other person's change shown,
 * never a silent overwrite." Two sessions open the same record; the first saves; the second saves what it
 * opened. Expected (written by hand): the second is refused, is told who changed it, when and what, and the
 * first person's change is what the record still holds. Times: the test clock is 24-Nov-2026 10:15 UTC,
 * which is 10:15 in London (GMT in November).
 */
describeEachEngine('two people saving the same thing', (engine: Engine) => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp(engine);
    app.clock.now = new Date('2026-11-24T10:15:00Z');
  });
  afterEach(async () => app.close());

  it('MDT draft outcome: a draft saved by someone else is not written over, and its text is shown', async () => {
    await signedInAs(app, 'consultant', 'chair');
    await signedInAs(app, 'coordinator', 'coord');
    const type = (await app.ok('mdt:meetingTypes:list', {}, 'coord')).find(
      (t) => t.code === 'complex-pain-mdt',
    )!.id;
    const patient = await app.ok(
      'patients:create',
      { surname: 'Draft', forename: 'Alex', dateOfBirth: '1970-05-01', sex: 'female', allergies: [] },
      'coord',
    );
    const listing = await app.ok(
      'mdt:referral:create',
      {
        patientId: patient.id,
        question: 'Suitable for the PMP?',
        reason: 'pmp-suitability',
        patientAware: true,
        meetingTypeId: type,
      },
      'coord',
    );
    // Both open the case before anyone has typed: no draft yet.
    expect(await app.ok('mdt:outcome:get', { listingId: listing.id }, 'chair')).toBeNull();
    expect(await app.ok('mdt:outcome:get', { listingId: listing.id }, 'coord')).toBeNull();
    const chairs = await app.ok(
      'mdt:outcome:saveDraft',
      { listingId: listing.id, summary: 'Offer the pain management programme.', basedOn: null },
      'chair',
    );
    // The chair keeps typing: their own next save is based on what they saved.
    const chairs2 = await app.ok(
      'mdt:outcome:saveDraft',
      {
        listingId: listing.id,
        summary: 'Offer the pain management programme in January.',
        basedOn: chairs.updatedAt,
      },
      'chair',
    );
    const r = await app.call(
      'mdt:outcome:saveDraft',
      { listingId: listing.id, summary: 'Refer back to the GP.', basedOn: null },
      'coord',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('CONFLICT');
    expect(r.error.message).toBe(
      'Test consultant changed this draft outcome at 10:15 on 24-Nov-2026 while you were editing (MDT outcome drafted). ' +
        'It now reads: “Offer the pain management programme in January.”. ' +
        'Their change is kept and yours was not saved: their draft is now on screen; add what you typed to it if it is still needed.',
    );
    // A save based on an older draft of the chair's is refused too.
    const older = await app.call(
      'mdt:outcome:saveDraft',
      { listingId: listing.id, summary: 'Refer back to the GP.', basedOn: chairs.updatedAt },
      'coord',
    );
    expect(older.ok || older.error.code).toBe('CONFLICT');
    const now = await app.ok('mdt:outcome:get', { listingId: listing.id }, 'coord');
    expect(now?.summary).toBe('Offer the pain management programme in January.');
    expect(now?.updatedAt).toBe(chairs2.updatedAt);
  });

  it('medicine line: a change made against the older version is refused and names who changed it', async () => {
    await signedInAs(app, 'consultant', 'test');
    await signedInAs(app, 'nurse', 'nurse');
    const { entries } = await patientWith(app, OXY_MR);
    const opened = entries[0]!;
    await app.ok(
      'meds:change',
      {
        itemId: opened.itemId,
        version: opened.version,
        medicine: { ...OXY_MR, doseMg: 10 },
        reason: 'GP reduced after a fall',
      },
      'test',
    );
    const r = await app.call(
      'meds:change',
      {
        itemId: opened.itemId,
        version: opened.version,
        medicine: { ...OXY_MR, doseMg: 30 },
        reason: 'Pain worse',
      },
      'nurse',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('CONFLICT');
    expect(r.error.message).toBe(
      'Test consultant changed this medicine at 10:15 on 24-Nov-2026 while you were editing (medicine changed). ' +
        'Their change is kept and yours was not saved: reopen it, check their change, and make yours again if it is still needed.',
    );
    const meds = await app.ok('meds:patient', { patientId: opened.patientId }, 'nurse');
    const line = meds.current.find((m) => m.itemId === opened.itemId)!;
    expect(line.doseMg).toBe(10);
  });

  it('triage decision: a second decision on the same referral is refused and shows the first', async () => {
    await signedInAs(app, 'consultant', 'test');
    await signedInAs(app, 'nurse', 'nurse');
    const patient = await app.ok('patients:create', {
      surname: 'Triage',
      forename: 'Sam',
      dateOfBirth: '1965-05-05',
      sex: 'male',
      allergies: [],
    });
    const sr = await app.ok('mdt:triage:add', {
      patientId: patient.id,
      receivedOn: '2026-11-10',
      source: 'gp',
      referrerName: 'Dr Okafor, Riverside Surgery',
      referralReason: 'Low back pain with leg pain for two years.',
      urgency: 'routine',
    });
    await app.ok(
      'mdt:triage:decide',
      { serviceReferralId: sr.id, version: 1, pathway: 'clinic', reason: 'Needs a clinic review first.' },
      'test',
    );
    const r = await app.call(
      'mdt:triage:decide',
      { serviceReferralId: sr.id, version: 1, pathway: 'discharge', reason: 'Managed in primary care.' },
      'nurse',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('CONFLICT');
    expect(r.error.message).toBe(
      'Test consultant changed this referral at 10:15 on 24-Nov-2026 while you were editing (triage decision made). ' +
        'Their decision: Pain clinic appointment (Needs a clinic review first.). ' +
        'Their change is kept and yours was not saved: their decision is on screen now; reopen it with a reason if it needs to change.',
    );
    const queue = await app.ok('mdt:triage:list', { status: 'triaged' }, 'nurse');
    expect(queue.rows.find((x) => x.id === sr.id)?.pathway).toBe('clinic');
  });

  it('triage decision: a decision made on a referral reopened meanwhile says to decide again, not to reopen it', async () => {
    await signedInAs(app, 'consultant', 'test');
    await signedInAs(app, 'nurse', 'nurse');
    const patient = await app.ok('patients:create', {
      surname: 'Reopened',
      forename: 'Kim',
      dateOfBirth: '1966-06-06',
      sex: 'female',
      allergies: [],
    });
    const sr = await app.ok('mdt:triage:add', {
      patientId: patient.id,
      receivedOn: '2026-11-10',
      source: 'gp',
      referrerName: 'Dr Okafor, Riverside Surgery',
      referralReason: 'Neck pain for a year.',
      urgency: 'routine',
    });
    // The nurse opens it (version 1); meanwhile the consultant decides (2) and reopens it (3): it is awaiting.
    await app.ok(
      'mdt:triage:decide',
      { serviceReferralId: sr.id, version: 1, pathway: 'clinic', reason: 'Needs a clinic review first.' },
      'test',
    );
    await app.ok(
      'mdt:triage:reopen',
      { serviceReferralId: sr.id, version: 2, reason: 'New MRI report received.' },
      'test',
    );
    const r = await app.call(
      'mdt:triage:decide',
      { serviceReferralId: sr.id, version: 1, pathway: 'discharge', reason: 'Managed in primary care.' },
      'nurse',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('CONFLICT');
    // Nothing to reopen: there is no decision on screen, the referral is waiting for one.
    expect(r.error.message).toBe(
      'Test consultant changed this referral at 10:15 on 24-Nov-2026 while you were editing (triage decision reopened). ' +
        'It is back in the triage queue. ' +
        'Their change is kept and yours was not saved: it is in the queue now; make your decision again if it is still needed.',
    );
    const queue = await app.ok('mdt:triage:list', { status: 'awaiting' }, 'nurse');
    expect(queue.rows.find((x) => x.id === sr.id)?.pathway).toBeNull();
  });
});
