import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays } from '../../shared/clinical/calendar';
import { londonToday } from '../../shared/dates';
import { axeViolations, launchChromium, screenshot, startPreview, type PreviewFixture } from './harness';
import { closeAll, newPage, seedStaff, signInToPatients, TOM_NOWAK } from './staff';
import { formatDateEntry } from '../../shared/date-entry';

/**
 * Issue 6, second part, in the real renderer: a physiotherapist creates a pain management programme cohort,
 * enrols two patients, takes the register for each session and opens the cohort report; refers a patient to
 * social prescribing, logs attendance, links SWEMWBS before and after, records the outcome and prints the
 * message to the GP; carries goals into a new plan; PSFS activities carry forward.
 */
let browser: Browser;
let preview: PreviewFixture;
let page: Page;
const ids: Record<string, number> = {};
const today = londonToday();
const day = (n: number) => addCalendarDays(today, n);

const seed = <T = { id: number }>(channel: string, payload: unknown, session = 'seed-physio') =>
  preview.seed<T>(channel, payload, session);

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreview();
  await seedStaff(preview, [TOM_NOWAK], { signIn: { tnowak: 'seed-physio' } });
  for (const [key, surname, forename] of [
    ['ann', 'Archer', 'Ann'],
    ['ben', 'Baker', 'Ben'],
  ] as const)
    ids[key] = (
      await seed('patients:create', {
        surname,
        forename,
        dateOfBirth: '1968-04-02',
        sex: key === 'ann' ? 'female' : 'male',
        gpPractice: 'Riverside Surgery',
        referralDate: day(-120),
        allergies: [],
      })
    ).id;
  page = await newPage(browser);
}, 60_000);
afterAll(() => closeAll(browser, preview));

const goal = (activity: string, baseline: -1 | -2) => ({
  whatMatters: `I want to ${activity}`,
  activity,
  measure: 'minutes',
  target: '20 minutes',
  setOn: day(-21),
  targetDate: day(30),
  domain: 'mobility',
  baseline,
  levelMinus2: 'none',
  levelMinus1: 'some',
  levelZero: 'the goal',
  levelPlus1: 'more',
  levelPlus2: 'much more',
});

