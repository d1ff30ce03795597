import type { rulesContract } from '../../shared/ipc/rules';
import { activeRuleSetView, listRuleSets, ruleSetHistory, ruleSetVersion } from '../services/rule-sets';
import {
  approveProposal,
  listProposals,
  proposeRuleSetChange,
  rejectProposal,
} from '../services/rule-approvals';
import type { HandlersFor } from './types';

export const rulesHandlers: HandlersFor<typeof rulesContract> = {
  'rules:list': (ctx) => listRuleSets(ctx),
  'rules:history': (ctx, input) => ruleSetHistory(ctx, input),
  'rules:version': (ctx, input) => ruleSetVersion(ctx, input),
  'rules:active': (ctx, input) => activeRuleSetView(ctx, input),
  // Clinical rule sets change only with a clinical lead's approval (two people; issue 17).
  'rules:save': (ctx, input) => proposeRuleSetChange(ctx, { action: 'rules.save', ...input }),
  'rules:setDefault': (ctx, input) => proposeRuleSetChange(ctx, { action: 'rules.setDefault', ...input }),
  'rules:restoreShipped': (ctx, input) =>
    proposeRuleSetChange(ctx, { action: 'rules.restoreShipped', ...input }),
  'rules:proposals': (ctx) => listProposals(ctx),
  'rules:approve': (ctx, input) => approveProposal(ctx, input.proposalId, input.note),
  'rules:reject': (ctx, input) => rejectProposal(ctx, input.proposalId, input.note),
};
