/**
 * The two anticoagulant rule sets shipped with the app (the service's clinical decisions (clinical lead), interventions 1). Both are data:
 * an administrator can copy, edit and re-version them in Settings. None of these numbers is clinical
 * sign-off; the service's pharmacist and consultant lead must check them before use.
 *
 * How ranges in the sources were turned into single numbers (applies to both sets):
 * - a hold given as a range uses the LONGER end (e.g. apixaban 3-5 days → 120 h), the end that protects
 *   against bleeding; the plan is a proposal and the prescriber may agree a shorter hold;
 * - a restart given as a range uses the LATER end (12-24 h → 24 h), for the same reason;
 * - "N days" means N × 24 hours before the planned start (hours-based convention, the service's clinical decisions (clinical lead)).
 */
import type { RuleSetMeta } from '../errors';
import type { AnticoagulantHoldRule, AnticoagulantRuleSet, BleedingRisk } from './holds';

/** A shipped anticoagulant rule set: the rules plus the metadata shown to users. */
export type ShippedAnticoagulantRuleSet = AnticoagulantRuleSet & RuleSetMeta;

type TierValues = Partial<Record<BleedingRisk, Omit<AnticoagulantHoldRule, 'drug' | 'risk'>>>;

function rulesFor(drug: string, tiers: TierValues): AnticoagulantHoldRule[] {
  const rules: AnticoagulantHoldRule[] = [];
  for (const risk of ['high', 'intermediate', 'low'] as const) {
    const values = tiers[risk];
    if (values) rules.push({ drug, risk, ...values });
  }
  return rules;
}

function allTiers(values: Omit<AnticoagulantHoldRule, 'drug' | 'risk'>): TierValues {
  return { high: values, intermediate: values, low: values };
}

const DOAC_LOW_RISK_NOTE =
  'Continue; the source suggests considering a hold of 2 half-lives in patients at high bleeding risk.';

/**
 * "ASRA/ESRA pain 2018" (default): Narouze et al., Reg Anesth Pain Med 2018;43:225-62, interventional spine
 * and pain procedures, as commonly reproduced (Narouze 2018 hold-time table). The ASRA columns there
 * were not checked against the paper's own tables: treat as unverified until the pharmacist has done so.
 *
 * Entries the source leaves to judgement ("individualise", "shared assessment", "shared decision with
 * cardiology") are `clinicianDecides` rules and give a 'blocked' plan. Tiers the source leaves blank
 * (fondaparinux, cilostazol and dipyridamole below high risk) have no rule, which also gives 'blocked'.
 * Dabigatran "6 days if renal impairment" uses a creatinine clearance below 50 mL/min as the threshold
 * (the source gives no number; 50 is the cut-off used by the UK neuraxial and PAUSE rules).
 */
