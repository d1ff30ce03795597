import type Database from 'better-sqlite3';
import type { Selectable } from 'kysely';
import {
  DEFAULT_SUGGESTION_RULES,
  CASE_READINESS_RULES,
  rankSuggestions,
  staleOutcomeMeasures,
  suggestCases,
  type PatientSignals,
} from '../shared/clinical/mdt/index';
import { addCalendarDays, addCalendarMonths } from '../shared/clinical/mdt/time';
import { findProcedure } from '../shared/clinical/interventions/index';
import { MEASURES, type MeasureId } from '../shared/clinical/rehab/measures';
import { formatDateGb, londonToday } from '../shared/dates';
import {
  REFERRAL_REASON_LABELS,
  type CaseSummaryRehab,
  type MeetingDetail,
  type ReferralReason,
} from '../shared/domain/mdt';
import { displayName } from '../shared/domain/patient';
import { rehabText } from '../db/services/mdt-case-sections';
import { meetingDetailFrom, toListingViews } from '../db/services/mdt';
import { toAttendance, toMeetingSummary } from '../db/mappers/mdt';
import type { MdtMeetingsTable, MdtMeetingTypesTable } from '../db/schema-mdt';

/** 2026-10-27 as 27-Oct-2026, written here apart from the app's own date words. */
function gbDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${d}-${months[Number(m) - 1]}-${y}`;
}

const FLAG_LABELS: [string, string][] = [
  ['harm_rises', 'at or above 120 mg/day'],
  ['high_dose', 'at or above 90 mg/day'],
  ['flag_opioid_benzo', 'opioid + benzodiazepine or Z-drug'],
  ['flag_opioid_gabapentinoid', 'opioid + gabapentinoid'],
  ['flag_multiple_opioids', 'two or more opioids'],
  ['flag_gabapentin_pregabalin', 'gabapentin + pregabalin'],
];
const ONE_DP = (n: number) => Math.round(n * 10) / 10;
type Row = Record<string, unknown>;

/**
 * Hand-written better-sqlite3 versions of the MDT reads, computing the same result as the services (the
 * bench asserts deep equality): the same rows, the same pure clinical rules (shared/clinical), none of our
 * layers (dispatcher, validation, session, Kysely, async).
 */
export function mdtBaselines(db: Database.Database) {
  const q = {
    meeting: db.prepare('SELECT * FROM mdt_meetings WHERE id = ?'),
    overdue:
      db.prepare(`SELECT s.patient_id, s.last_discussed_on, a.description, u.display_name AS owner_name,
        a.due_date, a.status
      FROM (SELECT patient_id, last_discussed_on, last_outcome_id, earliest_open_action_due FROM mdt_patient_state
            WHERE earliest_open_action_due IS NOT NULL AND earliest_open_action_due < ?
            ORDER BY earliest_open_action_due LIMIT ?) s
      JOIN mdt_outcomes o ON o.id = s.last_outcome_id
      JOIN mdt_actions a ON a.listing_id = o.listing_id
      JOIN users u ON u.id = a.owner_id`),
    highOme: db.prepare(`SELECT o.patient_id, o.total_mg_per_24h AS total, o.complete, s.last_discussed_on
      FROM patient_ome o LEFT JOIN mdt_patient_state s ON s.patient_id = o.patient_id
      WHERE o.total_mg_per_24h >= ? AND (s.last_discussed_on IS NULL OR s.last_discussed_on < ?)
      ORDER BY o.total_mg_per_24h DESC LIMIT ?`),
    held: db.prepare(`SELECT patient_id, holds + step_backs AS events FROM taper_plans
      WHERE holds + step_backs > 0 AND holds + step_backs >= ? AND status NOT IN ('completed', 'abandoned', 'stopped')
      LIMIT ?`),
    stalled: db.prepare(`SELECT s.patient_id, r.review_date, g.activity, rr.level, g.baseline
      FROM (SELECT patient_id, latest_review_id FROM rehab_patient_status
            WHERE no_progress = 1 AND latest_review_id IS NOT NULL LIMIT ?) s
      JOIN rehab_reviews r ON r.id = s.latest_review_id
      LEFT JOIN rehab_review_ratings rr ON rr.review_id = r.id
      LEFT JOIN rehab_goals g ON g.id = rr.goal_id
      ORDER BY s.patient_id, g.id`),
    alerts: db.prepare(`SELECT patient_id, measure, item_label, administered_on FROM rehab_risk_alerts
      WHERE status = 'open' ORDER BY administered_on DESC LIMIT ?`),
    outcomes:
      db.prepare(`SELECT io.patient_id, io.procedure_code, io.procedure_date FROM intervention_outcomes io
      LEFT JOIN mdt_patient_state s ON s.patient_id = io.patient_id
      WHERE io.procedure_date >= ? AND (s.last_discussed_on IS NULL OR s.last_discussed_on < io.procedure_date)
      ORDER BY io.procedure_date DESC LIMIT ?`),
    listed: db
      .prepare(
        `SELECT patient_id FROM mdt_patient_state WHERE patient_id IN (SELECT value FROM json_each(?))
         AND listed_meeting_id IS NOT NULL
         UNION SELECT patient_id FROM mdt_listings WHERE meeting_id = ? AND patient_id IN (SELECT value FROM json_each(?))`,
      )
      .pluck(),
    patients: db.prepare(
      'SELECT id, surname, forename, nhs_number FROM patients WHERE id IN (SELECT value FROM json_each(?))',
    ),
  };

  /** mdt:meeting:suggestions */
  function suggestions(meetingId: number, limit: number) {
    const meeting = q.meeting.get(meetingId) as { id: number } | undefined;
    if (!meeting) throw new Error('That meeting does not exist.');
    const rules = DEFAULT_SUGGESTION_RULES;
    const today = londonToday();
    const cap = Math.max(limit * 4, 200);
    const signals = new Map<number, PatientSignals>();
    const get = (id: number): PatientSignals => {
      let s = signals.get(id);
      if (!s) {
        s = { patientId: String(id), omeTotalMgPerDay: null, lastMdtDiscussedOn: null };
        signals.set(id, s);
      }
      return s;
    };
    type Overdue = {
      patient_id: number;
      last_discussed_on: string | null;
      description: string;
      owner_name: string;
      due_date: string;
      status: string;
    };
    const dueBefore = addCalendarDays(today, -rules.overdueActionGraceDays.value);
    for (const r of q.overdue.all(dueBefore, cap) as Overdue[]) {
      const s = get(r.patient_id);
      s.lastMdtDiscussedOn = r.last_discussed_on;
      (s.lastMdtActions ??= []).push({
        description: r.description,
        ownerName: r.owner_name,
        dueDate: r.due_date,
        status: r.status as 'open',
      });
    }
    const since = addCalendarMonths(today, -rules.opioidNoDiscussionMonths.value);
    type High = { patient_id: number; total: number; complete: number; last_discussed_on: string | null };
    for (const r of q.highOme.all(rules.opioidHighDoseMgPerDay.value, since, cap) as High[]) {
      const s = get(r.patient_id);
      s.omeTotalMgPerDay = r.total;
      s.omeTotalIncomplete = r.complete === 0;
      s.lastMdtDiscussedOn = r.last_discussed_on;
    }
    for (const r of q.held.all(rules.taperHoldsOrStepBacks.value, cap) as {
      patient_id: number;
      events: number;
    }[])
      get(r.patient_id).taperHoldsOrStepBacks = r.events;
    type Stalled = {
      patient_id: number;
      review_date: string;
      activity: string | null;
      level: number | null;
      baseline: number | null;
    };
    const ratedByReview = new Map<number, { goal: string; reviewedOn: string }[]>();
    for (const r of q.stalled.all(cap) as Stalled[]) {
      const s = get(r.patient_id);
      const goals = s.rehabGoalsWithoutProgress ?? [];
      if (r.activity !== null && r.level !== null && r.baseline !== null && r.level <= r.baseline)
        goals.push({ goal: r.activity, reviewedOn: r.review_date });
      s.rehabGoalsWithoutProgress = goals;
      const rated = ratedByReview.get(r.patient_id) ?? [];
      if (r.activity !== null) rated.push({ goal: r.activity, reviewedOn: r.review_date });
      ratedByReview.set(r.patient_id, rated);
    }
    for (const [id, rated] of ratedByReview) {
      const s = get(id);
      if ((s.rehabGoalsWithoutProgress ?? []).length === 0) s.rehabGoalsWithoutProgress = rated;
    }
    type Alert = { patient_id: number; measure: string; item_label: string; administered_on: string };
    for (const r of q.alerts.all(cap) as Alert[]) {
      const s = get(r.patient_id);
      (s.openRiskAlerts ??= []).push({
        measure: r.measure,
        itemLabel: r.item_label,
        answeredOn: r.administered_on,
      });
    }
    type Outcome = { patient_id: number; procedure_code: string; procedure_date: string };
    for (const r of q.outcomes.all(addCalendarDays(today, -90), cap) as Outcome[])
      (get(r.patient_id).interventionsAwaitingDecision ??= []).push({
        procedure: r.procedure_code,
        outcomeRecordedOn: r.procedure_date,
      });
    const ids = [...signals.keys()];
    if (ids.length === 0) return [];
    const json = JSON.stringify(ids);
    const listed = new Set(q.listed.all(json, meeting.id, json) as number[]);
    const input = ids.map((id) => ({ ...signals.get(id)!, alreadyListed: listed.has(id) }));
    const bySignal = new Map(input.map((p) => [p.patientId, p]));
    const list = rankSuggestions(suggestCases(input, rules, today), bySignal).slice(0, limit);
    if (list.length === 0) return [];
    type P = { id: number; surname: string; forename: string; nhs_number: string | null };
    const byId = new Map(
      (q.patients.all(JSON.stringify(list.map((s) => Number(s.patientId)))) as P[]).map((p) => [p.id, p]),
    );
    return list.map((s) => {
      const p = byId.get(Number(s.patientId));
      return { ...s, patientName: p ? displayName(p) : '', nhsNumber: p?.nhs_number ?? null };
    });
  }

  const c = {
    listing: db.prepare('SELECT * FROM mdt_listings WHERE id = ?'),
    patient: db.prepare(
      'SELECT p.*, u.display_name AS lead_clinician_name FROM patients p LEFT JOIN users u ON u.id = p.lead_clinician_id WHERE p.id = ?',
    ),
    allergies: db.prepare('SELECT agent, reaction FROM allergies WHERE patient_id = ? ORDER BY id'),
    referrals: db.prepare(`SELECT r.question, r.what_matters, r.reason, r.patient_aware FROM mdt_referrals r
      JOIN users u ON u.id = r.requested_by WHERE r.listing_id = ? AND r.status != 'withdrawn'
      ORDER BY r.requested_at, r.id`),
    actions:
      db.prepare(`SELECT a.id, a.description, u.display_name AS owner_name, a.due_date FROM mdt_actions a
      JOIN users u ON u.id = a.owner_id WHERE a.patient_id = ? AND a.status IN ('open', 'in-progress')
      ORDER BY a.due_date LIMIT 20`),
    previous: db.prepare(`SELECT meeting_date, kind, summary FROM mdt_outcomes
      WHERE patient_id = ? AND status = 'confirmed' AND listing_id != ? ORDER BY meeting_date DESC LIMIT 3`),
    ome: db.prepare('SELECT * FROM patient_ome WHERE patient_id = ?'),
    current:
      db.prepare(`SELECT name, dose_kind, dose_mg, times_per_day, prn_max_mg_per_24h, patch_mcg_per_hour
      FROM medicine_entries WHERE patient_id = ? AND current = 1 AND status = 'active' ORDER BY name`),
    plans: db.prepare(`SELECT medicine_name, status, holds, step_backs FROM taper_plans
      WHERE patient_id = ? AND status IN ('draft', 'active', 'paused')`),
    open: db.prepare(`SELECT procedure_code, side, site, priority, status, rtt_breach_date FROM intervention_requests
      WHERE patient_id = ? AND status IN ('waiting', 'booked') ORDER BY rtt_breach_date`),
    outcomes:
      db.prepare(`SELECT r.procedure_code, o.relief_percent, o.relief_duration_weeks, o.successful, o.recorded_at
      FROM intervention_outcomes o JOIN intervention_requests r ON r.id = o.request_id
      WHERE r.patient_id = ? ORDER BY o.recorded_at DESC LIMIT 3`),
    rehabStatus:
      db.prepare(`SELECT s.active_plan_id, p.pathway, r.review_date, r.t_score, r.baseline_t_score, r.change,
        r.rated_count, r.total_count, r.label, r.no_progress, r.rule_set_id, r.rule_set_version
      FROM rehab_patient_status s LEFT JOIN rehab_plans p ON p.id = s.active_plan_id
      LEFT JOIN rehab_reviews r ON r.id = s.latest_review_id WHERE s.patient_id = ?`),
    rehabMeasures:
      db.prepare(`SELECT c.measure, c.change, c.meaningful, c.improved, m.total, m.band, m.administered_on,
        m.rule_set_id, m.rule_set_version
      FROM rehab_measure_change c JOIN rehab_measures m ON m.id = c.latest_id WHERE c.patient_id = ? ORDER BY c.measure`),
  };

  function medicinesText(patientId: number): string | null {
    const ome = c.ome.get(patientId) as Row | undefined;
    const current = c.current.all(patientId) as Row[];
    const plans = c.plans.all(patientId) as Row[];
    if (!ome && current.length === 0) return null;
    const parts: string[] = [];
    if (current.length > 0) {
      const doses = current.map((m) => {
        if (m.dose_kind === 'patch' && m.patch_mcg_per_hour !== null)
          return `${m.name} ${m.patch_mcg_per_hour} mcg/h`;
        if (m.dose_kind === 'prn') return `${m.name} as needed (max ${m.prn_max_mg_per_24h ?? '?'} mg/24h)`;
        return `${m.name} ${m.dose_mg ?? '?'} mg × ${m.times_per_day ?? '?'} a day`;
      });
      parts.push(`Current: ${doses.join('; ')}.`);
    }
    if (ome) {
      const flags = FLAG_LABELS.filter(([col]) => ome[col] === 1).map(([, label]) => label);
      const shown = flags.includes('at or above 120 mg/day')
        ? flags.filter((f) => f !== 'at or above 90 mg/day')
        : flags;
      parts.push(
        `Total OME ${ONE_DP(ome.total_mg_per_24h as number)} mg/day${ome.complete ? '' : ' (incomplete: some medicines cannot be totalled)'}` +
          `${ome.estimated ? ', includes an estimated conversion' : ''} (${String(ome.rule_set_id)} v${String(ome.rule_set_version)}).` +
          (shown.length > 0 ? ` Flags: ${shown.join(', ')}.` : ''),
      );
    }
    for (const p of plans)
      parts.push(
        `Taper of ${String(p.medicine_name)}: ${String(p.status)}, ${String(p.holds)} hold(s), ${String(p.step_backs)} step-back(s).`,
      );
    return parts.join(' ');
  }

  function interventionsText(patientId: number): string | null {
    const open = c.open.all(patientId) as Row[];
    const outcomes = c.outcomes.all(patientId) as Row[];
    if (open.length === 0 && outcomes.length === 0) return null;
    const name = (code: unknown) => findProcedure(String(code))?.name ?? String(code);
    const parts: string[] = [];
    for (const r of open)
      parts.push(
        `${name(r.procedure_code)} (${String(r.side)}, ${String(r.site)}): ${String(r.status)}, ${String(r.priority)}, breach ${gbDate(String(r.rtt_breach_date))}.`,
      );
    for (const o of outcomes) {
      const lasting = o.relief_duration_weeks === null ? '' : ` for ${String(o.relief_duration_weeks)} weeks`;
      parts.push(
        `Outcome of ${name(o.procedure_code)}: ${String(o.relief_percent)}% relief${lasting}${o.successful ? ' (successful)' : ''}.`,
      );
    }
    return parts.join(' ');
  }

  function rehab(patientId: number): CaseSummaryRehab {
    const s = c.rehabStatus.get(patientId) as Row | undefined;
    const measures = c.rehabMeasures.all(patientId) as Row[];
    return {
      activePlan:
        s && s.active_plan_id !== null && !!s.pathway
          ? { id: s.active_plan_id as number, pathway: s.pathway as string }
          : null,
      gas:
        s && s.review_date !== null
          ? {
              reviewDate: s.review_date as string,
              tScore: s.t_score as number | null,
              baselineTScore: s.baseline_t_score as number | null,
              change: s.change as number | null,
              ratedCount: (s.rated_count as number | null) ?? 0,
              totalCount: (s.total_count as number | null) ?? 0,
              label: (s.label as string | null) ?? '',
              noProgress: s.no_progress === 1,
              ruleSet: {
                id: (s.rule_set_id as string | null) ?? '',
                version: (s.rule_set_version as string | null) ?? '',
              },
            }
          : null,
      measures: measures.map((m) => ({
        measure: m.measure as string,
        name: MEASURES[m.measure as MeasureId]?.name ?? (m.measure as string),
        total: m.total as number | null,
        band: m.band as string | null,
        administeredOn: m.administered_on as string,
        change: m.change as number | null,
        meaningful: m.meaningful === 1,
        improved: m.improved === null ? null : m.improved === 1,
        ruleSet: { id: m.rule_set_id as string, version: m.rule_set_version as string },
      })),
    } as CaseSummaryRehab;
  }

  /** mdt:case:summary */
  function caseSummary(listingId: number) {
    const l = c.listing.get(listingId) as Row | undefined;
    if (!l) throw new Error('That listing does not exist.');
    const patientId = l.patient_id as number;
    const p = c.patient.get(patientId) as Row | undefined;
    if (!p) throw new Error('That patient record does not exist.');
    const allergies = c.allergies.all(patientId) as { agent: string; reaction: string }[];
    const refs = c.referrals.all(l.id) as {
      question: string;
      what_matters: string;
      reason: string;
      patient_aware: number;
    }[];
    const today = londonToday();
    const actions = c.actions.all(patientId) as Row[];
    const previous = c.previous.all(patientId, l.id) as Row[];
    const suggestion = (l.suggestion_json ? JSON.parse(l.suggestion_json as string) : null) as
      { text: string }[] | null;
    const own = typeof l.question === 'string' && l.question.trim() ? [l.question.trim()] : [];
    const questions = own.length > 0 ? own : [...new Set(refs.map((r) => r.question.trim()))];
    const whatMatters =
      [...new Set(refs.map((r) => r.what_matters.trim()).filter((t) => t !== ''))].join(' / ') ||
      ((p.what_matters as string | null) ?? '');
    const diagnosis =
      [p.diagnosis_code, p.diagnosis_site, p.diagnosis_notes]
        .filter((x): x is string => typeof x === 'string' && x.trim() !== '')
        .join(' · ') || null;
    const medicines = medicinesText(patientId);
    const interventions = interventionsText(patientId);
    const rehabPart = rehab(patientId);
    const aware = refs.length > 0 && refs.every((r) => r.patient_aware === 1);
    const missing: string[] = [];
    if (questions.length === 0) missing.push('No question for the MDT');
    if (whatMatters.trim() === '') missing.push('What matters to the patient is not recorded');
    if (l.presenter_id === null) missing.push('No presenter named');
    if (!diagnosis) missing.push('No diagnosis recorded');
    if (refs.length > 0 && !aware) missing.push('The patient has not been told they are being discussed');
    if (l.is_late_addition === 1 && l.late_approved_by === null)
      missing.push('Late addition awaiting the chair’s approval');
    if (medicines === null) missing.push('No medicines list recorded');
    if (rehabPart.measures.length === 0) missing.push('No outcome measures recorded');
    const maxAge = CASE_READINESS_RULES.outcomeMeasureMaxAgeDays.value;
    for (const m of staleOutcomeMeasures(rehabPart.measures, today))
      missing.push(
        `${m.name} last recorded ${formatDateGb(m.administeredOn)}, more than ${maxAge} days ago (out of date for the MDT)`,
      );
    return {
      listingId: l.id,
      patient: {
        id: p.id,
        name: displayName(p as { surname: string; forename: string }),
        nhsNumber: p.nhs_number,
        dateOfBirth: p.date_of_birth,
        gpPractice: p.gp_practice,
      },
      diagnosis,
      questions: questions.length > 0 ? questions : (suggestion ?? []).map((s) => `Suggested: ${s.text}`),
      reasons: [...new Set(refs.map((r) => REFERRAL_REASON_LABELS[r.reason as ReferralReason] ?? r.reason))],
      whatMatters,
      patientAware: aware,
      allergies,
      openActions: actions.map((a) => ({
        id: a.id,
        description: a.description,
        ownerName: a.owner_name,
        dueDate: a.due_date,
        overdue: (a.due_date as string) < today,
      })),
      previousDiscussions: previous.map((x) => ({ date: x.meeting_date, kind: x.kind, summary: x.summary })),
      sections: [
        { title: 'Medicines', text: medicines },
        { title: 'Interventions', text: interventions },
        { title: 'Rehabilitation', text: rehabText(rehabPart) },
      ],
      rehab: rehabPart,
      readiness: { ready: missing.length === 0, missing },
    };
  }

  const d = {
    type: db.prepare('SELECT * FROM mdt_meeting_types WHERE id = ?'),
    listings: db.prepare(`SELECT l.*, p.surname, p.forename, p.nhs_number, pr.display_name AS presenter_name,
        ap.display_name AS approver_name,
        (SELECT o.status FROM mdt_outcomes o WHERE o.listing_id = l.id AND o.status != 'superseded'
          ORDER BY o.version DESC LIMIT 1) AS outcome_status
      FROM mdt_listings l JOIN patients p ON p.id = l.patient_id
      LEFT JOIN users pr ON pr.id = l.presenter_id LEFT JOIN users ap ON ap.id = l.late_approved_by
      WHERE l.meeting_id = ? ORDER BY l.position, l.id`),
    referrals: db.prepare(`SELECT r.*, u.display_name AS requester_name FROM mdt_referrals r
      JOIN users u ON u.id = r.requested_by
      WHERE r.listing_id IN (SELECT value FROM json_each(?)) AND r.status != 'withdrawn'
      ORDER BY r.requested_at, r.id`),
    attendance: db.prepare(`SELECT a.*, u.display_name AS name, d.display_name AS deputy_for_name,
        d.role AS deputy_for_role
      FROM mdt_attendance a JOIN users u ON u.id = a.user_id LEFT JOIN users d ON d.id = a.deputy_for_user_id
      WHERE a.meeting_id = ? ORDER BY u.display_name`),
    intervals: db.prepare(`SELECT id, attendance_id, joined_at, left_at FROM mdt_attendance_intervals
      WHERE meeting_id = ? ORDER BY attendance_id, id`),
    summary: db.prepare(`SELECT m.*, t.name AS type_name, c.display_name AS chair_name,
        (SELECT count(*) FROM mdt_listings l WHERE l.meeting_id = m.id AND l.status NOT IN ('withdrawn', 'deferred'))
          AS case_count
      FROM mdt_meetings m JOIN mdt_meeting_types t ON t.id = m.meeting_type_id
      LEFT JOIN users c ON c.id = m.chair_id WHERE m.id = ?`),
  };

  /**
   * mdt:meeting:get: the same rows with plain prepared statements, the same mappers (toListingViews,
   * toAttendance, toMeetingSummary) and the same pure time plan, live quorum and forecast
   * (meetingDetailFrom over shared/clinical/mdt), at the current instant.
   */
  function meetingDetail(meetingId: number): MeetingDetail {
    const meeting = q.meeting.get(meetingId) as Selectable<MdtMeetingsTable> | undefined;
    if (!meeting) throw new Error('That meeting does not exist.');
    const typeRow = d.type.get(meeting.meeting_type_id) as Selectable<MdtMeetingTypesTable>;
    const rows = d.listings.all(meetingId) as Parameters<typeof toListingViews>[1];
    const refs = (
      rows.length > 0 ? d.referrals.all(JSON.stringify(rows.map((r) => r.id))) : []
    ) as Parameters<typeof toListingViews>[2];
    const intervals = d.intervals.all(meetingId) as Parameters<typeof toAttendance>[1];
    const attendance = (d.attendance.all(meetingId) as Parameters<typeof toAttendance>[0][]).map((r) =>
      toAttendance(r, intervals),
    );
    return meetingDetailFrom({
      meeting,
      typeRow,
      listings: toListingViews(meeting, rows, refs),
      attendance,
      summary: toMeetingSummary(d.summary.get(meetingId) as Parameters<typeof toMeetingSummary>[0]),
      now: new Date().toISOString(),
    });
  }

  return { suggestions, caseSummary, meetingDetail };
}
