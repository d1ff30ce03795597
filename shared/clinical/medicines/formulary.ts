import type { RuleSetMeta } from '../errors';
import { normaliseDrugName } from './numbers';
import type { DrugClass } from './types';
import { INTERACTING_PRODUCTS } from './formulary-interacting';
import { BENZODIAZEPINE_PRODUCTS } from './formulary-benzodiazepines';
import { FORMULARY_BRANDS, type FormularyBrand } from './formulary-brands';

/** Route of a formulary product: the OME routes plus `topical` (creams, gels, plasters). */
export type FormularyRoute =
  | 'oral'
  | 'transdermal'
  | 'subcutaneous'
  | 'intravenous'
  | 'sublingual'
  | 'buccal'
  | 'intranasal'
  | 'topical';

/**
 * UK legal category: a Misuse of Drugs Regulations 2001 schedule (`CD2`, `CD3`, `CD4-1`, `CD4-2`, `CD5`)
 * or, for medicines that are not controlled drugs, `POM`, `P` or `GSL`.
 */
export type LegalCategory = 'CD2' | 'CD3' | 'CD4-1' | 'CD4-2' | 'CD5' | 'POM' | 'P' | 'GSL';

/** Unit of a labelled strength. Liquids are per mL; patches per hour; topicals as % w/w. */
export type StrengthUnit = 'mg' | 'mcg' | 'mcg/h' | 'mg/mL' | 'mcg/mL' | '%';

/** One labelled strength, e.g. `{ value: 25, unit: 'mcg/h' }`. */
export interface Strength {
  value: number;
  unit: StrengthUnit;
}

/**
 * One curated product line "in the spirit of dm+d" (generic product + form + strengths). Not dm+d data and
 * without dm+d identifiers: a hand-made starter list to be replaced by an attributed dm+d extract.
 */
export interface FormularyEntry {
  /** Stable id within this formulary, e.g. `oxycodone-mr-tablet`. */
  id: string;
  /** Display name, e.g. `Oxycodone modified-release tablets`. */
  name: string;
  /**
   * Lower-case generic name as used by the OME rule sets. Combination products use the opioid component
   * (co-codamol → `codeine`); `strengths` are then that component's strengths.
   */
  generic: string;
  form: string;
  route: FormularyRoute;
  strengths: Strength[];
  drugClass: DrugClass;
  schedule: LegalCategory;
  release: 'immediate' | 'modified';
  /** Patches: how often the patch is changed, in days. */
  changeEveryDays?: number;
  /** Combination products: the other ingredient(s), e.g. `paracetamol 500 mg`. */
  combinedWith?: string;
  /**
   * Immediate-release tablets that may be halved (scored for dose division), so half a tablet is a dose a
   * taper or a prescription may use. Never set for modified-release products.
   */
  scored?: boolean;
  /** UK brand names prescribers write for this product, with their strengths (formulary-brands.ts). */
  brands?: FormularyBrand[];
}

/** Metadata for the shipped formulary. */
export const FORMULARY_META: RuleSetMeta = {
  id: 'alongside-pain-formulary',
  name: 'Alongside curated pain formulary',
  version: '1.0.8',
  source:
    'Hand-curated from UK product ranges and legal categories (BNF/dm+d as background); no dm+d identifiers. ' +
    'UK brand names and their strengths (1.0.3) from the product SPCs (electronic medicines compendium) and BNF ' +
    'medicinal forms. 1.0.4: nitrazepam, oxazepam and chlordiazepoxide (switch to diazepam, Ashton). 1.0.5: ' +
    'alprazolam (Xanax SPC; not prescribable on the NHS, Drug Tariff Part XVIIIA), recorded and switched to diazepam. ' +
    '1.0.6: clobazam 10 mg tablets (Frisium SPC; BNF), switched to diazepam at clobazam 20 mg ≈ diazepam 10 mg (Ashton). ' +
    '1.0.7: sedating antihistamines (promethazine, hydroxyzine, chlorphenamine, cyclizine, alimemazine) and ' +
    'prochlorperazine tablets (BNF medicinal forms), for the opioid + sedatives check. ' +
    '1.0.8: dexamfetamine, lisdexamfetamine and ketamine oral solution (unlicensed), for the drug-driving prompt. ' +
    'To be replaced by an attributed dm+d extract (Open Government Licence) and checked by the service pharmacist.',
};

