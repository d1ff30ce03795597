import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createQueryClient } from '../../renderer/src/api/queries';
import { prefetchScreen } from '../../renderer/src/api/screenQueries';
import type { SessionInfo } from '../../shared/domain/user';
import { JO, OXY_MR } from '../helpers/seed';
import { eventually, rendererApp, SESSION, type RendererApp } from './harness';

/**
 * Issue 18, "no request waterfalls": a taper plan and an intervention request are one patient's screens, and
 * their patient banner can only be read once the plan or the request says who the patient is. At 100,000
 * patients (quiet machine) the plan took 98 / 155 ms and the request 159 / 166 ms (p50 / p95): the page
 * rendered, its banner showed a loader, and only then were the patient and their risk alerts asked for.
 * Now the navigation starts the plan or the request (and what the MDT asked for behind it), and the banner's
 * reads leave the moment that answer arrives, before any screen has rendered: here no screen renders at all.
 */
let r: RendererApp;
let patientId = 0;
const who: Pick<SessionInfo, 'user'> = {
  user: {
    id: 1,
    username: 'consultant1',
    displayName: 'Test consultant',
    role: 'consultant',
    clinicalLead: false,
  },
};

beforeEach(async () => {
  r = await rendererApp('consultant');
  patientId = (await r.app.ok('patients:create', JO, SESSION)).id;
  r.sent.length = 0;
});
afterEach(() => r.close());

/** The reads sent, each with how many answers had come back when it left. */
const reads = () => r.sent.map((s) => `${s.channel} after ${s.after}`);

describe('Reads started at the navigation, and the reads that follow them (real dispatcher, no screen)', () => {
  it('a taper plan: the plan and its MDT source at once, the banner as soon as the plan is in', async () => {
    const line = await r.app.ok('meds:add', { patientId, medicine: OXY_MR }, SESSION);
    const plan = await r.app.ok(
      'meds:createPlan',
      { patientId, itemId: line.itemId, goal: 'stop', reason: 'Little benefit', startDate: '2026-12-07' },
      SESSION,
    );
    r.sent.length = 0;
    const qc = createQueryClient();
    prefetchScreen(qc, `/medicines/plans/${plan.id}`, who);
    await eventually(() => qc.getQueryData(['rehab:riskAlerts', patientId]) !== undefined);
    await eventually(() => qc.getQueryData(['patients:get', patientId]) !== undefined);
    const sent = reads();
    // The plan and its source leave together; the banner's two reads once one answer (the plan) is in.
    expect(sent.slice(0, 2)).toEqual(['meds:plan after 0', 'mdt:links:source after 0']);
    expect(sent.slice(2).sort()).toEqual(
      [`patients:get after ${r.sent[2]!.after}`, `rehab:riskAlerts after ${r.sent[2]!.after}`].sort(),
    );
    expect(r.sent[2]!.after).toBeGreaterThanOrEqual(1);
    expect(r.sent.find((s) => s.channel === 'patients:get')!.payload).toEqual({ id: patientId });
    expect(qc.getQueryData<{ surname: string }>(['patients:get', patientId])!.surname).toBe('Smith');
  });

  it('an intervention request: the request and its MDT source at once, the banner as soon as it is in', async () => {
    const catalogue = await r.app.ok('interventions:catalogue', {}, SESSION);
    const request = await r.app.ok(
      'interventions:request',
      {
        patientId,
        procedureCode: catalogue.procedures.find((p) => p.code === 'ESI_TF')!.code,
        side: 'left',
        site: 'L5-S1',
        indication: 'Left S1 radicular pain',
        priority: 'P3',
        rttClockStart: '2026-09-01',
      },
      SESSION,
    );
    r.sent.length = 0;
    const qc = createQueryClient();
    prefetchScreen(qc, `/interventions/requests/${request.id}`, who);
    await eventually(() => qc.getQueryData(['rehab:riskAlerts', patientId]) !== undefined);
    await eventually(() => qc.getQueryData(['patients:get', patientId]) !== undefined);
    expect(reads().slice(0, 2)).toEqual(['interventions:get after 0', 'mdt:links:source after 0']);
    expect(
      r.sent
        .slice(2)
        .map((s) => s.channel)
        .sort(),
    ).toEqual(['patients:get', 'rehab:riskAlerts']);
    expect(r.sent[2]!.after).toBeGreaterThanOrEqual(1);
  });

  it('the waiting list: its first page under the key the screen reads, with the drafts and the catalogue', async () => {
    const qc = createQueryClient();
    prefetchScreen(qc, '/interventions', who);
    await eventually(() => r.sent.length === 3);
    expect(reads().sort()).toEqual(
      ['interventions:catalogue after 0', 'interventions:list after 0', 'mdt:links:drafts after 0'].sort(),
    );
    expect(r.sent.find((s) => s.channel === 'interventions:list')!.payload).toEqual({
      status: 'waiting',
      atRiskOnly: false,
      readyOnly: false,
      offset: 0,
      limit: 200,
    });
    await eventually(
      () =>
        qc.getQueryData([
          'interventions:list',
          { status: 'waiting', atRiskOnly: false, readyOnly: false },
        ]) !== undefined,
    );
  });
});
