import { formularyEntryIn, type MedicineRules } from '../../shared/domain/rule-sets';
import { londonToday } from '../../shared/dates';
import {
  NOT_ON_FORMULARY,
  patchRouteMessage,
  type MedicineData,
  type MedicineEntry,
  type OmeSummary,
  type PatientMedicines,
} from '../../shared/domain/medicines';
import { AppError } from '../../shared/result';
import { doseFieldsOf, entryAuditSnapshot, entryFromRow, planSummaryFromRow } from '../mappers/medicines';
import {
  activeEntriesOfPatient,
  currentEntryOfItem,
  entriesOfPatient,
  entryById,
  insertEntry,
  insertSnapshot,
  plansOfPatient,
  snapshotsOfPatient,
  supersede,
  upsertPatientOme,
} from '../queries/medicines';
import { writeAudit } from './audit';
import { markPlanNeedsReview } from './medicines-plan-change';
import { clinical as clinicalToValidation } from './clinical-errors';
import type { HandlerContext, Trx } from './context';
import {
  doseEntryOf,
  flagColumns,
  omeLineFor,
  omeSummaryFor,
  storedOmeJson,
  type DoseFields,
} from './medicines-ome';
import {
  entryRefusals,
  entryWarnings,
  impossibleDoseRefusals,
  type EntryLine,
} from '../../shared/clinical/medicines/entry-checks';
import { dailyDoseMg } from '../../shared/clinical/medicines/daily-dose';
import { cdcComparisonFor } from './medicines-compare';
import { latestTakenByEntry, reviewsForPatient } from './medicines-reviews';
import { checksFor } from './medicine-checks';
import { requirePatient } from './patients';
import { resolveWritten, unlistedColumns } from './medicines-written';
import { medicineRules } from './rule-sets';
import { staleEditError } from './stale-edit';

/** Runs a shared clinical calculation; its input errors become field messages (nothing is saved). */
/** A clinical calculation whose input errors land on the medicine form's fields. */
export function clinical<T>(fn: () => T, prefix = ''): T {
  return clinicalToValidation(fn, prefix, 'medicine');
}

/** The entry on the formulary in use (Settings › Clinical rule sets), else a refusal next to the field. */
function formularyEntryOf(data: MedicineData, rules: MedicineRules) {
  const f = formularyEntryIn(rules, data.formularyId);
  if (!f) {
    const m = `This medicine is not on the formulary in use (${rules.formulary.meta.name} v${rules.formulary.meta.version}).`;
    throw new AppError('VALIDATION', m, { 'medicine.formularyId': m });
  }
  const route = patchRouteMessage(data.doseKind, f.route);
  if (route) throw new AppError('VALIDATION', route, { 'medicine.doseKind': route });
  return f;
}

function doseFieldsOfData(data: MedicineData, rules: MedicineRules): DoseFields {
  const f = formularyEntryOf(data, rules);
  const patch = data.doseKind === 'patch';
  const uneven = data.doseKind === 'regular' && data.administrationsMg ? data.administrationsMg : null;
  return {
    generic: f.generic,
    drugClass: f.drugClass,
    route: f.route,
    doseKind: data.doseKind,
    doseMg: patch || uneven ? null : (data.doseMg ?? null),
    timesPerDay: patch ? null : uneven ? uneven.length : (data.timesPerDay ?? null),
    administrationsMg: uneven,
    // As needed: the 24-hour maximum is derived from dose × most doses a day (a typed one must agree).
    prnMaxMgPer24h:
      data.doseKind === 'prn'
        ? (data.prnMaxMgPer24h ??
          (data.doseMg !== undefined && data.timesPerDay !== undefined
            ? Math.round(data.doseMg * data.timesPerDay * 1e6) / 1e6
            : null))
        : null,
    patchMcgPerHour: patch ? (data.patchMcgPerHour ?? null) : null,
    patchChangeEveryDays: patch ? (data.patchChangeEveryDays ?? null) : null,
  };
}

