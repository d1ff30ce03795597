import type { Selectable } from 'kysely';
import {
  DISCIPLINES,
  lateAdditionState,
  type Discipline,
  type MdtOutcome,
  type OutcomeKind,
  type QuorumResult,
  type QuorumRuleSet,
  type Recurrence,
} from '../../shared/clinical/mdt/index';
import type {
  AttendanceView,
  MeetingStatus,
  MeetingSummary,
  MeetingTypeView,
  OutcomeView,
} from '../../shared/domain/mdt';
import type { Role } from '../../shared/domain/roles';
import type {
  MdtAttendanceTable,
  MdtMeetingsTable,
  MdtMeetingTypesTable,
  MdtOutcomesTable,
} from '../schema-mdt';

/** The discipline a user brings to the MDT, from their role. */
export function disciplineOf(role: string): Discipline {
  const r = role as Role;
  if (r === 'admin') return 'other';
  return (DISCIPLINES as readonly string[]).includes(r) ? (r as Discipline) : 'other';
}

export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null || text === '') return fallback;
  return JSON.parse(text) as T;
}

export function toMeetingType(row: Selectable<MdtMeetingTypesTable>): MeetingTypeView {
  const rules = parseJson<QuorumRuleSet>(row.quorum_rules_json, {
    id: '',
    name: '',
    version: '',
    source: '',
    example: true,
    rules: [],
  });
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    purpose: row.purpose,
    recurrence: parseJson<Recurrence>(row.recurrence_json, null as unknown as Recurrence),
    durationMinutes: row.duration_minutes,
    cutOffHours: row.cut_off_hours,
    chairId: row.chair_id,
    coreMemberIds: parseJson<number[]>(row.core_member_ids_json, []),
    defaultMinutesPerCase: row.default_minutes_per_case,
    version: row.version,
    quorumRuleSet: { id: rules.id, name: rules.name, version: rules.version, example: rules.example },
    quorumRules: rules.rules.map((r) => ({
      id: r.id,
      label: r.label,
      caseCategories: r.caseCategories,
      requirements: r.requirements.map((q) => ({ disciplines: q.disciplines, min: q.min, label: q.label })),
      enforcement: r.enforcement,
      appliesToThisType: r.meetingTypeIds === null || r.meetingTypeIds.includes(row.code),
    })),
    example: row.example === 1,
  };
}

export function toMeetingSummary(
  row: Selectable<MdtMeetingsTable> & {
    type_name: string;
    chair_name: string | null;
    case_count: number | null;
  },
): MeetingSummary {
  return {
    id: row.id,
    meetingTypeId: row.meeting_type_id,
    meetingTypeName: row.type_name,
    date: row.meeting_date,
    startLocal: row.start_local,
    startAt: row.start_at,
    durationMinutes: row.duration_minutes,
    status: row.status as MeetingStatus,
    chairId: row.chair_id,
    chairName: row.chair_name,
    cutOffAt: row.cut_off_at,
    caseCount: Number(row.case_count),
  };
}

export function toAttendance(
  row: Selectable<MdtAttendanceTable> & {
    name: string;
    deputy_for_name: string | null;
    deputy_for_role: string | null;
  },
  intervals: readonly { attendance_id: number; joined_at: string | null; left_at: string | null }[],
): AttendanceView {
  const mine = intervals
    .filter((i) => i.attendance_id === row.id)
    .map((i) => ({ joinedAt: i.joined_at, leftAt: i.left_at }));
  const last = mine[mine.length - 1];
  const inRoom = !!last && last.leftAt === null;
  return {
    userId: row.user_id,
    name: row.name,
    discipline: row.discipline as Discipline,
    status: row.status as AttendanceView['status'],
    deputyForUserId: row.deputy_for_user_id,
    deputyForName: row.deputy_for_name,
    deputyForDiscipline: row.deputy_for_role === null ? null : disciplineOf(row.deputy_for_role),
    joinedAt: mine[0]?.joinedAt ?? row.joined_at,
    leftAt: inRoom ? null : (last?.leftAt ?? row.left_at),
    intervals: mine,
    inRoom,
    version: row.version,
  };
}

export interface ActionRowLike {
  id: number | null;
  description: string;
  type: string;
  owner_id: number | null;
  owner_name: string;
  due_date: string;
  status: string;
  completion_note?: string | null;
  patient_wording?: string | null;
}

export function toOutcomeView(
  row: Selectable<MdtOutcomesTable> & {
    amended_by_name: string | null;
    confirmed_by_name: string | null;
  },
  actions: ActionRowLike[],
): OutcomeView {
  return {
    id: row.id,
    listingId: row.listing_id,
    patientId: row.patient_id,
    version: row.version,
    previousVersionId: row.previous_version_id,
    status: row.status as OutcomeView['status'],
    kind: row.kind as OutcomeKind,
    summary: row.summary,
    options: parseJson<string[]>(row.options_json, []),
    rationale: row.rationale,
    patientPreferencesConsidered: row.preferences_considered === 1,
    reviewDate: row.review_date,
    patientSummary: row.patient_summary,
    meetingDate: row.meeting_date,
    noAction: row.no_action === 1,
    quorum: parseJson<QuorumResult | null>(row.quorum_json, null),
    actions: actions.map((a) => ({
      id: a.id,
      description: a.description,
      type: a.type as OutcomeView['actions'][number]['type'],
      ownerId: a.owner_id,
      ownerName: a.owner_name,
      dueDate: a.due_date,
      status: a.status,
      completionNote: a.completion_note ?? null,
      patientWording: a.patient_wording ?? null,
    })),
    amendReason: row.amend_reason,
    amendedAt: row.amended_at,
    amendedByName: row.amended_by_name,
    confirmedAt: row.confirmed_at,
    confirmedByName: row.confirmed_by_name,
    patientDecision: row.patient_decision,
    patientDecisionAt: row.patient_decision_at,
    implementationReviewDue: row.implementation_review_due,
    updatedAt: row.updated_at,
  };
}

/** The clinical-rule shape of an outcome view (ids as strings), for validateOutcome / amendOutcome. */
export function toClinicalOutcome(v: OutcomeView): MdtOutcome {
  return {
    id: String(v.id),
    listingId: String(v.listingId),
    version: v.version,
    previousVersionId: v.previousVersionId === null ? null : String(v.previousVersionId),
    status: v.status,
    kind: v.kind,
    summary: v.summary,
    options: v.options,
    rationale: v.rationale,
    patientPreferencesConsidered: v.patientPreferencesConsidered,
    meetingDate: v.meetingDate,
    reviewDate: v.reviewDate,
    actions: v.actions.map((a) => ({
      description: a.description,
      type: a.type,
      ownerId: a.ownerId === null ? '' : String(a.ownerId),
      ownerName: a.ownerName,
      dueDate: a.dueDate,
      ...(a.patientWording ? { patientWording: a.patientWording } : {}),
    })),
    noAction: v.noAction,
    quorum: v.quorum,
    amendReason: v.amendReason,
    amendedAt: v.amendedAt,
    amendedBy: null,
  };
}

export { lateAdditionState };
