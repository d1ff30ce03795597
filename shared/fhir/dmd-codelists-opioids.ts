import type { DmdConcept } from './dmd';
import {
  HIGH_DOSE_OPIOIDS_REVIEWS,
  HIGH_DOSE_OPIOIDS_STUDY,
  OPIOIDS_BUCCAL_NASAL_AND_OROMUCOSAL,
  OPIOIDS_ORAL,
  OPIOIDS_TRANSDERMAL,
} from './dmd-codelist-sources';

/**
 * dm+d VMPs (virtual medicinal products) for formulary strengths, read from published codelists that name each
 * VMP id with its dm+d name and type (exchange codes 1.3.0). A VMP is listed only where exactly one codelist
 * VMP has the name of the formulary product's substance, strength and form (e.g. "Pregabalin 75mg capsules");
 * where two VMPs fit (a sugar-free and a sugared oral solution of the same strength, ampoules and vials of an
 * injection) none is listed and the line goes out by its substance or by name. `checkedAgainst` names a
 * codelist in another repository that gives the same id for the same name. Sources: see dmd-codelist-sources.ts.
 */

/** Opioid VMPs added in exchange codes 1.3.0, by formulary product id and formulary strength as stored (`75 mg`). */
export const CODELIST_VMPS_OPIOIDS: Readonly<Record<string, Readonly<Record<string, DmdConcept>>>> = {
  'morphine-ir-tablet': {
    '10 mg': { id: '42014811000001102', name: 'Morphine 10mg tablets', source: OPIOIDS_ORAL },
    '20 mg': { id: '42014911000001107', name: 'Morphine 20mg tablets', source: OPIOIDS_ORAL },
    '50 mg': { id: '42015011000001107', name: 'Morphine 50mg tablets', source: OPIOIDS_ORAL },
  },
  'morphine-mr-tablet': {
    '30 mg': {
      id: '36127311000001102',
      name: 'Morphine 30mg modified-release tablets',
      source: OPIOIDS_ORAL,
    },
    '60 mg': {
      id: '36127711000001103',
      name: 'Morphine 60mg modified-release tablets',
      source: HIGH_DOSE_OPIOIDS_REVIEWS,
      checkedAgainst: HIGH_DOSE_OPIOIDS_STUDY,
    },
    '100 mg': {
      id: '36126211000001108',
      name: 'Morphine 100mg modified-release tablets',
      source: HIGH_DOSE_OPIOIDS_REVIEWS,
      checkedAgainst: HIGH_DOSE_OPIOIDS_STUDY,
    },
    '200 mg': {
      id: '36127011000001100',
      name: 'Morphine 200mg modified-release tablets',
      source: HIGH_DOSE_OPIOIDS_REVIEWS,
      checkedAgainst: HIGH_DOSE_OPIOIDS_STUDY,
    },
  },
  'morphine-mr-capsule': {
    '30 mg': {
      id: '36127211000001105',
      name: 'Morphine 30mg modified-release capsules',
      source: OPIOIDS_ORAL,
    },
    '60 mg': {
      id: '36127611000001107',
      name: 'Morphine 60mg modified-release capsules',
      source: HIGH_DOSE_OPIOIDS_REVIEWS,
      checkedAgainst: HIGH_DOSE_OPIOIDS_STUDY,
    },
    '100 mg': {
      id: '36125811000001101',
      name: 'Morphine 100mg modified-release capsules',
      source: HIGH_DOSE_OPIOIDS_REVIEWS,
      checkedAgainst: HIGH_DOSE_OPIOIDS_STUDY,
    },
    '200 mg': {
      id: '36126911000001104',
      name: 'Morphine 200mg modified-release capsules',
      source: HIGH_DOSE_OPIOIDS_REVIEWS,
      checkedAgainst: HIGH_DOSE_OPIOIDS_STUDY,
    },
  },
  'oxycodone-ir-capsule': {
    '5 mg': { id: '42016011000001103', name: 'Oxycodone 5mg capsules', source: OPIOIDS_ORAL },
    '10 mg': { id: '42015811000001101', name: 'Oxycodone 10mg capsules', source: OPIOIDS_ORAL },
    '20 mg': { id: '42015911000001106', name: 'Oxycodone 20mg capsules', source: OPIOIDS_ORAL },
  },
  'oxycodone-mr-tablet': {
    '15 mg': {
      id: '36130211000001108',
      name: 'Oxycodone 15mg modified-release tablets',
      source: OPIOIDS_ORAL,
    },
    '20 mg': {
      id: '36130411000001107',
      name: 'Oxycodone 20mg modified-release tablets',
      source: OPIOIDS_ORAL,
    },
    '30 mg': {
      id: '36130711000001101',
      name: 'Oxycodone 30mg modified-release tablets',
      source: OPIOIDS_ORAL,
    },
    '40 mg': {
      id: '36130911000001104',
      name: 'Oxycodone 40mg modified-release tablets',
      source: HIGH_DOSE_OPIOIDS_REVIEWS,
      checkedAgainst: HIGH_DOSE_OPIOIDS_STUDY,
    },
    '60 mg': {
      id: '36131311000001105',
      name: 'Oxycodone 60mg modified-release tablets',
      source: HIGH_DOSE_OPIOIDS_REVIEWS,
      checkedAgainst: HIGH_DOSE_OPIOIDS_STUDY,
    },
    '80 mg': {
      id: '36131511000001104',
      name: 'Oxycodone 80mg modified-release tablets',
      source: HIGH_DOSE_OPIOIDS_REVIEWS,
      checkedAgainst: HIGH_DOSE_OPIOIDS_STUDY,
    },
    '120 mg': {
      id: '18645511000001107',
      name: 'Oxycodone 120mg modified-release tablets',
      source: HIGH_DOSE_OPIOIDS_REVIEWS,
      checkedAgainst: HIGH_DOSE_OPIOIDS_STUDY,
    },
  },
  'oxycodone-naloxone-mr-tablet': {
    '5 mg': {
      id: '15852911000001109',
      name: 'Oxycodone 5mg / Naloxone 2.5mg modified-release tablets',
      source: OPIOIDS_ORAL,
    },
    '10 mg': {
      id: '14985811000001101',
      name: 'Oxycodone 10mg / Naloxone 5mg modified-release tablets',
      source: OPIOIDS_ORAL,
    },
    '20 mg': {
      id: '14985911000001106',
      name: 'Oxycodone 20mg / Naloxone 10mg modified-release tablets',
      source: OPIOIDS_ORAL,
    },
    '40 mg': {
      id: '15852811000001104',
      name: 'Oxycodone 40mg / Naloxone 20mg modified-release tablets',
      source: HIGH_DOSE_OPIOIDS_REVIEWS,
      checkedAgainst: HIGH_DOSE_OPIOIDS_STUDY,
    },
  },
  'tapentadol-ir-tablet': {
    '50 mg': { id: '42017511000001108', name: 'Tapentadol 50mg tablets', source: OPIOIDS_ORAL },
  },
  'tapentadol-mr-tablet': {
    '25 mg': {
      id: '39819711000001100',
      name: 'Tapentadol 25mg modified-release tablets',
      source: OPIOIDS_ORAL,
    },
    '50 mg': {
      id: '18672211000001103',
      name: 'Tapentadol 50mg modified-release tablets',
      source: OPIOIDS_ORAL,
    },
    '100 mg': {
      id: '18671811000001106',
      name: 'Tapentadol 100mg modified-release tablets',
      source: OPIOIDS_ORAL,
    },
    '150 mg': {
      id: '18671911000001101',
      name: 'Tapentadol 150mg modified-release tablets',
      source: HIGH_DOSE_OPIOIDS_REVIEWS,
      checkedAgainst: HIGH_DOSE_OPIOIDS_STUDY,
    },
    '200 mg': {
      id: '18672011000001108',
      name: 'Tapentadol 200mg modified-release tablets',
      source: HIGH_DOSE_OPIOIDS_REVIEWS,
      checkedAgainst: HIGH_DOSE_OPIOIDS_STUDY,
    },
    '250 mg': {
      id: '18672111000001109',
      name: 'Tapentadol 250mg modified-release tablets',
      source: HIGH_DOSE_OPIOIDS_REVIEWS,
      checkedAgainst: HIGH_DOSE_OPIOIDS_STUDY,
    },
  },
  'hydromorphone-ir-capsule': {
    '1.3 mg': { id: '42012811000001108', name: 'Hydromorphone 1.3mg capsules', source: OPIOIDS_ORAL },
    '2.6 mg': { id: '42012911000001103', name: 'Hydromorphone 2.6mg capsules', source: OPIOIDS_ORAL },
  },
  'hydromorphone-mr-capsule': {
    '2 mg': {
      id: '36057411000001103',
      name: 'Hydromorphone 2mg modified-release capsules',
      source: OPIOIDS_ORAL,
    },
    '4 mg': {
      id: '36057611000001100',
      name: 'Hydromorphone 4mg modified-release capsules',
      source: OPIOIDS_ORAL,
    },
    '8 mg': {
      id: '36057711000001109',
      name: 'Hydromorphone 8mg modified-release capsules',
      source: OPIOIDS_ORAL,
    },
    '16 mg': {
      id: '36057211000001102',
      name: 'Hydromorphone 16mg modified-release capsules',
      source: HIGH_DOSE_OPIOIDS_REVIEWS,
      checkedAgainst: HIGH_DOSE_OPIOIDS_STUDY,
    },
    '24 mg': {
      id: '36057311000001105',
      name: 'Hydromorphone 24mg modified-release capsules',
      source: HIGH_DOSE_OPIOIDS_REVIEWS,
      checkedAgainst: HIGH_DOSE_OPIOIDS_STUDY,
    },
  },
  'methadone-tablet': {
    '5 mg': { id: '42385311000001106', name: 'Methadone 5mg tablets', source: OPIOIDS_ORAL },
  },
  'pethidine-tablet': {
    '50 mg': { id: '39702511000001101', name: 'Pethidine 50mg tablets', source: OPIOIDS_ORAL },
  },
  'buprenorphine-7-day-patch': {
    '5 mcg/h': {
      id: '9567211000001104',
      name: 'Buprenorphine 5micrograms/hour transdermal patches',
      source: OPIOIDS_TRANSDERMAL,
    },
    '10 mcg/h': {
      id: '9567411000001100',
      name: 'Buprenorphine 10micrograms/hour transdermal patches',
      source: OPIOIDS_TRANSDERMAL,
    },
    '15 mcg/h': {
      id: '32038411000001102',
      name: 'Buprenorphine 15micrograms/hour transdermal patches',
      source: OPIOIDS_TRANSDERMAL,
    },
    '20 mcg/h': {
      id: '9567311000001107',
      name: 'Buprenorphine 20micrograms/hour transdermal patches',
      source: OPIOIDS_TRANSDERMAL,
    },
  },
  'buprenorphine-96-hour-patch': {
    '35 mcg/h': {
      id: '35913711000001103',
      name: 'Buprenorphine 35micrograms/hour transdermal patches',
      source: OPIOIDS_TRANSDERMAL,
    },
    '52.5 mcg/h': {
      id: '35913811000001106',
      name: 'Buprenorphine 52.5micrograms/hour transdermal patches',
      source: HIGH_DOSE_OPIOIDS_REVIEWS,
      checkedAgainst: HIGH_DOSE_OPIOIDS_STUDY,
    },
    '70 mcg/h': {
      id: '35913911000001101',
      name: 'Buprenorphine 70micrograms/hour transdermal patches',
      source: HIGH_DOSE_OPIOIDS_REVIEWS,
      checkedAgainst: HIGH_DOSE_OPIOIDS_STUDY,
    },
  },
  'buprenorphine-sublingual-tablet': {
    '200 mcg': {
      id: '42009011000001107',
      name: 'Buprenorphine 200microgram sublingual tablets sugar free',
      source: OPIOIDS_BUCCAL_NASAL_AND_OROMUCOSAL,
    },
    '400 mcg': {
      id: '42009211000001102',
      name: 'Buprenorphine 400microgram sublingual tablets sugar free',
      source: OPIOIDS_BUCCAL_NASAL_AND_OROMUCOSAL,
    },
  },
  'fentanyl-72-hour-patch': {
    '12 mcg/h': {
      id: '9752311000001101',
      name: 'Fentanyl 12micrograms/hour transdermal patches',
      source: OPIOIDS_TRANSDERMAL,
    },
    '50 mcg/h': {
      id: '36120211000001106',
      name: 'Fentanyl 50micrograms/hour transdermal patches',
      source: HIGH_DOSE_OPIOIDS_REVIEWS,
      checkedAgainst: HIGH_DOSE_OPIOIDS_STUDY,
    },
    '75 mcg/h': {
      id: '36120311000001103',
      name: 'Fentanyl 75micrograms/hour transdermal patches',
      source: HIGH_DOSE_OPIOIDS_REVIEWS,
      checkedAgainst: HIGH_DOSE_OPIOIDS_STUDY,
    },
    '100 mcg/h': {
      id: '36119911000001103',
      name: 'Fentanyl 100micrograms/hour transdermal patches',
      source: HIGH_DOSE_OPIOIDS_REVIEWS,
      checkedAgainst: HIGH_DOSE_OPIOIDS_STUDY,
    },
  },
  'fentanyl-buccal-tablet': {
    '100 mcg': {
      id: '14973311000001101',
      name: 'Fentanyl 100microgram buccal tablets sugar free',
      source: OPIOIDS_BUCCAL_NASAL_AND_OROMUCOSAL,
    },
    '200 mcg': {
      id: '14973411000001108',
      name: 'Fentanyl 200microgram buccal tablets sugar free',
      source: OPIOIDS_BUCCAL_NASAL_AND_OROMUCOSAL,
    },
    '400 mcg': {
      id: '14973511000001107',
      name: 'Fentanyl 400microgram buccal tablets sugar free',
      source: OPIOIDS_BUCCAL_NASAL_AND_OROMUCOSAL,
    },
    '600 mcg': {
      id: '14973611000001106',
      name: 'Fentanyl 600microgram buccal tablets sugar free',
      source: OPIOIDS_BUCCAL_NASAL_AND_OROMUCOSAL,
    },
    '800 mcg': {
      id: '14973711000001102',
      name: 'Fentanyl 800microgram buccal tablets sugar free',
      source: OPIOIDS_BUCCAL_NASAL_AND_OROMUCOSAL,
    },
  },
  'fentanyl-sublingual-tablet': {
    '100 mcg': {
      id: '14951911000001104',
      name: 'Fentanyl 100microgram sublingual tablets sugar free',
      source: OPIOIDS_BUCCAL_NASAL_AND_OROMUCOSAL,
    },
    '200 mcg': {
      id: '14952011000001106',
      name: 'Fentanyl 200microgram sublingual tablets sugar free',
      source: OPIOIDS_BUCCAL_NASAL_AND_OROMUCOSAL,
    },
    '300 mcg': {
      id: '14952111000001107',
      name: 'Fentanyl 300microgram sublingual tablets sugar free',
      source: OPIOIDS_BUCCAL_NASAL_AND_OROMUCOSAL,
    },
    '400 mcg': {
      id: '14952211000001101',
      name: 'Fentanyl 400microgram sublingual tablets sugar free',
      source: OPIOIDS_BUCCAL_NASAL_AND_OROMUCOSAL,
    },
    '600 mcg': {
      id: '14952311000001109',
      name: 'Fentanyl 600microgram sublingual tablets sugar free',
      source: OPIOIDS_BUCCAL_NASAL_AND_OROMUCOSAL,
    },
    '800 mcg': {
      id: '14952411000001102',
      name: 'Fentanyl 800microgram sublingual tablets sugar free',
      source: OPIOIDS_BUCCAL_NASAL_AND_OROMUCOSAL,
    },
  },
  'tramadol-capsule': {
    '50 mg': { id: '42017811000001106', name: 'Tramadol 50mg capsules', source: OPIOIDS_ORAL },
  },
  'tramadol-mr-tablet': {
    '100 mg': {
      id: '35920311000001103',
      name: 'Tramadol 100mg modified-release tablets',
      source: OPIOIDS_ORAL,
    },
    '150 mg': {
      id: '35920611000001108',
      name: 'Tramadol 150mg modified-release tablets',
      source: OPIOIDS_ORAL,
    },
    '200 mg': {
      id: '35920811000001107',
      name: 'Tramadol 200mg modified-release tablets',
      source: OPIOIDS_ORAL,
    },
  },
  'tramadol-paracetamol-tablet': {
    '37.5 mg': {
      id: '7386811000001106',
      name: 'Tramadol 37.5mg / Paracetamol 325mg tablets',
      source: OPIOIDS_ORAL,
    },
  },
  'codeine-tablet': {
    '15 mg': { id: '42010311000001103', name: 'Codeine 15mg tablets', source: OPIOIDS_ORAL },
    '60 mg': { id: '42010511000001109', name: 'Codeine 60mg tablets', source: OPIOIDS_ORAL },
  },
  'codeine-oral-solution': {
    '5 mg/mL': { id: '36566111000001100', name: 'Codeine 25mg/5ml oral solution', source: OPIOIDS_ORAL },
  },
  'co-codamol-tablet': {
    '15 mg': { id: '3805611000001109', name: 'Co-codamol 15mg/500mg tablets', source: OPIOIDS_ORAL },
  },
  'dihydrocodeine-tablet': {
    '30 mg': { id: '39708511000001104', name: 'Dihydrocodeine 30mg tablets', source: OPIOIDS_ORAL },
  },
  'dihydrocodeine-mr-tablet': {
    '60 mg': {
      id: '39112411000001109',
      name: 'Dihydrocodeine 60mg modified-release tablets',
      source: OPIOIDS_ORAL,
    },
    '90 mg': {
      id: '39112511000001108',
      name: 'Dihydrocodeine 90mg modified-release tablets',
      source: OPIOIDS_ORAL,
    },
    '120 mg': {
      id: '39112611000001107',
      name: 'Dihydrocodeine 120mg modified-release tablets',
      source: OPIOIDS_ORAL,
    },
  },
  'co-dydramol-tablet': {
    '10 mg': { id: '42010611000001108', name: 'Co-dydramol 10mg/500mg tablets', source: OPIOIDS_ORAL },
    '20 mg': { id: '42010711000001104', name: 'Co-dydramol 20mg/500mg tablets', source: OPIOIDS_ORAL },
    '30 mg': { id: '42010811000001107', name: 'Co-dydramol 30mg/500mg tablets', source: OPIOIDS_ORAL },
  },
};
