import { cleanNumber, formatNumber } from './numbers';
import { unitsFor, type TaperProduct } from './taper-products';

/**
 * The quantities a GP prescribes for one taper step (issue 13: "with the quantities a GP needs to prescribe
 * the step"), worked out from the step's products and its length, each with how it was computed:
 * - tablets/capsules: the units of each strength a day (halves of a scored tablet count as 0.5 of that
 *   tablet) × the days, rounded up to a whole tablet;
 * - patches: one set of patches per change; the changes in the step are its days ÷ the product's change
 *   interval (3 days for 72-hour fentanyl, 7 for weekly buprenorphine), rounded up, so the last patch of the
 *   step is covered;
 * - liquids: the mL a day × the days.
 * As-needed lines give the most that may be needed (the maximum doses in 24 hours × the days), "up to".
 */
export interface SupplyLine {
  /** e.g. "oxycodone 5 mg modified-release tablets". */
  label: string;
  count: number;
  /** "tablets", "capsules", "patches" or "mL". */
  noun: string;
  /** The arithmetic, e.g. "2 a day × 14 days = 28". */
  how: string;
}

export interface StepSupply {
  days: number;
  lines: SupplyLine[];
  /** e.g. "Oxycodone 5 mg modified-release tablets: 28 tablets for 14 days". */
  text: string;
}

export interface StepSupplyInput {
  /** The generic name, e.g. "oxycodone". */
  generic: string;
  product: TaperProduct;
  /** The doses at each time of day (mg), or `[micrograms/hour delivered]` for a patch. */
  administrations: number[];
  /** The step's length in days (from its date to the next step's). */
  days: number;
  asNeeded?: boolean;
}

const EPS = 1e-9;
const plural = (noun: string) => (noun.endsWith('h') ? `${noun}es` : `${noun}s`);
const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function total(perDay: number, days: number, prefix: string): { count: number; how: string } {
  const exact = cleanNumber(perDay * days);
  const count = Math.ceil(exact - EPS);
  const how = `${prefix}${formatNumber(perDay)} a day × ${days} days = ${formatNumber(exact)}`;
  return { count, how: count === exact ? how : `${how}, rounded up to ${count}` };
}

function solidLines(input: StepSupplyInput, p: Extract<TaperProduct, { kind: 'solid' }>): SupplyLine[] {
  const halves = p.halvable ? [Math.min(...p.strengthsMg) / 2] : [];
  const perDay = new Map<number, number>();
  let liquidMgPerDay = 0;
  for (const mg of input.administrations) {
    if (mg <= EPS) continue;
    // Tablets for as much of the dose as they give; the rest (diazepam: 0.5 mg) is oral solution.
    const tabletsMg = p.liquidTopUpMgPerMl ? largestMadeBy(mg, [...p.strengthsMg, ...halves]) : mg;
    liquidMgPerDay = cleanNumber(liquidMgPerDay + (mg - tabletsMg));
    for (const [s, n] of tabletsMg > EPS ? unitsFor(tabletsMg, [...p.strengthsMg, ...halves]) : []) {
      const whole = p.strengthsMg.includes(s) ? s : cleanNumber(s * 2);
      const units = p.strengthsMg.includes(s) ? n : n / 2;
      perDay.set(whole, cleanNumber((perDay.get(whole) ?? 0) + units));
    }
  }
  const noun = p.unit.split(' ').at(-1)!;
  const liquid: SupplyLine[] = [];
  if (p.liquidTopUpMgPerMl && liquidMgPerDay > EPS) {
    const mlPerDay = cleanNumber(liquidMgPerDay / p.liquidTopUpMgPerMl);
    const ml = cleanNumber(mlPerDay * input.days);
    liquid.push({
      label: `${input.generic} ${formatNumber(p.liquidTopUpMgPerMl * 5)} mg/5 mL oral solution`,
      count: ml,
      noun: 'mL',
      how: `${input.asNeeded ? 'at most ' : ''}${formatNumber(liquidMgPerDay)} mg a day = ${formatNumber(mlPerDay)} mL a day × ${input.days} days = ${formatNumber(ml)} mL`,
    });
  }
  return [...perDay.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([s, n]) => {
      const { count, how } = total(n, input.days, input.asNeeded ? 'at most ' : '');
      return {
        label: `${input.generic} ${formatNumber(s)} mg ${plural(p.unit)}`,
        count,
        noun: plural(noun),
        how,
      };
    })
    .concat(liquid);
}

