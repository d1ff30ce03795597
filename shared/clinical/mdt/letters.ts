/**
 * Outcome letters from versioned templates (GP, referrer, and a plain-English letter for the patient).
 *
 * Templates are data with a small placeholder language:
 * - `{{name}}` inserts text (a non-blank string or a number);
 * - `{{#list}}...{{/list}}` repeats for each item of a list (`{{.}}` is the item when it is text, otherwise
 *   `{{field}}` reads the item's fields, then the outer data); with a `true`/`false` value it shows once or
 *   not at all;
 * - `{{^list}}...{{/list}}` shows only when the list is empty (or the value is `false`).
 * A tag alone on its line takes its line with it. Inserted values are never re-read as placeholders.
 *
 * A letter is never produced with an unfilled placeholder: {@link renderLetter} refuses.
 */
import { ClinicalInputError, type RuleSetMeta } from '../errors';
import { DISCIPLINES, DISCIPLINE_LABELS, PLAIN_DISCIPLINE_LABELS, type Discipline } from './quorum';
import { OUTCOME_KIND_LABELS, type MdtOutcome, type OutcomeKind } from './outcomes';
import { formatNhsNumber, patientActionText } from './letter-content';
import { formatDateEnGb, formatDateLongEnGb, type LocalDate } from './time';

/** Who a letter is for. */
export type LetterAudience = 'gp' | 'referrer' | 'patient';

/** A versioned letter template. */
export interface LetterTemplate extends RuleSetMeta {
  audience: LetterAudience;
  /** True for shipped examples, which a clinical lead adapts and approves. */
  example: boolean;
  body: string;
}

/** A value a placeholder can take. */
export type LetterValue =
  string | number | boolean | null | undefined | readonly string[] | readonly LetterRecord[];

/** Named values for a template; list items are records of the same kind. */
export interface LetterRecord {
  readonly [key: string]: LetterValue;
}

/** A rendered letter. */
export interface RenderedLetter {
  text: string;
  /** Placeholders with no value (always empty from {@link renderLetter}, which refuses otherwise). */
  missing: string[];
  templateId: string;
  templateVersion: string;
}

type Node =
  | { type: 'text'; value: string }
  | { type: 'var'; name: string }
  | { type: 'section'; name: string; inverted: boolean; children: Node[] };

