/**
 * Plain-words instructions from an approved hold plan, for the patient letter and the GP: weekday, date
 * and part of the day ("Last dose of apixaban: Thursday 24 December, morning."). No ISO dates, no codes.
 */
import { dayOfWeekName, parseLocalDateTime } from './plain-dates';
import { MONTH_NAMES } from '../mdt/time';
import { ruleSetText, type HoldPlan } from './holds';

/** "Thursday 24 December" for a 'YYYY-MM-DD…' local date. */
export function weekdayDate(local: string): string {
  const { year, month, day } = parseLocalDateTime(local);
  return `${dayOfWeekName(year, month, day)} ${day} ${MONTH_NAMES[month - 1] ?? ''}`;
}

/** Morning before 12:00, afternoon before 17:00, evening after. */
function partOfDay(hour: number): string {
  if (hour < 12) return 'morning';
  if (hour < 17) return 'afternoon';
  return 'evening';
}

/**
 * The patient's and GP's instructions for one drug, in plain words. Empty when the plan holds nothing or
 * could not be computed (a clinician decides, and writes the instruction).
 */
export function holdInstructions(
  drug: string,
  plan: HoldPlan,
  options: {
    /**
     * For a spinal cord stimulator trial: the leads stay in for the trial (3-8 days) and come out at a
     * second visit, so the restart is tied to that removal (the episode's date once recorded), never to
     * the insertion alone.
     */
    scsTrial?: { leadsRemovedOn: string | null };
  } = {},
): string[] {
  if (plan.status !== 'hold' || !plan.latestLastDoseAt) return [];
  const name = drug.trim();
  const out: string[] = [];
  if (plan.lastScheduledDoseAt) {
    const t = parseLocalDateTime(plan.lastScheduledDoseAt);
    out.push(
      `Last dose of ${name}: ${weekdayDate(plan.lastScheduledDoseAt)}, ${partOfDay(t.hour)} (the ${t.time} dose).`,
    );
  } else {
    const t = parseLocalDateTime(plan.latestLastDoseAt);
    out.push(`Last dose of ${name}: no later than ${t.time} on ${weekdayDate(plan.latestLastDoseAt)}.`);
  }
  out.push(`Do not take ${name} after that until the procedure is over.`);
  if (plan.restartNotBefore && options.scsTrial) {
    const r = parseLocalDateTime(plan.restartNotBefore);
    const earliest = `${r.time} on ${weekdayDate(plan.restartNotBefore)}`;
    const removed = options.scsTrial.leadsRemovedOn;
    // The rule set's restart hours count from the procedure (the insertion); it gives none after the lead
    // removal, so no time is invented for it. The computed time still binds only if it falls on or after
    // the removal day (the removal's time of day is not recorded).
    const stillBinds = removed !== null && plan.restartNotBefore.slice(0, 10) >= removed;
    out.push(
      removed
        ? `Restart ${name}: the trial leads were removed on ${weekdayDate(removed)}. ` +
            `The guideline, ${ruleSetText(plan.ruleSet)}, gives no number of hours after a lead removal, so no time is set here: ` +
            `restart only when the team confirms there was no bleeding after the removal` +
            `${stillBinds ? `, and not before ${earliest}` : ''}.`
        : `Restart ${name}: not while the trial leads are in. Not before ${earliest}, and only when the team has removed the leads and confirms there was no bleeding.`,
    );
  } else if (plan.restartNotBefore) {
    const r = parseLocalDateTime(plan.restartNotBefore);
    out.push(
      `Restart ${name}: not before ${r.time} on ${weekdayDate(plan.restartNotBefore)}, if the team confirms there was no bleeding.`,
    );
  }
  return out;
}
