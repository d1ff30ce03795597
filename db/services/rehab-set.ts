import type { MeasureSetData, MeasureSetResult } from '../../shared/domain/rehab-set';
import { MEASURES } from '../../shared/clinical/rehab/measures';
import { AppError } from '../../shared/result';
import { writeAudit } from './audit';
import type { HandlerContext } from './context';
import { planForMeasures, storeMeasure } from './rehab';

/**
 * A collection point's questionnaires saved together (issue 15): one collection point, one date, one
 * transaction. Every form is checked; if any is refused, nothing is saved and each refusal is returned beside
 * its own form's fields (`forms.<n>.<field>`). Each form is audited as when saved alone, and the set once more.
 */
export async function recordMeasureSet(
  ctx: HandlerContext,
  input: MeasureSetData,
): Promise<MeasureSetResult> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const plan = await planForMeasures(trx, ctx, input.patientId, input.planId, input.administeredOn);
    const fields: Record<string, string> = {};
    const problems: string[] = [];
    const saved = [];
    for (const [n, form] of input.forms.entries()) {
      try {
        saved.push(
          await storeMeasure(trx, ctx, plan, {
            patientId: input.patientId,
            measure: form.measure,
            timePoint: input.timePoint,
            administeredOn: input.administeredOn,
            answers: form.answers,
            activities: form.activities,
          }),
        );
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'VALIDATION') throw err;
        problems.push(`${MEASURES[form.measure].name}: ${err.message}`);
        for (const [field, message] of Object.entries(err.fields ?? { answers: err.message }))
          fields[`forms.${n}.${field}`] = message;
      }
    }
    // Any refusal undoes the whole set (the transaction rolls back): nothing is half-saved.
    if (problems.length > 0)
      throw new AppError(
        'VALIDATION',
        `Nothing was saved. ${problems.length === 1 ? 'One questionnaire needs' : `${problems.length} questionnaires need`} correcting: ${problems.join(' ')}`,
        fields,
      );
    await writeAudit(trx, ctx, {
      action: 'rehab.recordMeasureSet',
      entity: 'rehab_plan',
      entityId: plan.id,
      patientId: input.patientId,
      after: {
        timePoint: input.timePoint,
        administeredOn: input.administeredOn,
        measures: saved.map((m) => ({ id: m.id, measure: m.measure })),
      },
    });
    return { saved };
  });
}
