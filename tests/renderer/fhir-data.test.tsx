import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BulkExportPanel, FhirImportPanel } from '../../renderer/src/features/data/Fhir';
import { signedInAs } from '../helpers/db';
import { JO, OXY_MR } from '../helpers/seed';
import { eventually, rendererApp, renderScreen, type RendererApp } from './harness';

/**
 * The FHIR panels of the Data screen (issue 20), as a coordinator uses them, against the real dispatcher:
 * a Bundle is checked first (problems by entry, nothing saved), then imported all or nothing; the
 * service-wide export shows its progress and then what it wrote, in words.
 */
let r: RendererApp;
beforeEach(async () => {
  r = await rendererApp('coordinator');
});
afterEach(() => r.close());

function bundle(...patients: { nhs: string; family: string; birthDate?: string }[]): string {
  return JSON.stringify({
    resourceType: 'Bundle',
    type: 'collection',
    entry: patients.map((p, i) => ({
      fullUrl: `urn:uuid:00000000-0000-4000-8000-00000000000${i}`,
      resource: {
        resourceType: 'Patient',
        identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: p.nhs }],
        name: [{ use: 'official', family: p.family, given: ['Jo'] }],
        gender: 'female',
        ...(p.birthDate === undefined ? { birthDate: '1960-02-29' } : {}),
      },
    })),
  });
}

/** The body rows of a table, each as its cells' text. */
function cells(table: HTMLElement): string[][] {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent ?? ''),
    );
}

async function choose(user: Awaited<ReturnType<typeof renderScreen>>['user'], text: string) {
  const input = document.querySelector('input[type="file"]') as HTMLInputElement;
  await user.upload(input, new File([text], 'record.json', { type: 'application/json' }));
  await user.click(screen.getByRole('button', { name: 'Check the file' }));
}

describe('Import from a FHIR file (renderer, real dispatcher)', () => {
  it('lists each problem by entry and offers no import; nothing is saved', async () => {
    const { user } = await renderScreen(<FhirImportPanel />);
    // 943 476 5918: the check digit of 943 476 591 is 9 (NHS Data Dictionary modulus 11).
    await choose(
      user,
      bundle({ nhs: '9434765918', family: 'Smith' }, { nhs: '9876543210', family: 'Jones' }),
    );
    expect(await screen.findByText('Nothing will be imported until every problem is put right')).toBeTruthy();
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((row) => row.textContent)).toEqual([expect.stringMatching(/^1NHS number.*check digit/)]);
    expect(screen.queryByRole('button', { name: /^Import/ })).toBeNull();
    expect(r.writes()).toHaveLength(0);
  });

  it('imports a good file once, then says what it imported', async () => {
    const { user } = await renderScreen(<FhirImportPanel />);
    const file = JSON.parse(bundle({ nhs: '9434765919', family: 'Smith' })) as { entry: unknown[] };
    // A GP record's medicine: kept as written and not counted, and the preview says so.
    file.entry.push({
      resource: {
        resourceType: 'MedicationStatement',
        status: 'active',
        medicationCodeableConcept: { text: 'Pregabalin 75mg capsules' },
        subject: { reference: 'urn:uuid:00000000-0000-4000-8000-000000000000' },
        dateAsserted: '2026-10-02',
        dosage: [{ text: 'One twice a day' }],
      },
    });
    await choose(user, JSON.stringify(file));
    const button = await screen.findByRole('button', { name: 'Import 1 patient' });
    expect(
      screen.getByText(
        '1 patient with 0 allergies and 1 medicine (1 kept as written, not counted in the OME); 0 problems.',
      ),
    ).toBeTruthy();
    const medicines = screen.getByRole('table', { name: 'Medicines in the file' });
    expect(cells(medicines)).toEqual([
      [
        'SMITH, Jo (943 476 5919)',
        'Pregabalin 75mg capsules: One twice a day',
        'None',
        'Kept as written, not countedIt looks like pregabalin on the formulary: enter it there to count it.',
      ],
    ]);
    await user.dblClick(button);
    expect(await screen.findByText('Imported 1 patient, 0 allergies and 1 medicine.')).toBeTruthy();
    await eventually(() => r.writes('fhir:importCommit').length === 1);
    expect(r.writes('fhir:importCommit')).toHaveLength(1);
    const n = r.app.dispatcher.conn.sqlite.prepare('SELECT count(*) FROM patients').pluck().get();
    expect(n).toBe(1);
  });
});

