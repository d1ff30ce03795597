/**
 * dm+d concept ids (NHS Dictionary of Medicines and Devices, NHS Business Services Authority) for the
 * formulary's products, keyed by formulary product id, each with the public source it was read from.
 *
 * No dm+d release could be read here, so nothing is taken from memory or derived: a code is listed only where
 * a public source names that id with that dm+d name, and `checkedAgainst` names a second source that agrees
 * where one was found. Products and strengths not listed are exported by name alone (valid FHIR, and honest).
 * A VTM (virtual therapeutic moiety: the substance, e.g. "Morphine") is the code for any line of the product;
 * a VMP (virtual medicinal product: substance, form and strength, e.g. "Morphine 10mg modified-release
 * tablets") is used when the line names that strength of that product.
 *
 * This file holds the codes of exchange codes 1.2.0 with their sources; the VMPs added in 1.3.0, read from
 * OpenSAFELY and EBM DataLab codelists, are in dmd-codelists-opioids.ts and dmd-codelists-other.ts and are
 * merged into FORMULARY_DMD below (a strength held here keeps its entry here).
 */
import { OPIOIDS_ORAL } from './dmd-codelist-sources';
import { CODELIST_VMPS_OPIOIDS } from './dmd-codelists-opioids';
import { CODELIST_VMPS_OTHER } from './dmd-codelists-other';

/** One dm+d concept as its source names it. */
export interface DmdConcept {
  /** The dm+d (SNOMED CT UK drug extension) concept id. */
  id: string;
  /** The dm+d name, as the source gives it. */
  name: string;
  /** Where the id and name were read: repository, commit and path, or an address. */
  source: string;
  /** A second source giving the same id for the same name, when one was found. */
  checkedAgainst?: string;
  /**
   * Ids dm+d used for this concept before (a source names each "VMP previous to" this id): never sent, but a
   * statement received with one (an older record) is still recognised as this concept.
   */
  previousIds?: readonly { id: string; source: string }[];
}

export interface ProductDmd {
  vtm?: DmdConcept;
  /** By formulary strength as stored (`10 mg`). */
  vmps?: Readonly<Record<string, DmdConcept>>;
}

const OPH = 'bennettoxford/openprescribing-hospitals';
/** OpenPrescribing Hospitals (Bennett Institute, University of Oxford): measure definitions over dm+d. */
const op = (commit: string, path: string) =>
  `${OPH}@${commit.slice(0, 12)}:${path} (OpenPrescribing Hospitals)`;
const MR_OPIOIDS = op('ae6e86193a0eb5616f251f60668604dcf0249feb', 'viewer/measures/mr_opioids/vmps.sql');
const MORPHINE_SOLUTION = op(
  '2e529a11b6578ab6b8cc41a3150671b853902ae0',
  'viewer/measures/morphine_solution/vmps.sql',
);
const NSAIDS = op('e2528628a20eec387ac4ba59ce6325055e10848a', 'viewer/measures/diclofenac/vmps.sql');
const DOACS = op('044277981f9b5e038b011707240ce777b2767d3e', 'viewer/measures/best_value_doacs/vmps.sql');
const ANTICOAGULANTS = op(
  '2468df0b63a073f2008256ce8c4731312d651e40',
  'viewer/measures/oral_anticoagulants_not_doac/vmps.sql',
);
const ANTICOAGULANTS_2 = op(
  '3c14ac21a7839d6ac685c1ccc6da031841572360',
  'viewer/measures/anticoagulants_oral/vmps.sql',
);
const OXY_NALOXONE = op(
  '7ecdf665db0e9c779675fb55a923b6e8fb836fb4',
  'viewer/measures/lvm_oxycodone_naloxone_combo.sql',
);
const TRAMADOL_PARACETAMOL = op(
  'bf170eeea61d832b89eab327c4dd5f87b9fec5c1',
  'viewer/measures/lvp_tramadol_paracetamol_combo.sql',
);
const PARACETAMOL_IV = op(
  '4c7953cc14c2cda0a0b11d5b2bf62bb2463ba9b7',
  'viewer/measures/paracetamol_iv/vmps.sql',
);
const LIDOCAINE = op(
  '011e3d78f6abfaddf704054814ed28c6bcf558f2',
  'viewer/measures/lvp_lidocaine_plasters/vmps.sql',
);
const RUBEFACIENTS = op(
  '96ed82f5d6bbd03d6ee8af0e54e24d84f36055c3',
  'viewer/measures/lvp_rubefacients/vmps.sql',
);
/** OpenPrescribing Hospitals' defined-daily-dose pipeline: "dmd.vtm = '775768002' … -- Enoxaparin". */
const DDD_EXPRESSED_AS = op(
  'f78d88330f98308f1067606db22891fc0684e915',
  'pipeline/atc_ddd/ddd_comments/populate_ddd_expressed_as.sql',
);
/** NHS Digital's FHIR medicines guides (Simplifier backup): worked examples coding a product with its name. */
const iops = (commit: string, path: string) =>
  `NHSDigital/IOPS-FHIR-Simplifier-Backup@${commit.slice(0, 12)}:${path} (NHS Digital)`;
