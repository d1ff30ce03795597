/**
 * Letters from versioned templates: never with an unfilled placeholder. Dates in British English; 3 November
 * 2026 is a Tuesday (1 January 2026 is a Thursday; day 307; (307 - 1) mod 7 = 5; Thursday + 5 = Tuesday).
 */
import { describe, expect, it } from 'vitest';
import { ClinicalInputError } from '../../../shared/clinical/errors';
import {
  amendmentSentence,
  formatNhsNumber,
  patientActionText,
  EXAMPLE_LETTER_TEMPLATES,
  GP_LETTER_TEMPLATE,
  PATIENT_LETTER_TEMPLATE,
  REFERRER_LETTER_TEMPLATE,
  buildLetterData,
  checkTemplateBody,
  formatDateEnGb,
  formatDateLongEnGb,
  previewLetter,
  renderLetter,
  templatePlaceholders,
  type LetterInput,
  type LetterTemplate,
  type MdtOutcome,
} from '../../../shared/clinical/mdt/index';

const outcome: MdtOutcome = {
  id: 'O1',
  listingId: 'L1',
  version: 1,
  previousVersionId: null,
  status: 'confirmed',
  kind: 'recommendation',
  summary: 'Proceed to lumbar medial branch blocks at L4/5 and L5/S1, then review.',
  options: [],
  rationale: 'Facet-mediated pain likely; good engagement with physiotherapy.',
  patientPreferencesConsidered: true,
  meetingDate: '2026-11-03',
  reviewDate: '2027-02-01',
  actions: [
    {
      description: 'Book lumbar medial branch blocks',
      type: 'intervention',
      ownerId: 'c1',
      ownerName: 'Dr Asha Rao',
      dueDate: '2026-12-01',
      patientWording: 'We will book you in for a back injection to test where the pain comes from',
    },
    {
      description: 'Continue graded activity programme',
      type: 'rehab-goal',
      ownerId: 'ph1',
      ownerName: 'Sam Lee',
      dueDate: '2026-12-15',
    },
  ],
  noAction: false,
  quorum: null,
  amendReason: null,
  amendedAt: null,
  amendedBy: null,
};

const input: LetterInput = {
  serviceName: 'Riverside Pain Management Service',
  meetingName: 'complex pain MDT',
  patient: { name: 'Ms Jane Smith', nhsNumber: '943 476 5919', dateOfBirth: '1970-06-09' },
  recipientName: 'Dr Morgan',
  question: 'Is she suitable for medial branch blocks?',
  whatMatters: 'Walking her dog every day',
  outcome,
  // Given out of order and with a coordinator: letters list clinical disciplines in a fixed order.
  disciplinesPresent: ['psychologist', 'coordinator', 'consultant', 'physiotherapist'],
  patientSummary: 'We think an injection may help us understand your back pain.',
  contactDetails: 'on 01632 960123',
  signatory: 'Dr Asha Rao',
  // The NHS letter conventions (issue 16).
  letterDate: '2026-11-04',
  salutation: 'Dr Morgan',
  recipientAddress: ['Dr Morgan', 'Riverside Surgery', '1 River Road', 'Leeds LS1 4AP'],
  currentMedicines: ['Oxycodone modified-release tablets 20 mg: 20 mg twice a day'],
  medicineChanges: [],
  signatoryRole: 'Consultant in Pain Medicine',
  cc: ['Ms Jane Smith (patient)'],
};

describe('dates in British English', () => {
  it.each([
    ['2026-11-03', '3 November 2026', 'Tuesday 3 November 2026'],
    ['2027-02-01', '1 February 2027', 'Monday 1 February 2027'], // Tuesday 3 Nov + 90 days = 12 weeks + 6 days
    ['2026-03-29', '29 March 2026', 'Sunday 29 March 2026'],
  ])('%s -> %s / %s', (date, short, long) => {
    expect(formatDateEnGb(date)).toBe(short);
    expect(formatDateLongEnGb(date)).toBe(long);
  });
});

