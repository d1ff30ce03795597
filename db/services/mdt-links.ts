/**
 * MDT actions -> linked draft items in the modules (issue 3, "Actions"; issue 5, "Request from clinic or from
 * an MDT action").
 *
 * When an outcome is confirmed (or amended with new actions), each action of type
 *   - intervention      creates a draft waiting-list request (procedure, side, level, indication as the MDT
 *                       named them; RTT clock from the meeting date, the decision to treat; priority and
 *                       readiness left for the clinician, who completes the draft to put it on the list);
 *   - medication-change creates a draft taper plan for the named current medicine (the service default taper,
 *                       rounded to formulary strengths, exactly as the medicines module does), which the
 *                       nurse or prescriber agrees with the patient and signs off as usual;
 *   - rehab-goal        creates a draft goal in the MDT's wording with what matters to the patient, which a
 *                       clinician writes as a goal (SMART parts, GAS levels) with the patient.
 * All of it inside the caller's transaction: if any draft cannot be created the whole confirmation is
 * refused with a message on that action's field, and nothing is saved. Each draft is audited and carries
 * source_mdt_action_id; the database allows one draft per action.
 */
import type { Kysely } from 'kysely';
import { rttBreachDate } from '../../shared/clinical/interventions/dates';
import { findProcedure } from '../../shared/clinical/interventions/catalogue';
import { londonToday } from '../../shared/dates';
import { SIDE_LABELS, type Priority, type Side } from '../../shared/domain/interventions';
import { formatDose, PLAN_STATUS_LABELS, type PlanStatus } from '../../shared/domain/medicines';
import {
  draftHref,
  LINKED_ACTION_MODULE,
  MEDICINE_CHANGE_LABELS,
  type ActionLinkDetails,
  type DraftActionLinkDetails,
  type DraftKind,
  type DraftLinkView,
  type LinkModule,
  type MdtDraftRow,
  type MdtSourceView,
} from '../../shared/domain/mdt-links';
import type { OutcomeView } from '../../shared/domain/mdt';
import { displayName } from '../../shared/domain/patient';
import { AppError } from '../../shared/result';
import { priorityRank } from '../mappers/interventions';
import * as q from '../queries/mdt-links';
import type { DB } from '../schema';
import { writeAudit } from './audit';
import { clinical } from './clinical-errors';
import type { HandlerContext, Trx } from './context';
import { insertRequest } from './interventions-requests';
import { checkImplantListing } from './interventions-scs';
import { completeActionByLink } from './mdt-actions';
import { insertDraftPlan } from './medicines-plans';
import { currentEntryOfItem } from '../queries/medicines';
import { activeRuleSet, interventionRules } from './rule-sets';

type Db = Kysely<DB>;

/** An action just written, with what the MDT asked its module for. */
export interface LinkedActionInput {
  id: number;
  /** Position in the request's action list (for the field message). */
  index: number;
  type: string;
  description: string;
  ownerId: number;
  dueDate: string;
  link: ActionLinkDetails | null;
}

export interface DraftContext {
  outcomeId: number;
  patientId: number;
  meetingDate: string;
  /** Field path prefix of the actions in the request ('actions' or 'newActions'). */
  fieldPrefix: string;
}

const FIELD_OF: Record<LinkModule, string> = {
  interventions: 'intervention.procedureCode',
  medicines: 'medicine.itemId',
  rehab: 'rehabGoal.wording',
};

/**
 * Creates the draft item of every linked action, inside the caller's transaction. Any refusal becomes a
 * VALIDATION error on that action's field, so the caller's whole transaction (the confirmation) rolls back.
 */
export async function createDraftsForActions(
  trx: Trx,
  ctx: HandlerContext,
  dc: DraftContext,
  actions: readonly LinkedActionInput[],
): Promise<void> {
  for (const a of actions) {
    if (!(a.type in LINKED_ACTION_MODULE)) continue;
    const module = LINKED_ACTION_MODULE[a.type as keyof typeof LINKED_ACTION_MODULE];
    const base = `${dc.fieldPrefix}.${a.index}`;
    try {
      if (module === 'interventions') await draftRequest(trx, ctx, dc, a);
      else if (module === 'medicines') await draftPlan(trx, ctx, dc, a);
      else await draftGoal(trx, ctx, dc, a);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      // Keep a field the module named (e.g. medicine.targetDose); otherwise the action's main field.
      const inner = Object.keys(err.fields ?? {})[0];
      const field = inner && inner.includes('.') ? `${base}.${inner}` : `${base}.${FIELD_OF[module]}`;
      throw new AppError(
        err.code === 'NOT_FOUND' || err.code === 'CONFLICT' ? 'VALIDATION' : err.code,
        `Action ${a.index + 1}: ${err.message}`,
        { [field]: err.message },
      );
    }
  }
}

