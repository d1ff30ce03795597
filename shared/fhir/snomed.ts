/**
 * SNOMED CT concepts (SNOMED International; UK edition) Alongside puts beside its own codes in what it exports,
 * each with the public source that names the concept id with that name (repository, commit and path). No
 * SNOMED CT release is reachable here, so nothing is taken from memory: a record whose concept no source
 * names goes out with its own code (ICD-11, LOINC) and its text alone.
 *
 * Exchange codes 1.4.0 add the PHQ-9 and GAD-7 total score observables, read from NHS Digital's Mental
 * Health Monthly Statistics reference tables (with CamCOPS's documentation agreeing on the PHQ-9 concept).
 *
 * Looked for and not found in a source that could be named (1.3.0, and again for 1.4.0): the intervention
 * procedures (facet joint injection, medial branch block, radiofrequency denervation, epidural steroid
 * injection, spinal cord stimulator trial and implant and the rest of the catalogue), and the other ICD-11
 * chronic pain categories (only two have a concept of the same meaning in a named codelist). Procedures go
 * out by name.
 */

export interface SnomedConcept {
  /** The SNOMED CT concept id. */
  id: string;
  /** The concept's name as the source gives it. */
  name: string;
  /** Where the id and name were read: repository, commit and path. */
  source: string;
}

/** Greater Manchester Secure Data Environment's clinical code sets (University of Manchester), SNOMED CT lists. */
const gmSde = (commit: string, path: string) =>
  `UoM-Data-Science-Platforms/gm-sde@${commit.slice(0, 12)}:${path} (GM SDE clinical code sets)`;

/** SNOMED CT concepts for the ICD-11 chronic pain categories (MG30) that have one of the same meaning. */
export const DIAGNOSIS_SNOMED: Readonly<Record<string, SnomedConcept>> = {
  // ICD-11 MG30.01 Complex regional pain syndrome.
  'MG30.01': {
    id: '128200000',
    name: 'Complex regional pain syndromes (disorder)',
    source: gmSde(
      '44745c04b01c0dbc5495e1c4233a16fa1cfd9110',
      'shared/clinical-code-sets/conditions/neuropathic-pain/1/neuropathic-pain.snomed.txt',
    ),
  },
  // ICD-11 MG30.04 Chronic primary musculoskeletal pain.
  'MG30.04': {
    id: '762591005',
    name: 'Chronic primary musculoskeletal pain (finding)',
    source: gmSde(
      '4ebdcd95382fca7963947e327bdadae82ddb8e33',
      'shared/clinical-code-sets/symptoms/musculoskeletal-pain/1/musculoskeletal-pain.snomed.txt',
    ),
  },
};

/** SNOMED CT procedures by pain procedure catalogue code: none found in a named source (see above). */
export const PROCEDURE_SNOMED: Readonly<Record<string, SnomedConcept>> = {};

/** NHS Digital's Mental Health Monthly Statistics (MHSDS) reference tables of outcome measures. */
const nhsMhStats = (path: string) =>
  `NHSDigital/mental-health-monthly-statistics@7b4d7421838b:${path} (NHS Digital MHSDS outcome measure reference data)`;
const MHSDS_REF =
  'Mental_Health_Monthly_Statistics/menh_bbrb/notebooks/01_Generic_Prepare/04_mhsds_ref_tables.py';

/**
 * SNOMED CT observables for outcome measure total scores, by measure id, sent beside the LOINC code. The NHS
 * Digital table lists each with its score range (PHQ-9 0 to 27, GAD-7 0 to 21: the total score).
 */
export const MEASURE_SNOMED: Readonly<Record<string, SnomedConcept>> = {
  'PHQ-9': {
    id: '720433000',
    name: 'Patient Health Questionnaire Nine Item score (observable entity)',
    source:
      `${nhsMhStats(MHSDS_REF)}, as "Patient health questionnaire 9 score"; and ` +
      'ucam-department-of-psychiatry/camcops@f003beab662d:docs/source/administrator/snomed.rst (CamCOPS), ' +
      'as "Patient Health Questionnaire Nine Item score (observable entity)"',
  },
  'GAD-7': {
    id: '445455005',
    name: 'Generalized anxiety disorder 7 item score',
    source:
      `${nhsMhStats(MHSDS_REF)} and ` +
      'Mental_Health_Monthly_Statistics/menh_publications/notebooks/06_CYP_Outcome_Measures/01_Prepare/LoadRefData.sql ' +
      'there, as "Generalized anxiety disorder 7 item score"',
  },
};
