import { copyFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { testNhsNumber } from '../db/demo/generate';
import type { Engine } from '../db/connection';
import { createTestApp } from '../tests/helpers/db';
import { interventionsTeam, readyRecord } from '../tests/helpers/seed';
import { time, type Timing } from './measure';

/**
 * Issue 14, the waiting list at 50,000 requests: what "Ready only" and a search cost through the real
 * dispatcher, on SQLite or PostgreSQL.
 *
 *   npx tsx bench/waiting-list.ts [--engine sqlite|postgres] [--requests 50000] [--patients 1000]
 *     [--iterations 5] [--out bench/results/waiting-list-50k.md]
 *
 * PostgreSQL needs ALONGSIDE_TEST_PG (tests/helpers/engines.ts); the database is a fresh test database.
 * Built: `--patients` patients (through the dispatcher), three requests made through the dispatcher (one
 * ready, one not ready, one ready but with an apixaban hold awaiting approval) and `--requests` copies of
 * them written by SQL, one in ten ready, one in ten with the hold awaiting approval, spread over the
 * patients. Timed: the first page (200) of the whole list, of "Ready only", of a surname search, and of
 * "Ready only" with the search. On a shared machine every figure is an upper bound.
 */
const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'sqlite' },
    requests: { type: 'string', default: '50000' },
    patients: { type: 'string', default: '1000' },
    iterations: { type: 'string', default: '5' },
    out: { type: 'string' },
    keep: { type: 'string' },
  },
});
const engine = values.engine as Engine;
const REQUESTS = Number(values.requests);
const PATIENTS = Number(values.patients);
const ITERATIONS = Number(values.iterations);

