/**
 * Attendance and quorum for MDT meetings.
 *
 * Quorum rules are data (a {@link QuorumRuleSet}) that a clinical lead approves; this file only evaluates
 * them. Quorum is checked per case, at the instant the case was discussed, against who was in the room (or
 * on the call) at that instant.
 */
import { z } from 'zod';
import { ClinicalInputError, type RuleSetMeta } from '../errors';
import { epochToLocalDateTime, formatInstant, formatLocalTime, parseInstant, type Instant } from './time';

/** Disciplines recorded for MDT members. `consultant` means a pain medicine consultant. */
export const DISCIPLINES = [
  'consultant',
  'nurse',
  'physiotherapist',
  'psychologist',
  'pharmacist',
  'coordinator',
  'other',
] as const;

/** A discipline of an MDT member. */
export type Discipline = (typeof DISCIPLINES)[number];

/** Labels for clinicians (minutes, GP and referrer letters). */
export const DISCIPLINE_LABELS: Readonly<Record<Discipline, string>> = {
  consultant: 'Pain consultant',
  nurse: 'Clinical nurse specialist',
  physiotherapist: 'Physiotherapist',
  psychologist: 'Psychologist',
  pharmacist: 'Pharmacist',
  coordinator: 'MDT coordinator',
  other: 'Other professional',
};

/** Plain-English names for the patient letter. */
export const PLAIN_DISCIPLINE_LABELS: Readonly<Record<Discipline, string>> = {
  consultant: 'a pain doctor',
  nurse: 'a specialist nurse',
  physiotherapist: 'a physiotherapist',
  psychologist: 'a psychologist',
  pharmacist: 'a pharmacist',
  coordinator: 'the team coordinator',
  other: 'another member of the care team',
};

/**
 * How someone is recorded for a meeting. `present` and `remote` count towards quorum; `deputy` counts (the
 * person stands in for someone, named in `deputyForPersonId`); `apologies` and `absent` never count.
 */
export type AttendanceStatus = 'present' | 'remote' | 'apologies' | 'absent' | 'deputy';

/** One attendance record for one person at one meeting. Several records may exist if someone rejoins. */
export interface Attendance {
  personId: string;
  name?: string;
  /** The discipline this person brings to the meeting (a deputy records their own discipline). */
  discipline: Discipline;
  status: AttendanceStatus;
  /** Required when `status` is `deputy`: whom this person stands in for. */
  deputyForPersonId?: string | null;
  /**
   * For a deputy: the discipline of the member they stand in for. While that member is not in the room
   * themselves, the deputy counts for this discipline in quorum (e.g. a nurse deputising for the
   * psychologist counts as the psychologist); when the member is in the room too, the deputy counts with
   * their own discipline.
   */
  deputyForDiscipline?: Discipline | null;
  /** When they joined (inclusive). Absent or null: from the start of the meeting. */
  joinedAt?: Instant | null;
  /** When they left (exclusive). Absent or null: stayed to the end. */
  leftAt?: Instant | null;
}

const COUNTING_STATUSES: ReadonlySet<AttendanceStatus> = new Set(['present', 'remote', 'deputy']);

function checkAttendance(record: Attendance, index: number): { from: number; to: number } {
  const field = `attendance[${index}]`;
  if (!record || typeof record.personId !== 'string' || record.personId.trim() === '') {
    throw new ClinicalInputError('INVALID_INPUT', `${field}: personId is required.`, `${field}.personId`);
  }
  if (!(DISCIPLINES as readonly string[]).includes(record.discipline)) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `${field}: unknown discipline "${String(record.discipline)}".`,
      `${field}.discipline`,
    );
  }
  if (!['present', 'remote', 'apologies', 'absent', 'deputy'].includes(record.status)) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `${field}: unknown attendance status "${String(record.status)}".`,
      `${field}.status`,
    );
  }
  if (record.status === 'deputy' && !record.deputyForPersonId) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `${field}: a deputy must name the person they stand in for (deputyForPersonId).`,
      `${field}.deputyForPersonId`,
    );
  }
  const from = record.joinedAt ? parseInstant(record.joinedAt, `${field}.joinedAt`) : -Infinity;
  const to = record.leftAt ? parseInstant(record.leftAt, `${field}.leftAt`) : Infinity;
  if (to < from) {
    throw new ClinicalInputError(
      'INVALID_DATE',
      `${field}: left (${String(record.leftAt)}) before joining (${String(record.joinedAt)}).`,
      `${field}.leftAt`,
    );
  }
  return { from, to };
}

