import type { Kysely } from 'kysely';
import type { MedicineRules } from '../../shared/domain/rule-sets';
import { medicineRules } from './rule-sets';
import type { Flag } from '../../shared/clinical/medicines/types';
import { londonToday } from '../../shared/dates';
import {
  formatDose,
  type LatestTaken,
  type MedicineReviewLine,
  type MedicineReviewView,
} from '../../shared/domain/medicines';
import { AppError } from '../../shared/result';
import { doseFieldsOf } from '../mappers/medicines';
import { activeEntriesOfPatient } from '../queries/medicines';
import {
  insertMedicineReview,
  insertPrnTaken,
  insertReviewSnapshot,
  medicineReviewById,
  medicineReviewsOfPatient,
  takenForEntries,
} from '../queries/medicines-reviews';
import type { DB } from '../schema';
import { writeAudit } from './audit';
import type { HandlerContext, Trx } from './context';
import { clinical } from './clinical-errors';
import { omeLineFor, omeSummaryFor, type DoseFields } from './medicines-ome';
import { requirePatient } from './patients';

/**
 * Medicines reviews and the "taken" amount of as-needed (PRN) medicines (the service's clinical decisions (clinical lead), medicines 7).
 *
 * Where "taken" applies (the service's decision, the clinically safe and explicit option):
 * - **The review it was recorded for.** The review's OME counts each PRN at the amount taken per 24 hours,
 *   labelled "taken (recorded at review on <date>)" in the arithmetic, and the patient's OME history has a
 *   point at the review date with that total.
 * - **Nowhere else.** The current total, the 90/120 mg flags, the stored per-patient total (service view,
 *   MDT suggestions) and every other history point keep counting PRN at the prescribed maximum: a past
 *   observation never lowers the load the prescription allows. The latest amount taken is shown beside the
 *   PRN line, labelled as not used in the current total, and only until the prescription changes (it belongs
 *   to the version of the line it was recorded for).
 * - The review's OME is worked out from the medicines current when the review is recorded (the date can be
 *   today or earlier, never later), with the rule set's id and version stored beside it.
 */

interface TakenInput {
  itemId: number;
  takenMgPer24h: number;
}

interface StoredReviewJson {
  lines: MedicineReviewLine[];
  cautions: string[];
  flags: Flag[];
  taken: MedicineReviewView['taken'];
}

/**
 * Records a review of the patient's opioid load on `reviewDate`, with PRN amounts taken, inside the caller's
 * transaction: the review's OME (taken amounts win for this review), the amounts taken, a history point at
 * the review date, and an audit row. Field messages use `fieldPrefix` (e.g. `prnTaken` or `taken`).
 */
export async function recordMedicinesReview(
  trx: Trx,
  ctx: HandlerContext,
  input: {
    patientId: number;
    reviewDate: string;
    taperReviewId: number | null;
    taken: TakenInput[];
    notes: string;
    fieldPrefix: string;
  },
): Promise<number> {
  const today = londonToday(ctx.now());
  if (input.reviewDate > today) {
    const m = 'Amounts taken are recorded for a review that has happened: the date cannot be in the future.';
    throw new AppError('VALIDATION', m, { reviewDate: m });
  }
  const active = await activeEntriesOfPatient(trx, input.patientId);
  const fields: Record<string, string> = {};
  const seen = new Set<number>();
  input.taken.forEach((t, i) => {
    const row = active.find((r) => r.item_id === t.itemId);
    if (!row || row.dose_kind !== 'prn')
      fields[`${input.fieldPrefix}.${i}.itemId`] =
        'This is not one of the patient’s current as-needed medicines.';
    else if (seen.has(t.itemId))
      fields[`${input.fieldPrefix}.${i}.itemId`] = 'This medicine is listed twice.';
    seen.add(t.itemId);
  });
  const first = Object.values(fields)[0];
  if (first) throw new AppError('VALIDATION', first, fields);

  const takenBy = new Map(input.taken.map((t) => [t.itemId, t.takenMgPer24h]));
  const withTaken: (DoseFields & { itemId: number; entryId: number; name: string })[] = active.map((r) => {
    const base = { ...doseFieldsOf(r), itemId: r.item_id, entryId: r.id, name: r.name };
    const taken = takenBy.get(r.item_id);
    return taken === undefined ? base : { ...base, taken: { mgPer24h: taken, reviewDate: input.reviewDate } };
  });
  const rules = medicineRules(ctx.conn);
  const summary = clinical(() => omeSummaryFor(withTaken, rules), `${input.fieldPrefix}.`, 'medicine');
  const lines: MedicineReviewLine[] = [];
  for (const f of withTaken) {
    const line = clinical(() => omeLineFor(f, rules), `${input.fieldPrefix}.`, 'medicine');
    if (!line) continue;
    lines.push({
      itemId: f.itemId,
      name: f.name,
      basis:
        f.doseKind === 'patch'
          ? 'patch'
          : f.doseKind === 'prn'
            ? f.taken
              ? 'prn-taken'
              : 'prn-maximum'
            : 'regular',
      dailyExplanation: line.dailyExplanation,
      explanation: line.explanation,
      omeMgPer24h: line.omeMgPer24h,
      status: line.status,
    });
  }
  const taken = input.taken.map((t) => {
    const f = withTaken.find((w) => w.itemId === t.itemId)!;
    return {
      itemId: t.itemId,
      name: f.name,
      takenMgPer24h: t.takenMgPer24h,
      prescribedMaxMgPer24h: f.prnMaxMgPer24h,
    };
  });
  const cautions = [...summary.cautions];
  for (const t of taken)
    if (t.prescribedMaxMgPer24h !== null && t.takenMgPer24h > t.prescribedMaxMgPer24h)
      cautions.push(
        `${t.name}: taken ${formatDose(t.takenMgPer24h)} mg/24h, more than the prescribed maximum of ${formatDose(t.prescribedMaxMgPer24h)} mg/24h.`,
      );
  const stored: StoredReviewJson = { lines, cautions, flags: summary.flags, taken };
  const at = ctx.now().toISOString();
  const reviewId = await insertMedicineReview(trx, {
    patient_id: input.patientId,
    review_date: input.reviewDate,
    taper_review_id: input.taperReviewId,
    total_mg_per_24h: summary.totalMgPer24h,
    complete: summary.complete ? 1 : 0,
    estimated: summary.estimated ? 1 : 0,
    ome_json: JSON.stringify(stored),
    rule_set_id: summary.ruleSet.id,
    rule_set_version: summary.ruleSet.version,
    notes: input.notes,
    recorded_at: at,
    recorded_by: ctx.session?.userId ?? null,
  });
  await insertPrnTaken(
    trx,
    input.taken.map((t) => {
      const f = withTaken.find((w) => w.itemId === t.itemId)!;
      return {
        review_id: reviewId,
        patient_id: input.patientId,
        item_id: t.itemId,
        entry_id: f.entryId,
        review_date: input.reviewDate,
        taken_mg_per_24h: t.takenMgPer24h,
        prescribed_max_mg_per_24h: f.prnMaxMgPer24h,
      };
    }),
  );
  await insertReviewSnapshot(trx, {
    patient_id: input.patientId,
    effective_date: input.reviewDate,
    total_mg_per_24h: summary.totalMgPer24h,
    complete: summary.complete ? 1 : 0,
    recorded_at: at,
    review_id: reviewId,
  });
  await writeAudit(trx, ctx, {
    action: 'medicines.review',
    entity: 'medicine_review',
    entityId: reviewId,
    patientId: input.patientId,
    after: {
      reviewDate: input.reviewDate,
      taperReviewId: input.taperReviewId,
      taken: taken.map((t) => `${t.name}: ${formatDose(t.takenMgPer24h)} mg/24h`).join('; '),
      reviewOmeMgPer24h: summary.totalMgPer24h,
      ruleSet: `${summary.ruleSet.id} v${summary.ruleSet.version}`,
    },
  });
  return reviewId;
}

