import { normaliseNhsNumber } from './nhs-number';

/**
 * Letters that carry no separable accent (Unicode gives them no decomposition), folded to what people
 * type on a UK keyboard: "Łukasiewicz" is found by "Lukasiewicz", "Øster" by "Oster", "Strauß" by "Strauss".
 */
const FOLD: Record<string, string> = {
  ł: 'l',
  đ: 'd',
  ð: 'd',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŀ: 'l',
  ŧ: 't',
};
const FOLDABLE = new RegExp(`[${Object.keys(FOLD).join('')}]`, 'g');

/**
 * The comparison key for names: lower case, accents, spaces and punctuation removed, so that "O'Brien",
 * "obrien" and "Ó Briain"-style spellings meet, "Smith-Jones" is found by "smithj" and "Smith Jones", and
 * "Łukasiewicz" by "lukasiewicz". Changing it means re-keying stored names (see migration 0070).
 */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(FOLDABLE, (c) => FOLD[c] ?? c)
    .replace(/[^a-z0-9]/g, '');
}

export type PatientQuery =
  | { kind: 'all' }
  | { kind: 'nhs-number'; nhsNumber: string }
  | { kind: 'hospital-number'; prefix: string }
  | {
      kind: 'name';
      first: string;
      second: string | null;
      commaSeparated: boolean;
      /** Several words without a comma: the keys of all words, of all but the first, of all but the last. */
      words?: { all: string; afterFirst: string; beforeLast: string };
    };

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
  // Surnames are written with spaces too ("Ní Bhriain", "Smith Jones"): all the words may be the surname,
  // or all after the first ("Aoife Ní Bhriain"), or all before the last ("Ní Bhriain Aoife").
  return {
    kind: 'name',
    first: words[0]!,
    second: words[words.length - 1]!,
    commaSeparated: false,
    words: {
      all: words.join(''),
      afterFirst: words.slice(1).join(''),
      beforeLast: words.slice(0, -1).join(''),
    },
  };
}

/** The exclusive upper bound of a prefix range over keys of [a-z0-9] ('~' sorts after 'z'). */
export function prefixUpperBound(prefix: string): string {
  return `${prefix}~`;
}
