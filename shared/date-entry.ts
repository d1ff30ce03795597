import { isIsoDate } from './dates';

/**
 * What a person types into a date or time field, read the UK way whatever the computer's locale: day
 * first (07/03/1961, 7/3/1961, 07031961, 07-Mar-1961, 7 March 1961 are all 7 March 1961) and times on the
 * 24-hour clock. Two-digit years are refused (1961 or 2061?). Returns 'YYYY-MM-DD' / 'HH:MM' or null.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function iso(y: number, m: number, d: number): string | null {
  const value = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isIsoDate(value) ? value : null;
}

export function parseDateEntry(typed: string): string | null {
  const t = typed.trim();
  if (t === '') return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return isIsoDate(t) ? t : null;
  let m = /^(\d{2})(\d{2})(\d{4})$/.exec(t);
  if (m) return iso(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$/.exec(t);
  if (m) return iso(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})[/.\- ]?([A-Za-z]{3,9})[/.\- ]?(\d{4})$/.exec(t);
  if (m) {
    const word = m[2]!.toLowerCase();
    const month = MONTHS.findIndex((name) => word.startsWith(name));
    if (month < 0) return null;
    return iso(Number(m[3]), month + 1, Number(m[1]));
  }
  return null;
}

/** A stored 'YYYY-MM-DD' as it is typed back: '07/03/1961'. */
export function formatDateEntry(isoDate: string | null | undefined): string {
  if (!isoDate || !isIsoDate(isoDate)) return isoDate ?? '';
  const [y, mo, d] = isoDate.split('-');
  return `${d}/${mo}/${y}`;
}

export function parseTimeEntry(typed: string): string | null {
  const t = typed.trim().toLowerCase();
  const m = /^(\d{1,2})(?:[:.h]?(\d{2}))?\s*(am|pm)?$/.exec(t);
  if (!m) return null;
  let hours = Number(m[1]);
  const minutes = m[2] === undefined ? 0 : Number(m[2]);
  if (m[3]) {
    if (hours < 1 || hours > 12) return null;
    hours = (hours % 12) + (m[3] === 'pm' ? 12 : 0);
  }
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}
