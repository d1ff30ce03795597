import { afterEach, beforeEach, expect, it } from 'vitest';
import type { MedicineInput } from '../../shared/domain/medicines';
import {
  RULE_SET_KINDS,
  RULE_SET_REGISTRY,
  shippedDefault,
  type RuleSetKind,
} from '../../shared/domain/rule-sets';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import { JO } from '../helpers/seed';

/**
 * Issue 13 (stop 5): the rule sets added last stop (the Ashton diazepam switch and steps, the maximum doses
 * at entry, the SSRI/SNRI-before-procedure set) and the other medicines rule sets the code reads could not be
 * changed in Settings. Every kind now goes through the same route: an administrator proposes a version, a
 * clinical lead approves it, and the computations use it from the next request.
 */
const PW = 'correct horse battery';
const BASE = { startDate: '2026-06-01', prescriber: 'gp', indication: 'Anxiety' } as const;

describeEachEngine(
  'every clinical rule set can be changed in Settings (propose, approve, in use)',
  (engine) => {
    let app: TestApp;
    let patientId: number;
    beforeEach(async () => {
      app = await createTestApp(engine);
      await signedInAs(app, 'admin', 'admin');
      await signedInAs(app, 'consultant', 'cons');
      const lead = await app.ok(
        'users:create',
        { username: 'lead1', displayName: 'Dr Lead', role: 'consultant', password: PW },
        'admin',
      );
      await app.ok('users:update', { id: lead.id, version: lead.version, clinicalLead: true }, 'admin');
      await app.ok('auth:signIn', { username: 'lead1', password: PW }, 'lead');
      patientId = (await app.ok('patients:create', JO, 'cons')).id;
    });
    afterEach(async () => app.close());

    /** Proposes `body` as version `version` of the kind's default set and has the clinical lead approve it. */
    async function approve(
      kind: RuleSetKind,
      body: unknown,
      version = '99.0.0',
      text?: { name: string; source: string },
    ) {
      const s = shippedDefault(kind);
      const { name, source } = text ?? s;
      const proposed = await app.ok(
        'rules:save',
        { kind, setKey: s.setKey, version, name, source, reason: 'Local review', body },
        'admin',
      );
      expect(proposed.status).toBe('pending');
      return app.ok('rules:approve', { proposalId: proposed.id, note: 'Agreed' }, 'lead');
    }
    const shippedBody = <T>(kind: RuleSetKind) => structuredClone(shippedDefault(kind).body) as T;

    it('each kind: a version proposed by an administrator and approved by the clinical lead is the one in use', async () => {
      for (const kind of RULE_SET_KINDS) {
        const saved = await approve(kind, shippedDefault(kind).body);
        expect(saved.version, kind).toBe('99.0.0');
        const active = await app.ok('rules:active', { kind }, 'cons');
        expect([kind, active.version, active.shipped]).toEqual([kind, '99.0.0', false]);
      }
      // The Settings list shows every kind, the new ones included.
      const list = await app.ok('rules:list', {}, 'admin');
      expect(list.map((k) => k.kind).sort()).toEqual([...RULE_SET_KINDS].sort());
      expect(RULE_SET_REGISTRY['benzodiazepine-taper'].area).toBe('Medicines');
    });

    it('refuses the impossible beside the field, and saves nothing', async () => {
      const cases: [RuleSetKind, (b: never) => void, string, RegExp][] = [
        [
          'benzodiazepine-taper',
          (b: { bands: { aboveMgPer24h: number }[] }) => (b.bands[2]!.aboveMgPer24h = 1),
          'body.bands.2.aboveMgPer24h',
          /last band must start at 0 mg/,
        ],
        [
          'benzodiazepine-taper',
          (b: { bands: { stepMg: number }[] }) => (b.bands[0]!.stepMg = 0.3),
          'body.bands.0.stepMg',
          /multiple of 0.5/,
        ],
        [
          'entry-warnings',
          (b: { impossibleMultipleOfMax: number }) => (b.impossibleMultipleOfMax = 1),
          'body.impossibleMultipleOfMax',
          /more than 1/,
        ],
        [
          'entry-warnings',
          (b: { maxDaily: { maxMgPer24h: number }[] }) => (b.maxDaily[0]!.maxMgPer24h = -240),
          'body.maxDaily.0.maxMgPer24h',
          /adult maximum/,
        ],
        [
          'serotonergic-procedures',
          (b: { discussAt: string[] }) => (b.discussAt = ['intermediate']),
          'body.discussAt',
          /keep high/,
        ],
        [
          'medicine-checks',
          (b: { childbearingAge: { from: number; to: number } }) =>
            (b.childbearingAge = { from: 50, to: 15 }),
          'body.childbearingAge.to',
          /first age must be below/,
        ],
        [
          'taper-class-defaults',
          (b: { rules: { percentOfStart?: number; stepMg?: number }[] }) => (b.rules[0]!.percentOfStart = 10),
          'body.rules.0.percentOfStart',
          /not both/,
        ],
      ];
      for (const [kind, mutate, field, message] of cases) {
        const body = shippedBody<never>(kind);
        mutate(body);
        const s = shippedDefault(kind);
        const r = await app.call(
          'rules:save',
          { kind, setKey: s.setKey, version: '2.0.0', name: s.name, source: s.source, reason: 'Try', body },
          'admin',
        );
        expect(r.ok, `${kind} ${field}`).toBe(false);
        if (r.ok) continue;
        expect(r.error.code).toBe('VALIDATION');
        expect(r.error.fields?.[field], `${kind} ${field}`).toMatch(message);
      }
      const proposals = await app.ok('rules:proposals', {}, 'admin');
      expect(proposals).toEqual([]);
    });

    it('an approved Ashton version is what the switch and the diazepam taper use', async () => {
      // Local policy, for the test: lorazepam 2 mg ≈ diazepam 10 mg (shipped: 1 mg), steps every 4 weeks.
      const body = shippedBody<{
        equivalents: { drug: string; mgEquivalentToDiazepam10: number }[];
        intervalDays: number;
      }>('benzodiazepine-taper');
      body.equivalents.find((e) => e.drug === 'lorazepam')!.mgEquivalentToDiazepam10 = 2;
      body.intervalDays = 28;
      // Saved under the service's own name and source: a plan made with it must say so (it showed the
      // shipped taper default's name and source, found in review).
      await approve('benzodiazepine-taper', body, '1.1.0-local', {
        name: 'Benzodiazepine reduction (service policy)',
        source: 'Pain service benzodiazepine policy, agreed by the clinical lead, November 2026',
      });
      const lorazepam: MedicineInput = {
        ...BASE,
        formularyId: 'lorazepam-tablet',
        strength: '1 mg',
        doseKind: 'regular',
        doseMg: 1,
        timesPerDay: 2,
      };
      const line = await app.ok('meds:add', { patientId, medicine: lorazepam }, 'cons');
      // 2 mg a day × 10 ÷ 2 = 10 mg of diazepam a day (5 mg twice a day), by hand.
      const sw = await app.ok(
        'meds:switchToDiazepam',
        { patientId, itemId: line.itemId, version: line.version, reason: 'Switch before reducing' },
        'cons',
      );
      expect(sw.switch.diazepamMgPer24h).toBe(10);
      expect(sw.switch.ruleSet.version).toBe('1.1.0-local');
      const plan = await app.ok(
        'meds:createPlan',
        {
          patientId,
          itemId: sw.diazepam.itemId,
          goal: 'stop',
          reason: 'Agreed to reduce',
          startDate: '2026-11-23',
        },
        'cons',
      );
      // 10 mg a day is in the 1 mg band (5 to 20 mg): 10 -> 9 on 23-Nov-2026 + 28 days = 21-Dec-2026.
      expect(plan.intervalDays).toBe(28);
      expect(plan.ruleSet).toMatchObject({
        version: '1.1.0-local',
        name: 'Benzodiazepine reduction (service policy)',
        source: 'Pain service benzodiazepine policy, agreed by the clinical lead, November 2026',
      });
      expect(plan.steps.slice(0, 2).map((s) => [s.date, s.dose])).toEqual([
        ['2026-11-23', 10],
        ['2026-12-21', 9],
      ]);
    });

    it('an approved maximum-dose version is what entry checks use', async () => {
      // Local policy, for the test: pregabalin at most 300 mg a day (shipped: 600 mg, BNF).
      const body = shippedBody<{ maxDaily: { generic: string; maxMgPer24h: number; note: string }[] }>(
        'entry-warnings',
      );
      const row = body.maxDaily.find((m) => m.generic === 'pregabalin')!;
      row.maxMgPer24h = 300;
      row.note = 'local maximum 300 mg daily';
      const pregabalin: MedicineInput = {
        ...BASE,
        indication: 'Neuropathic pain',
        formularyId: 'pregabalin-capsule',
        strength: '200 mg',
        doseKind: 'regular',
        doseMg: 200,
        timesPerDay: 2,
      };
      // 400 mg a day: below the shipped 600 mg, so saved without a word before the change.
      const before = await app.call('meds:add', { patientId, medicine: pregabalin }, 'cons');
      expect(before.ok).toBe(true);
      await approve('entry-warnings', body, '1.3.0');
      const after = await app.call('meds:add', { patientId, medicine: pregabalin }, 'cons');
      expect(after.ok).toBe(false);
      if (after.ok) return;
      expect(after.error.fields?.['medicine.warning.ABOVE_MAX_DAILY_DOSE']).toMatch(
        /400 mg in 24 hours is above .*local maximum 300 mg daily.*v1\.3\.0/,
      );
    });
  },
);
