import { ClinicalInputError } from '../errors';
import { cleanNumber, describe, formatNumber, normaliseDrugName, requireNonNegative } from './numbers';
import type { OmeFactor, OmeRuleSet, PatchRule } from './rule-sets';
import { OPIOIDS_AWARE_2020, validateOmeRuleSet } from './rule-sets';
import type { OmeItem, OmeResult, OpioidDose, OpioidRoute } from './types';
import { OPIOID_ROUTES } from './types';

interface CheckedDose {
  index: number;
  drug: string;
  route: OpioidRoute;
  /** mg/24h, or mcg/h for transdermal. */
  amount: number;
}

function checkDose(dose: unknown, index: number): CheckedDose {
  const field = `doses.${index}`;
  if (!dose || typeof dose !== 'object') {
    throw new ClinicalInputError('INVALID_INPUT', `Opioid ${index + 1} is missing.`, field);
  }
  const d = dose as Partial<Record<keyof OpioidDose, unknown>>;
  const drug = normaliseDrugName(d.drug, `${field}.drug`);
  const route = d.route;
  if (typeof route !== 'string' || !(OPIOID_ROUTES as readonly string[]).includes(route)) {
    throw new ClinicalInputError(
      'INVALID_ROUTE',
      `Unknown route ${describe(route)} for ${drug}. Use one of: ${OPIOID_ROUTES.join(', ')}.`,
      `${field}.route`,
    );
  }
  const r = route as OpioidRoute;
  if (r === 'transdermal') {
    if (d.mcgPerHour === undefined) {
      throw new ClinicalInputError(
        'INVALID_DOSE',
        `The ${drug} patch needs its strength in micrograms per hour.`,
        `${field}.mcgPerHour`,
      );
    }
    if (d.mgPer24h !== undefined) {
      throw new ClinicalInputError(
        'INVALID_DOSE',
        `Give the ${drug} patch strength in micrograms per hour only, not mg per 24 hours.`,
        `${field}.mgPer24h`,
      );
    }
    const amount = requireNonNegative(d.mcgPerHour, `${field}.mcgPerHour`, `The ${drug} patch strength`);
    return { index, drug, route: r, amount };
  }
  if (d.mgPer24h === undefined) {
    throw new ClinicalInputError(
      'INVALID_DOSE',
      `The ${drug} (${r}) dose needs the total mg per 24 hours.`,
      `${field}.mgPer24h`,
    );
  }
  if (d.mcgPerHour !== undefined) {
    throw new ClinicalInputError(
      'INVALID_DOSE',
      `Micrograms per hour is for patches only; give the ${drug} (${r}) dose in mg per 24 hours.`,
      `${field}.mcgPerHour`,
    );
  }
  const amount = requireNonNegative(d.mgPer24h, `${field}.mgPer24h`, `The ${drug} (${r}) daily dose`);
  return { index, drug, route: r, amount };
}

function findFactor(rows: OmeFactor[], drug: string, route: OpioidRoute): OmeFactor | undefined {
  return rows.find((row) => row.drug === drug && row.route === route);
}

function convertByFactor(dose: CheckedDose, row: OmeFactor): { ome: number; arithmetic: string } {
  const start = `${dose.drug} ${dose.route} ${formatNumber(dose.amount)} mg/24h`;
  if (row.unit === 'per-mcg') {
    const mcg = cleanNumber(dose.amount * 1000);
    const ome = cleanNumber(mcg * row.factor);
    return {
      ome,
      arithmetic: `${start} = ${formatNumber(mcg)} micrograms/24h × ${formatNumber(row.factor)} = ${formatNumber(ome)} mg OME`,
    };
  }
  const ome = cleanNumber(dose.amount * row.factor);
  return { ome, arithmetic: `${start} × ${formatNumber(row.factor)} = ${formatNumber(ome)} mg OME` };
}

