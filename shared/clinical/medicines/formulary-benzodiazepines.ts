import type { FormularyEntry } from './formulary';

/**
 * Benzodiazepines a pain service meets that can be switched to diazepam (Ashton, issue 13), besides those in
 * the main list (diazepam, lorazepam, clonazepam, temazepam). Common UK product strengths (BNF medicinal
 * forms as background), to be checked by the service pharmacist like the rest of the formulary. Alprazolam is
 * not prescribable on the NHS and is left out (its Ashton equivalent is still known to the switch rules).
 * Formulary 1.0.4.
 */
export const BENZODIAZEPINE_PRODUCTS: FormularyEntry[] = [
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
