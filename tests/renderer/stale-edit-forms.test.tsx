import { screen, waitFor, within } from '@testing-library/react';
import { useQuery } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api } from '../../renderer/src/api/client';
import { GroupPage } from '../../renderer/src/features/rehab/Groups';
import { MeetingLetters, Worklists } from '../../renderer/src/features/mdt/After';
import { Attendance } from '../../renderer/src/features/mdt/Attendance';
import { MeetingPage } from '../../renderer/src/features/mdt/Meetings';
import { MeetingTypes } from '../../renderer/src/features/mdt/Setup';
import { signedInAs } from '../helpers/db';
import { CHAIR, confirmRead, MDT_PASSWORD, mdtUser, referToComplexMdt, setMdtClock } from '../helpers/mdt';
import { JO } from '../helpers/seed';
import { rendererApp, renderScreen, SESSION, type RendererApp } from './harness';

/**
 * Issue 19, on screen (the real screens, client and dispatcher, a real database): a colleague saves the same
 * group register, or the same MDT case question, while this person's form is open, and the screen refreshes
 * under the form (as the team server's change stream makes it do). The save is refused beside the form with
 * who changed it and when; the person's own marks or text stay on the form to compare; saving again then
 * saves over what they have now seen; an MDT action marked done from a worklist read before a colleague
 * marked it is refused the same way. The test clock is 21-Nov-2026 10:00 UTC (10:00 in London).
 */

let r: RendererApp;
afterEach(() => r.close());

describe('the group register (rehab)', () => {
  let programmeId = 0;
  let sessionId = 0;
  let enrolments: number[] = [];
  beforeEach(async () => {
    r = await rendererApp('physiotherapist');
    await signedInAs(r.app, 'consultant', 'colleague');
    const g = await r.app.ok(
      'rehab:groupCreate',
      {
        name: 'Autumn pain management programme',
        facilitators: 'Tom Nowak (physiotherapist)',
        location: 'Outpatients, room 4',
        capacity: 10,
        completionPercent: 75,
        sessions: [{ date: '2026-11-12' }, { date: '2026-11-19' }],
      },
      SESSION,
    );
    const brook = {
      surname: 'Brook',
      forename: 'Sam',
      dateOfBirth: '1965-03-01',
      sex: 'male' as const,
      allergies: [],
    };
    for (const p of [JO, brook]) {
      const patient = await r.app.ok('patients:create', p, SESSION);
      await r.app.ok(
        'rehab:groupEnrol',
        { programmeId: g.id, patientId: patient.id, enrolledOn: '2026-11-01' },
        SESSION,
      );
    }
    const prog = await r.app.ok('rehab:group', { programmeId: g.id }, SESSION);
    programmeId = prog.id;
    sessionId = prog.sessions[1]!.id;
    enrolments = prog.enrolments.map((e) => e.id);
    r.sent.length = 0;
  });

  it('a colleague saved session 2’s register meanwhile: refused with who and when, my marks kept beside theirs', async () => {
    const { user, queryClient } = await renderScreen(<GroupPage />, {
      path: `/rehab/groups/${programmeId}`,
      pattern: '/rehab/groups/:id',
    });
    const form = await screen.findByRole('region', { name: 'Take the register' });
    // Session 2 (19-Nov-2026) is the latest held: the form opens on it.
    expect((within(form).getByLabelText('Session') as HTMLSelectElement).value).toBe(String(sessionId));
    await user.selectOptions(within(form).getByLabelText('SMITH, Jo'), 'attended');
    await user.selectOptions(within(form).getByLabelText('BROOK, Sam'), 'attended');
    // Meanwhile, at another desk, the colleague takes the same register.
    await r.app.ok(
      'rehab:groupRegister',
      {
        sessionId,
        version: 0,
        entries: enrolments.map((enrolmentId) => ({ enrolmentId, status: 'dna' as const })),
      },
      'colleague',
    );
    // The team server's change stream refreshes the screen under the open form.
    await queryClient.invalidateQueries();
    await within(form).findAllByText('Saved register: Did not attend');
    await user.click(within(form).getByRole('button', { name: 'Save register' }));
    expect(
      await within(form).findByText(
        'Someone else saved the register for session 2 (19-Nov-2026) after you opened it, so your marks were not saved: compare them with the register as it is now and save again if they are still right. ' +
          'Test consultant changed it at 10:00 on 21-Nov-2026 (group programme register taken).',
      ),
    ).toBeTruthy();
    expect(r.writes('rehab:groupRegister')[0]!.payload).toMatchObject({ sessionId, version: 0 });
    // Nothing of mine was written over theirs; my marks are still on the form, theirs beside each.
    const now = await r.app.ok('rehab:group', { programmeId }, SESSION);
    expect(now.enrolments.map((e) => e.attendance[sessionId])).toEqual(['dna', 'dna']);
    expect((within(form).getByLabelText('SMITH, Jo') as HTMLSelectElement).value).toBe('attended');
    expect((within(form).getByLabelText('BROOK, Sam') as HTMLSelectElement).value).toBe('attended');
    expect(within(form).getAllByText('Saved register: Did not attend')).toHaveLength(2);

    // Having compared, the physiotherapist saves again: made against the register they have now seen.
    await user.click(within(form).getByRole('button', { name: 'Save register' }));
    await within(form).findByText('Register saved for session 2 (19-Nov-2026).');
    const after = await r.app.ok('rehab:group', { programmeId }, SESSION);
    expect(after.enrolments.map((e) => e.attendance[sessionId])).toEqual(['attended', 'attended']);
    expect(r.writes('rehab:groupRegister')[1]!.payload).toMatchObject({ sessionId, version: 1 });
  });
});

