import { describe, expect, it } from 'vitest';
import { FORMULARY } from '../../shared/clinical/medicines/formulary';
import { dmdConceptFor, formularyProductForDmd, FORMULARY_DMD } from '../../shared/fhir/dmd';

/**
 * dm+d VMPs added in exchange codes 1.3.0 (issue 20, "Codes"), read from OpenSAFELY codelists and EBM DataLab
 * codelist notebooks (Bennett Institute, University of Oxford). Each row of the table below was copied by hand
 * from the codelist row named beside it (id, then the dm+d name as the row gives it), never from the code
 * under test; the formulary product and strength were chosen by hand as the ones that name.
 */
const OS_ORAL = 'opensafely/opioids-covid-research codelists/opensafely-opioid-containing-medicines-oral-…';
const OS_TRANSDERMAL = 'opensafely/opioids-covid-research …-transdermal-…';
const OS_BUCCAL = 'opensafely/opioids-covid-research …-buccal-nasal-and-oromucosal-…';
const OS_ADDICTIVE = 'opensafely/medication-reviews codelists/opensafely-addictive-medicines.csv';
const OS_ANTIPSYCHOTICS = 'opensafely/antipsychotics-prescribing-during-COVID-19 codelists/…';
const EBM_CVD = 'ebmdatalab/cvd-covid-codelist-notebook data/cvd_codelist.csv';
const EBM_NSAID = 'ebmdatalab/nsaid-covid-codelist-notebook data/nsaid_codelist.csv';

const TABLE: [product: string, strength: string, id: string, name: string, from: string][] = [
  ['tapentadol-ir-tablet', '50 mg', '42017511000001108', 'Tapentadol 50mg tablets', OS_ORAL],
  [
    'tapentadol-mr-tablet',
    '100 mg',
    '18671811000001106',
    'Tapentadol 100mg modified-release tablets',
    OS_ORAL,
  ],
  ['hydromorphone-ir-capsule', '1.3 mg', '42012811000001108', 'Hydromorphone 1.3mg capsules', OS_ORAL],
  ['methadone-tablet', '5 mg', '42385311000001106', 'Methadone 5mg tablets', OS_ORAL],
  ['tramadol-capsule', '50 mg', '42017811000001106', 'Tramadol 50mg capsules', OS_ORAL],
  ['tramadol-mr-tablet', '100 mg', '35920311000001103', 'Tramadol 100mg modified-release tablets', OS_ORAL],
  [
    'tramadol-paracetamol-tablet',
    '37.5 mg',
    '7386811000001106',
    'Tramadol 37.5mg / Paracetamol 325mg tablets',
    OS_ORAL,
  ],
  [
    'oxycodone-naloxone-mr-tablet',
    '5 mg',
    '15852911000001109',
    'Oxycodone 5mg / Naloxone 2.5mg modified-release tablets',
    OS_ORAL,
  ],
  ['codeine-oral-solution', '5 mg/mL', '36566111000001100', 'Codeine 25mg/5ml oral solution', OS_ORAL],
  ['dihydrocodeine-tablet', '30 mg', '39708511000001104', 'Dihydrocodeine 30mg tablets', OS_ORAL],
  // Co-dydramol is stored by its dihydrocodeine component: 20 mg is 20/500.
  ['co-dydramol-tablet', '20 mg', '42010711000001104', 'Co-dydramol 20mg/500mg tablets', OS_ORAL],
  [
    'buprenorphine-7-day-patch',
    '5 mcg/h',
    '9567211000001104',
    'Buprenorphine 5micrograms/hour transdermal patches',
    OS_TRANSDERMAL,
  ],
  [
    'buprenorphine-96-hour-patch',
    '35 mcg/h',
    '35913711000001103',
    'Buprenorphine 35micrograms/hour transdermal patches',
    OS_TRANSDERMAL,
  ],
  [
    'buprenorphine-sublingual-tablet',
    '200 mcg',
    '42009011000001107',
    'Buprenorphine 200microgram sublingual tablets sugar free',
    OS_BUCCAL,
  ],
  [
    'fentanyl-buccal-tablet',
    '100 mcg',
    '14973311000001101',
    'Fentanyl 100microgram buccal tablets sugar free',
    OS_BUCCAL,
  ],
  [
    'fentanyl-sublingual-tablet',
    '200 mcg',
    '14952011000001106',
    'Fentanyl 200microgram sublingual tablets sugar free',
    OS_BUCCAL,
  ],
  ['pregabalin-capsule', '75 mg', '415167006', 'Pregabalin 75mg capsules', OS_ADDICTIVE],
  [
    'pregabalin-oral-solution',
    '20 mg/mL',
    '20556411000001107',
    'Pregabalin 20mg/ml oral solution sugar free',
    OS_ADDICTIVE,
  ],
  ['gabapentin-capsule', '300 mg', '323014008', 'Gabapentin 300mg capsules', OS_ADDICTIVE],
  ['lorazepam-tablet', '1 mg', '321294008', 'Lorazepam 1mg tablets', OS_ADDICTIVE],
  // The formulary stores 0.5 mg; dm+d writes it in micrograms.
  ['clonazepam-tablet', '0.5 mg', '322897008', 'Clonazepam 500microgram tablets', OS_ADDICTIVE],
  ['zolpidem-tablet', '5 mg', '321183000', 'Zolpidem 5mg tablets', OS_ADDICTIVE],
  ['quetiapine-tablet', '25 mg', '321624009', 'Quetiapine 25mg tablets', OS_ANTIPSYCHOTICS],
  ['olanzapine-tablet', '10 mg', '321614001', 'Olanzapine 10mg tablets', OS_ANTIPSYCHOTICS],
  ['prochlorperazine-tablet', '5 mg', '322144004', 'Prochlorperazine 5mg tablets', OS_ANTIPSYCHOTICS],
  ['ramipril-capsule', '5 mg', '318902004', 'Ramipril 5mg capsules', EBM_CVD],
  ['losartan-tablet', '50 mg', '318956006', 'Losartan 50mg tablets', EBM_CVD],
  ['clopidogrel-tablet', '75 mg', '319799004', 'Clopidogrel 75mg tablets', EBM_CVD],
  ['ticagrelor-tablet', '90 mg', '704465002', 'Ticagrelor 90mg tablets', EBM_CVD],
  ['naproxen-tablet', '500 mg', '329807003', 'Naproxen 500mg tablets', EBM_NSAID],
  ['celecoxib-capsule', '100 mg', '330170001', 'Celecoxib 100mg capsules', EBM_NSAID],
  [
    'diclofenac-gr-tablet',
    '50 mg',
    '329587009',
    'Diclofenac sodium 50mg gastro-resistant tablets',
    EBM_NSAID,
  ],
];