function refuse(message: string, field?: string): AppError {
  return new AppError('VALIDATION', message, field ? { [field]: message } : undefined);
}

async function draftRequest(trx: Trx, ctx: HandlerContext, dc: DraftContext, a: LinkedActionInput) {
  const d = a.link?.intervention;
  if (!d) throw refuse('Choose the procedure from the catalogue.', 'intervention.procedureCode');
  const rules = interventionRules(ctx.conn);
  const procedure = findProcedure(d.procedureCode, rules.catalogue);
  if (!procedure) throw refuse('Choose the procedure from the catalogue.', 'intervention.procedureCode');
  const today = londonToday(ctx.now());
  // The MDT's decision to treat starts the clock (RTT rules: a new clock at a later decision to treat).
  const clockStart = dc.meetingDate <= today ? dc.meetingDate : today;
  const breach = clinical(() => rttBreachDate(clockStart));
  // The action's owner is the requested clinician when they are a consultant (who would do the procedure).
  const owner = await trx.selectFrom('users').select('role').where('id', '=', a.ownerId).executeTakeFirst();
  const clinicianId = owner?.role === 'consultant' ? a.ownerId : null;
  const requestId = await insertRequest(trx, ctx, rules, {
    patientId: dc.patientId,
    procedureCode: procedure.code,
    side: d.side,
    site: d.site,
    indication: d.indication,
    // Left for the clinician who completes the draft; a draft never sorts among waiting requests.
    priority: '',
    source: 'mdt',
    requestedClinicianId: clinicianId,
    rttClockStart: clockStart,
    rttBreachDate: breach,
    status: 'draft',
    sourceMdtActionId: a.id,
  });
  await writeAudit(trx, ctx, {
    action: 'interventions.request.draft-from-mdt',
    entity: 'intervention_request',
    entityId: requestId,
    patientId: dc.patientId,
    after: {
      status: 'draft',
      procedureCode: procedure.code,
      side: d.side,
      site: d.site,
      indication: d.indication,
      rttClockStart: clockStart,
      rttBreachDate: breach,
      requestedClinicianId: clinicianId,
      sourceMdtActionId: a.id,
      mdtOutcomeId: dc.outcomeId,
    },
  });
}

async function draftPlan(trx: Trx, ctx: HandlerContext, dc: DraftContext, a: LinkedActionInput) {
  const d = a.link?.medicine;
  if (!d) throw refuse('Choose the medicine from the patient’s current list.', 'medicine.itemId');
  const today = londonToday(ctx.now());
  const startDate = a.dueDate > today ? a.dueDate : today;
  const reason = `MDT ${dc.meetingDate}: ${a.description}`.slice(0, 1000);
  // The service's taper defaults in use now (Settings › Clinical rule sets), as a new plan in Medicines would.
  const defaults = activeRuleSet(ctx.conn, 'taper-defaults');
  // Issue 13: a benzodiazepine takes its class default (diazepam: the Ashton reduction), never the opioid 10%.
  const med = await currentEntryOfItem(trx, d.itemId);
  const classDefault = med?.drug_class === 'benzodiazepine-z-drug';
  const plan = await insertDraftPlan(
    trx,
    ctx,
    {
      patientId: dc.patientId,
      itemId: d.itemId,
      goal: d.change,
      targetDose: d.change === 'reduce' ? d.targetDose : null,
      percent: classDefault ? undefined : defaults.value.percent,
      intervalDays: classDefault ? undefined : defaults.value.intervalDays,
      startDate,
      nurseId: a.ownerId,
      reason,
      sourceMdtActionId: a.id,
    },
    'medicine.',
  );
  await writeAudit(trx, ctx, {
    action: 'medicines.plan.draft-from-mdt',
    entity: 'taper_plan',
    entityId: plan.id,
    patientId: dc.patientId,
    after: {
      status: 'draft',
      medicine: plan.medicineName,
      itemId: d.itemId,
      goal: d.change,
      targetDose: d.change === 'reduce' ? d.targetDose : null,
      startDose: plan.startDose,
      unit: plan.unit,
      steps: plan.steps.map((s) => `${s.date}: ${formatDose(s.dose)} ${plan.unit}`).join('; '),
      ruleSet: `${defaults.setKey}@${defaults.version}`,
      reason,
      sourceMdtActionId: a.id,
      mdtOutcomeId: dc.outcomeId,
    },
  });
}

