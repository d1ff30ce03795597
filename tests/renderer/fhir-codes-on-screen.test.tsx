import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Patient } from '../../shared/domain/patient';
import { PatientMedicines } from '../../renderer/src/features/medicines/PatientMedicines';
import { FhirExportButton } from '../../renderer/src/features/patients/FhirExportButton';
import { JO } from '../helpers/seed';
import { rendererApp, renderScreen, SESSION, type RendererApp } from './harness';

/**
 * Issue 20 ("Codes … shown where a clinician would want them"): the medicines list and the record's FHIR
 * export say which dm+d code each medicine goes out with and where the code came from, or that none is held,
 * so nobody assumes one. Expected codes worked out from the sources, not from the code under test:
 * - Morphine 10mg modified-release tablets, VMP 36126511000001106 (OpenPrescribing Hospitals mr_opioids
 *   measure, Bennett Institute; also NHS Digital's Digital Medicines FHIR guide);
 * - Oxycodone, VTM 777027001 (OpenPrescribing Hospitals mr_opioids measure): a line entered in mg names no
 *   product strength, so the substance is sent;
 * - pregabalin entered in mg: its VMPs are held (exchange codes 1.3.0) but a line entered in mg names no
 *   strength, and no pregabalin VTM is held, so it is sent by name only.
 */
let r: RendererApp;
let patient: Patient;
const BASE = { startDate: '2026-06-01', prescriber: 'gp', indication: 'Chronic low back pain' } as const;

beforeEach(async () => {
  r = await rendererApp('consultant');
  patient = await r.app.ok('patients:create', JO, SESSION);
  const add = (medicine: Record<string, unknown>) =>
    r.app.ok('meds:add', { patientId: patient.id, medicine } as never, SESSION);
  // One 10 mg morphine MR tablet twice a day, written as the product's strength.
  await add({
    ...BASE,
    formularyId: 'morphine-mr-tablet',
    doseKind: 'regular',
    written: { productId: 'morphine-mr-tablet', strength: '10 mg', units: 1, frequency: 'bd' },
  });
  // Oxycodone MR 20 mg twice a day, entered in mg.
  await add({
    ...BASE,
    formularyId: 'oxycodone-mr-tablet',
    strength: '10 mg',
    doseKind: 'regular',
    doseMg: 20,
    timesPerDay: 2,
  });
  await add({
    ...BASE,
    formularyId: 'pregabalin-capsule',
    strength: '75 mg',
    doseKind: 'regular',
    doseMg: 75,
    timesPerDay: 2,
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await r.close();
});

const OP = 'OpenPrescribing Hospitals (Bennett Institute, University of Oxford)';

describe('dm+d codes on screen (renderer, real dispatcher)', () => {
  it('the current medicines list names each line’s dm+d code and its source, or says none is held', async () => {
    await renderScreen(<PatientMedicines patient={patient} />);
    const table = await screen.findByRole('table', { name: 'Current medicines' });
    const codeOf = async (name: RegExp) => {
      const row = await within(table).findByRole('row', { name });
      return within(row).getByTestId('dmd-code').textContent;
    };
    expect(await codeOf(/^Morphine/)).toBe(
      `dm+d 36126511000001106 (product: Morphine 10mg modified-release tablets), from ${OP}`,
    );
    expect(await codeOf(/^Oxycodone/)).toBe(`dm+d 777027001 (substance: Oxycodone), from ${OP}`);
    expect(await codeOf(/^Pregabalin/)).toBe('No dm+d code held: sent by name only');
  });

  it('the record’s FHIR export lists the code each medicine went out with, read from the file', async () => {
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:record');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const { user } = await renderScreen(<FhirExportButton patientId={patient.id} />);
    await user.click(screen.getByRole('button', { name: 'Export record (FHIR)' }));
    const table = await screen.findByRole('table', { name: 'Codes in the file' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows).toHaveLength(3);
    expect(rows).toContainEqual([
      'Medicine',
      expect.stringMatching(/^Morphine/),
      'dm+d 36126511000001106 (Morphine 10mg modified-release tablets)',
    ]);
    expect(rows).toContainEqual([
      'Medicine',
      expect.stringMatching(/^Oxycodone/),
      'dm+d 777027001 (Oxycodone)',
    ]);
    expect(rows).toContainEqual([
      'Medicine',
      expect.stringMatching(/^Pregabalin/),
      'No code held: sent by name only',
    ]);
    expect(r.sent.filter((s) => s.channel === 'fhir:exportPatient')).toHaveLength(1);
  });
});