describe('an MDT case’s question', () => {
  let meetingId = 0;
  let listingId = 0;
  beforeEach(async () => {
    r = await rendererApp('coordinator');
    await signedInAs(r.app, 'consultant', 'colleague');
    const p = await r.app.ok('patients:create', JO, SESSION);
    const l = await referToComplexMdt(r.app, p.id, SESSION);
    listingId = l.id;
    meetingId = l.meetingId;
    r.sent.length = 0;
  });

  const savedQuestion = async () =>
    (await r.app.ok('mdt:meeting:get', { meetingId }, SESSION)).listings.find((l) => l.id === listingId)!
      .ownQuestion;

  it('a colleague wrote the question meanwhile: refused with their question, who and when; my text kept', async () => {
    const { user, queryClient } = await renderScreen(<MeetingPage />, {
      path: `/mdt/meetings/${meetingId}`,
      pattern: '/mdt/meetings/:id',
    });
    const list = await screen.findByRole('table', { name: 'Meeting list' });
    await user.click(await within(list).findByRole('button', { name: 'Write question for SMITH, Jo' }));
    const box = within(list).getByLabelText('Question for the MDT about SMITH, Jo');
    await user.type(box, 'Should we start an opioid taper?');
    // Meanwhile, at another desk, the consultant gives the case 15 minutes and writes its question.
    await r.app.ok('mdt:listing:update', { listingId, plannedMinutes: 15 }, 'colleague');
    await r.app.ok(
      'mdt:listing:setQuestion',
      { listingId, version: 0, question: 'PMP or psychology first?', reason: null },
      'colleague',
    );
    // The change stream refreshes the list under the open editor.
    await queryClient.invalidateQueries();
    await within(list).findByText('PMP or psychology first?');
    // The refresh kept the editor and what was typed in it (the row used to start again when its minutes
    // changed, losing the text).
    expect(
      (within(list).getByLabelText('Question for the MDT about SMITH, Jo') as HTMLTextAreaElement).value,
    ).toBe('Should we start an opioid taper?');
    await user.click(within(list).getByRole('button', { name: 'Save question' }));
    const alert = await within(list).findByRole('alert');
    expect(alert.textContent).toBe(
      'Someone else changed this case’s question after you opened it. It now reads: “PMP or psychology first?”. ' +
        'Yours was not saved: compare the two and save yours again if it is still needed. ' +
        'Test consultant changed it at 10:00 on 21-Nov-2026 (MDT question changed).',
    );
    expect(r.writes('mdt:listing:setQuestion')[0]!.payload).toMatchObject({ listingId, version: 0 });
    expect(await savedQuestion()).toBe('PMP or psychology first?');
    expect(
      (within(list).getByLabelText('Question for the MDT about SMITH, Jo') as HTMLTextAreaElement).value,
    ).toBe('Should we start an opioid taper?');

    // Having read theirs, the coordinator changes it on purpose, saying why.
    await user.type(
      await within(list).findByLabelText('Why the question is changing'),
      'The chair asked for the taper question first.',
    );
    await user.click(within(list).getByRole('button', { name: 'Save question' }));
    await waitFor(async () => expect(await savedQuestion()).toBe('Should we start an opioid taper?'));
    expect(r.writes('mdt:listing:setQuestion')[1]!.payload).toMatchObject({ listingId, version: 1 });
  });
});

