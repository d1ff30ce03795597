/**
 * One way to tell whether a recorded medicine is a named generic, for every check that reads a list of names
 * (the check groups, the drug-driving notes, the pregnancy cautions).
 *
 * A formulary line carries its generic name ("oxycodone"). A line recorded as written (not on the formulary)
 * carries the name as the clinician wrote it ("Ketamine 50 mg/5 ml oral solution"): it names a generic when
 * its first word(s) are that generic. Case does not matter and runs of spaces count as one. A word ends at a
 * space, a slash, a comma or an opening bracket, so "oxycodone/naloxone 10/5 mg" is oxycodone, but a longer
 * word is another medicine ("oxycodone" is not "oxycodon", "morphine" is not "morphinex").
 */

/** A medicine name as the checks compare it: trimmed, lower case, runs of white space as one space. */
export function normaliseMedicineName(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

const WORD_END = new Set([' ', '/', ',', '(']);

/** True when the recorded name is the generic, or starts with it followed by the end of a word. */
export function namesMedicine(recorded: string, generic: string): boolean {
  const r = normaliseMedicineName(recorded);
  const g = normaliseMedicineName(generic);
  if (g === '') return false;
  return r === g || (r.startsWith(g) && WORD_END.has(r.charAt(g.length)));
}

/** The first of `generics` (in their order) that the recorded name names, or undefined. */
export function matchMedicineName(recorded: string, generics: Iterable<string>): string | undefined {
  for (const g of generics) if (namesMedicine(recorded, g)) return g;
  return undefined;
}
