/**
 * Issue 14: hold plans bound to the procedure they are for. Expected values worked by hand from
 * Narouze et al. 2018 (ASRA/ESRA pain 2018: apixaban high risk 3-5 days, default 120 h, restart 24 h;
 * warfarin "check the INR") and the service's clinical decisions (clinical lead), interventions 1 (unknown start: 00:00 on the day, the
 * conservative end) and "Interoperability and safety" 3 (a prescriber may choose within the range).
 */
import { describe, expect, it } from 'vitest';
import {
  ASRA_ESRA_PAIN_2018,
  holdCoverage,
  holdInstructions,
  planAnticoagulantHold,
} from '../../../shared/clinical/interventions/index';
import { clinicalErrorFrom } from '../../helpers/clinical';

const CRCL = { mlPerMin: 80, date: '2026-11-20' };
const TODAY = '2026-11-24';

const apixaban = (procedureStart: string, extra: { chosenHoldHours?: number } = {}) =>
  planAnticoagulantHold(
    {
      drug: 'apixaban',
      procedureRisk: 'high',
      procedureStart,
      doseTimes: ['08:00', '20:00'],
      creatinineClearance: CRCL,
      today: TODAY,
      ...extra,
    },
    ASRA_ESRA_PAIN_2018,
  );

describe('a hold approval covers one procedure start', () => {
  // Approved for an SCS trial on Tue 15 Dec 2026 08:30 (120 h: last dose by Thu 10 Dec 08:30).
  const approvedFor = '2026-12-15T08:30';
  const record = { drug: 'apixaban', plan: apixaban(approvedFor), planFor: approvedFor, approved: true };

  it('stays approved for that start', () => {
    expect(holdCoverage(record, apixaban(approvedFor), approvedFor, '2026-12-01T10:00')).toEqual({
      state: 'approved',
    });
  });

  it('booked three days earlier (Sat 12 Dec 08:30) it is no longer approved: the last permitted dose is past', () => {
    // 12 Dec 08:30 − 120 h = Mon 7 Dec 08:30 (GMT throughout). "Now" is Wed 9 Dec 10:00: two days past.
    const earlier = '2026-12-12T08:30';
    const plan = apixaban(earlier);
    expect(plan.latestLastDoseAt).toBe('2026-12-07T08:30');
    const c = holdCoverage(record, plan, earlier, '2026-12-09T10:00');
    expect(c.state).toBe('last-dose-past');
    if (c.state === 'last-dose-past') expect(c.message).toMatch(/07\/12\/2026 08:30.*already past/);
  });

  it('a later date whose last dose is still ahead needs re-approval, naming both starts', () => {
    const later = '2026-12-18T13:00';
    const c = holdCoverage(record, apixaban(later), later, '2026-12-01T10:00');
    expect(c.state).toBe('needs-reapproval');
    if (c.state === 'needs-reapproval') expect(c.message).toMatch(/15\/12\/2026 08:30.*18\/12\/2026 13:00/);
  });

  it('an unapproved plan needs approval', () => {
    expect(
      holdCoverage({ ...record, approved: false }, apixaban(approvedFor), approvedFor, '2026-12-01T10:00')
        .state,
    ).toBe('needs-approval');
  });

  it('an approval cleared by a change (a cancellation) is "needs re-approval" with why, not a first approval', () => {
    // The booking on 15/12/2026 was cancelled: the stored approval was cleared with that note; the plan is
    // recomputed for the same start, so only the note says it was approved before (issue 14: "needs
    // re-approval" everywhere it shows).
    const c = holdCoverage(
      {
        ...record,
        approved: false,
        reapprovalNote: 'Re-approval needed: the booking on 15/12/2026 was cancelled.',
      },
      apixaban(approvedFor),
      approvedFor,
      '2026-12-01T10:00',
    );
    expect(c).toEqual({
      state: 'needs-reapproval',
      message:
        'The apixaban hold plan for a start at 15/12/2026 08:30 needs re-approval: the booking on 15/12/2026 was cancelled.',
    });
  });
});

describe('unknown start time: hold from 00:00, restart from the end of the day', () => {
  it('a 16:00 list with the start unknown: restart 24 h after midnight at the end of the day, not 8 h after the list', () => {
    // Date only, Mon 14 Dec 2026: hold from 00:00 14 Dec − 120 h = Wed 9 Dec 00:00; restart from the end of
    // 14 Dec (00:00 Tue 15 Dec) + 24 h = Wed 16 Dec 00:00. (Before: 00:00 14 Dec + 24 h = 15 Dec 00:00,
    // 8 hours after a 16:00 list.)
    const plan = apixaban('2026-12-14');
    expect(plan.latestLastDoseAt).toBe('2026-12-09T00:00');
    expect(plan.restartNotBefore).toBe('2026-12-16T00:00');
    expect(plan.startTimeKnown).toBe(false);
    expect(plan.notes?.join(' ')).toMatch(/end of the day/);
  });
});