describe('an MDT action on a worklist', () => {
  let actionId = 0;
  beforeEach(async () => {
    r = await rendererApp('coordinator');
    const me = (await r.app.ok('auth:session', {}, SESSION))!.user.id;
    const chair = await signedInAs(r.app, 'consultant', CHAIR);
    const physio = await mdtUser(r.app, 'physio', 'physiotherapist');
    const p = await r.app.ok('patients:create', JO, SESSION);
    const l = await referToComplexMdt(r.app, p.id, SESSION);
    // The meeting, Tuesday 24-Nov-2026 09:05 UTC (09:05 in London): the clock jump locks the sessions.
    await setMdtClock(r.app, '2026-11-24T09:05:00Z');
    await r.app.ok('auth:unlock', { password: MDT_PASSWORD }, SESSION);
    for (const userId of [chair.user.id, physio])
      await r.app.ok(
        'mdt:attendance:set',
        { meetingId: l.meetingId, userId, status: 'present', version: null },
        SESSION,
      );
    await r.app.ok('mdt:case:start', { listingId: l.id }, SESSION);
    await confirmRead(r.app, {
      listingId: l.id,
      outcome: {
        kind: 'recommendation',
        summary: 'Offer the pain management programme.',
        rationale: 'Goals are about function.',
        reviewDate: '2027-02-23',
        patientSummary: 'You told us you want to walk further.',
        actions: [{ description: 'Write to the GP', type: 'other', ownerId: me, dueDate: '2026-12-15' }],
      },
    });
    actionId = (await r.app.ok('mdt:worklist', { kind: 'my-actions' }, SESSION))[0]!.id;
    r.sent.length = 0;
  });

  it('the chair marked it done meanwhile: Mark done is refused with who and when; their completion kept', async () => {
    const { user } = await renderScreen(<Worklists />);
    const table = await screen.findByRole('table', { name: 'My actions' });
    await within(table).findByText('Write to the GP');
    await r.app.ok(
      'mdt:action:complete',
      { actionId, version: 0, status: 'done', note: 'Letter sent with the clinic letter' },
      CHAIR,
    );
    await user.click(within(table).getByRole('button', { name: 'Mark done' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'This action changed after you read it: it is now done. Yours was not saved. ' +
        'Test consultant changed it at 09:05 on 24-Nov-2026 (MDT action status changed).',
    );
    expect(r.writes('mdt:action:complete')[0]!.payload).toMatchObject({ actionId, version: 0 });
    // The list is read again: the action done by the chair has left it.
    await screen.findByText('Nothing on this worklist.');
    const row = await r.app.dispatcher.conn.db
      .selectFrom('mdt_actions')
      .select(['status', 'completion_note'])
      .where('id', '=', actionId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'done', completion_note: 'Letter sent with the clinic letter' });
  });
});

/** The meeting's attendance panel as the running meeting shows it (the same query and panel). */
function AttendancePanel({ meetingId }: { meetingId: number }) {
  const q = useQuery({
    queryKey: ['mdt:meeting', meetingId],
    queryFn: () => api.call('mdt:meeting:get', { meetingId }),
  });
  return q.data ? <Attendance detail={q.data} /> : null;
}

/** A case of the complex pain MDT on Tuesday 24-Nov-2026, keyed with no referrer; the clock at 09:05. */
async function mdtCase(r: RendererApp) {
  const chair = await signedInAs(r.app, 'consultant', CHAIR);
  const physio = await mdtUser(r.app, 'physio', 'physiotherapist');
  const p = await r.app.ok('patients:create', JO, SESSION);
  const l = await referToComplexMdt(r.app, p.id, SESSION);
  await setMdtClock(r.app, '2026-11-24T09:05:00Z');
  await r.app.ok('auth:unlock', { password: MDT_PASSWORD }, SESSION);
  return { chairId: chair.user.id, physio, listing: l };
}

describe('MDT attendance (it decides quorum)', () => {
  let meetingId = 0;
  let physio = 0;
  beforeEach(async () => {
    r = await rendererApp('coordinator');
    const c = await mdtCase(r);
    meetingId = c.listing.meetingId;
    physio = c.physio;
    await r.app.ok(
      'mdt:attendance:set',
      { meetingId, userId: physio, status: 'present', version: null },
      SESSION,
    );
    r.sent.length = 0;
  });

  it('the chair recorded apologies meanwhile: marking the physio remote is refused with who and when; theirs is shown', async () => {
    const { user } = await renderScreen(<AttendancePanel meetingId={meetingId} />);
    const select = (await screen.findByLabelText('Attendance of Dr physio')) as HTMLSelectElement;
    expect(select.value).toBe('present');
    // Meanwhile, at another desk, the chair records the physio's apologies.
    await r.app.ok(
      'mdt:attendance:set',
      { meetingId, userId: physio, status: 'apologies', version: 0 },
      CHAIR,
    );
    await user.selectOptions(select, 'remote');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Dr physio’s attendance changed after you read it: it is now apologies. Yours was not saved. ' +
        'Test consultant changed it at 09:05 on 24-Nov-2026 (MDT attendance recorded).',
    );
    expect(r.writes('mdt:attendance:set')[0]!.payload).toMatchObject({ userId: physio, version: 0 });
    // The screen is read again and shows the chair's entry; nothing of mine was saved.
    await waitFor(() => expect(select.value).toBe('apologies'));
    const stored = await r.app.dispatcher.conn.db
      .selectFrom('mdt_attendance')
      .select(['status', 'version'])
      .where('user_id', '=', physio)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: 'apologies', version: 1 });
    // Having seen it, the coordinator records the physio again: made against what is now shown.
    await user.selectOptions(select, 'remote');
    await waitFor(() => expect(select.value).toBe('remote'));
    expect(r.writes('mdt:attendance:set')[1]!.payload).toMatchObject({ userId: physio, version: 1 });
  });

  it('someone not recorded when the screen was read: the screen says so (no version), and a first entry saves', async () => {
    const { user } = await renderScreen(<AttendancePanel meetingId={meetingId} />);
    const select = (await screen.findByLabelText('Attendance of Test consultant')) as HTMLSelectElement;
    expect(select.value).toBe('');
    await user.selectOptions(select, 'present');
    await waitFor(() => expect(select.value).toBe('present'));
    expect(r.writes('mdt:attendance:set')[0]!.payload).toMatchObject({ status: 'present', version: null });
  });
});