/**
 * Who is in the meeting at an instant: records with status present, remote or deputy whose time window
 * contains the instant (joinedAt inclusive, leftAt exclusive). Apologies and absences never count.
 *
 * @param attendance - every attendance record for the meeting
 * @param at - the instant to check (UTC ISO)
 * @returns the matching records, in input order
 * @throws ClinicalInputError for malformed records (unknown discipline, deputy with no principal, left before
 *   joining, bad instants)
 */
export function presentAt(attendance: readonly Attendance[], at: Instant): Attendance[] {
  const when = parseInstant(at, 'at');
  return attendance.filter((record, index) => {
    const window = checkAttendance(record, index);
    return COUNTING_STATUSES.has(record.status) && window.from <= when && when < window.to;
  });
}

/** Whether a failed rule stops the outcome being confirmed (`block`) or only warns (`warn`). */
export type Enforcement = 'block' | 'warn';

/**
 * At least `min` different people from any of `disciplines` must be present. A single discipline gives a
 * simple "1 psychologist"; several give "1 from another clinical discipline" or a minimum total.
 * Requirements are counted independently of each other.
 */
export interface QuorumRequirement {
  disciplines: Discipline[];
  min: number;
  /** Short wording for explanations, e.g. "psychologist" or "clinicians in total". */
  label: string;
}

/** One quorum rule: where it applies, what it needs, and whether failing it blocks or warns. */
export interface QuorumRule {
  id: string;
  label: string;
  /** Meeting types this rule covers; null for every meeting type. */
  meetingTypeIds: string[] | null;
  /** Case categories this rule covers; null for every case in the covered meeting types. */
  caseCategories: string[] | null;
  requirements: QuorumRequirement[];
  enforcement: Enforcement;
}

/** A versioned, approvable set of quorum rules. */
export interface QuorumRuleSet extends RuleSetMeta {
  /** True for the shipped example: the UI must label it as an example, not a standard. */
  example: boolean;
  rules: QuorumRule[];
}

const CLINICAL: Discipline[] = [
  'consultant',
  'nurse',
  'physiotherapist',
  'psychologist',
  'pharmacist',
  'other',
];

/**
 * The example quorum rules shipped with the demo data. They are an EXAMPLE for a clinical lead to adapt and
 * approve, not a national standard (quorum numbers for pain MDTs are local policy).
 */
export const EXAMPLE_QUORUM_RULES: QuorumRuleSet = {
  id: 'example-pain-mdt-quorum',
  name: 'Example pain MDT quorum rules (example only, not a national standard)',
  version: '0.1.0-example',
  source:
    'Example written for the Alongside demo; a clinical lead must adapt and approve it. The neuromodulation ' +
    'rule reflects NICE TA159 (spinal cord stimulation only after assessment by an MDT experienced in ' +
    'chronic pain and SCS) and the pain-audit definition of a full MDT (physician, psychologist, ' +
    'physiotherapist); the numbers themselves are local policy.',
  example: true,
  rules: [
    {
      id: 'every-case-core',
      label: 'Every case: a pain consultant, another clinical discipline and 3 clinicians in total',
      meetingTypeIds: null,
      caseCategories: null,
      requirements: [
        { disciplines: ['consultant'], min: 1, label: 'pain consultant' },
        {
          disciplines: ['nurse', 'physiotherapist', 'psychologist', 'pharmacist'],
          min: 1,
          label: 'member of another clinical discipline',
        },
        { disciplines: CLINICAL, min: 3, label: 'clinicians in total' },
      ],
      enforcement: 'warn',
    },
    {
      id: 'neuromodulation-decision',
      label: 'Neuromodulation decision: pain consultant, psychologist and physiotherapist present',
      meetingTypeIds: null,
      caseCategories: ['neuromodulation-decision'],
      requirements: [
        { disciplines: ['consultant'], min: 1, label: 'pain consultant' },
        { disciplines: ['psychologist'], min: 1, label: 'psychologist' },
        { disciplines: ['physiotherapist'], min: 1, label: 'physiotherapist' },
      ],
      enforcement: 'block',
    },
  ],
};

const disciplineSchema = z.enum(DISCIPLINES);

