/**
 * MDT-meeting rules for Alongside: pure functions over plain data (no I/O, no clock, no machine time zone).
 *
 * Time convention: instants are UTC ISO strings `YYYY-MM-DDTHH:mm:ssZ` and are what is stored; local
 * date-times are Europe/London wall clock `YYYY-MM-DDTHH:mm` and are what people see; dates are
 * `YYYY-MM-DD`. Rule sets (quorum, suggestion thresholds, letter templates) are versioned data that a
 * clinical lead approves; the shipped ones are labelled as examples.
 *
 * @packageDocumentation
 */
export * from './time';
export * from './quorum';
export * from './schedule';
export * from './planning';
export * from './listings';
export * from './outcomes';
export * from './suggestions';
export * from './letters';
export * from './letter-content';
export * from './letter-templates';
export * from './dashboard';
export * from './suggestion-ranking';
export * from './readiness';
