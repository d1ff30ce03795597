import type { rulesContract } from '../../shared/ipc/rules';
import {
  activeRuleSetView,
  listRuleSets,
  restoreShippedRuleSet,
  ruleSetHistory,
  ruleSetVersion,
  saveRuleSetVersion,
  setDefaultRuleSet,
} from '../services/rule-sets';
import type { HandlersFor } from './types';

export const rulesHandlers: HandlersFor<typeof rulesContract> = {
  'rules:list': (ctx) => listRuleSets(ctx),
  'rules:history': (ctx, input) => ruleSetHistory(ctx, input),
  'rules:version': (ctx, input) => ruleSetVersion(ctx, input),
  'rules:active': (ctx, input) => activeRuleSetView(ctx, input),
  'rules:save': (ctx, input) => saveRuleSetVersion(ctx, input),
  'rules:setDefault': (ctx, input) => setDefaultRuleSet(ctx, input),
  'rules:restoreShipped': (ctx, input) => restoreShippedRuleSet(ctx, input),
};
