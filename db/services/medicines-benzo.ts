import {
  ASHTON_BENZODIAZEPINE_TAPER,
  type AshtonRuleSet,
  diazepamSwitch,
  planAshtonDiazepamTaper,
} from '../../shared/clinical/medicines/benzo-ashton';
import { formatNumber } from '../../shared/clinical/medicines/numbers';
import { londonToday } from '../../shared/dates';
import { medicineInputSchema } from '../../shared/domain/medicines';
import type {
  DiazepamSwitchRecord,
  DiazepamSwitchResult,
  SwitchToDiazepamInput,
} from '../../shared/domain/medicines-benzo';
import { AppError } from '../../shared/result';
import type { Kysely } from 'kysely';
import type { DB } from '../schema';
import { doseFieldsOf } from '../mappers/medicines';
import { currentEntryOfItem } from '../queries/medicines';
import { writeAudit } from './audit';
import type { HandlerContext, Trx } from './context';
import { addMedicineIn, clinical, writeNewVersion } from './medicines';
import { taperAmount } from './medicines-ome';
import { requirePatient } from './patients';
import { medicineRules } from './rule-sets';

/**
 * Benzodiazepines as the Ashton Manual withdraws them (issue 13): a short-acting benzodiazepine may be
 * switched to the equivalent diazepam (Ashton equivalents only, the service's clinical decisions (clinical lead), medicines 8), then diazepam is
 * tapered in Ashton's steps (planStepsFor uses {@link ashtonStepsFor} for diazepam's class default).
 */

const TABLETS = 'diazepam-tablet';

function doseWords(admins: number[]): string {
  if (admins.every((a) => a === admins[0])) {
    const times = ['', 'once a day', 'twice a day', 'three times a day', 'four times a day'][admins.length];
    return `${formatNumber(admins[0]!)} mg ${times ?? `${admins.length} times a day`}`;
  }
  return `${admins.map(formatNumber).join(' mg + ')} mg a day`;
}

/**
 * Switches one active regular benzodiazepine line to diazepam today, in one transaction: the old line is
 * stopped, a diazepam tablet line is added at the Ashton equivalent (rounded to 0.5 mg, the smallest dose the
 * products give; entry checks apply, warnings need a confirmed reason), and the switch is recorded and
 * audited with the equivalence and the working.
 */
