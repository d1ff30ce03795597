/**
 * SSRIs and SNRIs before pain procedures (issue 14: "NSAIDs and SSRIs/SNRIs follow the rule set").
 *
 * ASRA/ESRA pain 2018 (Narouze S, et al. Reg Anesth Pain Med 2018;43:225-262), in substance: SSRIs and
 * SNRIs raise the bleeding risk modestly, more so with antiplatelets or anticoagulants; for HIGH-risk
 * procedures (spinal cord stimulation trial or implant, intrathecal pump, ...) stopping them MAY be
 * considered after a shared assessment with the prescriber, weighing the risks of stopping (relapse,
 * discontinuation syndrome); for intermediate- and low-risk procedures they continue.
 *
 * The source gives no hold hours, so this rule set has none: it never proposes a stop or a hold plan. For a
 * high-risk procedure it raises one readiness warning per drug, which a clinician acknowledges with a
 * reason (audited like every readiness override). Intermediate or low risk: nothing.
 *
 * Not clinical sign-off: the service's pharmacist must check the drug list and wording before use.
 * Pure: no I/O, no clock.
 */
import type { RuleSetMeta } from '../errors';
import type { BleedingRisk } from './holds';

export type SerotonergicClass = 'SSRI' | 'SNRI';

/** The rule set: which generics are SSRIs or SNRIs, and the procedure tiers that raise the warning. */
export interface SerotonergicRuleSet extends RuleSetMeta {
  drugs: Readonly<Record<string, SerotonergicClass>>;
  /** Procedure bleeding-risk tiers at which a shared decision with the prescriber is suggested. */
  discussAt: readonly BleedingRisk[];
}

export const SEROTONERGIC_ASRA_ESRA_2018: SerotonergicRuleSet = {
  id: 'serotonergic-asra-esra-pain-2018',
  name: 'SSRIs and SNRIs before pain procedures (ASRA/ESRA pain 2018)',
  version: '1',
  source:
    'Narouze S, et al. Interventional spine and pain procedures in patients on antiplatelet and anticoagulant medications (second edition). ASRA/ESRA/AAPM/INS/NANS/WIP guidelines. Reg Anesth Pain Med 2018;43:225-262.',
  drugs: {
    sertraline: 'SSRI',
    citalopram: 'SSRI',
    escitalopram: 'SSRI',
    fluoxetine: 'SSRI',
    paroxetine: 'SSRI',
    fluvoxamine: 'SSRI',
    duloxetine: 'SNRI',
    venlafaxine: 'SNRI',
  },
  discussAt: ['high'],
};

/** An SSRI or SNRI found on the patient's medicines list. */
export interface ListedSerotonergic {
  /** Lower-case generic name, e.g. 'duloxetine'. */
  drug: string;
  drugClass: SerotonergicClass;
}

/**
 * The SSRIs and SNRIs among the patient's active medicine lines (by generic name, then by the display name
 * for a line not on the formulary), each once, in list order.
 */
export function serotonergicFromMedicines(
  lines: readonly { generic: string; name: string }[],
  rules: SerotonergicRuleSet = SEROTONERGIC_ASRA_ESRA_2018,
): ListedSerotonergic[] {
  const out: ListedSerotonergic[] = [];
  for (const line of lines) {
    const drug = matchDrug(line.generic, rules) ?? matchDrug(line.name, rules);
    if (drug && !out.some((o) => o.drug === drug)) out.push({ drug, drugClass: rules.drugs[drug]! });
  }
  return out;
}

/** The rule set's generic named in `text` as a whole word ('Sertraline 50mg tablets' → 'sertraline'). */
function matchDrug(text: string, rules: SerotonergicRuleSet): string | null {
  const words = text.toLowerCase().split(/[^a-z]+/);
  return Object.keys(rules.drugs).find((d) => words.includes(d)) ?? null;
}

/** The readiness item id for one drug (one acknowledgement per drug). */
export const serotonergicItemId = (drug: string): string => `serotonergic-${drug}`;

/** One readiness warning per SSRI/SNRI when the procedure's tier (as raised by patient factors) is high. */
export function serotonergicReadinessItems(
  listed: readonly ListedSerotonergic[],
  tier: BleedingRisk | null,
  rules: SerotonergicRuleSet = SEROTONERGIC_ASRA_ESRA_2018,
): { gate: 'B'; id: string; title: string; status: 'warn'; message: string }[] {
  if (tier === null || !rules.discussAt.includes(tier)) return [];
  return listed.map((s) => ({
    gate: 'B',
    id: serotonergicItemId(s.drug),
    title: `${s.drug.charAt(0).toUpperCase()}${s.drug.slice(1)} (${s.drugClass}) before a high-risk procedure`,
    status: 'warn',
    message: `On ${s.drug} (an ${s.drugClass}): for a high-risk procedure, discuss with the prescriber whether to pause it; most patients continue (ASRA/ESRA 2018).`,
  }));
}
