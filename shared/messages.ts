import { formatDateGb } from './dates';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The last guard on what a person reads from a rule or a service: a leading field name ("doseTimes: give a
 * list...") is dropped and ISO dates and local date-times are shown en-GB ("2026-11-30T08:30" becomes
 * "30-Nov-2026 08:30"). Messages should be written this way at their source; this catches the rest.
 */
export function forPeople(message: string): string {
  const unprefixed = message.replace(/^[a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*: /, '');
  const stripped = unprefixed !== message;
  let m = unprefixed;
  m = m.replace(
    /\b(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?Z?)?/g,
    (all, y, mo, d, h, mi) =>
      Number(mo) >= 1 && Number(mo) <= 12 ? `${d}-${MONTHS[Number(mo) - 1]}-${y} ${h}:${mi}` : all,
  );
  m = m.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (date) => formatDateGb(date));
  return stripped ? m.charAt(0).toUpperCase() + m.slice(1) : m;
}
