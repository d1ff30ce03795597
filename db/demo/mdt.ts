import {
  evaluateQuorum,
  implementationReviewDue,
  listCutOff,
  nextMeetingDate,
  type Attendance,
  type QuorumRuleSet,
  type Recurrence,
} from '../../shared/clinical/mdt/index';
import { londonToday } from '../../shared/dates';
import { REFERRAL_REASONS, caseCategoryFor } from '../../shared/domain/mdt';
import { disciplineOf } from '../mappers/mdt';
import type { DemoContext } from './context';

const QUESTIONS: Record<string, string> = {
  'new-complex': 'New complex referral: what should the plan be?',
  'intervention-decision': 'Repeat the radiofrequency denervation, or stop?',
  'neuromodulation-assessment': 'Is a spinal cord stimulator trial appropriate?',
  'opioid-deprescribing': 'How should we approach tapering high-dose opioids?',
  'pmp-suitability': 'Suitable for the pain management programme?',
  'rehab-plateau': 'Rehabilitation has plateaued: what next?',
  safeguarding: 'Safeguarding concern: agree the plan.',
  other: 'Please advise on management.',
};
const SUMMARIES = [
  'Continue the current plan and review in clinic.',
  'Refer to the pain management programme.',
  'Offer a spinal cord stimulator trial.',
  'Agree a slow opioid taper with the patient.',
  'Discharge to GP care with a self-management plan.',
  'Physiotherapy-led graded activity for 12 weeks.',
];
const KINDS = [
  'recommendation',
  'recommendation',
  'options-to-discuss',
  'no-change',
  'discharge',
  'refer-on',
] as const;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Synthetic MDT history: ten years of weekly complex pain MDTs (scaled to the patient count), each with
 * listed cases, attendance, a confirmed outcome with a quorum snapshot and actions, plus the per-patient
 * state row, and the next meeting with a few referrals on its list.
 */
