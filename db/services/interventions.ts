/**
 * Intervention scheduling services: the waiting list, readiness (gates A-D), hold plans, sessions,
 * booking with every conflict check, cancellations, the day itself and outcomes.
 *
 * All clinical rules come from shared/clinical/interventions; the services gather the facts, call them and
 * store what they say (with the rule-set label). The services live in the interventions-*.ts files beside
 * this one; this file gathers the request and session services the handlers call under one name.
 */
export * from './interventions-common';
export * from './interventions-session-views';
export * from './interventions-readiness';
export * from './interventions-medicines';
export * from './interventions-requests';
export * from './interventions-antithrombotics';
export * from './interventions-overrides';
export { followUps, patientRequests } from './interventions-list';
