import { sql, type KyselyPlugin } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import { interventionsTeam, readyRecord, scsRequest } from '../helpers/seed';
import type { ReadinessRecord } from '../../shared/domain/interventions';

/**
 * Issue 14, the waiting list at thousands: "Ready only" and each page read the facts readiness needs for
 * the whole list at once (one statement per kind of fact), not request by request. The readiness of each
 * row must be what it was: the expected table below is worked out by hand from the readiness rules
 * (ASRA/ESRA 2018 and the service's clinical decisions (clinical lead): the gates; a DOAC hold needs a
 * creatinine clearance from the last 90 days; an implant needs an MRSA screen within 4 weeks), for a spinal
 * cord stimulator trial (high bleeding risk, an implant), today Saturday 21 November 2026.
 */
let app: TestApp;

/** Statements run through the app's database while `run` runs (both engines: a Kysely plugin). */
async function statementsDuring(run: () => Promise<unknown>): Promise<number> {
  let n = 0;
  const counter: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      n += 1;
      return args.result;
    },
  };
  const conn = app.dispatcher.conn as { db: TestApp['dispatcher']['conn']['db'] };
  const before = conn.db;
  conn.db = before.withPlugin(counter);
  try {
    await run();
  } finally {
    conn.db = before;
  }
  return n;
}

