/**
 * Medicines and deprescribing: pure calculations and the clinical rule sets they use, as data.
 *
 * - OME: {@link calculateOme} with {@link OPIOIDS_AWARE_2020} (default) or {@link CDC_2022} (comparison).
 * - Thresholds and combination flags: {@link omeThresholdFlags}, {@link combinationFlags}.
 * - Structured doses: {@link dailyDoseMg}, {@link opioidDoseFromEntry}.
 * - Tapering: {@link planTaper}, {@link roundToAvailableStrengths}, {@link doseStepFromStrengths};
 *   doses at each time of day and liquids: {@link planTaperAdministrations}, {@link reduceLargerDoseFirst}.
 * - Withdrawal and equivalence: {@link scoreCows}, {@link diazepamEquivalentMg}.
 * - Formulary: {@link FORMULARY}.
 */
export * from './types';
export * from './rule-sets';
export * from './ome';
export * from './flags';
export * from './daily-dose';
export * from './taper';
export * from './taper-doses';
export * from './cows';
export * from './benzodiazepines';
export * from './formulary';
export * from './headline';
export * from './entry-checks';
export * from './taper-products';
export * from './check-rules';
export * from './checks';
export * from './written-dose';
