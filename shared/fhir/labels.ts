/** Resource types in words people use (singular, plural), for what an export held. */
const TYPE_LABELS: Record<string, [string, string]> = {
  Patient: ['patient', 'patients'],
  AllergyIntolerance: ['allergy', 'allergies'],
  Condition: ['diagnosis', 'diagnoses'],
  MedicationStatement: ['medicine', 'medicines'],
  Observation: ['outcome measure score', 'outcome measure scores'],
  QuestionnaireResponse: ['set of questionnaire answers', 'sets of questionnaire answers'],
  EpisodeOfCare: ['episode of care', 'episodes of care'],
  CarePlan: ['rehabilitation plan', 'rehabilitation plans'],
  Goal: ['goal', 'goals'],
  ServiceRequest: ['procedure request', 'procedure requests'],
  Appointment: ['procedure booking', 'procedure bookings'],
  Procedure: ['procedure done', 'procedures done'],
  Composition: ['MDT outcome', 'MDT outcomes'],
  DocumentReference: ['letter', 'letters'],
};

/** "1 patient, 3 medicines, 2 outcome measure scores" (types in a fixed order; unknown ones last). */
export function countsInWords(counts: Record<string, number>): string {
  const order = Object.keys(TYPE_LABELS);
  return Object.entries(counts)
    .sort(([a], [b]) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99))
    .map(([type, n]) => {
      const [one, many] = TYPE_LABELS[type] ?? ['other record', 'other records'];
      return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
    })
    .join(', ');
}

/** One kind of coded record in an export, and the code it went out with (or none). */
export interface CodeSent {
  /** "Medicine", "Diagnosis", "Outcome measure", "Procedure", "Procedure requested". */
  kind: string;
  /** What the record says in words (the resource's text). */
  text: string;
  /**
   * "dm+d 777027001 (Oxycodone)", "ICD-11 MG30.01; SNOMED CT 128200000 (…)", "LOINC 44261-6", or null when
   * sent by name only.
   */
  code: string | null;
}

const CODED: Record<string, { kind: string; field: string }> = {
  MedicationStatement: { kind: 'Medicine', field: 'medicationCodeableConcept' },
  Condition: { kind: 'Diagnosis', field: 'code' },
  Observation: { kind: 'Outcome measure', field: 'code' },
  Procedure: { kind: 'Procedure', field: 'code' },
  ServiceRequest: { kind: 'Procedure requested', field: 'code' },
};

/** The code systems a reader would name, by the address a coding carries. */
const SYSTEM_NAMES: Record<string, string> = {
  'http://snomed.info/sct': 'SNOMED CT',
  'https://dmd.nhs.uk': 'dm+d',
  'http://id.who.int/icd/release/11/mms': 'ICD-11',
  'http://loinc.org': 'LOINC',
};

/** Resources whose code is a medicine's: UK Core binds these to dm+d, which travels under SNOMED CT's address. */
const MEDICINE_TYPES = new Set(['MedicationStatement', 'MedicationRequest', 'Medication']);

/**
 * The name of the system a coding is in: dm+d for a medicine's code under SNOMED CT's address (dm+d concept ids
 * are SNOMED CT UK drug extension ids), else the system's own name; null for a system not named (local codes).
 */
export function codeSystemName(resourceType: string, system: string | undefined): string | null {
  const name = system ? SYSTEM_NAMES[system] : undefined;
  if (!name) return null;
  return name === 'SNOMED CT' && MEDICINE_TYPES.has(resourceType) ? 'dm+d' : name;
}

type Coding = { system?: string; code?: string; display?: string };

/** "dm+d 777027001 (Oxycodone)", "SNOMED CT 128200000 (…)", "ICD-11 MG30.01", "LOINC 44261-6". */
function codeText(name: string, c: Coding): string {
  if (name === 'dm+d' || name === 'SNOMED CT') return `${name} ${c.code} (${c.display ?? 'no name given'})`;
  return `${name} ${c.code}`;
}

