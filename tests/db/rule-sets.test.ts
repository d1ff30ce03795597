import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RULE_SET_KINDS, checkRuleSet, ruleSetKind, shippedDefault } from '../../shared/domain/rule-sets';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { JO, MORPHINE_95, rowCounter } from '../helpers/seed';
import { itOnSqlite } from '../helpers/engines';

let app: TestApp;
/**
 * Since issue 17 a rule-set change by the administrator is a proposal that a clinical lead approves. These
 * tests are about what a change does once in effect, so every successful proposal here is approved at once
 * by a clinical lead ('lead'); tests/db/rule-approvals.test.ts covers the approval itself.
 */
const PROPOSALS = new Set(['rules:save', 'rules:setDefault', 'rules:restoreShipped']);
beforeEach(async () => {
  app = await createTestApp();
  const rawCall = app.call.bind(app);
  const call = (async (channel: string, payload: unknown, key?: string) => {
    const r = await (
      rawCall as (c: string, p: unknown, k?: string) => Promise<{ ok: boolean; value?: unknown }>
    )(channel, payload, key);
    if (!r.ok || !PROPOSALS.has(channel)) return r;
    const lead = await (
      rawCall as (c: string, p: unknown, k?: string) => Promise<{ ok: boolean; value?: unknown }>
    )('auth:session', {}, 'lead');
    if (!lead.value) await signInLead();
    return (rawCall as (c: string, p: unknown, k?: string) => Promise<unknown>)(
      'rules:approve',
      { proposalId: (r.value as { id: number }).id },
      'lead',
    );
  }) as TestApp['call'];
  app.call = call;
  app.ok = (async (channel: string, payload: unknown, key?: string) => {
    const r = await (
      call as (
        c: string,
        p: unknown,
        k?: string,
      ) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>
    )(channel, payload, key);
    if (!r.ok) throw new Error(`${channel} failed: ${JSON.stringify(r.error)}`);
    return r.value;
  }) as TestApp['ok'];
});
afterEach(async () => app.close());

const sqlite = () => app.dispatcher.conn.sqlite;
const count = rowCounter(() => app);

/** Admin on 'admin', nurse on 'nurse'. */
async function setUp() {
  await signedInAs(app, 'admin', 'admin');
  await signedInAs(app, 'nurse', 'nurse');
  const lead = await app.ok(
    'users:create',
    {
      username: 'lead1',
      displayName: 'Clinical Lead',
      role: 'pharmacist',
      password: 'correct horse battery',
    },
    'admin',
  );
  await app.ok('users:update', { id: lead.id, version: lead.version, clinicalLead: true }, 'admin');
  await app.ok('auth:signIn', { username: 'lead1', password: 'correct horse battery' }, 'lead');
}

/** The clinical lead who approves (created through the first administrator's 'setup' session if needed). */
async function signInLead() {
  const users = await app.ok('users:list', {}, 'setup');
  let lead = users.find((u) => u.username === 'lead1');
  if (!lead)
    lead = await app.ok(
      'users:create',
      {
        username: 'lead1',
        displayName: 'Clinical Lead',
        role: 'pharmacist',
        password: 'correct horse battery',
      },
      'setup',
    );
  if (!lead.clinicalLead)
    await app.ok('users:update', { id: lead.id, version: lead.version, clinicalLead: true }, 'setup');
  await app.ok('auth:signIn', { username: 'lead1', password: 'correct horse battery' }, 'lead');
}

async function patientOn95() {
  const p = await app.ok('patients:create', JO, 'nurse');
  await app.ok('meds:add', { patientId: p.id, medicine: MORPHINE_95 }, 'nurse');
  return p;
}

const shippedThresholds = () => shippedDefault('ome-thresholds');
function thresholdsWithHighDoseAt(mg: number) {
  const body = structuredClone(shippedThresholds().body) as {
    thresholds: { code: string; mgPer24h: number }[];
  };
  body.thresholds.find((t) => t.code === 'OME_HIGH_DOSE')!.mgPer24h = mg;
  return body;
}

describe('the registry', () => {
  it('every shipped set passes its own schema and validator; one default per kind', () => {
    for (const kind of RULE_SET_KINDS) {
      const def = ruleSetKind(kind);
      expect(
        def.shipped.filter((s) => s.isDefault),
        kind,
      ).toHaveLength(1);
      for (const s of def.shipped) expect(checkRuleSet(kind, s, s.body).ok, `${kind} ${s.setKey}`).toBe(true);
    }
    expect(ruleSetKind('anticoagulant-holds').shipped.map((s) => [s.setKey, s.isDefault])).toEqual([
      ['asra-esra-pain-2018', true],
      ['uk-neuraxial', false],
    ]);
    expect(shippedDefault('commissioner-rules').example).toBe(true);
  });
});