/** Schema for a quorum rule set edited in Settings (see {@link parseQuorumRuleSet}). */
export const quorumRuleSetSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  version: z.string().min(1),
  source: z.string().min(1),
  example: z.boolean(),
  rules: z.array(
    z.object({
      id: z.string().min(1),
      label: z.string().min(1),
      meetingTypeIds: z.array(z.string().min(1)).min(1).nullable(),
      caseCategories: z.array(z.string().min(1)).min(1).nullable(),
      requirements: z
        .array(
          z.object({
            disciplines: z.array(disciplineSchema).min(1),
            min: z.number().int().min(1),
            label: z.string().min(1),
          }),
        )
        .min(1),
      enforcement: z.enum(['block', 'warn']),
    }),
  ),
});

/**
 * Checks a quorum rule set (for example one loaded from Settings) and returns it typed.
 *
 * @throws ClinicalInputError `INVALID_INPUT` naming the first problem, or if two rules share an id
 */
export function parseQuorumRuleSet(data: unknown): QuorumRuleSet {
  const parsed = quorumRuleSetSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue ? issue.path.join('.') : '';
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `Quorum rule set is not valid at "${path}": ${issue?.message ?? 'unknown problem'}.`,
      path || undefined,
    );
  }
  const ids = parsed.data.rules.map((r) => r.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate !== undefined) {
    throw new ClinicalInputError('INVALID_INPUT', `Quorum rule id "${duplicate}" is used twice.`, 'rules');
  }
  return parsed.data;
}

/** One unmet requirement. */
export interface QuorumShortfall {
  ruleId: string;
  ruleLabel: string;
  enforcement: Enforcement;
  /** The discipline needed, or `any` when several disciplines would do (see `from`). */
  discipline: Discipline | 'any';
  /** Disciplines that would satisfy the requirement. */
  from: Discipline[];
  label: string;
  needed: number;
  present: number;
}

/** The outcome of one rule. */
export interface QuorumRuleCheck {
  ruleId: string;
  label: string;
  enforcement: Enforcement;
  met: boolean;
}

/** Someone counted towards quorum in a snapshot. */
export interface QuorumMember {
  personId: string;
  name: string | null;
  discipline: Discipline;
  status: AttendanceStatus;
  deputyForPersonId: string | null;
  /** The discipline this person counted for in quorum (a deputy's principal's, else their own). */
  countedAs: Discipline;
}

/**
 * A quorum check for one case at one instant. Plain data, suitable to store with the outcome as its quorum
 * snapshot.
 */
export interface QuorumResult {
  ruleSet: { id: string; name: string; version: string; example: boolean };
  meetingTypeId: string;
  caseCategories: string[];
  /** UTC instant checked. */
  at: Instant;
  /** True when every applicable rule is met (also true when no rule applies). */
  met: boolean;
  /** `block` if any failed rule blocks, else `warn` if any failed, else null. */
  enforcement: Enforcement | null;
  rules: QuorumRuleCheck[];
  missing: QuorumShortfall[];
  /** Distinct people counted, per discipline. */
  presentByDiscipline: Record<Discipline, number>;
  present: QuorumMember[];
  explanation: string;
}

function appliesTo(rule: QuorumRule, meetingTypeId: string, categories: readonly string[]): boolean {
  const typeOk = rule.meetingTypeIds === null || rule.meetingTypeIds.includes(meetingTypeId);
  const categoryOk = rule.caseCategories === null || rule.caseCategories.some((c) => categories.includes(c));
  return typeOk && categoryOk;
}

function describeNeed(s: QuorumShortfall): string {
  return `needs ${s.needed} ${s.label}, ${s.present} present`;
}

/**
 * Checks quorum for one case at the instant it was discussed.
 *
 * Rules apply when they cover the meeting type (or all types) and the case category (or all cases). A case
 * may carry several categories (a merged listing); rules for any of them apply. Each person counts once per
 * requirement, whatever number of attendance records they have.
 *
 * @param rules - the approved quorum rule set
 * @param meetingTypeId - e.g. `complex-pain-mdt`
 * @param caseCategory - e.g. `neuromodulation-decision`; an array for several; null for none
 * @param attendance - every attendance record for the meeting
 * @param at - the instant the case was discussed (UTC ISO)
 * @throws ClinicalInputError for malformed attendance or instants
 */