describe('the referrer a letter goes to', () => {
  let meetingId = 0;
  let letterId = 0;
  // The letters table is virtualised; jsdom has no scrolling (as in long-lists.test.tsx).
  const scrollTo = window.scrollTo;
  afterEach(() => {
    window.scrollTo = scrollTo;
  });
  beforeEach(async () => {
    window.scrollTo = (() => undefined) as typeof window.scrollTo;
    r = await rendererApp('coordinator');
    const me = (await r.app.ok('auth:session', {}, SESSION))!.user.id;
    const c = await mdtCase(r);
    meetingId = c.listing.meetingId;
    for (const userId of [c.chairId, c.physio])
      await r.app.ok('mdt:attendance:set', { meetingId, userId, status: 'present', version: null }, SESSION);
    await r.app.ok('mdt:case:start', { listingId: c.listing.id }, SESSION);
    await confirmRead(r.app, {
      listingId: c.listing.id,
      outcome: {
        kind: 'recommendation',
        summary: 'Offer the pain management programme.',
        rationale: 'Goals are about function.',
        reviewDate: '2027-02-23',
        patientSummary: 'You told us you want to walk further.',
        actions: [{ description: 'Write to the GP', type: 'other', ownerId: me, dueDate: '2026-12-15' }],
      },
    });
    const review = await r.app.ok('mdt:meeting:finishReview', { meetingId }, CHAIR);
    const reasons = Object.fromEntries(review.cases.map((x) => [String(x.listingId), x.suggestedReason]));
    await r.app.ok('mdt:meeting:finish', { meetingId, reasons }, CHAIR);
    letterId = (await r.app.ok('mdt:letters:list', { meetingId }, SESSION)).find(
      (l) => l.audience === 'referrer',
    )!.id;
    r.sent.length = 0;
  });

  it('the chair recorded the referrer meanwhile: mine is refused with theirs, who and when; theirs kept', async () => {
    const { user, queryClient } = await renderScreen(<MeetingLetters />, {
      path: `/mdt/meetings/${meetingId}/letters`,
      pattern: '/mdt/meetings/:id/letters',
    });
    await user.click(await screen.findByRole('button', { name: 'Record the referrer for SMITH, Jo' }));
    const form = screen.getByRole('region', { name: 'Record the referrer for SMITH, Jo' });
    await user.type(within(form).getByLabelText('Referrer’s name'), 'Dr Sam Ade');
    await user.type(within(form).getByLabelText('Referrer’s role'), 'Consultant neurologist');
    await user.type(within(form).getByLabelText('Referrer’s organisation'), 'General Infirmary');
    await user.type(within(form).getByLabelText('Referrer’s address'), 'Leeds LS1 3EX');
    // Meanwhile, at another desk, the chair records the referrer; the change stream refreshes the list.
    await r.app.ok(
      'mdt:letter:setReferrer',
      {
        letterId,
        version: 0,
        name: 'Dr Jane Rao',
        role: 'Consultant rheumatologist',
        organisation: 'City Hospital',
        address: 'Leeds LS9 7TF',
      },
      CHAIR,
    );
    await queryClient.invalidateQueries();
    await screen.findByText('Referrer: Dr Jane Rao');
    await user.click(within(form).getByRole('button', { name: 'Save the referrer and write the letter' }));
    expect((await within(form).findByRole('alert')).textContent).toBe(
      'The referrer for SMITH, Jo changed after you read it: it is now Dr Jane Rao, Consultant rheumatologist, City Hospital. Yours was not saved. ' +
        'Test consultant changed it at 09:05 on 24-Nov-2026 (MDT referrer details changed).',
    );
    expect(r.writes('mdt:letter:setReferrer')[0]!.payload).toMatchObject({ letterId, version: 0 });
    const referral = await r.app.dispatcher.conn.db
      .selectFrom('mdt_referrals')
      .select(['referrer_name', 'referrer_version'])
      .executeTakeFirstOrThrow();
    expect(referral).toEqual({ referrer_name: 'Dr Jane Rao', referrer_version: 1 });
    // My details stay on the form to compare.
    expect((within(form).getByLabelText('Referrer’s name') as HTMLInputElement).value).toBe('Dr Sam Ade');
  });
});

