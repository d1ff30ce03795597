/**
 * Attendance and quorum. Meeting used throughout: Tuesday 3 November 2026, 09:00 Europe/London. British
 * Summer Time ended on 25 October 2026, so London is on GMT and local time = UTC (09:00 local = 09:00Z).
 * Expected values are worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { ClinicalInputError } from '../../../shared/clinical/errors';
import {
  EXAMPLE_QUORUM_RULES,
  evaluateQuorum,
  parseQuorumRuleSet,
  presentAt,
  type Attendance,
  type QuorumRuleSet,
} from '../../../shared/clinical/mdt/index';

/*
 * c1  consultant      present  whole meeting
 * ps1 psychologist    present  09:00 -> leaves 10:20 (leaves early)
 * ph1 physiotherapist remote   joins 09:05, stays
 * n1  nurse           apologies
 * co1 coordinator     present  whole meeting
 */
const attendance: Attendance[] = [
  { personId: 'c1', name: 'Dr Asha Rao', discipline: 'consultant', status: 'present' },
  {
    personId: 'ps1',
    name: 'Dr Kim Park',
    discipline: 'psychologist',
    status: 'present',
    joinedAt: '2026-11-03T09:00:00Z',
    leftAt: '2026-11-03T10:20:00Z',
  },
  {
    personId: 'ph1',
    name: 'Sam Lee',
    discipline: 'physiotherapist',
    status: 'remote',
    joinedAt: '2026-11-03T09:05:00Z',
  },
  { personId: 'n1', name: 'Pat Jones', discipline: 'nurse', status: 'apologies' },
  { personId: 'co1', name: 'Jo Bell', discipline: 'coordinator', status: 'present' },
];

const ids = (list: Attendance[]) => list.map((a) => a.personId);

describe('presentAt: join inclusive, leave exclusive, apologies never count', () => {
  it.each([
    // 09:00: ph1 has not joined yet (joins 09:05); n1 sent apologies.
    ['2026-11-03T09:00:00Z', ['c1', 'ps1', 'co1']],
    // 09:04:59: still one second before ph1 joins.
    ['2026-11-03T09:04:59Z', ['c1', 'ps1', 'co1']],
    // 09:05:00: joining is inclusive.
    ['2026-11-03T09:05:00Z', ['c1', 'ps1', 'ph1', 'co1']],
    // 10:19:59: ps1 is still there.
    ['2026-11-03T10:19:59Z', ['c1', 'ps1', 'ph1', 'co1']],
    // 10:20:00: leaving is exclusive, ps1 has gone.
    ['2026-11-03T10:20:00Z', ['c1', 'ph1', 'co1']],
    ['2026-11-03T10:25:00Z', ['c1', 'ph1', 'co1']],
  ])('at %s', (at, expected) => {
    expect(ids(presentAt(attendance, at))).toEqual(expected);
  });

  it('counts a deputy standing in, and never someone who sent apologies or was absent', () => {
    const records: Attendance[] = [
      { personId: 'ps1', discipline: 'psychologist', status: 'apologies' },
      { personId: 'ps2', discipline: 'psychologist', status: 'deputy', deputyForPersonId: 'ps1' },
      { personId: 'x', discipline: 'nurse', status: 'absent' },
    ];
    expect(ids(presentAt(records, '2026-11-03T09:30:00Z'))).toEqual(['ps2']);
  });

  it('follows someone who leaves and rejoins (two records)', () => {
    const records: Attendance[] = [
      {
        personId: 'ph1',
        discipline: 'physiotherapist',
        status: 'present',
        joinedAt: '2026-11-03T09:00:00Z',
        leftAt: '2026-11-03T09:30:00Z',
      },
      { personId: 'ph1', discipline: 'physiotherapist', status: 'present', joinedAt: '2026-11-03T09:45:00Z' },
    ];
    expect(ids(presentAt(records, '2026-11-03T09:40:00Z'))).toEqual([]);
    expect(ids(presentAt(records, '2026-11-03T09:50:00Z'))).toEqual(['ph1']);
  });

  it.each([
    [
      'a deputy with no principal',
      [{ personId: 'd', discipline: 'nurse', status: 'deputy' }] as Attendance[],
      'deputyForPersonId',
    ],
    [
      'leaving before joining',
      [
        {
          personId: 'a',
          discipline: 'nurse',
          status: 'present',
          joinedAt: '2026-11-03T10:00:00Z',
          leftAt: '2026-11-03T09:00:00Z',
        },
      ] as Attendance[],
      'leftAt',
    ],
    [
      'an unknown discipline',
      [{ personId: 'a', discipline: 'surgeon', status: 'present' }] as unknown as Attendance[],
      'discipline',
    ],
    [
      'a local time given where an instant is needed',
      [
        { personId: 'a', discipline: 'nurse', status: 'present', joinedAt: '2026-11-03T09:00' },
      ] as Attendance[],
      'joinedAt',
    ],
  ])('refuses %s', (_label, records, field) => {
    expect(() => presentAt(records, '2026-11-03T09:30:00Z')).toThrow(ClinicalInputError);
    try {
      presentAt(records, '2026-11-03T09:30:00Z');
    } catch (e) {
      expect((e as ClinicalInputError).field).toContain(field);
    }
  });
});