export const ASRA_ESRA_PAIN_2018: ShippedAnticoagulantRuleSet = {
  id: 'asra-esra-pain-2018',
  name: 'ASRA/ESRA pain 2018',
  version: '1.0.0',
  source:
    'Narouze S et al. Interventional spine and pain procedures in patients on antiplatelet and anticoagulant ' +
    'medications (2nd ed., ASRA/ESRA/AAPM/INS/NANS/WIP). Reg Anesth Pain Med 2018;43:225-62 (figures as ' +
    'commonly reproduced; to be checked against the paper by the pharmacist). Ranges: longer hold by default, later restart.',
  rules: [
    ...rulesFor('warfarin', {
      high: { holdHours: 120, restartAfterHours: 24, note: 'Check the INR is normal before the procedure.' },
      intermediate: {
        holdHours: 120,
        restartAfterHours: 24,
        note: 'Check the INR is normal before the procedure.',
      },
      low: { holdHours: null, clinicianDecides: 'individualise; check INR' },
    }),
    ...rulesFor('apixaban', {
      high: {
        holdHours: 120,
        requiresCreatinineClearance: true,
        restartAfterHours: 24,
        minHoldHours: 72,
        note: 'Source range 3-5 days.',
      },
      intermediate: {
        holdHours: 120,
        requiresCreatinineClearance: true,
        restartAfterHours: 24,
        minHoldHours: 72,
        note: 'Source range 3-5 days.',
      },
      low: { holdHours: null, note: DOAC_LOW_RISK_NOTE },
    }),
    ...rulesFor('rivaroxaban', {
      high: { holdHours: 72, requiresCreatinineClearance: true, restartAfterHours: 24 },
      intermediate: { holdHours: 72, requiresCreatinineClearance: true, restartAfterHours: 24 },
      low: { holdHours: null, note: DOAC_LOW_RISK_NOTE },
    }),
    ...rulesFor('edoxaban', {
      high: { holdHours: 72, requiresCreatinineClearance: true, restartAfterHours: 24 },
      intermediate: { holdHours: 72, requiresCreatinineClearance: true, restartAfterHours: 24 },
      low: { holdHours: null, note: DOAC_LOW_RISK_NOTE },
    }),
    ...rulesFor('dabigatran', {
      high: {
        holdHours: 120,
        renal: [{ belowMlPerMin: 50, holdHours: 144 }],
        requiresCreatinineClearance: true,
        restartAfterHours: 24,
        minHoldHours: 96,
        note: 'Source range 4-5 days; 6 days with renal impairment.',
      },
      intermediate: {
        holdHours: 120,
        renal: [{ belowMlPerMin: 50, holdHours: 144 }],
        requiresCreatinineClearance: true,
        restartAfterHours: 24,
        minHoldHours: 96,
        note: 'Source range 4-5 days; 6 days with renal impairment.',
      },
      low: { holdHours: null, note: DOAC_LOW_RISK_NOTE },
    }),
    ...rulesFor('enoxaparin-prophylactic', allTiers({ holdHours: 12, restartAfterHours: 24 })),
    ...rulesFor('enoxaparin-therapeutic', allTiers({ holdHours: 24, restartAfterHours: 24 })),
    ...rulesFor(
      'heparin-iv',
      allTiers({ holdHours: 6, restartAfterHours: 2, note: 'Source range 4-6 h; check the aPTT is normal.' }),
    ),
    ...rulesFor('fondaparinux', {
      high: { holdHours: 96, note: 'Figure marked unverified in the research.' },
    }),
    ...rulesFor('aspirin-primary-prevention', {
      high: { holdHours: 144, restartAfterHours: 24 },
      intermediate: { holdHours: null, clinicianDecides: 'shared assessment' },
      low: { holdHours: null },
    }),
    ...rulesFor('aspirin-secondary-prevention', {
      high: { holdHours: null, clinicianDecides: 'shared decision with cardiology; often continued' },
      intermediate: { holdHours: null },
      low: { holdHours: null },
    }),
    ...rulesFor('ibuprofen', {
      high: { holdHours: 24, note: 'About 5 half-lives; figure marked unverified in the research.' },
      intermediate: { holdHours: null, clinicianDecides: 'shared assessment' },
      low: { holdHours: null },
    }),
    ...rulesFor('naproxen', {
      high: { holdHours: 96, note: 'About 5 half-lives; figure marked unverified in the research.' },
      intermediate: { holdHours: null, clinicianDecides: 'shared assessment' },
      low: { holdHours: null },
    }),
    ...rulesFor('clopidogrel', {
      high: { holdHours: 168, restartAfterHours: 24 },
      intermediate: { holdHours: 168, restartAfterHours: 24 },
      low: { holdHours: null, clinicianDecides: 'individualise' },
    }),
    ...rulesFor('prasugrel', {
      high: { holdHours: 240, restartAfterHours: 24, note: 'Source range 7-10 days.' },
      intermediate: { holdHours: 240, restartAfterHours: 24, note: 'Source range 7-10 days.' },
      low: { holdHours: null, clinicianDecides: 'individualise' },
    }),
    ...rulesFor('ticagrelor', {
      high: { holdHours: 120, restartAfterHours: 24 },
      intermediate: { holdHours: 120, restartAfterHours: 24 },
      low: { holdHours: null, clinicianDecides: 'individualise' },
    }),
    ...rulesFor('cilostazol', { high: { holdHours: 48, note: 'Figure marked unverified in the research.' } }),
    ...rulesFor('dipyridamole', {
      high: { holdHours: 48, note: 'Figure marked unverified in the research.' },
    }),
  ],
};

