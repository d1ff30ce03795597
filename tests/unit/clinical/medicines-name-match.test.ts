import { describe, expect, it } from 'vitest';
import {
  matchMedicineName,
  namesMedicine,
  normaliseMedicineName,
} from '../../../shared/clinical/medicines/name-match';
import { medicineChecks, type CheckMedicine } from '../../../shared/clinical/medicines/checks';

/**
 * checks.ts matched medicine names in two places with two copies of the rule (the check groups, and the
 * drug-driving notes), and a third exact comparison for pregnancy cautions that missed lines recorded as
 * written. One matcher now serves all of them. Every row is written by hand.
 */
describe('namesMedicine: one matcher for formulary lines and lines recorded as written', () => {
  it.each([
    // Formulary lines carry the generic itself.
    ['oxycodone', 'oxycodone', true],
    ['morphine', 'morphine', true],
    ['sodium picosulfate', 'sodium picosulfate', true],
    // A different generic that only shares letters is not a match.
    ['oxycodone', 'codeine', false],
    ['dihydrocodeine', 'codeine', false],
    ['codeine', 'dihydrocodeine', false],
    ['lisdexamfetamine', 'dexamfetamine', false],
    ['dexamfetamine', 'amphetamine', false],
    ['morphinex', 'morphine', false],
    // Recorded as written: matched by the first word(s).
    ['ketamine 50 mg/5 ml oral solution', 'ketamine', true],
    ['promethazine 25 mg tablets', 'promethazine', true],
    ['sodium picosulfate 5 mg/5 ml', 'sodium picosulfate', true],
    ['oxycodone/naloxone 10/5 mg', 'oxycodone', true],
    ['tramadol (zydol) 50 mg', 'tramadol', true],
    ['codeine, 30 mg', 'codeine', true],
    ['ketamine50mg', 'ketamine', false],
    ['oral ketamine 10 mg', 'ketamine', false],
    ['sodium 5 mg', 'sodium picosulfate', false],
    // Case and spacing do not matter (either side).
    ['Ketamine 50 mg/5 ml', 'ketamine', true],
    ['  KETAMINE   50 mg  ', 'ketamine', true],
    ['Sodium   Picosulfate\t5 mg', 'sodium picosulfate', true],
    ['oxycodone', ' Oxycodone ', true],
    ['Tapentadol', 'tapentadol', true],
    // An empty name never matches.
    ['', 'ketamine', false],
    ['ketamine', '', false],
  ])('"%s" names "%s": %s', (recorded, generic, expected) => {
    expect(namesMedicine(recorded, generic)).toBe(expected);
  });

  it('normalises case and spacing only', () => {
    expect(normaliseMedicineName('  Oxycodone   MR\t10 mg ')).toBe('oxycodone mr 10 mg');
  });

  it('matchMedicineName gives the first generic in the list that the name names', () => {
    expect(matchMedicineName('Codeine 30 mg tablets', ['morphine', 'codeine', 'diamorphine'])).toBe(
      'codeine',
    );
    expect(matchMedicineName('dexamfetamine', ['amphetamine', 'dexamfetamine'])).toBe('dexamfetamine');
    expect(matchMedicineName('pethidine 50 mg', ['morphine', 'codeine'])).toBeUndefined();
  });
});

describe('the checks use the one matcher for groups, driving notes and pregnancy cautions', () => {
  const line = (generic: string, drugClass = 'other'): CheckMedicine => ({
    generic,
    drugClass,
    route: 'not known',
    doseKind: 'regular',
    dailyMg: null,
  });
  const check = (meds: CheckMedicine[], patient: { sex: string; ageYears: number }) =>
    medicineChecks({
      medicines: meds,
      patient: { ...patient, pregnancy: 'pregnant', creatinineClearance: null },
      omeTotalMgPer24h: 0,
      today: '2026-12-07',
    });

  it('a codeine line recorded as written, with odd case and spacing, gets the codeine driving note', () => {
    const d = check([line('  Codeine   30 mg tablets')], { sex: 'male', ageYears: 60 }).find(
      (c) => c.code === 'DRIVING',
    );
    expect(d?.detail).toBe(
      'Codeine 30 mg tablets (partly converted to morphine in the body, so a blood test can exceed the ' +
        'morphine limit of 80 micrograms per litre; the medical defence applies when it is taken as prescribed).',
    );
  });

  it('a pregabalin line recorded as written raises the pregnancy caution (it was missed)', () => {
    const p = check([line('Pregabalin 75 mg capsules')], { sex: 'female', ageYears: 30 }).find(
      (c) => c.code === 'PREGNANCY_CAUTION',
    );
    expect(p?.drugs).toEqual(['pregabalin 75 mg capsules']);
  });
});
