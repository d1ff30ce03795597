import type { DmdConcept } from './dmd';
import {
  ACEI,
  ADDICTIVE_MEDICINES,
  ANTIHISTAMINE,
  ARB,
  ASPIRIN,
  COMPLETE_ANTICOAGULANT,
  COX2,
  CVD,
  FIRST_GENERATION_ANTIPSYCHOTICS_NON_DEPOTS,
  MACROLIDES,
  NAPROXEN,
  NSAID,
  PROCHLORPERAZINE,
  SECOND_GENERATION_ANTIPSYCHOTICS_NON_INJECTIONS,
  THIAZIDE,
} from './dmd-codelist-sources';

/**
 * dm+d VMPs (virtual medicinal products) for formulary strengths, read from published codelists that name each
 * VMP id with its dm+d name and type (exchange codes 1.3.0). A VMP is listed only where exactly one codelist
 * VMP has the name of the formulary product's substance, strength and form (e.g. "Pregabalin 75mg capsules");
 * where two VMPs fit (a sugar-free and a sugared oral solution of the same strength, ampoules and vials of an
 * injection) none is listed and the line goes out by its substance or by name. `checkedAgainst` names a
 * codelist in another repository that gives the same id for the same name. Sources: see dmd-codelist-sources.ts.
 */

