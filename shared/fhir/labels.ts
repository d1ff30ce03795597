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
  /** "dm+d 777027001 (Oxycodone)", "ICD-11 MG30.01", "LOINC 44261-6", or null when sent by name only. */
  code: string | null;
}

const CODED: Record<string, { kind: string; field: string }> = {
  MedicationStatement: { kind: 'Medicine', field: 'medicationCodeableConcept' },
  Condition: { kind: 'Diagnosis', field: 'code' },
  Observation: { kind: 'Outcome measure', field: 'code' },
  Procedure: { kind: 'Procedure', field: 'code' },
  ServiceRequest: { kind: 'Procedure requested', field: 'code' },
};

const SYSTEM_NAMES: Record<string, string> = {
  'http://snomed.info/sct': 'dm+d',
  'https://dmd.nhs.uk': 'dm+d',
  'http://id.who.int/icd/release/11/mms': 'ICD-11',
  'http://loinc.org': 'LOINC',
};

/**
 * The medicines, diagnoses, outcome measures and procedures in an exported FHIR Bundle, each once, with the
 * code each went out with, read from the file itself (so the screen shows what was sent, not what was meant).
 */
export function codesSent(bundle: unknown): CodeSent[] {
  const out = new Map<string, CodeSent>();
  const entries = (bundle as { entry?: { resource?: Record<string, unknown> }[] } | null)?.entry ?? [];
  for (const e of entries) {
    const r = e.resource;
    const coded = r && CODED[String(r.resourceType)];
    if (!r || !coded) continue;
    const concept = r[coded.field] as
      { text?: string; coding?: { system?: string; code?: string; display?: string }[] } | undefined;
    const c = concept?.coding?.find((x) => x.system && SYSTEM_NAMES[x.system] && x.code);
    const text = concept?.text ?? c?.display ?? 'Not named';
    const name = c ? SYSTEM_NAMES[c.system!]! : null;
    const code = c
      ? name === 'dm+d'
        ? `dm+d ${c.code} (${c.display ?? 'no name given'})`
        : `${name} ${c.code}`
      : null;
    const key = `${coded.kind}|${text}|${code ?? ''}`;
    if (!out.has(key)) out.set(key, { kind: coded.kind, text, code });
  }
  return [...out.values()];
}