const TAG_RE = /\{\{\s*([#^/]?)\s*([A-Za-z][A-Za-z0-9_]*|\.)\s*\}\}/g;

function templateError(
  template: Pick<LetterTemplate, 'id' | 'version'>,
  message: string,
): ClinicalInputError {
  return new ClinicalInputError(
    'INVALID_INPUT',
    `Letter template ${template.id} v${template.version}: ${message}`,
    'template.body',
  );
}

function checkText(template: Pick<LetterTemplate, 'id' | 'version'>, text: string): void {
  if (text.includes('{{') || text.includes('}}')) {
    const at = text.indexOf('{{') >= 0 ? text.indexOf('{{') : text.indexOf('}}');
    throw templateError(template, `malformed placeholder near "${text.slice(Math.max(0, at), at + 20)}".`);
  }
}

function parseTemplate(template: Pick<LetterTemplate, 'id' | 'version' | 'body'>): Node[] {
  const body = template.body;
  const root: Node[] = [];
  const stack: { name: string; children: Node[] }[] = [{ name: '', children: root }];
  const current = () => (stack[stack.length - 1] as { name: string; children: Node[] }).children;
  let cursor = 0;
  let pending = '';
  const flush = () => {
    if (pending !== '') {
      checkText(template, pending);
      current().push({ type: 'text', value: pending });
      pending = '';
    }
  };
  for (const match of body.matchAll(TAG_RE)) {
    const start = match.index;
    const end = start + match[0].length;
    const sigil = match[1] ?? '';
    const name = match[2] ?? '';
    let textBefore = body.slice(cursor, start);
    let next = end;
    if (sigil !== '') {
      // A section tag alone on its line removes the whole line.
      const lineStart = body.lastIndexOf('\n', start - 1) + 1;
      const newline = body.indexOf('\n', end);
      const lineEnd = newline === -1 ? body.length : newline;
      const before = body.slice(lineStart, start);
      const after = body.slice(end, lineEnd);
      if (lineStart >= cursor && before.trim() === '' && after.trim() === '') {
        textBefore = body.slice(cursor, lineStart);
        next = newline === -1 ? body.length : newline + 1;
      }
    }
    pending += textBefore;
    flush();
    if (sigil === '') {
      current().push({ type: 'var', name });
    } else if (sigil === '/') {
      const open = stack.pop();
      if (!open || stack.length === 0 || open.name !== name) {
        throw templateError(template, `{{/${name}}} does not close an open section.`);
      }
    } else {
      if (name === '.') throw templateError(template, 'a section cannot be named ".".');
      const node: Node = { type: 'section', name, inverted: sigil === '^', children: [] };
      current().push(node);
      stack.push({ name, children: node.children });
    }
    cursor = next;
  }
  pending += body.slice(cursor);
  flush();
  if (stack.length > 1) {
    throw templateError(
      template,
      `section {{#${(stack[stack.length - 1] as { name: string }).name}}} is never closed.`,
    );
  }
  return root;
}

interface Frame {
  value: LetterValue | LetterRecord;
  path: string; // e.g. "actions[1]." ('' at the root)
}

function lookup(frames: readonly Frame[], name: string): { found: boolean; value: LetterValue } {
  for (let i = frames.length - 1; i >= 0; i -= 1) {
    const v = (frames[i] as Frame).value;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, name)) {
      return { found: true, value: (v as LetterRecord)[name] };
    }
  }
  return { found: false, value: undefined };
}

function isBlank(v: LetterValue | LetterRecord): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function render(
  template: Pick<LetterTemplate, 'id' | 'version'>,
  nodes: readonly Node[],
  frames: readonly Frame[],
  missing: string[],
): string {
  const top = frames[frames.length - 1] as Frame;
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') {
      out += node.value;
      continue;
    }
    if (node.type === 'var') {
      const value = node.name === '.' ? top.value : lookup(frames, node.name).value;
      const label = node.name === '.' ? top.path.replace(/\.$/, '') : `${top.path}${node.name}`;
      if (isBlank(value)) {
        missing.push(label);
        out += `[missing: ${label}]`;
      } else if (typeof value === 'string') {
        out += value;
      } else if (typeof value === 'number' && Number.isFinite(value)) {
        out += String(value);
      } else {
        throw templateError(
          template,
          `{{${node.name}}} needs text, but the data has a list, flag or record.`,
        );
      }
      continue;
    }
    const { value } = lookup(frames, node.name);
    const label = `${top.path}${node.name}`;
    if (value === undefined || value === null) {
      missing.push(label);
      out += `[missing: ${label}]`;
      continue;
    }
    if (typeof value === 'boolean') {
      if (value !== node.inverted) out += render(template, node.children, frames, missing);
      continue;
    }
    if (!Array.isArray(value)) {
      throw templateError(template, `{{#${node.name}}} needs a list or a true/false value.`);
    }
    const items = value as readonly (string | LetterRecord)[];
    if (node.inverted) {
      if (items.length === 0) out += render(template, node.children, frames, missing);
      continue;
    }
    items.forEach((item, i) => {
      out += render(template, node.children, [...frames, { value: item, path: `${label}[${i}].` }], missing);
    });
  }
  return out;
}

/**
 * Renders a template without refusing: unfilled placeholders appear as `[missing: name]` and are listed in
 * `missing`. For previews and for checking data before {@link renderLetter}.
 *
 * @throws ClinicalInputError if the template itself is malformed
 */
export function previewLetter(template: LetterTemplate, data: LetterRecord): RenderedLetter {
  const missing: string[] = [];
  const text = render(template, parseTemplate(template), [{ value: data, path: '' }], missing);
  return { text, missing: [...new Set(missing)], templateId: template.id, templateVersion: template.version };
}