/**
 * "UK neuraxial": spinal/epidural practice in an NHS trust guide (NHS Lothian antithrombotic guide; the
 * research judges it consistent with Association of Anaesthetists guidance), as summarised in
 * the Association of Anaesthetists 2013 guidance on regional anaesthesia and abnormal coagulation.
 *
 * The source is written for neuraxial blocks and does not grade procedures by tier, so each figure applies
 * to every tier (low, intermediate and high). It gives no restart times, so plans from this set have no
 * `restartNotBefore`. Renal bands: factor-Xa inhibitors 48 h, 72 h below 30 mL/min (a clearance of exactly
 * 30 takes 48 h: the source says "> 30" and "< 30"); dabigatran 48 h at 50 mL/min or more, 96 h for 30-49,
 * and no figure below 30 (plan 'blocked'). Warfarin has an INR target (≤ 1.4), not a hold time, so its plan
 * is 'blocked' for a clinician to decide. Prasugrel and ticagrelor are not covered (no rule: 'blocked').
 * Aspirin and NSAIDs: proceed (no hold).
 */
export const UK_NEURAXIAL: ShippedAnticoagulantRuleSet = {
  id: 'uk-neuraxial',
  name: 'UK neuraxial',
  version: '1.0.0',
  source:
    'NHS Lothian antithrombotic guide, spinal/epidural anaesthesia (consistent with Association of ' +
    'Anaesthetists 2013 guidance). Written for neuraxial blocks; applied to all tiers.',
  rules: [
    ...rulesFor(
      'warfarin',
      allTiers({
        holdHours: null,
        clinicianDecides: 'the UK neuraxial guide sets an INR target of 1.4 or less',
      }),
    ),
    ...(['apixaban', 'rivaroxaban', 'edoxaban'] as const).flatMap((drug) =>
      rulesFor(
        drug,
        allTiers({
          holdHours: 48,
          renal: [{ belowMlPerMin: 30, holdHours: 72 }],
          requiresCreatinineClearance: true,
        }),
      ),
    ),
    ...rulesFor(
      'dabigatran',
      allTiers({
        holdHours: 48,
        renal: [{ belowMlPerMin: 50, holdHours: 96 }],
        requiresCreatinineClearance: true,
        noRuleBelowMlPerMin: 30,
      }),
    ),
    ...rulesFor('clopidogrel', allTiers({ holdHours: 168 })),
    ...rulesFor('heparin-iv', allTiers({ holdHours: 4 })),
    ...rulesFor('enoxaparin-prophylactic', allTiers({ holdHours: 12 })),
    ...rulesFor('enoxaparin-therapeutic', allTiers({ holdHours: 24 })),
    ...rulesFor('aspirin-primary-prevention', allTiers({ holdHours: null })),
    ...rulesFor('aspirin-secondary-prevention', allTiers({ holdHours: null })),
    ...rulesFor('ibuprofen', allTiers({ holdHours: null })),
    ...rulesFor('naproxen', allTiers({ holdHours: null })),
  ],
};

/** The default anticoagulant rule set (the service's clinical decisions (clinical lead): "ASRA/ESRA pain 2018"). */
export const DEFAULT_ANTICOAGULANT_RULE_SET: ShippedAnticoagulantRuleSet = ASRA_ESRA_PAIN_2018;

/** Both shipped anticoagulant rule sets, default first. */
export const ANTICOAGULANT_RULE_SETS: readonly ShippedAnticoagulantRuleSet[] = [
  ASRA_ESRA_PAIN_2018,
  UK_NEURAXIAL,
];