describe('an MDT meeting type (its quorum rules, time and chair)', () => {
  it('the chair moved the time meanwhile: the coordinator’s older form is refused with who and when; theirs is kept', async () => {
    r = await rendererApp('coordinator');
    await signedInAs(r.app, 'consultant', CHAIR);
    const { user } = await renderScreen(<MeetingTypes />);
    await user.click(await screen.findByRole('button', { name: 'Edit Complex pain MDT (example)' }));
    const form = await screen.findByRole('form', { name: 'Edit Complex pain MDT (example)' });
    // Meanwhile, at another desk, the chair moves the meeting to 14:00 (from the same version, 0).
    const shown = (await r.app.ok('mdt:meetingTypes:list', {}, CHAIR)).find(
      (t) => t.code === 'complex-pain-mdt',
    )!;
    expect(shown.version).toBe(0);
    await r.app.ok(
      'mdt:meetingTypes:save',
      {
        id: shown.id,
        version: 0,
        code: shown.code,
        name: shown.name,
        purpose: shown.purpose,
        recurrence: { ...(shown.recurrence as { kind: 'weekly' }), time: '14:00' } as never,
        durationMinutes: shown.durationMinutes,
        cutOffHours: shown.cutOffHours,
        chairId: shown.chairId,
        coreMemberIds: shown.coreMemberIds,
        defaultMinutesPerCase: shown.defaultMinutesPerCase,
      },
      CHAIR,
    );
    const length = within(form).getByLabelText('Length (minutes)');
    await user.clear(length);
    await user.type(length, '90');
    await user.click(within(form).getByRole('button', { name: 'Save meeting type' }));
    expect((await within(form).findByRole('alert')).textContent).toContain(
      'This meeting type changed after you opened it. Yours was not saved: open it again, check their change, ' +
        'and make yours again if it is still needed. Test consultant changed it at 10:00 on 21-Nov-2026 ' +
        '(MDT meeting type saved).',
    );
    expect(r.writes('mdt:meetingTypes:save')[0]!.payload).toMatchObject({ id: shown.id, version: 0 });
    const stored = await r.app.dispatcher.conn.db
      .selectFrom('mdt_meeting_types')
      .select(['recurrence_json', 'duration_minutes', 'version'])
      .where('id', '=', shown.id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ duration_minutes: shown.durationMinutes, version: 1 });
    expect(JSON.parse(stored.recurrence_json)).toMatchObject({ time: '14:00' });
  });
});