describeEachEngine('waiting list readiness, read for the whole list at once', (engine) => {
  let clinicianId: number;
  beforeEach(async () => {
    app = await createTestApp(engine);
    clinicianId = await interventionsTeam(app);
  });
  afterEach(async () => app.close());

  /** A patient and an SCS trial request with this readiness (recorded by the consultant). */
  async function listed(surname: string, nhsNumber: string, record: ReadinessRecord) {
    const p = await app.ok(
      'patients:create',
      { nhsNumber, surname, forename: 'Test', dateOfBirth: '1970-05-01', sex: 'female', allergies: [] },
      'nurse',
    );
    const r = await scsRequest(app, p.id, clinicianId);
    return app.ok(
      'interventions:updateReadiness',
      { id: r.id, version: r.version, readiness: record },
      'consultant',
    );
  }
  const onApixaban = (requestId: number) =>
    app.ok(
      'interventions:addAntithrombotic',
      { requestId, drug: 'apixaban', dose: '5 mg twice daily', doseTimes: ['08:00', '20:00'] },
      'nurse',
    );

  it('gives each request the readiness worked out by hand, and "Ready only" the ready ones in list order', async () => {
    // Alpha: everything recorded → ready.
    await listed('Alpha', '9990001014', readyRecord());
    // Bravo: consent stage 1 not recorded → not ready (an open item).
    await listed('Bravo', '9990001022', readyRecord({ consentStage1Date: null }));
    // Charlie: on apixaban, no creatinine clearance → the renal hard block, and the hold plan awaits approval.
    const charlie = await listed('Charlie', '9990001030', readyRecord());
    await onApixaban(charlie.id);
    // Delta: on apixaban, creatinine clearance of 1 Aug 2026: 1 Aug → 21 Nov is 31 + 30 + 31 + 20 = 112 days
    // (> 90) → the renal hard block naming its age; the plan awaits approval too.
    const delta = await listed(
      'Delta',
      '9990001049',
      readyRecord({ crclMlPerMin: 80, crclDate: '2026-08-01' }),
    );
    await onApixaban(delta.id);
    // Echo: on apixaban, creatinine clearance of 1 Nov 2026 (20 days) and the plan approved → ready.
    const echo = await listed(
      'Echo',
      '9990001057',
      readyRecord({ crclMlPerMin: 80, crclDate: '2026-11-01' }),
    );
    const echoPlan = await onApixaban(echo.id);
    await app.ok(
      'interventions:approveHold',
      { antithromboticId: echoPlan.antithrombotics[0]!.id },
      'pharmacist',
    );
    // Foxtrot: MRSA screen of 1 Oct 2026 is 51 days before today (30 + 21) > 28 → the implant hard block.
    await listed('Foxtrot', '9990001065', readyRecord({ mrsaScreenDate: '2026-10-01' }));
    // Golf: baseline outcomes not recorded, that one item overridden by the consultant with a reason → ready.
    const golf = await listed('Golf', '9990001073', readyRecord({ baselineOutcomesRecorded: false }));
    await app.ok(
      'interventions:approveOverride',
      {
        requestId: golf.id,
        version: golf.version,
        itemId: 'baseline-outcomes',
        reason: 'Measures taken in clinic, on paper',
      },
      'consultant',
    );

    // Hotel: consent stage 1 not recorded, that item overridden by the consultant with a reason → ready ("Ready
    // only" leaves out requests without consent before reading their facts; an override of consent counts).
    const hotel = await listed('Hotel', '9990001081', readyRecord({ consentStage1Date: null }));
    await app.ok(
      'interventions:approveOverride',
      {
        requestId: hotel.id,
        version: hotel.version,
        itemId: 'consent-stage-1',
        reason: 'Consent confirmed at the pre-op visit; form to be scanned',
      },
      'consultant',
    );

    const page = await app.ok('interventions:list', { limit: 50 }, 'nurse');
    // All P3 with the same RTT clock start: list order is the order they were made.
    expect(page.items.map((i) => [i.patientName, i.ready, i.notReady])).toEqual([
      ['ALPHA, Test', true, []],
      [
        'BRAVO, Test',
        false,
        ['Consent stage 1: Consent stage 1 (decision and information) is not recorded.'],
      ],
      [
        'CHARLIE, Test',
        false,
        [
          'A hold of apixaban needs a creatinine clearance from the last 90 days; none is recorded.',
          "Hold plan for apixaban awaits a prescriber's approval.",
        ],
      ],
      [
        'DELTA, Test',
        false,
        [
          'A hold of apixaban needs a creatinine clearance from the last 90 days; the latest (01-Aug-2026) is 112 days old.',
          "Hold plan for apixaban awaits a prescriber's approval.",
        ],
      ],
      ['ECHO, Test', true, []],
      [
        'FOXTROT, Test',
        false,
        [
          'Implant: the MRSA screen of 01-Oct-2026 is 51 days before 21-Nov-2026; it must be within 4 weeks (28 days).',
        ],
      ],
      ['GOLF, Test', true, []],
      ['HOTEL, Test', true, []],
    ]);

    const ready = await app.ok('interventions:list', { readyOnly: true, limit: 2 }, 'nurse');
    expect(ready.total).toBe(4);
    expect(ready.items.map((i) => i.patientName)).toEqual(['ALPHA, Test', 'ECHO, Test']);
    const next = await app.ok('interventions:list', { readyOnly: true, limit: 2, offset: 2 }, 'nurse');
    expect(next.items.map((i) => i.patientName)).toEqual(['GOLF, Test', 'HOTEL, Test']);
    // Each row is what the request page says (the request-by-request path).
    for (const item of page.items) {
      const detail = await app.ok('interventions:get', { id: item.id }, 'nurse');
      expect(detail.ready, item.patientName).toBe(item.ready);
    }
  }, 60_000);

  it('reads the same number of statements for "Ready only" over 3 requests and over 303', async () => {
    const first = await listed('Alpha', '9990001014', readyRecord());
    const charlie = await listed('Charlie', '9990001030', readyRecord());
    await onApixaban(charlie.id);
    await listed('Bravo', '9990001022', readyRecord({ consentStage1Date: null }));
    const small = await statementsDuring(() =>
      app.ok('interventions:list', { readyOnly: true, limit: 200 }, 'nurse'),
    );
    // 300 more copies of the first (ready) request, written by SQL (plain SQL both engines run).
    const columns = sql.raw(
      `patient_id, procedure_code, catalogue_version, side, site, indication, priority, priority_rank, source,
       requested_clinician_id, rtt_clock_start, rtt_breach_date, status, rebook_by, readiness_json,
       commissioner_rule_set, anticoagulant_rule_set, created_at, created_by, updated_at, version, site_region,
       site_levels`,
    );
    await sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
      INSERT INTO intervention_requests (${columns}) SELECT ${columns} FROM intervention_requests, n
      WHERE id = ${first.id}`.execute(app.dispatcher.conn.db);
    let total = 0;
    const large = await statementsDuring(async () => {
      total = (await app.ok('interventions:list', { readyOnly: true, limit: 200 }, 'nurse')).total;
    });
    expect(total).toBe(301);
    expect(large).toBe(small);
    // A handful: the list, the count of those at risk, and one read per kind of fact (plus the session's own).
    expect(small).toBeGreaterThan(3);
    expect(small).toBeLessThanOrEqual(10);
  }, 60_000);
});