/** The most patches worn at once that a recorded amount may stand for (so 96 is not "eight 12s"). */
export const MAX_PATCHES_AT_ONCE = 4;

/** The fewest patches of the listed strengths that add up to `target` (in tenths), or null. */
function fewestPatches(target: number, strengths: number[]): number[] | null {
  const units = strengths.map((x) => Math.round(x * 10));
  const goal = Math.round(target * 10);
  if (goal <= 0 || goal > 20_000 || Math.abs(goal - target * 10) > 1e-6) return null;
  const best: (number[] | null)[] = [[]];
  for (let n = 1; n <= goal; n++) {
    let pick: number[] | null = null;
    units.forEach((u, i) => {
      const rest = n >= u ? best[n - u] : null;
      if (rest && (pick === null || rest.length + 1 < pick.length)) pick = [...rest, strengths[i]!];
    });
    best.push(pick);
  }
  const out = best[goal];
  return out && out.length <= MAX_PATCHES_AT_ONCE ? [...out].sort((a, b) => b - a) : null;
}

/**
 * The patches (labelled strengths, largest first) that make a recorded patch amount: the fewest patches
 * whose labelled strengths add up to it (fentanyl 37 = 25 + 12), else whose delivered strengths add up to it
 * (fentanyl 37.5 = 25 + 12, the 12 delivering 12.5). A single listed strength is itself. Null when no
 * combination of listed strengths makes the amount.
 */
export function patchCombination(amount: number, rule: PatchRule): number[] | null {
  const labelled = rule.table.map((r) => r.mcgPerHour);
  if (labelled.includes(amount)) return [amount];
  const byLabel = fewestPatches(amount, labelled);
  if (byLabel) return byLabel;
  const delivered = rule.table.map((r) => r.deliveredMcgPerHour ?? r.mcgPerHour);
  const byDelivered = fewestPatches(amount, delivered);
  if (!byDelivered) return null;
  return byDelivered.map((d) => rule.table[delivered.indexOf(d)]!.mcgPerHour);
}

/** What a recorded patch amount really delivers (fentanyl 12 = 12.5; 37 = 25 + 12 = 37.5 micrograms/hour). */
export function deliveredMcgPerHour(amount: number, rule: PatchRule): number {
  const combo = patchCombination(amount, rule);
  if (!combo) return amount;
  return cleanNumber(
    combo.reduce((sum, s) => sum + (rule.table.find((r) => r.mcgPerHour === s)?.deliveredMcgPerHour ?? s), 0),
  );
}

