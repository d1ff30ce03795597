import { describe, expect, it } from 'vitest';
import { FORMULARY } from '../../shared/clinical/medicines/formulary';
import { dmdConceptFor, dmdForLine, dmdText, FORMULARY_DMD } from '../../shared/fhir/dmd';
import { readMedicationStatement } from '../../shared/fhir/import-medicines';
import { EXCHANGE_CODES_META } from '../../shared/fhir/codes';
import { verhoeffOk } from '../helpers/snomed-check-digit';

/**
 * dm+d concept ids on the formulary (issue 20, "Codes"). The expected ids are copied by hand from the public
 * sources named beside each: OpenPrescribing Hospitals' measure definitions (Bennett Institute, University
 * of Oxford; repository bennettoxford/openprescribing-hospitals) and NHS Digital's Digital Medicines FHIR
 * guide (the EPS prescription cancellation example), never from the code under test.
 */

const all = Object.entries(FORMULARY_DMD).flatMap(([productId, p]) =>
  [p.vtm, ...Object.values(p.vmps ?? {})].filter((c) => c !== undefined).map((c) => ({ productId, c })),
);

describe('dm+d codes on the formulary', () => {
  it('the check digit test itself refuses a changed digit', () => {
    expect(verhoeffOk('36126511000001106')).toBe(true);
    expect(verhoeffOk('36126511000001107')).toBe(false);
  });

  it('names real formulary products and strengths; every id is a well-formed concept id with its source', () => {
    for (const [productId, p] of Object.entries(FORMULARY_DMD)) {
      const product = FORMULARY.find((f) => f.id === productId);
      expect(product, productId).toBeDefined();
      for (const strength of Object.keys(p.vmps ?? {}))
        expect(
          product!.strengths.map((s) => `${s.value} ${s.unit}`),
          productId,
        ).toContain(strength);
    }
    for (const { productId, c } of all) {
      expect(c.id, productId).toMatch(/^\d{6,18}$/);
      expect(verhoeffOk(c.id), `${productId} ${c.id}`).toBe(true);
      // A concept id's partition (the two digits before the check digit): 00 core, 10 extension concept.
      expect(['00', '10'], `${productId} ${c.id}`).toContain(c.id.slice(-3, -1));
      expect(c.source, productId).toMatch(/\.(sql|md|xml|json|csv) \(/);
    }
  });

  it('gives a line the VMP of its strength, else the VTM, else nothing (copied from the sources)', () => {
    // NHS Digital EPS example and OpenPrescribing Hospitals mr_opioids: Morphine 10mg modified-release tablets.
    expect(dmdConceptFor('morphine-mr-tablet', '10 mg')).toMatchObject({
      id: '36126511000001106',
      name: 'Morphine 10mg modified-release tablets',
    });
    // OpenSAFELY oral opioid codelist (1.3.0): 36127311000001102 "Morphine 30mg modified-release tablets".
    expect(dmdConceptFor('morphine-mr-tablet', '30 mg')).toMatchObject({
      id: '36127311000001102',
      name: 'Morphine 30mg modified-release tablets',
    });
    // OpenPrescribing Hospitals: 773372004 VTM code for morphine (no strength named: the substance).
    expect(dmdConceptFor('morphine-mr-tablet', null)).toMatchObject({ id: '773372004', name: 'Morphine' });
    expect(dmdConceptFor('oxycodone-mr-tablet', null)?.id).toBe('777027001');
    expect(dmdConceptFor('paracetamol-tablet', '500 mg')?.id).toBe('322236009');
    // Not verified from any public source here (no codelist read types amitriptyline's rows): by name.
    expect(dmdConceptFor('amitriptyline-tablet', '10 mg')).toBeNull();
  });

  it('a medicine line: the VMP only when written as that strength of its own product; none off the formulary', () => {
    const line = (formularyId: string, written: { productId: string; formularyStrength: string } | null) => ({
      formularyId,
      notOnFormulary: false,
      written,
    });
    // Morphine 10mg modified-release tablets (OpenPrescribing Hospitals mr_opioids; NHS Digital EPS example).
    expect(
      dmdForLine(line('morphine-mr-tablet', { productId: 'morphine-mr-tablet', formularyStrength: '10 mg' })),
    ).toMatchObject({ level: 'VMP', concept: { id: '36126511000001106' } });
    // Entered in mg (nothing written): the VTM 773372004 Morphine.
    expect(dmdForLine(line('morphine-mr-tablet', null))).toMatchObject({
      level: 'VTM',
      concept: { id: '773372004' },
    });
    expect(dmdForLine({ ...line('morphine-mr-tablet', null), notOnFormulary: true })).toBeNull();
    expect(dmdText(line('amitriptyline-tablet', null))).toBe('No dm+d code held: sent by name only');
    // Pregabalin has VMPs but no VTM: written in mg (no strength), nothing is held for the line.
    expect(dmdText(line('pregabalin-capsule', null))).toBe('No dm+d code held: sent by name only');
    expect(
      dmdText(line('co-codamol-tablet', { productId: 'co-codamol-tablet', formularyStrength: '30 mg' })),
    ).toBe(
      'dm+d 42009811000001101 (product: Co-codamol 30mg/500mg tablets), from OpenSAFELY codelists (Bennett ' +
        'Institute, University of Oxford)',
    );
    expect(
      dmdText(line('temazepam-tablet', { productId: 'temazepam-tablet', formularyStrength: '10 mg' })),
    ).toBe(
      'dm+d 321152004 (product: Temazepam 10mg tablets), from NHS Digital, Digital Medicines FHIR guide',
    );
  });

  // 1.2.0 held 34 products (27 VTM, 11 with a VMP); 1.3.0 adds VMPs to 63 products, 49 of them new, counted
  // from the codelist rows chosen (one VMP of the product's substance, strength and form).
  it('coverage: 83 products carry a code, 27 with a VTM and 74 with at least one VMP (206 strengths)', () => {
    const products = Object.values(FORMULARY_DMD);
    expect(products.length).toBe(83);
    expect(products.filter((p) => p.vtm).length).toBe(27);
    expect(products.filter((p) => Object.keys(p.vmps ?? {}).length > 0).length).toBe(74);
    expect(products.reduce((n, p) => n + Object.keys(p.vmps ?? {}).length, 0)).toBe(206);
    expect(FORMULARY.length).toBe(112);
  });

  it('exchange codes 1.2.0 and 1.3.0: the codes added, exactly as their sources name them', () => {
    // 1.2.0 held 322503009 "Codeine 30mg tablets" (NHS Digital, Chris Packet example 1); OpenSAFELY's oral
    // opioid codelist names 322503009 "VMP previous to 42010411000001105" and 42010411000001105 "Codeine 30mg
    // tablets": 1.3.0 sends the current id.
    expect(dmdConceptFor('codeine-tablet', '30 mg')).toMatchObject({
      id: '42010411000001105',
      name: 'Codeine 30mg tablets',
    });
    // Likewise 322307006 (NHS Digital co-codamol dosage example) "VMP previous to 42010211000001106", and
    // 322341003 (NHS Digital EPS API examples) "VMP previous to 42009811000001101".
    expect(dmdConceptFor('co-codamol-tablet', '8 mg')?.id).toBe('42010211000001106');
    expect(dmdConceptFor('co-codamol-tablet', '30 mg')?.id).toBe('42009811000001101');
    // NHS Digital EPS API "multiple drugs" example: morphine 15 mg MR tablets, fentanyl 25 micrograms/hour.
    expect(dmdConceptFor('morphine-mr-tablet', '15 mg')?.id).toBe('36126811000001109');
    expect(dmdConceptFor('fentanyl-72-hour-patch', '25 mcg/h')).toMatchObject({
      id: '36120011000001101',
      name: 'Fentanyl 25micrograms/hour transdermal patches',
    });
    // OpenSAFELY transdermal opioid codelist: 36120211000001106 "Fentanyl 50micrograms/hour transdermal patches".
    expect(dmdConceptFor('fentanyl-72-hour-patch', '50 mcg/h')?.id).toBe('36120211000001106');
    // OpenSAFELY oral opioid codelist: 3805611000001109 "Co-codamol 15mg/500mg tablets".
    expect(dmdConceptFor('co-codamol-tablet', '15 mg')?.id).toBe('3805611000001109');
    // NHS Digital zopiclone dosage example and dose-syntax example: 321177003 "Zopiclone 3.75mg tablets".
    expect(dmdConceptFor('zopiclone-tablet', '3.75 mg')?.id).toBe('321177003');
    // OpenSAFELY addictive medicines codelist: 321175006 "Zopiclone 7.5mg tablets".
    expect(dmdConceptFor('zopiclone-tablet', '7.5 mg')?.id).toBe('321175006');
    // OpenPrescribing Hospitals rubefacients measure: '775036003', -- Capsaicin.
    expect(dmdConceptFor('capsaicin-cream', null)).toMatchObject({ id: '775036003', name: 'Capsaicin' });
    // OpenPrescribing Hospitals DDD pipeline and NHS Digital's Cedeep Laya example: 775768002 Enoxaparin.
    expect(dmdConceptFor('enoxaparin-injection', null)).toMatchObject({
      id: '775768002',
      name: 'Enoxaparin',
    });
    // 1.4.0 added SNOMED CT outcome measure concepts only (tests/unit/fhir-snomed.test.ts); dm+d unchanged.
    expect(EXCHANGE_CODES_META.version).toBe('1.4.0');
  });

  it('an imported statement with a held VMP code is named as that formulary product, still kept as written', () => {
    const read = readMedicationStatement(
      {
        resourceType: 'MedicationStatement',
        status: 'active',
        medicationCodeableConcept: {
          coding: [{ system: 'http://snomed.info/sct', code: '36126511000001106' }],
          text: 'MST Continus 10mg tablets',
        },
        effectivePeriod: { start: '2026-10-01' },
        dosage: [{ text: 'One tablet twice a day' }],
      },
      1,
      '2026-11-21',
    );
    expect(read.ok).toBe(true);
    if (read.ok !== true) return;
    expect(read.medicine.kind).toBe('as-written');
    expect(read.medicine.note).toBe(
      'Kept as written and not counted in the OME. It looks like Morphine sulfate modified-release tablets ' +
        '(12-hourly) on the formulary: enter it there to count it. Its dm+d code (36126511000001106) is ' +
        'Morphine 10mg modified-release tablets in dm+d.',
    );
  });
});
