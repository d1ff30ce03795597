/**
 * Issue 14 (H-INT-41 on the MDT path): completing an MDT draft request for a spinal cord stimulator implant
 * ran no "implant only after a successful trial" check, although listing it directly does (NICE TA159, 2008:
 * SCS "after a successful trial"). The same rule and the same override now apply: refused beside the
 * procedure with nothing saved; a clinician may complete it with a reason, which is audited; a coordinator's
 * reason is refused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionInput } from '../../shared/domain/mdt';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { confirmRead } from '../helpers/mdt';
import { rowCounter } from '../helpers/seed';

let app: TestApp;
const count = rowCounter(() => app);
const CHAIR = 'chair';
const COORD = 'coord';
let consultantId: number;

beforeEach(async () => {
  app = await createTestApp();
  consultantId = (await signedInAs(app, 'consultant', CHAIR)).user.id;
  await signedInAs(app, 'coordinator', COORD);
});
afterEach(async () => app.close());

/** A patient listed at the MDT, the case started with a quorum, the outcome an SCS implant action. */
async function implantDraft(): Promise<{ requestId: number; meetingDate: string }> {
  const physio = await signedInAs(app, 'physiotherapist', 'physio');
  const psych = await app.ok(
    'users:create',
    { username: 'psych', displayName: 'Dr Psych', role: 'psychologist', password: 'correct horse battery' },
    'setup',
  );
  const complexType = (await app.ok('mdt:meetingTypes:list', {}, COORD)).find(
    (t) => t.code === 'complex-pain-mdt',
  )!.id;
  const p = await app.ok(
    'patients:create',
    { surname: 'Implant', forename: 'Alex', dateOfBirth: '1970-05-01', sex: 'female', diagnosisSite: 'Legs' },
    COORD,
  );
  const listing = await app.ok(
    'mdt:referral:create',
    {
      patientId: p.id,
      question: 'Is a spinal cord stimulator implant the next step?',
      reason: 'intervention-decision',
      presenterId: consultantId,
      patientAware: true,
      whatMatters: 'Walking the dog again',
      meetingTypeId: complexType,
    },
    COORD,
  );
  const meetingId = app.dispatcher.conn.sqlite
    .prepare('SELECT meeting_id FROM mdt_listings WHERE id = ?')
    .pluck()
    .get(listing.id) as number;
  const meeting = (await app.ok('mdt:meetings:list', { from: null }, COORD)).find((m) => m.id === meetingId)!;
  for (const userId of [consultantId, physio.user.id, psych.id])
    await app.ok('mdt:attendance:set', { meetingId, userId, status: 'present', version: null }, COORD);
  app.clock.now = new Date(`${meeting.date}T09:05:00Z`);
  for (const [username, key] of [
    ['consultant1', CHAIR],
    ['coordinator1', COORD],
  ] as const)
    await app.ok('auth:signIn', { username, password: 'correct horse battery' }, key);
  await app.ok('mdt:case:start', { listingId: listing.id }, COORD);
  const action: ActionInput = {
    description: 'List for a spinal cord stimulator implant',
    type: 'intervention',
    ownerId: consultantId,
    dueDate: '2026-12-31',
    intervention: {
      procedureCode: 'SCS_IMPL',
      side: 'midline',
      site: 'T8-T10',
      indication: 'Neuropathic leg pain after spinal surgery (TA159)',
    },
  };
  const r = await confirmRead(
    app,
    {
      listingId: listing.id,
      outcome: {
        kind: 'recommendation',
        summary: 'Spinal cord stimulator implant.',
        rationale: 'Neuropathic pain despite conventional management.',
        reviewDate: '2027-03-01',
        patientSummary: 'The team suggests a spinal cord stimulator.',
        actions: [action],
      },
    },
    CHAIR,
  );
  return {
    requestId: r.outcome.actions[0]!.draft!.itemId,
    meetingDate: meeting.date,
  };
}

describe('completing an MDT draft for an SCS implant checks for a successful trial', () => {
  it('refuses it with no trial, beside the procedure, saving nothing; a coordinator may not give a reason; a clinician completes it with an audited reason', async () => {
    const { requestId, meetingDate } = await implantDraft();
    const complete = { requestId, priority: 'P3' as const, rttClockStart: meetingDate };
    const before = count('audit_log', "action NOT IN ('record.view', 'records.list', 'access.unusual')");

    const refused = await app.call('mdt:links:completeRequest', complete, COORD);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('VALIDATION');
      expect(refused.error.fields?.procedureCode).toMatch(
        /^A spinal cord stimulator implant can be listed only after a successful trial \(NICE TA159, 2008\): no trial is recorded.*A clinician may list it with the reason\.$/,
      );
    }
    const coordReason = await app.call(
      'mdt:links:completeRequest',
      { ...complete, trialOverrideReason: 'Trial done at another trust' },
      COORD,
    );
    expect(coordReason.ok).toBe(false);
    if (!coordReason.ok) {
      expect(coordReason.error.code).toBe('FORBIDDEN');
      expect(coordReason.error.fields?.trialOverrideReason).toBe(
        'Only a clinician may list an implant without a successful trial.',
      );
    }
    // Nothing half-saved: still a draft, no audit row written.
    expect(count('intervention_requests', "status = 'draft'")).toBe(1);
    expect(count('audit_log', "action NOT IN ('record.view', 'records.list', 'access.unusual')")).toBe(
      before,
    );

    const done = await app.ok(
      'mdt:links:completeRequest',
      { ...complete, trialOverrideReason: 'Successful trial at St Elsewhere, 2025; letter on file' },
      CHAIR,
    );
    expect(done).toMatchObject({ status: 'waiting', isDraft: false });
    const audit = app.dispatcher.conn.sqlite
      .prepare(
        `SELECT entity_id, after_json FROM audit_log WHERE action = 'interventions.scs-implant.trial-override'`,
      )
      .all() as { entity_id: number; after_json: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.entity_id).toBe(requestId);
    expect(JSON.parse(audit[0]!.after_json)).toMatchObject({
      reason: 'Successful trial at St Elsewhere, 2025; letter on file',
      trialRequestId: null,
    });
  });
});
