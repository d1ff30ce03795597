import type { Channel } from './contract';

/**
 * What each write changes, in one place: for every write operation of the contract, the read operations
 * whose answers it can change (the screens showing them refresh after it, and only those). `'all'` is for
 * writes that replace or recompute data everywhere (a restore, an import, demo data, a clinical rule change).
 * tests/contract/invalidation.test.ts fails when a write operation has no entry or names a non-read.
 *
 * When the write's request names a patient (`patientId`), reads keyed by another patient are left alone
 * (see renderer/src/api/queries.ts).
 */
type Reads = readonly Channel[] | 'all';

/** Reads that show a patient's name, NHS number or allergies (a change of details refreshes them). */
const PATIENT_IDENTITY = [
  'patients:get',
  'patients:search',
  'patients:history',
  'mdt:triage:list',
  'mdt:meeting:get',
  'mdt:case:summary',
  'mdt:case:summaries',
  'mdt:patient:overview',
  'interventions:list',
  'interventions:get',
  'interventions:patientRequests',
  'interventions:session',
  'meds:worklist',
  'rehab:worklist',
  'rehab:spList',
  'rehab:group',
] as const satisfies readonly Channel[];

const MEDICINE_LIST = [
  'meds:patient',
  'meds:serviceView',
  'meds:plan',
  // Hold plans for procedures come from the medicines list; the case summary shows the OME.
  'interventions:get',
  'mdt:case:summary',
  'mdt:case:summaries',
] as const satisfies readonly Channel[];

const TAPER = [
  'meds:plan',
  'meds:planLetter',
  'meds:patient',
  'meds:worklist',
  'meds:serviceView',
  'meds:taperConcerns',
  'mdt:meeting:suggestions',
] as const satisfies readonly Channel[];

const REHAB_PLAN = [
  'rehab:summary',
  'rehab:worklist',
  'rehab:serviceOutcomes',
  'rehab:patientGroups',
] as const satisfies readonly Channel[];

const SOCIAL = [
  'rehab:spReferrals',
  'rehab:spList',
  'rehab:spGpMessage',
] as const satisfies readonly Channel[];

const GROUP = [
  'rehab:group',
  'rehab:groups',
  'rehab:patientGroups',
  'rehab:cohortReport',
  'rehab:summary',
] as const satisfies readonly Channel[];

const MEETING_LIST = [
  'mdt:meeting:get',
  // A listing added, withdrawn, moved or its question changed: the summaries and their readiness.
  'mdt:case:summary',
  'mdt:case:summaries',
  'mdt:meetings:list',
  'mdt:meeting:suggestions',
  'mdt:patient:overview',
] as const satisfies readonly Channel[];

const TRIAGE = ['mdt:triage:list', ...MEETING_LIST] as const satisfies readonly Channel[];

const OUTCOME = [
  'mdt:outcome:get',
  'mdt:outcome:versions',
  'mdt:meeting:get',
  'mdt:meeting:minutes',
  'mdt:worklist',
  'mdt:patient:overview',
  'mdt:links:drafts',
  'mdt:links:source',
  'interventions:list',
  'interventions:patientRequests',
  'rehab:summary',
] as const satisfies readonly Channel[];

const LETTERS = ['mdt:letters:list', 'mdt:letter:get', 'mdt:worklist'] as const satisfies readonly Channel[];

const READINESS = [
  'interventions:get',
  'interventions:list',
  'interventions:fillSession',
  'interventions:findSlot',
] as const satisfies readonly Channel[];

const BOOKING = [
  ...READINESS,
  'interventions:week',
  'interventions:session',
  'interventions:patientRequests',
] as const satisfies readonly Channel[];

const DAY = [
  'interventions:session',
  'interventions:get',
  'interventions:followUps',
  'interventions:week',
  'interventions:patientRequests',
  // The procedure history on the patient record: a procedure done, its outcome.
  'interventions:procedureHistory',
] as const satisfies readonly Channel[];

const USERS = ['users:list', 'users:clinicians', 'mdt:people'] as const satisfies readonly Channel[];

