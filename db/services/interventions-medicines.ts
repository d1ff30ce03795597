/**
 * A request's antithrombotics kept in line with the patient's medicines list: new, changed and stopped
 * lines, approvals cleared when the list changes. Split from interventions.ts.
 */
import type { Kysely } from 'kysely';
import {
  antithromboticsFromMedicines,
  normaliseDrugKey,
  type ListedAntithrombotic,
  type MedicineListLine,
} from '../../shared/clinical/interventions/index';
import type { InterventionRules } from '../../shared/domain/rule-sets';
import * as q from '../queries/interventions';
import type { DB } from '../schema';
import { writeAudit } from './audit';
import { clinical } from './clinical-errors';
import type { HandlerContext, Trx } from './context';
import { interventionRules } from './rule-sets';
import { today } from './interventions-common';
import { computePlan } from './interventions-holds';
import { loadRequest, planTarget, requestContext, type RequestContext } from './interventions-readiness';

type Db = Kysely<DB>;
/** The module's queries compiled once (db/queries/interventions.ts). */
const cq = q.compiledQueries;

// ---------------------------------------------------------------- antithrombotics from the medicines list

/** Requests whose antithrombotics follow the medicines list (a done or removed request keeps its history). */
const FOLLOWS_MEDICINES = new Set(['waiting', 'booked']);

/** The anticoagulants, antiplatelets and covered NSAIDs on the patient's medicines list now. */
export async function listedAntithrombotics(db: Db, patientId: number): Promise<ListedAntithrombotic[]> {
  return antithromboticsOf(await cq.activeMedicines.all(db, { patientId }));
}

function antithromboticsOf(
  rows: readonly Awaited<ReturnType<typeof cq.activeMedicines.all>>[number][],
): ListedAntithrombotic[] {
  return clinical(() =>
    antithromboticsFromMedicines(
      rows.map((r): MedicineListLine => ({
        itemId: r.item_id,
        version: r.version,
        generic: r.generic,
        name: r.name,
        route: r.route,
        doseKind: r.dose_kind,
        doseMg: r.dose_mg,
        timesPerDay: r.times_per_day,
        indication: r.indication,
        startDate: r.start_date,
      })),
    ),
  );
}

/** 'enoxaparin-therapeutic' → 'enoxaparin', 'aspirin-secondary-prevention' → 'aspirin'. */
export const drugBase = (drug: string): string => normaliseDrugKey(drug).split('-')[0] ?? drug;

type AntiRow = RequestContext['antis'][number];

interface MedicineDiff {
  add: ListedAntithrombotic[];
  update: { row: AntiRow; listed: ListedAntithrombotic }[];
  remove: { row: AntiRow; why: string }[];
}

function medicineDiff(antis: readonly AntiRow[], listed: readonly ListedAntithrombotic[]): MedicineDiff {
  const diff: MedicineDiff = { add: [], update: [], remove: [] };
  for (const l of listed) {
    const row = antis.find((a) => a.medicine_item_id === l.itemId);
    if (!row) diff.add.push(l);
    else if (row.medicine_version !== l.version || row.drug !== l.drug) diff.update.push({ row, listed: l });
  }
  for (const a of antis) {
    if (a.medicine_item_id !== null) {
      if (!listed.some((l) => l.itemId === a.medicine_item_id))
        diff.remove.push({ row: a, why: `${a.drug} stopped on the medicines list` });
    } else if (listed.some((l) => drugBase(l.drug) === drugBase(a.drug))) {
      diff.remove.push({ row: a, why: `${a.drug} added to the medicines list (replaces the manual entry)` });
    }
  }
  return diff;
}

const diffIsEmpty = (d: MedicineDiff): boolean => !d.add.length && !d.update.length && !d.remove.length;

/**
 * Brings a request's antithrombotics in line with the patient's medicines list: a new antithrombotic gets a
 * proposed plan, a changed line a recomputed plan (same dose times unless the number of doses a day
 * changed), a stopped line is removed, and a manual entry of a drug now on the list is replaced. When any of
 * that happens after a hold plan was approved, every approval on the request is cleared and the plan
 * flagged for re-approval with what changed. Each step is audited.
 */
