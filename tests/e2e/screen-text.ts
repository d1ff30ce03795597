import type { Page } from 'playwright-core';

/**
 * Developer text on a clinician's screen (issue 15): "[object Object]", "undefined", "NaN", ISO timestamps
 * (2026-01-02T…), field paths with dots (subscales.interference, patient.dateOfBirth) and file references
 * (notes.md). Reusable by any e2e test: `expect(await developerText(page)).toEqual([])`.
 */

const FILE_TYPES = new Set(['sqlite', 'csv', 'pdf', 'zip', 'txt', 'xlsx', 'docx']);
const TLDS = new Set(['uk', 'com', 'org', 'net', 'gov', 'nhs', 'ac', 'io', 'int', 'edu', 'scot', 'wales']);

/** A dotted path that looks like code: a camelCase segment, or two or more long lowercase segments. */
function isFieldPath(path: string): boolean {
  const parts = path.split('.');
  if (parts.some((p) => TLDS.has(p.toLowerCase()))) return false; // a web address
  if (FILE_TYPES.has(parts[parts.length - 1]!.toLowerCase())) return false; // a file a person saves or opens
  if (parts.every((p) => p.length <= 2)) return false; // e.g., i.e.
  if (parts.some((p) => /^[a-z]+[A-Z]/.test(p))) return true; // camelCase
  return parts.length >= 2 && parts.every((p) => p.length >= 4 && /^[a-z]+$/.test(p));
}

const CHECKS: { name: string; find: (text: string) => string[] }[] = [
  { name: '[object Object]', find: (t) => t.match(/\[object \w+\]/g) ?? [] },
  { name: 'undefined', find: (t) => t.match(/\bundefined\b/g) ?? [] },
  { name: 'NaN', find: (t) => t.match(/\bNaN\b/g) ?? [] },
  { name: 'ISO timestamp', find: (t) => t.match(/\b\d{4}-\d{2}-\d{2}T\d{2}[:\d.]*Z?/g) ?? [] },
  // Issue 18: a date shown as stored ("breach date 2027-02-04") rather than 04-Feb-2027 or 04/02/2027.
  { name: 'ISO date', find: (t) => t.match(/\b\d{4}-\d{2}-\d{2}\b(?!T)/g) ?? [] },
  // A record's internal number instead of what a person knows it by ("session 153", "listing 42", "id 7").
  {
    name: 'internal id',
    find: (t) =>
      t.match(
        /\b(?:id|ids|session|listing|booking|referral|outcome|entry|item|plan|request|meeting|user) #?\d{3,}\b/gi,
      ) ?? [],
  },
  // A raw code from the data: snake_case ("needs_prescriber_approval"), or a camelCase field name ("unavailableMinutes").
  // (Not inside a file or folder path, such as a backup folder the administrator chose.)
  { name: 'raw code', find: (t) => t.match(/(?<![\w/-]|\w\.)[a-z]+(?:_[a-z0-9]+)+(?![\w/-]|\.\w)/g) ?? [] },
  {
    name: 'field name',
    find: (t) => t.match(/(?<![\w/-]|\w\.)[a-z]+(?:[A-Z][a-z0-9]+)+(?![\w/-]|\.\w)/g) ?? [],
  },
  { name: 'file reference', find: (t) => t.match(/\b[\w-]+\.(md|ts|tsx|json)\b/g) ?? [] },
  {
    name: 'field path',
    find: (t) => (t.match(/\b[a-zA-Z][a-zA-Z0-9]*(?:\.[a-zA-Z][a-zA-Z0-9]*)+\b/g) ?? []).filter(isFieldPath),
  },
];

/** The developer text found in a string, as "kind: text" lines (pure, for unit use). */
export function findDeveloperText(text: string): string[] {
  const found: string[] = [];
  for (const c of CHECKS) for (const m of c.find(text)) found.push(`${c.name}: ${m}`);
  // A field path is also a field name: report it once, as the path.
  const paths = found.filter((f) => f.startsWith('field path: ')).join(' ');
  return [...new Set(found)].filter((f) => !(f.startsWith('field name: ') && paths.includes(f.slice(12))));
}

/** The developer text in the visible text of the page (its body's innerText). */
export async function developerText(page: Page): Promise<string[]> {
  const text = (await page.evaluate('document.body.innerText')) as string;
  return findDeveloperText(text);
}