async function draftGoal(trx: Trx, ctx: HandlerContext, dc: DraftContext, a: LinkedActionInput) {
  const d = a.link?.rehabGoal;
  if (!d) throw refuse('Write the goal as the MDT agreed it.', 'rehabGoal.wording');
  const at = ctx.now().toISOString();
  let whatMatters = d.whatMatters;
  if (whatMatters === '') {
    // Pre-filled from the referral, else the patient's record ("what matters to me").
    const r = await trx
      .selectFrom('mdt_actions as a')
      .innerJoin('mdt_referrals as r', 'r.listing_id', 'a.listing_id')
      .select('r.what_matters')
      .where('a.id', '=', a.id)
      .where('r.what_matters', '!=', '')
      .orderBy('r.id')
      .executeTakeFirst();
    const p = await trx
      .selectFrom('patients')
      .select('what_matters')
      .where('id', '=', dc.patientId)
      .executeTakeFirst();
    whatMatters = r?.what_matters ?? p?.what_matters ?? '';
  }
  const { id } = await trx
    .insertInto('rehab_goal_drafts')
    .values({
      patient_id: dc.patientId,
      source_mdt_action_id: a.id,
      wording: d.wording,
      domain: d.domain,
      what_matters: whatMatters,
      owner_id: a.ownerId,
      status: 'draft',
      goal_id: null,
      resolve_note: null,
      created_at: at,
      created_by: ctx.session?.userId ?? null,
      resolved_at: null,
      resolved_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeAudit(trx, ctx, {
    action: 'rehab.goal-draft.create',
    entity: 'rehab_goal_draft',
    entityId: id,
    patientId: dc.patientId,
    after: {
      status: 'draft',
      wording: d.wording,
      domain: d.domain,
      whatMatters,
      ownerId: a.ownerId,
      sourceMdtActionId: a.id,
      mdtOutcomeId: dc.outcomeId,
    },
  });
}

// ---------------------------------------------------------------- reading links

const REQUEST_STATUS_TEXT: Record<string, string> = {
  draft: 'Draft from the MDT: priority and readiness to complete',
  waiting: 'On the waiting list',
  booked: 'Booked',
  done: 'Done',
  removed: 'Removed from the list',
};
const GOAL_DRAFT_STATUS_TEXT: Record<string, string> = {
  draft: 'Draft goal: to write with the patient',
  completed: 'Written as a goal',
  dismissed: 'Not taken forward',
};

type RequestLinkRow = Awaited<ReturnType<typeof q.requestsForActions>>[number];
type PlanLinkRow = Awaited<ReturnType<typeof q.plansForActions>>[number];
type GoalLinkRow = Awaited<ReturnType<typeof q.goalDraftsForActions>>[number];

function view(
  kind: DraftKind,
  module: LinkModule,
  r: { id: number; patient_id: number; status: string; source_mdt_action_id: number | null },
  label: string,
  statusLabel: string,
  detail: string | null = null,
): DraftLinkView {
  return {
    actionId: r.source_mdt_action_id ?? 0,
    module,
    kind,
    itemId: r.id,
    patientId: r.patient_id,
    label,
    detail,
    status: r.status,
    statusLabel,
    isDraft: r.status === 'draft',
    href: draftHref(kind, r.id, r.patient_id),
  };
}

function requestView(r: RequestLinkRow): DraftLinkView {
  const name = findProcedure(r.procedure_code)?.name ?? r.procedure_code;
  const side = r.side === 'not-applicable' ? '' : `${SIDE_LABELS[r.side as Side] ?? r.side} `;
  return view(
    'intervention-request',
    'interventions',
    r,
    `${name}, ${side}${r.site}`.trim(),
    REQUEST_STATUS_TEXT[r.status] ?? r.status,
    r.indication,
  );
}

function planView(r: PlanLinkRow): DraftLinkView {
  const label =
    r.goal === 'reduce' && r.target_dose !== null
      ? `Reduce ${r.medicine_name} gradually to ${formatDose(r.target_dose)} ${r.unit}`
      : `${MEDICINE_CHANGE_LABELS.stop}: ${r.medicine_name}`;
  const status =
    r.status === 'draft'
      ? 'Draft plan: to agree with the patient and sign off'
      : (PLAN_STATUS_LABELS[r.status as PlanStatus] ?? r.status);
  return view('taper-plan', 'medicines', r, label, status);
}

function goalView(r: GoalLinkRow): DraftLinkView {
  return view(
    'rehab-goal-draft',
    'rehab',
    r,
    r.wording,
    GOAL_DRAFT_STATUS_TEXT[r.status] ?? r.status,
    r.what_matters ? `What matters to the patient: ${r.what_matters}` : null,
  );
}

/** The draft item each action created (three indexed look-ups, whatever the number of actions). */
export async function draftsForActions(
  db: Db,
  actionIds: readonly number[],
): Promise<Map<number, DraftLinkView>> {
  const out = new Map<number, DraftLinkView>();
  if (actionIds.length === 0) return out;
  const [requests, plans, goals] = await Promise.all([
    q.requestsForActions(db, actionIds),
    q.plansForActions(db, actionIds),
    q.goalDraftsForActions(db, actionIds),
  ]);
  for (const v of [...requests.map(requestView), ...plans.map(planView), ...goals.map(goalView)])
    out.set(v.actionId, v);
  return out;
}

/** What each action asked for (mdt_actions.link_json). */
export function parseLink(json: string | null): ActionLinkDetails | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as ActionLinkDetails;
  } catch {
    return null;
  }
}