export async function switchToDiazepam(
  ctx: HandlerContext,
  input: SwitchToDiazepamInput & { version: number },
): Promise<DiazepamSwitchResult> {
  await requirePatient(ctx, input.patientId);
  return ctx.conn.db.transaction().execute(async (trx) => {
    const med = await currentEntryOfItem(trx, input.itemId);
    if (!med || med.patient_id !== input.patientId) {
      const m = 'That medicine is not on this patient’s list.';
      throw new AppError('NOT_FOUND', m, { itemId: m });
    }
    if (med.status !== 'active') {
      const m = 'This medicine has been stopped.';
      throw new AppError('CONFLICT', m, { itemId: m });
    }
    if (med.drug_class !== 'benzodiazepine-z-drug' || med.dose_kind !== 'regular') {
      const m = 'Only a regular benzodiazepine can be switched to diazepam.';
      throw new AppError('VALIDATION', m, { itemId: m });
    }
    const fields = doseFieldsOf(med);
    const daily = taperAmount(fields).dose;
    const times = fields.administrationsMg?.length ?? fields.timesPerDay ?? 1;
    const ashton = medicineRules(ctx.conn).ashton;
    const sw = clinical(() => diazepamSwitch(med.generic, daily, times, ashton));
    const today = londonToday(ctx.now());
    const fromText = `${med.name} ${doseWords(fields.administrationsMg ?? Array(times).fill(fields.doseMg ?? 0))}`;
    const why = `Switched to diazepam ${formatNumber(sw.diazepamMgPer24h)} mg a day (${sw.equivalence}, Ashton 2002): ${input.reason}`;
    const stopped = await writeNewVersion(trx, ctx, med.item_id, input.version, {
      stoppedOn: today,
      reason: why.slice(0, 500),
      action: 'medicines.switchToDiazepam.stop',
    });
    const admins = sw.administrationsMg;
    const even = admins.every((a) => a === admins[0]);
    const largest = Math.max(...admins);
    const strength = [10, 5, 2].find((s) => s <= largest) ?? 2;
    const medicine = medicineInputSchema.parse({
      formularyId: TABLETS,
      strength: `${strength} mg`,
      doseKind: 'regular',
      ...(even ? { doseMg: admins[0], timesPerDay: admins.length } : { administrationsMg: admins }),
      startDate: today,
      prescriber: med.prescriber,
      indication: `Switched from ${med.generic} (${sw.equivalence})`.slice(0, 200),
      ...(input.confirmWarnings ? { confirmWarnings: input.confirmWarnings } : {}),
    });
    const diazepam = await addMedicineIn(
      trx,
      ctx,
      { patientId: input.patientId, medicine },
      'medicines.switchToDiazepam.start',
    );
    const meta = ashton.meta;
    const at = ctx.now().toISOString();
    const { id } = await trx
      .insertInto('benzodiazepine_switches')
      .values({
        patient_id: input.patientId,
        from_item_id: med.item_id,
        to_item_id: diazepam.itemId,
        from_text: fromText,
        from_mg_per_24h: sw.fromMgPer24h,
        worked_mg_per_24h: sw.workedMgPer24h,
        diazepam_mg_per_24h: sw.diazepamMgPer24h,
        equivalence: sw.equivalence,
        working: sw.working,
        rule_set_id: meta.id,
        rule_set_version: meta.version,
        switched_on: today,
        reason: input.reason,
        recorded_at: at,
        recorded_by: ctx.session?.userId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const record = (await switchIntoItem(trx, diazepam.itemId))!;
    await writeAudit(trx, ctx, {
      action: 'medicines.switchToDiazepam',
      entity: 'benzodiazepine_switch',
      entityId: id,
      patientId: input.patientId,
      after: {
        from: fromText,
        to: `Diazepam tablets ${doseWords(admins)}`,
        equivalence: sw.equivalence,
        working: sw.working,
        ruleSet: `${meta.id} v${meta.version}`,
        reason: input.reason,
      },
    });
    return { stopped, diazepam, switch: record };
  });
}

/** The switch that started this (diazepam) medicine line, or null. */
export async function switchIntoItem(
  db: Kysely<DB> | Trx,
  itemId: number,
): Promise<DiazepamSwitchRecord | null> {
  const r = await db
    .selectFrom('benzodiazepine_switches')
    .selectAll()
    .where('to_item_id', '=', itemId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!r) return null;
  return {
    fromText: r.from_text,
    fromMgPer24h: r.from_mg_per_24h,
    workedMgPer24h: r.worked_mg_per_24h,
    diazepamMgPer24h: r.diazepam_mg_per_24h,
    equivalence: r.equivalence,
    working: r.working,
    ruleSet: {
      id: r.rule_set_id,
      version: r.rule_set_version,
      name: ASHTON_BENZODIAZEPINE_TAPER.meta.name,
      source: ASHTON_BENZODIAZEPINE_TAPER.meta.source,
    },
    switchedOn: r.switched_on,
    reason: r.reason,
  };
}

/**
 * Diazepam's class default (no % chosen): the Ashton reduction, 2 mg a step above 20 mg a day, 1 mg from 20,
 * 0.5 mg from 5, every 2 weeks unless another interval is chosen. Doses at each time of day as now; an oral
 * solution line is written in mL.
 */
export function ashtonStepsFor(
  med: { form: string },
  startAdministrations: number[],
  input: { intervalDays: number | undefined; startDate: string; targetDose: number | null },
  fieldPrefix = '',
  rules: AshtonRuleSet = ASHTON_BENZODIAZEPINE_TAPER,
) {
  const liquidOnly = /solution|liquid/.test(med.form);
  const intervalDays = input.intervalDays ?? rules.intervalDays;
  const planned = clinical(
    () =>
      planAshtonDiazepamTaper(
        {
          startAdministrations,
          startDate: input.startDate,
          intervalDays,
          liquidOnly,
          ...(input.targetDose !== null ? { targetDose: input.targetDose } : {}),
        },
        rules,
      ),
    fieldPrefix,
  );
  const mgPerMl = rules.liquidMgPer5Ml / 5;
  const steps = planned.map((x) => ({
    date: x.date,
    dose: x.dose,
    administrations: x.administrations.map((mg) => ({
      mg,
      ml: liquidOnly ? Math.round((mg / mgPerMl) * 1000) / 1000 : null,
    })),
    products: x.products,
    note: x.note,
  }));
  const first = planned[1] ? planned[0]!.dose - planned[1].dose : 0;
  const percent = Math.round((first / planned[0]!.dose) * 100 * 1000) / 1000;
  return { steps, roundTo: 0.5, percent, intervalDays };
}