describe('evaluateQuorum with the example rule set', () => {
  it('is labelled as an example, not a standard', () => {
    expect(EXAMPLE_QUORUM_RULES.example).toBe(true);
    expect(EXAMPLE_QUORUM_RULES.name.toLowerCase()).toContain('example');
    expect(EXAMPLE_QUORUM_RULES.version).toBe('0.1.0-example');
  });

  it('neuromodulation case at 10:00: everyone needed is there', () => {
    // Present at 10:00: c1 (consultant), ps1 (psychologist), ph1 (physio), co1 (coordinator).
    // Core rule: consultant 1 >= 1; other clinical discipline 2 >= 1; clinicians 3 >= 3 (coordinator not counted).
    // Neuromodulation rule: consultant 1, psychologist 1, physiotherapist 1.
    const r = evaluateQuorum(
      EXAMPLE_QUORUM_RULES,
      'neuromodulation-mdt',
      'neuromodulation-decision',
      attendance,
      '2026-11-03T10:00:00Z',
    );
    expect(r.met).toBe(true);
    expect(r.enforcement).toBeNull();
    expect(r.missing).toEqual([]);
    expect(r.rules.map((x) => [x.ruleId, x.met])).toEqual([
      ['every-case-core', true],
      ['neuromodulation-decision', true],
    ]);
    expect(r.explanation).toContain('Quorum met at 10:00');
  });

  it('the psychologist leaving at 10:20 breaks quorum for a neuromodulation case at 10:25 (blocks)', () => {
    // Present at 10:25: c1, ph1, co1. Psychologists 0 < 1 (block). Clinicians c1 + ph1 = 2 < 3 (warn).
    const r = evaluateQuorum(
      EXAMPLE_QUORUM_RULES,
      'neuromodulation-mdt',
      'neuromodulation-decision',
      attendance,
      '2026-11-03T10:25:00Z',
    );
    expect(r.met).toBe(false);
    expect(r.enforcement).toBe('block');
    expect(r.missing.map((m) => [m.ruleId, m.discipline, m.needed, m.present, m.enforcement])).toEqual([
      ['every-case-core', 'any', 3, 2, 'warn'],
      ['neuromodulation-decision', 'psychologist', 1, 0, 'block'],
    ]);
    expect(r.presentByDiscipline).toEqual({
      consultant: 1,
      nurse: 0,
      physiotherapist: 1,
      psychologist: 0,
      pharmacist: 0,
      coordinator: 1,
      other: 0,
    });
    expect(r.explanation).toContain('Quorum not met at 10:25');
    expect(r.explanation).toContain('cannot be confirmed');
    expect(r.explanation).toContain('needs 1 psychologist, 0 present');
    // A snapshot to store with the outcome: rule set and version, instant, who counted.
    expect(r.ruleSet).toEqual({
      id: 'example-pain-mdt-quorum',
      name: EXAMPLE_QUORUM_RULES.name,
      version: '0.1.0-example',
      example: true,
    });
    expect(r.at).toBe('2026-11-03T10:25:00Z');
    expect(r.present.map((p) => p.personId)).toEqual(['c1', 'ph1', 'co1']);
  });

  it.each([
    // [category, at, met, enforcement]
    // 09:00, no category: c1, ps1 clinicians = 2 < 3 -> core rule fails, warn only.
    [null, '2026-11-03T09:00:00Z', false, 'warn'],
    // 09:05, no category: c1, ps1, ph1 = 3 -> met.
    [null, '2026-11-03T09:05:00Z', true, null],
    // 09:00, neuromodulation: no physiotherapist yet (joins 09:05) -> block.
    ['neuromodulation-decision', '2026-11-03T09:00:00Z', false, 'block'],
    // 10:25, opioid review: only the core rule applies, 2 clinicians < 3 -> warn (not block).
    ['opioid-review', '2026-11-03T10:25:00Z', false, 'warn'],
    // Several categories (a merged listing): the neuromodulation rule applies if any category matches.
    [['opioid-review', 'neuromodulation-decision'], '2026-11-03T10:25:00Z', false, 'block'],
  ] as const)('category %j at %s -> met %s, %s', (category, at, met, enforcement) => {
    const r = evaluateQuorum(EXAMPLE_QUORUM_RULES, 'complex-pain-mdt', category, attendance, at);
    expect(r.met).toBe(met);
    expect(r.enforcement).toBe(enforcement);
  });

  it('a deputy psychologist standing in satisfies the neuromodulation rule', () => {
    // ps1 sends apologies; ps2 (psychologist) deputises. At 10:25: c1, ps2, ph1 -> 3 clinicians, all three
    // disciplines present.
    const withDeputy: Attendance[] = [
      { personId: 'c1', discipline: 'consultant', status: 'present' },
      { personId: 'ps1', discipline: 'psychologist', status: 'apologies' },
      { personId: 'ps2', discipline: 'psychologist', status: 'deputy', deputyForPersonId: 'ps1' },
      { personId: 'ph1', discipline: 'physiotherapist', status: 'remote' },
    ];
    const r = evaluateQuorum(
      EXAMPLE_QUORUM_RULES,
      'neuromodulation-mdt',
      'neuromodulation-decision',
      withDeputy,
      '2026-11-03T10:25:00Z',
    );
    expect(r.met).toBe(true);
    expect(r.present.find((p) => p.personId === 'ps2')?.deputyForPersonId).toBe('ps1');
  });

  it('a deputy of another discipline counts for the member they stand in for, only while that member is away', () => {
    // ps1 (psychologist) is in the room 09:00-10:20; n2 (nurse) deputises for ps1 from 10:00.
    // 10:25: ps1 gone -> n2 counts as the psychologist: c1 + n2(as psychologist) + ph1 -> neuromodulation met.
    // 10:10: ps1 there -> n2 counts as a nurse: psychologist 1, nurse 1.
    const withDeputy: Attendance[] = [
      { personId: 'c1', discipline: 'consultant', status: 'present' },
      {
        personId: 'ps1',
        discipline: 'psychologist',
        status: 'present',
        joinedAt: '2026-11-03T09:00:00Z',
        leftAt: '2026-11-03T10:20:00Z',
      },
      {
        personId: 'n2',
        discipline: 'nurse',
        status: 'deputy',
        deputyForPersonId: 'ps1',
        deputyForDiscipline: 'psychologist',
        joinedAt: '2026-11-03T10:00:00Z',
      },
      { personId: 'ph1', discipline: 'physiotherapist', status: 'remote' },
    ];
    const later = evaluateQuorum(
      EXAMPLE_QUORUM_RULES,
      'neuromodulation-mdt',
      'neuromodulation-decision',
      withDeputy,
      '2026-11-03T10:25:00Z',
    );
    expect(later.met).toBe(true);
    expect(later.present.find((p) => p.personId === 'n2')).toMatchObject({
      discipline: 'nurse',
      countedAs: 'psychologist',
    });
    expect(later.presentByDiscipline).toMatchObject({ psychologist: 1, nurse: 0 });
    const earlier = evaluateQuorum(
      EXAMPLE_QUORUM_RULES,
      'neuromodulation-mdt',
      'neuromodulation-decision',
      withDeputy,
      '2026-11-03T10:10:00Z',
    );
    expect(earlier.presentByDiscipline).toMatchObject({ psychologist: 1, nurse: 1 });
  });

  it('apologies never count, even from every discipline', () => {
    const allApologies: Attendance[] = [
      { personId: 'c1', discipline: 'consultant', status: 'apologies' },
      { personId: 'ps1', discipline: 'psychologist', status: 'apologies' },
      { personId: 'ph1', discipline: 'physiotherapist', status: 'apologies' },
    ];
    const r = evaluateQuorum(
      EXAMPLE_QUORUM_RULES,
      'neuromodulation-mdt',
      'neuromodulation-decision',
      allApologies,
      '2026-11-03T09:30:00Z',
    );
    expect(r.met).toBe(false);
    expect(r.present).toEqual([]);
    // Core rule: consultant 0/1, other discipline 0/1, total 0/3; neuromodulation: 0/1 three times = 6 gaps.
    expect(r.missing).toHaveLength(6);
  });

  it('counts one person once even with overlapping records', () => {
    const doubled: Attendance[] = [
      { personId: 'c1', discipline: 'consultant', status: 'present' },
      { personId: 'c1', discipline: 'consultant', status: 'remote' },
    ];
    const r = evaluateQuorum(EXAMPLE_QUORUM_RULES, 'complex-pain-mdt', null, doubled, '2026-11-03T09:30:00Z');
    expect(r.presentByDiscipline.consultant).toBe(1);
  });
});

