import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BulkExportPanel, FhirImportPanel } from '../../renderer/src/features/data/Fhir';
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
    const medicines = screen.getByRole('list', { name: 'Medicines of SMITH, Jo (943 476 5919)' });
    expect(medicines.textContent).toBe(
      'Pregabalin 75mg capsules: One twice a day Kept as written and not counted in the OME. ' +
        'It looks like pregabalin on the formulary: enter it there to count it.',
    );
    await user.dblClick(button);
    expect(await screen.findByText('Imported 1 patient, 0 allergies and 1 medicine.')).toBeTruthy();
    await eventually(() => r.writes('fhir:importCommit').length === 1);
    expect(r.writes('fhir:importCommit')).toHaveLength(1);
    const n = r.app.dispatcher.conn.sqlite.prepare('SELECT count(*) FROM patients').pluck().get();
    expect(n).toBe(1);
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
});
