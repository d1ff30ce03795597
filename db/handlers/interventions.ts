import { PROCEDURE_CATALOGUE } from '../../shared/clinical/interventions/index';
import type { interventionsContract } from '../../shared/ipc/interventions';
import { COMMISSIONER_RULES, HOLD_RULE_SET } from '../services/interventions-common';
import {
  addAntithrombotic,
  removeAntithrombotic,
  setDoseTimes,
} from '../services/interventions-antithrombotics';
import { createRequest, getRequest, updateReadiness } from '../services/interventions-requests';
import { approveOverride } from '../services/interventions-overrides';
import { getScsTrial, recordScsTrial } from '../services/interventions-scs';
import { followUps, patientRequests } from '../services/interventions-list';
import { getSession, weekSessions } from '../services/interventions-session-views';
import { bookRequest } from '../services/interventions-booking';
import { cancelBooking, recordDay, recordOutcome } from '../services/interventions-day';
import { approveHold } from '../services/interventions-approve';
import { theatreDay, theatreSessionList } from '../services/interventions-theatre';
import { createSession, createTerm } from '../services/interventions-sessions';
import { fillSession, findSlot } from '../services/interventions-slots';
import { waitingList } from '../services/interventions-list';
import type { HandlersFor } from './types';

/** Handlers for the interventions operations (see shared/ipc/interventions.ts). */
export const interventionsHandlers: HandlersFor<typeof interventionsContract> = {
  'interventions:catalogue': async () => ({
    procedures: PROCEDURE_CATALOGUE.procedures.map((p) => ({
      code: p.code,
      name: p.name,
      defaultDurationMinutes: p.defaultDurationMinutes,
      imaging: p.imaging,
      bleedingRisk: p.bleedingRisk,
      followUpWeeks: p.followUpWeeks,
      isImplant: p.isImplant,
    })),
    catalogueVersion: `${PROCEDURE_CATALOGUE.name} ${PROCEDURE_CATALOGUE.version}`,
    ruleSets: [
      `${HOLD_RULE_SET.name} ${HOLD_RULE_SET.version}: ${HOLD_RULE_SET.source ?? ''}`,
      `${COMMISSIONER_RULES.name} ${COMMISSIONER_RULES.version}: ${COMMISSIONER_RULES.source}`,
    ],
  }),
  'interventions:list': (ctx, input) => waitingList(ctx, input),
  'interventions:patientRequests': (ctx, input) => patientRequests(ctx, input.patientId),
  'interventions:request': (ctx, input) => createRequest(ctx, input),
  'interventions:get': (ctx, input) => getRequest(ctx, input.id),
  'interventions:updateReadiness': (ctx, input) =>
    updateReadiness(ctx, input.id, input.version, input.readiness),
  'interventions:addAntithrombotic': (ctx, input) => addAntithrombotic(ctx, input),
  'interventions:setDoseTimes': (ctx, input) => setDoseTimes(ctx, input),
  'interventions:removeAntithrombotic': (ctx, input) => removeAntithrombotic(ctx, input.id),
  'interventions:approveHold': (ctx, input) => approveHold(ctx, input),
  'interventions:approveOverride': (ctx, input) => approveOverride(ctx, input),
  'interventions:scsTrial': (ctx, input) => getScsTrial(ctx, input.requestId),
  'interventions:recordScsTrial': (ctx, input) => recordScsTrial(ctx, input),
  'interventions:createSession': (ctx, input) => createSession(ctx, input),
  'interventions:createTerm': (ctx, input) => createTerm(ctx, input),
  'interventions:week': (ctx, input) => weekSessions(ctx, input.weekStart),
  'interventions:session': (ctx, input) => getSession(ctx, input.id),
  'interventions:theatreDay': (ctx, input) => theatreDay(ctx, input.date),
  'interventions:theatreList': (ctx, input) => theatreSessionList(ctx, input.id),
  'interventions:findSlot': (ctx, input) => findSlot(ctx, input),
  'interventions:fillSession': (ctx, input) => fillSession(ctx, input.sessionId),
  'interventions:book': (ctx, input) => bookRequest(ctx, input),
  'interventions:cancel': (ctx, input) => cancelBooking(ctx, input),
  'interventions:recordDay': (ctx, input) => recordDay(ctx, input),
  'interventions:recordOutcome': (ctx, input) => recordOutcome(ctx, input),
  'interventions:followUps': (ctx, input) => followUps(ctx, input.limit),
};
