import { addCalendarDays, addCalendarMonths } from '../../shared/clinical/calendar';
import { meaningfulChange } from '../../shared/clinical/rehab/change';
import { GAS_DEFAULT_RHO, GAS_RULE_SET, gasLevelFromReview } from '../../shared/clinical/rehab/gas';
import { MEASURES, REHAB_MEASURES_RULE_SET, type MeasureId } from '../../shared/clinical/rehab/measures';
import { scoreMeasure, type MeasureScore } from '../../shared/clinical/rehab/scoring';
import { londonToday } from '../../shared/dates';
import {
  GAS_OUTCOMES,
  PATHWAYS,
  SP_ACTIVITY_TYPES,
  SP_SNOMED,
  SP_STOP_REASONS,
  type GasOutcome,
  type SpActivityType,
} from '../../shared/domain/rehab';
import { isNoProgress, summariseGoals, type RatedGoal } from '../services/rehab-gas';
import type { DemoContext } from './context';
import type { Random } from './random';

const GOAL_TEMPLATES = [
  [
    'I want to walk the dog again',
    'Walk the dog round the park',
    'Minutes walking',
    '20 minutes',
    'mobility',
  ],
  ['Back to work part-time', 'Work three half-days a week', 'Half-days worked a week', '3 half-days', 'work'],
  [
    'Play with my grandchildren',
    'Play on the floor with grandchildren',
    'Minutes of play',
    '15 minutes',
    'family',
  ],
  ['See my friends again', 'Meet friends at the café', 'Outings a month', '2 outings', 'social'],
  ['Sleep through the night', 'Sleep without waking from pain', 'Nights a week', '4 nights', 'sleep'],
  [
    'Shower without help',
    'Shower and dress independently',
    'Days a week without help',
    '5 days',
    'self-care',
  ],
  ['Get back to the allotment', 'Work on the allotment', 'Hours a week', '2 hours', 'hobbies'],
  ['Feel less low', 'Do one enjoyable thing a day', 'Days a week', '5 days', 'mood'],
] as const;

/** Measures a demo patient completes (the core set the time points ask for, minus PSFS activities). */
const DEMO_MEASURES: readonly MeasureId[] = ['PHQ-9', 'GAD-7', 'PSEQ', 'BPI', 'EQ-5D-5L'];

/** Item answers for a patient whose "severity" is s (0 best .. 1 worst), with a little noise. */
function answersFor(rnd: Random, measure: MeasureId, s: number): (number | null)[] {
  const def = MEASURES[measure];
  const out: (number | null)[] = [];
  for (let item = 1; item <= def.itemCount; item++) {
    const r = def.answerRanges.find((a) => item >= a.fromItem && item <= a.toItem)!;
    if (rnd.chance(0.01)) {
      out.push(null);
      continue;
    }
    const severityItem = Math.min(1, Math.max(0, s + (rnd.next() - 0.5) * 0.35));
    // EQ VAS (item 6) and PSEQ run the other way: higher is better.
    const reversed = def.higherIsBetter || (measure === 'EQ-5D-5L' && item === 6);
    const frac = reversed ? 1 - severityItem : severityItem;
    out.push(Math.round(r.min + frac * (r.max - r.min)));
  }
  return out;
}

const scored = (s: MeasureScore) => s.total !== null || s.profile !== undefined;

