import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkRuleSet, RULE_SET_KINDS, RULE_SET_REGISTRY } from '../../../shared/domain/rule-sets';

/**
 * the service's clinical decisions (clinical lead): every clinical default is visible in the app (name, version, source) and changeable in
 * Settings by an administrator, with the clinical lead's approval. Issue 13 (stop 5): the Ashton diazepam
 * switch and steps, the entry maxima and the SSRI/SNRI set shipped in code without a way to change them.
 *
 * This test finds every rule set written in shared/clinical (an exported value with an id, version and source,
 * directly or under `meta`) and fails when one is neither a shipped set of a Settings rule-set kind
 * nor listed below with the reason it is not edited there. So the next rule set cannot be forgotten.
 */
const NOT_EDITED_IN_SETTINGS: Record<string, string> = {
  'cdc-2022-comparison':
    'CDC 2022 factors give a comparison figure only, never the UK total (product decision, medicines 2).',
  cows: 'The Clinical Opiate Withdrawal Scale is a published instrument (Wesson & Ling 2003): its items are fixed.',
  'rehab-outcome-measures':
    'Published questionnaires (PHQ-9, GAD-7, PSEQ, ...): items and scoring are fixed by their authors.',
  'benzodiazepine-equivalence-uk':
    'Not used by any computation: the diazepam switch uses the equivalents of the Ashton rule set (editable).',
  'example-pain-mdt-quorum':
    'Quorum rules are edited per meeting type in MDT set-up (stored with the meeting type).',
  // Issue 13 (stop 6): case readiness and the suggestion order are now Settings kinds. The letter templates
  // are not: they are edited in MDT › Letter templates, their own versioned store where a clinical lead's saved
  // version is the approval (mdt:letterTemplates:save / approve), and a template is wording with placeholders,
  // not rules; a second editor in Settings would give two histories for one letter.
  'mdt-gp-letter': 'Edited in MDT › Letter templates (own versions; saving by a clinical lead approves).',
  'mdt-referrer-letter':
    'Edited in MDT › Letter templates (own versions; saving by a clinical lead approves).',
  'mdt-patient-letter':
    'Edited in MDT › Letter templates (own versions; saving by a clinical lead approves).',
};

interface Found {
  file: string;
  exportName: string;
  id: string;
}

const isStr = (x: unknown): x is string => typeof x === 'string' && x.length > 0;
function metaOf(v: unknown): { id: string } | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const m = (o.meta && typeof o.meta === 'object' ? o.meta : o) as Record<string, unknown>;
  return isStr(m.id) && isStr(m.version) && isStr(m.source) ? { id: m.id } : null;
}

const CLINICAL = join(__dirname, '../../../shared/clinical');
let found: Found[] = [];

/** Every exported rule set in shared/clinical (each .ts file imported). */
async function scan(): Promise<Found[]> {
  const files = readdirSync(CLINICAL, { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.d.ts'),
  );
  const out: Found[] = [];
  for (const f of files) {
    const mod = (await import(join(CLINICAL, f))) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(mod)) {
      const m = metaOf(value);
      if (m) out.push({ file: relative(CLINICAL, join(CLINICAL, f)), exportName, id: m.id });
    }
  }
  return out;
}
const ruleSetsInCode = () => found;

describe('every clinical rule set in code can be changed in Settings', () => {
  beforeAll(async () => {
    found = await scan();
  });
  const shippedKeys = new Set(
    RULE_SET_KINDS.flatMap((k) => RULE_SET_REGISTRY[k].shipped.map((s) => s.setKey)),
  );

  it('finds the rule sets written in shared/clinical (the scan works)', () => {
    const ids = ruleSetsInCode().map((f) => f.id);
    // A few known ones, so an empty scan cannot pass silently.
    for (const id of [
      'benzodiazepine-taper-ashton',
      'medicine-entry-warnings-uk',
      'serotonergic-asra-esra-pain-2018',
    ])
      expect(ids).toContain(id);
  });

  it('each is a shipped set of a Settings kind, or is listed with the reason it is not', () => {
    const missing = ruleSetsInCode()
      .filter((f) => !shippedKeys.has(f.id) && !(f.id in NOT_EDITED_IN_SETTINGS))
      .map((f) => `${f.exportName} (${f.id}) in ${f.file}`);
    expect(missing).toEqual([]);
  });

  it('no exemption hides a set that is in fact editable, or one that no longer exists', () => {
    const ids = new Set(ruleSetsInCode().map((f) => f.id));
    for (const id of Object.keys(NOT_EDITED_IN_SETTINGS)) {
      expect(shippedKeys.has(id), id).toBe(false);
      expect(ids.has(id), id).toBe(true);
    }
  });

  it('every Settings kind has a label, an area, a body schema and exactly one default shipped set', () => {
    for (const k of RULE_SET_KINDS) {
      const def = RULE_SET_REGISTRY[k];
      expect(def.key, k).toBe(k);
      expect(def.label.length, k).toBeGreaterThan(0);
      expect(['Medicines', 'Interventions', 'Rehabilitation', 'MDT'], k).toContain(def.area);
      expect(
        def.shipped.filter((s) => s.isDefault),
        k,
      ).toHaveLength(1);
    }
    // The MDT rules that decide what the team sees (issue 13, stop 6).
    expect(RULE_SET_KINDS).toEqual(expect.arrayContaining(['mdt-case-readiness', 'mdt-suggestion-ranking']));
  });

  it('the MDT suggestion order must list every reason once; case readiness needs a whole number of days', () => {
    const order = RULE_SET_REGISTRY['mdt-suggestion-ranking'].shipped[0]!;
    const body = structuredClone(order.body) as { order: string[] };
    body.order.pop();
    const r = checkRuleSet('mdt-suggestion-ranking', order, body);
    expect(r.ok ? 'ok' : JSON.stringify(r.fields)).toMatch(/each of the 6 suggestion reasons exactly once/);
    const ready = RULE_SET_REGISTRY['mdt-case-readiness'].shipped[0]!;
    const rb = structuredClone(ready.body) as { outcomeMeasureMaxAgeDays: { value: number } };
    rb.outcomeMeasureMaxAgeDays.value = 30.5;
    expect(checkRuleSet('mdt-case-readiness', ready, rb).ok).toBe(false);
    rb.outcomeMeasureMaxAgeDays.value = 30;
    const ok = checkRuleSet('mdt-case-readiness', ready, rb);
    expect(ok.ok && ok.value.outcomeMeasureMaxAgeDays.value).toBe(30);
  });

  it('every shipped set passes its own kind’s checks, so a new version can start from it', () => {
    for (const k of RULE_SET_KINDS)
      for (const s of RULE_SET_REGISTRY[k].shipped) {
        const r = checkRuleSet(k, s, s.body);
        expect(r.ok ? 'ok' : JSON.stringify(r.fields), `${k}/${s.setKey}`).toBe('ok');
      }
  });
});