/**
 * Renders a letter. REFUSES (throws) if any placeholder is unfilled: a letter never leaves with a gap.
 *
 * @returns the text, an empty `missing` list, and the template id and version to store with the snapshot
 * @throws ClinicalInputError `INVALID_INPUT` listing every unfilled placeholder, or for a malformed template
 */
export function renderLetter(template: LetterTemplate, data: LetterRecord): RenderedLetter {
  const result = previewLetter(template, data);
  if (result.missing.length > 0) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `Letter "${template.name}" v${template.version} cannot be produced: no value for ${result.missing
        .map((m) => `{{${m}}}`)
        .join(', ')}.`,
      result.missing[0],
    );
  }
  return result;
}

/**
 * Every placeholder and section name a template uses, at any depth (fields of list items included), in
 * order of first use. For the template editor.
 *
 * @throws ClinicalInputError if the template is malformed
 */
export function templatePlaceholders(template: LetterTemplate): string[] {
  const names = new Set<string>();
  const walk = (nodes: readonly Node[]) => {
    for (const node of nodes) {
      if (node.type === 'var' && node.name !== '.') names.add(node.name);
      if (node.type === 'section') {
        names.add(node.name);
        walk(node.children);
      }
    }
  };
  walk(parseTemplate(template));
  return [...names];
}

/** Plain-English openings for the patient letter, per outcome kind. */
export const PLAIN_OUTCOME_INTROS: Readonly<Record<OutcomeKind, string>> = {
  recommendation: 'What the team suggests:',
  'options-to-discuss':
    'The team talked about a few choices. We would like to go through them with you, so that you can decide what is right for you.',
  'more-information': 'The team needs a little more information before suggesting a plan.',
  'no-change': 'The team suggests carrying on with your current plan.',
  discharge: 'The team feels you no longer need care from the pain service.',
  'refer-on': 'The team suggests asking another service to see you.',
};

/** Everything {@link buildLetterData} needs. */
export interface LetterInput {
  serviceName: string;
  /** E.g. "complex pain MDT". */
  meetingName: string;
  patient: { name: string; nhsNumber: string; dateOfBirth: LocalDate };
  /** The GP or referrer the letter is addressed to (not used by the patient letter). */
  recipientName: string;
  question: string;
  /** What matters to the person, from the referral. */
  whatMatters: string;
  outcome: MdtOutcome;
  /** Disciplines present for the case (e.g. from the quorum snapshot). Coordinators are not listed. */
  disciplinesPresent: readonly Discipline[];
  /** A plain-English summary of the outcome, written for the patient letter. */
  patientSummary: string;
  /** How the patient can reach the service, completing "please contact us ...". */
  contactDetails: string;
  signatory: string;
  /** Set when the letter is issued from an amended outcome: the reason is shown on the letter. */
  amendment?: { reason: string } | null;
  // The NHS letter conventions (issue 16). Left out, the placeholders that need them are unfilled, and
  // renderLetter refuses rather than send a letter without them.
  /** The date the letter is written (shown "7 December 2026"). */
  letterDate?: LocalDate;
  /** "Dear ..." (e.g. "Dr Jane Rao", or "Doctor" for a GP practice). */
  salutation?: string;
  /** The recipient's address block, one line each (see addressBlock). */
  recipientAddress?: readonly string[];
  /** The patient's current medicines, each with its dose. */
  currentMedicines?: readonly string[];
  /** The changes to medicines the MDT agreed, exactly (e.g. "Oxycodone ...: reduce gradually to 20 mg a day"). */
  medicineChanges?: readonly string[];
  /** The signatory's role (e.g. "Pain consultant"). */
  signatoryRole?: string;
  /** Who receives a copy. */
  cc?: readonly string[];
  /** The amended letter's sentence for its reader (see amendmentSentence). */
  amendmentSentence?: string | null;
}