function entryLineOf(data: MedicineData, rules: MedicineRules): EntryLine {
  return {
    product: formularyEntryOf(data, rules),
    strength: data.strength,
    doseKind: data.doseKind,
    doseMg: data.doseMg,
    timesPerDay: data.timesPerDay,
    administrationsMg: data.doseKind === 'regular' ? data.administrationsMg : undefined,
    prnMaxMgPer24h: data.prnMaxMgPer24h,
    prnMinIntervalHours: data.prnMinIntervalHours,
    patchMcgPerHour: data.patchMcgPerHour,
  };
}

function dailyMgOf(fields: DoseFields): number | null {
  if (fields.doseKind === 'patch') return null;
  const daily = dailyDoseMg(doseEntryOf(fields));
  return daily.kind === 'mg-per-24h' ? daily.mgPer24h : null;
}

/**
 * The entry checks (shared/clinical/medicines/entry-checks.ts): refusals are thrown as field messages
 * (nothing saved); warnings must be confirmed with a reason (`confirmWarnings`), else they are returned as
 * field messages `medicine.warning.<CODE>` for the form to show with a reason box.
 */
async function checkEntry(
  trx: Trx,
  patientId: number,
  data: MedicineData,
  fields: DoseFields,
  rules: MedicineRules,
  exceptItemId: number | null,
): Promise<void> {
  const line = entryLineOf(data, rules);
  const patchRule = rules.ome.patches.find((p) => p.drug === line.product.generic);
  const refused = entryRefusals(line, patchRule);
  const first = Object.values(refused)[0];
  if (first) {
    throw new AppError(
      'VALIDATION',
      first,
      Object.fromEntries(Object.entries(refused).map(([k, v]) => [`medicine.${k}`, v])),
    );
  }
  // Issue 13: the impossible (ten times a maximum daily dose, paracetamol in combinations included) is refused.
  const impossible = impossibleDoseRefusals(
    line,
    clinical(() => dailyMgOf(fields), 'medicine.'),
    rules.entryWarnings,
  );
  const refusal = Object.values(impossible)[0];
  if (refusal)
    throw new AppError(
      'VALIDATION',
      refusal,
      Object.fromEntries(Object.entries(impossible).map(([k, v]) => [`medicine.${k}`, v])),
    );
  const others = (await activeEntriesOfPatient(trx, patientId))
    .filter((r) => r.item_id !== exceptItemId)
    .flatMap((r) => {
      const product = formularyEntryIn(rules, r.formulary_id);
      if (!product) return [];
      const f = doseFieldsOf(r);
      const other: EntryLine = { product, strength: r.strength, doseKind: f.doseKind };
      return [{ line: other, dailyMg: clinical(() => dailyMgOf(f)) }];
    });
  const ome = clinical(() => omeLineFor(fields, rules), 'medicine.');
  const warnings = entryWarnings(
    line,
    clinical(() => dailyMgOf(fields), 'medicine.'),
    ome?.omeMgPer24h ?? null,
    others,
    rules.entryWarnings,
  );
  const confirmed = data.confirmWarnings?.codes ?? [];
  const open = warnings.filter((w) => !confirmed.includes(w.code));
  if (open.length > 0) {
    const msg = `Check before saving: ${open.map((w) => w.message).join(' ')} To go ahead, confirm and give the reason.`;
    throw new AppError('VALIDATION', msg, {
      'medicine.confirmWarnings': msg,
      ...Object.fromEntries(
        open.map((w) => [`medicine.warning.${w.code}`, `${w.message} Source: ${w.source}.`]),
      ),
    });
  }
}

/** The columns of a new version of a medicine line (OME worked out by the shared rules, with its rule set). */
export function entryColumns(data: MedicineData, fields: DoseFields, rules: MedicineRules) {
  const f = formularyEntryOf(data, rules);
  const line = clinical(() => omeLineFor(fields, rules), 'medicine.');
  return {
    formulary_id: f.id,
    formulary_version: rules.formulary.meta.version,
    name: f.name,
    generic: f.generic,
    drug_class: f.drugClass,
    form: f.form,
    route: f.route,
    strength: data.strength,
    dose_kind: fields.doseKind,
    dose_mg: fields.doseMg,
    times_per_day: fields.timesPerDay,
    prn_max_mg_per_24h: fields.prnMaxMgPer24h,
    prn_min_interval_hours: fields.doseKind === 'prn' ? (data.prnMinIntervalHours ?? null) : null,
    confirmed_warnings_json: data.confirmWarnings ? JSON.stringify(data.confirmWarnings) : null,
    patch_mcg_per_hour: fields.patchMcgPerHour,
    patch_change_every_days: fields.patchChangeEveryDays,
    administrations_json: fields.administrationsMg ? JSON.stringify(fields.administrationsMg) : null,
    start_date: data.startDate,
    prescriber: data.prescriber,
    indication: data.indication,
    ome_mg_per_24h: line?.omeMgPer24h ?? null,
    ome_json: storedOmeJson(line),
    rule_set_id: line ? rules.ome.meta.id : null,
    rule_set_version: line ? rules.ome.meta.version : null,
    written_json: null as string | null,
    as_written: null as string | null,
  };
}

