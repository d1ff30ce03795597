import type { Kysely } from 'kysely';
import { findProcedure } from '../../shared/clinical/interventions/index';
import { formatGasTScore } from '../../shared/clinical/rehab/gas';
import { MEASURES, type MeasureId } from '../../shared/clinical/rehab/measures';
import { formatDateGb } from '../../shared/dates';
import type { CaseSummaryRehab } from '../../shared/domain/mdt';
import { PATHWAY_LABELS, type Pathway } from '../../shared/domain/rehab';
import { compiledWith } from '../compiled';
import { REHAB_STATUS_COLUMNS } from '../queries/mdt-case-batch';
import type { DB } from '../schema';

const FLAG_LABELS: [keyof FlagRow, string][] = [
  ['harm_rises', 'at or above 120 mg/day'],
  ['high_dose', 'at or above 90 mg/day'],
  ['flag_opioid_benzo', 'opioid + benzodiazepine or Z-drug'],
  ['flag_opioid_gabapentinoid', 'opioid + gabapentinoid'],
  ['flag_multiple_opioids', 'two or more opioids'],
  ['flag_gabapentin_pregabalin', 'gabapentin + pregabalin'],
];
interface FlagRow {
  harm_rises: number;
  high_dose: number;
  flag_opioid_benzo: number;
  flag_opioid_gabapentinoid: number;
  flag_multiple_opioids: number;
  flag_gabapentin_pregabalin: number;
}

const ONE_DP = (n: number) => Math.round(n * 10) / 10;

// Each section's reads are built and compiled once (db/compiled.ts): a case summary makes seven of them.
type ByPatient = { patientId: number };
const omeOf = compiledWith<ByPatient>()((db, p) =>
  db.selectFrom('patient_ome').selectAll().where('patient_id', '=', p('patientId')),
);
const currentMedicinesOf = compiledWith<ByPatient>()((db, p) =>
  db
    .selectFrom('medicine_entries')
    .select(['name', 'dose_kind', 'dose_mg', 'times_per_day', 'prn_max_mg_per_24h', 'patch_mcg_per_hour'])
    .where('patient_id', '=', p('patientId'))
    .where('current', '=', 1)
    .where('status', '=', 'active')
    .orderBy('name'),
);
const runningTapersOf = compiledWith<ByPatient>()((db, p) =>
  db
    .selectFrom('taper_plans')
    .select(['medicine_name', 'status', 'holds', 'step_backs'])
    .where('patient_id', '=', p('patientId'))
    .where('status', 'in', ['draft', 'active', 'paused']),
);

/**
 * The Medicines section of an MDT case summary: current medicines with doses, the daily OME (with the rule
 * set that produced it) and its flags, and any taper plan with its holds and step-backs. Reads the
 * precomputed per-patient OME row, so it stays fast on a 40-case meeting.
 */
export async function medicinesSection(db: Kysely<DB>, patientId: number): Promise<string | null> {
  const params = { patientId };
  const [omeRows, current, plans] = await Promise.all([
    omeOf.all(db, params),
    currentMedicinesOf.all(db, params),
    runningTapersOf.all(db, params),
  ]);
  return medicinesText(omeRows[0], current, plans);
}

export function medicinesText(
  ome: Awaited<ReturnType<typeof omeOf.all>>[number] | undefined,
  current: readonly Awaited<ReturnType<typeof currentMedicinesOf.all>>[number][],
  plans: readonly Awaited<ReturnType<typeof runningTapersOf.all>>[number][],
): string | null {
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
    // The 120 flag implies the 90 one: say the stronger only.
    const shown = flags.includes('at or above 120 mg/day')
      ? flags.filter((f) => f !== 'at or above 90 mg/day')
      : flags;
    parts.push(
      `Total OME ${ONE_DP(ome.total_mg_per_24h)} mg/day${ome.complete ? '' : ' (incomplete: some medicines cannot be totalled)'}` +
        `${ome.estimated ? ', includes an estimated conversion' : ''} (${ome.rule_set_id} v${ome.rule_set_version}).` +
        (shown.length > 0 ? ` Flags: ${shown.join(', ')}.` : ''),
    );
  }
  for (const p of plans) {
    parts.push(`Taper of ${p.medicine_name}: ${p.status}, ${p.holds} hold(s), ${p.step_backs} step-back(s).`);
  }
  return parts.join(' ');
}

const openRequestsOf = compiledWith<ByPatient>()((db, p) =>
  db
    .selectFrom('intervention_requests')
    .select(['procedure_code', 'side', 'site', 'priority', 'status', 'rtt_breach_date'])
    .where('patient_id', '=', p('patientId'))
    .where('status', 'in', ['waiting', 'booked'])
    .orderBy('rtt_breach_date'),
);
const latestOutcomesOf = compiledWith<ByPatient>()((db, p) =>
  db
    .selectFrom('intervention_outcomes')
    .innerJoin('intervention_requests', 'intervention_requests.id', 'intervention_outcomes.request_id')
    .select([
      'intervention_requests.procedure_code',
      'relief_percent',
      'relief_duration_weeks',
      'successful',
      'intervention_outcomes.recorded_at',
    ])
    .where('intervention_requests.patient_id', '=', p('patientId'))
    .orderBy('intervention_outcomes.recorded_at', 'desc')
    .limit(3),
);

/** The Interventions section: open requests (with priority and breach date) and the latest outcomes. */
export async function interventionsSection(db: Kysely<DB>, patientId: number): Promise<string | null> {
  const params = { patientId };
  const [open, outcomes] = await Promise.all([
    openRequestsOf.all(db, params),
    latestOutcomesOf.all(db, params),
  ]);
  return interventionsText(open, outcomes);
}

