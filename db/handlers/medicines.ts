import type { medicinesContract } from '../../shared/ipc/medicines';
import { addMedicine, changeMedicine, patientMedicines, stopMedicine } from '../services/medicines';
import { createPlan, signOffPlan, updateSteps } from '../services/medicines-plans';
import { getPlan } from '../services/medicines-plan-read';
import { recordReview } from '../services/medicines-plan-review';
import { planAction } from '../services/medicines-plan-actions';
import { planLetter, revisePlan } from '../services/medicines-plan-versions';
import { recordPrnUse } from '../services/medicines-reviews';
import { switchToDiazepam } from '../services/medicines-benzo';
import { acknowledgeCheck, recordMedicineFacts } from '../services/medicine-checks';
import { concerns, serviceView, worklist } from '../services/medicines-views';
import type { HandlersFor } from './types';

/** Handlers for the medicines operations (see shared/ipc/medicines.ts). */
export const medicinesHandlers: HandlersFor<typeof medicinesContract> = {
  'meds:patient': (ctx, input) => patientMedicines(ctx, input.patientId),
  'meds:add': (ctx, input) => addMedicine(ctx, input),
  'meds:change': (ctx, input) => changeMedicine(ctx, input),
  'meds:stop': (ctx, input) => stopMedicine(ctx, input),
  'meds:recordPrnUse': (ctx, input) => recordPrnUse(ctx, input),
  'meds:recordFacts': (ctx, input) => recordMedicineFacts(ctx, input),
  'meds:acknowledgeCheck': (ctx, input) => acknowledgeCheck(ctx, input),
  'meds:createPlan': (ctx, input) => createPlan(ctx, input),
  'meds:plan': (ctx, input) => getPlan(ctx, input.planId),
  'meds:planLetter': (ctx, input) => planLetter(ctx, input.planId),
  'meds:updateSteps': (ctx, input) => updateSteps(ctx, input),
  'meds:signOff': (ctx, input) => signOffPlan(ctx, input),
  'meds:recordReview': (ctx, input) => recordReview(ctx, input),
  'meds:planAction': (ctx, input) => planAction(ctx, input),
  'meds:revisePlan': (ctx, input) => revisePlan(ctx, input),
  'meds:switchToDiazepam': (ctx, input) => switchToDiazepam(ctx, input),
  'meds:worklist': (ctx, input) => worklist(ctx, input),
  'meds:serviceView': (ctx) => serviceView(ctx),
  'meds:taperConcerns': (ctx, input) => concerns(ctx, input),
};