const CHRIS_PACKET = iops(
  '026a040b626ced6e2d78bd4023ef6d7a98aeee6a',
  'ImplementationGuideforDigitalMedicines/backup/chris-packet-example-1.xml',
);
const ZOPICLONE_EXAMPLE = iops(
  '026a040b626ced6e2d78bd4023ef6d7a98aeee6a',
  'ImplementationGuideforDigitalMedicines/backup/example-dosage-zopiclone.xml',
);
const ZOPICLONE_DOSE_SYNTAX = iops(
  'f61e6b5b739ca6ed11b3cfed4a1c77c19d6eb2c5',
  'ImplementationGuideforDoseSyntax/backup/example-dosage-inter2.xml',
);
const COCODAMOL_EXAMPLE = iops(
  '026a040b626ced6e2d78bd4023ef6d7a98aeee6a',
  'ImplementationGuideforDigitalMedicines/backup/example-dosage-cocodamol.xml',
);
/** NHS Digital's Electronic Prescription Service API: its example prescriptions (FHIR), coded with dm+d. */
const epsApi = (commit: string, path: string) =>
  `NHSDigital/electronic-prescription-service-api@${commit.slice(0, 12)}:${path} (NHS Digital)`;
const EPS_API_PRIMARY = epsApi(
  '161c04c4d6c745a93beb8dc797be42abc732541a',
  'examples/primary-care/acute/nominated-pharmacy/medical-prescriber/1-Prepare-Request-200_OK.json',
);
/** The same code under its SNOMED CT name, "Codeine phosphate 30 mg and paracetamol 500 mg oral tablet". */
const EPS_API_RELEASE = epsApi(
  '4aba3990e3adf28efa5eae37d01a0901f9ee3d2a',
  'examples/spec/dispensing/release/acute-primary-example-res.json',
);
const EPS_API_MULTIPLE = epsApi(
  '19226898a33c625684a1eb15a828cf2bb979ccf5',
  'examples/secondary-care/community/acute/nominated-pharmacy/clinical-practitioner/multiple-drugs/' +
    '1-Prepare-Request-200_OK.json',
);
const EPS_API_CD = epsApi(
  '4aba3990e3adf28efa5eae37d01a0901f9ee3d2a',
  'examples/secondary-care/community/acute/nominated-pharmacy/clinical-practitioner/controlled-drugs/' +
    '1-Prepare-Request-200_OK.json',
);
const CEDEEP_LAYA = iops(
  'f2aaf1720e7648b963b2e3caa32f6332a4921649',
  'ImplementationGuideforDigitalMedicines/backup/cedeep-laya-example-2.xml',
);
/** NHS Digital's Digital Medicines FHIR implementation guide: the EPS cancellation worked example. */
const EPS_GUIDE =
  'NHSDigital/IOPS-FHIR-Simplifier-Backup:NHSDigitalFHIRMedicinesImplementationGuide/backup/guides/' +
  'DigitalMedicines2/Home/Build/Prescribing-duplicate-2/PrescriptionCancellations.guide.md (NHS Digital)';