/** Non-opioid VMPs added in exchange codes 1.3.0, by formulary product id and formulary strength as stored (`75 mg`). */
export const CODELIST_VMPS_OTHER: Readonly<Record<string, Readonly<Record<string, DmdConcept>>>> = {
  'gabapentin-capsule': {
    '100 mg': { id: '323013002', name: 'Gabapentin 100mg capsules', source: ADDICTIVE_MEDICINES },
    '300 mg': { id: '323014008', name: 'Gabapentin 300mg capsules', source: ADDICTIVE_MEDICINES },
    '400 mg': { id: '323015009', name: 'Gabapentin 400mg capsules', source: ADDICTIVE_MEDICINES },
  },
  'gabapentin-tablet': {
    '600 mg': { id: '323021008', name: 'Gabapentin 600mg tablets', source: ADDICTIVE_MEDICINES },
    '800 mg': { id: '323022001', name: 'Gabapentin 800mg tablets', source: ADDICTIVE_MEDICINES },
  },
  'pregabalin-capsule': {
    '25 mg': { id: '415164004', name: 'Pregabalin 25mg capsules', source: ADDICTIVE_MEDICINES },
    '50 mg': { id: '415166002', name: 'Pregabalin 50mg capsules', source: ADDICTIVE_MEDICINES },
    '75 mg': { id: '415167006', name: 'Pregabalin 75mg capsules', source: ADDICTIVE_MEDICINES },
    '100 mg': { id: '415161007', name: 'Pregabalin 100mg capsules', source: ADDICTIVE_MEDICINES },
    '150 mg': { id: '415162000', name: 'Pregabalin 150mg capsules', source: ADDICTIVE_MEDICINES },
    '200 mg': { id: '415163005', name: 'Pregabalin 200mg capsules', source: ADDICTIVE_MEDICINES },
    '225 mg': { id: '421070002', name: 'Pregabalin 225mg capsules', source: ADDICTIVE_MEDICINES },
    '300 mg': { id: '415165003', name: 'Pregabalin 300mg capsules', source: ADDICTIVE_MEDICINES },
  },
  'pregabalin-oral-solution': {
    '20 mg/mL': {
      id: '20556411000001107',
      name: 'Pregabalin 20mg/ml oral solution sugar free',
      source: ADDICTIVE_MEDICINES,
    },
  },
  'diazepam-tablet': {
    '5 mg': { id: '321197008', name: 'Diazepam 5mg tablets', source: ADDICTIVE_MEDICINES },
    '10 mg': { id: '321198003', name: 'Diazepam 10mg tablets', source: ADDICTIVE_MEDICINES },
  },
  'lorazepam-tablet': {
    '1 mg': { id: '321294008', name: 'Lorazepam 1mg tablets', source: ADDICTIVE_MEDICINES },
    '2.5 mg': { id: '321295009', name: 'Lorazepam 2.5mg tablets', source: ADDICTIVE_MEDICINES },
  },
  'clonazepam-tablet': {
    '0.5 mg': { id: '322897008', name: 'Clonazepam 500microgram tablets', source: ADDICTIVE_MEDICINES },
    '2 mg': { id: '322898003', name: 'Clonazepam 2mg tablets', source: ADDICTIVE_MEDICINES },
  },
  'temazepam-tablet': {
    '20 mg': { id: '321153009', name: 'Temazepam 20mg tablets', source: ADDICTIVE_MEDICINES },
  },
  'zopiclone-tablet': {
    '7.5 mg': { id: '321175006', name: 'Zopiclone 7.5mg tablets', source: ADDICTIVE_MEDICINES },
  },
  'zolpidem-tablet': {
    '5 mg': { id: '321183000', name: 'Zolpidem 5mg tablets', source: ADDICTIVE_MEDICINES },
    '10 mg': { id: '321184006', name: 'Zolpidem 10mg tablets', source: ADDICTIVE_MEDICINES },
  },
  'naproxen-tablet': {
    '250 mg': { id: '329806007', name: 'Naproxen 250mg tablets', source: NAPROXEN },
    '500 mg': { id: '329807003', name: 'Naproxen 500mg tablets', source: NAPROXEN },
  },
  'ibuprofen-tablet': {
    '200 mg': { id: '329652003', name: 'Ibuprofen 200mg tablets', source: NSAID },
    '400 mg': { id: '329653008', name: 'Ibuprofen 400mg tablets', source: NSAID },
  },
  'ibuprofen-600-tablet': {
    '600 mg': { id: '329654002', name: 'Ibuprofen 600mg tablets', source: NSAID },
  },
  'celecoxib-capsule': {
    '100 mg': { id: '330170001', name: 'Celecoxib 100mg capsules', source: COX2 },
    '200 mg': { id: '330169002', name: 'Celecoxib 200mg capsules', source: COX2 },
  },
  'diclofenac-gr-tablet': {
    '25 mg': {
      id: '36566511000001109',
      name: 'Diclofenac sodium 25mg gastro-resistant tablets',
      source: NSAID,
    },
    '50 mg': { id: '329587009', name: 'Diclofenac sodium 50mg gastro-resistant tablets', source: NSAID },
  },
  'apixaban-tablet': {
    '2.5 mg': {
      id: '703907006',
      name: 'Apixaban 2.5mg tablets',
      source: COMPLETE_ANTICOAGULANT,
      checkedAgainst: CVD,
    },
    '5 mg': {
      id: '703908001',
      name: 'Apixaban 5mg tablets',
      source: COMPLETE_ANTICOAGULANT,
      checkedAgainst: CVD,
    },
  },
  'rivaroxaban-tablet': {
    '2.5 mg': {
      id: '27810711000001104',
      name: 'Rivaroxaban 2.5mg tablets',
      source: COMPLETE_ANTICOAGULANT,
      checkedAgainst: CVD,
    },
    '10 mg': {
      id: '14254711000001104',
      name: 'Rivaroxaban 10mg tablets',
      source: COMPLETE_ANTICOAGULANT,
      checkedAgainst: CVD,
    },
    '15 mg': {
      id: '19842111000001101',
      name: 'Rivaroxaban 15mg tablets',
      source: COMPLETE_ANTICOAGULANT,
      checkedAgainst: CVD,
    },
    '20 mg': {
      id: '19842211000001107',
      name: 'Rivaroxaban 20mg tablets',
      source: COMPLETE_ANTICOAGULANT,
      checkedAgainst: CVD,
    },
  },
  'edoxaban-tablet': {
    '15 mg': {
      id: '29903211000001100',
      name: 'Edoxaban 15mg tablets',
      source: COMPLETE_ANTICOAGULANT,
      checkedAgainst: CVD,
    },
    '30 mg': {
      id: '29903311000001108',
      name: 'Edoxaban 30mg tablets',
      source: COMPLETE_ANTICOAGULANT,
      checkedAgainst: CVD,
    },
    '60 mg': {
      id: '29903411000001101',
      name: 'Edoxaban 60mg tablets',
      source: COMPLETE_ANTICOAGULANT,
      checkedAgainst: CVD,
    },
  },
  'dabigatran-capsule': {
    '75 mg': {
      id: '13532911000001104',
      name: 'Dabigatran etexilate 75mg capsules',
      source: COMPLETE_ANTICOAGULANT,
      checkedAgainst: CVD,
    },
    '110 mg': {
      id: '13532811000001109',
      name: 'Dabigatran etexilate 110mg capsules',
      source: COMPLETE_ANTICOAGULANT,
      checkedAgainst: CVD,
    },
    '150 mg': {
      id: '19469811000001101',
      name: 'Dabigatran etexilate 150mg capsules',
      source: COMPLETE_ANTICOAGULANT,
      checkedAgainst: CVD,
    },
  },
  'warfarin-tablet': {
    '0.5 mg': {
      id: '319736008',
      name: 'Warfarin 500microgram tablets',
      source: COMPLETE_ANTICOAGULANT,
      checkedAgainst: CVD,
    },
    '1 mg': {
      id: '319733000',
      name: 'Warfarin 1mg tablets',
      source: COMPLETE_ANTICOAGULANT,
      checkedAgainst: CVD,
    },
    '3 mg': {
      id: '319734006',
      name: 'Warfarin 3mg tablets',
      source: COMPLETE_ANTICOAGULANT,
      checkedAgainst: CVD,
    },
    '5 mg': {
      id: '319735007',
      name: 'Warfarin 5mg tablets',
      source: COMPLETE_ANTICOAGULANT,
      checkedAgainst: CVD,
    },
  },
  'clopidogrel-tablet': {
    '75 mg': { id: '319799004', name: 'Clopidogrel 75mg tablets', source: CVD },
  },
  'prasugrel-tablet': {
    '5 mg': { id: '443088009', name: 'Prasugrel 5mg tablets', source: CVD },
    '10 mg': { id: '443469008', name: 'Prasugrel 10mg tablets', source: CVD },
  },
  'ticagrelor-tablet': {
    '60 mg': { id: '32472211000001106', name: 'Ticagrelor 60mg tablets', source: CVD },
    '90 mg': { id: '704465002', name: 'Ticagrelor 90mg tablets', source: CVD },
  },
  'aspirin-75-dispersible-tablet': {
    '75 mg': {
      id: '319773006',
      name: 'Aspirin 75mg dispersible tablets',
      source: CVD,
      checkedAgainst: ASPIRIN,
    },
  },
  'quetiapine-tablet': {
    '25 mg': {
      id: '321624009',
      name: 'Quetiapine 25mg tablets',
      source: SECOND_GENERATION_ANTIPSYCHOTICS_NON_INJECTIONS,
    },
    '100 mg': {
      id: '321625005',
      name: 'Quetiapine 100mg tablets',
      source: SECOND_GENERATION_ANTIPSYCHOTICS_NON_INJECTIONS,
    },
    '150 mg': {
      id: '321635004',
      name: 'Quetiapine 150mg tablets',
      source: SECOND_GENERATION_ANTIPSYCHOTICS_NON_INJECTIONS,
    },
    '200 mg': {
      id: '321626006',
      name: 'Quetiapine 200mg tablets',
      source: SECOND_GENERATION_ANTIPSYCHOTICS_NON_INJECTIONS,
    },
    '300 mg': {
      id: '429830008',
      name: 'Quetiapine 300mg tablets',
      source: SECOND_GENERATION_ANTIPSYCHOTICS_NON_INJECTIONS,
    },
  },
  'olanzapine-tablet': {
    '2.5 mg': {
      id: '321618003',
      name: 'Olanzapine 2.5mg tablets',
      source: SECOND_GENERATION_ANTIPSYCHOTICS_NON_INJECTIONS,
    },
    '5 mg': {
      id: '321612002',
      name: 'Olanzapine 5mg tablets',
      source: SECOND_GENERATION_ANTIPSYCHOTICS_NON_INJECTIONS,
    },
    '7.5 mg': {
      id: '321613007',
      name: 'Olanzapine 7.5mg tablets',
      source: SECOND_GENERATION_ANTIPSYCHOTICS_NON_INJECTIONS,
    },
    '10 mg': {
      id: '321614001',
      name: 'Olanzapine 10mg tablets',
      source: SECOND_GENERATION_ANTIPSYCHOTICS_NON_INJECTIONS,
    },
    '15 mg': {
      id: '376807001',
      name: 'Olanzapine 15mg tablets',
      source: SECOND_GENERATION_ANTIPSYCHOTICS_NON_INJECTIONS,
    },
    '20 mg': {
      id: '374054003',
      name: 'Olanzapine 20mg tablets',
      source: SECOND_GENERATION_ANTIPSYCHOTICS_NON_INJECTIONS,
    },
  },
  'haloperidol-tablet': {
    '0.5 mg': {
      id: '321451001',
      name: 'Haloperidol 500microgram tablets',
      source: FIRST_GENERATION_ANTIPSYCHOTICS_NON_DEPOTS,
    },
    '1.5 mg': {
      id: '321416009',
      name: 'Haloperidol 1.5mg tablets',
      source: FIRST_GENERATION_ANTIPSYCHOTICS_NON_DEPOTS,
    },
    '5 mg': {
      id: '321417000',
      name: 'Haloperidol 5mg tablets',
      source: FIRST_GENERATION_ANTIPSYCHOTICS_NON_DEPOTS,
    },
    '10 mg': {
      id: '321418005',
      name: 'Haloperidol 10mg tablets',
      source: FIRST_GENERATION_ANTIPSYCHOTICS_NON_DEPOTS,
    },
  },
  'ramipril-capsule': {
    '1.25 mg': { id: '318900007', name: 'Ramipril 1.25mg capsules', source: CVD, checkedAgainst: ACEI },
    '2.5 mg': { id: '318901006', name: 'Ramipril 2.5mg capsules', source: CVD, checkedAgainst: ACEI },
    '5 mg': { id: '318902004', name: 'Ramipril 5mg capsules', source: CVD, checkedAgainst: ACEI },
    '10 mg': { id: '318906001', name: 'Ramipril 10mg capsules', source: CVD, checkedAgainst: ACEI },
  },
  'lisinopril-tablet': {
    '2.5 mg': { id: '318857003', name: 'Lisinopril 2.5mg tablets', source: CVD, checkedAgainst: ACEI },
    '5 mg': { id: '318858008', name: 'Lisinopril 5mg tablets', source: CVD, checkedAgainst: ACEI },
    '10 mg': { id: '318859000', name: 'Lisinopril 10mg tablets', source: CVD, checkedAgainst: ACEI },
    '20 mg': { id: '318860005', name: 'Lisinopril 20mg tablets', source: CVD, checkedAgainst: ACEI },
  },
  'losartan-tablet': {
    '12.5 mg': { id: '15148111000001100', name: 'Losartan 12.5mg tablets', source: CVD, checkedAgainst: ARB },
    '25 mg': { id: '318955005', name: 'Losartan 25mg tablets', source: CVD, checkedAgainst: ARB },
    '50 mg': { id: '318956006', name: 'Losartan 50mg tablets', source: CVD, checkedAgainst: ARB },
    '100 mg': { id: '407784004', name: 'Losartan 100mg tablets', source: CVD, checkedAgainst: ARB },
  },
  'candesartan-tablet': {
    '2 mg': { id: '318977009', name: 'Candesartan 2mg tablets', source: CVD, checkedAgainst: ARB },
    '4 mg': { id: '318978004', name: 'Candesartan 4mg tablets', source: CVD, checkedAgainst: ARB },
    '8 mg': { id: '318979007', name: 'Candesartan 8mg tablets', source: CVD, checkedAgainst: ARB },
    '16 mg': { id: '318980005', name: 'Candesartan 16mg tablets', source: CVD, checkedAgainst: ARB },
    '32 mg': { id: '376998003', name: 'Candesartan 32mg tablets', source: CVD, checkedAgainst: ARB },
  },
  'furosemide-tablet': {
    '20 mg': { id: '317971007', name: 'Furosemide 20mg tablets', source: CVD },
    '40 mg': { id: '317972000', name: 'Furosemide 40mg tablets', source: CVD },
    '500 mg': { id: '317973005', name: 'Furosemide 500mg tablets', source: CVD },
  },
  'bendroflumethiazide-tablet': {
    '2.5 mg': {
      id: '317919004',
      name: 'Bendroflumethiazide 2.5mg tablets',
      source: CVD,
      checkedAgainst: THIAZIDE,
    },
    '5 mg': {
      id: '317920005',
      name: 'Bendroflumethiazide 5mg tablets',
      source: CVD,
      checkedAgainst: THIAZIDE,
    },
  },
  'indapamide-tablet': {
    '2.5 mg': { id: '317956008', name: 'Indapamide 2.5mg tablets', source: CVD, checkedAgainst: THIAZIDE },
  },
  'clarithromycin-tablet': {
    '250 mg': { id: '324238009', name: 'Clarithromycin 250mg tablets', source: MACROLIDES },
    '500 mg': { id: '324244008', name: 'Clarithromycin 500mg tablets', source: MACROLIDES },
  },
  'hydroxyzine-tablet': {
    '10 mg': { id: '321285002', name: 'Hydroxyzine 10mg tablets', source: ANTIHISTAMINE },
    '25 mg': { id: '321286001', name: 'Hydroxyzine 25mg tablets', source: ANTIHISTAMINE },
  },
  'alimemazine-tablet': {
    '10 mg': { id: '320803005', name: 'Alimemazine 10mg tablets', source: ANTIHISTAMINE },
  },
  'prochlorperazine-tablet': {
    '5 mg': { id: '322144004', name: 'Prochlorperazine 5mg tablets', source: PROCHLORPERAZINE },
  },
  'promethazine-tablet': {
    '10 mg': { id: '320775009', name: 'Promethazine hydrochloride 10mg tablets', source: ANTIHISTAMINE },
    '25 mg': { id: '320776005', name: 'Promethazine hydrochloride 25mg tablets', source: ANTIHISTAMINE },
  },
  'chlorphenamine-tablet': {
    '4 mg': { id: '320697002', name: 'Chlorphenamine 4mg tablets', source: ANTIHISTAMINE },
  },
  'alprazolam-tablet': {
    '0.25 mg': { id: '321241004', name: 'Alprazolam 250microgram tablets', source: ADDICTIVE_MEDICINES },
    '0.5 mg': { id: '321242006', name: 'Alprazolam 500microgram tablets', source: ADDICTIVE_MEDICINES },
  },
  'nitrazepam-tablet': {
    '5 mg': { id: '321127001', name: 'Nitrazepam 5mg tablets', source: ADDICTIVE_MEDICINES },
  },
  'oxazepam-tablet': {
    '10 mg': { id: '321314006', name: 'Oxazepam 10mg tablets', source: ADDICTIVE_MEDICINES },
    '15 mg': { id: '321315007', name: 'Oxazepam 15mg tablets', source: ADDICTIVE_MEDICINES },
  },
  'clobazam-tablet': {
    '10 mg': { id: '321272000', name: 'Clobazam 10mg tablets', source: ADDICTIVE_MEDICINES },
  },
  'chlordiazepoxide-capsule': {
    '5 mg': { id: '321247000', name: 'Chlordiazepoxide 5mg capsules', source: ADDICTIVE_MEDICINES },
    '10 mg': { id: '321248005', name: 'Chlordiazepoxide 10mg capsules', source: ADDICTIVE_MEDICINES },
  },
};
