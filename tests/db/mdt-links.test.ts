/**
 * MDT actions -> linked draft items (issue 3 "Actions", issue 5 "Request ... from an MDT action"), through
 * the real dispatcher on a real SQLite file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatDateGb, londonToday } from '../../shared/dates';
import type { ActionInput } from '../../shared/domain/mdt';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { confirmUnread, confirmRead } from '../helpers/mdt';
import { OXY_MR, rowCounter } from '../helpers/seed';
import { itOnSqlite } from '../helpers/engines';

let app: TestApp;
const sqlite = () => app.dispatcher.conn.sqlite;
const count = rowCounter(() => app);
const audits = (action: string) => count('audit_log', `action = '${action}'`);
/** Audit rows of changes: reads write access rows too (issue 17), which these counts leave aside. */
const WRITE_ROWS = "action NOT IN ('record.view', 'records.list', 'access.unusual')";

const CHAIR = 'chair';
const COORD = 'coord';
const NURSE = 'nurse';
const PHYSIO = 'physio';
let ids: { consultant: number; coordinator: number; nurse: number; physio: number; psych: number };
let complexType: number;

async function setClock(iso: string) {
  app.clock.now = new Date(iso);
  for (const [username, key] of [
    ['consultant1', CHAIR],
    ['coordinator1', COORD],
    ['nurse1', NURSE],
    ['physiotherapist1', PHYSIO],
  ] as const)
    await app.ok('auth:signIn', { username, password: 'correct horse battery' }, key);
}

beforeEach(async () => {
  app = await createTestApp();
  const chair = await signedInAs(app, 'consultant', CHAIR);
  const coord = await signedInAs(app, 'coordinator', COORD);
  const nurse = await signedInAs(app, 'nurse', NURSE);
  const physio = await signedInAs(app, 'physiotherapist', PHYSIO);
  const psych = await app.ok(
    'users:create',
    { username: 'psych', displayName: 'Dr Psych', role: 'psychologist', password: 'correct horse battery' },
    'setup',
  );
  ids = {
    consultant: chair.user.id,
    coordinator: coord.user.id,
    nurse: nurse.user.id,
    physio: physio.user.id,
    psych: psych.id,
  };
  complexType = (await app.ok('mdt:meetingTypes:list', {}, COORD)).find(
    (t) => t.code === 'complex-pain-mdt',
  )!.id;
});
afterEach(async () => app.close());

/** A patient on oxycodone MR 20 mg twice daily, listed for the next meeting, case started with a quorum. */
async function listedCase(surname = 'Linked') {
  const p = await app.ok(
    'patients:create',
    { surname, forename: 'Alex', dateOfBirth: '1970-05-01', sex: 'female', diagnosisSite: 'Lower back' },
    COORD,
  );
  const med = await app.ok('meds:add', { patientId: p.id, medicine: OXY_MR }, NURSE);
  const listing = await app.ok(
    'mdt:referral:create',
    {
      patientId: p.id,
      question: 'Would medial branch blocks help, and can we reduce the oxycodone?',
      reason: 'intervention-decision',
      presenterId: ids.consultant,
      patientAware: true,
      whatMatters: 'Walking the dog again',
      meetingTypeId: complexType,
    },
    COORD,
  );
  const meetings = await app.ok('mdt:meetings:list', { from: null }, COORD);
  const meetingId = app.dispatcher.conn.sqlite
    .prepare('SELECT meeting_id FROM mdt_listings WHERE id = ?')
    .pluck()
    .get(listing.id) as number;
  const meeting = meetings.find((m) => m.id === meetingId)!;
  for (const userId of [ids.consultant, ids.physio, ids.psych])
    await app.ok(
      'mdt:attendance:set',
      { meetingId: meeting.id, userId, status: 'present', version: null },
      COORD,
    );
  await setClock(`${meeting.date}T09:05:00Z`);
  await app.ok('mdt:case:start', { listingId: listing.id }, COORD);
  return { patient: p, medicine: med, listing, meeting };
}

const interventionAction = (): ActionInput => ({
  description: 'List for bilateral L4-5 medial branch blocks',
  type: 'intervention',
  ownerId: ids.consultant,
  dueDate: '2026-12-31',
  intervention: {
    procedureCode: 'MBB_L',
    side: 'bilateral',
    site: 'L4-5',
    indication: 'Axial low back pain, facet pattern',
  },
});
const medicineAction = (itemId: number, extra: Partial<ActionInput> = {}): ActionInput => ({
  description: 'Reduce oxycodone MR gradually to 20 mg a day',
  type: 'medication-change',
  ownerId: ids.nurse,
  dueDate: '2026-12-31',
  medicine: { itemId, change: 'reduce', targetDose: 20 },
  ...extra,
});
const goalAction = (): ActionInput => ({
  description: 'Physiotherapy goal: walking',
  type: 'rehab-goal',
  ownerId: ids.physio,
  dueDate: '2027-01-15',
  rehabGoal: { wording: 'Walk the dog to the park and back', domain: 'mobility', whatMatters: '' },
});