function patchItem(rule: PatchRule, doses: CheckedDose[], ruleSetName: string): OmeItem {
  const first = doses[0] as CheckedDose;
  const base = {
    drug: first.drug,
    route: 'transdermal',
    doseIndices: doses.map((d) => d.index),
  };
  // One listed strength on its own: the table row, as published.
  const single = doses.length === 1 ? rule.table.find((r) => r.mcgPerHour === first.amount) : undefined;
  if (single) {
    return {
      ...base,
      input: { amount: first.amount, unit: 'mcg/h' as const },
      omeMgPer24h: single.omeMgPer24h,
      factor: cleanNumber(single.omeMgPer24h / single.mcgPerHour),
      status: 'counted',
      explanation: `${first.drug} transdermal ${formatNumber(first.amount)} micrograms/hour: table row ${formatNumber(single.mcgPerHour)} micrograms/hour = ${formatNumber(single.omeMgPer24h)} mg OME`,
    };
  }
  // Patches combined (in one line or several): add what each patch really delivers, then convert.
  const parts: string[] = [];
  let total = 0;
  for (const d of doses) {
    const combo = patchCombination(d.amount, rule) ?? [d.amount];
    for (const s of combo) {
      const delivered = rule.table.find((r) => r.mcgPerHour === s)?.deliveredMcgPerHour;
      parts.push(
        delivered !== undefined
          ? `${formatNumber(s)} (delivers ${formatNumber(delivered)})`
          : formatNumber(s),
      );
      total = cleanNumber(total + (delivered ?? s));
    }
  }
  const strengths =
    parts.length > 1
      ? `${parts.join(' + ')} = ${formatNumber(total)} micrograms/hour`
      : `${parts[0]!} micrograms/hour`;
  const prefix = `${first.drug} transdermal ${parts.length > 1 ? 'patches ' : ''}${strengths}`;
  const withInput = { ...base, input: { amount: total, unit: 'mcg/h' as const } };
  const row = rule.table.find((r) => (r.deliveredMcgPerHour ?? r.mcgPerHour) === total);
  if (row) {
    return {
      ...withInput,
      omeMgPer24h: row.omeMgPer24h,
      factor: cleanNumber(row.omeMgPer24h / total),
      status: 'counted',
      explanation: `${prefix}: table row ${formatNumber(row.mcgPerHour)} micrograms/hour = ${formatNumber(row.omeMgPer24h)} mg OME`,
    };
  }
  const f = rule.unlistedFactorPerMcgPerHour;
  if (f === null) {
    const reason = `${formatNumber(total)} micrograms/hour is not a listed ${first.drug} patch strength in ${ruleSetName}, which gives no factor for other strengths; not totalled.`;
    return {
      ...withInput,
      omeMgPer24h: null,
      factor: null,
      reason,
      status: 'not-totalled',
      explanation: reason,
    };
  }
  const ome = cleanNumber(total * f);
  return {
    ...withInput,
    omeMgPer24h: ome,
    factor: f,
    status: 'counted',
    explanation: `${prefix} (not a listed strength) × ${formatNumber(f)} = ${formatNumber(ome)} mg OME`,
  };
}