type ReviewRow = NonNullable<Awaited<ReturnType<typeof medicineReviewById>>>;

export function reviewViewFromRow(r: ReviewRow): MedicineReviewView {
  const stored = JSON.parse(r.ome_json) as StoredReviewJson;
  return {
    id: r.id,
    reviewDate: r.review_date,
    taperReviewId: r.taper_review_id,
    totalMgPer24h: r.total_mg_per_24h,
    complete: r.complete === 1,
    estimated: r.estimated === 1,
    cautions: stored.cautions,
    flags: stored.flags,
    lines: stored.lines,
    taken: stored.taken,
    ruleSet: { id: r.rule_set_id, version: r.rule_set_version },
    notes: r.notes,
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by_name,
  };
}

/** A medicines review on its own: the amounts of PRN medicines taken, and the OME for that review. */
export async function recordPrnUse(
  ctx: HandlerContext,
  input: { patientId: number; reviewDate: string; taken: TakenInput[]; notes: string },
): Promise<MedicineReviewView> {
  await requirePatient(ctx, input.patientId);
  if (input.taken.length === 0) {
    const m = 'Enter the amount taken for at least one as-needed medicine.';
    throw new AppError('VALIDATION', m, { taken: m });
  }
  return ctx.conn.db.transaction().execute(async (trx) => {
    const id = await recordMedicinesReview(trx, ctx, {
      ...input,
      taperReviewId: null,
      fieldPrefix: 'taken',
    });
    return reviewViewFromRow((await medicineReviewById(trx, id))!);
  });
}

export async function reviewsForPatient(db: Kysely<DB>, patientId: number): Promise<MedicineReviewView[]> {
  return (await medicineReviewsOfPatient(db, patientId)).map(reviewViewFromRow);
}

/**
 * The latest amount taken recorded for each of these medicine versions (a changed prescription is a new
 * version, so it starts again from its maximum). The OME of the taken amount is worked out for display.
 */
export async function latestTakenByEntry(
  db: Kysely<DB>,
  entries: { id: number; fields: DoseFields }[],
  rules: MedicineRules,
): Promise<Map<number, LatestTaken>> {
  const rows = await takenForEntries(
    db,
    entries.map((e) => e.id),
  );
  const out = new Map<number, LatestTaken>();
  for (const r of rows) {
    const e = entries.find((x) => x.id === r.entry_id);
    if (!e) continue;
    const line = omeLineFor(
      { ...e.fields, taken: { mgPer24h: r.taken_mg_per_24h, reviewDate: r.review_date } },
      rules,
    );
    out.set(r.entry_id, {
      reviewId: r.review_id,
      reviewDate: r.review_date,
      takenMgPer24h: r.taken_mg_per_24h,
      prescribedMaxMgPer24h: r.prescribed_max_mg_per_24h,
      omeMgPer24h: line?.omeMgPer24h ?? null,
    });
  }
  return out;
}