const MORPHINE: DmdConcept = {
  id: '773372004',
  name: 'Morphine',
  source: MR_OPIOIDS,
  checkedAgainst: MORPHINE_SOLUTION,
};
const OXYCODONE: DmdConcept = {
  id: '777027001',
  name: 'Oxycodone',
  source: MR_OPIOIDS,
  checkedAgainst: OXY_NALOXONE,
};
const IBUPROFEN: DmdConcept = { id: '776287003', name: 'Ibuprofen', source: NSAIDS };
const PARACETAMOL: DmdConcept = { id: '777067000', name: 'Paracetamol', source: PARACETAMOL_IV };

/** The codes of exchange codes 1.2.0 (three VMP ids updated in 1.3.0), by formulary product id. */
const HELD_1_2: Readonly<Record<string, ProductDmd>> = {
  'morphine-ir-tablet': { vtm: MORPHINE },
  'morphine-oral-solution-2mg-ml': { vtm: MORPHINE },
  'morphine-oral-solution-20mg-ml': { vtm: MORPHINE },
  'morphine-mr-tablet': {
    vtm: MORPHINE,
    vmps: {
      '5 mg': { id: '36127511000001108', name: 'Morphine 5mg modified-release tablets', source: MR_OPIOIDS },
      '10 mg': {
        id: '36126511000001106',
        name: 'Morphine 10mg modified-release tablets',
        source: MR_OPIOIDS,
        checkedAgainst: EPS_GUIDE,
      },
      '15 mg': {
        id: '36126811000001109',
        name: 'Morphine 15mg modified-release tablets',
        source: EPS_API_MULTIPLE,
      },
    },
  },
  'morphine-mr-capsule': {
    vtm: MORPHINE,
    vmps: {
      '10 mg': {
        id: '36126411000001107',
        name: 'Morphine 10mg modified-release capsules',
        source: MR_OPIOIDS,
      },
    },
  },
  'morphine-injection': { vtm: MORPHINE },
  'oxycodone-ir-capsule': { vtm: OXYCODONE },
  'oxycodone-oral-solution': { vtm: OXYCODONE },
  'oxycodone-mr-tablet': {
    vtm: OXYCODONE,
    vmps: {
      '5 mg': { id: '36131011000001107', name: 'Oxycodone 5mg modified-release tablets', source: MR_OPIOIDS },
      '10 mg': {
        id: '36129511000001101',
        name: 'Oxycodone 10mg modified-release tablets',
        source: MR_OPIOIDS,
      },
    },
  },
  'oxycodone-naloxone-mr-tablet': {
    vtm: { id: '776864003', name: 'Oxycodone + Naloxone', source: OXY_NALOXONE },
  },
  'oxycodone-injection': { vtm: OXYCODONE },
  'tramadol-paracetamol-tablet': {
    vtm: { id: '777074005', name: 'Tramadol + Paracetamol', source: TRAMADOL_PARACETAMOL },
  },
  // NHS Digital's worked examples (Chris Packet; dosage examples; EPS "get my prescriptions").
  // OpenSAFELY's oral opioid codelist names 322503009 (NHS Digital's Chris Packet example, held in 1.2.0)
  // "VMP previous to 42010411000001105", and 42010411000001105 "Codeine 30mg tablets": dm+d replaced the id.
  'codeine-tablet': {
    vmps: {
      '30 mg': {
        id: '42010411000001105',
        name: 'Codeine 30mg tablets',
        source: OPIOIDS_ORAL,
        previousIds: [{ id: '322503009', source: CHRIS_PACKET }],
      },
    },
  },
  'co-codamol-tablet': {
    // The formulary stores co-codamol by its codeine component: 8 mg is 8/500, 30 mg is 30/500.
    // OpenSAFELY's oral opioid codelist names the ids held in 1.2.0 (322307006 from NHS Digital's co-codamol
    // dosage example; 322341003 from the EPS API examples) "VMP previous to" 42010211000001106 and
    // 42009811000001101: dm+d replaced them. 42009811000001101 is also the id one NHS Digital EPS example gives
    // (Bundle-EPS-GetMyPrescriptions_Bundle_Success.json, the disagreement recorded in 1.2.0), which the
    // replacement explains. 15/500 is in dmd-codelists-opioids.ts.
    vmps: {
      '8 mg': {
        id: '42010211000001106',
        name: 'Co-codamol 8mg/500mg tablets',
        source: OPIOIDS_ORAL,
        previousIds: [{ id: '322307006', source: COCODAMOL_EXAMPLE }],
      },
      '30 mg': {
        id: '42009811000001101',
        name: 'Co-codamol 30mg/500mg tablets',
        source: OPIOIDS_ORAL,
        previousIds: [
          { id: '322341003', source: EPS_API_PRIMARY },
          { id: '322341003', source: EPS_API_RELEASE },
        ],
      },
    },
  },
  'zopiclone-tablet': {
    vmps: {
      '3.75 mg': {
        id: '321177003',
        name: 'Zopiclone 3.75mg tablets',
        source: ZOPICLONE_EXAMPLE,
        checkedAgainst: ZOPICLONE_DOSE_SYNTAX,
      },
    },
  },
  'fentanyl-72-hour-patch': {
    vmps: {
      '25 mcg/h': {
        id: '36120011000001101',
        name: 'Fentanyl 25micrograms/hour transdermal patches',
        source: EPS_API_MULTIPLE,
      },
    },
  },
  'capsaicin-cream': { vtm: { id: '775036003', name: 'Capsaicin', source: RUBEFACIENTS } },
  'enoxaparin-injection': {
    vtm: { id: '775768002', name: 'Enoxaparin', source: DDD_EXPRESSED_AS, checkedAgainst: CEDEEP_LAYA },
  },
  'diazepam-tablet': {
    vmps: {
      '2 mg': {
        id: '321196004',
        name: 'Diazepam 2mg tablets',
        source: EPS_GUIDE,
        checkedAgainst: EPS_API_CD,
      },
    },
  },
  'temazepam-tablet': {
    vmps: { '10 mg': { id: '321152004', name: 'Temazepam 10mg tablets', source: EPS_GUIDE } },
  },
  'naproxen-tablet': { vtm: { id: '776871008', name: 'Naproxen', source: NSAIDS } },
  'ibuprofen-tablet': { vtm: IBUPROFEN },
  'ibuprofen-600-tablet': { vtm: IBUPROFEN },
  'ibuprofen-gel': { vtm: IBUPROFEN },
  'celecoxib-capsule': { vtm: { id: '775123001', name: 'Celecoxib', source: NSAIDS } },
  'diclofenac-gr-tablet': { vtm: { id: '36409011000001100', name: 'Diclofenac sodium', source: NSAIDS } },
  // The 5% plaster holds 700 mg of lidocaine (Versatis SPC, electronic medicines compendium).
  'lidocaine-5-plaster': {
    vmps: { '5 %': { id: '116281000001109', name: 'Lidocaine 700mg medicated plasters', source: LIDOCAINE } },
  },
  'paracetamol-tablet': {
    vtm: PARACETAMOL,
    vmps: {
      '500 mg': {
        id: '322236009',
        name: 'Paracetamol 500mg tablets',
        source: EPS_GUIDE,
        checkedAgainst: EPS_API_MULTIPLE,
      },
    },
  },
  'paracetamol-oral-suspension': { vtm: PARACETAMOL },
  'apixaban-tablet': {
    vtm: { id: '774624002', name: 'Apixaban', source: DOACS, checkedAgainst: ANTICOAGULANTS },
  },
  'rivaroxaban-tablet': {
    vtm: { id: '777455008', name: 'Rivaroxaban', source: DOACS, checkedAgainst: ANTICOAGULANTS },
  },
  'edoxaban-tablet': {
    vtm: { id: '775732007', name: 'Edoxaban', source: DOACS, checkedAgainst: ANTICOAGULANTS },
  },
  'dabigatran-capsule': {
    vtm: {
      id: '13568411000001103',
      name: 'Dabigatran',
      source: ANTICOAGULANTS,
      checkedAgainst: ANTICOAGULANTS_2,
    },
  },
  'warfarin-tablet': {
    vtm: { id: '777947006', name: 'Warfarin', source: ANTICOAGULANTS, checkedAgainst: ANTICOAGULANTS_2 },
  },
};

