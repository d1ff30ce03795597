/**
 * Outcomes (validation, versioned amendments, implementation review) and the governance dashboard.
 * Expected values are worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { ClinicalInputError } from '../../../shared/clinical/errors';
import {
  EXAMPLE_QUORUM_RULES,
  amendOutcome,
  dashboardStats,
  evaluateQuorum,
  implementationReviewDue,
  median,
  validateOutcome,
  type Attendance,
  type DashboardListing,
  type DashboardMeeting,
  type MdtOutcome,
} from '../../../shared/clinical/mdt/index';

const action = {
  description: 'Book lumbar medial branch blocks',
  type: 'intervention' as const,
  ownerId: 'c1',
  ownerName: 'Dr Asha Rao',
  dueDate: '2026-12-01',
};

const base: MdtOutcome = {
  id: 'O1-v1',
  listingId: 'L1',
  version: 1,
  previousVersionId: null,
  status: 'confirmed',
  kind: 'recommendation',
  summary: 'Proceed to medial branch blocks.',
  options: [],
  rationale: 'Facet-mediated pain likely.',
  patientPreferencesConsidered: true,
  meetingDate: '2026-11-03',
  reviewDate: '2027-02-01',
  actions: [action],
  noAction: false,
  quorum: null,
  amendReason: null,
  amendedAt: null,
  amendedBy: null,
};

// Quorum snapshots for the gate: psychologist left at 10:20; neuromodulation case at 10:25.
const attendance: Attendance[] = [
  { personId: 'c1', discipline: 'consultant', status: 'present' },
  { personId: 'ps1', discipline: 'psychologist', status: 'present', leftAt: '2026-11-03T10:20:00Z' },
  { personId: 'ph1', discipline: 'physiotherapist', status: 'present' },
];
const blocked = evaluateQuorum(
  EXAMPLE_QUORUM_RULES,
  'neuromodulation-mdt',
  'neuromodulation-decision',
  attendance,
  '2026-11-03T10:25:00Z',
);
// No category at 10:25: only the core rule (warn); clinicians c1 + ph1 = 2 < 3.
const warned = evaluateQuorum(
  EXAMPLE_QUORUM_RULES,
  'complex-pain-mdt',
  null,
  attendance,
  '2026-11-03T10:25:00Z',
);

describe('validateOutcome', () => {
  it.each([
    ['a complete recommendation', {}, []],
    ['a draft with no actions yet', { status: 'draft', actions: [] }, []],
    ['no action, said explicitly', { actions: [], noAction: true }, []],
    ['a review on the meeting day', { reviewDate: '2026-11-03' }, []],
    ['no review date', { reviewDate: null }, []],
    [
      'two options to discuss',
      { kind: 'options-to-discuss', options: ['Medial branch blocks', 'Pain management programme'] },
      [],
    ],
    [
      'one option to discuss',
      { kind: 'options-to-discuss', options: ['Medial branch blocks'] },
      ['error:OPTIONS_REQUIRED'],
    ],
    // The same option twice (case and spaces aside) is one option.
    [
      'the same option twice',
      { kind: 'options-to-discuss', options: ['Blocks', ' blocks ', ''] },
      ['error:OPTIONS_REQUIRED'],
    ],
    [
      'confirming with no actions and no "no action"',
      { actions: [] },
      ['error:ACTION_OR_NO_ACTION_REQUIRED'],
    ],
    ['"no action" and actions together', { noAction: true }, ['error:NO_ACTION_WITH_ACTIONS']],
    ['an action with no owner', { actions: [{ ...action, ownerId: '' }] }, ['error:ACTION_INCOMPLETE']],
    ['an action with no due date', { actions: [{ ...action, dueDate: '' }] }, ['error:ACTION_INCOMPLETE']],
    [
      'an action with an unknown type',
      { actions: [{ ...action, type: 'phone' }] },
      ['error:ACTION_INCOMPLETE'],
    ],
    ['a review the day before the meeting', { reviewDate: '2026-11-02' }, ['error:REVIEW_BEFORE_MEETING']],
    ['no summary', { summary: '  ' }, ['error:SUMMARY_REQUIRED']],
    ['a blocking quorum failure', { quorum: blocked }, ['error:QUORUM_NOT_MET']],
    ['a warning quorum failure', { quorum: warned }, ['warning:QUORUM_NOT_MET']],
    ['a quorum failure on a draft (checked on confirming)', { status: 'draft', quorum: blocked }, []],
  ] as [string, Partial<MdtOutcome>, string[]][])('%s', (_label, patch, expected) => {
    const result = validateOutcome({ ...base, ...patch });
    expect(result.issues.map((i) => `${i.severity}:${i.code}`)).toEqual(expected);
    expect(result.valid).toBe(!expected.some((e) => e.startsWith('error')));
  });

  it('names what an incomplete action lacks', () => {
    const r = validateOutcome({ ...base, actions: [action, { ...action, ownerId: '', dueDate: '' }] });
    expect(r.issues[0]?.message).toBe('Action 2 needs: owner, due date.');
    expect(r.issues[0]?.field).toBe('actions[1]');
  });

  it('a blocked quorum carries the explanation to show the chair', () => {
    const r = validateOutcome({ ...base, quorum: blocked });
    expect(r.issues[0]?.message).toContain('needs 1 psychologist, 0 present');
  });

  it('refuses an unknown kind or a malformed date', () => {
    expect(() => validateOutcome({ ...base, kind: 'maybe' as MdtOutcome['kind'] })).toThrow(
      ClinicalInputError,
    );
    expect(() => validateOutcome({ ...base, meetingDate: '3/11/2026' })).toThrow(ClinicalInputError);
  });
});

describe('amendOutcome', () => {
  const meta = { newId: 'O1-v2', amendedAt: '2026-11-05T14:00:00Z', amendedBy: 'c1' };

  it('makes version 2 with the reason and leaves version 1 untouched', () => {
    const before = structuredClone(base);
    const v2 = amendOutcome(base, { reviewDate: '2027-03-01' }, 'Review moved after the patient asked', meta);
    expect(v2).toMatchObject({
      id: 'O1-v2',
      version: 2,
      previousVersionId: 'O1-v1',
      status: 'confirmed',
      reviewDate: '2027-03-01',
      amendReason: 'Review moved after the patient asked',
      amendedAt: '2026-11-05T14:00:00Z',
      amendedBy: 'c1',
      listingId: 'L1',
      meetingDate: '2026-11-03',
      summary: base.summary,
    });
    expect(base).toEqual(before);
    // The actions are copies, not shared with version 1.
    expect(v2.actions).toEqual(base.actions);
    expect(v2.actions[0]).not.toBe(base.actions[0]);

    const v3 = amendOutcome(v2, { summary: 'Proceed to blocks at L5/S1 only.' }, 'Level corrected', {
      ...meta,
      newId: 'O1-v3',
    });
    expect([v3.version, v3.previousVersionId, v3.reviewDate]).toEqual([3, 'O1-v2', '2027-03-01']);
  });

  it('ignores keys passed as undefined', () => {
    const v2 = amendOutcome(base, { summary: undefined } as unknown as { summary: string }, 'Typo', meta);
    expect(v2.summary).toBe(base.summary);
  });

  it.each([
    ['a blank reason', base, {}, '  ', meta],
    ['no reason', base, {}, '', meta],
    ['a draft', { ...base, status: 'draft' as const }, {}, 'Reason', meta],
    ['a superseded version', { ...base, status: 'superseded' as const }, {}, 'Reason', meta],
    ['reusing the old id', base, {}, 'Reason', { ...meta, newId: 'O1-v1' }],
    [
      'an amendment that breaks the outcome',
      base,
      { kind: 'options-to-discuss' as const, options: ['One'] },
      'Reason',
      meta,
    ],
    ['an amendment dropping every action without "no action"', base, { actions: [] }, 'Reason', meta],
  ])('refuses %s', (_label, previous, change, reason, m) => {
    expect(() => amendOutcome(previous, change, reason, m)).toThrow(ClinicalInputError);
  });
});

describe('implementationReviewDue', () => {
  it.each([
    // 3 Nov + 27 = 30 Nov; + 31 = 31 Dec (58); + 31 = 31 Jan (89); + 1 = 1 Feb 2027 (90).
    ['2026-11-03', undefined, '2027-02-01'],
    // 15 Dec + 16 = 31 Dec; + 14 = 14 Jan 2027 (30).
    ['2026-12-15', 30, '2027-01-14'],
    // 2028 is a leap year: 1 Feb + 28 = 29 Feb; + 31 = 31 Mar (59); + 30 = 30 Apr (89); + 1 = 1 May (90).
    ['2028-02-01', 90, '2028-05-01'],
    // 29 March 2026 (clock change day) + 90: + 2 = 31 Mar; + 30 = 30 Apr (32); + 31 = 31 May (63);
    // + 27 = 27 Jun (90). Calendar days, unaffected by the clock change.
    ['2026-03-29', 90, '2026-06-27'],
    ['2026-11-03', 0, '2026-11-03'],
  ])('%s + %s days -> %s', (date, days, expected) => {
    expect(days === undefined ? implementationReviewDue(date) : implementationReviewDue(date, days)).toBe(
      expected,
    );
  });

  it('refuses a negative or fractional interval', () => {
    expect(() => implementationReviewDue('2026-11-03', -1)).toThrow(ClinicalInputError);
    expect(() => implementationReviewDue('2026-11-03', 1.5)).toThrow(ClinicalInputError);
  });
});

describe('median', () => {
  it.each([
    [[], null],
    [[7], 7],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
  ])('%j -> %s', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe('dashboardStats on a hand-made November 2026', () => {
  const discussed = (
    id: string,
    referredOn: string,
    discussedOn: string,
    letterSentOn: string | null,
  ): DashboardListing => ({
    listingId: id,
    category: 'full-discussion',
    status: 'discussed',
    referredOn,
    discussedOn,
    letterSentOn,
  });
  const listings: DashboardListing[] = [
    // referral -> discussion, discussion -> letter (days)
    discussed('D1', '2026-10-01', '2026-11-03', '2026-11-04'), // 30 + 3 = 33; 1
    discussed('D2', '2026-10-20', '2026-11-03', '2026-11-06'), // 11 + 3 = 14; 3
    discussed('D3', '2026-10-27', '2026-11-10', '2026-11-12'), // 4 + 10 = 14; 2
    discussed('D4', '2026-11-02', '2026-11-10', '2026-11-20'), // 8; 10
    discussed('D5', '2026-09-15', '2026-11-17', null), // 15 + 31 + 17 = 63; no letter yet
    discussed('D6', '2026-11-09', '2026-11-24', '2026-11-26'), // 15; 2
    {
      listingId: 'N1',
      category: 'protocol-noted',
      status: 'discussed',
      referredOn: '2026-10-30',
      discussedOn: '2026-11-03',
      letterSentOn: '2026-11-03',
    },
    {
      listingId: 'N2',
      category: 'protocol-noted',
      status: 'accepted',
      referredOn: '2026-11-01',
      discussedOn: null,
      letterSentOn: null,
    },
    {
      listingId: 'F1',
      category: 'full-discussion',
      status: 'deferred',
      referredOn: '2026-10-25',
      discussedOn: null,
      letterSentOn: null,
      deferReason: 'Awaiting MRI report',
    },
    {
      listingId: 'F2',
      category: 'full-discussion',
      status: 'deferred',
      referredOn: '2026-10-26',
      discussedOn: null,
      letterSentOn: null,
      deferReason: null,
    },
    {
      listingId: 'W1',
      category: 'full-discussion',
      status: 'withdrawn',
      referredOn: '2026-10-26',
      discussedOn: null,
      letterSentOn: null,
    },
  ];

  // Six meetings. Dr Rao present at all 6; Dr Park (psychologist) present at 3, apologies at 3;
  // Sam Lee (physio) present at 3, covered by a deputy at 1, apologies at 2; Pat Jones (nurse) present at 2,
  // remote at 1, no record at 3.
  const dates = ['2026-11-03', '2026-11-10', '2026-11-17', '2026-11-24', '2026-12-01', '2026-12-08'];
  const meetings: DashboardMeeting[] = dates.map((date, i) => ({
    meetingId: `M${i + 1}`,
    date,
    attendance: [
      { personId: 'rao', status: 'present' },
      { personId: 'park', status: i < 3 ? 'present' : 'apologies' },
      i < 3
        ? { personId: 'lee', status: 'present' }
        : i === 3
          ? { personId: 'lee-deputy', status: 'deputy', deputyForPersonId: 'lee' }
          : { personId: 'lee', status: 'apologies' },
      ...(i < 2
        ? [{ personId: 'jones', status: 'present' as const }]
        : i === 2
          ? [{ personId: 'jones', status: 'remote' as const }]
          : []),
    ],
  }));
  const coreMembers = [
    { personId: 'rao', name: 'Dr Asha Rao' },
    { personId: 'park', name: 'Dr Kim Park' },
    { personId: 'lee', name: 'Sam Lee' },
    { personId: 'jones', name: 'Pat Jones' },
  ];

  const stats = dashboardStats({ listings, meetings, coreMembers });

  it('counts listed, discussed, protocol-noted and deferred (acceptance check 17)', () => {
    // 11 listings, 1 withdrawn -> 10 listed: 6 discussed, 2 protocol-noted, 2 deferred.
    expect(stats.counts).toEqual({ listed: 10, discussed: 6, protocolNoted: 2, deferred: 2, withdrawn: 1 });
    expect(stats.deferReasons).toEqual({ 'Awaiting MRI report': 1, 'No reason recorded': 1 });
  });

  it('computes the medians', () => {
    // Referral -> discussion: [33, 14, 14, 8, 63, 15] sorted [8, 14, 14, 15, 33, 63] -> (14 + 15) / 2 = 14.5.
    expect(stats.medianDaysReferralToDiscussion).toBe(14.5);
    // Discussion -> letter (D5 has none): [1, 3, 2, 10, 2] sorted [1, 2, 2, 3, 10] -> 2.
    expect(stats.medianDaysDiscussionToLetter).toBe(2);
  });

  it('reports attendance per core member against 2/3 (acceptance check 5)', () => {
    expect(
      stats.attendance.map((a) => [a.personId, a.attended, a.coveredByDeputy, a.apologies, a.meetsThreshold]),
    ).toEqual([
      ['rao', 6, 0, 0, true], // 6/6
      ['park', 3, 0, 3, false], // 3/6 = 0.5 < 2/3
      ['lee', 3, 1, 2, true], // (3 + 1)/6 = 2/3 exactly: meets (inclusive)
      ['jones', 3, 0, 0, false], // (2 present + 1 remote)/6 = 0.5 < 2/3
    ]);
    expect(stats.attendance.map((a) => a.rate)).toEqual([1, 0.5, 4 / 6, 0.5]);
    expect(stats.belowThreshold).toEqual(['park', 'jones']);
    expect(stats.threshold).toEqual({ numerator: 2, denominator: 3 });
  });

  it('takes another threshold, and says nothing when there were no meetings', () => {
    const half = dashboardStats({
      listings: [],
      meetings,
      coreMembers,
      threshold: { numerator: 1, denominator: 2 },
    });
    expect(half.belowThreshold).toEqual([]); // everyone is at 0.5 or above
    const none = dashboardStats({ listings: [], meetings: [], coreMembers });
    expect(none.attendance[0]).toMatchObject({ meetings: 0, rate: null, meetsThreshold: false });
    expect(none.belowThreshold).toEqual([]);
    expect(none.medianDaysReferralToDiscussion).toBeNull();
  });

  it.each([
    ['a discussion before the referral', [discussed('X', '2026-11-05', '2026-11-03', null)]],
    ['a letter before the discussion', [discussed('X', '2026-11-01', '2026-11-03', '2026-11-02')]],
    [
      'a discussed listing with no date',
      [{ ...discussed('X', '2026-11-01', '2026-11-03', null), discussedOn: null }],
    ],
  ])('refuses %s', (_label, bad) => {
    expect(() => dashboardStats({ listings: bad, meetings: [], coreMembers: [] })).toThrow(
      ClinicalInputError,
    );
  });
});
