/**
 * Issue 16 ("Letters"): the referrer letter goes to the referring clinician, GP and referrer letters follow
 * NHS clinical letter conventions (PRSB/AoMRC clinical correspondence headings), the patient letter speaks to
 * the patient in plain English, amended letters say so for their reader, superseded letters are never
 * printed or sent as current, and letters from an example template not yet approved locally say so.
 * Expected text is written out by hand from the issue (no value is taken from the code under test).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionInput } from '../../shared/domain/mdt';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { confirmRead } from '../helpers/mdt';
import { OXY_MR } from '../helpers/seed';

let app: TestApp;
const CHAIR = 'chair';
const COORD = 'coord';
const NURSE = 'nurse';
let ids: { consultant: number; coordinator: number; nurse: number; psych: number };
let complexType: number;

async function setClock(iso: string) {
  app.clock.now = new Date(iso);
  for (const [username, key] of [
    ['consultant1', CHAIR],
    ['coordinator1', COORD],
    ['nurse1', NURSE],
  ] as const)
    await app.ok('auth:signIn', { username, password: 'correct horse battery' }, key);
}

beforeEach(async () => {
  app = await createTestApp();
  const chair = await signedInAs(app, 'consultant', CHAIR);
  const coord = await signedInAs(app, 'coordinator', COORD);
  const nurse = await signedInAs(app, 'nurse', NURSE);
  const psych = await app.ok(
    'users:create',
    { username: 'psych', displayName: 'Dr Psych', role: 'psychologist', password: 'correct horse battery' },
    'setup',
  );
  ids = { consultant: chair.user.id, coordinator: coord.user.id, nurse: nurse.user.id, psych: psych.id };
  complexType = (await app.ok('mdt:meetingTypes:list', {}, COORD)).find(
    (t) => t.code === 'complex-pain-mdt',
  )!.id;
});
afterEach(async () => app.close());

/**
 * Jo Smith (NHS number 9434765919, Riverside Surgery, postcode LS1 4AP) on oxycodone MR 20 mg twice a day,
 * sent to the MDT from triage (referred by Dr Jane Rao when `withReferrer`), discussed on the meeting day.
 */
async function discussedCase(
  withReferrer: boolean,
  referrerOnReferral: Record<string, string> = {},
  patientExtra: Record<string, unknown> = {},
) {
  const p = await app.ok(
    'patients:create',
    {
      surname: 'Smith',
      forename: 'Jo',
      dateOfBirth: '1970-03-01',
      sex: 'female',
      nhsNumber: '9434765919',
      gpPractice: 'Riverside Surgery',
      postcode: 'LS1 4AP',
      whatMatters: 'Walking the dog again',
      diagnosisSite: 'Lower back',
      ...patientExtra,
    },
    COORD,
  );
  const med = await app.ok('meds:add', { patientId: p.id, medicine: OXY_MR }, NURSE);
  let listingId: number;
  if (withReferrer) {
    const sr = await app.ok(
      'mdt:triage:add',
      {
        patientId: p.id,
        receivedOn: '2026-11-10',
        source: 'consultant',
        referrerName: 'Dr Jane Rao',
        referrerRole: 'Consultant rheumatologist',
        referrerOrganisation: 'City Hospital',
        referrerAddress: 'Rheumatology Department\nCity Hospital\nLeeds LS9 7TF',
        referralReason: 'Widespread pain; opioid dose rising.',
        urgency: 'routine',
      },
      COORD,
    );
    await app.ok(
      'mdt:triage:decide',
      {
        serviceReferralId: sr.id,
        version: sr.version,
        pathway: 'mdt',
        meetingTypeId: complexType,
        reason: 'Complex: opioids and function.',
        question: 'Can the oxycodone be reduced?',
        patientAware: true,
      },
      CHAIR,
    );
    listingId = sqliteValue<number>('SELECT listing_id FROM mdt_referrals WHERE patient_id = ?', p.id);
  } else {
    // Keyed by the coordinator with no referring clinician recorded.
    listingId = (
      await app.ok(
        'mdt:referral:create',
        {
          patientId: p.id,
          question: 'Can the oxycodone be reduced?',
          reason: 'new-complex',
          patientAware: true,
          whatMatters: 'Walking the dog again',
          meetingTypeId: complexType,
          ...referrerOnReferral,
        },
        COORD,
      )
    ).id;
  }
  const meetingId = sqliteValue<number>('SELECT meeting_id FROM mdt_listings WHERE id = ?', listingId);
  const date = sqliteValue<string>('SELECT meeting_date FROM mdt_meetings WHERE id = ?', meetingId);
  for (const userId of [ids.consultant, ids.psych, ids.nurse])
    await app.ok('mdt:attendance:set', { meetingId, userId, status: 'present', version: null }, COORD);
  await setClock(`${date}T09:05:00Z`);
  await app.ok('mdt:case:start', { listingId }, COORD);
  return { patient: p, itemId: med.itemId, listingId, meetingId, date };
}

