import { afterEach, beforeEach, expect, it } from 'vitest';
import { MEASURES, type RiskItemRule } from '../../shared/clinical/rehab/measures';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';

/**
 * Issue 15: "The same mechanism serves any other item the rule set marks as a risk item." The outcome
 * measure rule set ships PHQ-9 item 9 as its only risk item; here a test rule marks GAD-7 item 7 as one
 * (answer above 1), and the whole path is checked without any GAD-7-specific code: the alert opens for a
 * back-dated form, a later blank prompts to ask the item and does not close it, and only an acknowledgement
 * with the action taken does. The rule is removed again after each test.
 */

const TEST_RULE: RiskItemRule = {
  item: 7,
  above: 1,
  label: 'feeling afraid as if something awful might happen',
  source: 'Test rule (not shipped)',
};

describeEachEngine('any risk item the outcome measure rule set marks (issue 15)', (engine) => {
  let app: TestApp;
  const gad7 = MEASURES['GAD-7'] as { riskItems?: readonly RiskItemRule[] };
  beforeEach(async () => {
    gad7.riskItems = [TEST_RULE];
    app = await createTestApp(engine);
  });
  afterEach(async () => {
    delete gad7.riskItems;
    await app.close();
  });

  it('GAD-7 item 7 marked as a risk item: raised by a back-dated form, kept through a later blank, closed only by an acknowledgement', async () => {
    await signedInAs(app, 'physiotherapist');
    const p = await app.ok('patients:create', {
      surname: 'Smith',
      forename: 'Jo',
      dateOfBirth: '1970-01-01',
      sex: 'female',
      allergies: [],
    });
    await app.ok('rehab:createPlan', { patientId: p.id, pathway: 'psychology', referralDate: '2026-09-01' });
    const gad = (administeredOn: string, answers: (number | null)[]) =>
      app.ok('rehab:recordMeasure', {
        patientId: p.id,
        measure: 'GAD-7',
        timePoint: 'other',
        administeredOn,
        answers,
      });
    await gad('2026-11-10', [1, 1, 1, 1, 1, 1, 1]); // item 7 = 1: not above 1, no alert
    expect((await app.ok('rehab:riskAlerts', { patientId: p.id })).open).toEqual([]);
    await gad('2026-10-01', [2, 2, 2, 2, 2, 2, 3]); // back-dated, item 7 = 3
    const later = await gad('2026-11-15', [0, 0, 0, 0, 0, 0, null]);
    expect(later.score.prompts).toEqual([
      'GAD-7 item 7 (feeling afraid as if something awful might happen) was left blank: ask the patient this ' +
        'question today and record the answer. A blank answer does not close an open risk alert.',
    ]);
    const alerts = await app.ok('rehab:riskAlerts', { patientId: p.id });
    expect(alerts.open.map((a) => [a.measure, a.item, a.answer, a.itemLabel, a.administeredOn])).toEqual([
      ['GAD-7', 7, 3, 'feeling afraid as if something awful might happen', '2026-10-01'],
    ]);
    const a = alerts.open[0]!;
    await app.ok('rehab:acknowledgeRisk', {
      alertId: a.id,
      version: a.version,
      actionTaken: 'Seen the same day; plan agreed.',
    });
    const after = await app.ok('rehab:riskAlerts', { patientId: p.id });
    expect(after.open).toEqual([]);
    expect(after.acknowledged.map((x) => x.actionTaken)).toEqual(['Seen the same day; plan agreed.']);
  });
});
