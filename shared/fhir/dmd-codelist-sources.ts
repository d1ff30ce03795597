/**
 * The codelists dm+d VMP ids were read from (exchange codes 1.3.0), each as repository, commit and path.
 *
 * - OpenSAFELY codelists (Bennett Institute, University of Oxford), published in OpenSAFELY study
 *   repositories' `codelists/` folders, with columns dmd_type, dmd_id, dmd_name (or code, term, dmd_id,
 *   dmd_type): only rows of type VMP are used. These lists also mark ids dm+d has replaced ("VMP previous to
 *   …"); no replaced id is used.
 * - The Bennett Institute's (then EBM DataLab's) codelist notebooks (2020), `data/*.csv` with columns type
 *   (vmp or amp), id, bnf_code, nm: only vmp rows. These are older than the OpenSAFELY lists; a VMP id dm+d
 *   has replaced since would not show there, so each is held with its source, to be checked against a dm+d
 *   release when one is loaded.
 */

/** An OpenSAFELY codelist in an OpenSAFELY study repository. */
const os = (repo: string, commit: string, path: string) =>
  `opensafely/${repo}@${commit.slice(0, 12)}:${path} (OpenSAFELY codelist)`;
/** A Bennett Institute (EBM DataLab) codelist notebook's data file. */
const ebm = (repo: string, commit: string, path: string) =>
  `ebmdatalab/${repo}@${commit.slice(0, 12)}:${path} (EBM DataLab codelist)`;

export const OPIOIDS_ORAL = os(
  'opioids-covid-research',
  '0e45b0d3cfc0a4ccb418fd9ce63ffdf79ca41a99',
  'codelists/opensafely-opioid-containing-medicines-oral-excluding-drugs-for-substance-misuse-dmd.csv',
);
export const HIGH_DOSE_OPIOIDS_REVIEWS = os(
  'medication-reviews',
  '055debcf05445195d135fdd9825a440e5d58dd3c',
  'codelists/opensafely-high-dose-long-acting-opioids-openprescribing-dmd.csv',
);
export const HIGH_DOSE_OPIOIDS_STUDY = os(
  'opioids-covid-research',
  '0e45b0d3cfc0a4ccb418fd9ce63ffdf79ca41a99',
  'codelists/opensafely-high-dose-long-acting-opioids-openprescribing-dmd.csv',
);
export const OPIOIDS_TRANSDERMAL = os(
  'opioids-covid-research',
  '0e45b0d3cfc0a4ccb418fd9ce63ffdf79ca41a99',
  'codelists/opensafely-opioid-containing-medicines-transdermal-excluding-drugs-for-substance-misuse-dmd.csv',
);
export const OPIOIDS_BUCCAL_NASAL_AND_OROMUCOSAL = os(
  'opioids-covid-research',
  '0e45b0d3cfc0a4ccb418fd9ce63ffdf79ca41a99',
  'codelists/opensafely-opioid-containing-medicines-buccal-nasal-and-oromucosal-excluding-drugs-for-substance-misuse-dmd.csv',
);
export const ADDICTIVE_MEDICINES = os(
  'medication-reviews',
  '055debcf05445195d135fdd9825a440e5d58dd3c',
  'codelists/opensafely-addictive-medicines.csv',
);
export const NAPROXEN = ebm(
  'nsaid-covid-codelist-notebook',
  '7baebace5c3c35887a7ac58bae12c3f2dda52f68',
  'data/naproxen_codelist.csv',
);
export const NSAID = ebm(
  'nsaid-covid-codelist-notebook',
  '7baebace5c3c35887a7ac58bae12c3f2dda52f68',
  'data/nsaid_codelist.csv',
);
export const COX2 = ebm(
  'nsaid-covid-codelist-notebook',
  '7baebace5c3c35887a7ac58bae12c3f2dda52f68',
  'data/cox2_codelist.csv',
);
export const COMPLETE_ANTICOAGULANT = ebm(
  'anticoagulant-covid-codelist-notebook',
  'eedf1f2acedffdd6a0c897e4b7f08bc4df9f9cef',
  'data/complete_anticoagulant_codelist.csv',
);
export const CVD = ebm(
  'cvd-covid-codelist-notebook',
  'd8d3e37188c6166ec788cb9f9b1b7006926cac46',
  'data/cvd_codelist.csv',
);
export const ASPIRIN = ebm(
  'nsaid-covid-codelist-notebook',
  '7baebace5c3c35887a7ac58bae12c3f2dda52f68',
  'data/aspirin_codelist.csv',
);
export const SECOND_GENERATION_ANTIPSYCHOTICS_NON_INJECTIONS = os(
  'antipsychotics-prescribing-during-COVID-19',
  '92565c4c74df7b31e24fbb64129131549f9b3e60',
  'codelists/opensafely-second-generation-antipsychotics-excluding-long-acting-injections.csv',
);
export const FIRST_GENERATION_ANTIPSYCHOTICS_NON_DEPOTS = os(
  'antipsychotics-prescribing-during-COVID-19',
  '92565c4c74df7b31e24fbb64129131549f9b3e60',
  'codelists/opensafely-first-generation-antipsychotics-excluding-long-acting-depots-dmd.csv',
);
export const ACEI = ebm(
  'raas-covid-codelist-notebook',
  '02ea5f90195957f861b1a49155f5f5f745d57628',
  'data/acei_codelist.csv',
);
export const ARB = ebm(
  'raas-covid-codelist-notebook',
  '02ea5f90195957f861b1a49155f5f5f745d57628',
  'data/arb_codelist.csv',
);
export const THIAZIDE = ebm(
  'raas-covid-codelist-notebook',
  '02ea5f90195957f861b1a49155f5f5f745d57628',
  'data/thiazide_codelist.csv',
);
export const MACROLIDES = ebm(
  'antibiotics-covid-codelist-notebook',
  '8f92389bdc484d8a9ded4e69792be06497efd474',
  'data/macrolides.csv',
);
export const ANTIHISTAMINE = ebm(
  'antihistamine-covid-codelist-notebook',
  'f53d46e4991dc6118d377a0a2266df5477689c28',
  'data/antihistamine_codelist.csv',
);
export const PROCHLORPERAZINE = os(
  'antipsychotics-prescribing-during-COVID-19',
  '92565c4c74df7b31e24fbb64129131549f9b3e60',
  'codelists/opensafely-prochlorperazine-dmd.csv',
);