function sqliteValue<T>(sql: string, ...args: unknown[]): T {
  return app.dispatcher.conn.sqlite
    .prepare(sql)
    .pluck()
    .get(...args) as T;
}

const actions = (itemId: number): ActionInput[] => [
  {
    description: 'Reduce oxycodone MR gradually to 20 mg a day',
    type: 'medication-change',
    ownerId: ids.nurse,
    dueDate: '2026-12-31',
    medicine: { itemId, change: 'reduce', targetDose: 20 },
    patientWording: 'Our nurse will help you lower your oxycodone slowly, over a few weeks.',
  },
  {
    description: 'CBT-informed PMP assessment re: catastrophising, TSK 52',
    type: 'psychology',
    ownerId: ids.psych,
    dueDate: '2027-01-15',
  },
  { description: 'Check LFTs and U&Es', type: 'other', ownerId: ids.consultant, dueDate: '2026-12-15' },
];

async function confirmAndFinish(c: Awaited<ReturnType<typeof discussedCase>>) {
  const confirmed = await confirmRead(
    app,
    {
      listingId: c.listingId,
      outcome: {
        kind: 'recommendation',
        summary: 'Taper oxycodone MR; PMP assessment.',
        rationale: 'Pt reports poor function on high-dose opioid.',
        reviewDate: '2027-03-01',
        patientSummary: 'We think lowering your oxycodone slowly and joining our pain programme will help.',
        actions: actions(c.itemId),
      },
    },
    CHAIR,
  );
  const review = await app.ok('mdt:meeting:finishReview', { meetingId: c.meetingId }, CHAIR);
  const reasons = Object.fromEntries(review.cases.map((x) => [String(x.listingId), x.suggestedReason]));
  await app.ok('mdt:meeting:finish', { meetingId: c.meetingId, reasons }, CHAIR);
  const letters = await app.ok('mdt:letters:list', { meetingId: c.meetingId }, COORD);
  const by = (a: string) => letters.find((l) => l.audience === a && l.supersededAt === null)!;
  return { outcomeId: confirmed.outcome.id, gp: by('gp'), referrer: by('referrer'), patient: by('patient') };
}

describe('the referrer letter goes to the clinician who referred', () => {
  it('is addressed to the referrer recorded at triage, never to the coordinator who keyed it or the chair', async () => {
    const c = await discussedCase(true);
    const { referrer } = await confirmAndFinish(c);
    expect(referrer.status).toBe('ready');
    expect(referrer.recipientName).toBe('Dr Jane Rao');
    expect(referrer.body).toContain(
      'Dr Jane Rao\nConsultant rheumatologist\nCity Hospital\nRheumatology Department\nCity Hospital\nLeeds LS9 7TF',
    );
    expect(referrer.body).toContain('Dear Dr Jane Rao,');
    expect(referrer.body).not.toContain('Test coordinator');
    expect(referrer.body).not.toContain('Dear Test consultant');
  });

  it('is addressed to the referrer typed on the MDT referral form, not to the coordinator who keyed it', async () => {
    const c = await discussedCase(false, {
      referrerName: 'Dr Sam Ade',
      referrerRole: 'Consultant neurologist',
      referrerOrganisation: 'General Infirmary',
      referrerAddress: 'Neurology Department\nLeeds LS1 3EX',
    });
    const { referrer } = await confirmAndFinish(c);
    expect(referrer.status).toBe('ready');
    expect(referrer.recipientName).toBe('Dr Sam Ade');
    expect(referrer.body).toContain(
      'Dr Sam Ade\nConsultant neurologist\nGeneral Infirmary\nNeurology Department\nLeeds LS1 3EX',
    );
    expect(referrer.body).toContain('Dear Dr Sam Ade,');
    expect(referrer.body).not.toContain('Test coordinator');
  });

  it('refuses referrer details without a name, and a name with nowhere to write, beside the field', async () => {
    const p = await app.ok(
      'patients:create',
      { surname: 'Smith', forename: 'Jo', dateOfBirth: '1970-03-01', sex: 'female', nhsNumber: '9434765919' },
      COORD,
    );
    const base = {
      patientId: p.id,
      question: 'Can the oxycodone be reduced?',
      reason: 'new-complex' as const,
      patientAware: true,
      meetingTypeId: complexType,
    };
    const noName = await app.call(
      'mdt:referral:create',
      { ...base, referrerOrganisation: 'City Hospital' },
      COORD,
    );
    expect(noName.ok ? {} : noName.error.fields).toEqual({
      referrerName: 'Enter the referrer’s name, or clear their other details.',
    });
    const nowhere = await app.call('mdt:referral:create', { ...base, referrerName: 'Dr Jane Rao' }, COORD);
    expect(nowhere.ok ? {} : nowhere.error.fields).toEqual({
      referrerOrganisation: 'Enter the referrer’s organisation or address, so the letter can reach them.',
    });
    expect(sqliteValue<number>('SELECT count(*) FROM mdt_referrals')).toBe(0);
  });

  it('without a recorded referrer says it cannot be addressed and asks for one; recording it writes the letter', async () => {
    const c = await discussedCase(false);
    const { referrer } = await confirmAndFinish(c);
    expect(referrer.status).toBe('needs-attention');
    expect(referrer.body).toBeNull();
    expect(referrer.problem).toBe(
      'This letter cannot be addressed: the clinician who referred the patient is not recorded. Record the referrer’s name, role, organisation and address, and the letter is written to them.',
    );
    const fixed = await app.ok(
      'mdt:letter:setReferrer',
      {
        letterId: referrer.id,
        version: 0,
        name: 'Dr Jane Rao',
        role: 'Consultant rheumatologist',
        organisation: 'City Hospital',
        address: 'Leeds LS9 7TF',
      },
      COORD,
    );
    expect(fixed).toMatchObject({ id: referrer.id, status: 'ready', recipientName: 'Dr Jane Rao' });
    expect(fixed.body).toContain('Dear Dr Jane Rao,');
    expect(sqliteValue<number>(`SELECT count(*) FROM audit_log WHERE action = 'mdt.referral.referrer'`)).toBe(
      1,
    );
  });
});

