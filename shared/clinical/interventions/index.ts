/**
 * Intervention scheduling: pure calculations for listing and booking pain procedures.
 *
 * - Anticoagulant holds: {@link planAnticoagulantHold} with the shipped rule sets
 *   {@link ASRA_ESRA_PAIN_2018} (default) and {@link UK_NEURAXIAL}.
 * - Capacity: {@link sessionCapacity}.
 * - Dates: {@link rttBreachDate}, {@link earliestRepeatDate}.
 * - Data: {@link PROCEDURE_CATALOGUE}, {@link EXAMPLE_COMMISSIONER_RULES}.
 * - Checks: {@link checkBookingConflicts}, {@link evaluateReadiness}.
 * - Medicines list: {@link antithromboticsFromMedicines}; durations: {@link plannedCaseDuration}.
 *
 * Every function is pure (no I/O, no clock): callers pass `today`. Invalid input throws
 * `ClinicalInputError` with a clinician-readable message.
 */
export * from './dates';
export * from './holds';
export * from './anticoagulant-rule-sets';
export * from './catalogue';
export * from './commissioner';
export * from './capacity';
export * from './conflicts';
export * from './readiness';
export * from './antithrombotics';
export * from './serotonergic';
export * from './durations';
export * from './hold-instructions';
export * from './hold-binding';
export * from './sites';
export * from './theatre-list';
export * from './bleeding-tier';
export * from './bank-holidays';
export * from './session-plan';
