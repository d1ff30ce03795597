import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Patient } from '../../shared/domain/patient';
import { PatientMedicines } from '../../renderer/src/features/medicines/PatientMedicines';
import { JO } from '../helpers/seed';
import { rendererApp, renderScreen, SESSION, type RendererApp } from './harness';

/**
 * Issue 13 (stop 6): the medicines screens showed a rule set by its database id ("ome-thresholds-uk v1.0.0").
 * A clinician reads the rule set's name and version; the source is on hover. The id must never show.
 */
const ID_SHOWN = /\b[a-z0-9]+(?:-[a-z0-9]+)+ v\d+\.\d+\.\d+/;

let r: RendererApp;
let patient: Patient;
beforeEach(async () => {
  r = await rendererApp('consultant');
  patient = await r.app.ok('patients:create', JO, SESSION);
  // Oxycodone MR 50 mg twice a day = 100 mg/24h × 1.5 (FPM Opioids Aware, 2020) = 150 mg/24h OME: a high-dose
  // flag (at or above 90 mg/24h), so both the flag and the "flags checked against" line are on screen.
  await r.app.ok(
    'meds:add',
    {
      patientId: patient.id,
      medicine: {
        formularyId: 'oxycodone-mr-tablet',
        strength: '10 mg',
        doseKind: 'regular',
        doseMg: 50,
        timesPerDay: 2,
        indication: 'Chronic low back pain',
        startDate: '2026-06-01',
        prescriber: 'gp',
      },
    },
    SESSION,
  );
});
afterEach(() => r.close());

describe('Medicines screen names rule sets as a clinician reads them (renderer, real dispatcher)', () => {
  it('shows the thresholds and combination sets by name and version, the source on hover, and no id', async () => {
    await renderScreen(<PatientMedicines patient={patient} />);
    const rules = await screen.findByTestId('ome-flag-rules');
    expect(rules.textContent).toBe(
      'Flags checked against UK OME thresholds (FPM Opioids Aware) (version 1.0.1) and UK high-risk medicine ' +
        'combinations (version 1.0.1)',
    );
    const thresholds = within(rules).getByText('UK OME thresholds (FPM Opioids Aware) (version 1.0.1)');
    expect(thresholds.getAttribute('title')).toMatch(/^Source: Faculty of Pain Medicine, Opioids Aware/);
    // The high-dose flag names its rule set too.
    const flag = (await screen.findAllByRole('note')).find((n) => /Source:/.test(n.textContent ?? ''));
    expect(flag?.textContent).toContain('(UK OME thresholds (FPM Opioids Aware) (version 1.0.1))');
    expect(document.body.textContent).not.toMatch(ID_SHOWN);
    expect(document.body.textContent).not.toContain('ome-thresholds-uk');
    expect(document.body.textContent).not.toContain('combination-flags-uk');
  });
});

/**
 * Found on the browser walk: the headline's parts read "... as needed taken (latest review) not recorded
 * mg/24h", a unit after "not recorded". Each figure carries its own unit; a figure not recorded says so.
 * Oxycodone MR 50 mg twice a day: 150.0 regular, nothing as needed, no review.
 */
describe('the OME headline parts read as sentences (renderer)', () => {
  it('each figure with its unit; "not recorded" without one', async () => {
    await renderScreen(<PatientMedicines patient={patient} />);
    const parts = await screen.findByTestId('ome-parts');
    expect(parts.textContent).toBe(
      'Regular 150.0 mg/24h · as needed at maximum 0.0 mg/24h · as needed taken (latest review): not recorded',
    );
  });
});