describe('rule-set store', () => {
  it('uses the shipped default with no rows, and lists every kind with name, version and source', async () => {
    await setUp();
    expect(count('rule_set_versions')).toBe(0);
    const p = await patientOn95();
    const meds = await app.ok('meds:patient', { patientId: p.id }, 'nurse');
    expect(meds.ome.totalMgPer24h).toBe(95);
    expect(meds.ome.flags.map((f) => f.code)).toContain('OME_HIGH_DOSE');
    expect(meds.ome.thresholdRuleSet).toMatchObject({
      id: 'ome-thresholds-uk',
      version: '1.0.1',
      name: 'UK OME thresholds (FPM Opioids Aware)',
    });
    const active = await app.ok('rules:active', { kind: 'ome-thresholds' }, 'nurse');
    expect(active).toMatchObject({ setKey: 'ome-thresholds-uk', version: '1.0.1', shipped: true });
    const list = await app.ok('rules:list', {}, 'nurse');
    expect(list.map((k) => k.kind)).toEqual([...RULE_SET_KINDS]);
    const holds = list.find((k) => k.kind === 'anticoagulant-holds')!;
    expect(holds.defaultSetKey).toBe('asra-esra-pain-2018');
    expect(holds.sets.map((s) => s.name)).toEqual(['ASRA/ESRA pain 2018', 'UK neuraxial']);
    expect(holds.sets[0]).toMatchObject({ version: '1.0.0', shipped: true, isDefault: true });
    expect(holds.sets[0]!.source).toMatch(/Narouze/);
  });

  it('a new thresholds version is used by the next computation, recomputes stored totals, and is audited', async () => {
    await setUp();
    const p = await patientOn95();
    expect(sqlite().prepare('SELECT high_dose FROM patient_ome WHERE patient_id = ?').pluck().get(p.id)).toBe(
      1,
    );
    const saved = await app.ok(
      'rules:save',
      {
        kind: 'ome-thresholds',
        setKey: 'ome-thresholds-uk',
        version: '1.1.0',
        name: 'UK OME thresholds (local: high dose at 100)',
        source: 'Local pain service decision, 2026',
        reason: 'MDT agreed to review from 100 mg/day',
        body: thresholdsWithHighDoseAt(100),
      },
      'admin',
    );
    expect(saved).toMatchObject({ version: '1.1.0', isDefault: true, savedBy: 'Admin', shipped: false });
    const meds = await app.ok('meds:patient', { patientId: p.id }, 'nurse');
    expect(meds.ome.flags.map((f) => f.code)).not.toContain('OME_HIGH_DOSE');
    expect(meds.ome.thresholdRuleSet).toMatchObject({
      id: 'ome-thresholds-uk',
      version: '1.1.0',
      name: 'UK OME thresholds (local: high dose at 100)',
    });
    // The stored aggregate changed in the same transaction as the save.
    expect(sqlite().prepare('SELECT high_dose FROM patient_ome WHERE patient_id = ?').pluck().get(p.id)).toBe(
      0,
    );
    const audit = sqlite()
      .prepare("SELECT user_id, entity, after_json, before_json FROM audit_log WHERE action = 'rules.save'")
      .all() as { user_id: number; entity: string; after_json: string; before_json: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.entity).toBe('rule_set');
    expect(JSON.parse(audit[0]!.after_json)).toMatchObject({
      version: '1.1.0',
      reason: 'MDT agreed to review from 100 mg/day',
      recomputed: { patientOmeRows: 1, patientOmeChanged: 1 },
    });
    expect(JSON.parse(audit[0]!.before_json)).toMatchObject({ version: '1.0.1', shipped: true });
    // At 120 the second threshold still fires, naming the new version.
    await app.ok(
      'meds:add',
      {
        patientId: p.id,
        medicine: {
          ...MORPHINE_95,
          administrationsMg: undefined,
          doseMg: 15,
          timesPerDay: 2,
          indication: 'Breakthrough',
          confirmWarnings: { codes: ['DUPLICATE_LINE'], reason: 'Second line on purpose' },
        },
      },
      'nurse',
    );
    const after = await app.ok('meds:patient', { patientId: p.id }, 'nurse');
    const harm = after.ome.flags.find((f) => f.code === 'OME_HARM_RISES')!;
    expect(harm.ruleSet).toMatchObject({ id: 'ome-thresholds-uk', version: '1.1.0' });
    expect(after.ome.flags.map((f) => f.code)).toContain('OME_HIGH_DOSE');
  });

  it('a new OME factors version is recorded with each medicine line and the stored total', async () => {
    await setUp();
    const p = await patientOn95();
    const body = structuredClone(shippedDefault('ome-factors').body) as {
      factors: { drug: string; route: string; factor: number }[];
    };
    body.factors.find((f) => f.drug === 'morphine' && f.route === 'oral')!.factor = 1.2;
    await app.ok(
      'rules:save',
      {
        kind: 'ome-factors',
        setKey: 'opioids-aware-2020',
        version: '2020.1-local',
        name: 'Opioids Aware with a local morphine factor',
        source: 'Test only',
        reason: 'Testing a changed factor',
        body,
      },
      'admin',
    );
    const row = sqlite()
      .prepare('SELECT total_mg_per_24h, rule_set_version FROM patient_ome WHERE patient_id = ?')
      .get(p.id) as { total_mg_per_24h: number; rule_set_version: string };
    expect(row.rule_set_version).toBe('2020.1-local');
    expect(row.total_mg_per_24h).toBeCloseTo(114, 6);
    await app.ok(
      'meds:add',
      {
        patientId: p.id,
        medicine: {
          ...MORPHINE_95,
          administrationsMg: undefined,
          doseMg: 10,
          confirmWarnings: { codes: ['DUPLICATE_LINE'], reason: 'Second line on purpose' },
        },
      },
      'nurse',
    );
    const lines = sqlite()
      .prepare(
        'SELECT ome_mg_per_24h, rule_set_version FROM medicine_entries WHERE patient_id = ? ORDER BY id',
      )
      .all(p.id) as { ome_mg_per_24h: number; rule_set_version: string }[];
    // The first line keeps what it was recorded with; the new one uses the new version.
    expect(lines[0]).toMatchObject({ ome_mg_per_24h: 95, rule_set_version: '1.1.0' });
    expect(lines[1]!.rule_set_version).toBe('2020.1-local');
    expect(lines[1]!.ome_mg_per_24h).toBeCloseTo(24, 6);
  });

  it('refuses invalid bodies with field paths and saves nothing', async () => {
    await setUp();
    const before = count('audit_log');
    const holds = structuredClone(shippedDefault('anticoagulant-holds').body) as {
      rules: { drug: string; risk: string; holdHours: number | null }[];
    };
    holds.rules[3]!.holdHours = -5;
    holds.rules[5] = { ...holds.rules[4]! };
    const r = await app.call(
      'rules:save',
      {
        kind: 'anticoagulant-holds',
        setKey: 'asra-esra-pain-2018',
        version: '1.1.0',
        name: 'ASRA/ESRA pain 2018',
        source: 'Narouze 2018',
        reason: 'Local changes',
        body: holds,
      },
      'admin',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.fields?.['body.rules.3.holdHours']).toMatch(/hold in hours/);
    expect(r.error.fields?.['body.rules.5.drug']).toMatch(/already has a rule/);

    // A shape error deep in a table, a thresholds body that is not an object, and a missing reason.
    const bad = await app.call(
      'rules:save',
      {
        kind: 'ome-thresholds',
        setKey: 'ome-thresholds-uk',
        version: '1.1.0',
        name: 'X thresholds',
        source: 'Somewhere',
        reason: 'Because',
        body: { thresholds: [{ code: 'OME_HIGH_DOSE', mgPer24h: 'ninety', label: 'x', source: 'y' }] },
      },
      'admin',
    );
    expect(!bad.ok && bad.error.fields).toMatchObject({ 'body.thresholds.0.mgPer24h': expect.any(String) });
    const noReason = await app.call(
      'rules:save',
      {
        kind: 'gas',
        setKey: 'gas-kiresuk-sherman',
        version: '1.1.0',
        name: 'GAS',
        source: 'Turner-Stokes',
        reason: ' ',
        body: { rho: 0.3 },
      },
      'admin',
    );
    expect(!noReason.ok && Object.keys(noReason.error.fields ?? {})).toEqual(['reason']);
    const badRho = await app.call(
      'rules:save',
      {
        kind: 'gas',
        setKey: 'gas-kiresuk-sherman',
        version: '1.1.0',
        name: 'GAS',
        source: 'T-S',
        reason: 'Change rho',
        body: { rho: 1 },
      },
      'admin',
    );
    expect(!badRho.ok && badRho.error.fields).toEqual({ 'body.rho': 'ρ must be less than 1.' });
    // The pure validator runs too (a factor row that zod accepts but the OME validator refuses is mapped
    // to its body path): the shipped version label is taken.
    const taken = await app.call(
      'rules:save',
      {
        kind: 'gas',
        setKey: 'gas-kiresuk-sherman',
        version: '1.0.0',
        name: 'GAS',
        source: 'T-S',
        reason: 'Change rho',
        body: { rho: 0.2 },
      },
      'admin',
    );
    expect(!taken.ok && taken.error.fields).toEqual({
      version: 'Version 1.0.0 is already used for this set; choose a new version.',
    });
    // A second set of a single-set kind is refused.
    const other = await app.call(
      'rules:save',
      {
        kind: 'gas',
        setKey: 'my-gas',
        version: '1',
        name: 'GAS',
        source: 'T-S',
        reason: 'Change rho',
        body: { rho: 0.2 },
      },
      'admin',
    );
    expect(!other.ok && Object.keys(other.error.fields ?? {})).toEqual(['setKey']);
    expect(count('rule_set_versions')).toBe(0);
    expect(count('audit_log', "action LIKE 'rules.%'")).toBe(0);
    expect(count('audit_log')).toBe(before);
  });

  it('maps the pure clinical validator’s field to the body path', async () => {
    const { clinicalFieldToPath } = await import('../../shared/domain/rule-sets');
    expect(clinicalFieldToPath('ruleSet.factors.3.factor')).toBe('body.factors.3.factor');
    expect(clinicalFieldToPath('ruleSet.meta.name')).toBe('name');
    expect(clinicalFieldToPath('ruleSet')).toBe('body');
  });

  it('refuses a non-administrator (FORBIDDEN, audited as a denial, nothing saved) but lets them read', async () => {
    await setUp();
    const r = await app.call(
      'rules:save',
      {
        kind: 'ome-thresholds',
        setKey: 'ome-thresholds-uk',
        version: '1.1.0',
        name: 'UK OME thresholds',
        source: 'Local',
        reason: 'Nurse trying',
        body: thresholdsWithHighDoseAt(100),
      },
      'nurse',
    );
    expect(!r.ok && r.error.code).toBe('FORBIDDEN');
    expect(count('rule_set_versions')).toBe(0);
    expect(count('audit_log', "action = 'access.denied' AND entity = 'rules:save'")).toBe(1);
    expect(
      (await app.ok('rules:history', { kind: 'ome-thresholds', setKey: 'ome-thresholds-uk' }, 'nurse'))
        .length,
    ).toBe(1);
  });

  it('keeps rows immutable: UPDATE of the content and DELETE are refused by triggers', async () => {
    await setUp();
    const save = (version: string, mg: number) =>
      app.ok(
        'rules:save',
        {
          kind: 'ome-thresholds',
          setKey: 'ome-thresholds-uk',
          version,
          name: 'UK OME thresholds',
          source: 'Local',
          reason: `Set ${mg}`,
          body: thresholdsWithHighDoseAt(mg),
        },
        'admin',
      );
    const v1 = await save('1.1.0', 100);
    const v2 = await save('1.2.0', 95);
    expect(() =>
      sqlite().prepare("UPDATE rule_set_versions SET body = '{}' WHERE id = ?").run(v1.id),
    ).toThrow(/immutable/);
    expect(() =>
      sqlite().prepare("UPDATE rule_set_versions SET version = '9' WHERE id = ?").run(v2.id),
    ).toThrow(/immutable/);
    expect(() => sqlite().prepare('DELETE FROM rule_set_versions WHERE id = ?').run(v1.id)).toThrow(
      /never deleted/,
    );
    expect(() =>
      sqlite().prepare("UPDATE rule_set_versions SET superseded_at = 'x' WHERE id = ?").run(v1.id),
    ).toThrow(/already superseded/);
    expect(() =>
      sqlite().prepare('UPDATE rule_set_versions SET superseded_by_id = NULL WHERE id = ?').run(v1.id),
    ).toThrow(/already superseded/);
    // One current row per set; history newest first with the shipped version last.
    expect(count('rule_set_versions', 'superseded_at IS NULL')).toBe(1);
    const history = await app.ok(
      'rules:history',
      { kind: 'ome-thresholds', setKey: 'ome-thresholds-uk' },
      'admin',
    );
    expect(history.map((h) => [h.version, h.shipped, h.reason])).toEqual([
      ['1.2.0', false, 'Set 95'],
      ['1.1.0', false, 'Set 100'],
      ['1.0.1', true, null],
    ]);
    expect(history[1]!.supersededAt).not.toBeNull();
    // The same version label again is refused by the service (and by the UNIQUE constraint).
    const again = await app.call(
      'rules:save',
      {
        kind: 'ome-thresholds',
        setKey: 'ome-thresholds-uk',
        version: '1.1.0',
        name: 'UK OME',
        source: 'Local',
        reason: 'Again',
        body: thresholdsWithHighDoseAt(90),
      },
      'admin',
    );
    expect(!again.ok && again.error.fields?.version).toMatch(/already used/);
  });

  it('switches the default anticoagulant set by key and restores a shipped version', async () => {
    await setUp();
    const made = await app.ok(
      'rules:setDefault',
      {
        kind: 'anticoagulant-holds',
        setKey: 'uk-neuraxial',
        version: '1.0.1',
        reason: 'Local policy follows the neuraxial guide',
      },
      'admin',
    );
    expect(made).toMatchObject({ setKey: 'uk-neuraxial', version: '1.0.1', isDefault: true });
    const active = await app.ok('rules:active', { kind: 'anticoagulant-holds' }, 'nurse');
    expect(active).toMatchObject({ setKey: 'uk-neuraxial', version: '1.0.1', name: 'UK neuraxial' });
    // Still reachable by key.
    expect(
      (await app.ok('rules:active', { kind: 'anticoagulant-holds', setKey: 'asra-esra-pain-2018' }, 'nurse'))
        .version,
    ).toBe('1.0.0');
    const twice = await app.call(
      'rules:setDefault',
      { kind: 'anticoagulant-holds', setKey: 'uk-neuraxial', version: '1.0.2', reason: 'Again' },
      'admin',
    );
    expect(!twice.ok && twice.error.code).toBe('CONFLICT');
    // Back to ASRA/ESRA.
    await app.ok(
      'rules:setDefault',
      {
        kind: 'anticoagulant-holds',
        setKey: 'asra-esra-pain-2018',
        version: '1.0.1',
        reason: 'Back to the default',
      },
      'admin',
    );
    expect((await app.ok('rules:active', { kind: 'anticoagulant-holds' }, 'nurse')).setKey).toBe(
      'asra-esra-pain-2018',
    );

    await app.ok(
      'rules:save',
      {
        kind: 'gas',
        setKey: 'gas-kiresuk-sherman',
        version: '1.1.0',
        name: 'GAS local',
        source: 'Local',
        reason: 'Try 0.5',
        body: { rho: 0.5 },
      },
      'admin',
    );
    const restored = await app.ok(
      'rules:restoreShipped',
      { kind: 'gas', setKey: 'gas-kiresuk-sherman', version: '1.2.0', reason: 'Back to the published value' },
      'admin',
    );
    expect(restored).toMatchObject({
      version: '1.2.0',
      name: shippedDefault('gas').name,
      body: { rho: 0.3 },
    });
    expect(count('audit_log', "action IN ('rules.setDefault', 'rules.restoreShipped', 'rules.save')")).toBe(
      4,
    );
  });
});