describe('Pain management programme groups and social prescribing in the browser preview', () => {
  it('creates a cohort of four weekly sessions', async () => {
    await signInToPatients(page, preview, 'tnowak', 'tom nowak password');
    await page.evaluate(`location.hash = '#/rehab/groups'`);
    await page.getByRole('tab', { name: 'Group programmes', selected: true }).waitFor();
    await page.getByRole('button', { name: 'New programme' }).click();
    const form = page.getByRole('form', { name: 'New programme' });
    await form.getByRole('button', { name: 'Create programme' }).click();
    await form.getByText('Add at least one session.').waitFor();
    expect(preview.count('rehab_programmes')).toBe(0);
    await form.getByLabel(/^Programme name/).fill('Autumn pain management programme');
    await form.getByLabel(/^Facilitators/).fill('Tom Nowak (physiotherapist), Dr Ana Lee (psychologist)');
    await form.getByLabel('Location').fill('Outpatients, room 4');
    await form.getByLabel('First session').fill(day(-21));
    await form.getByLabel('Number of weekly sessions').fill('4');
    await form.getByRole('button', { name: 'Fill in weekly dates' }).click();
    await form.getByLabel('Session 1 topic').fill('Understanding pain');
    await form.getByLabel('Session 2 topic').fill('Pacing');
    await expect.poll(() => form.getByLabel('Session 4 date').inputValue()).toBe(formatDateEntry(today)); // dd/mm/yyyy (issue 18)
    await screenshot(page, 'rehab-groups-01-new-programme');
    expect(await axeViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Create programme' }).click();
    await page.getByRole('heading', { name: 'Autumn pain management programme' }).waitFor();
    expect(preview.count('rehab_programme_sessions')).toBe(4);
  });

  it('enrols two patients and takes the register for each session', async () => {
    for (const name of ['Archer', 'Baker']) {
      const enrol = page.getByRole('region', { name: 'Enrol a patient' });
      await enrol.getByLabel(/^Find a patient/).fill(name);
      await expect.poll(() => enrol.getByLabel('Patient', { exact: true }).locator('option').count()).toBe(2);
      await enrol.getByLabel('Patient', { exact: true }).selectOption({ index: 1 });
      await enrol.getByLabel('Enrolled on').fill(day(-25));
      await enrol.getByRole('button', { name: 'Enrol' }).click();
      await page.getByRole('table', { name: 'Attendance register' }).getByText(name.toUpperCase()).waitFor();
    }
    expect(preview.count('rehab_programme_enrolments')).toBe(2);
    const marks = {
      'ARCHER, Ann': ['attended', 'attended', 'attended', 'apologies'],
      'BAKER, Ben': ['attended', 'dna', 'dna', 'attended'],
    };
    const reg = page.getByRole('region', { name: 'Take the register' });
    for (let i = 0; i < 4; i++) {
      await reg.getByLabel('Session', { exact: true }).selectOption({ index: i });
      for (const [name, list] of Object.entries(marks))
        await reg.getByLabel(name, { exact: true }).selectOption(list[i]!);
      if (i === 3) await screenshot(page, 'rehab-groups-02-register');
      await reg.getByRole('button', { name: 'Save register' }).click();
      await page.getByText(`Register saved for session ${i + 1}`).waitFor();
    }
    expect(preview.count('rehab_programme_attendance')).toBe(8);
    await screenshot(page, 'rehab-groups-03-programme');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('opens the cohort report: attendance, completers, GAS and measure change as charts and tables', async () => {
    // Goals, reviews and PHQ-9s through the services (the rehab scenario clicks those through already).
    const plans = preview.dispatcher.conn.sqlite
      .prepare('SELECT patient_id, plan_id FROM rehab_programme_enrolments')
      .all() as { patient_id: number; plan_id: number }[];
    const planOf = (pid: number) => plans.find((p) => p.patient_id === pid)!.plan_id;
    const g1 = await seed('rehab:addGoal', { planId: planOf(ids.ann!), goal: goal('walk the dog', -1) });
    await seed('rehab:review', {
      planId: planOf(ids.ann!),
      reviewDate: today,
      ratings: [{ goalId: g1.id, outcome: 'a little more than expected' }],
    });
    const phq = (patientId: number, date: string, answers: number[]) =>
      seed('rehab:recordMeasure', {
        patientId,
        measure: 'PHQ-9',
        timePoint: 'other',
        administeredOn: date,
        answers,
      });
    await phq(ids.ann!, day(-22), [3, 3, 2, 2, 2, 2, 2, 2, 0]); // 18
    await phq(ids.ann!, today, [1, 1, 1, 1, 1, 1, 1, 1, 0]); // 8: −10, a reliable improvement
    await phq(ids.ben!, day(-21), [1, 1, 1, 1, 1, 1, 1, 1, 0]); // 8
    await phq(ids.ben!, today, [1, 1, 1, 1, 1, 1, 1, 1, 0]); // 8: no change
    await page.getByRole('link', { name: 'Cohort report' }).click();
    await page.getByRole('heading', { name: 'Cohort report: Autumn pain management programme' }).waitFor();
    // Attended 3 + 2 = 5 of 2 × 4 = 8 places: 62.5%; completers need 3 of 4 (75%): Ann only.
    await page.getByText('62.5%', { exact: true }).waitFor();
    await screenshot(page, 'rehab-groups-04-cohort-report');
    await page.getByText('1 of 2', { exact: true }).waitFor();
    await page
      .getByText('A completer attended at least 75% of the programme’s 4 sessions (3 or more).')
      .waitFor();
    const participants = page.getByRole('table', { name: 'Cohort participants' });
    await participants
      .getByRole('row', { name: /ARCHER, Ann 3 1 0 0 75\.0% Yes T-score 60\.0 on 1 of 1 goal / })
      .waitFor();
    await participants.getByRole('row', { name: /BAKER, Ben 2 0 2 0 50\.0% No No review/ }).waitFor();
    await page
      .getByRole('table', { name: 'Cohort measures' })
      .getByRole('row', { name: 'PHQ-9 2 1 0 50.0%' })
      .waitFor();
    await expect
      .poll(() => page.getByRole('img', { name: /GAS T-score change since baseline/ }).count(), {
        timeout: 30_000,
      })
      .toBe(1);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('refers to social prescribing, logs attendance, links SWEMWBS and prints the message to the GP', async () => {
    await seed('rehab:recordMeasure', {
      patientId: ids.ann!,
      measure: 'SWEMWBS',
      timePoint: 'other',
      administeredOn: day(-20),
      answers: [2, 2, 2, 2, 2, 2, 2],
    });
    await seed('rehab:recordMeasure', {
      patientId: ids.ann!,
      measure: 'SWEMWBS',
      timePoint: 'other',
      administeredOn: day(-1),
      answers: [3, 3, 3, 3, 3, 3, 3],
    });
    await page.evaluate(`location.hash = '#/patients/${ids.ann}'`);
    await page.getByRole('tab', { name: 'Rehab' }).click();
    await page.getByRole('button', { name: 'Refer to social prescribing' }).click();
    const form = page.getByRole('form', { name: 'Social prescribing referral' });
    await form.getByLabel(/^Referral date/).fill(day(-20));
    await form.getByLabel(/^Kind of activity/).selectOption('walking-group');
    await form.getByLabel(/^Activity \(what and where\)/).fill('Tuesday walking group, Victoria Park');
    await form.getByLabel('Provider').fill('Ramblers Wellbeing Walks');
    await form.getByLabel('Planned frequency').fill('weekly');
    await form.getByLabel(/^Reason for referral/).fill('Low mood and inactivity since stopping work');
    await form.getByRole('button', { name: 'Save referral' }).click();
    const card = page.getByRole('article', { name: 'Walking group: Tuesday walking group, Victoria Park' });
    await card.getByText('Referred, not started').waitFor();
    for (const [date, attended] of [
      [day(-14), 'true'],
      [day(-7), 'false'],
    ] as const) {
      await card.getByRole('button', { name: 'Record attendance' }).click();
      const f = card.getByRole('form', { name: 'Record attendance' });
      await f.getByLabel(/^Session date/).fill(date);
      await f.getByLabel('Attended?').selectOption(attended);
      await f.getByRole('button', { name: 'Save attendance' }).click();
      await f.waitFor({ state: 'detached' });
    }
    await card.getByText('Attended 1 of 2 sessions recorded.').waitFor();
    await card.getByRole('button', { name: 'Before and after measures' }).click();
    const m = card.getByRole('form', { name: 'Before and after measures' });
    await m.getByLabel(/^Before/).selectOption({ index: 1 });
    await m.getByLabel('After', { exact: true }).selectOption({ index: 2 });
    await m.getByRole('button', { name: 'Save measures' }).click();
    await card.getByText('Meaningful improvement').waitFor();
    await card.getByRole('button', { name: 'Record the outcome' }).click();
    const o = card.getByRole('form', { name: 'Record the outcome' });
    await o.getByLabel(/^End date/).fill(day(-1));
    await o.getByLabel('Outcome', { exact: true }).selectOption('completed');
    await o.getByLabel('The patient’s experience, in their words').fill('I look forward to Tuesdays now');
    await o.getByRole('button', { name: 'Save outcome' }).click();
    await card.getByText('Completed', { exact: true }).waitFor();
    await screenshot(page, 'rehab-groups-05-social-prescribing');
    expect(await axeViolations(page)).toEqual([]);
    await card.getByRole('link', { name: 'Message to the GP' }).click();
    const letter = page.getByRole('article', { name: 'Message to the GP' });
    await letter.getByText(/Ann attended 1 of the 2 sessions we have a record of/).waitFor();
    await letter.getByText(/This is a meaningful improvement/).waitFor();
    const text = await letter.innerText();
    expect(text).toContain('To: the GP, Riverside Surgery');
    expect(text).toContain('871731000000106');
    expect(text).not.toMatch(/undefined|null|NaN|\{|\}/);
    await screenshot(page, 'rehab-groups-06-gp-message');
    expect(await axeViolations(page)).toEqual([]);
    await page.evaluate(`location.hash = '#/rehab/social'`);
    await page
      .getByRole('table', { name: 'Social prescribing referrals' })
      .getByText('ARCHER, Ann')
      .waitFor();
    await screenshot(page, 'rehab-groups-07-social-list');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('carries goals into a new plan, and the next PSFS starts with the last activities', async () => {
    await seed('rehab:recordMeasure', {
      patientId: ids.ann!,
      measure: 'PSFS',
      timePoint: 'other',
      administeredOn: day(-21),
      answers: [3, 4],
      activities: ['Walking the dog', 'Gardening'],
    });
    await page.evaluate(`location.hash = '#/patients/${ids.ann}'`);
    await page.getByRole('tab', { name: 'Rehab' }).click();
    await page.getByRole('button', { name: 'Carry goals into a new plan' }).click();
    const form = page.getByRole('form', { name: 'Carry goals into a new plan' });
    await form.getByRole('row', { name: /Goal 1: walk the dog .* Level \+1 −1/ }).waitFor();
    await form.getByLabel('Pathway of the new plan').selectOption('physiotherapy');
    await form.getByLabel('Start of treatment (new plan)').fill(today);
    await screenshot(page, 'rehab-groups-08-carry-plan');
    expect(await axeViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Close this plan and start the new one' }).click();
    await page.getByText('Physiotherapy plan started with 1 goal carried forward').waitFor();
    await page.getByRole('heading', { name: 'Rehab plan: Physiotherapy' }).waitFor();
    expect(
      preview.dispatcher.conn.sqlite
        .prepare(`SELECT status FROM rehab_plans WHERE patient_id = ? ORDER BY id`)
        .pluck()
        .all(ids.ann),
    ).toEqual(['closed', 'active']);
    await page.getByRole('button', { name: 'Record a measure' }).click();
    await page.getByLabel('Measure', { exact: true }).selectOption('PSFS');
    const psfs = page.getByRole('form', { name: 'Record PSFS' });
    await expect
      .poll(() => psfs.getByLabel('Activity 1', { exact: true }).inputValue())
      .toBe('Walking the dog');
    await expect
      .poll(() => psfs.getByLabel('Activity 2', { exact: true }).inputValue(), { timeout: 30_000 })
      .toBe('Gardening');
    await psfs.getByLabel('Activity 2', { exact: true }).fill('Gardening for an hour');
    await psfs.getByLabel(/^Collection point/).selectOption('treatment-start');
    await psfs.getByLabel(/^Date completed/).fill(today);
    await psfs.getByLabel('Activity 1 rating (0 unable – 10 as before)').selectOption('6');
    await psfs.getByLabel('Activity 2 rating (0 unable – 10 as before)').selectOption('5');
    await screenshot(page, 'rehab-groups-09-psfs-carried');
    await psfs.getByRole('button', { name: 'Save PSFS' }).click();
    await page.getByText('PSFS saved').waitFor();
    const saved = preview.dispatcher.conn.sqlite
      .prepare(`SELECT activities_json FROM rehab_measures WHERE measure = 'PSFS' ORDER BY id DESC LIMIT 1`)
      .pluck()
      .get();
    expect(JSON.parse(saved as string)).toEqual(['Walking the dog', 'Gardening for an hour']);
  });
});