/** Adds the codelist VMPs (1.3.0) to the held products; a strength already held keeps its held concept. */
function withCodelistVmps(
  held: Readonly<Record<string, ProductDmd>>,
  ...lists: Readonly<Record<string, Readonly<Record<string, DmdConcept>>>>[]
): Readonly<Record<string, ProductDmd>> {
  const out: Record<string, ProductDmd> = { ...held };
  for (const list of lists)
    for (const [productId, vmps] of Object.entries(list)) {
      const p = out[productId] ?? {};
      out[productId] = { ...p, vmps: { ...vmps, ...p.vmps } };
    }
  return out;
}

/** The formulary products with a verified dm+d code, by formulary product id (exchange codes 1.3.0). */
export const FORMULARY_DMD: Readonly<Record<string, ProductDmd>> = withCodelistVmps(
  HELD_1_2,
  CODELIST_VMPS_OPIOIDS,
  CODELIST_VMPS_OTHER,
);

/**
 * The dm+d concept for a medicine line: the VMP when the line names a strength of the product that has one,
 * else the product's VTM; null when neither is verified (the line goes out by name).
 */
export function dmdConceptFor(productId: string, strength: string | null): DmdConcept | null {
  const p = FORMULARY_DMD[productId];
  if (!p) return null;
  return (strength ? p.vmps?.[strength] : undefined) ?? p.vtm ?? null;
}