function joinPlain(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

/**
 * Builds template data from an outcome: dates in British English (the meeting date with its weekday),
 * disciplines as a list (clinical letters) and as a sentence (patient letter), actions with owners and due
 * dates. Blank inputs stay blank, so {@link renderLetter} refuses rather than send a gap.
 */
export function buildLetterData(input: LetterInput): LetterRecord {
  const { outcome } = input;
  const disciplines = DISCIPLINES.filter((d) => d !== 'coordinator' && input.disciplinesPresent.includes(d));
  const options = outcome.options.map((o) => o.trim()).filter((o) => o !== '');
  return {
    serviceName: input.serviceName,
    meetingName: input.meetingName,
    meetingDate: formatDateLongEnGb(outcome.meetingDate, 'outcome.meetingDate'),
    patientName: input.patient.name,
    nhsNumber: formatNhsNumber(input.patient.nhsNumber),
    dateOfBirth: formatDateEnGb(input.patient.dateOfBirth, 'patient.dateOfBirth'),
    recipientName: input.recipientName,
    question: input.question,
    whatMatters: input.whatMatters,
    outcomeLabel: OUTCOME_KIND_LABELS[outcome.kind],
    outcomeSummary: outcome.summary,
    hasOptions: outcome.kind === 'options-to-discuss' && options.length > 0,
    options,
    hasRationale: outcome.rationale.trim() !== '',
    rationale: outcome.rationale,
    disciplinesPresent: disciplines.map((d) => DISCIPLINE_LABELS[d]),
    teamMembers: joinPlain(disciplines.map((d) => PLAIN_DISCIPLINE_LABELS[d])),
    actions: outcome.actions.map((a) => ({
      description: a.description,
      owner: a.ownerName,
      dueDate: formatDateEnGb(a.dueDate, 'action.dueDate'),
    })),
    // Each action in the patient's words: the chair's wording, else a plain default for its type, else left
    // out (never the clinical text).
    patientActions: outcome.actions.flatMap((a) => {
      const text = patientActionText(a);
      return text === null ? [] : [{ text, dueDate: formatDateEnGb(a.dueDate, 'action.dueDate') }];
    }),
    patientActionsLeftOut: outcome.actions.some((a) => patientActionText(a) === null),
    hasReviewDate: outcome.reviewDate !== null,
    ...(outcome.reviewDate !== null ? { reviewDate: formatDateEnGb(outcome.reviewDate, 'reviewDate') } : {}),
    plainOutcomeIntro: PLAIN_OUTCOME_INTROS[outcome.kind],
    patientSummary: input.patientSummary,
    contactDetails: input.contactDetails,
    signatory: input.signatory,
    isAmended: !!input.amendment,
    ...(input.amendment ? { amendReason: input.amendment.reason } : {}),
    ...(input.letterDate ? { letterDate: formatDateEnGb(input.letterDate, 'letterDate') } : {}),
    ...(input.salutation !== undefined ? { salutation: input.salutation } : {}),
    ...(input.recipientAddress ? { recipientAddress: input.recipientAddress } : {}),
    ...(input.currentMedicines ? { currentMedicines: input.currentMedicines } : {}),
    ...(input.medicineChanges ? { medicineChanges: input.medicineChanges } : {}),
    ...(input.signatoryRole !== undefined ? { signatoryRole: input.signatoryRole } : {}),
    ...(input.cc ? { cc: input.cc, hasCc: input.cc.length > 0 } : {}),
    hasAmendment: !!input.amendmentSentence,
    ...(input.amendmentSentence ? { amendmentSentence: input.amendmentSentence } : {}),
  };
}

/**
 * The placeholders a letter template may use (everything {@link buildLetterData} provides, and the fields of
 * list items), with what each holds. The template editor shows this list and refuses any other name.
 */
export const LETTER_PLACEHOLDERS: readonly { name: string; description: string; in?: string }[] = [
  { name: 'serviceName', description: 'The pain service’s name' },
  { name: 'meetingName', description: 'The meeting type, e.g. “Weekly complex pain MDT”' },
  { name: 'meetingDate', description: 'The meeting date with its weekday (e.g. Tuesday 24 November 2026)' },
  { name: 'patientName', description: 'The patient’s name' },
  { name: 'nhsNumber', description: 'The NHS number (e.g. 943 476 5919)' },
  { name: 'dateOfBirth', description: 'Date of birth (e.g. 1 March 1970)' },
  { name: 'recipientName', description: 'The GP or referrer the letter is addressed to' },
  { name: 'question', description: 'The question for the MDT' },
  { name: 'whatMatters', description: 'What matters to the patient' },
  { name: 'outcomeLabel', description: 'The kind of outcome (e.g. Recommendation)' },
  { name: 'outcomeSummary', description: 'The outcome as recorded' },
  { name: 'hasOptions', description: 'Section: shown when there are options to discuss with the patient' },
  { name: 'options', description: 'List of options ({{.}} is each option)' },
  { name: 'hasRationale', description: 'Section: shown when a rationale was recorded' },
  { name: 'rationale', description: 'The rationale' },
  { name: 'disciplinesPresent', description: 'List of disciplines present ({{.}} is each one)' },
  { name: 'teamMembers', description: 'Disciplines present in plain English, as a sentence' },
  { name: 'actions', description: 'List of actions' },
  { name: 'description', description: 'An action’s description', in: 'actions' },
  { name: 'owner', description: 'An action’s owner', in: 'actions' },
  { name: 'dueDate', description: 'An action’s due date', in: 'actions, patientActions' },
  { name: 'patientActions', description: 'List of actions in the patient’s words' },
  { name: 'text', description: 'An action in the patient’s words', in: 'patientActions' },
  { name: 'hasReviewDate', description: 'Section: shown when a review date was set' },
  { name: 'reviewDate', description: 'The review date (e.g. 1 March 2027)' },
  { name: 'plainOutcomeIntro', description: 'A plain-English opening for the outcome (patient letter)' },
  { name: 'patientSummary', description: 'The outcome written for the patient' },
  { name: 'contactDetails', description: 'How the patient can contact the service' },
  { name: 'signatory', description: 'Who signs the letter' },
  { name: 'isAmended', description: 'Section: shown when the letter is issued from an amended outcome' },
  { name: 'amendReason', description: 'The reason for the amendment' },
  { name: 'letterDate', description: 'The date of the letter (e.g. 7 December 2026)' },
  { name: 'salutation', description: 'Who “Dear ...” greets' },
  { name: 'recipientAddress', description: 'The recipient’s address block, one line each ({{.}})' },
  { name: 'currentMedicines', description: 'List of the patient’s current medicines with doses ({{.}})' },
  { name: 'medicineChanges', description: 'List of the changes to medicines the MDT agreed ({{.}})' },
  { name: 'signatoryRole', description: 'The role of whoever signs the letter' },
  { name: 'hasCc', description: 'Section: shown when copies go to others' },
  { name: 'cc', description: 'List of who receives a copy ({{.}})' },
  { name: 'hasAmendment', description: 'Section: shown on a letter that replaces an earlier one' },
  { name: 'amendmentSentence', description: 'The sentence saying which letter this replaces, and why' },
  {
    name: 'patientActionsLeftOut',
    description: 'Section: shown when an action has no wording for the patient and is left out',
  },
];

const KNOWN_PLACEHOLDERS: ReadonlySet<string> = new Set(LETTER_PLACEHOLDERS.map((p) => p.name));

/**
 * Checks a template body a clinical lead has written: it must parse, and use only the known placeholders.
 *
 * @returns the placeholders used, in order of first use
 * @throws ClinicalInputError `INVALID_INPUT` (field `template.body`) naming unknown placeholders, or for a
 *   malformed template (an unclosed section, a stray `{{`)
 */
export function checkTemplateBody(template: Pick<LetterTemplate, 'id' | 'version' | 'body'>): string[] {
  const used = templatePlaceholders({ ...template, name: '', source: '', audience: 'gp', example: false });
  const unknown = used.filter((n) => !KNOWN_PLACEHOLDERS.has(n));
  if (unknown.length > 0) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `Unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `{{${n}}}`).join(', ')}: use only the placeholders listed.`,
      'template.body',
    );
  }
  return used;
}
