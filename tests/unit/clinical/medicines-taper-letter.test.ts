import { describe, expect, it } from 'vitest';
import { avoidNonWorkingDays, dayOfWeek } from '../../../shared/clinical/medicines/taper-dates';
import { taperLetterSafety } from '../../../shared/clinical/medicines/taper-letter';

describe('taper step dates avoid weekends and bank holidays (issue 13)', () => {
  it('moves each step to the next working day and the later steps with it (worked by hand)', () => {
    // 7-Dec-2026 is a Monday; 19 and 26 Dec 2026 and 2 Jan 2027 are Saturdays. GOV.UK England and Wales:
    // 28-Dec-2026 is the Boxing Day substitute bank holiday.
    expect(dayOfWeek('2026-12-07')).toBe(1);
    expect(dayOfWeek('2026-12-19')).toBe(6);
    const steps = [
      { date: '2026-12-07', dose: 40 },
      { date: '2026-12-19', dose: 35 },
      { date: '2026-12-26', dose: 30 },
      { date: '2027-01-02', dose: 25 },
    ];
    // Sat 19 -> Mon 21 (+2); Sat 26 + 2 = Mon 28 (bank holiday) -> Tue 29 (+3); Sat 2 Jan + 3 = Tue 5 Jan.
    expect(avoidNonWorkingDays(steps).map((s) => s.date)).toEqual([
      '2026-12-07',
      '2026-12-21',
      '2026-12-29',
      '2027-01-05',
    ]);
  });

  it('never shortens an interval and leaves the first step alone', () => {
    const steps = [
      { date: '2026-11-21', dose: 40 }, // a Saturday, but the starting dose is not moved
      { date: '2026-11-28', dose: 35 }, // Saturday -> Monday 30
      { date: '2026-12-01', dose: 30 }, // Tuesday + 2 = Thursday 3
    ];
    expect(avoidNonWorkingDays(steps).map((s) => s.date)).toEqual(['2026-11-21', '2026-11-30', '2026-12-03']);
  });
});

describe('taper letter safety wording (issue 13)', () => {
  const oxy = {
    name: 'Oxycodone MR',
    generic: 'oxycodone',
    drugClass: 'strong-opioid',
    doseText: '20 mg twice a day',
  };
  const diazepam = {
    name: 'Diazepam',
    generic: 'diazepam',
    drugClass: 'benzodiazepine-z-drug',
    doseText: '5 mg three times a day',
  };
  const sertraline = {
    name: 'Sertraline',
    generic: 'sertraline',
    drugClass: 'antidepressant',
    doseText: '50 mg once a day',
  };
  const amitriptyline = {
    name: 'Amitriptyline',
    generic: 'amitriptyline',
    drugClass: 'antidepressant',
    doseText: '10 mg at night',
  };

  it('opioid taper alone below 90 mg OME: opioid withdrawal and tolerance, no naloxone', () => {
    const s = taperLetterSafety({ tapered: oxy, others: [sertraline], totalOmeMgPer24h: 60 });
    expect(s.taperClass).toBe('opioid');
    expect(s.otherMedicines).toEqual([]); // sertraline is not sedating in the MHRA sense used here
    expect(s.tolerance).toMatch(/overdose/);
    expect(s.naloxone).toBeNull();
  });

  it('opioid at 90 mg OME (inclusive, FPM high dose) gets naloxone advice', () => {
    expect(taperLetterSafety({ tapered: oxy, others: [], totalOmeMgPer24h: 90 }).naloxone).toMatch(
      /naloxone/,
    );
    expect(taperLetterSafety({ tapered: oxy, others: [], totalOmeMgPer24h: 89.9 }).naloxone).toBeNull();
  });

  it('benzodiazepine taper beside an opioid and a tricyclic: both named, benzodiazepine wording, naloxone', () => {
    const s = taperLetterSafety({ tapered: diazepam, others: [oxy, amitriptyline], totalOmeMgPer24h: 60 });
    expect(s.taperClass).toBe('benzodiazepine');
    expect(s.withdrawal).toMatch(/fits/);
    expect(s.otherMedicines.map((m) => m.why)).toEqual(['opioid', 'tricyclic antidepressant (sedating)']);
    expect(s.naloxone).toMatch(/naloxone/);
  });

  it('benzodiazepine taper with no opioid: no naloxone', () => {
    expect(taperLetterSafety({ tapered: diazepam, others: [], totalOmeMgPer24h: null }).naloxone).toBeNull();
  });
});
