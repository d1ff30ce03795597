import { normaliseNhsNumber } from './nhs-number';

/**
 * The comparison key for names: lower case, accents and punctuation removed, so that "O'Brien",
 * "obrien" and "Ó Briain"-style spellings meet, and "Smith-Jones" is found by "smithj".
 */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export type PatientQuery =
  | { kind: 'all' }
  | { kind: 'nhs-number'; nhsNumber: string }
  | { kind: 'hospital-number'; prefix: string }
  | { kind: 'name'; first: string; second: string | null; commaSeparated: boolean };

/**
 * Reads what a clinician typed into the one search box:
 * - ten digits, with or without spaces or hyphens → NHS number (exact);
 * - anything else with a digit → hospital number (prefix);
 * - "smith" → surname prefix; "smith, jo" → surname and forename prefixes;
 *   "jo smith" → either order of surname and forename.
 */
export function parsePatientQuery(raw: string): PatientQuery {
  const q = raw.trim();
  if (q === '') return { kind: 'all' };
  const digits = normaliseNhsNumber(q);
  if (/^\d{10}$/.test(digits)) return { kind: 'nhs-number', nhsNumber: digits };
  if (/\d/.test(q)) return { kind: 'hospital-number', prefix: q.replace(/\s+/g, '').toUpperCase() };
  if (q.includes(',')) {
    const [surname, forename] = q.split(',', 2).map((s) => nameKey(s ?? ''));
    return { kind: 'name', first: surname ?? '', second: forename ? forename : null, commaSeparated: true };
  }
  const words = q.split(/\s+/).map(nameKey).filter(Boolean);
  if (words.length === 0) return { kind: 'all' };
  if (words.length === 1) return { kind: 'name', first: words[0]!, second: null, commaSeparated: false };
  // "Mary Ann Smith": the last word against surname, the first against forename (and the reverse).
  return { kind: 'name', first: words[0]!, second: words[words.length - 1]!, commaSeparated: false };
}

/** The exclusive upper bound of a prefix range over keys of [a-z0-9] ('~' sorts after 'z'). */
export function prefixUpperBound(prefix: string): string {
  return `${prefix}~`;
}
