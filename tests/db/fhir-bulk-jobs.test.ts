import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { JO } from '../helpers/seed';

/**
 * The service-wide FHIR export run from the app (issue 20, "a service-wide export ... with progress"): the
 * screen starts it, asks for its progress until it has finished, and is shown the folder and the counts.
 * Only roles with data.export may run it (a coordinator, a consultant); never the IT administrator, who
 * reaches no patient data (issue 17).
 */
describe('service-wide FHIR export from the app', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp();
    await signedInAs(app, 'admin', 'admin');
    await signedInAs(app, 'coordinator', 'coord');
    await signedInAs(app, 'nurse', 'nurse');
    for (const [i, surname] of ['Smith', 'Jones', 'Patel'].entries())
      await app.ok(
        'patients:create',
        { ...JO, nhsNumber: ['9434765919', '9876543210', '4010232137'][i]!, surname },
        'coord',
      );
  }, 60_000);
  afterAll(() => app.close());

  const until = async (id: string) => {
    for (let i = 0; i < 200; i++) {
      const s = await app.ok('fhir:bulkExportStatus', { id }, 'coord');
      if (s.state !== 'running') return s;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the export did not finish');
  };

  it('runs with progress, writes one owner-only file per resource type beside the database, and is audited', async () => {
    const started = await app.ok('fhir:bulkExportStart', {}, 'coord');
    expect(started.state).toBe('running');
    expect(started.folder.startsWith(join(app.dir, 'exports'))).toBe(true);
    const done = await until(started.id);
    expect(done).toMatchObject({ state: 'finished', done: 3, total: 3, message: null });
    expect(done.counts).toEqual({ Patient: 3 });
    // Three patients with no diagnosis, medicine or measure: no record that carries a code.
    expect(done.codes).toEqual({ coded: {}, bySystem: {} });
    expect(readdirSync(done.folder)).toEqual(['Patient.ndjson']);
    expect(readFileSync(join(done.folder, 'Patient.ndjson'), 'utf8').trimEnd().split('\n')).toHaveLength(3);
    expect(statSync(done.folder).mode & 0o077).toBe(0);
    expect(statSync(join(done.folder, 'Patient.ndjson')).mode & 0o077).toBe(0);
    const actions = app.dispatcher.conn.sqlite
      .prepare("SELECT action FROM audit_log WHERE action LIKE 'export.fhir-bulk%' ORDER BY id")
      .pluck()
      .all();
    expect(actions).toEqual(['export.fhir-bulk.start', 'export.fhir-bulk']);
  });

  it('refuses a second export while one runs', async () => {
    const first = await app.ok('fhir:bulkExportStart', {}, 'coord');
    const second = await app.call('fhir:bulkExportStart', {}, 'coord');
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.error.message).toBe('An export is already running: wait for it to finish.');
    await until(first.id);
  });

  it('is refused to the IT administrator and to a nurse; an unknown export is not found', async () => {
    for (const key of ['admin', 'nurse']) {
      const r = await app.call('fhir:bulkExportStart', {}, key);
      expect(r.ok ? 'ok' : r.error.code).toBe('FORBIDDEN');
    }
    const r = await app.call('fhir:bulkExportStatus', { id: 'no-such-export' }, 'coord');
    expect(r.ok ? 'ok' : r.error.code).toBe('NOT_FOUND');
  });
});
