import type { AuditEntry } from '../../domain/audit';
import { LIFE_DOMAIN_LABELS, type LifeDomain } from '../../domain/rehab';
import { ROLE_LABELS, type Role } from '../../domain/roles';
import { formatDateGb, formatInstantGb } from '../../dates';
import { MEASURES, type MeasureId } from './measures';

/**
 * Issue 15, "history entries read as sentences with labels and values a clinician understands": one
 * rehabilitation history entry (an audit row about a goal, measure, review, plan or risk alert) as a
 * sentence, e.g. "Goal changed on 03-Dec-2026 at 14:05 by Sam Carter (Physiotherapist) because the patient
 * moved house: target date 01-Mar-2027 → 01-Apr-2027." Null for entries that are not rehabilitation ones.
 */

const GOAL_FIELDS: Record<string, string> = {
  whatMatters: 'what matters to the patient',
  activity: 'activity',
  measure: 'how it is measured',
  target: 'target',
  setOn: 'date set',
  targetDate: 'target date',
  domain: 'life domain',
  ownerName: 'goal owner',
  baseline: 'baseline level',
  weight: 'weight',
  levels: 'GAS levels',
};

const TARGETS: Record<string, string> = { measure: 'Outcome measure', goal: 'Goal', review: 'GAS review' };

function when(entry: AuditEntry): string {
  const [day, time] = formatInstantGb(entry.at).split(' ');
  return `on ${day} at ${time}`;
}

function who(entry: AuditEntry): string {
  if (!entry.userName) return 'by the system';
  const role = entry.userRole ? ROLE_LABELS[entry.userRole as Role] : undefined;
  return role ? `by ${entry.userName} (${role})` : `by ${entry.userName}`;
}

function after(entry: AuditEntry, field: string): unknown {
  return entry.changes.find((c) => c.field === field)?.after ?? null;
}

function text(v: unknown): string {
  if (v === null || v === undefined || v === '') return 'none';
  if (typeof v === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDateGb(v);
    if (v in LIFE_DOMAIN_LABELS) return LIFE_DOMAIN_LABELS[v as LifeDomain];
    return `“${v}”`;
  }
  if (typeof v === 'number') return String(v);
  if (typeof v === 'object') {
    const parts = Object.values(v as Record<string, unknown>).filter((x) => x !== null && x !== '');
    return parts.map((x) => (typeof x === 'string' ? `“${x}”` : String(x))).join(', ') || 'none';
  }
  return String(v);
}

function measureName(id: unknown): string {
  const def = typeof id === 'string' ? MEASURES[id as MeasureId] : undefined;
  if (!def) return 'Outcome measure';
  return /\(([^)]+)\)\s*$/.exec(def.name)?.[1] ?? def.name;
}

function because(reason: unknown): string {
  return typeof reason === 'string' && reason.trim() ? ` because ${reason.trim().replace(/[.]$/, '')}` : '';
}

/** What an edit changed, in words: "target date 01-Mar-2027 → 01-Apr-2027; activity “a” → “b”". */
function goalChanges(entry: AuditEntry): string {
  const parts = entry.changes
    .filter((c) => c.field in GOAL_FIELDS)
    .map((c) => `${GOAL_FIELDS[c.field]} ${text(c.before)} → ${text(c.after)}`);
  return parts.length ? `: ${parts.join('; ')}` : '';
}

export function rehabHistorySentence(entry: AuditEntry): string | null {
  const a = entry.action;
  if (!a.startsWith('rehab.')) return null;
  const by = `${when(entry)} ${who(entry)}`;
  if (a === 'rehab.addGoal')
    return `Goal set ${by}: ${text(after(entry, 'activity'))}, target date ${text(after(entry, 'targetDate'))}.`;
  if (a === 'rehab.editGoal')
    return `Goal changed ${by}${because(after(entry, 'reason'))}${goalChanges(entry)}.`;
  if (a === 'rehab.goal.achieved' || a === 'rehab.goal.withdrawn')
    return `Goal marked ${a.slice('rehab.goal.'.length)} ${by}${because(after(entry, 'reason'))}.`;
  if (a.startsWith('rehab.enteredInError.')) {
    const target = TARGETS[a.slice('rehab.enteredInError.'.length)] ?? 'Entry';
    return `${target} marked entered in error ${by}${because(after(entry, 'reason'))}; it is kept, struck through, and left out of scores.`;
  }
  if (a === 'rehab.recordMeasure') {
    const score = after(entry, 'score') as { total?: number | null } | null;
    const total = typeof score?.total === 'number' ? `, score ${score.total}` : '';
    return `${measureName(after(entry, 'measure'))} recorded ${by}: completed ${text(after(entry, 'administeredOn'))}${total}.`;
  }
  if (a === 'rehab.recordMeasureSet') return `A collection point’s questionnaires recorded ${by}.`;
  if (a === 'rehab.review') {
    const t = after(entry, 'tScore');
    const tScore = typeof t === 'number' ? `, GAS T-score ${t.toFixed(1)}` : '';
    return `GAS review recorded ${by}: reviewed ${text(after(entry, 'reviewDate'))}${tScore}.`;
  }
  if (a === 'rehab.createPlan') return `Rehabilitation plan started ${by}.`;
  if (a === 'rehab.updatePlanDates') return `Plan dates changed ${by}.`;
  if (a === 'rehab.carryPlan') return `Goals carried into a new plan ${by}; the earlier plan is kept.`;
  if (a === 'rehab.riskAlertRaised')
    return `Risk alert raised ${when(entry)}: ${measureName(after(entry, 'measure'))} item ${text(after(entry, 'item'))} answered ${text(after(entry, 'answer'))} on the form completed ${text(after(entry, 'administeredOn'))}.`;
  if (a === 'rehab.riskAlertAcknowledged')
    return `Risk alert acknowledged ${by}: action taken ${text(after(entry, 'actionTaken'))}.`;
  return null;
}
