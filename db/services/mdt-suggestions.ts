/** Cases the MDT might discuss, ranked by the suggestion rule. */
import type { Kysely, Selectable } from 'kysely';
import { rankSuggestions, suggestCases, type PatientSignals } from '../../shared/clinical/mdt/index';
import { addCalendarDays, addCalendarMonths } from '../../shared/clinical/mdt/time';
import { londonToday } from '../../shared/dates';
import { type SuggestionView } from '../../shared/domain/mdt';
import { displayName } from '../../shared/domain/patient';
import {
  heldTaperPatients,
  highOmePatients,
  interventionOutcomePatients,
  listedPatients,
  overdueActionPatients,
  patientNames,
} from '../queries/mdt';
import { noProgressReviews, openRiskAlertPatients } from '../queries/mdt-list';
import type { DB } from '../schema';
import type { MdtMeetingsTable } from '../schema-mdt';
import { activeRuleSet } from './rule-sets';
import type { HandlerContext } from './context';
import { rule } from './mdt-common';
import { meetingRow } from './mdt-meetings';

// ---------------- suggestions ----------------

export async function suggestionsFor(
  ctx: HandlerContext,
  db: Kysely<DB>,
  meeting: Selectable<MdtMeetingsTable>,
  onlyPatients: number[] | null,
  limit: number,
) {
  const rules = activeRuleSet(ctx.conn, 'mdt-suggestions').value;
  const today = londonToday(ctx.now());
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
  // Ours: actions from the last MDT overdue (precomputed earliest open due date per patient).
  const dueBefore = addCalendarDays(today, -rules.overdueActionGraceDays.value);
  for (const r of await overdueActionPatients(db, dueBefore, cap)) {
    const s = get(r.patient_id);
    s.lastMdtDiscussedOn = r.last_discussed_on;
    s.lastMdtActions = [
      ...(s.lastMdtActions ?? []),
      {
        description: r.description,
        ownerName: r.owner_name,
        dueDate: r.due_date,
        status: r.status as 'open',
      },
    ];
  }
  // Other modules' precomputed signals (typed queries, all indexed).
  const since = addCalendarMonths(today, -rules.opioidNoDiscussionMonths.value);
  const [high, held, stalled, outcomes, alerts] = await Promise.all([
    highOmePatients(db, rules.opioidHighDoseMgPerDay.value, since, cap),
    heldTaperPatients(db, rules.taperHoldsOrStepBacks.value, cap),
    noProgressReviews(db, cap),
    interventionOutcomePatients(db, addCalendarDays(today, -90), cap),
    openRiskAlertPatients(db, cap),
  ]);
  const ratedByReview = new Map<number, { goal: string; reviewedOn: string }[]>();
  for (const r of high) {
    const s = get(r.patient_id);
    s.omeTotalMgPerDay = r.total;
    s.omeTotalIncomplete = r.complete === 0;
    s.lastMdtDiscussedOn = r.last_discussed_on;
  }
  for (const r of held) get(r.patient_id).taperHoldsOrStepBacks = r.events;
  for (const r of stalled) {
    // Name the goals rated at or below their baseline in that review (no movement); when the review as a whole
    // showed no progress but no single goal sat at baseline, name the goals it rated. The date is the review's.
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
  for (const r of alerts) {
    const s = get(r.patient_id);
    s.openRiskAlerts = [
      ...(s.openRiskAlerts ?? []),
      { measure: r.measure, itemLabel: r.item_label, answeredOn: r.administered_on },
    ];
  }
  for (const r of outcomes) {
    const s = get(r.patient_id);
    s.interventionsAwaitingDecision = [
      ...(s.interventionsAwaitingDecision ?? []),
      { procedure: r.procedure_code, outcomeRecordedOn: r.procedure_date },
    ];
  }
  let ids = [...signals.keys()];
  if (onlyPatients) ids = ids.filter((id) => onlyPatients.includes(id));
  if (ids.length === 0) return [];
  // Already listed for an upcoming meeting (or this one): no suggestion.
  const listed = new Set((await listedPatients(db, ids, meeting.id)).map((r) => r.patient_id));
  const input = ids.map((id) => ({ ...signals.get(id)!, alreadyListed: listed.has(id) }));
  const bySignal = new Map(input.map((p) => [p.patientId, p]));
  // Clinical priority, then recency (the "MDT suggestion order" rule set in use), before the limit is applied.
  const ranking = activeRuleSet(ctx.conn, 'mdt-suggestion-ranking').value;
  return rule(() => rankSuggestions(suggestCases(input, rules, today), bySignal, ranking)).slice(0, limit);
}

export async function meetingSuggestions(
  ctx: HandlerContext,
  meetingId: number,
  limit: number,
): Promise<SuggestionView[]> {
  const db = ctx.conn.db;
  const meeting = await meetingRow(db, meetingId);
  const list = await suggestionsFor(ctx, db, meeting, null, limit);
  if (list.length === 0) return [];
  const patients = await patientNames(
    db,
    list.map((s) => Number(s.patientId)),
  );
  const byId = new Map(patients.map((p) => [p.id, p]));
  return list.map((s) => {
    const p = byId.get(Number(s.patientId));
    return { ...s, patientName: p ? displayName(p) : '', nhsNumber: p?.nhs_number ?? null };
  });
}