/**
 * A new version's data worked out from what was written (units × strength, frequency words) and its columns.
 * A medicine not on the formulary is recorded as written: no dose arithmetic, no entry checks, no OME.
 */
function prepared(data: MedicineData, rules: MedicineRules) {
  if (data.formularyId === NOT_ON_FORMULARY)
    return { data, fields: null, cols: unlistedColumns(data, rules) };
  const resolved = resolveWritten(data, rules);
  const fields = doseFieldsOfData(resolved.data, rules);
  const cols = entryColumns(resolved.data, fields, rules);
  cols.written_json = resolved.written ? JSON.stringify(resolved.written) : null;
  return { data: resolved.data, fields, cols };
}

/**
 * Recomputes the patient's stored OME total and flags from their current medicines and adds a dated
 * snapshot for the chart. Called inside every medicine write's transaction, so the stored total never
 * disagrees with the list.
 */
export async function recomputePatientOme(
  trx: Trx,
  patientId: number,
  effectiveDate: string,
  at: string,
  rules: MedicineRules,
): Promise<OmeSummary> {
  const active = await activeEntriesOfPatient(trx, patientId);
  // A medicine starting after today is planned: not in today's total or flags.
  const summary = omeSummaryFor(active.map(doseFieldsOf), rules, londonToday(new Date(at)));
  const cols = flagColumns(summary);
  await upsertPatientOme(trx, {
    patient_id: patientId,
    ...cols,
    active_count: active.length,
    computed_at: at,
  });
  await insertSnapshot(trx, {
    patient_id: patientId,
    effective_date: effectiveDate,
    total_mg_per_24h: summary.totalMgPer24h,
    complete: summary.complete ? 1 : 0,
    recorded_at: at,
  });
  return summary;
}

async function loadEntry(trx: Trx, id: number): Promise<MedicineEntry> {
  return entryFromRow((await entryById(trx, id))!);
}

export async function addMedicine(
  ctx: HandlerContext,
  input: { patientId: number; medicine: MedicineData },
): Promise<MedicineEntry> {
  await requirePatient(ctx, input.patientId);
  prepared(input.medicine, medicineRules(ctx.conn)); // refuses what is wrong before the transaction
  return ctx.conn.db.transaction().execute((trx) => addMedicineIn(trx, ctx, input));
}

/** What adding this line would refuse, without the database (formulary, dose as written, dose fields). */
export function refuseMedicine(ctx: HandlerContext, medicine: MedicineData): void {
  prepared(medicine, medicineRules(ctx.conn));
}

/**
 * Adds a medicine line inside the caller's transaction: entry checks (refusals; warnings unless confirmed),
 * the new line, the patient's OME recomputed, and the audit row. Used by meds:add, the diazepam switch and
 * the FHIR import (a patient and their medicines saved together).
 */
