import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { can } from '../../shared/domain/roles';
import { createTestApp, type TestApp } from '../helpers/db';
import { interventionsTeam, readyRecord, rowCounter, scsRequest, theatreSession } from '../helpers/seed';

/**
 * Issue 14, "gates with owners": every open readiness item is overridden on its own with its own reason;
 * clinical values and clinical warnings belong to clinicians (a coordinator sees them, cannot record or
 * accept them). Reproduces "one consultant override clearing nine open items at once, consent and
 * pregnancy enquiry included" and "a coordinator typing a creatinine clearance and an MRSA result to clear
 * hard blocks, and overriding a repeat interval with 'Patient keen'". Today is 21 November 2026.
 */
let app: TestApp;
let clinicianId: number;
let patientId: number;
const count = rowCounter(() => app);

beforeEach(async () => {
  app = await createTestApp();
  clinicianId = await interventionsTeam(app, { extra: [['coordinator', 'coordinator']] });
  const p = await app.ok(
    'patients:create',
    { nhsNumber: '9434765919', surname: 'Smith', forename: 'Test', dateOfBirth: '1960-01-01', sex: 'female' },
    'nurse',
  );
  patientId = p.id;
});
afterEach(async () => app.close());

describe('the permission matrix says who owns the clinical gates', () => {
  it('consultants and nurses record clinical values; coordinators, physiotherapists and pharmacists do not', () => {
    expect(can('consultant', 'interventions.clinical')).toBe(true);
    expect(can('nurse', 'interventions.clinical')).toBe(true);
    expect(can('coordinator', 'interventions.clinical')).toBe(false);
    expect(can('coordinator', 'interventions.manage')).toBe(true); // logistics and booking stay theirs
    expect(can('coordinator', 'hold.approve')).toBe(false);
    expect(can('physiotherapist', 'interventions.clinical')).toBe(false);
  });
});

describe('each open readiness item is overridden on its own', () => {
  it('an override covers one item only, with its own reason; consent and the pregnancy enquiry stay open', async () => {
    const r = await scsRequest(app, patientId, clinicianId);
    const d = await app.ok(
      'interventions:updateReadiness',
      {
        id: r.id,
        version: r.version,
        readiness: readyRecord({
          consentStage1Date: null,
          pregnancyEnquiryArranged: false,
          baselineOutcomesRecorded: false,
        }),
      },
      'nurse',
    );
    expect(d.openItems).toEqual(expect.arrayContaining(['consent-stage-1', 'baseline-outcomes']));
    const open = d.openItems.length;
    expect(open).toBeGreaterThanOrEqual(3);
    const noItem = await app.call(
      'interventions:approveOverride',
      { requestId: d.id, version: d.version, reason: 'Everything is fine' } as never,
      'consultant',
    );
    expect(noItem.ok).toBe(false);
    const one = await app.ok(
      'interventions:approveOverride',
      {
        requestId: d.id,
        version: d.version,
        itemId: 'baseline-outcomes',
        reason: 'Baseline taken at clinic on paper',
      },
      'consultant',
    );
    expect(one.openItems).toHaveLength(open - 1);
    expect(one.openItems).toContain('consent-stage-1');
    expect(one.ready).toBe(false);
    expect(one.overrides).toEqual([
      expect.objectContaining({
        itemId: 'baseline-outcomes',
        reason: 'Baseline taken at clinic on paper',
        by: 'Test consultant',
      }),
    ]);
    const audit = app.dispatcher.conn.sqlite
      .prepare("SELECT after_json FROM audit_log WHERE action = 'interventions.readiness.override'")
      .pluck()
      .all() as string[];
    expect(audit.map((a) => JSON.parse(a) as { item: string })).toEqual([
      expect.objectContaining({ item: 'baseline-outcomes', reason: 'Baseline taken at clinic on paper' }),
    ]);
  });
});