describe('GP and referrer letters follow NHS letter conventions', () => {
  it('dates the letter, writes the NHS number 3-3-4, addresses the GP, lists medicines and the exact change, signs with role, copies', async () => {
    const c = await discussedCase(true);
    const { gp } = await confirmAndFinish(c);
    const body = gp.body!;
    // The meeting is Tuesday 24 November 2026 and the letter is written that day (the clock is 09:05).
    expect(body).toContain('\n24 November 2026\n');
    expect(body).toContain('The GP\nRiverside Surgery\n');
    expect(body).toContain('NHS number 943 476 5919');
    expect(body).not.toContain('9434765919');
    expect(body).toContain(
      'Current medicines:\n- Oxycodone modified-release tablets (12-hourly) 20 mg: 20 mg twice a day',
    );
    expect(body).toContain(
      'Changes to medicines agreed at the MDT:\n- Oxycodone modified-release tablets (12-hourly) 20 mg: reduce gradually to 20 mg a day, from 20 mg twice a day (owner: Test nurse; due 31 December 2026)',
    );
    expect(body).toContain('Yours sincerely,\n\nTest consultant\nPain consultant\n');
    expect(body).toContain(
      'cc:\nJo Smith (patient, with a letter in plain English)\nDr Jane Rao, Consultant rheumatologist, City Hospital (referrer)',
    );
    expect(body).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});

describe('the patient letter speaks to the patient in plain English', () => {
  it('uses each action’s patient wording, a plain default for its type, and leaves clinical text out', async () => {
    const c = await discussedCase(true);
    const { patient } = await confirmAndFinish(c);
    const body = patient.body!;
    expect(body).toContain('Dear Jo Smith,');
    expect(body).toContain(
      '- Our nurse will help you lower your oxycodone slowly, over a few weeks. (by 31 December 2026)',
    );
    expect(body).toContain(
      '- We will offer you an appointment with a psychologist in the team. (by 15 January 2027)',
    );
    expect(body).toContain('We will talk the rest of the plan through with you.');
    for (const jargon of [
      'LFTs',
      'CBT-informed',
      'catastrophising',
      'TSK',
      'Pt reports',
      'Reduce oxycodone MR',
    ])
      expect(body, jargon).not.toContain(jargon);
    expect(body).toContain(
      'A copy of this letter goes to:\nYour GP, Riverside Surgery\nDr Jane Rao, who referred you to us',
    );
  });

  it('an amended letter says so in a sentence for its reader, with no internal "Amended:" line', async () => {
    const c = await discussedCase(true);
    const first = await confirmAndFinish(c);
    await app.ok('mdt:letter:markSent', { letterId: first.gp.id }, COORD);
    await setClock(`${c.date}T15:00:00Z`);
    await setClock('2026-11-26T10:00:00Z');
    await app.ok(
      'mdt:outcome:amend',
      {
        outcomeId: first.outcomeId,
        reason: 'Psychology review before the taper',
        change: { kind: 'recommendation', summary: 'Psychology review, then taper.' },
      },
      CHAIR,
    );
    const all = await app.ok('mdt:letters:list', { meetingId: c.meetingId }, COORD);
    const current = (a: string) => all.find((l) => l.audience === a && l.supersededAt === null)!;
    expect(current('gp').body).toContain(
      'This letter replaces the one we sent on 24 November 2026 because the MDT outcome was amended: Psychology review before the taper. Please act on this letter and not the earlier one.',
    );
    expect(current('patient').body).toContain(
      'This letter replaces the one we wrote you on 24 November 2026, because the team has changed part of your plan since then. Please use this letter and not the earlier one.',
    );
    for (const l of all) expect(l.body ?? '').not.toMatch(/^Amended:/m);
  });
});

describe('superseded letters and unapproved templates', () => {
  it('refuses to print or send a superseded letter as current, and names the current version', async () => {
    const c = await discussedCase(true);
    const first = await confirmAndFinish(c);
    await app.ok(
      'mdt:outcome:amend',
      {
        outcomeId: first.outcomeId,
        reason: 'Dose corrected',
        change: { kind: 'recommendation', summary: 'Taper oxycodone MR.' },
      },
      CHAIR,
    );
    const old = await app.ok('mdt:letter:get', { letterId: first.gp.id }, COORD);
    expect(old.supersededAt).not.toBeNull();
    expect(old.replacedByLetterId).not.toBeNull();
    const print = await app.call(
      'audit:print',
      { kind: 'mdt-letter', id: first.gp.id, output: 'browser-print' },
      COORD,
    );
    expect(print.ok ? '' : print.error.message).toBe(
      'This letter was superseded when the outcome was amended: print the current version instead.',
    );
    const send = await app.call('mdt:letter:markSent', { letterId: first.gp.id }, COORD);
    expect(send.ok ? '' : send.error.message).toBe(
      'This letter was superseded when the outcome was amended: send the current version instead.',
    );
    const printCurrent = await app.call(
      'audit:print',
      { kind: 'mdt-letter', id: old.replacedByLetterId!, output: 'browser-print' },
      COORD,
    );
    expect(printCurrent.ok).toBe(true);
  });

  it('marks letters from an example template not yet approved; a clinical lead approves it (audited), others cannot', async () => {
    const c = await discussedCase(true);
    const { gp } = await confirmAndFinish(c);
    expect(gp.templateApproved).toBe(false);
    const templates = await app.ok('mdt:letterTemplates:list', {}, COORD);
    const gpTemplate = templates.find((t) => t.audience === 'gp' && t.current)!;
    expect(gpTemplate).toMatchObject({ version: '2.0.0', example: true, approvedAt: null });
    const refused = await app.call('mdt:letterTemplates:approve', { templateId: gpTemplate.id }, CHAIR);
    expect(refused.ok ? '' : refused.error.message).toBe(
      'Only a clinical lead can approve a letter template for local use.',
    );
    await app.ok('auth:signIn', { username: 'admin', password: 'correct horse battery' }, 'setup');
    await app.ok('users:update', { id: ids.consultant, version: 0, clinicalLead: true }, 'setup');
    await setClock(app.clock.now.toISOString());
    const approved = await app.ok('mdt:letterTemplates:approve', { templateId: gpTemplate.id }, CHAIR);
    expect(approved.approvedByName).toBe('Test consultant');
    expect((await app.ok('mdt:letter:get', { letterId: gp.id }, COORD)).templateApproved).toBe(true);
    expect(
      sqliteValue<number>(
        `SELECT count(*) FROM audit_log WHERE action = 'mdt.letter-template.approve-local'`,
      ),
    ).toBe(1);
    const twice = await app.call('mdt:letterTemplates:approve', { templateId: gpTemplate.id }, CHAIR);
    expect(twice.ok).toBe(false);
  });
});

describe('what matters to the patient, when nobody recorded it (issue 16 review)', () => {
  it('holds back only the patient letter (it cannot say "you told us" without it); GP and referrer letters go, saying it is not recorded', async () => {
    // Triage-created referral (no "what matters" on it) and a patient record without one.
    const c = await discussedCase(true, {}, { whatMatters: '' });
    const { gp, referrer, patient } = await confirmAndFinish(c);
    expect(gp.status).toBe('ready');
    expect(gp.body).toContain('What matters to the patient: not recorded\n');
    expect(referrer.status).toBe('ready');
    expect(referrer.body).toContain('What matters to the patient: not recorded\n');
    expect(patient.status).toBe('needs-attention');
    expect(patient.body).toBeNull();
  });
});