describe('interventions use the active rule sets', () => {
  it('a hold plan uses the default anticoagulant set by key and records its id and version', async () => {
    await setUp();
    const consultant = await signedInAs(app, 'consultant', 'consultant');
    const pid = (
      await app.ok(
        'patients:create',
        {
          nhsNumber: '943 476 5919',
          surname: 'Hold',
          forename: 'Test',
          dateOfBirth: '1970-01-01',
          sex: 'female',
          allergies: [],
        },
        'nurse',
      )
    ).id;
    const request = () =>
      app.ok(
        'interventions:request',
        {
          patientId: pid,
          procedureCode: 'SCS_TRIAL',
          side: 'midline',
          site: 'T8-T10',
          indication: 'Neuropathic leg pain',
          priority: 'P3',
          requestedClinicianId: consultant.user.id,
          rttClockStart: '2026-10-01',
        } as never,
        'nurse',
      );
    const addApixaban = (id: number) =>
      app.ok(
        'interventions:addAntithrombotic',
        { requestId: id, drug: 'apixaban', dose: '5 mg twice daily', doseTimes: ['08:00', '20:00'] },
        'nurse',
      );
    const stored = () =>
      sqlite()
        .prepare(
          'SELECT rule_set_id, rule_set_version FROM intervention_antithrombotics ORDER BY id DESC LIMIT 1',
        )
        .get() as { rule_set_id: string; rule_set_version: string };

    const first = await request();
    await addApixaban(first.id);
    expect(stored()).toEqual({ rule_set_id: 'asra-esra-pain-2018', rule_set_version: '1.0.0' });

    await app.ok(
      'rules:setDefault',
      {
        kind: 'anticoagulant-holds',
        setKey: 'uk-neuraxial',
        version: '1.1.0',
        reason: 'Service follows the neuraxial guide',
      },
      'admin',
    );
    const second = await request();
    const d = await addApixaban(second.id);
    expect(stored()).toEqual({ rule_set_id: 'uk-neuraxial', rule_set_version: '1.1.0' });
    expect(d.antithrombotics.at(-1)!.plan.ruleSet).toBe('UK neuraxial 1.1.0');
    expect(d.ruleSets).toMatch(/UK neuraxial \(version 1\.1\.0\)/);
    const req = sqlite()
      .prepare('SELECT anticoagulant_rule_set FROM intervention_requests WHERE id = ?')
      .pluck()
      .get(second.id);
    expect(req).toBe('uk-neuraxial 1.1.0');
  });
});