export const INVALIDATES: Partial<Record<Channel, Reads>> = {
  'setup:createFirstAdmin': ['setup:status', ...USERS],
  'patients:create': ['patients:search', 'setup:status'],
  'patients:update': PATIENT_IDENTITY,
  'users:create': USERS,
  'users:update': USERS,
  'settings:update': ['settings:get'],
  'settings:connectionChanged': [],

  'meds:add': MEDICINE_LIST,
  'meds:change': MEDICINE_LIST,
  'meds:stop': MEDICINE_LIST,
  'meds:recordPrnUse': ['meds:patient', 'meds:serviceView', 'mdt:case:summary', 'mdt:case:summaries'],
  'meds:recordFacts': ['meds:patient'],
  'meds:acknowledgeCheck': ['meds:patient'],
  'meds:createPlan': TAPER,
  'meds:updateSteps': ['meds:plan', 'meds:planLetter', 'meds:patient'],
  'meds:signOff': TAPER,
  'meds:recordReview': TAPER,
  'meds:planAction': TAPER,
  'meds:revisePlan': TAPER,
  'meds:switchToDiazepam': MEDICINE_LIST,

  'rehab:createPlan': REHAB_PLAN,
  'rehab:updatePlanDates': REHAB_PLAN,
  'rehab:carryPlan': REHAB_PLAN,
  'rehab:addGoal': ['rehab:summary'],
  'rehab:review': [
    'rehab:summary',
    'rehab:noProgress',
    'rehab:cohortReport',
    'mdt:meeting:suggestions',
    'mdt:case:summary',
    'mdt:case:summaries',
  ],
  'rehab:recordMeasure': [
    'rehab:riskAlerts',
    'rehab:riskWorklist',
    'rehab:summary',
    'rehab:worklist',
    'rehab:serviceOutcomes',
    'rehab:cohortReport',
    'rehab:spReferrals',
    'mdt:case:summary',
    'mdt:case:summaries',
  ],
  'rehab:recordMeasureSet': [
    'rehab:riskAlerts',
    'rehab:riskWorklist',
    'rehab:summary',
    'rehab:worklist',
    'rehab:serviceOutcomes',
    'rehab:cohortReport',
    'rehab:spReferrals',
    'mdt:case:summary',
    'mdt:case:summaries',
  ],
  'rehab:spRefer': SOCIAL,
  'rehab:spAttendance': SOCIAL,
  'rehab:spLinkMeasures': SOCIAL,
  'rehab:spOutcome': SOCIAL,
  'rehab:spDecline': SOCIAL,
  'rehab:groupCreate': ['rehab:groups'],
  'rehab:groupEnrol': GROUP,
  'rehab:groupWithdraw': GROUP,
  'rehab:groupRegister': ['rehab:group', 'rehab:cohortReport', 'rehab:patientGroups', 'rehab:groups'],

  'mdt:meetingTypes:save': ['mdt:meetingTypes:list', 'mdt:meetings:list', 'mdt:meeting:get'],
  'mdt:meetings:createNext': ['mdt:meetings:list'],
  'mdt:referral:create': MEETING_LIST,
  'mdt:triage:add': ['mdt:triage:list'],
  'mdt:triage:decide': TRIAGE,
  'mdt:triage:reopen': TRIAGE,
  'mdt:listing:addSuggested': MEETING_LIST,
  'mdt:listing:update': ['mdt:meeting:get', 'mdt:case:summary', 'mdt:case:summaries'],
  'mdt:listing:move': ['mdt:meeting:get'],
  'mdt:listing:reorder': ['mdt:meeting:get'],
  'mdt:listing:withdraw': MEETING_LIST,
  'mdt:listing:setQuestion': MEETING_LIST,
  // The case leaves one meeting's list and joins another's.
  'mdt:listing:moveToMeeting': MEETING_LIST,
  'mdt:listing:approveLate': ['mdt:meeting:get', 'mdt:case:summary', 'mdt:case:summaries'],
  'mdt:attendance:set': ['mdt:meeting:get'],
  'mdt:attendance:leave': ['mdt:meeting:get'],
  'mdt:attendance:rejoin': ['mdt:meeting:get'],
  'mdt:case:start': ['mdt:meeting:get', 'mdt:meetings:list', 'mdt:outcome:get'],
  // Autosave while the outcome is typed: the editor holds the text; refreshing it under the typist could
  // overwrite what they are typing, so nothing is refreshed.
  'mdt:outcome:saveDraft': [],
  'mdt:outcome:confirm': OUTCOME,
  'mdt:outcome:amend': [...OUTCOME, 'mdt:letters:list'],
  'mdt:outcome:recordDecision': [
    'mdt:outcome:get',
    'mdt:outcome:versions',
    'mdt:worklist',
    'mdt:patient:overview',
  ],
  'mdt:action:complete': [
    'mdt:worklist',
    'mdt:meeting:minutes',
    'mdt:patient:overview',
    'mdt:outcome:get',
    'mdt:links:source',
  ],
  'mdt:meeting:finish': [...OUTCOME, 'mdt:meetings:list', 'mdt:letters:list', 'mdt:dashboard'],
  'mdt:letter:markSent': LETTERS,
  'mdt:letter:regenerate': LETTERS,
  'mdt:letterTemplates:save': ['mdt:letterTemplates:list'],
  'mdt:letterTemplates:approve': ['mdt:letterTemplates:list', 'mdt:letters:list', 'mdt:letter:get'],
  'mdt:letter:setReferrer': LETTERS,
  'mdt:links:completeRequest': [
    'mdt:links:drafts',
    'mdt:links:source',
    'interventions:list',
    'interventions:patientRequests',
    'interventions:get',
  ],
  'mdt:links:resolveGoalDraft': ['mdt:links:drafts', 'mdt:links:source', 'rehab:summary'],

  'interventions:request': ['interventions:list', 'interventions:patientRequests', 'interventions:get'],
  'interventions:updateReadiness': READINESS,
  'interventions:addAntithrombotic': READINESS,
  'interventions:setDoseTimes': READINESS,
  'interventions:removeAntithrombotic': READINESS,
  'interventions:approveHold': READINESS,
  'interventions:approveOverride': READINESS,
  'interventions:createSession': ['interventions:week', 'interventions:session', 'interventions:findSlot'],
  'interventions:createTerm': ['interventions:week', 'interventions:session', 'interventions:findSlot'],
  'interventions:book': BOOKING,
  'interventions:cancel': BOOKING,
  'interventions:recordDay': DAY,
  'interventions:recordOutcome': DAY,
  'interventions:recordScsTrial': ['interventions:scsTrial', 'interventions:get'],

  'data:backupNow': ['data:status'],
  'data:setBackupDir': ['data:status'],
  'data:restore': 'all',
  'data:importCommit': 'all',
  'audit:print': ['patients:history'],

  'auth:changePassword': [],
  'rehab:acknowledgeRisk': [
    'rehab:riskAlerts',
    'rehab:riskWorklist',
    'rehab:summary',
    'mdt:case:summary',
    'mdt:case:summaries',
  ],
  'rehab:enteredInError': [
    ...REHAB_PLAN,
    'rehab:riskAlerts',
    'rehab:riskWorklist',
    'rehab:noProgress',
    'rehab:cohortReport',
    'mdt:case:summary',
    'mdt:case:summaries',
  ],
  'rehab:goalStatus': [...REHAB_PLAN, 'rehab:noProgress', 'mdt:case:summary', 'mdt:case:summaries'],
  'rehab:editGoal': [...REHAB_PLAN, 'mdt:case:summary', 'mdt:case:summaries'],
  // An import adds patients everywhere; an export changes nothing a screen shows but the audit trail.
  'fhir:importCommit': 'all',
  'fhir:bulkExportStart': [],
  'audit:subjectAccessExport': ['audit:search'],

  // A rule change recomputes numbers on many screens (OME, scores, hold plans, targets); a proposal only
  // changes the list of proposals until a clinical lead approves it.
  'rules:approve': 'all',
  'rules:reject': ['rules:proposals'],
  'rules:save': 'all',
  'rules:setDefault': 'all',
  'rules:restoreShipped': 'all',
};

/** The reads a write refreshes (an unknown or read channel refreshes nothing). */
export function readsInvalidatedBy(channel: Channel): Reads {
  return INVALIDATES[channel] ?? [];
}
