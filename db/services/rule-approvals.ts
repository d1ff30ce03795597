import { can } from '../../shared/domain/roles';
import * as q from '../queries/rule-sets';
import {
  checkRuleSet,
  ruleSetKind,
  type RuleSetChangeAction,
  type RuleSetKind,
  type RuleSetProposalView,
  type RuleSetVersionView,
  type SaveRuleSetVersion,
} from '../../shared/domain/rule-sets';
import { AppError } from '../../shared/result';
import type { RuleSetProposalsTable } from '../schema';
import { writeAudit } from './audit';
import type { HandlerContext } from './context';
import { restoreShippedRuleSet, saveRuleSetVersion, setDefaultRuleSet } from './rule-sets';
import type { Selectable } from 'kysely';

/**
 * Two-person rule for clinical rule sets (issue 17): whoever may propose (rules.manage) only proposes; the
 * change is saved, with every recomputation it brings, when a different person, a clinician marked as
 * clinical lead, approves it. Both steps are audited (rules.propose, then rules.approve with the save's
 * own rules.save / rules.setDefault / rules.restoreShipped row).
 */
type Request =
  | ({ action: 'rules.save' } & SaveRuleSetVersion)
  | {
      action: 'rules.setDefault' | 'rules.restoreShipped';
      kind: RuleSetKind;
      setKey: string;
      version: string;
      reason: string;
    };

function view(row: Selectable<RuleSetProposalsTable>): RuleSetProposalView {
  const request = JSON.parse(row.request_json) as RuleSetProposalView['request'];
  return {
    id: row.id,
    kind: row.kind as RuleSetKind,
    setKey: row.set_key,
    action: row.action as RuleSetChangeAction,
    request,
    reason: row.reason,
    proposedBy: row.proposed_by_name,
    proposedById: row.proposed_by,
    proposedAt: row.proposed_at,
    status: row.status as RuleSetProposalView['status'],
    decidedBy: row.decided_by_name,
    decidedAt: row.decided_at,
    decisionNote: row.decision_note,
  };
}

export async function proposeRuleSetChange(ctx: HandlerContext, req: Request): Promise<RuleSetProposalView> {
  const s = ctx.session!;
  if (req.action === 'rules.save') {
    const checked = checkRuleSet(
      req.kind,
      { setKey: req.setKey, name: req.name, version: req.version, source: req.source },
      req.body,
    );
    if (!checked.ok) {
      const messages = Object.values(checked.fields);
      throw new AppError(
        'VALIDATION',
        messages.length === 1 ? messages[0]! : `${messages.length} fields need attention; nothing was saved.`,
        checked.fields,
      );
    }
  }
  // Refused now rather than at approval: a version label already used for the set (shipped one included).
  const def = ruleSetKind(req.kind);
  const shipped = def.shipped.find((x) => x.setKey === req.setKey);
  if (!shipped && !def.multipleSets) {
    const message = `${def.label} has one set (${def.shipped[0]!.setKey}); save a new version of it.`;
    throw new AppError('VALIDATION', message, { setKey: message });
  }
  if (
    shipped?.version === req.version ||
    (await q.versionTaken(ctx.conn.db, req.kind, req.setKey, req.version))
  ) {
    const message = `Version ${req.version} is already used for this set; choose a new version.`;
    throw new AppError('VALIDATION', message, { version: message });
  }
  const { action, ...request } = req;
  return ctx.conn.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('rule_set_proposals')
      .values({
        kind: req.kind,
        set_key: req.setKey,
        action,
        request_json: JSON.stringify(request),
        reason: req.reason,
        proposed_by: s.userId,
        proposed_by_name: s.displayName,
        proposed_at: ctx.now().toISOString(),
        status: 'pending',
        decided_by: null,
        decided_by_name: null,
        decided_at: null,
        decision_note: null,
        version_id: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, {
      action: 'rules.propose',
      entity: 'rule_set_proposal',
      entityId: row.id,
      after: { kind: req.kind, setKey: req.setKey, version: req.version, change: action, reason: req.reason },
    });
    return view(row);
  });
}

export async function listProposals(ctx: HandlerContext): Promise<RuleSetProposalView[]> {
  const rows = await ctx.conn.db
    .selectFrom('rule_set_proposals')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
  return rows.map(view);
}

async function pendingProposal(ctx: HandlerContext, id: number) {
  const row = await ctx.conn.db
    .selectFrom('rule_set_proposals')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'That proposed change does not exist.');
  if (row.status !== 'pending')
    throw new AppError(
      'CONFLICT',
      `That proposed change was already ${row.status} by ${row.decided_by_name}.`,
    );
  const s = ctx.session!;
  const me = await ctx.conn.db
    .selectFrom('users')
    .select(['clinical_lead', 'active', 'role'])
    .where('id', '=', s.userId)
    .executeTakeFirst();
  if (!me || me.active !== 1 || me.clinical_lead !== 1 || !can(s.role, 'rules.approve'))
    throw new AppError(
      'FORBIDDEN',
      'Only a clinician marked as clinical lead may approve or reject a clinical rule-set change.',
    );
  if (row.proposed_by === s.userId)
    throw new AppError('FORBIDDEN', 'A second person must approve: you proposed this change.');
  return row;
}

export async function approveProposal(
  ctx: HandlerContext,
  id: number,
  note: string,
): Promise<RuleSetVersionView> {
  const row = await pendingProposal(ctx, id);
  const req = JSON.parse(row.request_json) as Omit<SaveRuleSetVersion, 'kind' | 'setKey'>;
  const base = { kind: row.kind as RuleSetKind, setKey: row.set_key };
  const saved =
    row.action === 'rules.save'
      ? await saveRuleSetVersion(ctx, { ...base, ...req } as SaveRuleSetVersion, row.proposed_by)
      : row.action === 'rules.setDefault'
        ? await setDefaultRuleSet(ctx, { ...base, version: req.version, reason: req.reason }, row.proposed_by)
        : await restoreShippedRuleSet(
            ctx,
            { ...base, version: req.version, reason: req.reason },
            row.proposed_by,
          );
  await decide(ctx, row.id, 'approved', note, saved.id);
  return saved;
}

export async function rejectProposal(
  ctx: HandlerContext,
  id: number,
  note: string,
): Promise<RuleSetProposalView> {
  const row = await pendingProposal(ctx, id);
  await decide(ctx, row.id, 'rejected', note, null);
  return view(
    (await ctx.conn.db.selectFrom('rule_set_proposals').selectAll().where('id', '=', id).executeTakeFirst())!,
  );
}

async function decide(
  ctx: HandlerContext,
  id: number,
  status: 'approved' | 'rejected',
  note: string,
  versionId: number | null,
): Promise<void> {
  const s = ctx.session!;
  await ctx.conn.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('rule_set_proposals')
      .set({
        status,
        decided_by: s.userId,
        decided_by_name: s.displayName,
        decided_at: ctx.now().toISOString(),
        decision_note: note || null,
        version_id: versionId,
      })
      .where('id', '=', id)
      .execute();
    await writeAudit(trx, ctx, {
      action: status === 'approved' ? 'rules.approve' : 'rules.reject',
      entity: 'rule_set_proposal',
      entityId: id,
      after: { note: note || null, versionId },
    });
  });
}
