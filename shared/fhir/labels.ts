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
