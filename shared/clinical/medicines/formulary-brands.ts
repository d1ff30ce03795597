/**
 * UK brand names of formulary products (issue 13: "type-ahead search by generic and UK brand name"), as
 * data: formulary id → the brands prescribers write, each with the strengths of that brand that the
 * formulary product lists (a brand strength the formulary does not list is left out, never invented).
 *
 * Source: brand names and strengths as listed in the UK Summaries of Product Characteristics (electronic
 * medicines compendium) and the BNF "medicinal forms" sections, as known in November 2026. No dm+d codes
 * (none are invented here; an attributed dm+d extract replaces this list). To be checked by the service
 * pharmacist before use.
 */
export interface FormularyBrand {
  /** The brand as prescribers write it, e.g. `OxyContin`. */
  name: string;
  /** The strengths of this brand (values in the formulary entry's unit); absent: every listed strength. */
  strengths?: number[];
}

export const FORMULARY_BRANDS: Readonly<Record<string, FormularyBrand[]>> = {
  'morphine-ir-tablet': [{ name: 'Sevredol', strengths: [10, 20, 50] }],
  'morphine-oral-solution-2mg-ml': [{ name: 'Oramorph' }],
  'morphine-oral-solution-20mg-ml': [{ name: 'Oramorph concentrated' }],
  'morphine-mr-tablet': [{ name: 'MST Continus', strengths: [5, 10, 15, 30, 60, 100, 200] }],
  'morphine-mr-capsule': [{ name: 'Zomorph', strengths: [10, 30, 60, 100, 200] }],
  'oxycodone-ir-capsule': [
    { name: 'OxyNorm', strengths: [5, 10, 20] },
    { name: 'Shortec', strengths: [5, 10, 20] },
  ],
  'oxycodone-oral-solution': [{ name: 'OxyNorm liquid' }],
  'oxycodone-mr-tablet': [
    { name: 'OxyContin', strengths: [5, 10, 15, 20, 30, 40, 60, 80, 120] },
    { name: 'Longtec', strengths: [5, 10, 15, 20, 30, 40, 60, 80, 120] },
  ],
  'oxycodone-naloxone-mr-tablet': [{ name: 'Targinact', strengths: [5, 10, 20, 40] }],
  'tapentadol-ir-tablet': [{ name: 'Palexia', strengths: [50] }],
  'tapentadol-mr-tablet': [{ name: 'Palexia SR', strengths: [50, 100, 150, 200, 250] }],
  'hydromorphone-ir-capsule': [{ name: 'Palladone', strengths: [1.3, 2.6] }],
  'hydromorphone-mr-capsule': [{ name: 'Palladone SR', strengths: [2, 4, 8, 16, 24] }],
  'methadone-oral-solution': [{ name: 'Physeptone' }],
  'methadone-tablet': [{ name: 'Physeptone', strengths: [5] }],
  'buprenorphine-7-day-patch': [
    { name: 'Butec', strengths: [5, 10, 15, 20] },
    { name: 'BuTrans', strengths: [5, 10, 15, 20] },
  ],
  'buprenorphine-96-hour-patch': [{ name: 'Transtec', strengths: [35, 52.5, 70] }],
  'buprenorphine-sublingual-tablet': [{ name: 'Temgesic', strengths: [200, 400] }],
  'fentanyl-72-hour-patch': [
    { name: 'Durogesic DTrans', strengths: [12, 25, 50, 75, 100] },
    { name: 'Matrifen', strengths: [12, 25, 50, 75, 100] },
  ],
  'fentanyl-buccal-tablet': [{ name: 'Effentora', strengths: [100, 200, 400, 600, 800] }],
  'fentanyl-sublingual-tablet': [{ name: 'Abstral', strengths: [100, 200, 300, 400, 600, 800] }],
  'fentanyl-nasal-spray': [{ name: 'Instanyl', strengths: [50, 100, 200] }],
  'tramadol-capsule': [
    { name: 'Zydol', strengths: [50] },
    { name: 'Zamadol', strengths: [50] },
  ],
  'tramadol-mr-tablet': [{ name: 'Zydol SR', strengths: [100, 150, 200] }],
  'tramadol-paracetamol-tablet': [{ name: 'Tramacet', strengths: [37.5] }],
  'co-codamol-tablet': [
    { name: 'Solpadol', strengths: [30] },
    { name: 'Zapain', strengths: [30] },
    { name: 'Kapake', strengths: [30] },
  ],
  'dihydrocodeine-mr-tablet': [{ name: 'DHC Continus', strengths: [60, 90, 120] }],
  'gabapentin-capsule': [{ name: 'Neurontin', strengths: [100, 300, 400] }],
  'gabapentin-tablet': [{ name: 'Neurontin', strengths: [600, 800] }],
  'pregabalin-capsule': [{ name: 'Lyrica' }],
  'duloxetine-capsule': [{ name: 'Cymbalta', strengths: [30, 60] }],
  'naproxen-tablet': [{ name: 'Naprosyn', strengths: [250, 500] }],
  'celecoxib-capsule': [{ name: 'Celebrex', strengths: [100, 200] }],
  'zopiclone-tablet': [{ name: 'Zimovane', strengths: [3.75, 7.5] }],
  'zolpidem-tablet': [{ name: 'Stilnoct', strengths: [5, 10] }],
  'baclofen-tablet': [{ name: 'Lioresal', strengths: [10] }],
  'nefopam-tablet': [{ name: 'Acupan', strengths: [30] }],
  'carbamazepine-tablet': [{ name: 'Tegretol', strengths: [100, 200, 400] }],
};