describe('GP letter', () => {
  it('contains everything the GP needs and no unfilled placeholder', () => {
    const letter = renderLetter(GP_LETTER_TEMPLATE, buildLetterData(input));
    expect(letter.missing).toEqual([]);
    expect(letter.templateId).toBe('mdt-gp-letter');
    expect(letter.templateVersion).toBe('2.0.0');
    // PRSB/AoMRC headings: the letter's date, the address block, the NHS number 3-3-4, medicines, author
    // with role, copies (issue 16).
    expect(letter.text).toContain(
      '\n4 November 2026\n\nDr Morgan\nRiverside Surgery\n1 River Road\nLeeds LS1 4AP\n\nDear Dr Morgan,',
    );
    expect(letter.text).toContain(
      'Current medicines:\n- Oxycodone modified-release tablets 20 mg: 20 mg twice a day\n',
    );
    expect(letter.text).toContain(
      'Changes to medicines agreed at the MDT:\nNo changes to medicines were agreed.',
    );
    expect(letter.text).toContain('Yours sincerely,\n\nDr Asha Rao\nConsultant in Pain Medicine\n');
    expect(letter.text).toContain('cc:\nMs Jane Smith (patient)');
    expect(letter.text).not.toContain('{{');
    expect(letter.text).not.toContain('[missing');
    expect(letter.text).toContain('The complex pain MDT discussed your patient on Tuesday 3 November 2026.');
    expect(letter.text).toContain('Re: Ms Jane Smith, date of birth 9 June 1970, NHS number 943 476 5919');
    expect(letter.text).toContain(
      'Disciplines present:\n- Pain consultant\n- Physiotherapist\n- Psychologist\n\nOutcome:',
    );
    expect(letter.text).toContain('What matters to the patient: Walking her dog every day');
    expect(letter.text).toContain(
      'Actions:\n' +
        '- Book lumbar medial branch blocks (owner: Dr Asha Rao; due 1 December 2026)\n' +
        '- Continue graded activity programme (owner: Sam Lee; due 15 December 2026)\n',
    );
    expect(letter.text).toContain('Review date: 1 February 2027');
    expect(letter.text).toContain('Rationale: Facet-mediated pain likely');
    expect(letter.text).not.toContain('Options to discuss');
    expect(letter.text).not.toContain('No actions were agreed');
    expect(letter.text).not.toContain('MDT coordinator');
  });

  it('lists options for an options outcome, and says when there are no actions or review date', () => {
    const optionsOutcome: MdtOutcome = {
      ...outcome,
      kind: 'options-to-discuss',
      options: ['Medial branch blocks', 'Pain management programme'],
      actions: [],
      noAction: true,
      reviewDate: null,
    };
    const text = renderLetter(
      GP_LETTER_TEMPLATE,
      buildLetterData({ ...input, outcome: optionsOutcome }),
    ).text;
    expect(text).toContain('Outcome: Options to discuss with the patient');
    expect(text).toContain(
      'Options to discuss with the patient:\n- Medial branch blocks\n- Pain management programme\n',
    );
    expect(text).toContain('Actions:\nNo actions were agreed.\n');
    expect(text).toContain('No review date was set.');
    expect(text).not.toContain('Review date:');
  });
});

describe('referrer letter', () => {
  it('answers the referrer', () => {
    const text = renderLetter(REFERRER_LETTER_TEMPLATE, buildLetterData(input)).text;
    expect(text).toContain(
      'Thank you for asking the complex pain MDT to discuss this patient. We met on Tuesday 3 November 2026.',
    );
    expect(text).toContain('Your question: Is she suitable for medial branch blocks?');
  });
});

describe('plain-English patient letter', () => {
  const text = renderLetter(PATIENT_LETTER_TEMPLATE, buildLetterData(input)).text;

  it('uses everyday words', () => {
    expect(text).toContain(
      'Your care team met on Tuesday 3 November 2026 to talk about your care. ' +
        'The team included a pain doctor, a physiotherapist and a psychologist.',
    );
    expect(text).toContain('Dear Ms Jane Smith,');
    expect(text).toContain(
      'What the team suggests:\nWe think an injection may help us understand your back pain.',
    );
    // The plain wording of an action is used when given, else a plain default for its type.
    expect(text).toContain(
      'What we agreed will happen next:\n' +
        '- We will book you in for a back injection to test where the pain comes from (by 1 December 2026)\n' +
        '- We will agree a goal with you for your rehabilitation. (by 15 December 2026)\n',
    );
    // Issue 16: an action with no wording for the patient uses a plain default for its type, never the
    // clinical text.
    expect(text).not.toContain('graded activity programme');
    expect(text).toContain('We plan to check with you how things are going by 1 February 2027.');
    expect(text).toContain('please contact us on 01632 960123.');
  });

  it.each(['MDT', 'multidisciplinary', 'OME', 'NHS number', 'Rationale', 'medial branch', '{{'])(
    'has no jargon or template code: %s',
    (word) => {
      expect(text).not.toContain(word);
    },
  );
});