async function contextFor(db: Db, actionIds: readonly number[]) {
  const rows = await q.actionContext(db, actionIds);
  const questions = await q.questionsForListings(db, [...new Set(rows.map((r) => r.listing_id))]);
  const byListing = new Map<number, string[]>();
  for (const x of questions) {
    if (x.listing_id === null) continue;
    const list = byListing.get(x.listing_id) ?? [];
    if (!list.includes(x.question)) list.push(x.question);
    byListing.set(x.listing_id, list);
  }
  return new Map(rows.map((r) => [r.id, { row: r, questions: byListing.get(r.listing_id) ?? [] }]));
}

function withContext(
  views: readonly DraftLinkView[],
  context: Awaited<ReturnType<typeof contextFor>>,
): MdtDraftRow[] {
  const out: MdtDraftRow[] = [];
  for (const v of views) {
    const c = context.get(v.actionId);
    if (!c) continue;
    out.push({
      ...v,
      patientName: displayName(c.row),
      nhsNumber: c.row.nhs_number,
      meetingDate: c.row.meeting_date,
      meetingId: c.row.meeting_id,
      question: c.questions[0] ?? '',
      actionDescription: c.row.description,
      ownerName: c.row.owner_name,
      dueDate: c.row.due_date,
      createdAt: c.row.created_at,
    });
  }
  return out;
}

/** A module's items from MDT actions (drafts only unless includeResolved), with their MDT context. */
export async function listDrafts(
  ctx: HandlerContext,
  f: { module: LinkModule; patientId: number | null; includeResolved: boolean; limit: number },
): Promise<MdtDraftRow[]> {
  const db = ctx.conn.db;
  const views =
    f.module === 'interventions'
      ? (await q.linkedRequests(db, f)).map(requestView)
      : f.module === 'medicines'
        ? (await q.linkedPlans(db, f)).map(planView)
        : (await q.linkedGoalDrafts(db, f)).map(goalView);
  const rows = withContext(
    views,
    await contextFor(
      db,
      views.map((v) => v.actionId),
    ),
  );
  // Drafts first, then by meeting date (newest first).
  return rows.sort(
    (a, b) => Number(b.isDraft) - Number(a.isDraft) || b.meetingDate.localeCompare(a.meetingDate),
  );
}

/** The MDT action a module item came from (null: not from an MDT, or no such item). */
async function sourceActionId(db: Db, kind: DraftKind, itemId: number): Promise<number | null> {
  const table =
    kind === 'intervention-request'
      ? 'intervention_requests'
      : kind === 'taper-plan'
        ? 'taper_plans'
        : 'rehab_goal_drafts';
  const item = await db
    .selectFrom(table)
    .select('source_mdt_action_id as a')
    .where('id', '=', itemId)
    .executeTakeFirst();
  return item?.a ?? null;
}