export function interventionsText(
  open: readonly Awaited<ReturnType<typeof openRequestsOf.all>>[number][],
  outcomes: readonly Awaited<ReturnType<typeof latestOutcomesOf.all>>[number][],
): string | null {
  if (open.length === 0 && outcomes.length === 0) return null;
  const name = (code: string) => findProcedure(code)?.name ?? code;
  const parts: string[] = [];
  for (const r of open) {
    parts.push(
      `${name(r.procedure_code)} (${r.side}, ${r.site}): ${r.status}, ${r.priority}, breach ${formatDateGb(r.rtt_breach_date)}.`,
    );
  }
  for (const o of outcomes) {
    const lasting = o.relief_duration_weeks === null ? '' : ` for ${o.relief_duration_weeks} weeks`;
    parts.push(
      `Outcome of ${name(o.procedure_code)}: ${o.relief_percent}% relief${lasting}${o.successful ? ' (successful)' : ''}.`,
    );
  }
  return parts.join(' ');
}

const signed = (n: number) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${formatGasTScore(Math.abs(n))}`;

const rehabStatusOf = compiledWith<ByPatient>()((db, p) =>
  db
    .selectFrom('rehab_patient_status as s')
    .leftJoin('rehab_plans as p', 'p.id', 's.active_plan_id')
    .leftJoin('rehab_reviews as r', 'r.id', 's.latest_review_id')
    .select(REHAB_STATUS_COLUMNS)
    .where('s.patient_id', '=', p('patientId')),
);
const rehabMeasuresOf = compiledWith<ByPatient>()((db, p) =>
  db
    .selectFrom('rehab_measure_change as c')
    .innerJoin('rehab_measures as m', 'm.id', 'c.latest_id')
    .select([
      'c.measure',
      'c.change',
      'c.meaningful',
      'c.improved',
      'm.total',
      'm.band',
      'm.administered_on',
      'm.rule_set_id',
      'm.rule_set_version',
    ])
    .where('c.patient_id', '=', p('patientId'))
    .orderBy('c.measure'),
);

/**
 * The Rehabilitation section: the active plan, the latest GAS review (T-score "on n of m goals", change since
 * baseline, the rule set) and the latest scored administration of each outcome measure (score, band, date,
 * meaningful change from the first). Reads the rehab module's precomputed rows by primary key
 * (rehab_patient_status, rehab_measure_change), so it stays cheap on a 40-case meeting.
 */
export async function rehabSection(db: Kysely<DB>, patientId: number): Promise<CaseSummaryRehab> {
  const params = { patientId };
  const [statusRows, measures] = await Promise.all([
    rehabStatusOf.all(db, params),
    rehabMeasuresOf.all(db, params),
  ]);
  return toRehab(statusRows[0], measures);
}

export function toRehab(
  status: Awaited<ReturnType<typeof rehabStatusOf.all>>[number] | undefined,
  measures: readonly Awaited<ReturnType<typeof rehabMeasuresOf.all>>[number][],
): CaseSummaryRehab {
  return {
    activePlan:
      status?.active_plan_id !== null && status?.active_plan_id !== undefined && !!status.pathway
        ? { id: status.active_plan_id, pathway: status.pathway }
        : null,
    gas:
      status?.review_date !== null && status?.review_date !== undefined
        ? {
            reviewDate: status.review_date,
            tScore: status.t_score,
            baselineTScore: status.baseline_t_score,
            change: status.change,
            ratedCount: status.rated_count ?? 0,
            totalCount: status.total_count ?? 0,
            label: status.label ?? '',
            noProgress: status.no_progress === 1,
            ruleSet: { id: status.rule_set_id ?? '', version: status.rule_set_version ?? '' },
          }
        : null,
    measures: measures.map((m) => ({
      measure: m.measure,
      name: MEASURES[m.measure as MeasureId]?.name ?? m.measure,
      total: m.total,
      band: m.band,
      administeredOn: m.administered_on,
      change: m.change,
      meaningful: m.meaningful === 1,
      improved: m.improved === null ? null : m.improved === 1,
      ruleSet: { id: m.rule_set_id, version: m.rule_set_version },
    })),
  };
}

/** The rehab section in words (for the text sections, minutes and print). Null when nothing is recorded. */
export function rehabText(r: CaseSummaryRehab): string | null {
  const parts: string[] = [];
  if (r.activePlan) {
    const label = PATHWAY_LABELS[r.activePlan.pathway as Pathway] ?? r.activePlan.pathway;
    parts.push(`Active plan (${label}).`);
  }
  if (r.gas) {
    const change = r.gas.change === null ? '' : `, ${signed(r.gas.change)} since baseline`;
    parts.push(
      `Latest GAS review ${r.gas.reviewDate}: ${r.gas.label}${change}` +
        `${r.gas.noProgress ? ', no progress' : ''} (${r.gas.ruleSet.id} v${r.gas.ruleSet.version}).`,
    );
  }
  for (const m of r.measures) {
    const score = m.total === null ? 'scored' : `${m.total}`;
    const band = m.band ? ` (${m.band})` : '';
    const change =
      m.change === null
        ? ''
        : `, ${m.change > 0 ? '+' : ''}${m.change} since first${m.meaningful ? (m.improved === false ? ', meaningful deterioration' : ', meaningful change') : ''}`;
    parts.push(`${m.measure} ${score}${band} on ${m.administeredOn}${change}.`);
  }
  return parts.length > 0 ? parts.join(' ') : null;
}