function notTotalled(dose: CheckedDose, reason: string): OmeItem {
  return {
    drug: dose.drug,
    route: dose.route,
    omeMgPer24h: null,
    factor: null,
    reason,
    status: 'not-totalled',
    explanation: `${dose.drug} ${dose.route}: not totalled. ${reason}`,
    input: { amount: dose.amount, unit: dose.route === 'transdermal' ? 'mcg/h' : 'mg/24h' },
    doseIndices: [dose.index],
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * Total daily opioid load as oral morphine equivalent (OME, mg per 24 hours), using a rule set
 * (default: {@link OPIOIDS_AWARE_2020}).
 *
 * - Oral and other factor routes: `mgPer24h × factor`.
 * - Patches: all patches of one drug are added together first, then the summed strength is looked up in
 *   the patch table; a strength not in the table is multiplied by the rule set's unlisted factor (2.4).
 * - Low-confidence (parenteral) factors count in the total, set `estimated: true` and name the item.
 * - Never-totalled items (methadone, sublingual buprenorphine, transmucosal fentanyl) and any drug/route
 *   without a factor get `omeMgPer24h: null`, a reason, and make the result `complete: false`.
 *
 * The total keeps full precision (binary floating-point noise removed); display it to 1 decimal place and
 * compare thresholds on the unrounded value. The OME is for review only: it must never be used to work out a
 * dose of a different opioid.
 *
 * @throws ClinicalInputError for an unknown route (`INVALID_ROUTE`), a negative or non-numeric dose, a
 *   patch without `mcgPerHour` or another route without `mgPer24h` (`INVALID_DOSE`), or an invalid rule set.
 */
export function calculateOme(doses: OpioidDose[], ruleSet: OmeRuleSet = OPIOIDS_AWARE_2020): OmeResult {
  validateOmeRuleSet(ruleSet);
  if (!Array.isArray(doses)) {
    throw new ClinicalInputError('INVALID_INPUT', 'The opioid list is missing.', 'doses');
  }
  const checked = doses.map((dose, i) => checkDose(dose, i));
  const ruleSetName = ruleSet.meta.name;

  // Patches of one drug are converted together, at the position of the first one.
  const patchGroups = new Map<string, CheckedDose[]>();
  const slots: ({ kind: 'item'; item: OmeItem } | { kind: 'patch'; drug: string; rule: PatchRule })[] = [];

  for (const dose of checked) {
    const never = ruleSet.neverTotalled.find(
      (rule) => rule.drug === dose.drug && (rule.routes === 'all' || rule.routes.includes(dose.route)),
    );
    if (never) {
      slots.push({ kind: 'item', item: notTotalled(dose, never.reason) });
      continue;
    }
    if (dose.route === 'transdermal') {
      const rule = ruleSet.patches.find((p) => p.drug === dose.drug);
      if (!rule) {
        slots.push({
          kind: 'item',
          item: notTotalled(dose, `${ruleSetName} has no patch conversion for ${dose.drug}.`),
        });
        continue;
      }
      const group = patchGroups.get(dose.drug);
      if (group) {
        group.push(dose);
      } else {
        patchGroups.set(dose.drug, [dose]);
        slots.push({ kind: 'patch', drug: dose.drug, rule });
      }
      continue;
    }
    const standard = findFactor(ruleSet.factors, dose.drug, dose.route);
    if (standard) {
      const { ome, arithmetic } = convertByFactor(dose, standard);
      slots.push({
        kind: 'item',
        item: {
          drug: dose.drug,
          route: dose.route,
          omeMgPer24h: ome,
          factor: standard.factor,
          status: 'counted',
          explanation: arithmetic,
          input: { amount: dose.amount, unit: 'mg/24h' },
          doseIndices: [dose.index],
        },
      });
      continue;
    }
    const low = findFactor(ruleSet.lowConfidenceFactors, dose.drug, dose.route);
    if (low) {
      const { ome, arithmetic } = convertByFactor(dose, low);
      const per = low.unit === 'per-mcg' ? ' per microgram' : '';
      slots.push({
        kind: 'item',
        item: {
          drug: dose.drug,
          route: dose.route,
          omeMgPer24h: ome,
          factor: low.factor,
          reason:
            `Estimated conversion: ${dose.drug} ${dose.route} uses a low-confidence factor ` +
            `(${formatNumber(low.factor)}${per}) from ${low.source}.`,
          status: 'estimated',
          explanation: `${arithmetic} (estimated)`,
          input: { amount: dose.amount, unit: 'mg/24h' },
          doseIndices: [dose.index],
        },
      });
      continue;
    }
    slots.push({
      kind: 'item',
      item: notTotalled(dose, `No conversion factor for ${dose.drug} ${dose.route} in ${ruleSetName}.`),
    });
  }

  const items: OmeItem[] = slots.map((slot) =>
    slot.kind === 'item' ? slot.item : patchItem(slot.rule, patchGroups.get(slot.drug) ?? [], ruleSetName),
  );

  const total = cleanNumber(items.reduce((sum, item) => sum + (item.omeMgPer24h ?? 0), 0));
  const excluded = unique(
    items.filter((i) => i.status === 'not-totalled').map((i) => `${i.drug} ${i.route}`),
  );
  const estimatedItems = unique(
    items.filter((i) => i.status === 'estimated').map((i) => `${i.drug} ${i.route}`),
  );
  const cautions: string[] = [];
  if (estimatedItems.length > 0) {
    cautions.push(`Includes an estimated conversion: ${estimatedItems.join(', ')}.`);
  }
  if (excluded.length > 0) {
    cautions.push(`Incomplete total: not included: ${excluded.join(', ')}.`);
  }

  return {
    totalMgPer24h: total,
    complete: excluded.length === 0,
    estimated: estimatedItems.length > 0,
    items,
    ruleSet: { id: ruleSet.meta.id, name: ruleSet.meta.name, version: ruleSet.meta.version },
    excluded,
    estimatedItems,
    cautions,
  };
}
