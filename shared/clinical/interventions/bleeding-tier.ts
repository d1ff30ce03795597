/**
 * The procedure's bleeding-risk tier raised by patient factors (issue 14; ASRA/ESRA pain 2018, Narouze et
 * al. Reg Anesth Pain Med 2018;43:225-62: older age, coagulopathy, severe liver or kidney disease and
 * concurrent antithrombotics can move a low or intermediate procedure up a tier). The tier and every reason
 * are shown; the age threshold is a rule-set value (the guideline says "older age" without a number).
 * Pure: no I/O, no clock.
 */
import type { BleedingRisk } from './holds';

export interface PatientBleedingFactors {
  ageYears: number;
  renalDisease: boolean;
  liverDisease: boolean;
  coagulopathy: boolean;
  /** Antithrombotics the patient takes (rule-set keys); two or more count as concurrent antithrombotics. */
  antithrombotics: readonly string[];
}

export interface BleedingTierRules {
  /** From this age (inclusive) the tier is raised. */
  olderAgeYears: number;
  source: string;
}

/** Example value: the guideline gives no number for "older age"; 65 is a service's choice, editable. */
export const DEFAULT_BLEEDING_TIER_RULES: BleedingTierRules = {
  olderAgeYears: 65,
  source:
    'Narouze S et al., ASRA/ESRA/AAPM/INS/NANS/WIP, Reg Anesth Pain Med 2018;43:225-62: patient factors may ' +
    'move a procedure up one tier. "Older age" has no figure in the guideline: 65 years is an example local value.',
};

export interface BleedingTier {
  procedureTier: BleedingRisk;
  tier: BleedingRisk;
  raised: boolean;
  reasons: string[];
  source: string;
}

const UP: Record<BleedingRisk, BleedingRisk> = { low: 'intermediate', intermediate: 'high', high: 'high' };

/** The tier for this patient: one tier up when any factor is present (never above high), with why. */
export function bleedingTier(
  procedureTier: BleedingRisk,
  f: PatientBleedingFactors,
  rules: BleedingTierRules = DEFAULT_BLEEDING_TIER_RULES,
): BleedingTier {
  const reasons: string[] = [];
  if (f.ageYears >= rules.olderAgeYears) reasons.push(`age ${f.ageYears} (${rules.olderAgeYears} or over)`);
  if (f.renalDisease) reasons.push('renal disease');
  if (f.liverDisease) reasons.push('liver disease');
  if (f.coagulopathy) reasons.push('coagulopathy');
  if (f.antithrombotics.length >= 2)
    reasons.push(`${f.antithrombotics.length} antithrombotics together (${f.antithrombotics.join(', ')})`);
  const tier = reasons.length > 0 ? UP[procedureTier] : procedureTier;
  return { procedureTier, tier, raised: tier !== procedureTier, reasons, source: rules.source };
}