/** Synthetic rehab data for the demo and benchmark service (deterministic from ctx.rnd). */
export function generateRehabDemo(ctx: DemoContext): void {
  const { sqlite, rnd } = ctx;
  const today = londonToday(ctx.now);
  const at = ctx.now.toISOString();
  const clinicians = ctx.users.filter((u) =>
    ['physiotherapist', 'psychologist', 'nurse', 'consultant'].includes(u.role),
  );
  const physioIds = clinicians.length > 0 ? clinicians.map((u) => u.id) : [null];

  const insPlan = sqlite.prepare(
    `INSERT INTO rehab_plans (patient_id, pathway, referral_date, treatment_start_date, discharge_date, status,
       carried_from_plan_id, created_at, created_by, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, 1)`,
  );
  const insGoal = sqlite.prepare(
    `INSERT INTO rehab_goals (plan_id, patient_id, what_matters, activity, measure, target, set_on, target_date, domain,
       owner_id, baseline, level_minus2, level_minus1, level_zero, level_plus1, level_plus2, weight, carried_from_goal_id,
       created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)`,
  );
  const insReview = sqlite.prepare(
    `INSERT INTO rehab_reviews (plan_id, patient_id, review_date, notes, patient_view, t_score, baseline_t_score, change,
       rated_count, total_count, label, no_progress, rule_set_id, rule_set_version, rho, created_at, created_by)
       VALUES (?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insRating = sqlite.prepare(
    'INSERT INTO rehab_review_ratings (review_id, goal_id, outcome, level, note) VALUES (?, ?, ?, ?, NULL)',
  );
  const insMeasure = sqlite.prepare(
    `INSERT INTO rehab_measures (patient_id, plan_id, measure, time_point, administered_on, answers_json, activities_json,
       total, band, score_json, rule_set_id, rule_set_version, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insChange = sqlite.prepare(
    `INSERT INTO rehab_measure_change (patient_id, measure, pathway, first_id, latest_id, change, meaningful, improved,
       rule_set_version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insStatus = sqlite.prepare(
    `INSERT INTO rehab_patient_status (patient_id, active_plan_id, latest_review_id, no_progress, updated_at)
       VALUES (?, ?, ?, ?, ?)`,
  );
  const referralOf = sqlite.prepare('SELECT referral_date FROM patients WHERE id = ?').pluck();
  const social = socialStatements(sqlite);
  /** Programme-pathway patients who join a group cohort: grouped into cohorts after the patient loop. */
  const cohortCandidates: { pid: number; planId: number; start: string; owner: number | null }[] = [];

  const batch = 2000;
  const last = ctx.firstPatientId + ctx.patientCount;
  for (let start = ctx.firstPatientId; start < last; start += batch) {
    sqlite.transaction(() => {
      for (let pid = start; pid < Math.min(last, start + batch); pid++) {
        const referral = (referralOf.get(pid) as string | null) ?? addCalendarDays(today, -rnd.int(60, 700));
        const treatmentStart = addCalendarDays(referral, rnd.int(30, 120));
        const startOk = treatmentStart <= today;
        const discharge = startOk ? addCalendarDays(treatmentStart, rnd.int(60, 200)) : null;
        const dischargeOk = discharge !== null && discharge <= today;
        // Closed once the 12-month follow-up window after discharge has passed.
        const closed = dischargeOk && addCalendarMonths(discharge, 13) < today;
        const pathway = rnd.pick(PATHWAYS);
        const owner = rnd.pick(physioIds);
        const planId = Number(
          insPlan.run(
            pid,
            pathway,
            referral,
            startOk ? treatmentStart : null,
            dischargeOk ? discharge : null,
            closed ? 'closed' : 'active',
            at,
            owner,
            at,
          ).lastInsertRowid,
        );
        let latestReviewId: number | null = null;
        let noProgress = 0;

        // ~40% of patients: two goals and GAS reviews every six weeks from the start of treatment.
        if (startOk && rnd.chance(0.4)) {
          const goals: { id: number; baseline: -1 | -2; progress: number }[] = [];
          for (let g = 0; g < 2; g++) {
            const t = rnd.pick(GOAL_TEMPLATES);
            const baseline: -1 | -2 = rnd.chance(0.6) ? -1 : -2;
            const id = Number(
              insGoal.run(
                planId,
                pid,
                t[0],
                t[1],
                t[2],
                t[3],
                treatmentStart,
                addCalendarDays(treatmentStart, 120),
                t[4],
                owner,
                baseline,
                'Much less than expected',
                'Somewhat less than expected',
                t[3],
                'Somewhat more than expected',
                'Much more than expected',
                at,
                owner,
              ).lastInsertRowid,
            );
            goals.push({ id, baseline, progress: rnd.next() });
          }
          const reviews = rnd.int(2, 4);
          for (let r = 1; r <= reviews; r++) {
            const date = addCalendarDays(treatmentStart, 42 * r);
            if (date > today) break;
            const rated: (RatedGoal & { id: number; outcome: GasOutcome })[] = goals.map((g) => {
              const p = Math.min(1, g.progress * (r / reviews) + (rnd.next() - 0.5) * 0.3);
              const outcome: GasOutcome =
                p < 0.12
                  ? 'worse than baseline'
                  : p < 0.3
                    ? 'no change'
                    : p < 0.5
                      ? 'partial progress'
                      : p < 0.8
                        ? 'achieved as expected'
                        : rnd.pick(GAS_OUTCOMES.slice(1, 3));
              return {
                id: g.id,
                baseline: g.baseline,
                weight: null,
                outcome,
                level: gasLevelFromReview(g.baseline, outcome),
              };
            });
            const summary = summariseGoals(rated);
            const np = isNoProgress(rated) ? 1 : 0;
            const reviewId = Number(
              insReview.run(
                planId,
                pid,
                date,
                summary.tScore,
                summary.baselineTScore,
                summary.change,
                summary.ratedCount,
                summary.totalCount,
                summary.label,
                np,
                GAS_RULE_SET.id,
                GAS_RULE_SET.version,
                GAS_DEFAULT_RHO,
                at,
                owner,
              ).lastInsertRowid,
            );
            for (const g of rated) insRating.run(reviewId, g.id, g.outcome, g.level);
            latestReviewId = reviewId;
            noProgress = np;
          }
        }

        // Outcome measures: 2–3 measures at referral, repeated at discharge for most discharged patients.
        const severity = rnd.next() * 0.8 + 0.1;
        const improvement = (rnd.next() - 0.3) * 0.5;
        const chosen = [...DEMO_MEASURES].sort(() => rnd.next() - 0.5).slice(0, rnd.int(2, 3));
        for (const measure of chosen) {
          const points: [string, string, number][] = [['referral', referral, severity]];
          if (startOk && rnd.chance(0.4))
            points.push(['treatment-start', treatmentStart, severity - improvement / 3]);
          if (dischargeOk && rnd.chance(0.8)) points.push(['discharge', discharge, severity - improvement]);
          const saved: { id: number; score: MeasureScore }[] = [];
          for (const [tp, date, s] of points) {
            const answers = answersFor(rnd, measure, s);
            const score = scoreMeasure(measure, answers);
            const id = Number(
              insMeasure.run(
                pid,
                planId,
                measure,
                tp,
                date,
                JSON.stringify(answers),
                score.total,
                score.band ?? null,
                JSON.stringify(score),
                REHAB_MEASURES_RULE_SET.id,
                REHAB_MEASURES_RULE_SET.version,
                at,
                owner,
              ).lastInsertRowid,
            );
            saved.push({ id, score });
          }
          const ok = saved.filter((x) => scored(x.score));
          const first = ok[0];
          const latest = ok[ok.length - 1];
          if (!first || !latest) continue;
          let change: number | null = null;
          let meaningful = 0;
          let improved: number | null = null;
          if (first.id !== latest.id) {
            const c = meaningfulChange(measure, first.score, latest.score);
            change = c.change ?? (c.meaningful ? 0 : null);
            meaningful = c.meaningful ? 1 : 0;
            improved = c.improved === null ? null : c.improved ? 1 : 0;
          }
          insChange.run(
            pid,
            measure,
            pathway,
            first.id,
            latest.id,
            change,
            meaningful,
            improved,
            REHAB_MEASURES_RULE_SET.version,
            at,
          );
        }
        insStatus.run(pid, closed ? null : planId, latestReviewId, noProgress, at);
        if (startOk && pathway === 'pain-management-programme' && rnd.chance(0.3))
          cohortCandidates.push({ pid, planId, start: treatmentStart, owner });
        // ~5% of patients: a social prescribing referral (link worker or community activity).
        if (rnd.chance(0.05))
          socialReferral(social, rnd, { pid, planId, pathway, referral, today, at, owner });
      }
    })();
    ctx.onProgress?.('rehab', Math.min(last, start + batch) - ctx.firstPatientId, ctx.patientCount);
  }
  generateCohorts(ctx, cohortCandidates, today, at);
  // Each change row's latest administration date, as the app's own write records it (migration 0300).
  sqlite.exec(`UPDATE rehab_measure_change SET latest_on =
    (SELECT m.administered_on FROM rehab_measures m WHERE m.id = rehab_measure_change.latest_id)
    WHERE latest_on IS NULL`);
  ctx.onProgress?.('rehab', ctx.patientCount, ctx.patientCount);
}

// ---- Social prescribing -------------------------------------------------------------------------------

const SP_ACTIVITIES: Record<SpActivityType, string[]> = {
  'walking-group': ['Tuesday walking group, the park', 'Health walk from the library'],
  parkrun: ['Saturday parkrun (walking)', 'Volunteering at the local parkrun'],
  arts: ['Community arts group', 'Pottery class at the community centre'],
  'reading-well': ['Reading Well books on prescription'],
  gardening: ['Community allotment project'],
  volunteering: ['Volunteering at the food bank', 'Charity shop volunteering'],
  'exercise-class': ['Gentle chair-based exercise class', 'Tai chi for beginners'],
  befriending: ['Befriending service'],
  other: ['Men’s shed', 'Choir for wellbeing'],
};
const SP_REASONS = [
  'Low mood and isolation since stopping work',
  'Inactivity and loss of confidence going out',
  'Loneliness after bereavement',
  'Wants to be more active with others',
];

function socialStatements(sqlite: DemoContext['sqlite']) {
  return {
    referral: sqlite.prepare(
      `INSERT INTO rehab_sp_referrals (patient_id, referred_on, referrer_id, route, link_worker, activity_type, activity,
         provider, frequency, reason, status, snomed_code, started_on, ended_on, end_reason, declined_on, declined_reason,
         outcome_measure, before_measure_id, after_measure_id, outcome_notes, patient_experience, created_at, created_by,
         updated_at, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 'weekly', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, 1)`,
    ),
    attendance: sqlite.prepare(
      `INSERT INTO rehab_sp_attendance (referral_id, patient_id, session_date, attended, note, created_at, created_by)
       VALUES (?, ?, ?, ?, NULL, ?, ?)`,
    ),
    measure: sqlite.prepare(
      `INSERT INTO rehab_measures (patient_id, plan_id, measure, time_point, administered_on, answers_json,
         activities_json, total, band, score_json, rule_set_id, rule_set_version, created_at, created_by)
       VALUES (?, ?, 'SWEMWBS', 'other', ?, ?, '[]', ?, NULL, ?, ?, ?, ?, ?)`,
    ),
    change: sqlite.prepare(
      `INSERT OR REPLACE INTO rehab_measure_change (patient_id, measure, pathway, first_id, latest_id, change, meaningful,
         improved, rule_set_version, updated_at) VALUES (?, 'SWEMWBS', ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
}

function socialReferral(
  st: ReturnType<typeof socialStatements>,
  rnd: Random,
  p: {
    pid: number;
    planId: number;
    pathway: string;
    referral: string;
    today: string;
    at: string;
    owner: number | null;
  },
): void {
  const referredOn = addCalendarDays(p.referral, rnd.int(20, 200));
  if (referredOn > p.today) return;
  const type = rnd.pick(SP_ACTIVITY_TYPES);
  const linkWorker = rnd.chance(0.5);
  const declined = rnd.chance(0.15);
  const weeks = declined ? 0 : Math.min(10, Math.floor(calendarWeeks(referredOn, p.today)) - 1);
  const sessions: { date: string; attended: boolean }[] = [];
  for (let w = 1; w <= weeks; w++)
    sessions.push({ date: addCalendarDays(referredOn, 7 * w), attended: rnd.chance(0.7) });
  const firstAttended = sessions.find((s) => s.attended)?.date ?? null;
  const last = sessions[sessions.length - 1]?.date ?? null;
  let status = declined ? 'declined' : firstAttended ? 'attending' : 'referred';
  let endedOn: string | null = null;
  let endReason: string | null = null;
  if (status === 'attending' && weeks >= 8) {
    status = rnd.chance(0.75) ? 'completed' : 'stopped';
    endedOn = last;
    if (status === 'stopped') endReason = rnd.pick(SP_STOP_REASONS);
  }
  // Wellbeing before and after (SWEMWBS) for those who attended.
  let beforeId: number | null = null;
  let afterId: number | null = null;
  if (firstAttended && last) {
    const base = rnd.int(1, 3);
    const gain = status === 'completed' ? rnd.int(0, 2) : rnd.int(-1, 1);
    const make = (date: string, level: number) => {
      const answers = Array.from({ length: 7 }, () => Math.max(1, Math.min(5, level + rnd.int(-1, 1))));
      const score = scoreMeasure('SWEMWBS', answers);
      return {
        id: Number(
          st.measure.run(
            p.pid,
            p.planId,
            date,
            JSON.stringify(answers),
            score.total,
            JSON.stringify(score),
            REHAB_MEASURES_RULE_SET.id,
            REHAB_MEASURES_RULE_SET.version,
            p.at,
            p.owner,
          ).lastInsertRowid,
        ),
        score,
      };
    };
    const before = make(referredOn, base);
    const after = make(last, base + gain);
    beforeId = before.id;
    afterId = after.id;
    const c = meaningfulChange('SWEMWBS', before.score, after.score);
    st.change.run(
      p.pid,
      p.pathway,
      before.id,
      after.id,
      c.change ?? (c.meaningful ? 0 : null),
      c.meaningful ? 1 : 0,
      c.improved === null ? null : c.improved ? 1 : 0,
      REHAB_MEASURES_RULE_SET.version,
      p.at,
    );
  }
  const referralId = Number(
    st.referral.run(
      p.pid,
      referredOn,
      p.owner,
      linkWorker ? 'link-worker' : 'community-activity',
      linkWorker ? 'Primary care network link worker' : null,
      type,
      rnd.pick(SP_ACTIVITIES[type]),
      rnd.pick(SP_REASONS),
      status,
      declined ? SP_SNOMED.declined.code : SP_SNOMED.referred.code,
      firstAttended,
      endedOn,
      endReason,
      declined ? addCalendarDays(referredOn, rnd.int(1, 14)) : null,
      declined ? 'Not ready to take part at the moment' : null,
      beforeId === null ? null : 'SWEMWBS',
      beforeId,
      afterId,
      p.at,
      p.owner,
      p.at,
    ).lastInsertRowid,
  );
  for (const s of sessions) st.attendance.run(referralId, p.pid, s.date, s.attended ? 1 : 0, p.at, p.owner);
}

function calendarWeeks(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / (7 * 86_400_000);
}

// ---- Pain management programme cohorts --------------------------------------------------------------

const PMP_TOPICS = [
  'Understanding persistent pain',
  'Pacing and activity',
  'Sleep',
  'Thoughts and feelings',
  'Movement and exercise',
  'Medicines and pain',
  'Communication and relationships',
  'Setbacks and the future',
];

function generateCohorts(
  ctx: DemoContext,
  candidates: { pid: number; planId: number; start: string; owner: number | null }[],
  today: string,
  at: string,
): void {
  const { sqlite, rnd } = ctx;
  const insProgramme = sqlite.prepare(
    `INSERT INTO rehab_programmes (name, facilitators, location, capacity, completion_percent, start_date, end_date,
       created_at, created_by, updated_at, version) VALUES (?, ?, ?, 12, 75, ?, ?, ?, ?, ?, 1)`,
  );
  const insSession = sqlite.prepare(
    'INSERT INTO rehab_programme_sessions (programme_id, session_no, session_date, topic) VALUES (?, ?, ?, ?)',
  );
  const insEnrol = sqlite.prepare(
    `INSERT INTO rehab_programme_enrolments (programme_id, patient_id, plan_id, enrolled_on, status, withdrawn_on,
       withdrawn_reason, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insAttendance = sqlite.prepare(
    `INSERT INTO rehab_programme_attendance (session_id, enrolment_id, status, recorded_at, recorded_by)
       VALUES (?, ?, ?, ?, ?)`,
  );
  const facilitators = ctx.users
    .filter((u) => u.role === 'physiotherapist' || u.role === 'psychologist')
    .map((u) => `${u.displayName} (${u.role})`);
  const facilitatorText = facilitators.length > 0 ? facilitators.slice(0, 2).join(', ') : 'Pain service team';
  candidates.sort((a, b) => a.start.localeCompare(b.start) || a.pid - b.pid);
  const size = 10;
  sqlite.transaction(() => {
    for (let c = 0; c * size < candidates.length; c++) {
      const members = candidates.slice(c * size, c * size + size);
      const start = members[0]!.start;
      const dates = PMP_TOPICS.map((_, i) => addCalendarDays(start, 7 * i));
      const owner = members[0]!.owner;
      const programmeId = Number(
        insProgramme.run(
          `Pain management programme ${c + 1} (${start.slice(0, 7)})`,
          facilitatorText,
          rnd.pick(['Outpatients, room 4', 'Community hall', 'Rehabilitation gym']),
          start,
          dates[dates.length - 1],
          at,
          owner,
          at,
        ).lastInsertRowid,
      );
      const sessionIds = dates.map((d, i) =>
        Number(insSession.run(programmeId, i + 1, d, PMP_TOPICS[i]).lastInsertRowid),
      );
      for (const m of members) {
        const engagement = rnd.next();
        const leaves = engagement < 0.1 ? rnd.int(2, 6) : null; // leaves after this many sessions
        const leftOn = leaves === null ? null : dates[leaves - 1]!;
        const enrolmentId = Number(
          insEnrol.run(
            programmeId,
            m.pid,
            m.planId,
            addCalendarDays(start, -rnd.int(7, 28)),
            leftOn !== null && leftOn <= today ? 'withdrawn' : 'enrolled',
            leftOn !== null && leftOn <= today ? leftOn : null,
            leftOn !== null && leftOn <= today
              ? rnd.pick(['Pain flare', 'Returned to work', 'Transport'])
              : null,
            at,
            owner,
          ).lastInsertRowid,
        );
        dates.forEach((d, i) => {
          if (d > today || (leaves !== null && i >= leaves)) return;
          const r = rnd.next();
          const status = r < 0.55 + engagement * 0.4 ? 'attended' : r < 0.95 ? 'apologies' : 'dna';
          insAttendance.run(sessionIds[i], enrolmentId, status, at, owner);
        });
      }
    }
  })();
}
