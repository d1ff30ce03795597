import { servicePeriod } from '../services/rehab-service';
import type { rehabContract } from '../../shared/ipc/rehab';
import {
  addGoal,
  carryPlan,
  insertGoal,
  createPlan,
  recordMeasure,
  reviewGoals,
  updatePlanDates,
} from '../services/rehab';
import { noProgress, rehabSummary, serviceOutcomes, withChange } from '../services/rehab-read';
import { worklist } from '../services/rehab-worklist';
import {
  cohortReport,
  createProgramme,
  enrol,
  listProgrammes,
  loadProgramme,
  patientProgrammes,
  takeRegister,
  withdraw,
} from '../services/rehab-groups';
import {
  spDecline,
  spGpMessage,
  spLinkMeasures,
  spRecordAttendance,
  spRecordOutcome,
  spReferralsOf,
  spRefer,
  spServiceList,
} from '../services/rehab-social';
import { editGoal, markEnteredInError, setGoalStatus } from '../services/rehab-corrections';
import { acknowledgeRisk, patientRiskAlerts, riskWorklist } from '../services/rehab-risk';
import { recordMeasureSet } from '../services/rehab-set';
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
  'rehab:recordMeasureSet': async (ctx, input) => {
    const { saved } = await recordMeasureSet(ctx, input);
    // Each form's change from the first administration, as the summary shows it.
    const all = (await rehabSummary(ctx, input.patientId)).measures;
    return { saved: saved.map((s) => all.find((m) => m.id === s.id) ?? s) };
  },
  'rehab:serviceOutcomes': (ctx, input) => serviceOutcomes(ctx, input.pathway),
  'rehab:servicePeriod': (ctx, input) => servicePeriod(ctx, input),
  'rehab:worklist': (ctx, input) => worklist(ctx, input.asOf, input.limit),
  'rehab:noProgress': (ctx, input) => noProgress(ctx, input.limit),
  'rehab:riskAlerts': (ctx, input) => patientRiskAlerts(ctx, input.patientId),
  'rehab:riskWorklist': (ctx, input) => riskWorklist(ctx, input.limit),
  'rehab:acknowledgeRisk': (ctx, input) => acknowledgeRisk(ctx, input),
  'rehab:enteredInError': (ctx, input) => markEnteredInError(ctx, input),
  'rehab:goalStatus': (ctx, input) => setGoalStatus(ctx, input),
  'rehab:editGoal': (ctx, input) =>
    editGoal(ctx, input, (trx, planId, patientId, g, replaces) =>
      insertGoal(trx, ctx, planId, patientId, g, replaces.carriedFromGoalId, replaces.id),
    ),
  'rehab:spReferrals': (ctx, input) => spReferralsOf(ctx, input.patientId),
  'rehab:spRefer': (ctx, input) => spRefer(ctx, input),
  'rehab:spAttendance': (ctx, input) => spRecordAttendance(ctx, input),
  'rehab:spLinkMeasures': (ctx, input) => spLinkMeasures(ctx, input),
  'rehab:spOutcome': (ctx, input) => spRecordOutcome(ctx, input),
  'rehab:spDecline': (ctx, input) => spDecline(ctx, input),
  'rehab:spList': (ctx, input) => spServiceList(ctx, input.status, input.limit),
  'rehab:spGpMessage': (ctx, input) => spGpMessage(ctx, input.referralId),
  'rehab:groups': (ctx, input) => listProgrammes(ctx, input.limit),
  'rehab:group': (ctx, input) => loadProgramme(ctx.conn.db, input.programmeId),
  'rehab:groupCreate': (ctx, input) => createProgramme(ctx, input),
  'rehab:groupEnrol': (ctx, input) => enrol(ctx, input),
  'rehab:groupWithdraw': (ctx, input) => withdraw(ctx, input),
  'rehab:groupRegister': (ctx, input) => takeRegister(ctx, input),
  'rehab:cohortReport': (ctx, input) => cohortReport(ctx, input.programmeId),
  'rehab:patientGroups': (ctx, input) => patientProgrammes(ctx, input.patientId),
};