const mg = (...values: number[]): Strength[] => values.map((value) => ({ value, unit: 'mg' as const }));
const mcg = (...values: number[]): Strength[] => values.map((value) => ({ value, unit: 'mcg' as const }));
const mcgh = (...values: number[]): Strength[] => values.map((value) => ({ value, unit: 'mcg/h' as const }));
const mgml = (...values: number[]): Strength[] => values.map((value) => ({ value, unit: 'mg/mL' as const }));

/**
 * The shipped starter formulary of pain medicines (opioids, gabapentinoids, benzodiazepines and Z-drugs,
 * antidepressants used for pain, NSAIDs, topicals and others), as data.
 */
const PRODUCTS: readonly FormularyEntry[] = [
  // Strong opioids: morphine
  {
    id: 'morphine-ir-tablet',
    name: 'Morphine sulfate tablets',
    generic: 'morphine',
    form: 'tablet',
    route: 'oral',
    strengths: mg(10, 20, 50),
    drugClass: 'strong-opioid',
    schedule: 'CD2',
    release: 'immediate',
  },
  {
    id: 'morphine-oral-solution-2mg-ml',
    name: 'Morphine sulfate oral solution 10 mg/5 mL',
    generic: 'morphine',
    form: 'oral solution',
    route: 'oral',
    strengths: mgml(2),
    drugClass: 'strong-opioid',
    schedule: 'CD5',
    release: 'immediate',
  },
  {
    id: 'morphine-oral-solution-20mg-ml',
    name: 'Morphine sulfate concentrated oral solution 20 mg/mL',
    generic: 'morphine',
    form: 'oral solution',
    route: 'oral',
    strengths: mgml(20),
    drugClass: 'strong-opioid',
    schedule: 'CD2',
    release: 'immediate',
  },
  {
    id: 'morphine-mr-tablet',
    name: 'Morphine sulfate modified-release tablets (12-hourly)',
    generic: 'morphine',
    form: 'modified-release tablet',
    route: 'oral',
    strengths: mg(5, 10, 15, 30, 60, 100, 200),
    drugClass: 'strong-opioid',
    schedule: 'CD2',
    release: 'modified',
  },
  {
    id: 'morphine-mr-capsule',
    name: 'Morphine sulfate modified-release capsules (12-hourly)',
    generic: 'morphine',
    form: 'modified-release capsule',
    route: 'oral',
    strengths: mg(10, 30, 60, 100, 200),
    drugClass: 'strong-opioid',
    schedule: 'CD2',
    release: 'modified',
  },
  {
    id: 'morphine-injection',
    name: 'Morphine sulfate injection',
    generic: 'morphine',
    form: 'solution for injection',
    route: 'subcutaneous',
    strengths: mgml(10, 15, 30),
    drugClass: 'strong-opioid',
    schedule: 'CD2',
    release: 'immediate',
  },
  // Strong opioids: oxycodone
  {
    id: 'oxycodone-ir-capsule',
    name: 'Oxycodone capsules',
    generic: 'oxycodone',
    form: 'capsule',
    route: 'oral',
    strengths: mg(5, 10, 20),
    drugClass: 'strong-opioid',
    schedule: 'CD2',
    release: 'immediate',
  },
  {
    id: 'oxycodone-oral-solution',
    name: 'Oxycodone oral solution 5 mg/5 mL',
    generic: 'oxycodone',
    form: 'oral solution',
    route: 'oral',
    strengths: mgml(1),
    drugClass: 'strong-opioid',
    schedule: 'CD2',
    release: 'immediate',
  },
  {
    id: 'oxycodone-mr-tablet',
    name: 'Oxycodone modified-release tablets (12-hourly)',
    generic: 'oxycodone',
    form: 'modified-release tablet',
    route: 'oral',
    strengths: mg(5, 10, 15, 20, 30, 40, 60, 80, 120),
    drugClass: 'strong-opioid',
    schedule: 'CD2',
    release: 'modified',
  },
  {
    id: 'oxycodone-naloxone-mr-tablet',
    name: 'Oxycodone with naloxone modified-release tablets (12-hourly)',
    generic: 'oxycodone',
    form: 'modified-release tablet',
    route: 'oral',
    strengths: mg(5, 10, 20, 40),
    drugClass: 'strong-opioid',
    schedule: 'CD2',
    release: 'modified',
    // Naloxone is half the oxycodone strength (5/2.5, 10/5, 20/10, 40/20): Targinact SPC section 2.
    combinedWith: 'naloxone (half the oxycodone strength)',
  },
  {
    id: 'oxycodone-injection',
    name: 'Oxycodone injection',
    generic: 'oxycodone',
    form: 'solution for injection',
    route: 'subcutaneous',
    strengths: mgml(10),
    drugClass: 'strong-opioid',
    schedule: 'CD2',
    release: 'immediate',
  },
  // Strong opioids: others
  {
    id: 'tapentadol-ir-tablet',
    name: 'Tapentadol tablets',
    generic: 'tapentadol',
    form: 'tablet',
    route: 'oral',
    strengths: mg(50),
    drugClass: 'strong-opioid',
    schedule: 'CD2',
    release: 'immediate',
  },
  {
    id: 'tapentadol-mr-tablet',
    name: 'Tapentadol modified-release tablets (12-hourly)',
    generic: 'tapentadol',
    form: 'modified-release tablet',
    route: 'oral',
    strengths: mg(25, 50, 100, 150, 200, 250),
    drugClass: 'strong-opioid',
    schedule: 'CD2',
    release: 'modified',
  },
  {
    id: 'hydromorphone-ir-capsule',
    name: 'Hydromorphone capsules',
    generic: 'hydromorphone',
    form: 'capsule',
    route: 'oral',
    strengths: mg(1.3, 2.6),
    drugClass: 'strong-opioid',
    schedule: 'CD2',
    release: 'immediate',
  },
  {
    id: 'hydromorphone-mr-capsule',
    name: 'Hydromorphone modified-release capsules (12-hourly)',
    generic: 'hydromorphone',
    form: 'modified-release capsule',
    route: 'oral',
    strengths: mg(2, 4, 8, 16, 24),
    drugClass: 'strong-opioid',
    schedule: 'CD2',
    release: 'modified',
  },
  {
    id: 'methadone-oral-solution',
    name: 'Methadone oral solution 1 mg/mL',
    generic: 'methadone',
    form: 'oral solution',
    route: 'oral',
    strengths: mgml(1),
    drugClass: 'strong-opioid',
    schedule: 'CD2',
    release: 'immediate',
  },
  {
    id: 'methadone-tablet',
    name: 'Methadone tablets',
    generic: 'methadone',
    form: 'tablet',
    route: 'oral',
    strengths: mg(5),
    drugClass: 'strong-opioid',
    schedule: 'CD2',
    release: 'immediate',
  },
  {
    id: 'diamorphine-injection',
    name: 'Diamorphine powder for solution for injection',
    generic: 'diamorphine',
    form: 'powder for solution for injection',
    route: 'subcutaneous',
    strengths: mg(5, 10, 30, 100, 500),
    drugClass: 'strong-opioid',
    schedule: 'CD2',
    release: 'immediate',
  },
  {
    id: 'alfentanil-injection',
    name: 'Alfentanil injection 500 micrograms/mL',
    generic: 'alfentanil',
    form: 'solution for injection',
    route: 'subcutaneous',
    strengths: [{ value: 500, unit: 'mcg/mL' }],
    drugClass: 'strong-opioid',
    schedule: 'CD2',
    release: 'immediate',
  },
  {
    id: 'pethidine-tablet',
    name: 'Pethidine tablets',
    generic: 'pethidine',
    form: 'tablet',
    route: 'oral',
    strengths: mg(50),
    drugClass: 'strong-opioid',
    schedule: 'CD2',
    release: 'immediate',
  },
  // Buprenorphine
  {
    id: 'buprenorphine-7-day-patch',
    name: 'Buprenorphine 7-day transdermal patches',
    generic: 'buprenorphine',
    form: 'patch',
    route: 'transdermal',
    strengths: mcgh(5, 10, 15, 20),
    drugClass: 'strong-opioid',
    schedule: 'CD3',
    release: 'modified',
    changeEveryDays: 7,
  },
  {
    id: 'buprenorphine-96-hour-patch',
    name: 'Buprenorphine 96-hour (twice-weekly) transdermal patches',
    generic: 'buprenorphine',
    form: 'patch',
    route: 'transdermal',
    strengths: mcgh(35, 52.5, 70),
    drugClass: 'strong-opioid',
    schedule: 'CD3',
    release: 'modified',
    changeEveryDays: 4,
  },
  {
    id: 'buprenorphine-sublingual-tablet',
    name: 'Buprenorphine sublingual tablets (pain)',
    generic: 'buprenorphine',
    form: 'sublingual tablet',
    route: 'sublingual',
    strengths: mcg(200, 400),
    drugClass: 'strong-opioid',
    schedule: 'CD3',
    release: 'immediate',
  },
  // Fentanyl
  {
    id: 'fentanyl-72-hour-patch',
    name: 'Fentanyl 72-hour transdermal patches',
    generic: 'fentanyl',
    form: 'patch',
    route: 'transdermal',
    strengths: mcgh(12, 25, 50, 75, 100),
    drugClass: 'strong-opioid',
    schedule: 'CD2',
    release: 'modified',
    changeEveryDays: 3,
  },
  {
    id: 'fentanyl-buccal-tablet',
    name: 'Fentanyl buccal tablets',
    generic: 'fentanyl',
    form: 'buccal tablet',
    route: 'buccal',
    strengths: mcg(100, 200, 400, 600, 800),
    drugClass: 'strong-opioid',
    schedule: 'CD2',
    release: 'immediate',
  },
  {
    id: 'fentanyl-sublingual-tablet',
    name: 'Fentanyl sublingual tablets',
    generic: 'fentanyl',
    form: 'sublingual tablet',
    route: 'sublingual',
    strengths: mcg(100, 200, 300, 400, 600, 800),
    drugClass: 'strong-opioid',
    schedule: 'CD2',
    release: 'immediate',
  },
  {
    id: 'fentanyl-nasal-spray',
    name: 'Fentanyl nasal spray (per dose)',
    generic: 'fentanyl',
    form: 'nasal spray',
    route: 'intranasal',
    strengths: mcg(50, 100, 200),
    drugClass: 'strong-opioid',
    schedule: 'CD2',
    release: 'immediate',
  },
  // Weak opioids
  {
    id: 'tramadol-capsule',
    name: 'Tramadol capsules',
    generic: 'tramadol',
    form: 'capsule',
    route: 'oral',
    strengths: mg(50),
    drugClass: 'weak-opioid',
    schedule: 'CD3',
    release: 'immediate',
  },
  {
    id: 'tramadol-mr-tablet',
    name: 'Tramadol modified-release tablets (12-hourly)',
    generic: 'tramadol',
    form: 'modified-release tablet',
    route: 'oral',
    strengths: mg(100, 150, 200),
    drugClass: 'weak-opioid',
    schedule: 'CD3',
    release: 'modified',
  },
  {
    id: 'tramadol-paracetamol-tablet',
    name: 'Tramadol 37.5 mg / paracetamol 325 mg tablets',
    generic: 'tramadol',
    form: 'tablet',
    route: 'oral',
    strengths: mg(37.5),
    drugClass: 'weak-opioid',
    schedule: 'CD3',
    release: 'immediate',
    combinedWith: 'paracetamol 325 mg',
  },
  {
    id: 'codeine-tablet',
    name: 'Codeine phosphate tablets',
    generic: 'codeine',
    form: 'tablet',
    route: 'oral',
    strengths: mg(15, 30, 60),
    drugClass: 'weak-opioid',
    schedule: 'CD5',
    release: 'immediate',
  },
  {
    id: 'codeine-oral-solution',
    name: 'Codeine phosphate oral solution 25 mg/5 mL',
    generic: 'codeine',
    form: 'oral solution',
    route: 'oral',
    strengths: mgml(5),
    drugClass: 'weak-opioid',
    schedule: 'CD5',
    release: 'immediate',
  },
  {
    id: 'co-codamol-tablet',
    name: 'Co-codamol tablets (8/500, 15/500, 30/500)',
    generic: 'codeine',
    form: 'tablet',
    route: 'oral',
    strengths: mg(8, 15, 30),
    drugClass: 'weak-opioid',
    schedule: 'CD5',
    release: 'immediate',
    combinedWith: 'paracetamol 500 mg',
  },
  {
    id: 'dihydrocodeine-tablet',
    name: 'Dihydrocodeine tablets',
    generic: 'dihydrocodeine',
    form: 'tablet',
    route: 'oral',
    strengths: mg(30),
    drugClass: 'weak-opioid',
    schedule: 'CD5',
    release: 'immediate',
  },
  {
    id: 'dihydrocodeine-mr-tablet',
    name: 'Dihydrocodeine modified-release tablets (12-hourly)',
    generic: 'dihydrocodeine',
    form: 'modified-release tablet',
    route: 'oral',
    strengths: mg(60, 90, 120),
    drugClass: 'weak-opioid',
    schedule: 'CD5',
    release: 'modified',
  },
  {
    id: 'co-dydramol-tablet',
    name: 'Co-dydramol tablets (10/500, 20/500, 30/500)',
    generic: 'dihydrocodeine',
    form: 'tablet',
    route: 'oral',
    strengths: mg(10, 20, 30),
    drugClass: 'weak-opioid',
    schedule: 'CD5',
    release: 'immediate',
    combinedWith: 'paracetamol 500 mg',
  },
  // Gabapentinoids
  {
    id: 'gabapentin-capsule',
    name: 'Gabapentin capsules',
    generic: 'gabapentin',
    form: 'capsule',
    route: 'oral',
    strengths: mg(100, 300, 400),
    drugClass: 'gabapentinoid',
    schedule: 'CD3',
    release: 'immediate',
  },
  {
    id: 'gabapentin-tablet',
    name: 'Gabapentin tablets',
    generic: 'gabapentin',
    form: 'tablet',
    route: 'oral',
    strengths: mg(600, 800),
    drugClass: 'gabapentinoid',
    schedule: 'CD3',
    release: 'immediate',
  },
  {
    id: 'gabapentin-oral-solution',
    name: 'Gabapentin oral solution 50 mg/mL',
    generic: 'gabapentin',
    form: 'oral solution',
    route: 'oral',
    strengths: mgml(50),
    drugClass: 'gabapentinoid',
    schedule: 'CD3',
    release: 'immediate',
  },
  {
    id: 'pregabalin-capsule',
    name: 'Pregabalin capsules',
    generic: 'pregabalin',
    form: 'capsule',
    route: 'oral',
    strengths: mg(25, 50, 75, 100, 150, 200, 225, 300),
    drugClass: 'gabapentinoid',
    schedule: 'CD3',
    release: 'immediate',
  },
  {
    id: 'pregabalin-oral-solution',
    name: 'Pregabalin oral solution 20 mg/mL',
    generic: 'pregabalin',
    form: 'oral solution',
    route: 'oral',
    strengths: mgml(20),
    drugClass: 'gabapentinoid',
    schedule: 'CD3',
    release: 'immediate',
  },
  // Benzodiazepines and Z-drugs
  {
    id: 'diazepam-tablet',
    name: 'Diazepam tablets',
    generic: 'diazepam',
    form: 'tablet',
    route: 'oral',
    strengths: mg(2, 5, 10),
    drugClass: 'benzodiazepine-z-drug',
    schedule: 'CD4-1',
    release: 'immediate',
    // UKMi/SPS Q&A "Calculating equivalent doses of oral benzodiazepines": diazepam 2 mg tablets halve to 1 mg.
    scored: true,
  },
  {
    id: 'diazepam-oral-solution',
    name: 'Diazepam oral solution 2 mg/5 mL',
    generic: 'diazepam',
    form: 'oral solution',
    route: 'oral',
    strengths: mgml(0.4),
    drugClass: 'benzodiazepine-z-drug',
    schedule: 'CD4-1',
    release: 'immediate',
  },
  {
    id: 'lorazepam-tablet',
    name: 'Lorazepam tablets',
    generic: 'lorazepam',
    form: 'tablet',
    route: 'oral',
    strengths: mg(1, 2.5),
    drugClass: 'benzodiazepine-z-drug',
    schedule: 'CD4-1',
    release: 'immediate',
  },
  {
    id: 'clonazepam-tablet',
    name: 'Clonazepam tablets',
    generic: 'clonazepam',
    form: 'tablet',
    route: 'oral',
    strengths: mg(0.5, 2),
    drugClass: 'benzodiazepine-z-drug',
    schedule: 'CD4-1',
    release: 'immediate',
  },
  {
    id: 'temazepam-tablet',
    name: 'Temazepam tablets',
    generic: 'temazepam',
    form: 'tablet',
    route: 'oral',
    strengths: mg(10, 20),
    drugClass: 'benzodiazepine-z-drug',
    schedule: 'CD3',
    release: 'immediate',
  },
  {
    id: 'zopiclone-tablet',
    name: 'Zopiclone tablets',
    generic: 'zopiclone',
    form: 'tablet',
    route: 'oral',
    strengths: mg(3.75, 7.5),
    drugClass: 'benzodiazepine-z-drug',
    schedule: 'CD4-1',
    release: 'immediate',
  },
  {
    id: 'zolpidem-tablet',
    name: 'Zolpidem tablets',
    generic: 'zolpidem',
    form: 'tablet',
    route: 'oral',
    strengths: mg(5, 10),
    drugClass: 'benzodiazepine-z-drug',
    schedule: 'CD4-1',
    release: 'immediate',
  },
  // Antidepressants used for pain
  {
    id: 'amitriptyline-tablet',
    name: 'Amitriptyline tablets',
    generic: 'amitriptyline',
    form: 'tablet',
    route: 'oral',
    strengths: mg(10, 25, 50),
    drugClass: 'antidepressant',
    schedule: 'POM',
    release: 'immediate',
  },
  {
    id: 'nortriptyline-tablet',
    name: 'Nortriptyline tablets',
    generic: 'nortriptyline',
    form: 'tablet',
    route: 'oral',
    strengths: mg(10, 25, 50),
    drugClass: 'antidepressant',
    schedule: 'POM',
    release: 'immediate',
  },
  {
    id: 'duloxetine-capsule',
    name: 'Duloxetine gastro-resistant capsules',
    generic: 'duloxetine',
    form: 'gastro-resistant capsule',
    route: 'oral',
    strengths: mg(20, 30, 40, 60),
    drugClass: 'antidepressant',
    schedule: 'POM',
    release: 'modified',
  },
  // NSAIDs
  {
    id: 'naproxen-tablet',
    name: 'Naproxen tablets',
    generic: 'naproxen',
    form: 'tablet',
    route: 'oral',
    strengths: mg(250, 500),
    drugClass: 'nsaid',
    schedule: 'POM',
    release: 'immediate',
  },
  {
    id: 'ibuprofen-tablet',
    name: 'Ibuprofen tablets 200 mg and 400 mg',
    generic: 'ibuprofen',
    form: 'tablet',
    route: 'oral',
    strengths: mg(200, 400),
    drugClass: 'nsaid',
    schedule: 'P',
    release: 'immediate',
  },
  {
    id: 'ibuprofen-600-tablet',
    name: 'Ibuprofen tablets 600 mg',
    generic: 'ibuprofen',
    form: 'tablet',
    route: 'oral',
    strengths: mg(600),
    drugClass: 'nsaid',
    schedule: 'POM',
    release: 'immediate',
  },
  {
    id: 'celecoxib-capsule',
    name: 'Celecoxib capsules',
    generic: 'celecoxib',
    form: 'capsule',
    route: 'oral',
    strengths: mg(100, 200),
    drugClass: 'nsaid',
    schedule: 'POM',
    release: 'immediate',
  },
  {
    id: 'diclofenac-gr-tablet',
    name: 'Diclofenac sodium gastro-resistant tablets',
    generic: 'diclofenac',
    form: 'gastro-resistant tablet',
    route: 'oral',
    strengths: mg(25, 50),
    drugClass: 'nsaid',
    schedule: 'POM',
    release: 'modified',
  },
  // Topicals
  {
    id: 'lidocaine-5-plaster',
    name: 'Lidocaine 5% medicated plasters',
    generic: 'lidocaine',
    form: 'medicated plaster',
    route: 'topical',
    strengths: [{ value: 5, unit: '%' }],
    drugClass: 'topical',
    schedule: 'POM',
    release: 'immediate',
  },
  {
    id: 'capsaicin-cream',
    name: 'Capsaicin cream',
    generic: 'capsaicin',
    form: 'cream',
    route: 'topical',
    strengths: [
      { value: 0.025, unit: '%' },
      { value: 0.075, unit: '%' },
    ],
    drugClass: 'topical',
    schedule: 'POM',
    release: 'immediate',
  },
  {
    id: 'ibuprofen-gel',
    name: 'Ibuprofen 5% gel',
    generic: 'ibuprofen',
    form: 'gel',
    route: 'topical',
    strengths: [{ value: 5, unit: '%' }],
    drugClass: 'topical',
    schedule: 'GSL',
    release: 'immediate',
  },
  // Others
  {
    id: 'paracetamol-tablet',
    name: 'Paracetamol tablets',
    generic: 'paracetamol',
    form: 'tablet',
    route: 'oral',
    strengths: mg(500),
    drugClass: 'other',
    schedule: 'GSL',
    release: 'immediate',
  },
  {
    id: 'paracetamol-oral-suspension',
    name: 'Paracetamol oral suspension 250 mg/5 mL',
    generic: 'paracetamol',
    form: 'oral suspension',
    route: 'oral',
    strengths: mgml(50),
    drugClass: 'other',
    schedule: 'P',
    release: 'immediate',
  },
  {
    id: 'carbamazepine-tablet',
    name: 'Carbamazepine tablets',
    generic: 'carbamazepine',
    form: 'tablet',
    route: 'oral',
    strengths: mg(100, 200, 400),
    drugClass: 'other',
    schedule: 'POM',
    release: 'immediate',
  },
  {
    id: 'nefopam-tablet',
    name: 'Nefopam tablets',
    generic: 'nefopam',
    form: 'tablet',
    route: 'oral',
    strengths: mg(30),
    drugClass: 'other',
    schedule: 'POM',
    release: 'immediate',
  },
  {
    id: 'baclofen-tablet',
    name: 'Baclofen tablets',
    generic: 'baclofen',
    form: 'tablet',
    route: 'oral',
    strengths: mg(10),
    drugClass: 'other',
    schedule: 'POM',
    release: 'immediate',
  },
  // Anticoagulants and antiplatelets (read by intervention scheduling for hold plans; class 'other' here)
  {
    id: 'apixaban-tablet',
    name: 'Apixaban tablets',
    generic: 'apixaban',
    form: 'tablet',
    route: 'oral',
    strengths: mg(2.5, 5),
    drugClass: 'other',
    schedule: 'POM',
    release: 'immediate',
  },
  {
    id: 'rivaroxaban-tablet',
    name: 'Rivaroxaban tablets',
    generic: 'rivaroxaban',
    form: 'tablet',
    route: 'oral',
    strengths: mg(2.5, 10, 15, 20),
    drugClass: 'other',
    schedule: 'POM',
    release: 'immediate',
  },
  {
    id: 'edoxaban-tablet',
    name: 'Edoxaban tablets',
    generic: 'edoxaban',
    form: 'tablet',
    route: 'oral',
    strengths: mg(15, 30, 60),
    drugClass: 'other',
    schedule: 'POM',
    release: 'immediate',
  },
  {
    id: 'dabigatran-capsule',
    name: 'Dabigatran etexilate capsules',
    generic: 'dabigatran',
    form: 'capsule',
    route: 'oral',
    strengths: mg(75, 110, 150),
    drugClass: 'other',
    schedule: 'POM',
    release: 'immediate',
  },
  {
    id: 'warfarin-tablet',
    name: 'Warfarin tablets',
    generic: 'warfarin',
    form: 'tablet',
    route: 'oral',
    strengths: mg(0.5, 1, 3, 5),
    drugClass: 'other',
    schedule: 'POM',
    release: 'immediate',
  },
  {
    id: 'enoxaparin-injection',
    name: 'Enoxaparin injection (prefilled syringe, 100 mg/mL)',
    generic: 'enoxaparin',
    form: 'injection',
    route: 'subcutaneous',
    strengths: mgml(100),
    drugClass: 'other',
    schedule: 'POM',
    release: 'immediate',
  },
  {
    id: 'clopidogrel-tablet',
    name: 'Clopidogrel tablets',
    generic: 'clopidogrel',
    form: 'tablet',
    route: 'oral',
    strengths: mg(75),
    drugClass: 'other',
    schedule: 'POM',
    release: 'immediate',
  },
  {
    id: 'prasugrel-tablet',
    name: 'Prasugrel tablets',
    generic: 'prasugrel',
    form: 'tablet',
    route: 'oral',
    strengths: mg(5, 10),
    drugClass: 'other',
    schedule: 'POM',
    release: 'immediate',
  },
  {
    id: 'ticagrelor-tablet',
    name: 'Ticagrelor tablets',
    generic: 'ticagrelor',
    form: 'tablet',
    route: 'oral',
    strengths: mg(60, 90),
    drugClass: 'other',
    schedule: 'POM',
    release: 'immediate',
  },
  {
    id: 'aspirin-75-dispersible-tablet',
    name: 'Aspirin 75 mg dispersible tablets',
    generic: 'aspirin',
    form: 'dispersible tablet',
    route: 'oral',
    strengths: mg(75),
    drugClass: 'other',
    schedule: 'P',
    release: 'immediate',
  },
  // Issue 13: the other medicines the interaction checks need (SSRIs, ACE inhibitors, diuretics, laxatives...)
  ...INTERACTING_PRODUCTS,
  ...BENZODIAZEPINE_PRODUCTS,
];

