/**
 * The first shipped example letter templates (version 1.0.0), kept exactly as migration 0011 seeded them:
 * a migration must seed the same text whenever it runs. New examples are in letter-templates.ts.
 */
import type { LetterTemplate } from './letters';

const EXAMPLE_SOURCE =
  'Example written for Alongside. Contents follow the acceptance check for MDT letters (meeting date, ' +
  'disciplines present, question, outcome, options, what matters to the patient, actions with owners and ' +
  'due dates, review date); a clinical lead approves the wording.';

/** Example GP letter, version 1.0.0. */
const GP_LETTER_TEMPLATE_V1: LetterTemplate = {
  id: 'mdt-gp-letter',
  name: 'MDT outcome letter to GP',
  version: '1.0.0',
  source: EXAMPLE_SOURCE,
  audience: 'gp',
  example: true,
  body: `{{serviceName}}

Dear {{recipientName}},

Re: {{patientName}}, date of birth {{dateOfBirth}}, NHS number {{nhsNumber}}

The {{meetingName}} discussed your patient on {{meetingDate}}.

Disciplines present:
{{#disciplinesPresent}}
- {{.}}
{{/disciplinesPresent}}

Question for the MDT: {{question}}
What matters to the patient: {{whatMatters}}

Outcome: {{outcomeLabel}}
{{outcomeSummary}}
{{#hasOptions}}

Options to discuss with the patient:
{{#options}}
- {{.}}
{{/options}}
We will record the patient's decision and let you know.
{{/hasOptions}}
{{#hasRationale}}

Rationale: {{rationale}}
{{/hasRationale}}

Actions:
{{#actions}}
- {{description}} (owner: {{owner}}; due {{dueDate}})
{{/actions}}
{{^actions}}
No actions were agreed.
{{/actions}}

{{#hasReviewDate}}
Review date: {{reviewDate}}
{{/hasReviewDate}}
{{^hasReviewDate}}
No review date was set.
{{/hasReviewDate}}

Yours sincerely,

{{signatory}}
`,
};

/** Example letter to the referring clinician, version 1.0.0. */
const REFERRER_LETTER_TEMPLATE_V1: LetterTemplate = {
  id: 'mdt-referrer-letter',
  name: 'MDT outcome letter to referrer',
  version: '1.0.0',
  source: EXAMPLE_SOURCE,
  audience: 'referrer',
  example: true,
  body: `{{serviceName}}

Dear {{recipientName}},

Re: {{patientName}}, date of birth {{dateOfBirth}}, NHS number {{nhsNumber}}

Thank you for asking the {{meetingName}} to discuss this patient. We met on {{meetingDate}}.

Your question: {{question}}

Disciplines present:
{{#disciplinesPresent}}
- {{.}}
{{/disciplinesPresent}}

Outcome: {{outcomeLabel}}
{{outcomeSummary}}
{{#hasOptions}}

Options to discuss with the patient:
{{#options}}
- {{.}}
{{/options}}
{{/hasOptions}}
{{#hasRationale}}

Rationale: {{rationale}}
{{/hasRationale}}

Actions:
{{#actions}}
- {{description}} (owner: {{owner}}; due {{dueDate}})
{{/actions}}
{{^actions}}
No actions were agreed.
{{/actions}}

{{#hasReviewDate}}
Review date: {{reviewDate}}
{{/hasReviewDate}}
{{^hasReviewDate}}
No review date was set.
{{/hasReviewDate}}

Yours sincerely,

{{signatory}}
`,
};

/** Example plain-English letter to the patient, version 1.0.0. No clinical shorthand. */
const PATIENT_LETTER_TEMPLATE_V1: LetterTemplate = {
  id: 'mdt-patient-letter',
  name: 'Letter to the patient after the team meeting (plain English)',
  version: '1.0.0',
  source: EXAMPLE_SOURCE,
  audience: 'patient',
  example: true,
  body: `{{serviceName}}

Dear {{patientName}},

Your care team met on {{meetingDate}} to talk about your care. The team included {{teamMembers}}.

You told us that what matters most to you is: {{whatMatters}}

{{plainOutcomeIntro}}
{{patientSummary}}
{{#hasOptions}}

The choices we would like to talk through with you are:
{{#options}}
- {{.}}
{{/options}}
You do not need to decide now. We will go through these with you, and you can ask us anything.
{{/hasOptions}}

What happens next:
{{#patientActions}}
- {{text}} (by {{dueDate}})
{{/patientActions}}
{{^patientActions}}
Nothing needs to happen straight away.
{{/patientActions}}
{{#hasReviewDate}}

We plan to check how things are going by {{reviewDate}}.
{{/hasReviewDate}}

If you have any questions, please contact us {{contactDetails}}.

Yours sincerely,

{{signatory}}
`,
};

/** The first example templates (1.0.0), one per audience, as migration 0011 seeded them. Never change. */
export const EXAMPLE_LETTER_TEMPLATES_V1: readonly LetterTemplate[] = [
  GP_LETTER_TEMPLATE_V1,
  REFERRER_LETTER_TEMPLATE_V1,
  PATIENT_LETTER_TEMPLATE_V1,
];
