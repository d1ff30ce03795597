/**
 * Rehabilitation goals and outcome measures: pure scoring for Goal Attainment Scaling and the questionnaire
 * measures a UK specialist pain service collects, with their definitions, change thresholds and collection
 * points as data.
 *
 * @packageDocumentation
 */
export {
  GAS_DEFAULT_RHO,
  GAS_RULE_SET,
  formatGasTScore,
  gasLevelForScoring,
  gasLevelFromReview,
  gasSummary,
  gasTScore,
  type GasGoal,
  type GasReviewOutcome,
  type GasSummary,
  type GasSummaryGoal,
} from './gas';
export {
  MEASURES,
  MEASURE_IDS,
  REHAB_MEASURES_RULE_SET,
  bandFor,
  type AnswerRange,
  type ChangeFlagRule,
  type ChangeThreshold,
  type Evidence,
  type LicenceNote,
  type MeasureDefinition,
  type MeasureId,
  type MeasureItem,
  type ResponseOption,
  type ScoreBand,
  type SubscaleDefinition,
} from './measures';
export { SWEMWBS_CONVERSION, swemwbsMetric } from './swemwbs';
export { measureDefinition, scoreMeasure, type MeasureScore, type ScoreOptions } from './scoring';
export {
  meaningfulChange,
  paretianChange,
  psfsChange,
  type ChangeResult,
  type ParetianChange,
} from './change';
export {
  DEFAULT_TIME_POINTS,
  addMonths,
  measuresDue,
  type DueItem,
  type DueStatus,
  type MeasuresDueInput,
  type TimePoint,
  type TimePointAnchor,
} from './timepoints';
