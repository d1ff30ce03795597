import { addCalendarDays, calendarDaysBetween } from '../calendar';
import { formatDateGb } from '../../dates';
import {
  bankHolidayOn,
  ENGLAND_WALES_BANK_HOLIDAYS,
  type BankHolidayRuleSet,
} from '../interventions/bank-holidays';
import { avoidNonWorkingDays, dayOfWeek, isNonWorkingDay } from './taper-dates';
import type { TaperProduct } from './taper-products';

/**
 * Why a taper step lasts longer than the plan's interval, in words a GP and a patient understand. A GP
 * letter that asks for 28 days of a step in a 2-weekly plan must say why. A step grows longer when:
 * - the planned reduction on a step date cannot be given with the strengths available without going faster
 *   than planned (a patch strength limit, a tablet or capsule strength, a volume that cannot be measured),
 *   so the engine keeps the dose to the next step date (planTaper, planProductTaper, planPrnTaper);
 * - the next step is moved off a weekend or bank holiday (avoidNonWorkingDays);
 * - a review holds the step or steps back to it, the plan is paused, or the dose is changed outside the plan.
 * Each cause is a sentence stored with the step when it arises (taper_steps.length_causes); the length itself
 * is read from the dates, so a later hold never leaves a stale number of weeks.
 */

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** "Monday 29-Mar-2027". */
export function dayAndDate(date: string): string {
  return `${WEEKDAYS[dayOfWeek(date)]} ${formatDateGb(date)}`;
}

/** "4 weeks", "1 week", "15 days". */
export function lengthWords(days: number): string {
  if (days % 7 === 0) return days === 7 ? '1 week' : `${days / 7} weeks`;
  return days === 1 ? '1 day' : `${days} days`;
}

const listDates = (dates: string[]) =>
  dates.length <= 1 ? (dates[0] ?? '') : `${dates.slice(0, -1).join(', ')} and ${dates.at(-1)}`;

/** What the doses are made with, for the rounding sentence. */
export function strengthWords(product: TaperProduct | null): string {
  if (!product) return 'with the strengths on the formulary';
  if (product.kind === 'patch') return 'with the patch strengths available';
  if (product.kind === 'liquid') return 'as a volume of the oral solution that can be measured (0.5 mL)';
  return `with the ${product.unit} strengths available`;
}

/**
 * The rounding causes of a plan as the engine made it (before any date is moved): a step that lasts longer
 * than `intervalDays` does so because the reduction due on each step date in between would not lower the dose
 * once rounded up to what the products give. Returns one list of sentences per step (empty when none).
 */
export function roundingCauses(
  steps: readonly { date: string }[],
  intervalDays: number,
  product: TaperProduct | null,
): string[][] {
  return steps.map((s, i) => {
    const next = steps[i + 1];
    if (!next) return [];
    const days = calendarDaysBetween(s.date, next.date);
    if (days <= intervalDays) return [];
    const skipped: string[] = [];
    for (let d = intervalDays; d < days; d += intervalDays)
      skipped.push(formatDateGb(addCalendarDays(s.date, d)));
    const one = skipped.length === 1;
    return [
      `The reduction${one ? '' : 's'} due on ${listDates(skipped)} could not be given ` +
        `${strengthWords(product)} without going faster than planned, so the dose stays the same until the ` +
        'next step.',
    ];
  });
}

function nonWorkingWhy(date: string, holidays: BankHolidayRuleSet): string {
  const holiday = bankHolidayOn(holidays, date);
  if (holiday) return `${holiday.name}, a bank holiday`;
  return 'a weekend';
}

/**
 * The causes added by moving step dates off weekends and bank holidays: `before` and `after` are the same
 * steps before and after {@link avoidNonWorkingDays}. A step grows longer when the next step moved further than
 * it did; the sentence names where the next step would have fallen and where it falls.
 */
export function movedDateCauses(
  before: readonly { date: string }[],
  after: readonly { date: string }[],
  holidays: BankHolidayRuleSet = ENGLAND_WALES_BANK_HOLIDAYS,
): string[][] {
  return after.map((s, i) => {
    const next = after[i + 1];
    const b = before[i];
    const bNext = before[i + 1];
    if (!next || !b || !bNext) return [];
    const shiftThis = calendarDaysBetween(b.date, s.date);
    const wouldBe = addCalendarDays(bNext.date, shiftThis);
    if (next.date <= wouldBe || !isNonWorkingDay(wouldBe, holidays)) return [];
    return [
      `The next step was moved from ${dayAndDate(wouldBe)} (${nonWorkingWhy(wouldBe, holidays)}) to ` +
        `${dayAndDate(next.date)}, so that it starts on a day the surgery and pharmacy are open.`,
    ];
  });
}

/**
 * The note shown with a step (plan screen, GP letter, patient calendar) when it lasts longer than the plan's
 * interval: how long, against the interval, and why. Null when the step is not longer (or is the last).
 */
export function stepLengthNote(
  step: { date: string },
  next: { date: string } | undefined,
  intervalDays: number,
  causes: readonly string[],
): string | null {
  if (!next) return null;
  const days = calendarDaysBetween(step.date, next.date);
  if (days <= intervalDays) return null;
  const head = `This dose lasts ${lengthWords(days)}, not the plan’s ${lengthWords(intervalDays)}`;
  return causes.length > 0
    ? `${head}. ${causes.join(' ')}`
    : `${head} (the reason was not recorded with this plan).`;
}

/** A step that carries the sentences saying why it lasts longer than the plan's interval. */
export type WithLengthCauses<T> = T & { lengthCauses: string[] };

/**
 * Moves step dates off weekends and bank holidays (from `fromIndex` on, as {@link avoidNonWorkingDays}) and
 * adds the sentence for each step that grows longer to the causes it already has.
 */
export function avoidNonWorkingDaysExplained<
  T extends { date: string; lengthCauses?: readonly string[] | null },
>(
  steps: readonly T[],
  fromIndex = 1,
  holidays: BankHolidayRuleSet = ENGLAND_WALES_BANK_HOLIDAYS,
): WithLengthCauses<T>[] {
  const moved = avoidNonWorkingDays(steps, fromIndex, holidays);
  const causes = movedDateCauses(steps, moved, holidays);
  return moved.map((s, i) => ({ ...s, lengthCauses: [...(s.lengthCauses ?? []), ...(causes[i] ?? [])] }));
}

/**
 * A plan's steps as the engine made them, with why each longer step is longer: the rounding causes, then
 * (when asked) the dates moved off weekends and bank holidays.
 */
export function explainStepLengths<T extends { date: string }>(
  steps: readonly T[],
  intervalDays: number,
  product: TaperProduct | null,
  avoidWeekends: boolean,
  holidays: BankHolidayRuleSet = ENGLAND_WALES_BANK_HOLIDAYS,
): WithLengthCauses<T>[] {
  const rounding = roundingCauses(steps, intervalDays, product);
  const withCauses = steps.map((s, i) => ({ ...s, lengthCauses: rounding[i] ?? [] }));
  return avoidWeekends ? avoidNonWorkingDaysExplained(withCauses, 1, holidays) : withCauses;
}