/** The largest part of `mg` (at or below it) that the strengths can make exactly, on a 0.5 mg grid. */
function largestMadeBy(mg: number, strengths: number[]): number {
  for (let x = Math.floor(mg * 2 + EPS) / 2; x > EPS; x = cleanNumber(x - 0.5)) {
    const made = unitsFor(x, strengths).reduce((a, [s, n]) => a + s * n, 0);
    if (Math.abs(made - x) < EPS) return x;
  }
  return 0;
}

function patchLines(input: StepSupplyInput, p: Extract<TaperProduct, { kind: 'patch' }>): SupplyLine[] {
  const delivered = input.administrations[0] ?? 0;
  if (delivered <= EPS) return [];
  const changes = Math.ceil(cleanNumber(input.days / p.changeEveryDays) - EPS);
  const ratio = formatNumber(Math.round((input.days / p.changeEveryDays) * 10) / 10);
  const changesHow =
    changes === cleanNumber(input.days / p.changeEveryDays)
      ? `${input.days} days ÷ ${p.changeEveryDays} = ${changes} changes`
      : `${input.days} days ÷ ${p.changeEveryDays} = ${ratio}, rounded up to ${changes} changes`;
  return unitsFor(
    delivered,
    p.patches.map((x) => x.delivered),
  ).map(([d, n]) => {
    const labelled = p.patches.find((x) => x.delivered === d)!.labelled;
    return {
      label: `${input.generic} ${formatNumber(labelled)} micrograms/hour patches`,
      count: n * changes,
      noun: 'patches',
      how: `${n} patch${n === 1 ? '' : 'es'} at a time, a new one every ${p.changeEveryDays} days: ${changesHow}; ${n} × ${changes} = ${n * changes}`,
    };
  });
}

function liquidLines(input: StepSupplyInput, p: Extract<TaperProduct, { kind: 'liquid' }>): SupplyLine[] {
  const mlPerDay = cleanNumber(input.administrations.reduce((a, b) => a + b, 0) / p.mgPerMl);
  if (mlPerDay <= EPS) return [];
  const ml = cleanNumber(mlPerDay * input.days);
  return [
    {
      label: `${input.generic} ${formatNumber(p.mgPerMl)} mg/mL oral liquid`,
      count: ml,
      noun: 'mL',
      how: `${input.asNeeded ? 'at most ' : ''}${formatNumber(mlPerDay)} mL a day × ${input.days} days = ${formatNumber(ml)} mL`,
    },
  ];
}

/** The quantities for one step, or null for a stop step, a step with no length, or a product unknown. */
export function stepSupply(input: StepSupplyInput): StepSupply | null {
  if (!(input.days > 0) || input.administrations.every((a) => a <= EPS)) return null;
  const p = input.product;
  const lines =
    p.kind === 'solid'
      ? solidLines(input, p)
      : p.kind === 'patch'
        ? patchLines(input, p)
        : liquidLines(input, p);
  if (lines.length === 0) return null;
  const up = input.asNeeded ? 'up to ' : '';
  const parts = lines.map(
    (l) => `${l.label}: ${up}${formatNumber(l.count)}${l.noun === 'mL' ? ' mL' : ` ${l.noun}`}`,
  );
  const text =
    parts.length === 1
      ? `${upper(parts[0]!)} for ${input.days} days`
      : `${upper(parts.join('; '))}; for ${input.days} days`;
  return { days: input.days, lines, text };
}