describe('Import preview: the dm+d code of each medicine and what it maps to (renderer, real dispatcher)', () => {
  it('names the code received, the formulary product its code names, or that none is held; nothing saved', async () => {
    const { user } = await renderScreen(<FhirImportPanel />);
    const file = JSON.parse(bundle({ nhs: '9434765919', family: 'Smith' })) as { entry: unknown[] };
    const statement = (text: string, code: string | null) => ({
      resource: {
        resourceType: 'MedicationStatement',
        status: 'active',
        medicationCodeableConcept: {
          text,
          ...(code ? { coding: [{ system: 'http://snomed.info/sct', code }] } : {}),
        },
        subject: { reference: 'urn:uuid:00000000-0000-4000-8000-000000000000' },
        dateAsserted: '2026-10-02',
        dosage: [{ text: 'One four times a day' }],
      },
    });
    file.entry.push(
      // OpenSAFELY oral opioid codelist: 42010411000001105 "Codeine 30mg tablets" (a VMP the formulary holds).
      statement('Codeine 30mg tablets', '42010411000001105'),
      // The same codelist: 773372004 is not there; OpenPrescribing Hospitals' mr_opioids names it the VTM
      // Morphine (a substance, not a product).
      statement('Morphine sulfate 10mg/5ml oral solution', '773372004'),
      // GM SDE amitriptyline code set: 321745007 "Amitriptyline 10mg tablets", a code the formulary does not hold.
      statement('Amitriptyline 10mg tablets', '321745007'),
    );
    await choose(user, JSON.stringify(file));
    const table = await screen.findByRole('table', { name: 'Medicines in the file' });
    expect(cells(table)).toEqual([
      [
        'SMITH, Jo (943 476 5919)',
        'Codeine 30mg tablets: One four times a day',
        '42010411000001105 (Codeine 30mg tablets)',
        'Kept as written, not counted (its dm+d code names Codeine phosphate tablets on the formulary)' +
          'It looks like Codeine phosphate tablets on the formulary: enter it there to count it.',
      ],
      [
        'SMITH, Jo (943 476 5919)',
        'Morphine sulfate 10mg/5ml oral solution: One four times a day',
        '773372004 (Morphine)',
        'Kept as written, not counted (its dm+d code names the substance Morphine)' +
          'It looks like morphine on the formulary: enter it there to count it.',
      ],
      [
        'SMITH, Jo (943 476 5919)',
        'Amitriptyline 10mg tablets: One four times a day',
        '321745007 (not a code the formulary holds)',
        'Kept as written, not countedIt looks like amitriptyline on the formulary: enter it there to count it.',
      ],
    ]);
    expect(r.writes()).toHaveLength(0);
  });

  it("an Alongside export's medicine maps back to its formulary product, with the dm+d code it carried", async () => {
    // Exported from another Alongside: Jo Smith on oxycodone MR 20 mg twice a day, entered in mg, so the line
    // carries the VTM 777027001 Oxycodone (OpenPrescribing Hospitals' mr_opioids measure).
    await signedInAs(r.app, 'consultant', 'elsewhere');
    const p = await r.app.ok('patients:create', { ...JO }, 'elsewhere');
    await r.app.ok('meds:add', { patientId: p.id, medicine: OXY_MR }, 'elsewhere');
    const { json } = await r.app.ok('fhir:exportPatient', { patientId: p.id }, 'elsewhere');
    await r.close();
    r = await rendererApp('coordinator');
    const { user } = await renderScreen(<FhirImportPanel />);
    await choose(user, json);
    const table = await screen.findByRole('table', { name: 'Medicines in the file' });
    const [row] = cells(table);
    expect(row![0]).toBe('SMITH, Jo (943 476 5919)');
    expect(row![2]).toBe('777027001 (Oxycodone)');
    expect(row![3]).toBe('Oxycodone modified-release tablets (12-hourly)');
    expect(r.writes()).toHaveLength(0);
  });
});

describe('Export for the data warehouse (renderer, real dispatcher)', () => {
  it('starts the export, then says how many patients and records it wrote and where', async () => {
    await r.app.ok(
      'patients:create',
      { nhsNumber: '9434765919', surname: 'Smith', forename: 'Jo', dateOfBirth: '1960-02-29', sex: 'female' },
      'renderer',
    );
    const { user } = await renderScreen(<BulkExportPanel />);
    await user.click(screen.getByRole('button', { name: 'Export the whole service' }));
    const done = await screen.findByText(/^Export finished at/, {}, { timeout: 5000 });
    expect(done.textContent).toMatch(/: 1 patient\. The files are in .*exports/);
    expect(r.writes('fhir:bulkExportStart')).toHaveLength(1);
  });

  it('says which code systems the files carry and how many records carry a code', async () => {
    await signedInAs(r.app, 'consultant', 'clinician');
    // Jo Smith: diagnosis ICD-11 MG30.01 (with SNOMED CT 128200000 beside it) and oxycodone MR in mg (dm+d
    // VTM 777027001); Sam Jones: no diagnosis, no medicine.
    const jo = await r.app.ok('patients:create', { ...JO, diagnosisCode: 'MG30.01' }, 'clinician');
    await r.app.ok('meds:add', { patientId: jo.id, medicine: OXY_MR }, 'clinician');
    await r.app.ok(
      'patients:create',
      { nhsNumber: '9876543210', surname: 'Jones', forename: 'Sam', dateOfBirth: '1970-01-01', sex: 'male' },
      'clinician',
    );
    const { user } = await renderScreen(<BulkExportPanel />);
    await user.click(screen.getByRole('button', { name: 'Export the whole service' }));
    const table = await screen.findByRole('table', { name: 'Codes in the files' }, { timeout: 5000 });
    // By hand: one medicine carries dm+d; the one diagnosis carries SNOMED CT and ICD-11.
    expect(cells(table)).toEqual([
      ['dm+d', '1 medicine'],
      ['SNOMED CT', '1 diagnosis'],
      ['ICD-11', '1 diagnosis'],
    ]);
    expect(
      screen.getByText(
        '2 of 2 records that can carry a code (medicines, diagnoses, outcome measure scores and procedures) ' +
          'carry a standard code.',
      ),
    ).toBeTruthy();
  });
});