/** "From MDT on <date>: <question>" for a module item, or null when it did not come from an MDT. */
export async function sourceOf(
  ctx: HandlerContext,
  kind: DraftKind,
  itemId: number,
): Promise<MdtSourceView | null> {
  const db = ctx.conn.db;
  const actionId = await sourceActionId(db, kind, itemId);
  if (actionId === null) return null;
  const c = (await contextFor(db, [actionId])).get(actionId);
  if (!c) return null;
  return {
    actionId: c.row.id,
    outcomeId: c.row.outcome_id,
    listingId: c.row.listing_id,
    meetingId: c.row.meeting_id,
    meetingDate: c.row.meeting_date,
    meetingTypeName: c.row.meeting_type_name,
    questions: c.questions,
    actionDescription: c.row.description,
    ownerName: c.row.owner_name,
    dueDate: c.row.due_date,
    href: `/mdt/meetings/${c.row.meeting_id}`,
    item: (await draftsForActions(db, [actionId])).get(actionId) ?? null,
  };
}

async function draftRow(ctx: HandlerContext, kind: DraftKind, itemId: number): Promise<MdtDraftRow> {
  const db = ctx.conn.db;
  const actionId = await sourceActionId(db, kind, itemId);
  const v = actionId === null ? undefined : (await draftsForActions(db, [actionId])).get(actionId);
  const row = v ? withContext([v], await contextFor(db, [v.actionId]))[0] : undefined;
  if (!row) throw new AppError('NOT_FOUND', 'That item did not come from an MDT action.');
  return row;
}

// ---------------------------------------------------------------- completing drafts

/** A clinician completes a draft request: priority, requested clinician and RTT clock; it joins the list. */
export async function completeRequest(
  ctx: HandlerContext,
  input: {
    requestId: number;
    priority: Priority;
    requestedClinicianId: number | null;
    rttClockStart: string;
    trialOverrideReason?: string | undefined;
  },
): Promise<MdtDraftRow> {
  const today = londonToday(ctx.now());
  if (input.rttClockStart > today)
    throw refuse('The RTT clock start cannot be after today.', 'rttClockStart');
  const breach = clinical(() => rttBreachDate(input.rttClockStart), '', 'rttClockStart');
  await ctx.conn.db.transaction().execute(async (trx) => {
    const r = await trx
      .selectFrom('intervention_requests')
      .selectAll()
      .where('id', '=', input.requestId)
      .executeTakeFirst();
    if (!r) throw new AppError('NOT_FOUND', 'That request does not exist.');
    if (r.source_mdt_action_id === null || r.status !== 'draft')
      throw new AppError(
        'CONFLICT',
        'This request is not a draft from the MDT (it may already be complete).',
      );
    if (input.requestedClinicianId !== null) {
      const u = await trx
        .selectFrom('users')
        .select(['id', 'active', 'role'])
        .where('id', '=', input.requestedClinicianId)
        .executeTakeFirst();
      if (!u || u.active !== 1 || u.role === 'admin')
        throw refuse('Choose the requested clinician.', 'requestedClinicianId');
    }
    // An SCS implant only after a successful trial (NICE TA159, 2008; H-INT-41): the same rule and override
    // as listing it directly, so the MDT path is not a way round it.
    const trialOverride = await checkImplantListing(
      trx,
      ctx,
      r.patient_id,
      r.procedure_code,
      input.trialOverrideReason,
    );
    const at = ctx.now().toISOString();
    const after = {
      status: 'waiting',
      priority: input.priority,
      priority_rank: priorityRank(input.priority),
      requested_clinician_id: input.requestedClinicianId,
      rtt_clock_start: input.rttClockStart,
      rtt_breach_date: breach,
      updated_at: at,
      version: r.version + 1,
    };
    await trx.updateTable('intervention_requests').set(after).where('id', '=', r.id).execute();
    await writeAudit(trx, ctx, {
      action: 'interventions.request.complete-draft',
      entity: 'intervention_request',
      entityId: r.id,
      patientId: r.patient_id,
      before: {
        status: r.status,
        priority: r.priority,
        requestedClinicianId: r.requested_clinician_id,
        rttClockStart: r.rtt_clock_start,
        rttBreachDate: r.rtt_breach_date,
      },
      after: {
        status: after.status,
        priority: after.priority,
        requestedClinicianId: after.requested_clinician_id,
        rttClockStart: after.rtt_clock_start,
        rttBreachDate: breach,
        sourceMdtActionId: r.source_mdt_action_id,
      },
    });
    if (trialOverride)
      await writeAudit(trx, ctx, {
        action: 'interventions.scs-implant.trial-override',
        entity: 'intervention_request',
        entityId: r.id,
        patientId: r.patient_id,
        after: trialOverride,
      });
    // Out of draft, on the list: the MDT action is done (same transaction, its own audit row).
    await completeActionByLink(trx, ctx, r.source_mdt_action_id, {
      kind: 'intervention-request',
      itemId: r.id,
      what: 'request added to the waiting list (Interventions)',
    });
  });
  return draftRow(ctx, 'intervention-request', input.requestId);
}

