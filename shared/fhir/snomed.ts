/**
 * SNOMED CT concepts (SNOMED International; UK edition) Alongside puts beside its own codes in what it exports,
 * each with the public source that names the concept id with that name (repository, commit and path). No
 * SNOMED CT release is reachable here, so nothing is taken from memory: a record whose concept no source
 * names goes out with its own code (ICD-11, LOINC) and its text alone.
 *
 * Looked for and not found in a source that could be named (exchange codes 1.3.0): the intervention
 * procedures (facet joint injection, medial branch block, radiofrequency denervation, epidural steroid
 * injection, spinal cord stimulator trial and implant and the rest of the catalogue), the PHQ-9 and GAD-7
 * total score observables, and the other ICD-11 chronic pain categories (only two have a concept of the same
 * meaning in a named codelist).
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

/** SNOMED CT procedures by pain procedure catalogue id: none verified yet (see above). */
export const PROCEDURE_SNOMED: Readonly<Record<string, SnomedConcept>> = {};

/** SNOMED CT observables for outcome measure total scores: none verified yet (LOINC is sent; see above). */
export const MEASURE_SNOMED: Readonly<Record<string, SnomedConcept>> = {};