describe('a coordinator sees clinical gates but cannot record or accept them', () => {
  it('cannot type a creatinine clearance or an MRSA result; may record logistics', async () => {
    const r = await scsRequest(app, patientId, clinicianId);
    const d = await app.ok(
      'interventions:updateReadiness',
      {
        id: r.id,
        version: r.version,
        readiness: readyRecord({ mrsaScreenDate: null, mrsaScreenResult: null }),
      },
      'nurse',
    );
    expect(d.readiness.items.find((i) => i.id === 'mrsa-screen')?.status).toBe('block');
    const before = count('intervention_requests');
    const refused = await app.call(
      'interventions:updateReadiness',
      {
        id: d.id,
        version: d.version,
        readiness: {
          ...d.readinessRecord,
          crclMlPerMin: 70,
          crclDate: '2026-11-20',
          mrsaScreenDate: '2026-11-20',
          mrsaScreenResult: 'negative',
        },
      },
      'coordinator',
    );
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('FORBIDDEN');
      expect(refused.error.message).toMatch(
        /Only a clinician may record creatinine clearance, creatinine clearance date, MRSA screen date, MRSA screen result/,
      );
      expect(refused.error.fields?.['readiness.mrsaScreenResult']).toMatch(/clinician/);
    }
    const still = await app.ok('interventions:get', { id: d.id }, 'coordinator');
    expect(still.readinessRecord.mrsaScreenResult).toBeNull();
    expect(still.version).toBe(d.version);
    expect(count('intervention_requests')).toBe(before);
    // Logistics are the coordinator's.
    const ok = await app.ok(
      'interventions:updateReadiness',
      {
        id: d.id,
        version: d.version,
        readiness: { ...d.readinessRecord, logisticsNote: 'Hospital transport booked' },
      },
      'coordinator',
    );
    expect(ok.readinessRecord.logisticsNote).toBe('Hospital transport booked');
  });

  it('cannot override a readiness item', async () => {
    const r = await scsRequest(app, patientId, clinicianId);
    const d = await app.ok(
      'interventions:updateReadiness',
      { id: r.id, version: r.version, readiness: readyRecord({ baselineOutcomesRecorded: false }) },
      'nurse',
    );
    const o = await app.call(
      'interventions:approveOverride',
      { requestId: d.id, version: d.version, itemId: 'baseline-outcomes', reason: 'Patient keen' },
      'coordinator',
    );
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.error.code).toBe('FORBIDDEN');
  });

  it('cannot accept a repeat-interval warning ("Patient keen"); a clinician can, with the reason', async () => {
    // A right L4-5 lumbar RF done on 1 June 2026; the example rule set asks 16 months between RFs.
    const r = await app.ok(
      'interventions:request',
      {
        patientId,
        procedureCode: 'RFD_L',
        side: 'right',
        site: 'L4-5',
        indication: 'Facet joint pain',
        priority: 'P3',
        rttClockStart: '2026-10-01',
      },
      'nurse',
    );
    const s = await theatreSession(app, clinicianId);
    const sqlite = app.dispatcher.conn.sqlite;
    const earlier = await app.ok(
      'interventions:request',
      {
        patientId,
        procedureCode: 'RFD_L',
        side: 'right',
        site: 'L4-5',
        indication: 'Facet joint pain',
        priority: 'P3',
        rttClockStart: '2026-01-10',
      },
      'nurse',
    );
    sqlite
      .prepare(
        `INSERT INTO intervention_bookings (request_id, session_id, patient_id, procedure_code, clinician_id,
           session_date, planned_minutes, short_notice_agreed, booked_at, status, cancelled_on_day)
         VALUES (?, ?, ?, 'RFD_L', ?, '2026-06-01', 60, 0, '2026-05-01T10:00:00Z', 'done', 0)`,
      )
      .run(earlier.id, s.id, patientId, clinicianId);
    sqlite.prepare("UPDATE intervention_requests SET status = 'done' WHERE id = ?").run(earlier.id);
    let d = await app.ok(
      'interventions:updateReadiness',
      { id: r.id, version: r.version, readiness: readyRecord({ sedationPlanned: false }) },
      'nurse',
    );
    // Other open items (the MBB prerequisite) are overridden one by one by the consultant.
    for (const itemId of d.openItems) {
      d = await app.ok(
        'interventions:approveOverride',
        { requestId: d.id, version: d.version, itemId, reason: `Reviewed ${itemId} in clinic` },
        'consultant',
      );
    }
    expect(d.openItems).toEqual([]);
    const keen = await app.call(
      'interventions:book',
      { requestId: d.id, sessionId: s.id, overrideReason: 'Patient keen' },
      'coordinator',
    );
    expect(keen.ok).toBe(false);
    if (!keen.ok) {
      expect(keen.error.code).toBe('FORBIDDEN');
      expect(keen.error.message).toMatch(/clinical decision: a clinician must accept it/);
    }
    const booked = await app.ok(
      'interventions:book',
      {
        requestId: d.id,
        sessionId: s.id,
        overrideReason: 'Relief lasted 5 months only; MDT agreed early repeat at the other level',
      },
      'consultant',
    );
    expect(booked.warningsOverridden.map((w) => w.code)).toContain('REPEAT_TOO_SOON');
  });
});