/** A draft goal is linked to the goal written from it (same patient), or dismissed with a reason. */
export async function resolveGoalDraft(
  ctx: HandlerContext,
  input: { draftId: number; resolution: 'completed' | 'dismissed'; goalId: number | null; note: string },
): Promise<MdtDraftRow> {
  await ctx.conn.db.transaction().execute(async (trx) => {
    const d = await trx
      .selectFrom('rehab_goal_drafts')
      .selectAll()
      .where('id', '=', input.draftId)
      .executeTakeFirst();
    if (!d) throw new AppError('NOT_FOUND', 'That draft goal does not exist.');
    if (d.status !== 'draft') throw new AppError('CONFLICT', 'This draft goal has already been dealt with.');
    if (input.resolution === 'completed') {
      const g = await trx
        .selectFrom('rehab_goals')
        .select(['id', 'patient_id', 'source_mdt_action_id'])
        .where('id', '=', input.goalId ?? 0)
        .executeTakeFirst();
      if (!g || g.patient_id !== d.patient_id) throw refuse('Choose a goal of this patient.', 'goalId');
      if (g.source_mdt_action_id !== null && g.source_mdt_action_id !== d.source_mdt_action_id)
        throw refuse('That goal already completes another MDT draft.', 'goalId');
      await trx
        .updateTable('rehab_goals')
        .set({ source_mdt_action_id: d.source_mdt_action_id })
        .where('id', '=', g.id)
        .execute();
    }
    const at = ctx.now().toISOString();
    await trx
      .updateTable('rehab_goal_drafts')
      .set({
        status: input.resolution,
        goal_id: input.resolution === 'completed' ? input.goalId : null,
        resolve_note: input.note || null,
        resolved_at: at,
        resolved_by: ctx.session?.userId ?? null,
      })
      .where('id', '=', d.id)
      .execute();
    await writeAudit(trx, ctx, {
      action: 'rehab.goal-draft.resolve',
      entity: 'rehab_goal_draft',
      entityId: d.id,
      patientId: d.patient_id,
      before: { status: d.status },
      after: {
        status: input.resolution,
        goalId: input.resolution === 'completed' ? input.goalId : null,
        note: input.note,
        sourceMdtActionId: d.source_mdt_action_id,
      },
    });
    // Written as a goal, the MDT action is done; dismissed, the MDT's question is not answered: it stays open.
    if (input.resolution === 'completed')
      await completeActionByLink(trx, ctx, d.source_mdt_action_id, {
        kind: 'rehab-goal-draft',
        itemId: d.id,
        what: 'goal written with its GAS levels (Rehab)',
      });
  });
  return draftRow(ctx, 'rehab-goal-draft', input.draftId);
}

// ---------------------------------------------------------------- outcome views

/** What an autosaved draft action holds of its link details (kept so reopening the form restores them). */
export function draftLinkOf(a: DraftActionLinkDetails | undefined): DraftActionLinkDetails | null {
  if (!a) return null;
  const out: DraftActionLinkDetails = {};
  if (a.intervention) out.intervention = a.intervention;
  if (a.medicine) out.medicine = a.medicine;
  if (a.rehabGoal) out.rehabGoal = a.rehabGoal;
  return Object.keys(out).length > 0 ? out : null;
}

/** Adds to each confirmed action what the MDT asked for and the draft it created (link both ways). */
export async function withActionLinks(db: Db, v: OutcomeView): Promise<OutcomeView> {
  const ids = v.actions.map((a) => a.id).filter((x): x is number => x !== null);
  if (ids.length === 0) return v;
  const [rows, drafts] = await Promise.all([
    db.selectFrom('mdt_actions').select(['id', 'link_json']).where('id', 'in', ids).execute(),
    draftsForActions(db, ids),
  ]);
  const links = new Map(rows.map((r) => [r.id, parseLink(r.link_json)]));
  return {
    ...v,
    actions: v.actions.map((a) =>
      a.id === null ? a : { ...a, link: links.get(a.id) ?? null, draft: drafts.get(a.id) ?? null },
    ),
  };
}
