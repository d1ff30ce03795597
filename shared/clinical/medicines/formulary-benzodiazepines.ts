import type { FormularyEntry } from './formulary';

/**
 * Benzodiazepines a pain service meets that can be switched to diazepam (Ashton, issue 13), besides those in
 * the main list (diazepam, lorazepam, clonazepam, temazepam). Common UK product strengths (BNF medicinal
 * forms as background), to be checked by the service pharmacist like the rest of the formulary. Formulary 1.0.4.
 *
 * Alprazolam (1.0.5): not prescribable on the NHS (Drug Tariff Part XVIIIA; BNF), but patients arrive on it
 * from private prescriptions. It is listed so such a line is recorded as a benzodiazepine (counted in the
 * sedative checks and flags) and can be switched to diazepam with the Ashton equivalence (0.5 mg ≈ diazepam
 * 10 mg); its name says it is not prescribable on the NHS, so no letter asks a GP to prescribe it. Strengths:
 * Xanax 250 and 500 microgram tablets (SPC, electronic medicines compendium), entered here in mg.
 */
export const BENZODIAZEPINE_PRODUCTS: FormularyEntry[] = [
  {
    id: 'alprazolam-tablet',
    name: 'Alprazolam tablets (not prescribable on the NHS)',
    generic: 'alprazolam',
    form: 'tablet',
    route: 'oral',
    strengths: [
      { value: 0.25, unit: 'mg' },
      { value: 0.5, unit: 'mg' },
    ],
    drugClass: 'benzodiazepine-z-drug',
    schedule: 'CD4-1',
    release: 'immediate',
    brands: [{ name: 'Xanax', strengths: [0.25, 0.5] }],
  },
  {
    id: 'nitrazepam-tablet',
    name: 'Nitrazepam tablets',
    generic: 'nitrazepam',
    form: 'tablet',
    route: 'oral',
    strengths: [{ value: 5, unit: 'mg' }],
    drugClass: 'benzodiazepine-z-drug',
    schedule: 'CD4-1',
    release: 'immediate',
  },
  {
    id: 'oxazepam-tablet',
    name: 'Oxazepam tablets',
    generic: 'oxazepam',
    form: 'tablet',
    route: 'oral',
    strengths: [
      { value: 10, unit: 'mg' },
      { value: 15, unit: 'mg' },
    ],
    drugClass: 'benzodiazepine-z-drug',
    schedule: 'CD4-1',
    release: 'immediate',
  },
  // 1.0.6: clobazam 10 mg tablets (Frisium SPC, electronic medicines compendium; BNF), switched to diazepam
  // at clobazam 20 mg ≈ diazepam 10 mg (Ashton 2002). It may be prescribed for epilepsy: a reduction is then
  // for the prescriber who started it (Scottish Government benzodiazepine guide 2024-2027).
  {
    id: 'clobazam-tablet',
    name: 'Clobazam tablets',
    generic: 'clobazam',
    form: 'tablet',
    route: 'oral',
    strengths: [{ value: 10, unit: 'mg' }],
    drugClass: 'benzodiazepine-z-drug',
    schedule: 'CD4-1',
    release: 'immediate',
    brands: [{ name: 'Frisium', strengths: [10] }],
  },
  {
    id: 'chlordiazepoxide-capsule',
    name: 'Chlordiazepoxide capsules',
    generic: 'chlordiazepoxide',
    form: 'capsule',
    route: 'oral',
    strengths: [
      { value: 5, unit: 'mg' },
      { value: 10, unit: 'mg' },
    ],
    drugClass: 'benzodiazepine-z-drug',
    schedule: 'CD4-1',
    release: 'immediate',
  },
];
