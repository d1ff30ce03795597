/**
 * The shipped example letter templates, version 2.0.0 (issue 16): NHS clinical letter conventions (PRSB /
 * AoMRC clinical correspondence headings: the letter's date, the recipient's address block, patient
 * identifiers with the NHS number written 3-3-4, the current medicines and the changes agreed, the author
 * with their role, the copy list), and a patient letter written to the patient in the second person, in plain
 * English (AoMRC "Please, write to me", 2018). Examples only: a clinical lead approves them locally.
 */
import type { LetterTemplate } from './letters';

const EXAMPLE_SOURCE =
  'Example written for Alongside, following the PRSB/AoMRC clinical correspondence headings (date, ' +
  'recipient, patient identifiers, outcome, medicines and changes, actions, author and role, copies) and ' +
  'the AoMRC guidance "Please, write to me" (2018) for the patient letter. A clinical lead approves the ' +
  'wording locally before use.';

const HEADER = `{{serviceName}}

{{letterDate}}

{{#recipientAddress}}
{{.}}
{{/recipientAddress}}
`;

const CLINICAL_BODY = `Disciplines present:
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

Current medicines:
{{#currentMedicines}}
- {{.}}
{{/currentMedicines}}
{{^currentMedicines}}
No current medicines are recorded.
{{/currentMedicines}}

Changes to medicines agreed at the MDT:
{{#medicineChanges}}
- {{.}}
{{/medicineChanges}}
{{^medicineChanges}}
No changes to medicines were agreed.
{{/medicineChanges}}

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
{{signatoryRole}}
{{serviceName}}

{{#hasCc}}

cc:
{{#cc}}
{{.}}
{{/cc}}
{{/hasCc}}
`;

/** Example GP letter, version 2.0.0. */
export const GP_LETTER_TEMPLATE: LetterTemplate = {
  id: 'mdt-gp-letter',
  name: 'MDT outcome letter to GP',
  version: '2.0.0',
  source: EXAMPLE_SOURCE,
  audience: 'gp',
  example: true,
  body: `${HEADER}
Dear {{salutation}},

Re: {{patientName}}, date of birth {{dateOfBirth}}, NHS number {{nhsNumber}}
{{#hasAmendment}}

{{amendmentSentence}}
{{/hasAmendment}}

The {{meetingName}} discussed your patient on {{meetingDate}}.

Question for the MDT: {{question}}
What matters to the patient: {{whatMatters}}

${CLINICAL_BODY}`,
};

/** Example letter to the referring clinician, version 2.0.0. */
export const REFERRER_LETTER_TEMPLATE: LetterTemplate = {
  id: 'mdt-referrer-letter',
  name: 'MDT outcome letter to referrer',
  version: '2.0.0',
  source: EXAMPLE_SOURCE,
  audience: 'referrer',
  example: true,
  body: `${HEADER}
Dear {{salutation}},

Re: {{patientName}}, date of birth {{dateOfBirth}}, NHS number {{nhsNumber}}
{{#hasAmendment}}

{{amendmentSentence}}
{{/hasAmendment}}

Thank you for asking the {{meetingName}} to discuss this patient. We met on {{meetingDate}}.

Your question: {{question}}
What matters to the patient: {{whatMatters}}

${CLINICAL_BODY}`,
};

/** Example plain-English letter to the patient, version 2.0.0: written to them, never about them. */
export const PATIENT_LETTER_TEMPLATE: LetterTemplate = {
  id: 'mdt-patient-letter',
  name: 'Letter to the patient after the team meeting (plain English)',
  version: '2.0.0',
  source: EXAMPLE_SOURCE,
  audience: 'patient',
  example: true,
  body: `${HEADER}
Dear {{patientName}},
{{#hasAmendment}}

{{amendmentSentence}}
{{/hasAmendment}}

Your care team met on {{meetingDate}} to talk about your care. The team included {{teamMembers}}.

You told us that what matters most to you is: {{whatMatters}}

{{plainOutcomeIntro}}
{{patientSummary}}
{{#hasOptions}}

You do not need to decide now. We will go through the choices with you, and you can ask us anything.
{{/hasOptions}}

What we agreed will happen next:
{{#patientActions}}
- {{text}} (by {{dueDate}})
{{/patientActions}}
{{^patientActions}}
Nothing needs to happen straight away.
{{/patientActions}}
{{#patientActionsLeftOut}}
We will talk the rest of the plan through with you.
{{/patientActionsLeftOut}}
{{#hasReviewDate}}

We plan to check with you how things are going by {{reviewDate}}.
{{/hasReviewDate}}

If you have any questions, please contact us {{contactDetails}}.

Yours sincerely,

{{signatory}}
{{signatoryRole}}

{{#hasCc}}

A copy of this letter goes to:
{{#cc}}
{{.}}
{{/cc}}
{{/hasCc}}
`,
};

/** The current example templates, one per audience. */
export const EXAMPLE_LETTER_TEMPLATES: readonly LetterTemplate[] = [
  GP_LETTER_TEMPLATE,
  REFERRER_LETTER_TEMPLATE,
  PATIENT_LETTER_TEMPLATE,
];
