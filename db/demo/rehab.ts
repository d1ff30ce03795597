import { addCalendarDays, addCalendarMonths } from '../../shared/clinical/calendar';
import { meaningfulChange } from '../../shared/clinical/rehab/change';
import { GAS_DEFAULT_RHO, GAS_RULE_SET, gasLevelFromReview } from '../../shared/clinical/rehab/gas';
import { MEASURES, REHAB_MEASURES_RULE_SET, type MeasureId } from '../../shared/clinical/rehab/measures';
import { scoreMeasure, type MeasureScore } from '../../shared/clinical/rehab/scoring';
import { londonToday } from '../../shared/dates';
import { GAS_OUTCOMES, PATHWAYS, type GasOutcome } from '../../shared/domain/rehab';
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
      }
    })();
    ctx.onProgress?.('rehab', Math.min(last, start + batch) - ctx.firstPatientId, ctx.patientCount);
  }
}