/** The shipped formulary: the products above with their UK brand names (formulary-brands.ts, 1.0.3). */
export const FORMULARY: readonly FormularyEntry[] = PRODUCTS.map((p): FormularyEntry => {
  const brands = FORMULARY_BRANDS[p.id];
  return brands ? { ...p, brands } : p;
});

/**
 * The formulary entries for a generic name (case-insensitive), in formulary order; empty when none.
 *
 * @throws ClinicalInputError (`INVALID_INPUT`) for a missing name.
 */
export function formularyEntriesFor(generic: string): FormularyEntry[] {
  const name = normaliseDrugName(generic, 'generic');
  return FORMULARY.filter((entry) => entry.generic === name);
}

/**
 * The drug class the formulary gives a generic name (systemic products first, so ibuprofen is `nsaid` even
 * though ibuprofen gel is `topical`); `undefined` for a name not on the formulary.
 *
 * @throws ClinicalInputError (`INVALID_INPUT`) for a missing name.
 */
export function drugClassOf(generic: string): DrugClass | undefined {
  const entries = formularyEntriesFor(generic);
  return (entries.find((e) => e.route !== 'topical') ?? entries[0])?.drugClass;
}

/**
 * Solid-dose strengths in mg for one formulary entry (tablets, capsules; `mcg` converted to mg), for
 * `roundToAvailableStrengths`/`doseStepFromStrengths`. Liquids, patches and topicals give an empty list.
 */
export function strengthsInMg(entry: FormularyEntry): number[] {
  return entry.strengths.flatMap((s) => {
    if (s.unit === 'mg') return [s.value];
    if (s.unit === 'mcg') return [s.value / 1000];
    return [];
  });
}
