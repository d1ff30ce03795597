/**
 * What a case needs before the MDT discusses it, beyond the referral itself: a current medicines list and
 * outcome measures recent enough to describe the patient now. A versioned rule set with its source.
 */
import type { Threshold } from './suggestions';
import { epochDay, parseLocalDate, type LocalDate } from './time';

export interface CaseReadinessRules {
  id: string;
  version: string;
  source: string;
  example: boolean;
  /** An outcome measure recorded more than this many days before today is out of date for the MDT. */
  outcomeMeasureMaxAgeDays: Threshold;
}

export const CASE_READINESS_RULES: CaseReadinessRules = {
  id: 'mdt-case-readiness',
  version: '1.0.0',
  source:
    'Example service setting for the clinical lead to approve: cases are listed with the information the team ' +
    'needs (Greater Manchester MDT standards, minimum dataset; CRUK "Meeting patients\u2019 needs", 2017).',
  example: true,
  outcomeMeasureMaxAgeDays: {
    value: 90,
    unit: 'days',
    source: 'Example: measures older than about three months may no longer describe the patient.',
  },
};

/** The measures recorded longer ago than the rule allows (oldest first), with their age in days. */
export function staleOutcomeMeasures<M extends { name: string; administeredOn: LocalDate }>(
  measures: readonly M[],
  today: LocalDate,
  rules: CaseReadinessRules = CASE_READINESS_RULES,
): (M & { ageDays: number })[] {
  parseLocalDate(today, 'today');
  return measures
    .map((m) => ({ ...m, ageDays: epochDay(today) - epochDay(m.administeredOn) }))
    .filter((m) => m.ageDays > rules.outcomeMeasureMaxAgeDays.value)
    .sort((a, b) => b.ageDays - a.ageDays);
}
