/**
 * Risk items of the outcome measures (PHQ-9 item 9, the self-harm item, and any item a measure's rule set marks
 * as a risk item): which answers open a risk alert, and which blanks must be asked again.
 *
 * An alert is raised by the answer itself, whatever the total, the date of the form or the order in which forms
 * were entered; it is closed only by a clinician acknowledging it with the action taken, never by a later form.
 */
import { MEASURES, type MeasureId, type RiskItemRule } from './measures';

/** A risk item answered above its threshold. */
export interface RiskSignal {
  item: number;
  answer: number;
  label: string;
}

/** What the risk items of one administration say. */
export interface RiskCheck {
  /** Items answered above their threshold: each opens an alert. */
  raised: RiskSignal[];
  /** Risk items left blank: the clinician must ask them (a blank never closes an alert). */
  blank: { item: number; label: string }[];
}

export function riskItemsOf(measure: MeasureId): readonly RiskItemRule[] {
  return MEASURES[measure]?.riskItems ?? [];
}

/** Checks the answers (in item order, null for blank) against the measure's risk items. */
export function checkRiskItems(
  measure: MeasureId,
  answers: readonly (number | null | undefined)[],
): RiskCheck {
  const raised: RiskSignal[] = [];
  const blank: { item: number; label: string }[] = [];
  for (const rule of riskItemsOf(measure)) {
    const answer = answers[rule.item - 1];
    if (answer === null || answer === undefined) blank.push({ item: rule.item, label: rule.label });
    else if (answer > rule.above) raised.push({ item: rule.item, answer, label: rule.label });
  }
  return { raised, blank };
}

/** The prompt shown when a risk item was left blank. */
export function blankRiskPrompt(measure: MeasureId, item: { item: number; label: string }): string {
  return (
    `${measure} item ${item.item} (${item.label}) was left blank: ask the patient this question today and ` +
    'record the answer. A blank answer does not close an open risk alert.'
  );
}
