import { chmodSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ageInYears,
  datasetCsv,
  dictionaryCsv,
  DATASET_VERSION,
  type DatasetRow,
} from '../../shared/audit-dataset';
import type { OmePoint } from '../../shared/domain/medicines';
import type { Patient } from '../../shared/domain/patient';
import type { MeasureResponse, RehabPlan, TimePointId } from '../../shared/domain/rehab';
import { writeAudit } from './audit';
import type { HandlerContext } from './context';
import { patientMedicines } from './medicines';
import { requirePatient } from './patients';
import { rehabSummary } from './rehab-read';

const POINTS: readonly TimePointId[] = [
  'referral',
  'treatment-start',
  'discharge',
  'discharge-6m',
  'discharge-12m',
];

const oneDecimal = (v: number | null | undefined) =>
  v === null || v === undefined ? null : Math.round(v * 10) / 10;

/** The OME that stood on a date: the latest point on or before it (null before the first). */
function omeOn(series: readonly OmePoint[], date: string): OmePoint | null {
  let found: OmePoint | null = null;
  for (const p of series) if (p.date <= date && (!found || p.date >= found.date) && !p.fromReview) found = p;
  return found;
}

/** The rows of one patient's episodes (pure: from records already read). */
export function datasetRowsOf(
  patient: Patient,
  plans: readonly RehabPlan[],
  measures: readonly MeasureResponse[],
  omeSeries: readonly OmePoint[],
): DatasetRow[] {
  const rows: DatasetRow[] = [];
  for (const plan of plans) {
    const mine = measures.filter((m) => m.planId === plan.id);
    for (const point of POINTS) {
      const here = mine.filter((m) => m.timePoint === point);
      const planDate =
        point === 'referral'
          ? plan.referralDate
          : point === 'treatment-start'
            ? plan.treatmentStartDate
            : point === 'discharge'
              ? plan.dischargeDate
              : null;
      const date = planDate ?? here.map((m) => m.administeredOn).sort()[0] ?? null;
      if (!date) continue;
      // The latest administration of each measure at this point.
      const latest = (id: MeasureResponse['measure']) =>
        here.filter((m) => m.measure === id).sort((a, b) => (a.administeredOn < b.administeredOn ? 1 : -1))[0]
          ?.score ?? null;
      const bpi = latest('BPI');
      const eq = latest('EQ-5D-5L');
      const ome = omeOn(omeSeries, date);
      rows.push({
        episode_ref: plan.id,
        patient_ref: patient.id,
        age_at_referral: ageInYears(patient.dateOfBirth, plan.referralDate ?? date),
        sex: patient.sex,
        diagnosis_icd11: patient.diagnosisCode,
        pathway: plan.pathway,
        collection_point: point,
        collection_date: date,
        pain_severity: oneDecimal(bpi?.total),
        pain_interference: oneDecimal(bpi?.subscales?.interference),
        self_efficacy: latest('PSEQ')?.total ?? null,
        depression: latest('PHQ-9')?.total ?? null,
        anxiety: latest('GAD-7')?.total ?? null,
        health_today_vas: eq?.total ?? null,
        eq5d_profile: eq?.profile ?? null,
        ome_mg_per_24h: ome ? oneDecimal(ome.totalMgPer24h) : null,
        ome_complete: ome ? ome.complete : null,
        work_status: null,
      });
    }
  }
  return rows;
}

export interface DatasetExport {
  episodes: number;
  rows: number;
  files: string[];
  ms: number;
}

/**
 * Writes the episode data set (`episodes.csv`) and its data dictionary (`dictionary.csv`) into a folder,
 * readable by their owner only, with one audit row. Patients are read in pages by id through the same reads
 * as their screens.
 */
export async function exportDataset(ctx: HandlerContext, dir: string): Promise<DatasetExport> {
  const started = Date.now();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const rows: DatasetRow[] = [];
  let lastId = 0;
  for (;;) {
    const ids = await ctx.conn.db
      .selectFrom('rehab_plans')
      .select('patient_id')
      .distinct()
      .where('patient_id', '>', lastId)
      .orderBy('patient_id')
      .limit(500)
      .execute();
    if (ids.length === 0) break;
    for (const { patient_id: id } of ids) {
      const [patient, rehab, meds] = await Promise.all([
        requirePatient(ctx, id),
        rehabSummary(ctx, id),
        patientMedicines(ctx, id),
      ]);
      rows.push(...datasetRowsOf(patient, rehab.plans, rehab.measures, meds.omeSeries));
    }
    lastId = ids[ids.length - 1]!.patient_id;
  }
  const files = ['episodes.csv', 'dictionary.csv'];
  writeFileSync(join(dir, files[0]!), datasetCsv(rows), { mode: 0o600 });
  writeFileSync(join(dir, files[1]!), dictionaryCsv(), { mode: 0o600 });
  // The mode above applies only to a new file: an export over an older one keeps it owner-only too.
  for (const f of files) chmodSync(join(dir, f), 0o600);
  const episodes = new Set(rows.map((r) => r.episode_ref)).size;
  await ctx.conn.db.transaction().execute((trx) =>
    writeAudit(trx, ctx, {
      action: 'export.audit-dataset',
      entity: 'rehab_plans',
      entityId: null,
      after: { version: DATASET_VERSION, episodes, rows: rows.length },
    }),
  );
  return { episodes, rows: rows.length, files, ms: Date.now() - started };
}