export function evaluateQuorum(
  rules: QuorumRuleSet,
  meetingTypeId: string,
  caseCategory: string | readonly string[] | null,
  attendance: readonly Attendance[],
  at: Instant,
): QuorumResult {
  if (typeof meetingTypeId !== 'string' || meetingTypeId.trim() === '') {
    throw new ClinicalInputError('INVALID_INPUT', 'meetingTypeId is required.', 'meetingTypeId');
  }
  const categories: string[] =
    caseCategory === null ? [] : typeof caseCategory === 'string' ? [caseCategory] : [...caseCategory];
  const atMs = parseInstant(at, 'at');
  const inRoom = presentAt(attendance, at);

  // One entry per person (a person with two overlapping records counts once).
  const inRoomIds = new Set(inRoom.map((r) => r.personId));
  const people = new Map<string, QuorumMember>();
  for (const record of inRoom) {
    if (!people.has(record.personId)) {
      if (
        record.deputyForDiscipline &&
        !(DISCIPLINES as readonly string[]).includes(record.deputyForDiscipline)
      ) {
        throw new ClinicalInputError(
          'INVALID_INPUT',
          `Unknown discipline "${String(record.deputyForDiscipline)}" for the member a deputy stands in for.`,
          'deputyForDiscipline',
        );
      }
      const standsIn =
        record.status === 'deputy' &&
        !!record.deputyForDiscipline &&
        !!record.deputyForPersonId &&
        !inRoomIds.has(record.deputyForPersonId);
      people.set(record.personId, {
        personId: record.personId,
        name: record.name ?? null,
        discipline: record.discipline,
        status: record.status,
        deputyForPersonId: record.deputyForPersonId ?? null,
        countedAs: standsIn ? (record.deputyForDiscipline as Discipline) : record.discipline,
      });
    }
  }
  const present = [...people.values()];
  const presentByDiscipline = Object.fromEntries(DISCIPLINES.map((d) => [d, 0])) as Record<
    Discipline,
    number
  >;
  for (const member of present) presentByDiscipline[member.countedAs] += 1;

  const applicable = rules.rules.filter((rule) => appliesTo(rule, meetingTypeId, categories));
  const checks: QuorumRuleCheck[] = [];
  const missing: QuorumShortfall[] = [];
  for (const rule of applicable) {
    let ruleMet = true;
    for (const req of rule.requirements) {
      const count = present.filter((m) => req.disciplines.includes(m.countedAs)).length;
      if (count < req.min) {
        ruleMet = false;
        missing.push({
          ruleId: rule.id,
          ruleLabel: rule.label,
          enforcement: rule.enforcement,
          discipline: req.disciplines.length === 1 ? (req.disciplines[0] as Discipline) : 'any',
          from: [...req.disciplines],
          label: req.label,
          needed: req.min,
          present: count,
        });
      }
    }
    checks.push({ ruleId: rule.id, label: rule.label, enforcement: rule.enforcement, met: ruleMet });
  }

  const failed = checks.filter((c) => !c.met);
  const met = failed.length === 0;
  const enforcement: Enforcement | null = met
    ? null
    : failed.some((c) => c.enforcement === 'block')
      ? 'block'
      : 'warn';

  const time = formatLocalTime(epochToLocalDateTime(atMs));
  const counted = DISCIPLINES.filter((d) => presentByDiscipline[d] > 0)
    .map((d) => `${presentByDiscipline[d]} ${d}`)
    .join(', ');
  let explanation: string;
  if (applicable.length === 0) {
    explanation = `No quorum rule in "${rules.name}" v${rules.version} applies to this case; nothing to check.`;
  } else if (met) {
    explanation =
      `Quorum met at ${time} (${rules.name} v${rules.version}): ` +
      `${checks.map((c) => c.label).join('; ')}. Present: ${counted || 'nobody'}.`;
  } else {
    const consequence =
      enforcement === 'block'
        ? 'the outcome cannot be confirmed'
        : 'the outcome can be confirmed with a warning';
    const detail = failed
      .map((c) => {
        const needs = missing.filter((s) => s.ruleId === c.ruleId).map(describeNeed);
        return `${c.label} (${c.enforcement}): ${needs.join('; ')}`;
      })
      .join('. ');
    explanation =
      `Quorum not met at ${time}, so ${consequence}. ${detail}. Present: ${counted || 'nobody'}. ` +
      `(${rules.name} v${rules.version})`;
  }

  return {
    ruleSet: { id: rules.id, name: rules.name, version: rules.version, example: rules.example },
    meetingTypeId,
    caseCategories: categories,
    at: formatInstant(atMs),
    met,
    enforcement,
    rules: checks,
    missing,
    presentByDiscipline,
    present,
    explanation,
  };
}