export function generateMdtDemo(ctx: DemoContext): void {
  const db = ctx.sqlite;
  const { rnd } = ctx;
  const type = db
    .prepare(
      "SELECT id, code, recurrence_json, duration_minutes, cut_off_hours, quorum_rules_json FROM mdt_meeting_types WHERE code = 'complex-pain-mdt'",
    )
    .get() as
    | {
        id: number;
        code: string;
        recurrence_json: string;
        duration_minutes: number;
        cut_off_hours: number;
        quorum_rules_json: string;
      }
    | undefined;
  if (!type || ctx.patientCount === 0) return;
  const clinicians = ctx.users.filter((u) => u.role !== 'admin' && u.role !== 'coordinator');
  const coordinator = ctx.users.find((u) => u.role === 'coordinator') ?? ctx.users[0]!;
  const consultants = clinicians.filter((u) => u.role === 'consultant');
  const chair = consultants[0] ?? clinicians[0]!;
  db.prepare('UPDATE mdt_meeting_types SET chair_id = ?, core_member_ids_json = ? WHERE id = ?').run(
    chair.id,
    JSON.stringify(clinicians.map((c) => c.id)),
    type.id,
  );
  const today = londonToday(ctx.now);
  const years = 10;
  const weeks = 52 * years;
  const casesPerMeeting = Math.max(1, Math.min(29, Math.round(ctx.patientCount / 200)));
  const recurrence: Recurrence = {
    ...(JSON.parse(type.recurrence_json) as Recurrence),
    startsOn: '2016-01-05',
  };
  db.prepare('UPDATE mdt_meeting_types SET recurrence_json = ? WHERE id = ?').run(
    JSON.stringify(recurrence),
    type.id,
  );
  const rules = JSON.parse(type.quorum_rules_json) as QuorumRuleSet;

  const insMeeting = db.prepare(
    `INSERT INTO mdt_meetings (meeting_type_id, meeting_date, start_local, start_at, duration_minutes, cut_off_at, status,
      chair_id, actual_start_at, actual_end_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const insAttendance = db.prepare(
    `INSERT INTO mdt_attendance (meeting_id, user_id, discipline, status, deputy_for_user_id, joined_at, left_at, updated_at)
     VALUES (?,?,?,?,NULL,NULL,NULL,?)`,
  );
  const insListing = db.prepare(
    `INSERT INTO mdt_listings (meeting_id, patient_id, position, source, category, status, planned_minutes, presenter_id,
      case_categories_json, urgency, is_late_addition, deferral_count, escalate, added_at, started_at, ended_at, updated_at)
     VALUES (?,?,?,?,?,?,?,?,?,'routine',0,0,0,?,?,?,?)`,
  );
  const insReferral = db.prepare(
    `INSERT INTO mdt_referrals (patient_id, meeting_type_id, meeting_id, listing_id, requested_by, requested_at, question,
      reason, urgency, presenter_id, patient_aware, what_matters, status) VALUES (?,?,?,?,?,?,?,?,'routine',?,1,?,'listed')`,
  );
  const insOutcome = db.prepare(
    `INSERT INTO mdt_outcomes (listing_id, patient_id, version, status, kind, summary, options_json, rationale,
      preferences_considered, review_date, patient_summary, meeting_date, no_action, quorum_json, quorum_met, quorum_rule_set,
      confirmed_by, confirmed_at, patient_decision, implementation_review_due, created_at, updated_at)
     VALUES (?,?,1,'confirmed',?,?,?,?,1,?,'',?,0,?,1,?,?,?,?,?,?,?)`,
  );
  const insAction = db.prepare(
    `INSERT INTO mdt_actions (outcome_id, listing_id, patient_id, description, type, owner_id, due_date, status,
      completed_at, completed_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const state = new Map<number, { on: string; outcome: number; due: string | null }>();

  let after = '2016-01-01T00:00:00Z';
  const occurrences: { date: string; startLocal: string; startAt: string }[] = [];
  for (let w = 0; w < weeks + 1; w += 1) {
    const occ = nextMeetingDate(recurrence, after);
    if (!occ) break;
    if (occ.date >= today) break;
    occurrences.push(occ);
    after = occ.startAt;
  }
  const first = ctx.firstPatientId;
  const n = ctx.patientCount;
  const batch = 26;
  for (let start = 0; start < occurrences.length; start += batch) {
    db.transaction(() => {
      for (const occ of occurrences.slice(start, start + batch)) {
        const at = occ.startAt.replace('Z', '.000Z');
        const endAt = new Date(Date.parse(occ.startAt) + type.duration_minutes * 60_000).toISOString();
        const meetingId = Number(
          insMeeting.run(
            type.id,
            occ.date,
            occ.startLocal,
            occ.startAt,
            type.duration_minutes,
            listCutOff(occ.startLocal, type.cut_off_hours).cutOffAt,
            'closed',
            chair.id,
            at,
            endAt,
            at,
            at,
          ).lastInsertRowid,
        );
        const attendance: Attendance[] = [];
        for (const u of clinicians) {
          const status = rnd.chance(0.85) ? 'present' : rnd.chance(0.5) ? 'remote' : 'apologies';
          insAttendance.run(meetingId, u.id, disciplineOf(u.role), status, at);
          attendance.push({
            personId: String(u.id),
            name: u.displayName,
            discipline: disciplineOf(u.role),
            status,
          });
        }
        const quorum = JSON.stringify(evaluateQuorum(rules, type.code, null, attendance, occ.startAt));
        const seen = new Set<number>();
        for (let c = 0; c < casesPerMeeting; c += 1) {
          const patientId = first + rnd.int(0, n - 1);
          if (seen.has(patientId)) continue;
          seen.add(patientId);
          const reason = rnd.pick(REFERRAL_REASONS);
          const referredAt = new Date(Date.parse(occ.startAt) - rnd.int(3, 20) * 86_400_000).toISOString();
          const presenter = rnd.pick(clinicians);
          const listingId = Number(
            insListing.run(
              meetingId,
              patientId,
              c + 1,
              'referral',
              'full-discussion',
              'discussed',
              10,
              presenter.id,
              JSON.stringify([caseCategoryFor(reason)]),
              referredAt,
              at,
              at,
              at,
            ).lastInsertRowid,
          );
          insReferral.run(
            patientId,
            type.id,
            meetingId,
            listingId,
            rnd.pick(clinicians).id,
            referredAt,
            QUESTIONS[reason]!,
            reason,
            presenter.id,
            'What matters: staying active',
          );
          const kind = rnd.pick(KINDS);
          const options =
            kind === 'options-to-discuss'
              ? ['Spinal cord stimulator trial', 'Pain management programme']
              : [];
          const outcomeId = Number(
            insOutcome.run(
              listingId,
              patientId,
              kind,
              rnd.pick(SUMMARIES),
              JSON.stringify(options),
              'Discussed by the MDT.',
              addDays(occ.date, 90),
              occ.date,
              quorum,
              `${rules.id}@${rules.version}`,
              chair.id,
              at,
              kind === 'options-to-discuss' && rnd.chance(0.7) ? 'accepted' : null,
              implementationReviewDue(occ.date),
              at,
              at,
            ).lastInsertRowid,
          );
          let earliestOpen: string | null = null;
          const actions = rnd.int(1, 2);
          for (let a = 0; a < actions; a += 1) {
            const due = addDays(occ.date, rnd.int(14, 60));
            const open = due >= addDays(today, -30) ? rnd.chance(0.6) : rnd.chance(0.01);
            const owner = rnd.pick(clinicians);
            insAction.run(
              outcomeId,
              listingId,
              patientId,
              rnd.pick([
                'Write to GP',
                'Book clinic review',
                'Refer to physiotherapy',
                'Arrange psychology assessment',
              ]),
              rnd.pick(['letter', 'patient-contact', 'referral', 'psychology']),
              owner.id,
              due,
              open ? 'open' : 'done',
              open ? null : at,
              open ? null : owner.id,
              at,
            );
            if (open && (earliestOpen === null || due < earliestOpen)) earliestOpen = due;
          }
          state.set(patientId, { on: occ.date, outcome: outcomeId, due: earliestOpen });
        }
      }
    })();
    ctx.onProgress?.('MDT meetings', Math.min(start + batch, occurrences.length), occurrences.length);
  }

  // The next meeting, with a few referred cases on its list.
  const next = nextMeetingDate(recurrence, `${ctx.now.toISOString().slice(0, 19)}Z`);
  let nextId: number | null = null;
  const listed = new Set<number>();
  if (next) {
    db.transaction(() => {
      const at = ctx.now.toISOString();
      nextId = Number(
        insMeeting.run(
          type.id,
          next.date,
          next.startLocal,
          next.startAt,
          type.duration_minutes,
          listCutOff(next.startLocal, type.cut_off_hours).cutOffAt,
          'planned',
          chair.id,
          null,
          null,
          at,
          at,
        ).lastInsertRowid,
      );
      for (let c = 0; c < Math.min(8, n); c += 1) {
        const patientId = first + rnd.int(0, n - 1);
        if (listed.has(patientId)) continue;
        listed.add(patientId);
        const reason = rnd.pick(REFERRAL_REASONS);
        const presenter = rnd.pick(clinicians);
        const listingId = Number(
          insListing.run(
            nextId,
            patientId,
            c + 1,
            'referral',
            'full-discussion',
            'proposed',
            10,
            presenter.id,
            JSON.stringify([caseCategoryFor(reason)]),
            at,
            null,
            null,
            at,
          ).lastInsertRowid,
        );
        insReferral.run(
          patientId,
          type.id,
          nextId,
          listingId,
          coordinator.id,
          at,
          QUESTIONS[reason]!,
          reason,
          presenter.id,
          'Being able to sleep',
        );
      }
    })();
  }
  const insState = db.prepare(
    'INSERT INTO mdt_patient_state (patient_id, last_discussed_on, last_outcome_id, earliest_open_action_due, listed_meeting_id) VALUES (?,?,?,?,?)',
  );
  db.transaction(() => {
    for (const [patientId, s] of state)
      insState.run(patientId, s.on, s.outcome, s.due, listed.has(patientId) ? nextId : null);
    for (const patientId of listed) {
      if (!state.has(patientId)) insState.run(patientId, null, null, null, nextId);
    }
    // Everyone recorded as in the room was there for the whole meeting: one join/leave interval each, as
    // the attendance screens write (migration 0011 backfills databases made before intervals existed).
    db.prepare(
      `INSERT INTO mdt_attendance_intervals (attendance_id, meeting_id, joined_at, left_at, created_at)
       SELECT a.id, a.meeting_id, a.joined_at, a.left_at, a.updated_at FROM mdt_attendance a
       WHERE a.status IN ('present', 'remote', 'deputy')
         AND NOT EXISTS (SELECT 1 FROM mdt_attendance_intervals i WHERE i.attendance_id = a.id)`,
    ).run();
  })();
}
