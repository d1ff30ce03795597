/**
 * The order of suggested MDT cases: clinical priority first, then recency. A versioned rule with its
 * rationale, so a list can always say which ranking produced it. Advisory only: the coordinator and chair
 * decide what is listed.
 */
import type { CaseSuggestion, PatientSignals, SuggestionCode } from './suggestions';
import { epochDay } from './time';

/** The ranking rule: reason codes from the highest priority to the lowest, with the tie-breaks. */
export interface SuggestionRankingRule {
  id: string;
  version: string;
  source: string;
  rationale: string;
  /** Highest priority first; a patient ranks by the highest of its reasons. */
  order: SuggestionCode[];
}

/** 1.0.1: the source names the service rule and its published basis (1.0.0 cited a ticket number). */
export const SUGGESTION_RANKING_RULE: SuggestionRankingRule = {
  id: 'mdt-suggestion-ranking',
  version: '1.0.1',
  source:
    'Local service rule, for the clinical lead to review: harm first (Faculty of Pain Medicine, ' +
    'Opioids Aware: risk of harm rises with dose above 90 mg/day oral morphine equivalent), then ' +
    'unacknowledged risk answers, then plans that have stalled, then decisions that are due.',
  rationale:
    'A patient ranks by the most urgent of its reasons: high opioid dose (higher dose first), an open risk ' +
    'alert (newest first), a taper held or stepped back (more holds first), an intervention outcome needing ' +
    'a decision (newest first), rehabilitation with no progress (newest review first), overdue MDT actions ' +
    '(most recently due first, so actions years out of date do not push recent harm down the list). Ties: ' +
    'more reasons first, then the patient record number.',
  order: [
    'opioid-high-dose-not-discussed',
    'open-risk-alert',
    'taper-held-or-stepped-back',
    'intervention-decision-needed',
    'rehab-goals-no-progress',
    'overdue-mdt-actions',
  ],
};

/** Short words for the reason that decided a suggestion's place in the list. */
export const SUGGESTION_PRIORITY_LABELS: Record<SuggestionCode, string> = {
  'opioid-high-dose-not-discussed': 'High opioid dose',
  'open-risk-alert': 'Open risk alert',
  'taper-held-or-stepped-back': 'Taper stalled',
  'intervention-decision-needed': 'Intervention outcome due a decision',
  'rehab-goals-no-progress': 'Rehabilitation not progressing',
  'overdue-mdt-actions': 'Overdue MDT actions',
};

/** A suggestion in ranked order: its place and the reason that decided it. */
export interface RankedSuggestion extends CaseSuggestion {
  rank: number;
  priority: string;
  ranking: { id: string; version: string };
}

const newest = (dates: readonly string[]) =>
  dates.length === 0 ? 0 : Math.max(...dates.map((d) => epochDay(d)));

/** The number that orders patients within their top reason (larger first). */
function withinTier(code: SuggestionCode, p: PatientSignals | undefined): number {
  if (!p) return 0;
  switch (code) {
    case 'opioid-high-dose-not-discussed':
      return p.omeTotalMgPerDay ?? 0;
    case 'open-risk-alert':
      return newest((p.openRiskAlerts ?? []).map((a) => a.answeredOn));
    case 'taper-held-or-stepped-back':
      return p.taperHoldsOrStepBacks ?? 0;
    case 'intervention-decision-needed':
      return newest((p.interventionsAwaitingDecision ?? []).map((x) => x.outcomeRecordedOn));
    case 'rehab-goals-no-progress':
      return newest((p.rehabGoalsWithoutProgress ?? []).map((g) => g.reviewedOn));
    case 'overdue-mdt-actions':
      return newest(
        (p.lastMdtActions ?? [])
          .filter((a) => a.status === 'open' || a.status === 'in-progress')
          .map((a) => a.dueDate),
      );
  }
}

/**
 * Puts suggestions in clinical priority order (see {@link SUGGESTION_RANKING_RULE}).
 *
 * @param suggestions - from `suggestCases`
 * @param signals - the signals each suggestion was made from, by patient id
 */
export function rankSuggestions(
  suggestions: readonly CaseSuggestion[],
  signals: ReadonlyMap<string, PatientSignals>,
  rule: SuggestionRankingRule = SUGGESTION_RANKING_RULE,
): RankedSuggestion[] {
  const tierOf = (code: SuggestionCode) => {
    const i = rule.order.indexOf(code);
    return i < 0 ? rule.order.length : i;
  };
  const keyed = suggestions.map((s) => {
    const top = [...s.reasons].sort((a, b) => tierOf(a.code) - tierOf(b.code))[0]!;
    return {
      s,
      top: top.code,
      tier: tierOf(top.code),
      within: withinTier(top.code, signals.get(s.patientId)),
    };
  });
  keyed.sort(
    (a, b) =>
      a.tier - b.tier ||
      b.within - a.within ||
      b.s.reasons.length - a.s.reasons.length ||
      Number(a.s.patientId) - Number(b.s.patientId) ||
      a.s.patientId.localeCompare(b.s.patientId),
  );
  return keyed.map((k, i) => ({
    ...k.s,
    rank: i + 1,
    priority: SUGGESTION_PRIORITY_LABELS[k.top],
    ranking: { id: rule.id, version: rule.version },
  }));
}