/** The formulary product a dm+d code stands for (VTM or VMP), for the import; null when not held. */
export function formularyProductForDmd(
  code: string,
): { productId: string; concept: DmdConcept; vtm: DmdConcept | undefined } | null {
  for (const [productId, p] of Object.entries(FORMULARY_DMD)) {
    const vmp = Object.values(p.vmps ?? {}).find(
      (c) => c.id === code || c.previousIds?.some((x) => x.id === code),
    );
    if (vmp) return { productId, concept: vmp, vtm: p.vtm };
  }
  for (const [productId, p] of Object.entries(FORMULARY_DMD))
    if (p.vtm?.id === code) return { productId, concept: p.vtm, vtm: p.vtm };
  return null;
}

/** What a medicine line needs for its dm+d code (a MedicineEntry has these). */
export interface DmdLine {
  formularyId: string;
  notOnFormulary: boolean;
  written: { productId: string; formularyStrength: string } | null;
}

/**
 * The dm+d concept a medicine line goes out with in a FHIR export, and whether it is the product (VMP) or
 * the substance (VTM): the VMP when the line was written as a strength of its product, else the VTM; null
 * when none is held (the line goes out by name). The export and the screens both use this, so what a
 * clinician sees is what is sent.
 */
export function dmdForLine(line: DmdLine): { concept: DmdConcept; level: 'VMP' | 'VTM' } | null {
  if (line.notOnFormulary) return null;
  const p = FORMULARY_DMD[line.formularyId];
  if (!p) return null;
  const strength = line.written?.productId === line.formularyId ? line.written.formularyStrength : null;
  const vmp = strength ? p.vmps?.[strength] : undefined;
  if (vmp) return { concept: vmp, level: 'VMP' };
  return p.vtm ? { concept: p.vtm, level: 'VTM' } : null;
}

/** The publisher of a code's source, in words for the screen (the repository and commit stay in the data). */
export function dmdSourceName(c: DmdConcept): string {
  if (c.source.includes('(OpenSAFELY codelist)'))
    return 'OpenSAFELY codelists (Bennett Institute, University of Oxford)';
  if (c.source.includes('(EBM DataLab codelist)'))
    return 'EBM DataLab codelists (Bennett Institute, University of Oxford)';
  if (c.source.includes('(OpenPrescribing Hospitals)'))
    return 'OpenPrescribing Hospitals (Bennett Institute, University of Oxford)';
  if (c.source.startsWith('NHSDigital/electronic-prescription-service-api'))
    return 'NHS Digital, Electronic Prescription Service API examples';
  if (c.source.includes('(NHS Digital)')) return 'NHS Digital, Digital Medicines FHIR guide';
  return 'a public dm+d listing';
}

/** What the screens say of a medicine line's dm+d code: the code, what it names and its source, or none. */
export function dmdText(line: DmdLine): string {
  const held = dmdForLine(line);
  if (!held) return 'No dm+d code held: sent by name only';
  const what = held.level === 'VMP' ? 'product' : 'substance';
  return `dm+d ${held.concept.id} (${what}: ${held.concept.name}), from ${dmdSourceName(held.concept)}`;
}