describe('the plan shows its notes, source and range; a prescriber may choose within the range', () => {
  it('warfarin shows the INR note and the source', () => {
    const plan = planAnticoagulantHold(
      {
        drug: 'warfarin',
        procedureRisk: 'high',
        procedureStart: '2026-12-15T08:30',
        doseTimes: ['18:00'],
        today: TODAY,
      },
      ASRA_ESRA_PAIN_2018,
    );
    expect(plan.notes).toContain('Check the INR is normal before the procedure.');
    expect(plan.source).toMatch(/Narouze/);
  });

  it('apixaban high risk: range 72-120 h (3-5 days); 72 h chosen moves the last dose to Sat 12 Dec 08:30', () => {
    expect(apixaban('2026-12-15T08:30').rangeHours).toEqual({ min: 72, max: 120 });
    const chosen = apixaban('2026-12-15T08:30', { chosenHoldHours: 72 });
    expect(chosen.holdHours).toBe(72);
    expect(chosen.latestLastDoseAt).toBe('2026-12-12T08:30');
    expect(chosen.lastScheduledDoseAt).toBe('2026-12-12T08:00');
  });

  it('hours outside the range are refused', () => {
    const err = clinicalErrorFrom(() => apixaban('2026-12-15T08:30', { chosenHoldHours: 48 }));
    expect(err.field).toBe('chosenHoldHours');
    expect(err.message).toMatch(/between 72 and 120 hours/);
  });
});

describe('plain-words instructions with weekday and date', () => {
  it('apixaban before a procedure on Tue 29 Dec 08:30: last dose Thursday 24 December, morning', () => {
    // 29 Dec 08:30 − 120 h = Thu 24 Dec 08:30; the 08:00 dose that day is the last one.
    const plan = planAnticoagulantHold(
      {
        drug: 'apixaban',
        procedureRisk: 'high',
        procedureStart: '2026-12-29T08:30',
        doseTimes: ['08:00', '20:00'],
        creatinineClearance: CRCL,
        today: TODAY,
      },
      ASRA_ESRA_PAIN_2018,
    );
    const words = holdInstructions('apixaban', plan);
    expect(words[0]).toBe('Last dose of apixaban: Thursday 24 December, morning (the 08:00 dose).');
    expect(words[2]).toBe(
      'Restart apixaban: not before 08:30 on Wednesday 30 December, if the team confirms there was no bleeding.',
    );
  });
});

describe('the restart after an SCS trial is tied to the lead removal (issue 14, follow-up)', () => {
  // Same plan as above (apixaban, start Tue 29 Dec 08:30, restart 24 h later). An SCS trial is an episode
  // of two visits: the leads stay in for the trial (3-8 days, Neuromodulation Foundation practice parameters), so the restart
  // instruction must not tell the patient to restart while they are in.
  const plan = () =>
    planAnticoagulantHold(
      {
        drug: 'apixaban',
        procedureRisk: 'high',
        procedureStart: '2026-12-29T08:30',
        doseTimes: ['08:00', '20:00'],
        creatinineClearance: CRCL,
        today: TODAY,
      },
      ASRA_ESRA_PAIN_2018,
    );
  it('before the removal is recorded: not before the computed time AND not until the team has removed the leads', () => {
    expect(holdInstructions('apixaban', plan(), { scsTrial: { leadsRemovedOn: null } })[2]).toBe(
      'Restart apixaban: not while the trial leads are in. Not before 08:30 on Wednesday 30 December, and only when the team has removed the leads and confirms there was no bleeding.',
    );
  });
  it('once the removal (Tue 5 January) is recorded: no time before it is shown, and no hours are invented', () => {
    // Before: "(not before 08:30 on Wednesday 30 December)", six days BEFORE the leads came out. ASRA/ESRA
    // pain 2018 gives its restart (24 h) after the procedure, and no hours after a lead removal.
    expect(holdInstructions('apixaban', plan(), { scsTrial: { leadsRemovedOn: '2027-01-05' } })[2]).toBe(
      'Restart apixaban: the trial leads were removed on Tuesday 5 January. The guideline, ASRA/ESRA pain 2018 (version 1.0.0), gives no number of hours after a lead removal, so no time is set here: restart only when the team confirms there was no bleeding after the removal.',
    );
  });
  it('leads removed the day after insertion (Wed 30 December): the 24 h restart from the insertion still binds', () => {
    // Inserted Tue 29 Dec 08:30 + 24 h = Wed 30 Dec 08:30, the removal day: the earlier limit still applies.
    expect(holdInstructions('apixaban', plan(), { scsTrial: { leadsRemovedOn: '2026-12-30' } })[2]).toBe(
      'Restart apixaban: the trial leads were removed on Wednesday 30 December. The guideline, ASRA/ESRA pain 2018 (version 1.0.0), gives no number of hours after a lead removal, so no time is set here: restart only when the team confirms there was no bleeding after the removal, and not before 08:30 on Wednesday 30 December.',
    );
  });
});