export async function addMedicineIn(
  trx: Trx,
  ctx: HandlerContext,
  input: { patientId: number; medicine: MedicineData },
  action = 'medicines.add',
): Promise<MedicineEntry> {
  const { data, fields, cols } = prepared(input.medicine, medicineRules(ctx.conn));
  if (fields) await checkEntry(trx, input.patientId, data, fields, medicineRules(ctx.conn), null);
  const at = ctx.now().toISOString();
  const today = londonToday(ctx.now());
  const id = await insertEntry(trx, {
    ...cols,
    item_id: 0,
    version: 1,
    patient_id: input.patientId,
    status: 'active',
    stopped_on: null,
    change_reason: null,
    effective_from: input.medicine.startDate < today ? input.medicine.startDate : today,
    current: 1,
    recorded_at: at,
    recorded_by: ctx.session?.userId ?? null,
  });
  await trx.updateTable('medicine_entries').set({ item_id: id }).where('id', '=', id).execute();
  await recomputePatientOme(trx, input.patientId, today, at, medicineRules(ctx.conn));
  const created = await loadEntry(trx, id);
  await writeAudit(trx, ctx, {
    action,
    entity: 'medicine',
    entityId: id,
    patientId: input.patientId,
    after: entryAuditSnapshot(created),
  });
  return created;
}

async function requireCurrent(trx: Trx, itemId: number, version: number) {
  const row = await currentEntryOfItem(trx, itemId);
  if (!row) throw new AppError('NOT_FOUND', 'That medicine is not on record.');
  if (row.version !== version)
    throw await staleEditError(trx, { entity: 'medicine', entityId: itemId, thing: 'medicine' });
  return row;
}

/**
 * Writes a new version of a medicine line (the old version is kept with current = 0), recomputes the
 * patient's OME, and audits. Used by changes, stops, and taper steps.
 */
export async function writeNewVersion(
  trx: Trx,
  ctx: HandlerContext,
  itemId: number,
  version: number,
  change: {
    data?: MedicineData;
    dose?: Partial<DoseFields>;
    stoppedOn?: string;
    reason: string;
    action: string;
  },
): Promise<MedicineEntry> {
  const before = await requireCurrent(trx, itemId, version);
  if (before.status === 'stopped') throw new AppError('CONFLICT', 'This medicine has already been stopped.');
  const beforeEntry = entryFromRow(before);
  const at = ctx.now().toISOString();
  const today = londonToday(ctx.now());
  let cols;
  if (change.data) {
    const next = prepared(change.data, medicineRules(ctx.conn));
    if (next.fields)
      await checkEntry(trx, before.patient_id, next.data, next.fields, medicineRules(ctx.conn), itemId);
    cols = next.cols;
  } else if (before.formulary_id === NOT_ON_FORMULARY) {
    // Recorded as written: a stop keeps the line as it was.
    cols = {};
  } else {
    const fields = { ...doseFieldsOf(before), ...(change.dose ?? {}) };
    const data: MedicineData = {
      formularyId: before.formulary_id,
      strength: before.strength,
      doseKind: fields.doseKind,
      startDate: before.start_date,
      prescriber: before.prescriber as MedicineData['prescriber'],
      indication: before.indication,
    };
    cols = { ...entryColumns(data, fields, medicineRules(ctx.conn)) };
    cols.name = before.name;
    cols.prn_min_interval_hours = before.prn_min_interval_hours;
    // What was written stays true only while the dose is unchanged (a taper step writes a new dose in mg).
    cols.written_json = change.dose ? null : before.written_json;
    cols.as_written = before.as_written;
  }
  const { id: _id, recorded_by_name: _n, ...rest } = before;
  await supersede(trx, before.id);
  const id = await insertEntry(trx, {
    ...rest,
    ...cols,
    version: before.version + 1,
    status: change.stoppedOn ? 'stopped' : 'active',
    stopped_on: change.stoppedOn ?? null,
    change_reason: change.reason,
    effective_from: change.stoppedOn ?? today,
    current: 1,
    recorded_at: at,
    recorded_by: ctx.session?.userId ?? null,
  });
  await recomputePatientOme(trx, before.patient_id, change.stoppedOn ?? today, at, medicineRules(ctx.conn));
  const after = await loadEntry(trx, id);
  await writeAudit(trx, ctx, {
    action: change.action,
    entity: 'medicine',
    entityId: itemId,
    patientId: before.patient_id,
    before: entryAuditSnapshot(beforeEntry),
    after: { ...entryAuditSnapshot(after), reason: change.reason },
  });
  return after;
}

