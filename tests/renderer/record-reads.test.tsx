import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PatientRecordPage } from '../../renderer/src/features/patients/PatientRecord';
import { eventually, rendererApp, renderScreen, type RendererApp } from './harness';

/**
 * Issue 18, "no request waterfalls (one read per screen where it can be)": opening a patient record sends
 * its reads together (none waits for another's answer), and each record tab sends one read.
 */
let r: RendererApp;
let id = 0;
beforeEach(async () => {
  r = await rendererApp('consultant');
  id = (
    await r.app.ok(
      'patients:create',
      {
        nhsNumber: '9434765919',
        surname: 'Byrne',
        forename: 'Ciara',
        dateOfBirth: '1971-01-30',
        sex: 'female',
      },
      'renderer',
    )
  ).id;
});
afterEach(() => r.close());

/** The reads the record sent (not the session's own: signed-in state, settings). */
const recordReads = (from: number) =>
  r.sent.slice(from).filter((s) => !/^(auth|setup|settings|users):/.test(s.channel));

describe('Opening a patient record (renderer, real dispatcher)', () => {
  it('sends its reads together, none waiting for another’s answer', async () => {
    const { user } = await renderScreen(<PatientRecordPage mode="view" />, {
      path: `/patients/${id}`,
      pattern: '/patients/:id',
    });
    await screen.findByRole('heading', { name: 'Diagnosis' });
    await eventually(() => r.sent.some((s) => s.channel === 'rehab:riskAlerts'));
    const reads = recordReads(0);
    expect(reads.map((s) => s.channel).sort()).toEqual(['patients:get', 'rehab:riskAlerts']);
    // One round trip: every read went out before any of them had answered.
    expect(new Set(reads.map((s) => s.after)).size).toBe(1);

    // Each tab: one read, sent at once.
    for (const [tab, channel] of [
      ['MDT', 'mdt:patient:overview'],
      ['Medicines', 'meds:patient'],
      ['Interventions', 'interventions:patientRequests'],
      ['Rehab', 'rehab:summary'],
    ] as const) {
      const before = r.sent.length;
      await user.click(screen.getByRole('tab', { name: tab }));
      await eventually(() => r.sent.length > before);
      await new Promise((done) => setTimeout(done, 300));
      await new Promise((done) => setTimeout(done, 300));
      const tabReads = recordReads(before);
      expect(tabReads.map((s) => s.channel)).toContain(channel);
      expect(tabReads.map((s) => `${s.channel} after ${s.after}`)).toEqual(
        tabReads.map((s) => `${s.channel} after ${tabReads[0]!.after}`),
      );
    }
  });
});