export async function syncMedicines(
  trx: Trx,
  ctx: HandlerContext,
  rc: RequestContext,
  procedureStart: string,
  todayIso: string,
): Promise<boolean> {
  if (!FOLLOWS_MEDICINES.has(rc.row.status)) return false;
  const diff = medicineDiff(rc.antis, await listedAntithrombotics(trx, rc.row.patient_id));
  if (diffIsEmpty(diff)) return false;
  const changes: string[] = [];
  const at = ctx.now().toISOString();
  const patientId = rc.row.patient_id;
  for (const l of diff.add) {
    const plan = computePlan(rc, l.drug, l.doseTimes, procedureStart, todayIso);
    const row = await trx
      .insertInto('intervention_antithrombotics')
      .values({
        request_id: rc.row.id,
        patient_id: patientId,
        drug: l.drug,
        dose: l.label,
        dose_times: l.doseTimes.join(','),
        plan_json: JSON.stringify(plan),
        plan_for: procedureStart,
        rule_set_id: rc.rules.holds.id ?? rc.rules.holds.name,
        rule_set_version: rc.rules.holds.version,
        approved_by: null,
        approved_at: null,
        created_at: at,
        medicine_item_id: l.itemId,
        medicine_version: l.version,
        basis: l.basis,
        reapproval_note: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    changes.push(`${l.drug} started on the medicines list`);
    await writeAudit(trx, ctx, {
      action: 'interventions.antithrombotic.from-medicines',
      entity: 'intervention_antithrombotic',
      entityId: row.id,
      patientId,
      after: { ...l, plan },
    });
  }
  for (const { row, listed: l } of diff.update) {
    const sameCount = row.dose_times.split(',').length === l.doseTimes.length;
    const times = sameCount ? row.dose_times.split(',') : l.doseTimes;
    const plan = computePlan(rc, l.drug, times, procedureStart, todayIso);
    const why = `${l.drug} changed on the medicines list (${l.dose})`;
    await trx
      .updateTable('intervention_antithrombotics')
      .set({
        drug: l.drug,
        dose: l.label,
        dose_times: times.join(','),
        plan_json: JSON.stringify(plan),
        plan_for: procedureStart,
        medicine_version: l.version,
        basis: l.basis,
        approved_by: null,
        approved_at: null,
        reapproval_note: row.approved_by !== null ? `Re-approval needed: ${why}.` : row.reapproval_note,
      })
      .where('id', '=', row.id)
      .execute();
    changes.push(why);
    await writeAudit(trx, ctx, {
      action: 'interventions.antithrombotic.medicine-changed',
      entity: 'intervention_antithrombotic',
      entityId: row.id,
      patientId,
      before: {
        drug: row.drug,
        dose: row.dose,
        version: row.medicine_version,
        approved: row.approved_by !== null,
      },
      after: { ...l, doseTimes: times, plan, approved: false },
    });
  }
  for (const { row, why } of diff.remove) {
    await trx.deleteFrom('intervention_antithrombotics').where('id', '=', row.id).execute();
    changes.push(why);
    await writeAudit(trx, ctx, {
      action: 'interventions.antithrombotic.medicine-stopped',
      entity: 'intervention_antithrombotic',
      entityId: row.id,
      patientId,
      before: row,
      after: { reason: why },
    });
  }
  const touched = new Set([...diff.update.map((u) => u.row.id), ...diff.remove.map((r) => r.row.id)]);
  for (const a of rc.antis) {
    if (a.approved_by === null || touched.has(a.id)) continue;
    const note = `Re-approval needed: ${changes.join('; ')} after this plan was approved.`;
    await trx
      .updateTable('intervention_antithrombotics')
      .set({ approved_by: null, approved_at: null, reapproval_note: note })
      .where('id', '=', a.id)
      .execute();
    await writeAudit(trx, ctx, {
      action: 'interventions.hold.reapproval-needed',
      entity: 'intervention_antithrombotic',
      entityId: a.id,
      patientId,
      before: { approved: true, approvedBy: a.approved_by, approvedAt: a.approved_at },
      after: { approved: false, note },
    });
  }
  rc.antis = await q.antithromboticsFor(trx, rc.row.id);
  return true;
}

/**
 * {@link loadRequest} after {@link ensureMedicinesSynced}, reading the request once when (as usually) its
 * hold plans are in step with the medicines list: the request is read, the list checked against it, and
 * only when they differ is the request brought in line (its own transaction) and read again.
 */
export async function loadSyncedRequest(
  ctx: HandlerContext,
  id: number,
  rules: InterventionRules,
): Promise<RequestContext> {
  const db = ctx.conn.db;
  const row = (await cq.requestById.all(db, { id }))[0];
  if (row && FOLLOWS_MEDICINES.has(row.status)) {
    const [antis, meds] = await Promise.all([
      cq.antithromboticsFor.all(db, { requestId: id }),
      cq.activeMedicines.all(db, { patientId: row.patient_id }),
    ]);
    if (!diffIsEmpty(medicineDiff(antis, antithromboticsOf(meds)))) {
      await ensureMedicinesSynced(ctx, id);
      return loadRequest(db, id, rules);
    }
    const [allergies, hist, patient] = await Promise.all([
      cq.allergiesFor.all(db, { patientId: row.patient_id }),
      cq.procedureHistory.all(db, { patientId: row.patient_id }),
      q.patientName(db, row.patient_id),
    ]);
    return requestContext(row, antis, allergies, hist, rules, patient?.date_of_birth ?? null, meds);
  }
  return loadRequest(db, id, rules);
}

/**
 * Whether a request's antithrombotics are behind the patient's medicines list (what
 * {@link ensureMedicinesSynced} would change), read in the caller's transaction.
 */
export async function medicinesOutOfStep(
  db: Db,
  row: q.RequestRow,
  antis: readonly AntiRow[],
): Promise<boolean> {
  if (!FOLLOWS_MEDICINES.has(row.status)) return false;
  const listed = antithromboticsOf(await cq.activeMedicines.all(db, { patientId: row.patient_id }));
  return !diffIsEmpty(medicineDiff(antis, listed));
}

/**
 * Runs {@link syncMedicines} for a request when the medicines list has changed since its antithrombotics
 * were last read (a read first; a write transaction only when something changed).
 */
export async function ensureMedicinesSynced(ctx: HandlerContext, requestId: number): Promise<boolean> {
  const db = ctx.conn.db;
  const row = (await cq.requestById.all(db, { id: requestId }))[0];
  if (!row || !FOLLOWS_MEDICINES.has(row.status)) return false;
  const [antis, listed] = await Promise.all([
    cq.antithromboticsFor.all(db, { requestId }),
    listedAntithrombotics(db, row.patient_id),
  ]);
  if (diffIsEmpty(medicineDiff(antis, listed))) return false;
  const todayIso = today(ctx);
  return db.transaction().execute(async (trx) => {
    const rc = await loadRequest(trx, requestId, interventionRules(ctx.conn));
    return syncMedicines(trx, ctx, rc, await planTarget(trx, rc, todayIso), todayIso);
  });
}