describe('dm+d VMPs read from codelists (exchange codes 1.3.0)', () => {
  it.each(TABLE)('%s %s is %s "%s" (%s)', (product, strength, id, name) => {
    const c = dmdConceptFor(product, strength);
    expect(c).toMatchObject({ id, name });
    // Held with the codelist it was read from: repository, commit and path.
    expect(c!.source).toMatch(
      /^(opensafely|ebmdatalab)\/[\w.-]+@[0-9a-f]{12}:(codelists|data)\/[\w.-]+\.csv \(/,
    );
  });

  it('each held VMP id stands for one formulary strength, and the import finds its product', () => {
    const seen = new Map<string, string>();
    for (const [productId, p] of Object.entries(FORMULARY_DMD))
      for (const [strength, c] of Object.entries(p.vmps ?? {})) {
        expect(seen.get(c.id), `${c.id} under ${productId} ${strength}`).toBeUndefined();
        seen.set(c.id, `${productId} ${strength}`);
        expect(formularyProductForDmd(c.id)?.productId).toBe(productId);
      }
  });

  it("every VMP name begins with the product's substance, as the formulary names it", () => {
    // The exceptions: combination products stored by their opioid component but named "Co-…" in dm+d.
    const first: Record<string, string> = {
      'co-codamol-tablet': 'co-codamol',
      'co-dydramol-tablet': 'co-dydramol',
    };
    for (const [productId, p] of Object.entries(FORMULARY_DMD)) {
      const product = FORMULARY.find((f) => f.id === productId)!;
      for (const c of Object.values(p.vmps ?? {}))
        expect(c.name.toLowerCase().startsWith(first[productId] ?? product.generic), productId).toBe(true);
    }
  });

  it('an id dm+d has replaced is never sent, and a statement carrying it still names its product', () => {
    // OpenSAFELY's oral opioid codelist: "322503009,VMP previous to 42010411000001105", and the same for
    // 322307006 (→ 42010211000001106) and 322341003 (→ 42009811000001101).
    const sent = Object.values(FORMULARY_DMD).flatMap((p) => Object.values(p.vmps ?? {}).map((c) => c.id));
    for (const old of ['322503009', '322307006', '322341003']) expect(sent).not.toContain(old);
    expect(formularyProductForDmd('322503009')).toMatchObject({
      productId: 'codeine-tablet',
      concept: { id: '42010411000001105', name: 'Codeine 30mg tablets' },
    });
    expect(formularyProductForDmd('322341003')?.concept.name).toBe('Co-codamol 30mg/500mg tablets');
  });

  it('where two VMPs fit a formulary product, none is held (the line goes out by its substance or by name)', () => {
    // Oxycodone 5mg/5ml oral solution and its sugar-free form are both VMPs: the VTM Oxycodone goes out.
    expect(dmdConceptFor('oxycodone-oral-solution', '1 mg/mL')).toMatchObject({ id: '777027001' });
    // Gabapentin 250mg/5ml and 50mg/ml sugar-free oral solutions: neither; gabapentin has no VTM held.
    expect(dmdConceptFor('gabapentin-oral-solution', '50 mg/mL')).toBeNull();
    // Diamorphine powder for injection comes as ampoules and as vials: neither.
    expect(dmdConceptFor('diamorphine-injection', '10 mg')).toBeNull();
  });
});
