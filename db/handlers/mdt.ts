import type { mdtContract } from '../../shared/ipc/mdt';
import * as mdt from '../services/mdt';
import * as finish from '../services/mdt-finish';
import * as templates from '../services/mdt-letter-templates';
import * as letters from '../services/mdt-letters';
import * as links from '../services/mdt-links';
import * as list from '../services/mdt-list';
import * as minutes from '../services/mdt-minutes';
import * as outcomes from '../services/mdt-outcomes';
import * as triage from '../services/mdt-triage';
import * as summaries from '../services/mdt-case-summaries';
import type { HandlersFor } from './types';

/** Handlers for the mdt operations (see shared/ipc/mdt.ts). */
export const mdtHandlers: HandlersFor<typeof mdtContract> = {
  'mdt:people': (ctx) => mdt.listPeople(ctx),
  'mdt:meetingTypes:list': (ctx) => mdt.listMeetingTypes(ctx),
  'mdt:meetingTypes:save': (ctx, input) => mdt.saveMeetingType(ctx, input),
  'mdt:meetings:list': (ctx, input) => mdt.listMeetings(ctx, input.from, input.limit),
  'mdt:meetings:createNext': (ctx, input) => mdt.createNextMeeting(ctx, input.meetingTypeId),
  'mdt:meeting:get': (ctx, input) => mdt.meetingDetail(ctx, input.meetingId),
  'mdt:meeting:minutes': (ctx, input) => minutes.meetingMinutes(ctx, input.meetingId),
  'mdt:meeting:suggestions': (ctx, input) => mdt.meetingSuggestions(ctx, input.meetingId, input.limit),
  'mdt:referral:create': (ctx, input) => mdt.createReferral(ctx, input),
  'mdt:triage:add': (ctx, input) => triage.addServiceReferral(ctx, input),
  'mdt:triage:list': (ctx, input) => triage.listTriageQueue(ctx, input),
  'mdt:triage:decide': (ctx, input) => triage.decideTriage(ctx, input),
  'mdt:triage:reopen': (ctx, input) => triage.reopenTriage(ctx, input),
  'mdt:listing:addSuggested': (ctx, input) => mdt.addSuggested(ctx, input.meetingId, input.patientId),
  'mdt:listing:update': (ctx, input) => mdt.updateListing(ctx, input),
  'mdt:listing:move': (ctx, input) => mdt.moveListing(ctx, input.listingId, input.direction),
  'mdt:listing:reorder': (ctx, input) => mdt.reorderListings(ctx, input.meetingId, input.order),
  'mdt:listing:withdraw': (ctx, input) => mdt.withdrawListing(ctx, input.listingId, input.reason),
  'mdt:listing:setQuestion': (ctx, input) => list.setQuestion(ctx, input),
  'mdt:listing:moveToMeeting': (ctx, input) => list.moveToMeeting(ctx, input),
  'mdt:listing:approveLate': (ctx, input) => mdt.approveLate(ctx, input.listingId),
  'mdt:case:summary': (ctx, input) => mdt.caseSummary(ctx, input.listingId),
  'mdt:case:summaries': (ctx, input) => summaries.caseSummaries(ctx, input.meetingId),
  'mdt:attendance:set': (ctx, input) => mdt.setAttendance(ctx, input),
  'mdt:attendance:leave': (ctx, input) => mdt.leaveMeeting(ctx, input.meetingId, input.userId),
  'mdt:attendance:rejoin': (ctx, input) => mdt.rejoinMeeting(ctx, input.meetingId, input.userId),
  'mdt:case:start': (ctx, input) => mdt.startCase(ctx, input.listingId),
  'mdt:outcome:get': (ctx, input) => outcomes.getOutcome(ctx, input.listingId),
  'mdt:outcome:saveDraft': (ctx, input) => outcomes.saveDraft(ctx, input),
  'mdt:outcome:confirm': (ctx, input) =>
    outcomes.confirmOutcome(ctx, input.listingId, input.outcome, input.patientLetterSeal),
  'mdt:outcome:amend': (ctx, input) =>
    outcomes.amend(ctx, input.outcomeId, input.reason, input.change, input.newActions),
  'mdt:outcome:versions': (ctx, input) => outcomes.outcomeVersions(ctx, input.listingId),
  'mdt:outcome:recordDecision': (ctx, input) => outcomes.recordDecision(ctx, input),
  'mdt:action:complete': (ctx, input) => outcomes.completeAction(ctx, input),
  'mdt:meeting:finishReview': (ctx, input) => finish.finishReview(ctx, input.meetingId),
  'mdt:meeting:finish': (ctx, input) => finish.finishMeeting(ctx, input.meetingId, input.reasons),
  'mdt:letters:list': (ctx, input) => letters.listLetters(ctx, input.meetingId, input.patientId),
  'mdt:letter:get': (ctx, input) => letters.getLetter(ctx, input.letterId),
  'mdt:letter:markSent': (ctx, input) => letters.markSent(ctx, input.letterId),
  'mdt:letter:regenerate': (ctx, input) => letters.regenerateLetter(ctx, input.letterId),
  'mdt:letterTemplates:list': (ctx) => templates.listTemplates(ctx),
  'mdt:letterTemplates:save': (ctx, input) => templates.saveTemplate(ctx, input),
  'mdt:worklist': (ctx, input) => outcomes.worklist(ctx, input.kind, input.limit),
  'mdt:dashboard': (ctx, input) => outcomes.dashboard(ctx, input.from, input.to),
  'mdt:patient:overview': (ctx, input) => outcomes.patientOverview(ctx, input.patientId),
  'mdt:links:drafts': (ctx, input) => links.listDrafts(ctx, input),
  'mdt:links:source': (ctx, input) => links.sourceOf(ctx, input.kind, input.itemId),
  'mdt:links:completeRequest': (ctx, input) => links.completeRequest(ctx, input),
  'mdt:links:resolveGoalDraft': (ctx, input) => links.resolveGoalDraft(ctx, input),
};
