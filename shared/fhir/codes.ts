import type { RuleSetMeta } from '../clinical/errors';

/**
 * Codes Alongside puts on what it exports, as versioned data with their source. Only codes checked against
 * their publisher are listed; a record without a listed code is exported with its text alone (valid FHIR,
 * and honest), never with a guessed code.
 */
export const EXCHANGE_CODES_META: RuleSetMeta = {
  id: 'alongside-exchange-codes',
  name: 'Codes used in FHIR exchange',
  version: '1.4.0',
  source:
    'LOINC (Regenstrief Institute): 44261-6 PHQ-9 total score, 70274-6 GAD-7 total score. ' +
    'dm+d (NHS Business Services Authority) concept ids: only those read from a public source naming the id ' +
    'with its dm+d name (OpenPrescribing Hospitals measure definitions and defined-daily-dose pipeline, ' +
    'Bennett Institute, University of Oxford; NHS Digital Digital Medicines FHIR guide and its worked examples; ' +
    'NHS Digital Electronic Prescription Service API example prescriptions; OpenSAFELY codelists and EBM ' +
    'DataLab codelist notebooks, Bennett Institute), each with its source in shared/fhir/dmd.ts and ' +
    'dmd-codelists-*.ts; other products go out by name. 1.2.0 added codeine 30 mg, co-codamol 8/500 and ' +
    '30/500, zopiclone 3.75 mg, morphine 15 mg modified-release tablets and fentanyl 25 micrograms/hour ' +
    'patches (VMP), capsaicin and enoxaparin (VTM). 1.3.0 adds 191 VMPs read from OpenSAFELY and EBM ' +
    'DataLab codelists (only rows typed VMP whose name is the product, strength and form) and replaces the ' +
    'codeine 30 mg and co-codamol 8/500 and 30/500 ids, which OpenSAFELY lists as previous ids, with their ' +
    'current ones (the previous ids are still read on import). SNOMED CT (SNOMED International, UK edition): ' +
    'diagnoses where a public codelist names the concept, in shared/fhir/snomed.ts. 1.4.0 adds the PHQ-9 and ' +
    "GAD-7 total score observables (720433000, 445455005) from NHS Digital's Mental Health Monthly " +
    'Statistics reference tables, sent beside the LOINC code; no procedure concept was found in a named source.',
};

/** LOINC codes for the total scores of the outcome measures that have one. */
export const MEASURE_LOINC: Readonly<Record<string, { code: string; display: string }>> = {
  'PHQ-9': { code: '44261-6', display: 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]' },
  'GAD-7': {
    code: '70274-6',
    display: 'Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]',
  },
};
