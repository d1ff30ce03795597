/**
 * Antithrombotics recorded on a request by hand, and the usual dose times of any of them: each change
 * recomputes the hold plan and clears an approval (audited). Split from interventions.ts.
 */
import type { z } from 'zod';
import type { RequestDetail, antithromboticInputSchema } from '../../shared/domain/interventions';
import { AppError } from '../../shared/result';
import { writeAudit } from './audit';
import { changedByOtherError } from './stale-edit';
import type { HandlerContext } from './context';
import { interventionRules } from './rule-sets';
import { today } from './interventions-common';
import { computePlan } from './interventions-holds';
import { drugBase, syncMedicines } from './interventions-medicines';
import { loadRequest, planTarget } from './interventions-readiness';
import { getRequest } from './interventions-requests';

/**
 * Confirms or corrects the patient's usual dose times for one antithrombotic (the medicines list gives only
 * how many doses a day). The plan is recomputed; an approval is cleared (audited) because the last usual
 * dose before the procedure may move.
 */
export async function setDoseTimes(
  ctx: HandlerContext,
  input: { antithromboticId: number; doseTimes: string[]; expectedDoseTimes?: string[] | undefined },
): Promise<RequestDetail> {
  const todayIso = today(ctx);
  const times = [...new Set(input.doseTimes)].sort();
  const requestId = await ctx.conn.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('intervention_antithrombotics')
      .selectAll()
      .where('id', '=', input.antithromboticId)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'That medicine entry does not exist.');
    if (row.dose_times === times.join(',')) return row.request_id;
    const expected = input.expectedDoseTimes && [...new Set(input.expectedDoseTimes)].sort().join(',');
    if (expected !== undefined && expected !== row.dose_times) {
      const now = row.dose_times.split(',').join(', ');
      throw await changedByOtherError(
        trx,
        `The usual dose times of ${row.drug} were changed to ${now} while you were editing, so yours (${times.join(', ')}) were not saved. Check the times with the patient and save again if they are still right.`,
        [
          {
            entity: 'intervention_antithrombotic',
            entityId: row.id,
            actions: ['interventions.antithrombotic.dose-times'],
          },
        ],
        'doseTimes',
      );
    }
    const rc = await loadRequest(trx, row.request_id, interventionRules(ctx.conn));
    const target = await planTarget(trx, rc, todayIso);
    const plan = computePlan(rc, row.drug, times, target, todayIso);
    const wasApproved = row.approved_by !== null;
    await trx
      .updateTable('intervention_antithrombotics')
      .set({
        dose_times: times.join(','),
        plan_json: JSON.stringify(plan),
        plan_for: target,
        approved_by: null,
        approved_at: null,
        reapproval_note: wasApproved
          ? `Re-approval needed: the usual dose times changed to ${times.join(', ')}.`
          : row.reapproval_note,
      })
      .where('id', '=', row.id)
      .execute();
    await writeAudit(trx, ctx, {
      action: 'interventions.antithrombotic.dose-times',
      entity: 'intervention_antithrombotic',
      entityId: row.id,
      patientId: row.patient_id,
      before: { doseTimes: row.dose_times.split(','), approved: wasApproved },
      after: { doseTimes: times, plan, approved: false },
    });
    return row.request_id;
  });
  return getRequest(ctx, requestId);
}
export async function addAntithrombotic(
  ctx: HandlerContext,
  input: z.output<typeof antithromboticInputSchema>,
): Promise<RequestDetail> {
  const todayIso = today(ctx);
  await ctx.conn.db.transaction().execute(async (trx) => {
    const rc = await loadRequest(trx, input.requestId, interventionRules(ctx.conn));
    const target = await planTarget(trx, rc, todayIso);
    await syncMedicines(trx, ctx, rc, target, todayIso);
    const listed = rc.antis.find(
      (a) => a.medicine_item_id !== null && drugBase(a.drug) === drugBase(input.drug),
    );
    if (listed)
      throw new AppError(
        'CONFLICT',
        `${listed.drug} is on the medicines list; its hold plan comes from there (change the dose or times there).`,
        { drug: `${listed.drug} is on the medicines list; its hold plan comes from there.` },
      );
    const plan = computePlan(rc, input.drug, input.doseTimes, target, todayIso);
    const row = await trx
      .insertInto('intervention_antithrombotics')
      .values({
        request_id: rc.row.id,
        patient_id: rc.row.patient_id,
        drug: input.drug,
        dose: input.dose,
        dose_times: input.doseTimes.join(','),
        plan_json: JSON.stringify(plan),
        plan_for: target,
        rule_set_id: rc.rules.holds.id ?? rc.rules.holds.name,
        rule_set_version: rc.rules.holds.version,
        approved_by: null,
        approved_at: null,
        created_at: ctx.now().toISOString(),
        medicine_item_id: null,
        medicine_version: null,
        basis: null,
        reapproval_note: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, {
      action: 'interventions.antithrombotic.add',
      entity: 'intervention_antithrombotic',
      entityId: row.id,
      patientId: rc.row.patient_id,
      after: { ...input, plan },
    });
  });
  return getRequest(ctx, input.requestId);
}

export async function removeAntithrombotic(ctx: HandlerContext, id: number): Promise<RequestDetail> {
  const requestId = await ctx.conn.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('intervention_antithrombotics')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'That medicine entry does not exist.');
    if (row.medicine_item_id !== null)
      throw new AppError(
        'CONFLICT',
        `${row.drug} comes from the medicines list; stop it there if the patient no longer takes it.`,
      );
    await trx.deleteFrom('intervention_antithrombotics').where('id', '=', id).execute();
    await writeAudit(trx, ctx, {
      action: 'interventions.antithrombotic.remove',
      entity: 'intervention_antithrombotic',
      entityId: id,
      patientId: row.patient_id,
      before: row,
    });
    return row.request_id;
  });
  return getRequest(ctx, requestId);
}
