import type { Insertable, Kysely } from 'kysely';
import {
  amendOutcome,
  dashboardStats,
  implementationReviewDue,
  validateOutcome,
  type MdtOutcome,
} from '../../shared/clinical/mdt/index';
import { formatDateGb, londonToday } from '../../shared/dates';
import {
  type ConfirmResult,
  type DashboardView,
  type OutcomeDraft,
  type OutcomeDraftInput,
  type OutcomeFields,
  type OutcomeView,
  type PatientMdtOverview,
  type ReferralReason,
  type WorklistRow,
  PATIENT_DECISION_LABELS,
} from '../../shared/domain/mdt';
import { PATIENT_LETTER_CHANGED, READ_THE_LETTER, patientLetterSeal } from '../../shared/domain/letter-seal';
import { linkDetailsFor } from '../../shared/domain/mdt-links';
import { displayName } from '../../shared/domain/patient';
import { AppError } from '../../shared/result';
import { parseJson, toClinicalOutcome, toOutcomeView } from '../mappers/mdt';
import { actionRowsForListing, outcomeRows } from '../queries/mdt';
import type { DB } from '../schema';
import type { MdtOutcomesTable } from '../schema-mdt';
import { writeAudit } from './audit';
import type { HandlerContext, Trx } from './context';
import { listingRow, meetingRow, nowInstant, quorumFor, rule, userId } from './mdt';
import { patientLetterAsShown } from './mdt-letter-writing';
import { reissueAfterAmendment } from './mdt-letters';
import { recomputePatientState, writeActionStatus } from './mdt-actions';
import * as links from './mdt-links';
import { changedByOtherError, staleEditError } from './stale-edit';

/** An action's status in words, for a refusal. */
const ACTION_STATUS_WORDS: Record<string, string> = {
  open: 'open',
  'in-progress': 'in progress',
  done: 'done',
  cancelled: 'cancelled',
};

async function outcomeView(db: Kysely<DB>, outcomeId: number): Promise<OutcomeView> {
  const row = await outcomeRows(db).where('o.id', '=', outcomeId).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'That outcome does not exist.');
  if (row.status === 'draft') {
    const drafts = parseJson<OutcomeDraftInput['actions']>(row.draft_actions_json, []) ?? [];
    const v = toOutcomeView(
      row,
      drafts.map((a) => ({
        id: null,
        description: a.description ?? '',
        type: a.type ?? 'other',
        owner_id: a.ownerId ?? null,
        owner_name: '',
        due_date: a.dueDate ?? '',
        status: 'draft',
        patient_wording: a.patientWording ?? null,
      })),
    );
    return { ...v, actions: v.actions.map((x, i) => ({ ...x, link: links.draftLinkOf(drafts[i]) })) };
  }
  return links.withActionLinks(db, toOutcomeView(row, await actionRowsForListing(db, row.listing_id)));
}

async function currentOutcomeRow(db: Kysely<DB>, listingId: number) {
  return db
    .selectFrom('mdt_outcomes')
    .selectAll()
    .where('listing_id', '=', listingId)
    .where('status', '!=', 'superseded')
    .orderBy('version', 'desc')
    .executeTakeFirst();
}

export async function getOutcome(ctx: HandlerContext, listingId: number): Promise<OutcomeView | null> {
  const row = await currentOutcomeRow(ctx.conn.db, listingId);
  return row ? outcomeView(ctx.conn.db, row.id) : null;
}

export async function outcomeVersions(ctx: HandlerContext, listingId: number): Promise<OutcomeView[]> {
  const rows = await ctx.conn.db
    .selectFrom('mdt_outcomes')
    .select('id')
    .where('listing_id', '=', listingId)
    .orderBy('version', 'desc')
    .execute();
  return Promise.all(rows.map((r) => outcomeView(ctx.conn.db, r.id)));
}

