import type { Selectable } from 'kysely';
import { ClinicalInputError } from '../../shared/clinical/errors';
import { MEDICINE_CHECK_RULES, type MedicineCheckRuleSet } from '../../shared/clinical/medicines/check-rules';
import {
  cockcroftGault,
  medicineChecks,
  type CheckMedicine,
  type PregnancyStatus,
} from '../../shared/clinical/medicines/checks';
import { ageInYears, formatDateGb, londonToday } from '../../shared/dates';
import type {
  AcknowledgeCheck,
  MedicineChecksView,
  PregnancyStatusValue,
  RecordMedicineFacts,
} from '../../shared/domain/medicine-checks';
import type { Patient } from '../../shared/domain/patient';
import { AppError } from '../../shared/result';
import { doseFieldsOf } from '../mappers/medicines';
import { acksOfPatient, insertAck, insertFact, latestFact } from '../queries/medicine-checks';
import { activeEntriesOfPatient } from '../queries/medicines';
import type { DB } from '../schema';
import type { MedicineEntriesTable } from '../schema-medicines';
import type { Kysely } from 'kysely';
import { writeAudit } from './audit';
import type { HandlerContext } from './context';
import { omeSummaryFor, taperAmount } from './medicines-ome';
import { requirePatient } from './patients';
import { medicineRules } from './rule-sets';

/**
 * The interactions and prompts for a patient's medicines (issue 13): worked out on every read from the
 * current lines, the facts recorded for the checks (kidney function, pregnancy) and the reasons recorded.
 * A reason holds for one check key (rule, medicines and doses); a change makes the check ask again.
 */
type EntryRow = Pick<Selectable<MedicineEntriesTable>, keyof Selectable<MedicineEntriesTable>>;

function checkMedicineOf(r: EntryRow): CheckMedicine {
  const f = doseFieldsOf(r as Selectable<MedicineEntriesTable>);
  const kind = f.doseKind === 'prn' ? 'prn' : f.doseKind === 'patch' ? 'patch' : 'regular';
  let dailyMg: number | null = null;
  if (kind === 'regular') dailyMg = taperAmount(f).dose;
  else if (kind === 'prn')
    dailyMg =
      f.prnMaxMgPer24h ?? (f.doseMg !== null && f.timesPerDay !== null ? f.doseMg * f.timesPerDay : null);
  return { generic: f.generic, drugClass: f.drugClass, route: f.route, doseKind: kind, dailyMg };
}

function clearanceOf(
  patient: Pick<Patient, 'dateOfBirth' | 'sex'>,
  row: { weight_kg: number | null; creatinine_umol_l: number | null; result_date: string | null },
): { mlPerMin: number; explanation: string } | null {
  if (row.weight_kg === null || row.creatinine_umol_l === null || row.result_date === null) return null;
  try {
    return cockcroftGault({
      ageYears: ageInYears(patient.dateOfBirth, row.result_date),
      weightKg: row.weight_kg,
      creatinineUmolPerL: row.creatinine_umol_l,
      sex: patient.sex,
    });
  } catch (e) {
    if (e instanceof ClinicalInputError) return null;
    throw e;
  }
}

type FactRow = {
  weight_kg: number | null;
  creatinine_umol_l: number | null;
  result_date: string | null;
  pregnancy_status: string | null;
  recorded_at: string;
};
type AckRow = {
  check_key: string;
  reason: string;
  acknowledged_at: string;
  rule_set_version: string;
  by_name: string | null;
};

/** The checks view for a patient: `rows` are the current active lines (planned ones are left out here). */
export async function checksFor(
  db: Kysely<DB>,
  patient: Pick<Patient, 'id' | 'dateOfBirth' | 'sex'>,
  rows: readonly EntryRow[],
  omeTotalMgPer24h: number,
  today: string,
  rules: MedicineCheckRuleSet = MEDICINE_CHECK_RULES,
): Promise<MedicineChecksView> {
  const [renal, pregnancy, acks] = await Promise.all([
    latestFact(db, patient.id, 'renal'),
    latestFact(db, patient.id, 'pregnancy'),
    acksOfPatient(db, patient.id),
  ]);
  return checksViewFrom({ patient, rows, omeTotalMgPer24h, today, renal, pregnancy, acks, rules });
}

/**
 * The checks view from rows already read (one implementation for the service and the benchmark's
 * hand-written baseline): the latest renal and pregnancy facts and every acknowledgement, oldest first.
 */
export function checksViewFrom(input: {
  patient: Pick<Patient, 'dateOfBirth' | 'sex'>;
  rows: readonly EntryRow[];
  omeTotalMgPer24h: number;
  today: string;
  renal: FactRow | undefined;
  pregnancy: FactRow | undefined;
  acks: readonly AckRow[];
  /** The rule set in use (Settings › Clinical rule sets); the shipped one when omitted. */
  rules?: MedicineCheckRuleSet;
}): MedicineChecksView {
  const { patient, rows, today, renal, pregnancy } = input;
  const crcl = renal ? clearanceOf(patient, renal) : null;
  const rules = input.rules ?? MEDICINE_CHECK_RULES;
  const checks = medicineChecks(
    {
      medicines: rows.filter((r) => r.start_date <= today).map(checkMedicineOf),
      patient: {
        ageYears: ageInYears(patient.dateOfBirth, today),
        sex: patient.sex,
        pregnancy: (pregnancy?.pregnancy_status as PregnancyStatus | undefined) ?? null,
        creatinineClearance: crcl && renal ? { ...crcl, date: renal.result_date! } : null,
      },
      omeTotalMgPer24h: input.omeTotalMgPer24h,
      today,
    },
    rules,
  );
  const latestAck = new Map(input.acks.map((a) => [a.check_key, a]));
  return {
    checks: checks.map((c) => {
      const a = latestAck.get(c.key);
      return {
        ...c,
        acknowledged: a
          ? { reason: a.reason, by: a.by_name, at: a.acknowledged_at, ruleSetVersion: a.rule_set_version }
          : null,
      };
    }),
    facts: {
      renal:
        renal && renal.weight_kg !== null && renal.creatinine_umol_l !== null && renal.result_date !== null
          ? {
              weightKg: renal.weight_kg,
              creatinineUmolPerL: renal.creatinine_umol_l,
              resultDate: renal.result_date,
              creatinineClearance: crcl,
              recordedAt: renal.recorded_at,
            }
          : null,
      pregnancy: pregnancy?.pregnancy_status
        ? { status: pregnancy.pregnancy_status as PregnancyStatusValue, recordedAt: pregnancy.recorded_at }
        : null,
    },
    ruleSet: { ...rules.meta },
  };
}

