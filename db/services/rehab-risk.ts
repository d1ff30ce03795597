import type { z } from 'zod';
import type { MeasureId } from '../../shared/clinical/rehab/measures';
import { checkRiskItems } from '../../shared/clinical/rehab/risk';
import { displayName } from '../../shared/domain/patient';
import type {
  acknowledgeRiskSchema,
  PatientRiskAlerts,
  RiskAlert,
  RiskWorklistItem,
} from '../../shared/domain/rehab-safety';
import { AppError } from '../../shared/result';
import {
  alertById,
  alertsOfPatient,
  insertAlert,
  openAlertsWithPatients,
  type RiskAlertRow,
} from '../queries/rehab-risk';
import { writeAudit } from './audit';
import type { HandlerContext, Trx } from './context';
import { requirePatient, requireVersion } from './rehab-common';
import { changedByOtherError } from './stale-edit';

type AckInput = z.output<typeof acknowledgeRiskSchema>;

export function toRiskAlert(r: RiskAlertRow): RiskAlert {
  return {
    id: r.id,
    patientId: r.patient_id,
    measureId: r.measure_id,
    measure: r.measure as MeasureId,
    item: r.item,
    answer: r.answer,
    itemLabel: r.item_label,
    administeredOn: r.administered_on,
    source: r.source === 'upgrade' ? 'upgrade' : 'entry',
    status: r.status === 'acknowledged' ? 'acknowledged' : 'open',
    raisedAt: r.raised_at,
    raisedBy: r.raised_by_name,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedBy: r.acknowledged_by_name,
    actionTaken: r.action_taken,
    version: r.version,
  };
}

/**
 * Opens an alert for every risk item of this administration answered above its threshold, inside the caller's
 * transaction. Nothing here looks at other forms: a back-dated form raises its alert, and a later form never
 * closes one (only an acknowledgement does).
 */
export async function raiseRiskAlerts(
  trx: Trx,
  ctx: HandlerContext,
  m: {
    id: number;
    patientId: number;
    measure: MeasureId;
    administeredOn: string;
    answers: readonly (number | null)[];
  },
): Promise<number[]> {
  const ids: number[] = [];
  for (const s of checkRiskItems(m.measure, m.answers).raised) {
    const id = await insertAlert(trx, {
      patient_id: m.patientId,
      measure_id: m.id,
      measure: m.measure,
      item: s.item,
      answer: s.answer,
      item_label: s.label,
      administered_on: m.administeredOn,
      raised_at: ctx.now().toISOString(),
      raised_by: ctx.session?.userId ?? null,
    });
    await writeAudit(trx, ctx, {
      action: 'rehab.riskAlertRaised',
      entity: 'rehab_risk_alert',
      entityId: id,
      patientId: m.patientId,
      after: { measure: m.measure, item: s.item, answer: s.answer, administeredOn: m.administeredOn },
    });
    ids.push(id);
  }
  return ids;
}

export async function patientRiskAlerts(ctx: HandlerContext, patientId: number): Promise<PatientRiskAlerts> {
  await requirePatient(ctx.conn.db, patientId);
  const all = (await alertsOfPatient(ctx.conn.db, patientId)).map(toRiskAlert);
  return {
    open: all.filter((a) => a.status === 'open'),
    acknowledged: all
      .filter((a) => a.status === 'acknowledged')
      .sort((a, b) => (b.acknowledgedAt ?? '').localeCompare(a.acknowledgedAt ?? '')),
  };
}

export async function riskWorklist(ctx: HandlerContext, limit: number): Promise<RiskWorklistItem[]> {
  const rows = await openAlertsWithPatients(ctx.conn.db, limit);
  return rows.map((r) => ({ ...toRiskAlert(r), patientName: displayName(r), nhsNumber: r.nhs_number }));
}

export async function acknowledgeRisk(ctx: HandlerContext, input: AckInput): Promise<RiskAlert> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const before = await alertById(trx, input.alertId);
    if (!before) throw new AppError('NOT_FOUND', 'That risk alert does not exist.');
    const record = { entity: 'rehab_risk_alert', entityId: input.alertId };
    if (before.status !== 'open')
      throw await changedByOtherError(trx, 'This risk alert has already been acknowledged.', [record]);
    await requireVersion(trx, before.version, input.version, { ...record, thing: 'risk alert' });
    const at = ctx.now().toISOString();
    await trx
      .updateTable('rehab_risk_alerts')
      .set({
        status: 'acknowledged',
        acknowledged_at: at,
        acknowledged_by: ctx.session?.userId ?? null,
        action_taken: input.actionTaken,
        version: before.version + 1,
      })
      .where('id', '=', input.alertId)
      .execute();
    const after = toRiskAlert((await alertById(trx, input.alertId))!);
    await writeAudit(trx, ctx, {
      action: 'rehab.riskAlertAcknowledged',
      entity: 'rehab_risk_alert',
      entityId: input.alertId,
      patientId: before.patient_id,
      before: { status: 'open' },
      after: { status: 'acknowledged', actionTaken: input.actionTaken },
    });
    return after;
  });
}