const outcome = (actions: ActionInput[]) => ({
  kind: 'recommendation' as const,
  summary: 'Medial branch blocks; reduce oxycodone; physiotherapy goal for walking.',
  rationale: 'Facet-pattern pain; opioid not helping.',
  reviewDate: '2027-03-01',
  patientSummary: 'The team suggests injections, a slow reduction of oxycodone and a walking goal.',
  actions,
});

const linkCounts = () => ({
  outcomes: count('mdt_outcomes', "status = 'confirmed'"),
  actions: count('mdt_actions'),
  requests: count('intervention_requests'),
  plans: count('taper_plans'),
  steps: count('taper_steps'),
  goalDrafts: count('rehab_goal_drafts'),
  audit: count('audit_log', WRITE_ROWS),
});

describe('MDT actions create linked drafts', () => {
  it('creates exactly one draft per linked action, with the right fields, audited, linked both ways', async () => {
    const { patient, medicine, listing, meeting } = await listedCase();
    const plansBefore = count('taper_plans');
    const r = await confirmRead(
      app,
      {
        listingId: listing.id,
        outcome: outcome([
          interventionAction(),
          medicineAction(medicine.itemId),
          goalAction(),
          { description: 'Letter to GP', type: 'letter', ownerId: ids.coordinator, dueDate: '2026-12-01' },
        ]),
      },
      CHAIR,
    );
    const [ia, ma, ga, la] = r.outcome.actions;
    expect(count('intervention_requests')).toBe(1);
    expect(count('taper_plans')).toBe(plansBefore + 1);
    expect(count('rehab_goal_drafts')).toBe(1);
    expect(la!.draft).toBeNull();

    // Intervention: a draft request, not on the waiting list, RTT clock from the meeting's decision.
    const req = sqlite()
      .prepare('SELECT * FROM intervention_requests WHERE source_mdt_action_id = ?')
      .get(ia!.id) as Record<string, unknown>;
    expect(req).toMatchObject({
      patient_id: patient.id,
      procedure_code: 'MBB_L',
      side: 'bilateral',
      site: 'L4-5',
      indication: 'Axial low back pain, facet pattern',
      status: 'draft',
      source: 'mdt',
      rtt_clock_start: meeting.date,
      requested_clinician_id: ids.consultant,
    });
    const d = new Date(`${meeting.date}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 126);
    expect(req.rtt_breach_date).toBe(d.toISOString().slice(0, 10));
    expect(ia!.draft).toMatchObject({
      module: 'interventions',
      kind: 'intervention-request',
      itemId: req.id,
      isDraft: true,
      href: `/interventions/requests/${String(req.id)}`,
    });
    expect(ia!.draft!.label).toMatch(/medial branch.*Bilateral L4-5/i);
    expect(ia!.link?.intervention?.procedureCode).toBe('MBB_L');
    const waiting = await app.ok('interventions:list', {}, COORD);
    expect(waiting.items.map((i) => i.id)).not.toContain(req.id);

    // Medicines: a draft taper plan (service default taper) for the named medicine, to reduce to 20 mg/day.
    const plan = await app.ok('meds:plan', { planId: ma!.draft!.itemId }, NURSE);
    expect(plan).toMatchObject({
      status: 'draft',
      goal: 'reduce',
      targetDose: 20,
      medicineName: medicine.name,
      nurseId: ids.nurse,
    });
    expect(plan.steps.length).toBeGreaterThan(1);
    expect(plan.steps[plan.steps.length - 1]!.dose).toBe(20);
    expect(ma!.draft).toMatchObject({ module: 'medicines', kind: 'taper-plan', isDraft: true });

    // Rehab: a draft goal in the MDT's wording, what matters pre-filled from the referral.
    const goal = sqlite()
      .prepare('SELECT * FROM rehab_goal_drafts WHERE source_mdt_action_id = ?')
      .get(ga!.id) as Record<string, unknown>;
    expect(goal).toMatchObject({
      patient_id: patient.id,
      wording: 'Walk the dog to the park and back',
      domain: 'mobility',
      what_matters: 'Walking the dog again',
      owner_id: ids.physio,
      status: 'draft',
    });
    expect(ga!.draft).toMatchObject({ module: 'rehab', kind: 'rehab-goal-draft', isDraft: true });

    // Audited, one row each.
    expect(audits('interventions.request.draft-from-mdt')).toBe(1);
    expect(audits('medicines.plan.draft-from-mdt')).toBe(1);
    expect(audits('rehab.goal-draft.create')).toBe(1);

    // The link back: "From MDT on <date>: <question>".
    const src = await app.ok(
      'mdt:links:source',
      { kind: 'intervention-request', itemId: req.id as number },
      COORD,
    );
    expect(src).toMatchObject({
      meetingDate: meeting.date,
      meetingId: meeting.id,
      actionId: ia!.id,
      questions: ['Would medial branch blocks help, and can we reduce the oxycodone?'],
      href: `/mdt/meetings/${meeting.id}`,
    });
    expect(await app.ok('mdt:links:source', { kind: 'taper-plan', itemId: 999999 }, COORD)).toBeNull();

    // Each module's list shows its drafts.
    for (const [module, itemId] of [
      ['interventions', req.id],
      ['medicines', ma!.draft!.itemId],
      ['rehab', ga!.draft!.itemId],
    ] as const) {
      const rows = await app.ok('mdt:links:drafts', { module }, COORD);
      expect(rows.map((x) => x.itemId)).toEqual([itemId]);
      expect(rows[0]).toMatchObject({ patientId: patient.id, meetingDate: meeting.date, isDraft: true });
    }
  });

  it('a draft request is completed by a clinician (priority, clock) and only then joins the waiting list', async () => {
    const { listing, meeting } = await listedCase();
    const r = await confirmRead(
      app,
      { listingId: listing.id, outcome: outcome([interventionAction()]) },
      CHAIR,
    );
    const requestId = r.outcome.actions[0]!.draft!.itemId;
    const booking = await app.call('interventions:book', { requestId, sessionId: 1 }, COORD);
    expect(booking.ok).toBe(false);

    const physio = await app.call(
      'mdt:links:completeRequest',
      { requestId, priority: 'P3', rttClockStart: meeting.date },
      PHYSIO,
    );
    expect(physio.ok || physio.error.code).toBe('FORBIDDEN');
    const noPriority = await app.call(
      'mdt:links:completeRequest',
      { requestId, rttClockStart: meeting.date } as never,
      COORD,
    );
    expect(noPriority.ok ? '' : noPriority.error.fields?.priority).toBe('Choose the clinical priority.');
    expect(count('intervention_requests', "status = 'draft'")).toBe(1);

    const done = await app.ok(
      'mdt:links:completeRequest',
      { requestId, priority: 'P3', requestedClinicianId: ids.consultant, rttClockStart: meeting.date },
      COORD,
    );
    expect(done).toMatchObject({ status: 'waiting', isDraft: false, statusLabel: 'On the waiting list' });
    const waiting = await app.ok('interventions:list', {}, COORD);
    expect(waiting.items.find((i) => i.id === requestId)).toMatchObject({ priority: 'P3' });
    expect(audits('interventions.request.complete-draft')).toBe(1);
    const again = await app.call(
      'mdt:links:completeRequest',
      { requestId, priority: 'P2', rttClockStart: meeting.date },
      COORD,
    );
    expect(again.ok || again.error.code).toBe('CONFLICT');
    // The MDT still shows the link, now no longer a draft.
    const o = await app.ok('mdt:outcome:get', { listingId: listing.id }, COORD);
    expect(o?.actions[0]?.draft).toMatchObject({ itemId: requestId, isDraft: false });
    expect(await app.ok('mdt:links:drafts', { module: 'interventions' }, COORD)).toEqual([]);
  });

  it('a draft goal is linked to the goal written from it, or dismissed with a reason', async () => {
    const { patient, listing } = await listedCase();
    const r = await confirmRead(app, { listingId: listing.id, outcome: outcome([goalAction()]) }, CHAIR);
    const draftId = r.outcome.actions[0]!.draft!.itemId;
    const coord = await app.call(
      'mdt:links:resolveGoalDraft',
      { draftId, resolution: 'dismissed', note: 'Declined' },
      COORD,
    );
    expect(coord.ok || coord.error.code).toBe('FORBIDDEN');
    const noReason = await app.call(
      'mdt:links:resolveGoalDraft',
      { draftId, resolution: 'dismissed' },
      PHYSIO,
    );
    expect(noReason.ok ? '' : noReason.error.fields?.note).toMatch(/reason/);

    const plan = await app.ok(
      'rehab:createPlan',
      { patientId: patient.id, pathway: 'physiotherapy' },
      PHYSIO,
    );
    const g = await app.ok(
      'rehab:addGoal',
      {
        planId: plan.id,
        goal: {
          whatMatters: 'Walking the dog again',
          activity: 'Walk the dog to the park and back',
          measure: 'Minutes walked',
          target: '20 minutes',
          setOn: app.clock.now.toISOString().slice(0, 10),
          targetDate: '2027-03-01',
          domain: 'mobility',
          baseline: -1,
          levelMinus2: 'No walking',
          levelMinus1: '5 minutes',
          levelZero: '20 minutes',
          levelPlus1: '30 minutes',
          levelPlus2: '45 minutes',
        },
      },
      PHYSIO,
    );
    const done = await app.ok(
      'mdt:links:resolveGoalDraft',
      { draftId, resolution: 'completed', goalId: g.id },
      PHYSIO,
    );
    expect(done).toMatchObject({ status: 'completed', isDraft: false, statusLabel: 'Written as a goal' });
    expect(
      sqlite().prepare('SELECT source_mdt_action_id FROM rehab_goals WHERE id = ?').pluck().get(g.id),
    ).toBe(r.outcome.actions[0]!.id);
    expect(audits('rehab.goal-draft.resolve')).toBe(1);
    const twice = await app.call(
      'mdt:links:resolveGoalDraft',
      { draftId, resolution: 'completed', goalId: g.id },
      PHYSIO,
    );
    expect(twice.ok || twice.error.code).toBe('CONFLICT');
  });
});

describe('nothing half-saved', () => {
  it('an action without its details is refused by the schema, with the message on the field', async () => {
    const { listing } = await listedCase();
    const before = linkCounts();
    const r = await confirmUnread(
      app,
      {
        listingId: listing.id,
        outcome: outcome([
          { description: 'SCS trial', type: 'intervention', ownerId: ids.consultant, dueDate: '2026-12-31' },
        ]),
      },
      CHAIR,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.fields?.['outcome.actions.0.intervention.procedureCode']).toBe(
      'Choose the procedure from the catalogue.',
    );
    const noTarget = await confirmUnread(
      app,
      {
        listingId: listing.id,
        outcome: outcome([medicineAction(1, { medicine: { itemId: 1, change: 'reduce' } })]),
      },
      CHAIR,
    );
    expect(noTarget.ok ? '' : noTarget.error.fields?.['outcome.actions.0.medicine.targetDose']).toBe(
      'Enter the dose to reduce to.',
    );
    expect(linkCounts()).toEqual(before);
  });

  it('a draft that cannot be created refuses the whole confirmation (outcome, actions, other drafts, audit)', async () => {
    const { listing, medicine } = await listedCase();
    const other = await listedCase('Other');
    await setClock(app.clock.now.toISOString());
    await app.ok('mdt:case:start', { listingId: listing.id }, COORD);
    const before = linkCounts();
    // Action 2 names a medicine of another patient: refused, and action 1's draft request is not kept either.
    const r = await confirmUnread(
      app,
      {
        listingId: listing.id,
        outcome: outcome([interventionAction(), medicineAction(other.medicine.itemId), goalAction()]),
      },
      CHAIR,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.message).toMatch(/^Action 2: /);
    expect(r.error.fields?.['actions.1.medicine.itemId']).toBe(
      'That medicine is not on this patient’s list.',
    );
    expect(linkCounts()).toEqual(before);
    expect((await app.ok('mdt:outcome:get', { listingId: listing.id }, COORD))?.status ?? 'none').not.toBe(
      'confirmed',
    );

    // A target at or above the current dose: the message sits on the target field.
    const high = await confirmUnread(
      app,
      {
        listingId: listing.id,
        outcome: outcome([
          medicineAction(medicine.itemId, {
            medicine: { itemId: medicine.itemId, change: 'reduce', targetDose: 40 },
          }),
        ]),
      },
      CHAIR,
    );
    expect(high.ok ? '' : high.error.fields?.['actions.0.medicine.targetDose']).toMatch(
      /below the current dose \(40 mg\/day\)/,
    );
    expect(linkCounts()).toEqual(before);

    // An unknown procedure code passes the schema but not the catalogue.
    const unknown = await confirmUnread(
      app,
      {
        listingId: listing.id,
        outcome: outcome([
          {
            ...interventionAction(),
            intervention: { ...interventionAction().intervention!, procedureCode: 'NOPE' },
          },
        ]),
      },
      CHAIR,
    );
    expect(unknown.ok ? '' : unknown.error.fields?.['actions.0.intervention.procedureCode']).toBe(
      'Choose the procedure from the catalogue.',
    );
    expect(linkCounts()).toEqual(before);

    // Corrected, it confirms.
    await confirmRead(
      app,
      { listingId: listing.id, outcome: outcome([interventionAction(), medicineAction(medicine.itemId)]) },
      CHAIR,
    );
    expect(count('intervention_requests')).toBe(before.requests + 1);
    expect(count('taper_plans')).toBe(before.plans + 1);
  });

  it('a second open plan for the same medicine is refused on that action', async () => {
    const { listing, medicine } = await listedCase();
    const r = await confirmUnread(
      app,
      {
        listingId: listing.id,
        outcome: outcome([medicineAction(medicine.itemId), medicineAction(medicine.itemId)]),
      },
      CHAIR,
    );
    expect(r.ok ? '' : r.error.fields?.['actions.1.medicine.itemId']).toBe(
      'This medicine already has a plan that is not finished.',
    );
    expect(count('taper_plans')).toBe(0);
  });
});

describe('amendments and roles', () => {
  it('amending keeps the original drafts (never duplicated); new actions in the amendment create new drafts', async () => {
    const { listing } = await listedCase();
    const c = await confirmRead(
      app,
      { listingId: listing.id, outcome: outcome([interventionAction()]) },
      CHAIR,
    );
    const original = c.outcome.actions[0]!.draft!;
    const before = linkCounts();
    const v2 = await app.ok(
      'mdt:outcome:amend',
      {
        outcomeId: c.outcome.id,
        reason: 'Review date corrected',
        change: { kind: 'recommendation', summary: c.outcome.summary, reviewDate: '2027-04-01' },
      },
      CHAIR,
    );
    expect(v2.version).toBe(2);
    expect(count('intervention_requests')).toBe(before.requests);
    expect(count('rehab_goal_drafts')).toBe(before.goalDrafts);
    expect(v2.actions.map((a) => a.draft?.itemId)).toEqual([original.itemId]);

    const v3 = await app.ok(
      'mdt:outcome:amend',
      {
        outcomeId: v2.id,
        reason: 'Physiotherapy goal added after discussion with the patient',
        change: { kind: 'recommendation', summary: c.outcome.summary, reviewDate: '2027-04-01' },
        newActions: [goalAction()],
      },
      CHAIR,
    );
    expect(v3.version).toBe(3);
    expect(count('intervention_requests')).toBe(before.requests);
    expect(count('rehab_goal_drafts')).toBe(before.goalDrafts + 1);
    expect(v3.actions.map((a) => a.draft?.kind)).toEqual(['intervention-request', 'rehab-goal-draft']);
    expect(v3.actions[0]!.draft!.itemId).toBe(original.itemId);
    expect(audits('rehab.goal-draft.create')).toBe(1);
    // The database itself refuses a second draft for one action.
    expect(() =>
      sqlite()
        .prepare(
          `INSERT INTO intervention_requests (patient_id, procedure_code, catalogue_version, side, site, indication,
             priority, priority_rank, source, rtt_clock_start, rtt_breach_date, status, readiness_json,
             commissioner_rule_set, anticoagulant_rule_set, created_at, updated_at, version, source_mdt_action_id)
           SELECT patient_id, procedure_code, catalogue_version, side, site, indication, priority, priority_rank,
             source, rtt_clock_start, rtt_breach_date, status, readiness_json, commissioner_rule_set,
             anticoagulant_rule_set, created_at, updated_at, version, source_mdt_action_id
           FROM intervention_requests WHERE id = ?`,
        )
        .run(original.itemId),
    ).toThrow(/UNIQUE|duplicate key/);
  });

  it('only the chair confirms (nothing created otherwise); reading drafts needs a clinical role', async () => {
    const { listing, medicine } = await listedCase();
    const before = linkCounts();
    for (const key of [COORD, NURSE]) {
      const r = await confirmUnread(
        app,
        { listingId: listing.id, outcome: outcome([interventionAction(), medicineAction(medicine.itemId)]) },
        key,
      );
      expect(r.ok || r.error.code).toBe('FORBIDDEN');
    }
    // Only the refusals themselves are audited (access.denied).
    expect(linkCounts()).toEqual({ ...before, audit: before.audit + 2 });
    expect(audits('access.denied')).toBe(2);
    const admin = await signedInAs(app, 'admin', 'admin');
    expect(admin.user.role).toBe('admin');
    const r = await app.call('mdt:links:drafts', { module: 'interventions' }, 'admin');
    expect(r.ok || r.error.code).toBe('FORBIDDEN');
  });

  it('autosaved drafts keep what each action asks for', async () => {
    const { listing } = await listedCase();
    await app.ok(
      'mdt:outcome:saveDraft',
      {
        listingId: listing.id,
        actions: [
          {
            description: 'Blocks',
            type: 'intervention',
            intervention: { procedureCode: 'MBB_L', side: 'left' },
          },
        ],
      },
      COORD,
    );
    const o = await app.ok('mdt:outcome:get', { listingId: listing.id }, COORD);
    expect(o?.actions[0]?.link).toEqual({ intervention: { procedureCode: 'MBB_L', side: 'left' } });
    expect(count('intervention_requests')).toBe(0);
  });
});

describe('query plans', () => {
  itOnSqlite('finds drafts through the link indexes, never by scanning a module table', async () => {
    const db = app.dispatcher.conn.db;
    const plans: [string, { sql: string; parameters: readonly unknown[] }, RegExp][] = [
      [
        'requests by action',
        db
          .selectFrom('intervention_requests')
          .select('id')
          .where('source_mdt_action_id', 'in', [0, 1, 2])
          .compile(),
        /USING (COVERING )?INDEX intervention_requests_mdt_action/,
      ],
      [
        'plans by action',
        db.selectFrom('taper_plans').select('id').where('source_mdt_action_id', 'in', [0, 1, 2]).compile(),
        /USING (COVERING )?INDEX taper_plans_mdt_action/,
      ],
      [
        'draft requests list',
        db
          .selectFrom('intervention_requests')
          .select('id')
          .where('source_mdt_action_id', 'is not', null)
          .where('status', '=', 'draft')
          .orderBy('id', 'desc')
          .limit(100)
          .compile(),
        /SEARCH intervention_requests USING (COVERING )?INDEX/,
      ],
      [
        'draft goals list',
        db
          .selectFrom('rehab_goal_drafts')
          .select('id')
          .where('status', '=', 'draft')
          .orderBy('created_at', 'desc')
          .limit(100)
          .compile(),
        /USING (COVERING )?INDEX rehab_goal_drafts_status/,
      ],
    ];
    for (const [name, c, expected] of plans) {
      const detail = (
        sqlite()
          .prepare(`EXPLAIN QUERY PLAN ${c.sql}`)
          .all(...(c.parameters as unknown[])) as { detail: string }[]
      )
        .map((r) => r.detail)
        .join(' | ');
      expect(detail, name).toMatch(expected);
    }
  });
});

describe('completing the linked draft completes its MDT action', () => {
  interface ActionRow {
    status: string;
    completed_at: string | null;
    completed_by: number | null;
    completion_note: string | null;
  }
  const actionRow = (id: number) =>
    sqlite()
      .prepare('SELECT status, completed_at, completed_by, completion_note FROM mdt_actions WHERE id = ?')
      .get(id) as ActionRow;
  const actionAudits = (id: number) => count('audit_log', `entity = 'mdt_action' AND entity_id = ${id}`);
  const linkAudits = () => audits('mdt.action.completedByLink');
  const today = () => formatDateGb(londonToday(app.clock.now));
  const open: ActionRow = { status: 'open', completed_at: null, completed_by: null, completion_note: null };

  /** Confirms an outcome with one action; returns the action's id and the draft item's id. */
  async function confirmed(action: (medicineItemId: number) => ActionInput) {
    const c = await listedCase();
    const r = await confirmRead(
      app,
      { listingId: c.listing.id, outcome: outcome([action(c.medicine.itemId)]) },
      CHAIR,
    );
    const a = r.outcome.actions[0]!;
    return { ...c, actionId: a.id!, itemId: a.draft!.itemId };
  }

  /** Where a clinician sees open actions: their worklist and the case summary's open actions. */
  async function listedOpen(actionId: number, ownerKey: string, listingId: number) {
    const mine = await app.ok('mdt:worklist', { kind: 'my-actions' }, ownerKey);
    const summary = await app.ok('mdt:case:summary', { listingId }, COORD);
    return {
      worklist: mine.some((w) => w.kind === 'action' && w.id === actionId),
      caseSummary: summary.openActions.some((x) => x.id === actionId),
    };
  }

  it('signing off the draft taper plan completes the action (a refused sign-off leaves it open)', async () => {
    const { actionId, itemId, listing, patient } = await confirmed((itemId) => medicineAction(itemId));
    expect(actionRow(actionId)).toEqual(open);
    expect(await listedOpen(actionId, NURSE, listing.id)).toEqual({ worklist: true, caseSummary: true });
    const plan = await app.ok('meds:plan', { planId: itemId }, NURSE);

    // Refused: a stale version (someone else changed the plan). Nothing saved, the action stays open.
    const auditBefore = count('audit_log', WRITE_ROWS);
    const stale = await app.call(
      'meds:signOff',
      { planId: itemId, version: plan.version + 7, patientAgreed: true, agreementNote: 'Agreed' },
      NURSE,
    );
    expect(stale.ok || stale.error.code).toBe('CONFLICT');
    // Refused: the patient's agreement is not recorded.
    const noAgreement = await app.call(
      'meds:signOff',
      { planId: itemId, version: plan.version, patientAgreed: false as unknown as true, agreementNote: 'x' },
      NURSE,
    );
    expect(noAgreement.ok).toBe(false);
    expect(actionRow(actionId)).toEqual(open);
    expect(count('audit_log', WRITE_ROWS)).toBe(auditBefore);
    expect((await app.ok('meds:plan', { planId: itemId }, NURSE)).status).toBe('draft');

    await app.ok(
      'meds:signOff',
      { planId: itemId, version: plan.version, patientAgreed: true, agreementNote: 'Agreed in clinic' },
      NURSE,
    );
    expect(actionRow(actionId)).toEqual({
      status: 'done',
      completed_at: app.clock.now.toISOString(),
      completed_by: ids.nurse,
      completion_note: `Done: taper plan signed off (Medicines) on ${today()}`,
    });
    expect(actionRow(actionId).completion_note).toMatch(/^Done: .* on \d{2}-[A-Z][a-z]{2}-\d{4}$/);
    // Its own audit row, beside the sign-off's.
    expect(linkAudits()).toBe(1);
    expect(actionAudits(actionId)).toBe(1);
    expect(count('audit_log', WRITE_ROWS)).toBe(auditBefore + 2);
    const row = sqlite()
      .prepare(
        "SELECT user_id, patient_id, after_json FROM audit_log WHERE action = 'mdt.action.completedByLink'",
      )
      .get() as { user_id: number; patient_id: number; after_json: string };
    expect(row).toMatchObject({ user_id: ids.nurse, patient_id: patient.id });
    expect(JSON.parse(row.after_json)).toMatchObject({
      status: 'done',
      by: { kind: 'taper-plan', itemId },
    });
    // Off the worklist and the case summary's open actions; the outcome shows it done.
    expect(await listedOpen(actionId, NURSE, listing.id)).toEqual({ worklist: false, caseSummary: false });
    const o = await app.ok('mdt:outcome:get', { listingId: listing.id }, COORD);
    expect(o?.actions[0]).toMatchObject({
      id: actionId,
      status: 'done',
      completionNote: `Done: taper plan signed off (Medicines) on ${today()}`,
    });
    expect(
      sqlite()
        .prepare('SELECT earliest_open_action_due FROM mdt_patient_state WHERE patient_id = ?')
        .pluck()
        .get(patient.id),
    ).toBeNull();
  });

  it('abandoning the draft taper plan leaves the action open', async () => {
    const { actionId, itemId, listing } = await confirmed((itemId) => medicineAction(itemId));
    const plan = await app.ok('meds:plan', { planId: itemId }, NURSE);
    await app.ok(
      'meds:planAction',
      { planId: itemId, version: plan.version, action: 'abandon', reason: 'Patient declined the reduction' },
      NURSE,
    );
    expect(actionRow(actionId)).toEqual(open);
    expect(linkAudits()).toBe(0);
    expect(await listedOpen(actionId, NURSE, listing.id)).toEqual({ worklist: true, caseSummary: true });
  });

  it('completing the draft request onto the waiting list completes the action (a refusal leaves it open)', async () => {
    const { actionId, itemId, meeting, listing } = await confirmed(() => interventionAction());
    const admin = await signedInAs(app, 'admin', 'admin');
    const auditBefore = count('audit_log', WRITE_ROWS);
    const refused = await app.call(
      'mdt:links:completeRequest',
      { requestId: itemId, priority: 'P3', requestedClinicianId: admin.user.id, rttClockStart: meeting.date },
      COORD,
    );
    expect(refused.ok ? '' : refused.error.fields?.requestedClinicianId).toBe(
      'Choose the requested clinician.',
    );
    expect(actionRow(actionId)).toEqual(open);
    expect(count('audit_log', WRITE_ROWS)).toBe(auditBefore);
    expect(count('intervention_requests', "status = 'draft'")).toBe(1);

    await app.ok(
      'mdt:links:completeRequest',
      {
        requestId: itemId,
        priority: 'P3',
        requestedClinicianId: ids.consultant,
        rttClockStart: meeting.date,
      },
      COORD,
    );
    expect(actionRow(actionId)).toEqual({
      status: 'done',
      completed_at: app.clock.now.toISOString(),
      completed_by: ids.coordinator,
      completion_note: `Done: request added to the waiting list (Interventions) on ${today()}`,
    });
    expect(linkAudits()).toBe(1);
    expect(actionAudits(actionId)).toBe(1);
    expect(count('audit_log', WRITE_ROWS)).toBe(auditBefore + 2);
    expect(await listedOpen(actionId, CHAIR, listing.id)).toEqual({ worklist: false, caseSummary: false });
  });

  it('completing the draft goal completes the action; dismissing it or a refusal leaves it open', async () => {
    const first = await confirmed(() => goalAction());
    const other = await app.ok(
      'patients:create',
      { surname: 'Other', forename: 'Sam', dateOfBirth: '1980-01-01', sex: 'male', diagnosisSite: 'Neck' },
      COORD,
    );
    const goalOf = async (patientId: number) => {
      const plan = await app.ok('rehab:createPlan', { patientId, pathway: 'physiotherapy' }, PHYSIO);
      return app.ok(
        'rehab:addGoal',
        {
          planId: plan.id,
          goal: {
            whatMatters: 'Walking the dog again',
            activity: 'Walk the dog to the park and back',
            measure: 'Minutes walked',
            target: '20 minutes',
            setOn: app.clock.now.toISOString().slice(0, 10),
            targetDate: '2027-03-01',
            domain: 'mobility',
            baseline: -1,
            levelMinus2: 'No walking',
            levelMinus1: '5 minutes',
            levelZero: '20 minutes',
            levelPlus1: '30 minutes',
            levelPlus2: '45 minutes',
          },
        },
        PHYSIO,
      );
    };
    const wrongGoal = await goalOf(other.id);
    const goal = await goalOf(first.patient.id);

    const auditBefore = count('audit_log', WRITE_ROWS);
    const refused = await app.call(
      'mdt:links:resolveGoalDraft',
      { draftId: first.itemId, resolution: 'completed', goalId: wrongGoal.id },
      PHYSIO,
    );
    expect(refused.ok ? '' : refused.error.fields?.goalId).toBe('Choose a goal of this patient.');
    expect(actionRow(first.actionId)).toEqual(open);
    expect(count('audit_log', WRITE_ROWS)).toBe(auditBefore);
    expect(count('rehab_goals', 'source_mdt_action_id IS NOT NULL')).toBe(0);

    await app.ok(
      'mdt:links:resolveGoalDraft',
      { draftId: first.itemId, resolution: 'completed', goalId: goal.id },
      PHYSIO,
    );
    expect(actionRow(first.actionId)).toEqual({
      status: 'done',
      completed_at: app.clock.now.toISOString(),
      completed_by: ids.physio,
      completion_note: `Done: goal written with its GAS levels (Rehab) on ${today()}`,
    });
    expect(linkAudits()).toBe(1);
    expect(actionAudits(first.actionId)).toBe(1);
    expect(count('audit_log', WRITE_ROWS)).toBe(auditBefore + 2);

    // Another patient's draft goal, dismissed: the MDT's question is not answered, the action stays open.
    const second = await confirmed(() => goalAction());
    await app.ok(
      'mdt:links:resolveGoalDraft',
      { draftId: second.itemId, resolution: 'dismissed', note: 'Patient chose a swimming goal instead' },
      PHYSIO,
    );
    expect(actionRow(second.actionId)).toEqual(open);
    expect(linkAudits()).toBe(1);
    expect(await listedOpen(second.actionId, PHYSIO, second.listing.id)).toEqual({
      worklist: true,
      caseSummary: true,
    });
  });

  it('an action already done by hand stays as it is (no second audit row)', async () => {
    const { actionId, itemId } = await confirmed((itemId) => medicineAction(itemId));
    await app.ok(
      'mdt:action:complete',
      { actionId, version: 0, status: 'done', note: 'Discussed with the GP instead' },
      COORD,
    );
    const manual = actionRow(actionId);
    expect(manual).toMatchObject({ status: 'done', completed_by: ids.coordinator });
    const plan = await app.ok('meds:plan', { planId: itemId }, NURSE);
    await app.ok(
      'meds:signOff',
      { planId: itemId, version: plan.version, patientAgreed: true, agreementNote: 'Agreed' },
      NURSE,
    );
    expect(actionRow(actionId)).toEqual(manual);
    expect(linkAudits()).toBe(0);
    expect(actionAudits(actionId)).toBe(1);
  });
});