/** The checks as they stand now for a patient (current lines and total), for the two writes below. */
async function currentChecks(ctx: HandlerContext, db: Kysely<DB>, patient: Patient) {
  const today = londonToday(ctx.now());
  const rows = await activeEntriesOfPatient(db, patient.id);
  const current = rows.filter((r) => r.start_date <= today);
  const rules = medicineRules(ctx.conn);
  const ome = omeSummaryFor(
    current.map((r) => doseFieldsOf(r as Selectable<MedicineEntriesTable>)),
    rules,
    today,
  );
  return checksFor(db, patient, rows, ome.totalMgPer24h, today, rules.checks);
}

/** Records kidney function (weight, creatinine, result date) and/or pregnancy status; audited. */
export async function recordMedicineFacts(
  ctx: HandlerContext,
  input: RecordMedicineFacts,
): Promise<MedicineChecksView> {
  const patient = await requirePatient(ctx, input.patientId);
  const today = londonToday(ctx.now());
  if (input.renal) {
    if (input.renal.resultDate > today) {
      const m = `The result date cannot be after today (${formatDateGb(today)}).`;
      throw new AppError('VALIDATION', m, { 'renal.resultDate': m });
    }
    if (input.renal.resultDate < patient.dateOfBirth) {
      const m = 'The result date cannot be before the date of birth.';
      throw new AppError('VALIDATION', m, { 'renal.resultDate': m });
    }
    if (ageInYears(patient.dateOfBirth, input.renal.resultDate) < 18) {
      const m = 'Cockcroft-Gault is for adults: record a clearance measured at 18 or over.';
      throw new AppError('VALIDATION', m, { 'renal.resultDate': m });
    }
  }
  return ctx.conn.db.transaction().execute(async (trx) => {
    const at = ctx.now().toISOString();
    const by = ctx.session?.userId ?? null;
    const base = { patient_id: patient.id, recorded_at: at, recorded_by: by };
    const empty = { weight_kg: null, creatinine_umol_l: null, result_date: null, pregnancy_status: null };
    if (input.renal) {
      const row = {
        ...base,
        ...empty,
        kind: 'renal',
        weight_kg: input.renal.weightKg,
        creatinine_umol_l: input.renal.creatinineUmolPerL,
        result_date: input.renal.resultDate,
      };
      const id = await insertFact(trx, row);
      await writeAudit(trx, ctx, {
        action: 'medicines.facts.renal',
        entity: 'medicine_patient_fact',
        entityId: id,
        patientId: patient.id,
        after: { ...input.renal, creatinineClearance: clearanceOf(patient, row) },
      });
    }
    if (input.pregnancy) {
      const id = await insertFact(trx, {
        ...base,
        ...empty,
        kind: 'pregnancy',
        pregnancy_status: input.pregnancy,
      });
      await writeAudit(trx, ctx, {
        action: 'medicines.facts.pregnancy',
        entity: 'medicine_patient_fact',
        entityId: id,
        patientId: patient.id,
        after: { pregnancy: input.pregnancy },
      });
    }
    return currentChecks(ctx, trx, patient);
  });
}

/** Records a reason (or what was done) for a check raised now; refused for a check no longer raised. */
export async function acknowledgeCheck(
  ctx: HandlerContext,
  input: AcknowledgeCheck,
): Promise<MedicineChecksView> {
  const patient = await requirePatient(ctx, input.patientId);
  return ctx.conn.db.transaction().execute(async (trx) => {
    const now = await currentChecks(ctx, trx, patient);
    const check = now.checks.find((c) => c.key === input.key);
    if (!check)
      throw new AppError(
        'CONFLICT',
        'This check is no longer raised (the medicines or the facts changed). Reload the medicines and look again.',
      );
    if (check.asks) {
      const m =
        check.asks === 'pregnancy'
          ? 'Record the pregnancy status instead: this check asks for a fact.'
          : 'Record the weight and creatinine instead: this check asks for a fact.';
      throw new AppError('VALIDATION', m, { reason: m });
    }
    const id = await insertAck(trx, {
      patient_id: patient.id,
      check_key: check.key,
      code: check.code,
      rule_set_id: check.ruleSet.id,
      rule_set_version: check.ruleSet.version,
      reason: input.reason,
      acknowledged_at: ctx.now().toISOString(),
      acknowledged_by: ctx.session?.userId ?? null,
    });
    await writeAudit(trx, ctx, {
      action: 'medicines.check.acknowledge',
      entity: 'medicine_check',
      entityId: id,
      patientId: patient.id,
      after: {
        code: check.code,
        key: check.key,
        drugs: check.drugs,
        reason: input.reason,
        ruleSet: check.ruleSet,
      },
    });
    return currentChecks(ctx, trx, patient);
  });
}