/** Autosave: the draft is written on every change, so nothing typed is lost if the app is killed. */
export async function saveDraft(ctx: HandlerContext, input: OutcomeDraft) {
  const id = await ctx.conn.db.transaction().execute(async (trx) => {
    const l = await listingRow(trx, input.listingId);
    const m = await meetingRow(trx, l.meeting_id);
    const current = await currentOutcomeRow(trx, l.id);
    if (current && current.status !== 'draft') {
      throw new AppError('CONFLICT', 'This outcome is already confirmed; amend it instead.');
    }
    // Someone else saved this draft after the editor opened it: refused, never written over (issue 19).
    if (input.basedOn !== undefined && current && current.updated_at !== input.basedOn)
      throw await staleEditError(trx, {
        entity: 'mdt_outcome',
        entityId: current.id,
        thing: 'draft outcome',
        theirs: current.summary,
        next: 'their draft is now on screen; add what you typed to it if it is still needed.',
      });
    // Each save of a draft gets a later time than the one before, even within one millisecond (or on a
    // stopped clock), so that the time the editor started from tells every save apart.
    const now = nowInstant(ctx);
    const at =
      current && current.updated_at >= now ? new Date(Date.parse(current.updated_at) + 1).toISOString() : now;
    const values = {
      status: 'draft',
      kind: input.kind,
      summary: input.summary,
      options_json: JSON.stringify(input.options),
      rationale: input.rationale,
      preferences_considered: input.patientPreferencesConsidered ? 1 : 0,
      review_date: input.reviewDate,
      patient_summary: input.patientSummary,
      no_action: input.noAction ? 1 : 0,
      draft_actions_json: JSON.stringify(input.actions ?? []),
      updated_at: at,
    };
    const outcomeId = await writeOutcomeRow(trx, current, values, l, m.meeting_date, at);
    await writeAudit(trx, ctx, {
      action: 'mdt.outcome.draft',
      entity: 'mdt_outcome',
      entityId: outcomeId,
      patientId: l.patient_id,
      after: { summary: input.summary, kind: input.kind },
    });
    return outcomeId;
  });
  return outcomeView(ctx.conn.db, id);
}

function issuesToError(issues: { severity: string; field: string; message: string }[]): AppError {
  const errors = issues.filter((i) => i.severity === 'error');
  const fields: Record<string, string> = {};
  for (const e of errors) fields[e.field] ??= e.message;
  return new AppError('VALIDATION', errors.map((e) => e.message).join(' '), fields);
}

/**
 * Writes the listing's current outcome row: updates it when there is one (a draft), otherwise inserts
 * version 1. Used by autosave and by confirmation. Returns the row's id.
 */