describe('evaluateQuorum with other rule sets', () => {
  const typeOnly: QuorumRuleSet = {
    id: 'local',
    name: 'Local rules',
    version: '3',
    source: 'Approved by the clinical lead, 1 October 2026',
    example: false,
    rules: [
      {
        id: 'neuro-meeting',
        label: 'Neuromodulation meeting: 2 consultants',
        meetingTypeIds: ['neuromodulation-mdt'],
        caseCategories: null,
        requirements: [{ disciplines: ['consultant'], min: 2, label: 'pain consultants' }],
        enforcement: 'warn',
      },
    ],
  };

  it('applies meeting-type rules only to that meeting type', () => {
    // One consultant present: 1 < 2 in the neuromodulation meeting; no rule for the complex pain meeting.
    const r1 = evaluateQuorum(typeOnly, 'neuromodulation-mdt', null, attendance, '2026-11-03T09:30:00Z');
    expect(r1.met).toBe(false);
    expect(r1.enforcement).toBe('warn');
    expect(r1.missing[0]).toMatchObject({ discipline: 'consultant', needed: 2, present: 1 });

    const r2 = evaluateQuorum(typeOnly, 'complex-pain-mdt', null, attendance, '2026-11-03T09:30:00Z');
    expect(r2.met).toBe(true);
    expect(r2.rules).toEqual([]);
    expect(r2.explanation).toContain('No quorum rule');
  });
});