export async function changeMedicine(
  ctx: HandlerContext,
  input: { itemId: number; version: number; medicine: MedicineData; reason: string },
): Promise<MedicineEntry> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const before = await requireCurrent(trx, input.itemId, input.version);
    if (before.formulary_id !== input.medicine.formularyId)
      throw new AppError(
        'VALIDATION',
        'A different medicine is a new line: stop this one and add the other.',
        {
          'medicine.formularyId': 'A different medicine is a new line: stop this one and add the other.',
        },
      );
    const after = await writeNewVersion(trx, ctx, input.itemId, input.version, {
      data: input.medicine,
      reason: input.reason,
      action: 'medicines.change',
    });
    await markPlanNeedsReview(trx, ctx, input.itemId, after, input.reason);
    return after;
  });
}

export async function stopMedicine(
  ctx: HandlerContext,
  input: { itemId: number; version: number; stoppedOn: string; reason: string },
): Promise<MedicineEntry> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const before = await requireCurrent(trx, input.itemId, input.version);
    if (input.stoppedOn < before.start_date) {
      const m = 'The stop date is before the start date.';
      throw new AppError('VALIDATION', m, { stoppedOn: m });
    }
    const open = await trx
      .selectFrom('taper_plans')
      .select('id')
      .where('item_id', '=', input.itemId)
      .where('status', 'in', ['active', 'paused'])
      .executeTakeFirst();
    if (open)
      throw new AppError(
        'CONFLICT',
        'This medicine has a taper plan in progress: complete or abandon the plan first.',
      );
    return writeNewVersion(trx, ctx, input.itemId, input.version, {
      stoppedOn: input.stoppedOn,
      reason: input.reason,
      action: 'medicines.stop',
    });
  });
}

export async function patientMedicines(ctx: HandlerContext, patientId: number): Promise<PatientMedicines> {
  const patient = await requirePatient(ctx, patientId);
  const db = ctx.conn.db;
  const [rows, snaps, plans] = await Promise.all([
    entriesOfPatient(db, patientId),
    snapshotsOfPatient(db, patientId),
    plansOfPatient(db, patientId),
  ]);
  const all = rows.map(entryFromRow);
  const currentRows = rows.filter((r) => r.current === 1 && r.status === 'active');
  // "Taken" amounts recorded at reviews: shown beside PRN lines (this version only), never in the total.
  const taken = await latestTakenByEntry(
    db,
    currentRows.filter((r) => r.dose_kind === 'prn').map((r) => ({ id: r.id, fields: doseFieldsOf(r) })),
    medicineRules(ctx.conn),
  );
  const today = londonToday(ctx.now());
  for (const e of all) {
    e.latestTaken = taken.get(e.id) ?? null;
    e.planned = e.status === 'active' && e.startDate > today;
  }
  const current = all.filter((e) => e.current && e.status === 'active');
  const stopped = all.filter((e) => e.current && e.status === 'stopped');
  // One point per day: the last total recorded that day (PRN at the maximum). A review's OME (PRN at the
  // amount taken) is its own point at the review date, beside the line, never replacing it.
  const byDay = new Map<string, { totalMgPer24h: number; complete: boolean; fromReview: boolean }>();
  for (const s of snaps)
    byDay.set(`${s.effective_date}|${s.review_id === null ? 0 : 1}`, {
      totalMgPer24h: s.total_mg_per_24h,
      complete: s.complete === 1,
      fromReview: s.review_id !== null,
    });
  // The same calculation that keeps patient_ome in step, on the same current lines.
  const ome = omeSummaryFor(
    currentRows.map((r) => ({ ...doseFieldsOf(r), latestTaken: taken.get(r.id) ?? null })),
    medicineRules(ctx.conn),
    today,
  );
  return {
    patientId,
    current,
    stopped,
    history: all.filter((e) => !e.current).reverse(),
    ome,
    omeSeries: [...byDay.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, v]) => ({ date: key.slice(0, 10), ...v })),
    plans: plans.map(planSummaryFromRow),
    reviews: await reviewsForPatient(db, patientId),
    checks: await checksFor(
      db,
      patient,
      currentRows,
      ome.totalMgPer24h,
      today,
      medicineRules(ctx.conn).checks,
    ),
    cdcComparison: cdcComparisonFor(
      currentRows.map((r) => ({ entry: current.find((e) => e.id === r.id)!, fields: doseFieldsOf(r) })),
      ome.totalMgPer24h,
    ),
  };
}