/**
 * The medicines, diagnoses, outcome measures and procedures in an exported FHIR Bundle, each once, with the
 * codes each went out with (every standard code the record carries, each named by its own system), read from
 * the file itself (so the screen shows what was sent, not what was meant).
 */
export function codesSent(bundle: unknown): CodeSent[] {
  const out = new Map<string, CodeSent>();
  const entries = (bundle as { entry?: { resource?: Record<string, unknown> }[] } | null)?.entry ?? [];
  for (const e of entries) {
    const r = e.resource;
    const coded = r && CODED[String(r.resourceType)];
    if (!r || !coded) continue;
    const type = String(r.resourceType);
    const concept = r[coded.field] as { text?: string; coding?: Coding[] } | undefined;
    const named = (concept?.coding ?? [])
      .filter((c) => c.code)
      .map((c) => ({ c, name: codeSystemName(type, c.system) }))
      .filter((x): x is { c: Coding; name: string } => x.name !== null);
    const text = concept?.text ?? named[0]?.c.display ?? 'Not named';
    const code = named.length > 0 ? named.map((x) => codeText(x.name, x.c)).join('; ') : null;
    const key = `${coded.kind}|${text}|${code ?? ''}`;
    if (!out.has(key)) out.set(key, { kind: coded.kind, text, code });
  }
  return [...out.values()];
}

/**
 * Which standard codes the records of an export carry, counted as the export is written: records (of the
 * coded kinds: medicines, diagnoses, outcome measure scores, procedures) with at least one standard code, by
 * resource type, and records carrying a code of each system, by system name and resource type.
 */
export interface CodeTally {
  coded: Record<string, number>;
  bySystem: Record<string, Record<string, number>>;
}

export const emptyCodeTally = (): CodeTally => ({ coded: {}, bySystem: {} });

/** Adds one exported resource to the tally (a resource of a kind that carries no such code adds nothing). */
export function tallyCodes(tally: CodeTally, resource: object): void {
  const r = resource as Record<string, unknown>;
  const type = String(r.resourceType);
  const coded = CODED[type];
  if (!coded) return;
  const concept = r[coded.field] as { coding?: Coding[] } | undefined;
  const systems = new Set(
    (concept?.coding ?? [])
      .filter((c) => c.code)
      .map((c) => codeSystemName(type, c.system))
      .filter((n): n is string => n !== null),
  );
  if (systems.size === 0) return;
  tally.coded[type] = (tally.coded[type] ?? 0) + 1;
  for (const name of systems) {
    const byType = (tally.bySystem[name] ??= {});
    byType[type] = (byType[type] ?? 0) + 1;
  }
}

const SYSTEM_ORDER = ['dm+d', 'SNOMED CT', 'ICD-11', 'LOINC'];

/** Each code system in an export, in a fixed order, with what carries it in words ("3 medicines"). */
export function codeTallyRows(tally: CodeTally): { system: string; records: string }[] {
  return Object.keys(tally.bySystem)
    .sort((a, b) => (SYSTEM_ORDER.indexOf(a) + 1 || 99) - (SYSTEM_ORDER.indexOf(b) + 1 || 99))
    .map((system) => ({ system, records: countsInWords(tally.bySystem[system]!) }));
}

/**
 * "3,200 of 4,000 records that can carry a code carry one" (medicines, diagnoses, outcome measure scores,
 * procedures and procedure requests), from an export's counts and its code tally.
 */
export function codedSummary(counts: Record<string, number>, tally: CodeTally): string {
  const codable = Object.keys(CODED).reduce((n, t) => n + (counts[t] ?? 0), 0);
  const coded = Object.values(tally.coded).reduce((n, v) => n + v, 0);
  if (codable === 0)
    return 'No record in the files can carry a code (no medicines, diagnoses, outcome measure scores or procedures).';
  const words = (n: number) => n.toLocaleString('en-GB');
  return `${words(coded)} of ${words(codable)} ${codable === 1 ? 'record' : 'records'} that can carry a code (medicines, diagnoses, outcome measure scores and procedures) ${coded === 1 ? 'carries' : 'carry'} a standard code.`;
}
