import type { rehabContract } from '../../shared/ipc/rehab';
import {
  addGoal,
  carryPlan,
  createPlan,
  recordMeasure,
  reviewGoals,
  updatePlanDates,
} from '../services/rehab';
import { noProgress, rehabSummary, serviceOutcomes, withChange, worklist } from '../services/rehab-read';
import type { HandlersFor } from './types';

/** Handlers for the rehab operations (see shared/ipc/rehab.ts). */
export const rehabHandlers: HandlersFor<typeof rehabContract> = {
  'rehab:summary': (ctx, input) => rehabSummary(ctx, input.patientId),
  'rehab:createPlan': (ctx, input) => createPlan(ctx, input),
  'rehab:updatePlanDates': (ctx, input) => updatePlanDates(ctx, input),
  'rehab:carryPlan': (ctx, input) => carryPlan(ctx, input),
  'rehab:addGoal': (ctx, input) => addGoal(ctx, input.planId, input.goal),
  'rehab:review': (ctx, input) => reviewGoals(ctx, input),
  'rehab:recordMeasure': async (ctx, input) => {
    const saved = await recordMeasure(ctx, input);
    // The change from the first administration, as the summary shows it.
    const all = (await rehabSummary(ctx, input.patientId)).measures;
    return all.find((m) => m.id === saved.id) ?? withChange([saved])[0]!;
  },
  'rehab:serviceOutcomes': (ctx, input) => serviceOutcomes(ctx, input.pathway),
  'rehab:worklist': (ctx, input) => worklist(ctx, input.asOf, input.limit),
  'rehab:noProgress': (ctx, input) => noProgress(ctx, input.limit),
};