describe('refusing letters with an unfilled placeholder', () => {
  it.each([
    ['a missing recipient', GP_LETTER_TEMPLATE, { ...input, salutation: '' }, ['salutation']],
    ['a blank "what matters"', GP_LETTER_TEMPLATE, { ...input, whatMatters: '   ' }, ['whatMatters']],
    [
      'no plain summary for the patient',
      PATIENT_LETTER_TEMPLATE,
      { ...input, patientSummary: '' },
      ['patientSummary'],
    ],
    [
      'no clinical disciplines for the patient',
      PATIENT_LETTER_TEMPLATE,
      { ...input, disciplinesPresent: ['coordinator'] },
      ['teamMembers'],
    ],
    [
      'an action with no owner name',
      GP_LETTER_TEMPLATE,
      {
        ...input,
        outcome: {
          ...outcome,
          actions: [outcome.actions[0], { ...outcome.actions[1], ownerName: '' }],
        } as MdtOutcome,
      },
      ['actions[1].owner'],
    ],
  ] as [string, LetterTemplate, LetterInput, string[]][])('refuses %s', (_label, template, data, missing) => {
    const letterData = buildLetterData(data);
    expect(() => renderLetter(template, letterData)).toThrow(ClinicalInputError);
    expect(() => renderLetter(template, letterData)).toThrow(`{{${missing[0]}}}`);
    // The preview shows where the gap is.
    const preview = previewLetter(template, letterData);
    expect(preview.missing).toEqual(missing);
    expect(preview.text).toContain(`[missing: ${missing[0]}]`);
  });

  it('refuses a placeholder the data does not have at all', () => {
    const template: LetterTemplate = {
      ...GP_LETTER_TEMPLATE,
      id: 't',
      version: '2',
      body: 'Seen on {{meetingDate}} by {{consultantName}}.',
    };
    expect(() => renderLetter(template, { meetingDate: '3 November 2026' })).toThrow(
      'no value for {{consultantName}}',
    );
  });
});

describe('the placeholder language', () => {
  const tpl = (body: string): LetterTemplate => ({ ...GP_LETTER_TEMPLATE, id: 'test', version: '0', body });

  it.each([
    ['plain values and numbers', 'A {{x}} and {{n}}.', { x: 'word', n: 3 }, 'A word and 3.'],
    [
      'a list of text',
      'Present:\n{{#d}}\n- {{.}}\n{{/d}}\nEnd',
      { d: ['Nurse', 'Pharmacist'] },
      'Present:\n- Nurse\n- Pharmacist\nEnd',
    ],
    [
      'a list of records reading outer values',
      '{{#a}}{{what}} ({{who}}) at {{place}}; {{/a}}',
      {
        place: 'clinic',
        a: [
          { what: 'x', who: 'y' },
          { what: 'p', who: 'q' },
        ],
      },
      'x (y) at clinic; p (q) at clinic; ',
    ],
    ['an empty list with its inverted section', '{{#a}}- {{.}}\n{{/a}}{{^a}}None.{{/a}}', { a: [] }, 'None.'],
    ['a true flag', '{{#f}}shown{{/f}}{{^f}}hidden{{/f}}', { f: true }, 'shown'],
    ['a false flag', '{{#f}}shown{{/f}}{{^f}}hidden{{/f}}', { f: false }, 'hidden'],
    [
      'values never re-read as placeholders',
      'Note: {{x}}',
      { x: 'type {{y}} here' },
      'Note: type {{y}} here',
    ],
    ['spaces inside the braces', '{{ x }}', { x: 'ok' }, 'ok'],
  ])('%s', (_label, body, data, expected) => {
    expect(renderLetter(tpl(body), data).text).toBe(expected);
  });

  it.each([
    ['an unclosed section', '{{#a}}x'],
    ['a close with no open', 'x{{/a}}'],
    ['crossed sections', '{{#a}}{{#b}}{{/a}}{{/b}}'],
    ['a malformed tag', 'Dear {{ patient-name }}'],
    ['a stray brace pair', 'Dear {{'],
  ])('refuses a template with %s', (_label, body) => {
    expect(() => renderLetter(tpl(body), { a: [], b: [] })).toThrow(ClinicalInputError);
  });

  it('refuses a list where text is needed', () => {
    expect(() => renderLetter(tpl('{{a}}'), { a: ['x'] })).toThrow(ClinicalInputError);
  });
});

