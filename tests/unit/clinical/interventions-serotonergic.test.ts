/**
 * SSRIs and SNRIs before pain procedures (issue 14). Expectations written by hand from ASRA/ESRA pain 2018
 * (Narouze S, et al. Reg Anesth Pain Med 2018;43:225-262): for HIGH-risk procedures (SCS trial/implant)
 * a shared decision with the prescriber about pausing an SSRI/SNRI; intermediate/low risk: continue
 * (nothing to show); no hold hours anywhere.
 */
import { describe, it, expect } from 'vitest';
import {
  SEROTONERGIC_ASRA_ESRA_2018,
  evaluateReadiness,
  findProcedure,
  serotonergicFromMedicines,
  serotonergicReadinessItems,
} from '../../../shared/clinical/interventions/index';
import type { ProcedureDefinition, ReadinessInput } from '../../../shared/clinical/interventions/index';

function proc(code: string): ProcedureDefinition {
  const p = findProcedure(code);
  if (!p) throw new Error(`no procedure ${code}`);
  return p;
}

function input(code: string, medicines: Partial<ReadinessInput['medicines']> = {}): ReadinessInput {
  return {
    today: '2026-06-01',
    procedure: proc(code),
    history: [],
    listing: { eligibility: { status: 'passed' }, baselineOutcomesRecorded: true },
    medicines: {
      antithromboticsReviewed: true,
      antithrombotics: [],
      onDualAntiplateletTherapy: false,
      ...medicines,
    },
    safety: { allergiesReviewed: true, allergies: [], devicesReviewed: true, devices: [] },
  };
}

const DULOXETINE = { drug: 'duloxetine', drugClass: 'SNRI' as const };

describe('SSRIs and SNRIs from the medicines list', () => {
  it('finds duloxetine (SNRI) and sertraline (SSRI) by generic, once each, and ignores other drugs', () => {
    expect(
      serotonergicFromMedicines([
        { generic: 'duloxetine', name: 'Duloxetine gastro-resistant capsules' },
        { generic: 'paracetamol', name: 'Paracetamol tablets' },
        { generic: 'sertraline', name: 'Sertraline tablets' },
        { generic: 'duloxetine', name: 'Cymbalta' },
      ]),
    ).toEqual([
      { drug: 'duloxetine', drugClass: 'SNRI' },
      { drug: 'sertraline', drugClass: 'SSRI' },
    ]);
  });

  it('finds a medicine not on the formulary by its name (venlafaxine, paroxetine, citalopram, escitalopram, fluoxetine)', () => {
    expect(
      serotonergicFromMedicines([
        { generic: '', name: 'Venlafaxine XL 75mg capsules' },
        { generic: 'other', name: 'PAROXETINE 20 mg' },
        { generic: 'citalopram', name: 'Citalopram' },
        { generic: 'escitalopram', name: 'Escitalopram' },
        { generic: 'fluoxetine', name: 'Fluoxetine' },
      ]).map((s) => `${s.drug}:${s.drugClass}`),
    ).toEqual([
      'venlafaxine:SNRI',
      'paroxetine:SSRI',
      'citalopram:SSRI',
      'escitalopram:SSRI',
      'fluoxetine:SSRI',
    ]);
  });

  it('does not take escitalopram for citalopram (whole words only)', () => {
    expect(serotonergicFromMedicines([{ generic: 'escitalopram', name: 'x' }])).toEqual([
      { drug: 'escitalopram', drugClass: 'SSRI' },
    ]);
  });

  it('the rule set is versioned data with its source and no hold hours', () => {
    expect(SEROTONERGIC_ASRA_ESRA_2018.version).toBe('1');
    expect(SEROTONERGIC_ASRA_ESRA_2018.source).toContain('Reg Anesth Pain Med 2018;43:225-262');
    expect(JSON.stringify(SEROTONERGIC_ASRA_ESRA_2018)).not.toMatch(/hour|hold/i);
  });
});

describe('readiness for a patient on an SSRI/SNRI (ASRA/ESRA 2018)', () => {
  it('high risk (SCS trial): one warning to discuss pausing with the prescriber', () => {
    const items = evaluateReadiness(input('SCS_TRIAL', { serotonergic: [DULOXETINE] })).items;
    const item = items.find((i) => i.id === 'serotonergic-duloxetine');
    expect(item).toEqual({
      gate: 'B',
      id: 'serotonergic-duloxetine',
      title: 'Duloxetine (SNRI) before a high-risk procedure',
      status: 'warn',
      message:
        'On duloxetine (an SNRI): for a high-risk procedure, discuss with the prescriber whether to pause it; most patients continue (ASRA/ESRA 2018).',
    });
    expect(evaluateReadiness(input('SCS_TRIAL', { serotonergic: [DULOXETINE] })).needsOverride).toContain(
      'serotonergic-duloxetine',
    );
  });

  it('intermediate (facet joint injection) and low risk (lumbar RF): nothing', () => {
    for (const code of ['FJI', 'RFD_L']) {
      const items = evaluateReadiness(input(code, { serotonergic: [DULOXETINE] })).items;
      expect(items.filter((i) => i.id.startsWith('serotonergic-'))).toEqual([]);
    }
  });

  it('an intermediate procedure moved up to high by patient factors gets the warning', () => {
    const items = evaluateReadiness(
      input('FJI', { serotonergic: [DULOXETINE], effectiveBleedingRisk: 'high' }),
    ).items;
    expect(items.find((i) => i.id === 'serotonergic-duloxetine')?.status).toBe('warn');
  });

  it('no SSRI/SNRI: no item; no tier (IV infusion): no item', () => {
    expect(serotonergicReadinessItems([], 'high')).toEqual([]);
    expect(serotonergicReadinessItems([DULOXETINE], null)).toEqual([]);
  });

  it('the warning never becomes a hold plan or a block', () => {
    const r = evaluateReadiness(input('SCS_TRIAL', { serotonergic: [DULOXETINE] }));
    expect(r.items.filter((i) => i.id.startsWith('serotonergic-')).map((i) => i.status)).toEqual(['warn']);
    expect(r.items.some((i) => i.id.startsWith('hold-plan-'))).toBe(false);
  });
});