async function main() {
  const app = await createTestApp(engine);
  try {
    const clinicianId = await interventionsTeam(app);
    const db = app.dispatcher.conn.db;
    const t0 = performance.now();
    const patientIds: number[] = [];
    for (let i = 0, serial = 1; i < PATIENTS; i++) {
      let nhs = testNhsNumber(serial++);
      while (!nhs) nhs = testNhsNumber(serial++);
      const p = await app.ok(
        'patients:create',
        {
          nhsNumber: nhs,
          // Surnames Bench0000 … : a search for "bench00" finds the first 100 patients' requests.
          surname: `Bench${String(i).padStart(4, '0')}`,
          forename: 'Pat',
          dateOfBirth: '1970-05-01',
          sex: 'female',
          allergies: [],
        },
        'nurse',
      );
      patientIds.push(p.id);
    }
    const request = (patientId: number, priority: 'P2' | 'P3', indication: string) =>
      app.ok(
        'interventions:request',
        {
          patientId,
          procedureCode: 'MBB_L',
          side: 'bilateral',
          site: 'L4-5',
          indication,
          priority,
          requestedClinicianId: clinicianId,
          rttClockStart: '2026-10-01',
        },
        'nurse',
      );
    const ready = await request(patientIds[0]!, 'P3', 'bench ready');
    await app.ok(
      'interventions:updateReadiness',
      // No sedation: sedation before a diagnostic block is a readiness warning.
      { id: ready.id, version: ready.version, readiness: readyRecord({ sedationPlanned: false }) },
      'consultant',
    );
    const notReady = await request(patientIds[1]!, 'P2', 'bench not ready');
    const held = await request(patientIds[2]!, 'P2', 'bench apixaban');
    const heldNow = await app.ok(
      'interventions:updateReadiness',
      // A recorded coagulopathy raises the low-risk block to intermediate: apixaban is then held (a plan
      // awaiting a prescriber's approval) rather than continued.
      {
        id: held.id,
        version: held.version,
        readiness: readyRecord({ sedationPlanned: false, coagulopathy: true }),
      },
      'consultant',
    );
    await app.ok(
      'interventions:addAntithrombotic',
      { requestId: heldNow.id, drug: 'apixaban', dose: '5 mg twice daily', doseTimes: ['08:00', '20:00'] },
      'consultant',
    );
    // The copies: request i copies the ready template when i % 10 = 0, the apixaban one when i % 10 = 1,
    // else the not-ready one; patient i % PATIENTS. Plain SQL both engines run (a recursive counter).
    const columns = sql.raw(
      `procedure_code, catalogue_version, side, site, indication, priority, priority_rank, source,
       requested_clinician_id, rtt_clock_start, rtt_breach_date, status, rebook_by, readiness_json,
       commissioner_rule_set, anticoagulant_rule_set, created_at, created_by, updated_at, version,
       site_region, site_levels, override_items_json, override_reason, override_by, override_at`,
    );
    await sql`
      WITH RECURSIVE n(i) AS (SELECT 3 UNION ALL SELECT i + 1 FROM n WHERE i < ${sql.lit(REQUESTS - 1)})
      INSERT INTO intervention_requests (patient_id, ${columns})
      SELECT (SELECT min(id) FROM patients WHERE surname LIKE 'Bench%') + (n.i % ${sql.lit(PATIENTS)}), ${columns}
      FROM n JOIN intervention_requests t ON t.id = CASE WHEN n.i % 10 = 0 THEN ${sql.lit(ready.id)}
        WHEN n.i % 10 = 1 THEN ${sql.lit(held.id)} ELSE ${sql.lit(notReady.id)} END`.execute(db);
    await sql`
      INSERT INTO intervention_antithrombotics (request_id, patient_id, drug, dose, dose_times, plan_json,
        plan_for, rule_set_id, rule_set_version, approved_by, approved_at, created_at, medicine_item_id,
        medicine_version, basis, reapproval_note)
      SELECT r.id, r.patient_id, a.drug, a.dose, a.dose_times, a.plan_json, a.plan_for, a.rule_set_id,
        a.rule_set_version, a.approved_by, a.approved_at, a.created_at, a.medicine_item_id, a.medicine_version,
        a.basis, a.reapproval_note
      FROM intervention_requests r JOIN intervention_antithrombotics a ON a.request_id = ${held.id}
      WHERE r.indication = 'bench apixaban' AND r.id <> ${held.id}`.execute(db);
    const built = (performance.now() - t0) / 1000;
    const total = await app.ok('interventions:list', { limit: 1 }, 'nurse');

    const rows: [string, Timing, number, string][] = [];
    const page = async (what: string, filter: Record<string, unknown>) => {
      let note = '';
      // CPU time of this process per call (user + system): on a shared machine the wall-clock time also
      // counts the time spent waiting for a core.
      const cpu: number[] = [];
      const t = await time(
        async () => {
          const c0 = process.cpuUsage();
          const r = await app.ok('interventions:list', { limit: 200, ...filter }, 'nurse');
          const c = process.cpuUsage(c0);
          cpu.push((c.user + c.system) / 1000);
          note = `${r.total.toLocaleString('en-GB')} ${filter.readyOnly ? 'ready' : 'listed'}, ${r.items.length} shown`;
        },
        { warmup: 1, iterations: ITERATIONS },
      );
      const cpuMedian = cpu.slice(1).sort((a, b) => a - b)[Math.floor((cpu.length - 1) / 2)] ?? NaN;
      rows.push([what, t, cpuMedian, note]);
      process.stderr.write(
        `${what}: median ${t.median.toFixed(0)} ms, CPU ${cpuMedian.toFixed(0)} ms (${note})\n`,
      );
    };
    await page('Whole list, page 1 (200, readiness per row)', {});
    await page('"Ready only", page 1', { readyOnly: true });
    await page('Search "bench00" (surname start), page 1', { search: 'bench00' });
    await page('"Ready only" with the search "bench00", page 1', { readyOnly: true, search: 'bench00' });
    const heap = process.memoryUsage().heapUsed / 1e6;

    const md = [
      `# Waiting list at ${REQUESTS.toLocaleString('en-GB')} requests (issue 14), ${engine}`,
      '',
      `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC (${engine}, this branch); ${total.total.toLocaleString('en-GB')} waiting requests over ${PATIENTS.toLocaleString('en-GB')} patients, built in ${built.toFixed(0)} s; heap after the run ${heap.toFixed(0)} MB. The machine is shared (2 cores, other work running), so every figure is an upper bound.`,
      '',
      '| What | median ms | p95 ms | CPU ms (median) | iterations | note |',
      '|---|--:|--:|--:|--:|---|',
      ...rows.map(
        ([what, t, cpu, note]) =>
          `| ${what} | ${t.median.toFixed(0)} | ${t.p95.toFixed(0)} | ${cpu.toFixed(0)} | ${t.iterations} | ${note} |`,
      ),
      '',
    ].join('\n');
    if (values.out) writeFileSync(values.out, md);
    // --keep FILE: a copy of the SQLite database built, to look at its query plans.
    if (values.keep && app.file) {
      app.dispatcher.conn.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      copyFileSync(app.file, values.keep);
    }
    process.stdout.write(md);
  } finally {
    await app.close();
  }
}

// The PostgreSQL test helper's lock connection does not keep the process alive (tests/helpers/engines.ts);
// this does, until the run ends.
const keepAlive = setInterval(() => undefined, 1000);
main()
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => clearInterval(keepAlive));