describe('templates are versioned data', () => {
  it('ships one example per audience, each with id, version and source', () => {
    expect(EXAMPLE_LETTER_TEMPLATES.map((t) => [t.audience, t.version, t.example])).toEqual([
      ['gp', '2.0.0', true],
      ['referrer', '2.0.0', true],
      ['patient', '2.0.0', true],
    ]);
    expect(new Set(EXAMPLE_LETTER_TEMPLATES.map((t) => t.id)).size).toBe(3);
    for (const t of EXAMPLE_LETTER_TEMPLATES) expect(t.source.length).toBeGreaterThan(0);
  });

  it('lists the placeholders a template uses', () => {
    const names = templatePlaceholders(GP_LETTER_TEMPLATE);
    expect(names).toEqual(
      expect.arrayContaining(['meetingDate', 'disciplinesPresent', 'actions', 'reviewDate', 'question']),
    );
  });

  it('a new template version renders with its own version recorded', () => {
    const v2: LetterTemplate = { ...GP_LETTER_TEMPLATE, version: '1.1.0', body: 'Meeting: {{meetingDate}}' };
    expect(renderLetter(v2, buildLetterData(input))).toEqual({
      text: 'Meeting: Tuesday 3 November 2026',
      missing: [],
      templateId: 'mdt-gp-letter',
      templateVersion: '1.1.0',
    });
  });
});

describe('template bodies a clinical lead writes', () => {
  it('accept the known placeholders and refuse unknown ones or a malformed template', () => {
    expect(checkTemplateBody(GP_LETTER_TEMPLATE)).toContain('salutation');
    expect(() =>
      checkTemplateBody({ id: 't', version: '1', body: 'Dear {{recipientName}}, {{favouriteColour}}' }),
    ).toThrow(/Unknown placeholder \{\{favouriteColour\}\}/);
    expect(() => checkTemplateBody({ id: 't', version: '1', body: '{{#actions}} open' })).toThrow(
      /never closed/,
    );
  });

  it('show the amendment reason where the template places it', () => {
    const t = { ...GP_LETTER_TEMPLATE, body: '{{#isAmended}}Amended: {{amendReason}}\n{{/isAmended}}Hello' };
    const base = {
      serviceName: 'S',
      meetingName: 'M',
      patient: { name: 'Jo Smith', nhsNumber: '9434765919', dateOfBirth: '1970-03-01' },
      recipientName: 'Dr X',
      question: 'Q',
      whatMatters: 'W',
      outcome: {
        id: '1',
        listingId: '1',
        version: 2,
        previousVersionId: '0',
        status: 'confirmed' as const,
        kind: 'no-change' as const,
        summary: 'No change',
        options: [],
        rationale: '',
        patientPreferencesConsidered: false,
        meetingDate: '2026-11-24',
        reviewDate: null,
        actions: [],
        noAction: true,
        quorum: null,
        amendReason: 'Typo',
        amendedAt: null,
        amendedBy: null,
      },
      disciplinesPresent: [],
      patientSummary: 'P',
      contactDetails: 'C',
      signatory: 'Sig',
    };
    expect(renderLetter(t, buildLetterData({ ...base, amendment: { reason: 'Typo' } })).text).toBe(
      'Amended: Typo\nHello',
    );
    expect(renderLetter(t, buildLetterData(base)).text).toBe('Hello');
  });
});

describe('NHS letter conventions (issue 16)', () => {
  it.each([
    ['9434765919', '943 476 5919'],
    ['943 476 5919', '943 476 5919'],
    [' 943476 5919 ', '943 476 5919'],
    ['12345', '12345'], // not ten digits: left as typed, never made to look right
  ])('writes the NHS number %s as %s', (raw, shown) => {
    expect(formatNhsNumber(raw)).toBe(shown);
  });

  it('uses the chair’s wording, else a plain default, else leaves an action out of the patient letter', () => {
    expect(patientActionText({ type: 'other', patientWording: '  We will ring you.  ' })).toBe(
      'We will ring you.',
    );
    expect(patientActionText({ type: 'psychology' })).toBe(
      'We will offer you an appointment with a psychologist in the team.',
    );
    expect(patientActionText({ type: 'other', patientWording: '' })).toBeNull();
  });

  it('writes an amended letter’s sentence for its reader', () => {
    expect(amendmentSentence('gp', { date: '2026-12-03', sent: true }, 'Dose corrected.')).toBe(
      'This letter replaces the one we sent on 3 December 2026 because the MDT outcome was amended: Dose corrected. Please act on this letter and not the earlier one.',
    );
    expect(amendmentSentence('patient', { date: '2026-12-03', sent: false }, 'Dose corrected (TSK 52)')).toBe(
      'This letter replaces the one we wrote you on 3 December 2026, because the team has changed part of your plan since then. Please use this letter and not the earlier one.',
    );
  });
});
