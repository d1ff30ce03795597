import type { Kysely } from 'kysely';
import { findProcedure } from '../../shared/clinical/interventions/index';
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

/**
 * The Medicines section of an MDT case summary: current medicines with doses, the daily OME (with the rule
 * set that produced it) and its flags, and any taper plan with its holds and step-backs. Reads the
 * precomputed per-patient OME row, so it stays fast on a 40-case meeting.
 */
export async function medicinesSection(db: Kysely<DB>, patientId: number): Promise<string | null> {
  const [ome, current, plans] = await Promise.all([
    db.selectFrom('patient_ome').selectAll().where('patient_id', '=', patientId).executeTakeFirst(),
    db
      .selectFrom('medicine_entries')
      .select(['name', 'dose_kind', 'dose_mg', 'times_per_day', 'prn_max_mg_per_24h', 'patch_mcg_per_hour'])
      .where('patient_id', '=', patientId)
      .where('current', '=', 1)
      .where('status', '=', 'active')
      .orderBy('name')
      .execute(),
    db
      .selectFrom('taper_plans')
      .select(['medicine_name', 'status', 'holds', 'step_backs'])
      .where('patient_id', '=', patientId)
      .where('status', 'in', ['draft', 'active', 'paused'])
      .execute(),
  ]);
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

/** The Interventions section: open requests (with priority and breach date) and the latest outcomes. */
export async function interventionsSection(db: Kysely<DB>, patientId: number): Promise<string | null> {
  const [open, outcomes] = await Promise.all([
    db
      .selectFrom('intervention_requests')
      .select(['procedure_code', 'side', 'site', 'priority', 'status', 'rtt_breach_date'])
      .where('patient_id', '=', patientId)
      .where('status', 'in', ['waiting', 'booked'])
      .orderBy('rtt_breach_date')
      .execute(),
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
      .where('intervention_requests.patient_id', '=', patientId)
      .orderBy('intervention_outcomes.recorded_at', 'desc')
      .limit(3)
      .execute(),
  ]);
  if (open.length === 0 && outcomes.length === 0) return null;
  const name = (code: string) => findProcedure(code)?.name ?? code;
  const parts: string[] = [];
  for (const r of open) {
    parts.push(
      `${name(r.procedure_code)} (${r.side}, ${r.site}): ${r.status}, ${r.priority}, breach ${r.rtt_breach_date}.`,
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
