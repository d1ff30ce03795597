import { describe, expect, it } from 'vitest';
import { bleedingTier } from '../../../shared/clinical/interventions/index';

/**
 * Issue 14: "The bleeding-risk tier can be raised by patient factors (age, renal or liver disease,
 * coagulopathy, other antithrombotics) with the tier and why shown." Before this, the tier was the
 * procedure's catalogue tier only. ASRA/ESRA 2018 (Narouze et al. 2018, patient-factor upgrade rules): one tier up.
 */
const none = {
  ageYears: 50,
  renalDisease: false,
  liverDisease: false,
  coagulopathy: false,
  antithrombotics: [],
};

describe('bleeding-risk tier raised by patient factors', () => {
  it('a lumbar RF (low) in a 50-year-old with no factors stays low', () => {
    expect(bleedingTier('low', none)).toMatchObject({ tier: 'low', raised: false, reasons: [] });
  });
  it('age 72 with clopidogrel and aspirin together raises low to intermediate, saying why', () => {
    const t = bleedingTier('low', {
      ...none,
      ageYears: 72,
      antithrombotics: ['clopidogrel', 'aspirin-secondary-prevention'],
    });
    expect(t).toMatchObject({ procedureTier: 'low', tier: 'intermediate', raised: true });
    expect(t.reasons).toEqual([
      'age 72 (65 or over)',
      '2 antithrombotics together (clopidogrel, aspirin-secondary-prevention)',
    ]);
    expect(t.source).toContain('Reg Anesth Pain Med 2018');
  });
  it('renal disease raises an epidural (intermediate) to high; high stays high', () => {
    expect(bleedingTier('intermediate', { ...none, renalDisease: true }).tier).toBe('high');
    expect(bleedingTier('high', { ...none, coagulopathy: true, liverDisease: true })).toMatchObject({
      tier: 'high',
      raised: false,
      reasons: ['liver disease', 'coagulopathy'],
    });
  });
});