describe('parseQuorumRuleSet (rules edited in Settings)', () => {
  it('accepts the example set', () => {
    expect(parseQuorumRuleSet(EXAMPLE_QUORUM_RULES)).toEqual(EXAMPLE_QUORUM_RULES);
  });

  const withRule = (patch: object) => ({
    ...EXAMPLE_QUORUM_RULES,
    rules: [{ ...EXAMPLE_QUORUM_RULES.rules[0], ...patch }],
  });

  it.each([
    ['a minimum of 0', withRule({ requirements: [{ disciplines: ['consultant'], min: 0, label: 'x' }] })],
    ['an unknown discipline', withRule({ requirements: [{ disciplines: ['surgeon'], min: 1, label: 'x' }] })],
    ['an unknown enforcement', withRule({ enforcement: 'ignore' })],
    ['no source', { ...EXAMPLE_QUORUM_RULES, source: '' }],
    [
      'a repeated rule id',
      { ...EXAMPLE_QUORUM_RULES, rules: [EXAMPLE_QUORUM_RULES.rules[0], EXAMPLE_QUORUM_RULES.rules[0]] },
    ],
  ])('refuses %s', (_label, data) => {
    expect(() => parseQuorumRuleSet(data)).toThrow(ClinicalInputError);
  });
});