async function writeOutcomeRow(
  trx: Trx,
  current: { id: number } | undefined,
  values: OutcomeRowValues,
  listing: { id: number; patient_id: number },
  meetingDate: string,
  at: string,
): Promise<number> {
  if (current) {
    await trx.updateTable('mdt_outcomes').set(values).where('id', '=', current.id).execute();
    return current.id;
  }
  const row = await trx
    .insertInto('mdt_outcomes')
    .values({
      ...values,
      listing_id: listing.id,
      patient_id: listing.patient_id,
      version: 1,
      meeting_date: meetingDate,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

type OutcomeRowValues = Omit<
  Insertable<MdtOutcomesTable>,
  'listing_id' | 'patient_id' | 'version' | 'meeting_date' | 'created_at'
>;

/**
 * Inserts confirmed actions (with what each asks of its module) and, in the same transaction, the draft
 * item each intervention, medication-change or rehab-goal action creates (db/services/mdt-links.ts).
 */
async function insertActions(
  trx: Trx,
  ctx: HandlerContext,
  w: { outcomeId: number; listing: { id: number; patient_id: number }; meetingDate: string; at: string },
  fieldPrefix: string,
  actions: OutcomeFields['actions'],
): Promise<void> {
  const written: links.LinkedActionInput[] = [];
  for (const [index, a] of actions.entries()) {
    const link = linkDetailsFor(a.type, a);
    const row = await trx
      .insertInto('mdt_actions')
      .values({
        outcome_id: w.outcomeId,
        listing_id: w.listing.id,
        patient_id: w.listing.patient_id,
        description: a.description,
        type: a.type,
        owner_id: a.ownerId,
        due_date: a.dueDate,
        patient_wording: a.patientWording ?? null,
        status: 'open',
        created_at: w.at,
        link_json: link ? JSON.stringify(link) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    written.push({
      id: row.id,
      index,
      type: a.type,
      description: a.description,
      ownerId: a.ownerId,
      dueDate: a.dueDate,
      link,
    });
  }
  await links.createDraftsForActions(
    trx,
    ctx,
    { outcomeId: w.outcomeId, patientId: w.listing.patient_id, meetingDate: w.meetingDate, fieldPrefix },
    written,
  );
}

/**
 * An outcome is confirmed in the meeting: on or after its day, with attendance recorded (someone present,
 * remote or deputising). Issue 16: an outcome was confirmed a week early with nobody present.
 */
async function assertMeetingUnderWay(
  trx: Trx,
  ctx: HandlerContext,
  m: { id: number; meeting_date: string },
): Promise<void> {
  if (londonToday(ctx.now()) < m.meeting_date)
    throw new AppError('VALIDATION', 'This meeting has not happened yet.', {
      meeting: `This meeting is on ${formatDateGb(m.meeting_date)}: outcomes can be confirmed on the day, once the meeting is under way.`,
    });
  const attending = await trx
    .selectFrom('mdt_attendance')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('meeting_id', '=', m.id)
    .where('status', 'in', ['present', 'remote', 'deputy'])
    .executeTakeFirstOrThrow();
  if (Number(attending.n) === 0)
    throw new AppError('VALIDATION', 'Nobody is recorded at this meeting yet.', {
      meeting: 'Record who is at the meeting before confirming an outcome.',
    });
}

/**
 * The chair did not confirm the outcome whose patient letter they read (issue 16): refused with nothing saved,
 * and the refusal is audited after the transaction is rolled back.
 */
class PatientLetterNotRead extends AppError {
  constructor(
    message: string,
    readonly patientId: number,
  ) {
    super('CONFLICT', message, { patientLetter: message });
  }
}

/**
 * The outcome being confirmed, as the draft the patient letter is previewed from: the saved draft with the
 * confirmation's fields in place of its own (so the check writes the letter of what is confirmed).
 */
function asTypedDraft(draft: OutcomeView, o: OutcomeFields): OutcomeView {
  return {
    ...draft,
    kind: o.kind,
    summary: o.summary,
    options: o.options,
    rationale: o.rationale,
    patientPreferencesConsidered: o.patientPreferencesConsidered,
    reviewDate: o.reviewDate,
    patientSummary: o.patientSummary,
    noAction: o.noAction,
    actions: o.actions.map((a) => ({
      id: null,
      description: a.description,
      type: a.type,
      ownerId: a.ownerId,
      ownerName: '',
      dueDate: a.dueDate,
      status: 'draft',
      completionNote: null,
      patientWording: a.patientWording ?? null,
    })),
  };
}

export async function confirmOutcome(
  ctx: HandlerContext,
  listingId: number,
  o: OutcomeFields,
  seenPatientLetterSeal: string,
): Promise<ConfirmResult> {
  try {
    return await confirmSealed(ctx, listingId, o, seenPatientLetterSeal);
  } catch (err) {
    if (!(err instanceof PatientLetterNotRead)) throw err;
    await ctx.conn.db.transaction().execute((trx) =>
      writeAudit(trx, ctx, {
        action: 'mdt.outcome.confirm-refused',
        entity: 'mdt_listing',
        entityId: listingId,
        patientId: err.patientId,
        after: {
          reason:
            err.message === READ_THE_LETTER
              ? 'No patient letter had been read for this outcome.'
              : 'The patient letter changed after it was read.',
          listingId,
          patientLetterSeal: seenPatientLetterSeal,
        },
      }),
    );
    throw err;
  }
}

async function confirmSealed(
  ctx: HandlerContext,
  listingId: number,
  o: OutcomeFields,
  seenPatientLetterSeal: string,
): Promise<ConfirmResult> {
  const result = await ctx.conn.db.transaction().execute(async (trx) => {
    const me = userId(ctx);
    const at = nowInstant(ctx);
    const l = await listingRow(trx, listingId);
    const m = await meetingRow(trx, l.meeting_id);
    if (m.status === 'closed')
      throw new AppError('VALIDATION', 'That meeting has finished; amend outcomes instead.');
    if (l.status === 'withdrawn' || l.status === 'deferred')
      throw new AppError('VALIDATION', 'This case is no longer on the list.');
    if (l.is_late_addition === 1 && l.late_approved_by === null) {
      throw new AppError('CONFLICT', 'This late addition needs the chair’s approval before it is discussed.');
    }
    await assertMeetingUnderWay(trx, ctx, m);
    const current = await currentOutcomeRow(trx, l.id);
    if (current && current.status !== 'draft')
      throw new AppError('CONFLICT', 'This outcome is already confirmed; amend it instead.');
    const owners = await trx
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', 'in', [0, ...o.actions.map((a) => a.ownerId)])
      .execute();
    const ownerName = new Map(owners.map((u) => [u.id, u.display_name]));
    for (const [i, a] of o.actions.entries()) {
      if (!ownerName.has(a.ownerId))
        throw new AppError('VALIDATION', `Action ${i + 1}: choose who owns it.`, {
          [`actions.${i}.ownerId`]: 'Choose who owns the action.',
        });
    }
    const discussedAt = l.started_at ?? at;
    const quorum = await quorumFor(trx, m, l, discussedAt);
    const clinical: MdtOutcome = {
      id: String(current?.id ?? 'new'),
      listingId: String(l.id),
      version: 1,
      previousVersionId: null,
      status: 'confirmed',
      kind: o.kind,
      summary: o.summary,
      options: o.options,
      rationale: o.rationale,
      patientPreferencesConsidered: o.patientPreferencesConsidered,
      meetingDate: m.meeting_date,
      reviewDate: o.reviewDate,
      actions: o.actions.map((a) => ({
        description: a.description,
        type: a.type,
        ownerId: String(a.ownerId),
        ownerName: ownerName.get(a.ownerId) ?? '',
        dueDate: a.dueDate,
        ...(a.patientWording ? { patientWording: a.patientWording } : {}),
      })),
      noAction: o.noAction,
      quorum,
      amendReason: null,
      amendedAt: null,
      amendedBy: null,
    };
    const check = rule(() => validateOutcome(clinical));
    if (!check.valid) throw issuesToError(check.issues);
    // The chair confirms from under the patient letter: the letter this outcome writes must be the one read.
    // Written here, before anything changes; checked last, so every other refusal is said first.
    const shown = current
      ? await patientLetterAsShown(ctx, trx, asTypedDraft(await outcomeView(trx, current.id), o))
      : null;
    const values = {
      kind: o.kind,
      summary: o.summary,
      options_json: JSON.stringify(o.options),
      rationale: o.rationale,
      preferences_considered: o.patientPreferencesConsidered ? 1 : 0,
      review_date: o.reviewDate,
      patient_summary: o.patientSummary,
      no_action: o.noAction ? 1 : 0,
      draft_actions_json: null,
      quorum_json: JSON.stringify(quorum),
      quorum_met: quorum.met ? 1 : 0,
      quorum_rule_set: `${quorum.ruleSet.id}@${quorum.ruleSet.version}`,
      status: 'confirmed',
      confirmed_by: me,
      confirmed_at: at,
      implementation_review_due: rule(() => implementationReviewDue(m.meeting_date)),
      updated_at: at,
    };
    const outcomeId = await writeOutcomeRow(trx, current, values, l, m.meeting_date, at);
    await insertActions(
      trx,
      ctx,
      { outcomeId, listing: l, meetingDate: m.meeting_date, at },
      'actions',
      o.actions,
    );
    await trx
      .updateTable('mdt_listings')
      .set({ status: 'discussed', started_at: discussedAt, ended_at: at, updated_at: at })
      .where('id', '=', l.id)
      .execute();
    await recomputePatientState(trx, l.patient_id);
    await trx
      .updateTable('mdt_patient_state')
      .set({ listed_meeting_id: null })
      .where('patient_id', '=', l.patient_id)
      .where('listed_meeting_id', '=', m.id)
      .execute();
    await writeAudit(trx, ctx, {
      action: 'mdt.outcome.confirm',
      entity: 'mdt_outcome',
      entityId: outcomeId,
      patientId: l.patient_id,
      after: { ...values, actions: o.actions, patientLetterSeal: seenPatientLetterSeal },
    });
    // Refused here, the transaction is rolled back: nothing above is kept.
    if (!shown) throw new PatientLetterNotRead(READ_THE_LETTER, l.patient_id);
    if (patientLetterSeal(shown) !== seenPatientLetterSeal)
      throw new PatientLetterNotRead(PATIENT_LETTER_CHANGED, l.patient_id);
    return { outcomeId, warnings: check.issues.filter((i) => i.severity === 'warning') };
  });
  return { outcome: await outcomeView(ctx.conn.db, result.outcomeId), warnings: result.warnings };
}

export async function amend(
  ctx: HandlerContext,
  outcomeId: number,
  reason: string,
  change: Pick<OutcomeFields, 'kind' | 'summary' | 'options' | 'rationale' | 'reviewDate'> & {
    patientSummary?: string | undefined;
  },
  newActions: OutcomeFields['actions'] = [],
): Promise<OutcomeView> {
  const newId = await ctx.conn.db.transaction().execute(async (trx) => {
    const prev = await outcomeView(trx, outcomeId);
    const latest = await currentOutcomeRow(trx, prev.listingId);
    if (prev.status !== 'confirmed' || latest?.id !== prev.id) {
      // Amended from another desk since this one read it: say who amended it and when (issue 19).
      throw await changedByOtherError(
        trx,
        'This outcome was amended after you read it, so yours was not saved: reopen the current version and amend that if your change is still needed.',
        [
          { entity: 'mdt_outcome', entityId: prev.id },
          ...(latest ? [{ entity: 'mdt_outcome', entityId: latest.id }] : []),
        ],
      );
    }
    const at = nowInstant(ctx);
    const me = userId(ctx);
    const next = rule(() =>
      amendOutcome(toClinicalOutcome(prev), change, reason, {
        newId: `${prev.id}-next`,
        amendedAt: `${at.slice(0, 19)}Z`,
        amendedBy: String(me),
      }),
    );
    const old = await trx
      .selectFrom('mdt_outcomes')
      .selectAll()
      .where('id', '=', prev.id)
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('mdt_outcomes')
      .set({ status: 'superseded', updated_at: at })
      .where('id', '=', prev.id)
      .execute();
    const { id: _id, ...rest } = old;
    const row = await trx
      .insertInto('mdt_outcomes')
      .values({
        ...rest,
        version: next.version,
        previous_version_id: prev.id,
        status: 'confirmed',
        kind: next.kind,
        summary: next.summary,
        options_json: JSON.stringify(next.options),
        rationale: next.rationale,
        review_date: next.reviewDate,
        ...(change.patientSummary !== undefined ? { patient_summary: change.patientSummary } : {}),
        amend_reason: next.amendReason,
        amended_at: at,
        amended_by: me,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('mdt_patient_state')
      .set({ last_outcome_id: row.id })
      .where('last_outcome_id', '=', prev.id)
      .execute();
    // Actions added by the amendment create their drafts; earlier actions keep theirs (never duplicated).
    if (newActions.length > 0) {
      const owners = await trx
        .selectFrom('users')
        .select('id')
        .where('id', 'in', [0, ...newActions.map((a) => a.ownerId)])
        .execute();
      const known = new Set(owners.map((u) => u.id));
      for (const [i, a] of newActions.entries())
        if (!known.has(a.ownerId))
          throw new AppError('VALIDATION', `New action ${i + 1}: choose who owns it.`, {
            [`newActions.${i}.ownerId`]: 'Choose who owns the action.',
          });
      const listing = { id: prev.listingId, patient_id: prev.patientId };
      await insertActions(
        trx,
        ctx,
        { outcomeId: row.id, listing, meetingDate: prev.meetingDate, at },
        'newActions',
        newActions,
      );
      await recomputePatientState(trx, prev.patientId);
    }
    // Letters already written for the old version are kept (as sent) and superseded; new ones follow.
    await reissueAfterAmendment(ctx, trx, prev.id, row.id, at);
    await writeAudit(trx, ctx, {
      action: 'mdt.outcome.amend',
      entity: 'mdt_outcome',
      entityId: row.id,
      patientId: prev.patientId,
      before: prev,
      after: { ...change, reason, version: next.version, newActions },
    });
    return row.id;
  });
  return outcomeView(ctx.conn.db, newId);
}

/**
 * Records the patient's decision on the options the MDT discussed with them. A decision recorded by someone
 * else since the caller read the outcome (`readDecisionAt`) is never written over: the change is refused,
 * naming who recorded it and when (issue 19).
 */
export async function recordDecision(
  ctx: HandlerContext,
  input: { outcomeId: number; decision: string; notes: string; readDecisionAt: string | null },
) {
  const { outcomeId, decision, notes } = input;
  await ctx.conn.db.transaction().execute(async (trx) => {
    const o = await trx.selectFrom('mdt_outcomes').selectAll().where('id', '=', outcomeId).executeTakeFirst();
    if (!o || o.status !== 'confirmed')
      throw new AppError('NOT_FOUND', 'That confirmed outcome does not exist.');
    if (o.patient_decision_at !== input.readDecisionAt)
      throw await changedByOtherError(
        trx,
        `The patient’s decision changed after you read it: it is now “${decisionWords(o.patient_decision)}”. Yours was not saved.`,
        [{ entity: 'mdt_outcome', entityId: o.id, actions: ['mdt.outcome.patient-decision'] }],
        'decision',
      );
    const at = nowInstant(ctx);
    await trx
      .updateTable('mdt_outcomes')
      .set({
        patient_decision: decision,
        patient_decision_notes: notes,
        patient_decision_at: at,
        updated_at: at,
      })
      .where('id', '=', outcomeId)
      .execute();
    await writeAudit(trx, ctx, {
      action: 'mdt.outcome.patient-decision',
      entity: 'mdt_outcome',
      entityId: outcomeId,
      patientId: o.patient_id,
      before: { decision: o.patient_decision },
      after: { decision, notes },
    });
  });
  return outcomeView(ctx.conn.db, outcomeId);
}

/** A stored patient decision in words ('Declined'), or 'none recorded'. */
function decisionWords(decision: string | null): string {
  if (decision === null) return 'none recorded';
  return PATIENT_DECISION_LABELS[decision as keyof typeof PATIENT_DECISION_LABELS] ?? decision;
}

/**
 * Marks an action done, cancelled or in progress. A change made against an older version of the action
 * (someone else marked it, or its linked item completed it, since the worklist was read) is refused, naming
 * who changed it and when, never written over their completion (issue 19).
 */
export async function completeAction(
  ctx: HandlerContext,
  input: { actionId: number; version: number; status: string; note: string },
) {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const a = await trx
      .selectFrom('mdt_actions')
      .selectAll()
      .where('id', '=', input.actionId)
      .executeTakeFirst();
    if (!a) throw new AppError('NOT_FOUND', 'That action does not exist.');
    if (a.version !== input.version)
      throw await changedByOtherError(
        trx,
        `This action changed after you read it: it is now ${ACTION_STATUS_WORDS[a.status] ?? a.status}. Yours was not saved.`,
        [{ entity: 'mdt_action', entityId: a.id }],
      );
    const { actionId, status, note } = input;
    // The write, patient state and audit row are shared with completion by a linked item (mdt-actions.ts).
    await writeActionStatus(trx, ctx, a, status, note);
    return { id: actionId, status };
  });
}

// ---------------- finishing the meeting, letters ----------------

// ---------------- worklists, dashboard, patient overview ----------------

export async function worklist(ctx: HandlerContext, kind: string, limit: number): Promise<WorklistRow[]> {
  const db = ctx.conn.db;
  const today = londonToday(ctx.now());
  if (kind === 'my-actions' || kind === 'overdue-actions') {
    let q = db
      .selectFrom('mdt_actions as a')
      .innerJoin('patients as p', 'p.id', 'a.patient_id')
      .innerJoin('users as u', 'u.id', 'a.owner_id')
      .innerJoin('mdt_outcomes as o', 'o.id', 'a.outcome_id')
      .select([
        'a.id',
        'a.patient_id',
        'p.surname',
        'p.forename',
        'p.nhs_number',
        'a.description',
        'u.display_name as owner_name',
        'a.due_date',
        'o.meeting_date',
        'a.status',
        'a.version',
      ])
      .where('a.status', 'in', ['open', 'in-progress']);
    q = kind === 'my-actions' ? q.where('a.owner_id', '=', userId(ctx)) : q.where('a.due_date', '<', today);
    const rows = await q.orderBy('a.due_date').limit(limit).execute();
    return rows.map((r) => ({
      kind: 'action',
      id: r.id,
      patientId: r.patient_id,
      patientName: displayName(r),
      nhsNumber: r.nhs_number,
      text: r.description,
      ownerName: r.owner_name,
      dueDate: r.due_date,
      meetingDate: r.meeting_date,
      status: r.status,
      version: r.version,
    }));
  }
  let q = db
    .selectFrom('mdt_outcomes as o')
    .innerJoin('patients as p', 'p.id', 'o.patient_id')
    .select([
      'o.id',
      'o.patient_id',
      'p.surname',
      'p.forename',
      'p.nhs_number',
      'o.summary',
      'o.meeting_date',
      'o.implementation_review_due',
      'o.status',
    ])
    .where('o.status', '=', 'confirmed');
  q =
    kind === 'awaiting-decision'
      ? q
          .where('o.kind', '=', 'options-to-discuss')
          .where('o.patient_decision', 'is', null)
          .orderBy('o.meeting_date')
      : q
          .where('o.implementation_review_due', '<=', today)
          .where('o.implementation_review_due', '>=', addDays(today, -30))
          .orderBy('o.implementation_review_due');
  const rows = await q.limit(limit).execute();
  return rows.map((r) => ({
    kind: 'outcome',
    id: r.id,
    patientId: r.patient_id,
    patientName: displayName(r),
    nhsNumber: r.nhs_number,
    text: r.summary,
    ownerName: null,
    dueDate: r.implementation_review_due,
    meetingDate: r.meeting_date,
    status: r.status,
    version: 0,
  }));
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export async function dashboard(ctx: HandlerContext, from: string, to: string): Promise<DashboardView> {
  const db = ctx.conn.db;
  const meetings = await db
    .selectFrom('mdt_meetings')
    .select(['id', 'meeting_date', 'meeting_type_id'])
    .where('meeting_date', '>=', from)
    .where('meeting_date', '<=', to)
    .where('status', '=', 'closed')
    .execute();
  const ids = meetings.map((m) => m.id);
  const listings = ids.length
    ? await db
        .selectFrom('mdt_listings as l')
        .innerJoin('mdt_meetings as m', 'm.id', 'l.meeting_id')
        .select([
          'l.id',
          'l.category',
          'l.status',
          'l.added_at',
          'l.defer_reason',
          'm.meeting_date',
          (eb) =>
            eb
              .selectFrom('mdt_referrals as r')
              .whereRef('r.listing_id', '=', 'l.id')
              .select((e) => e.fn.min('r.requested_at').as('x'))
              .as('referred_at'),
          (eb) =>
            eb
              .selectFrom('mdt_letters as lt')
              .innerJoin('mdt_outcomes as o', 'o.id', 'lt.outcome_id')
              .whereRef('o.listing_id', '=', 'l.id')
              .where('lt.status', '=', 'sent')
              .select((e) => e.fn.min('lt.sent_at').as('y'))
              .as('sent_at'),
        ])
        .where('l.meeting_id', 'in', ids)
        .execute()
    : [];
  const attendance = ids.length
    ? await db
        .selectFrom('mdt_attendance')
        .select(['meeting_id', 'user_id', 'status', 'deputy_for_user_id'])
        .where('meeting_id', 'in', ids)
        .execute()
    : [];
  const types = await db.selectFrom('mdt_meeting_types').select(['core_member_ids_json']).execute();
  const coreIds = [...new Set(types.flatMap((t) => parseJson<number[]>(t.core_member_ids_json, [])))];
  const core = coreIds.length
    ? await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', coreIds).execute()
    : [];
  return dashboardFrom({ from, to, meetings, listings, attendance, core });
}

/** The rows the dashboard is worked out from (closed meetings in the range, their listings and attendance). */
export interface DashboardRows {
  from: string;
  to: string;
  meetings: readonly { id: number; meeting_date: string }[];
  listings: readonly {
    id: number;
    category: string;
    status: string;
    added_at: string;
    defer_reason: string | null;
    meeting_date: string;
    referred_at: unknown;
    sent_at: unknown;
  }[];
  attendance: readonly {
    meeting_id: number;
    user_id: number;
    status: string;
    deputy_for_user_id: number | null;
  }[];
  core: readonly { id: number; display_name: string }[];
}

/**
 * The dashboard from its rows: the pure dashboardStats (times to discussion and to letter, attendance per
 * core member) and the cases listed and discussed by month. One implementation for the service and the
 * benchmark's hand-written baseline.
 */
export function dashboardFrom(r: DashboardRows): DashboardView {
  const byMeeting = new Map<number, DashboardRows['attendance'][number][]>();
  for (const a of r.attendance) {
    const list = byMeeting.get(a.meeting_id);
    if (list) list.push(a);
    else byMeeting.set(a.meeting_id, [a]);
  }
  const stats = rule(() =>
    dashboardStats({
      listings: r.listings.map((l) => {
        const referredOn = String(l.referred_at ?? l.added_at).slice(0, 10);
        const discussedOn = l.status === 'discussed' ? l.meeting_date : null;
        const sent = l.sent_at ? String(l.sent_at).slice(0, 10) : null;
        return {
          listingId: String(l.id),
          category: l.category as 'full-discussion',
          status: l.status as 'discussed',
          referredOn: referredOn > l.meeting_date ? l.meeting_date : referredOn,
          discussedOn,
          letterSentOn: discussedOn && sent && sent >= discussedOn ? sent : null,
          deferReason: l.defer_reason,
        };
      }),
      meetings: r.meetings.map((m) => ({
        meetingId: String(m.id),
        date: m.meeting_date,
        attendance: (byMeeting.get(m.id) ?? []).map((a) => ({
          personId: String(a.user_id),
          status: a.status as 'present',
          deputyForPersonId: a.deputy_for_user_id === null ? null : String(a.deputy_for_user_id),
        })),
      })),
      coreMembers: r.core.map((c) => ({ personId: String(c.id), name: c.display_name })),
    }),
  );
  const months = new Map<string, { listed: number; discussed: number }>();
  for (const l of r.listings) {
    const k = l.meeting_date.slice(0, 7);
    const v = months.get(k) ?? { listed: 0, discussed: 0 };
    if (l.status !== 'withdrawn') v.listed += 1;
    if (l.status === 'discussed' && l.category !== 'protocol-noted') v.discussed += 1;
    months.set(k, v);
  }
  return {
    from: r.from,
    to: r.to,
    stats,
    meetings: r.meetings.length,
    byMonth: [...months.entries()].sort().map(([month, v]) => ({ month, ...v })),
  };
}

export async function patientOverview(ctx: HandlerContext, patientId: number): Promise<PatientMdtOverview> {
  const db = ctx.conn.db;
  const refs = await db
    .selectFrom('mdt_referrals as r')
    .innerJoin('users as u', 'u.id', 'r.requested_by')
    .leftJoin('mdt_meetings as m', 'm.id', 'r.meeting_id')
    .select([
      'r.id',
      'r.question',
      'r.reason',
      'r.requested_at',
      'u.display_name',
      'r.meeting_id',
      'm.meeting_date',
    ])
    .where('r.patient_id', '=', patientId)
    .orderBy('r.requested_at', 'desc')
    .limit(50)
    .execute();
  const listings = await db
    .selectFrom('mdt_listings as l')
    .innerJoin('mdt_meetings as m', 'm.id', 'l.meeting_id')
    .innerJoin('mdt_meeting_types as t', 't.id', 'm.meeting_type_id')
    .select(['l.id', 'l.meeting_id', 'm.meeting_date', 't.name', 'l.status'])
    .where('l.patient_id', '=', patientId)
    .orderBy('m.meeting_date', 'desc')
    .limit(50)
    .execute();
  const out: PatientMdtOverview['listings'] = [];
  for (const l of listings) {
    const o = await currentOutcomeRow(db, l.id);
    out.push({
      id: l.id,
      meetingId: l.meeting_id,
      meetingDate: l.meeting_date,
      meetingTypeName: l.name,
      status: l.status,
      outcome: o ? await outcomeView(db, o.id) : null,
    });
  }
  return {
    referrals: refs.map((r) => ({
      id: r.id,
      question: r.question,
      reason: r.reason as ReferralReason,
      requestedAt: r.requested_at,
      requestedByName: r.display_name,
      meetingId: r.meeting_id,
      meetingDate: r.meeting_date,
    })),
    listings: out,
  };
}