describe('the hot path', () => {
  itOnSqlite(
    'reads current rows by index and answers activeRuleSet from the cache in microseconds',
    async () => {
      await setUp();
      const plan = (sql: string) =>
        (sqlite().prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
          .map((r) => r.detail)
          .join('; ');
      // The freshness check before each operation reads the newest row by its primary key (no sort); the
      // current rows are read again only when that changed.
      expect(plan('SELECT id, created_at FROM rule_set_versions ORDER BY id DESC LIMIT 1')).not.toMatch(
        /TEMP B-TREE/,
      );
      expect(
        plan("SELECT id FROM rule_set_versions WHERE kind = 'gas' AND set_key = 'x' AND version = '1'"),
      ).toMatch(
        /USING (COVERING )?INDEX (sqlite_autoindex_rule_set_versions|rule_set_versions_kind_set_version)/,
      );
      const { activeRuleSet, medicineRules } = await import('../../db/services/rule-sets');
      const conn = app.dispatcher.conn;
      expect(medicineRules(conn).thresholds.meta.version).toBe('1.0.1');
      const n = 20_000;
      const started = performance.now();
      for (let i = 0; i < n; i++) activeRuleSet(conn, 'ome-thresholds');
      const perCallUs = ((performance.now() - started) / n) * 1000;
      // From memory (the freshness check is once per operation); generous bound for a loaded CI machine.
      expect(perCallUs).toBeLessThan(100);
      console.log(`[rule-sets] activeRuleSet: ${perCallUs.toFixed(2)} µs per call (cached)`);
    },
  );

  itOnSqlite(
    'sees a version saved through another connection to the same file (no stale cache)',
    async () => {
      await setUp();
      const { activeRuleSet, refreshRuleSets } = await import('../../db/services/rule-sets');
      const conn = app.dispatcher.conn;
      expect(activeRuleSet(conn, 'gas').version).toBe('1.0.0');
      const Database = (await import('better-sqlite3')).default;
      const other = new Database(app.file);
      other
        .prepare(
          `INSERT INTO rule_set_versions (kind, set_key, version, name, source, body, is_default, created_at, reason)
         VALUES ('gas', 'gas-kiresuk-sherman', '9.9.9', 'GAS (other process)', 'Elsewhere', '{"rho":0.4}', 1,
                 '2026-11-21T11:00:00.000Z', 'Written by another process')`,
        )
        .run();
      other.close();
      // The dispatcher refreshes the cache before every operation (one newest-row read).
      await refreshRuleSets(conn);
      const now = activeRuleSet(conn, 'gas');
      expect(now).toMatchObject({ version: '9.9.9', value: { rho: 0.4 } });
    },
  );
});

describe('the formulary in use', () => {
  it('a new formulary version names the product and is recorded with each line; a removed product is refused', async () => {
    await setUp();
    const body = structuredClone(shippedDefault('formulary').body) as {
      entries: { id: string; name: string }[];
    };
    body.entries.find((e) => e.id === 'morphine-mr-tablet')!.name = 'Morphine MR tablets (local brand)';
    body.entries = body.entries.filter((e) => e.id !== 'oxycodone-mr-tablet');
    await app.ok(
      'rules:save',
      {
        kind: 'formulary',
        setKey: 'alongside-pain-formulary',
        version: '1.1.0',
        name: 'Local pain formulary',
        source: 'Trust formulary committee, 2026',
        reason: 'Local brand; oxycodone MR removed',
        body,
      },
      'admin',
    );
    const p = await patientOn95();
    const row = sqlite()
      .prepare('SELECT name, formulary_version FROM medicine_entries WHERE patient_id = ?')
      .get(p.id) as { name: string; formulary_version: string };
    expect(row).toEqual({ name: 'Morphine MR tablets (local brand)', formulary_version: '1.1.0' });
    const before = count('medicine_entries');
    const r = await app.call(
      'meds:add',
      {
        patientId: p.id,
        medicine: {
          ...MORPHINE_95,
          formularyId: 'oxycodone-mr-tablet',
          administrationsMg: undefined,
          doseMg: 10,
        },
      },
      'nurse',
    );
    expect(!r.ok && r.error.fields?.['medicine.formularyId']).toMatch(/not on the formulary in use/);
    expect(count('medicine_entries')).toBe(before);
  });
});

/** An administrator saves GAS version 1.1.0 with the given ρ. */
const saveGasRho = (rho: number) =>
  app.ok(
    'rules:save',
    {
      kind: 'gas',
      setKey: 'gas-kiresuk-sherman',
      version: '1.1.0',
      name: `GAS (ρ ${rho})`,
      source: 'Local',
      reason: 'Goals strongly related',
      body: { rho },
    },
    'admin',
  );

describe('rehabilitation uses the active GAS ρ and time points', () => {
  it('a GAS review uses and records the saved ρ and version; the measures due follow the saved time points', async () => {
    await signedInAs(app, 'admin', 'admin');
    await signedInAs(app, 'physiotherapist', 'physio');
    await saveGasRho(0.5);
    const tp = structuredClone(shippedDefault('rehab-timepoints').body) as {
      timePoints: { id: string; measures: string[] }[];
    };
    tp.timePoints = tp.timePoints.filter((t) => t.id !== 'referral');
    await app.ok(
      'rules:save',
      {
        kind: 'rehab-timepoints',
        setKey: 'rehab-timepoints-default',
        version: '1.1.0',
        name: 'No referral measures',
        source: 'Local',
        reason: 'Referral measures taken elsewhere',
        body: tp,
      },
      'admin',
    );
    const p = await app.ok(
      'patients:create',
      { surname: 'Gas', forename: 'Jo', dateOfBirth: '1970-01-01', sex: 'female', allergies: [] },
      'physio',
    );
    const plan = await app.ok(
      'rehab:createPlan',
      {
        patientId: p.id,
        pathway: 'physiotherapy',
        referralDate: '2026-09-01',
        treatmentStartDate: '2026-10-01',
      },
      'physio',
    );
    const goal = {
      whatMatters: 'I want to walk again',
      activity: 'walk',
      measure: 'minutes',
      target: '20 minutes',
      setOn: '2026-10-01',
      targetDate: '2027-01-15',
      domain: 'mobility',
      baseline: -1,
      levelMinus2: 'Cannot',
      levelMinus1: '5 minutes',
      levelZero: '20 minutes',
      levelPlus1: '30 minutes',
      levelPlus2: '45 minutes',
    } as const;
    const g1 = await app.ok('rehab:addGoal', { planId: plan.id, goal }, 'physio');
    const g2 = await app.ok(
      'rehab:addGoal',
      { planId: plan.id, goal: { ...goal, activity: 'swim' } },
      'physio',
    );
    const review = await app.ok(
      'rehab:review',
      {
        planId: plan.id,
        reviewDate: '2026-11-20',
        notes: '',
        patientView: '',
        ratings: [
          { goalId: g1.id, outcome: 'achieved as expected' },
          { goalId: g2.id, outcome: 'a little more than expected' },
        ],
      },
      'physio',
    );
    // Levels 0 and +1 with ρ = 0.5: T = 50 + 10 × 1 / √(0.5 × 2 + 0.5 × 4) = 50 + 10/√3.
    expect(review.tScore).toBeCloseTo(50 + 10 / Math.sqrt(3), 6);
    expect(review.rho).toBe(0.5);
    expect(review.ruleSet).toEqual({ id: 'gas-kiresuk-sherman', version: '1.1.0' });
    const summary = await app.ok('rehab:summary', { patientId: p.id }, 'physio');
    const due = summary.due;
    expect(due.map((d) => d.timePointId)).not.toContain('referral');
    expect(due.map((d) => d.timePointId)).toContain('treatment-start');
  });
});

describe('screens and reports follow the versions an administrator saves', () => {
  async function saveFormulary(entries: unknown[]) {
    return app.ok(
      'rules:save',
      {
        kind: 'formulary',
        setKey: 'alongside-pain-formulary',
        version: '1.1.0',
        name: 'Local pain formulary',
        source: 'Trust formulary committee, 2026',
        reason: 'Local products added',
        body: { ...(shippedDefault('formulary').body as object), entries },
      },
      'admin',
    );
  }

  it('a product an administrator adds to the formulary is listed and accepted; the service checks id and route', async () => {
    await setUp();
    const entries = structuredClone(
      (shippedDefault('formulary').body as { entries: { id: string; name: string }[] }).entries,
    );
    const morphine = entries.find((e) => e.id === 'morphine-mr-tablet')!;
    const patch = entries.find((e) => e.id === 'buprenorphine-7-day-patch')!;
    entries.push(
      { ...morphine, id: 'morphine-mr-local', name: 'Morphine MR (local brand)' },
      { ...patch, id: 'buprenorphine-patch-local', name: 'Buprenorphine patch (local brand)' },
    );
    await saveFormulary(entries);
    // What the medicine form lists (rules:active, readable by a clinician).
    const active = await app.ok('rules:active', { kind: 'formulary' }, 'nurse');
    expect((active.value as { entries: { id: string }[] }).entries.map((e) => e.id)).toContain(
      'morphine-mr-local',
    );

    const p = await patientOn95();
    const added = await app.ok(
      'meds:add',
      {
        patientId: p.id,
        medicine: {
          ...MORPHINE_95,
          formularyId: 'morphine-mr-local',
          // Issue 13: a second morphine MR line is a duplicate warning, confirmed with a reason.
          confirmWarnings: { codes: ['DUPLICATE_LINE'], reason: 'Local brand replaces the generic' },
        },
      },
      'nurse',
    );
    expect(added.name).toBe('Morphine MR (local brand)');
    expect(
      sqlite().prepare('SELECT formulary_version FROM medicine_entries WHERE id = ?').pluck().get(added.id),
    ).toBe('1.1.0');

    const before = count('medicine_entries');
    const unknown = await app.call(
      'meds:add',
      { patientId: p.id, medicine: { ...MORPHINE_95, formularyId: 'not-a-product' } },
      'nurse',
    );
    expect(!unknown.ok && unknown.error).toMatchObject({ code: 'VALIDATION' });
    expect(!unknown.ok && unknown.error.fields?.['medicine.formularyId']).toMatch(
      /not on the formulary in use/,
    );
    // The route check uses the formulary in use too: an added patch is recorded as a patch.
    const notPatch = await app.call(
      'meds:add',
      { patientId: p.id, medicine: { ...MORPHINE_95, formularyId: 'buprenorphine-patch-local' } },
      'nurse',
    );
    expect(!notPatch.ok && notPatch.error.fields?.['medicine.doseKind']).toBe(
      'A patch is recorded as a patch.',
    );
    const wrongPatch = await app.call(
      'meds:add',
      {
        patientId: p.id,
        medicine: {
          ...MORPHINE_95,
          doseKind: 'patch',
          doseMg: undefined,
          timesPerDay: undefined,
          patchMcgPerHour: 10,
          patchChangeEveryDays: 7,
        },
      },
      'nurse',
    );
    expect(!wrongPatch.ok && wrongPatch.error.fields?.['medicine.doseKind']).toBe(
      'This medicine is not a patch.',
    );
    expect(count('medicine_entries')).toBe(before);
  });

  it('the OME thresholds a clinician’s screen reads (flag headings, chart lines) are the saved version', async () => {
    await setUp();
    await app.ok(
      'rules:save',
      {
        kind: 'ome-thresholds',
        setKey: 'ome-thresholds-uk',
        version: '1.1.0',
        name: 'UK OME thresholds (local: high dose at 100)',
        source: 'Local pain service decision, 2026',
        reason: 'MDT agreed to review from 100 mg/day',
        body: thresholdsWithHighDoseAt(100),
      },
      'admin',
    );
    const active = await app.ok('rules:active', { kind: 'ome-thresholds' }, 'nurse');
    expect(active).toMatchObject({ setKey: 'ome-thresholds-uk', version: '1.1.0', shipped: false });
    expect(
      (active.value as { thresholds: { code: string; mgPer24h: number }[] }).thresholds.map((t) => [
        t.code,
        t.mgPer24h,
      ]),
    ).toEqual([
      ['OME_HIGH_DOSE', 100],
      ['OME_HARM_RISES', 120],
    ]);
  });

  it('the request page’s drug list is the default hold set; a drug added there gets a hold plan from it', async () => {
    await setUp();
    const body = structuredClone(shippedDefault('anticoagulant-holds').body) as {
      rules: { drug: string; risk: string; holdHours: number | null }[];
    };
    body.rules.push({ drug: 'localaban', risk: 'high', holdHours: 96 });
    await app.ok(
      'rules:save',
      {
        kind: 'anticoagulant-holds',
        setKey: 'asra-esra-pain-2018',
        version: '1.1.0',
        name: 'ASRA/ESRA pain 2018 (local additions)',
        source: 'Local haematology advice, 2026',
        reason: 'New anticoagulant on the local formulary',
        body,
      },
      'admin',
    );
    const active = await app.ok('rules:active', { kind: 'anticoagulant-holds' }, 'nurse');
    expect((active.value as { rules: { drug: string }[] }).rules.map((r) => r.drug)).toContain('localaban');

    const consultant = await signedInAs(app, 'consultant', 'consultant');
    const p = await app.ok(
      'patients:create',
      {
        nhsNumber: '943 476 5919',
        surname: 'Hold',
        forename: 'Test',
        dateOfBirth: '1970-01-01',
        sex: 'female',
        allergies: [],
      },
      'nurse',
    );
    const r = await app.ok(
      'interventions:request',
      {
        patientId: p.id,
        procedureCode: 'SCS_TRIAL',
        side: 'midline',
        site: 'T8-T10',
        indication: 'Neuropathic leg pain',
        priority: 'P3',
        requestedClinicianId: consultant.user.id,
        rttClockStart: '2026-10-01',
      } as never,
      'nurse',
    );
    // The shared insert (createRequest and MDT drafts) stamps the rule sets in use.
    expect(
      sqlite()
        .prepare(
          'SELECT anticoagulant_rule_set, status, priority_rank FROM intervention_requests WHERE id = ?',
        )
        .get(r.id),
    ).toEqual({ anticoagulant_rule_set: 'asra-esra-pain-2018 1.1.0', status: 'waiting', priority_rank: 4 });
    const d = await app.ok(
      'interventions:addAntithrombotic',
      { requestId: r.id, drug: 'localaban', dose: '10 mg daily', doseTimes: ['08:00'] },
      'nurse',
    );
    const plan = d.antithrombotics.find((a) => a.drug === 'localaban')!.plan;
    expect(plan).toMatchObject({ status: 'hold', holdHours: 96 });
    expect(plan.ruleSet).toMatch(/1\.1\.0/);
  });

  it('a programme’s cohort report names the GAS set in use', async () => {
    await setUp();
    await signedInAs(app, 'physiotherapist', 'physio');
    await saveGasRho(0.5);
    const g = await app.ok(
      'rehab:groupCreate',
      {
        name: 'Autumn pain management programme',
        facilitators: 'Tom Nowak (physiotherapist)',
        location: 'Outpatients, room 4',
        capacity: 10,
        completionPercent: 75,
        sessions: [{ date: '2026-10-01', topic: 'Understanding pain' }],
      },
      'physio',
    );
    const report = await app.ok('rehab:cohortReport', { programmeId: g.id }, 'physio');
    expect(report.ruleSets).toContainEqual({ id: 'gas-kiresuk-sherman', version: '1.1.0' });
  });
});
