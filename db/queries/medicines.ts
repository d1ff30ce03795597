import { sql, type Insertable, type Kysely } from 'kysely';
import { compiledWith } from '../compiled';
import type { DB } from '../schema';
import type { MedicineEntriesTable, PatientOmeTable } from '../schema-medicines';

/** All SQL of the medicines module (Kysely). `Kysely<DB>` or a transaction. */
type Db = Kysely<DB>;

const entryColumns = [
  'medicine_entries.id',
  'item_id',
  'medicine_entries.version',
  'patient_id',
  'formulary_id',
  'formulary_version',
  'name',
  'generic',
  'drug_class',
  'form',
  'route',
  'strength',
  'dose_kind',
  'dose_mg',
  'times_per_day',
  'prn_max_mg_per_24h',
  'patch_mcg_per_hour',
  'patch_change_every_days',
  'start_date',
  'prescriber',
  'indication',
  'status',
  'stopped_on',
  'change_reason',
  'effective_from',
  'current',
  'ome_mg_per_24h',
  'ome_json',
  'rule_set_id',
  'rule_set_version',
  'recorded_at',
  'recorded_by',
  'administrations_json',
  'prn_min_interval_hours',
  'confirmed_warnings_json',
  'written_json',
  'as_written',
] as const;

// A patient's medicines screen reads these on every open: built and compiled once (db/compiled.ts).
const entriesOfPatientQuery = compiledWith<{ patientId: number }>()((db, p) =>
  db
    .selectFrom('medicine_entries')
    .leftJoin('users', 'users.id', 'medicine_entries.recorded_by')
    .select([...entryColumns, 'users.display_name as recorded_by_name'])
    .where('patient_id', '=', p('patientId'))
    .orderBy('medicine_entries.id'),
);
const snapshotsOfPatientQuery = compiledWith<{ patientId: number }>()((db, p) =>
  db
    .selectFrom('ome_snapshots')
    .select(['effective_date', 'total_mg_per_24h', 'complete', 'review_id'])
    .where('patient_id', '=', p('patientId'))
    .orderBy('effective_date')
    .orderBy('id'),
);
const plansOfPatientQuery = compiledWith<{ patientId: number }>()((db, p) =>
  db.selectFrom('taper_plans').selectAll().where('patient_id', '=', p('patientId')).orderBy('id', 'desc'),
);

export function entriesOfPatient(db: Db, patientId: number) {
  return entriesOfPatientQuery.all(db, { patientId });
}

export function activeEntriesOfPatient(db: Db, patientId: number) {
  return db
    .selectFrom('medicine_entries')
    .select(entryColumns)
    .where('patient_id', '=', patientId)
    .where('current', '=', 1)
    .where('status', '=', 'active')
    .execute();
}

export function currentEntryOfItem(db: Db, itemId: number) {
  return db
    .selectFrom('medicine_entries')
    .leftJoin('users', 'users.id', 'medicine_entries.recorded_by')
    .select([...entryColumns, 'users.display_name as recorded_by_name'])
    .where('item_id', '=', itemId)
    .where('current', '=', 1)
    .executeTakeFirst();
}

export function entryById(db: Db, id: number) {
  return db
    .selectFrom('medicine_entries')
    .leftJoin('users', 'users.id', 'medicine_entries.recorded_by')
    .select([...entryColumns, 'users.display_name as recorded_by_name'])
    .where('medicine_entries.id', '=', id)
    .executeTakeFirst();
}

export async function insertEntry(db: Db, row: Insertable<MedicineEntriesTable>): Promise<number> {
  const { id } = await db
    .insertInto('medicine_entries')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function supersede(db: Db, id: number): Promise<void> {
  await db.updateTable('medicine_entries').set({ current: 0 }).where('id', '=', id).execute();
}

export async function upsertPatientOme(db: Db, row: PatientOmeTable): Promise<void> {
  const { patient_id: _p, ...rest } = row;
  await db
    .insertInto('patient_ome')
    .values(row)
    .onConflict((oc) => oc.column('patient_id').doUpdateSet(rest))
    .execute();
}

export function patientOme(db: Db, patientId: number) {
  return db.selectFrom('patient_ome').selectAll().where('patient_id', '=', patientId).executeTakeFirst();
}

export async function insertSnapshot(
  db: Db,
  row: {
    patient_id: number;
    effective_date: string;
    total_mg_per_24h: number;
    complete: number;
    recorded_at: string;
  },
): Promise<void> {
  await db.insertInto('ome_snapshots').values(row).execute();
}

export function snapshotsOfPatient(db: Db, patientId: number) {
  return snapshotsOfPatientQuery.all(db, { patientId });
}

// ---------------------------------------------------------------- plans

export function planById(db: Db, id: number) {
  return db.selectFrom('taper_plans').selectAll().where('id', '=', id).executeTakeFirst();
}

export function plansOfPatient(db: Db, patientId: number) {
  return plansOfPatientQuery.all(db, { patientId });
}

export function openPlanForItem(db: Db, itemId: number) {
  return db
    .selectFrom('taper_plans')
    .select(['id', 'status'])
    .where('item_id', '=', itemId)
    .where('status', 'in', ['draft', 'active', 'paused'])
    .executeTakeFirst();
}

/** Adds a sentence to why one step of a plan lasts longer than the plan's interval. */
export async function addStepLengthCause(
  db: Db,
  planId: number,
  stepNo: number,
  cause: string,
): Promise<void> {
  const row = await db
    .selectFrom('taper_steps')
    .select(['id', 'length_causes'])
    .where('plan_id', '=', planId)
    .where('step_no', '=', stepNo)
    .executeTakeFirst();
  if (!row) return;
  const causes = row.length_causes ? (JSON.parse(row.length_causes) as string[]) : [];
  await db
    .updateTable('taper_steps')
    .set({ length_causes: JSON.stringify([...causes, cause]) })
    .where('id', '=', row.id)
    .execute();
}

export function stepsOfPlan(db: Db, planId: number) {
  return db.selectFrom('taper_steps').selectAll().where('plan_id', '=', planId).orderBy('step_no').execute();
}

/** Replaces a plan's steps; `administrations` (the doses of the day, mg) are stored when given. */
export async function replaceSteps(
  db: Db,
  planId: number,
  steps: {
    date: string;
    dose: number;
    administrations?: { mg: number }[] | null;
    products?: string | null;
    note?: string | null;
    /** Why the step lasts longer than the plan's interval, as sentences (none: not longer, or not known). */
    lengthCauses?: readonly string[] | null;
  }[],
): Promise<void> {
  await db.deleteFrom('taper_steps').where('plan_id', '=', planId).execute();
  if (steps.length === 0) return;
  await db
    .insertInto('taper_steps')
    .values(
      steps.map((s, i) => ({
        plan_id: planId,
        step_no: i,
        date: s.date,
        dose: s.dose,
        administrations_json: s.administrations ? JSON.stringify(s.administrations.map((a) => a.mg)) : null,
        products_text: s.products ?? null,
        note: s.note ?? null,
        length_causes: s.lengthCauses && s.lengthCauses.length > 0 ? JSON.stringify(s.lengthCauses) : null,
      })),
    )
    .execute();
}

export function reviewsOfPlan(db: Db, planId: number) {
  return db
    .selectFrom('taper_reviews')
    .leftJoin('users', 'users.id', 'taper_reviews.recorded_by')
    .selectAll('taper_reviews')
    .select('users.display_name as recorded_by_name')
    .where('plan_id', '=', planId)
    .orderBy('taper_reviews.id')
    .execute();
}

export function eventsOfPlan(db: Db, planId: number) {
  return db
    .selectFrom('taper_events')
    .leftJoin('users', 'users.id', 'taper_events.by_user')
    .select(['at', 'kind', 'reason', 'users.display_name as by_name'])
    .where('plan_id', '=', planId)
    .orderBy('taper_events.id')
    .execute();
}

export function userName(db: Db, id: number | null) {
  if (id === null) return Promise.resolve(undefined);
  return db.selectFrom('users').select(['display_name', 'role']).where('id', '=', id).executeTakeFirst();
}

// ---------------------------------------------------------------- worklists and service view

/** Active plans with a review on or before `until`, soonest first (index taper_plans_review / _nurse). */
export function reviewsDue(db: Db, until: string, nurseId: number | null, limit = 500) {
  let q = db
    .selectFrom('taper_plans')
    .innerJoin('patients', 'patients.id', 'taper_plans.patient_id')
    .leftJoin('users', 'users.id', 'taper_plans.nurse_id')
    .select([
      'taper_plans.id as plan_id',
      'taper_plans.patient_id',
      'patients.surname',
      'patients.forename',
      'patients.nhs_number',
      'taper_plans.medicine_name',
      'taper_plans.current_dose',
      'taper_plans.unit',
      'taper_plans.next_review_date',
      'taper_plans.nurse_id',
      'users.display_name as nurse_name',
      'taper_plans.holds',
      'taper_plans.step_backs',
      'taper_plans.needs_review_reason',
      'taper_plans.version',
    ])
    .where('taper_plans.status', '=', 'active')
    .where('taper_plans.next_review_date', '<=', until);
  if (nurseId !== null) q = q.where('taper_plans.nurse_id', '=', nurseId);
  return q.orderBy('taper_plans.next_review_date').orderBy('taper_plans.id').limit(limit).execute();
}

export async function countAtOrAbove(db: Db, mg: number): Promise<number> {
  const r = await db
    .selectFrom('patient_ome')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('total_mg_per_24h', '>=', mg)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export type FlagColumn =
  'flag_opioid_benzo' | 'flag_opioid_gabapentinoid' | 'flag_multiple_opioids' | 'flag_gabapentin_pregabalin';

export async function countFlag(db: Db, column: FlagColumn): Promise<number> {
  const r = await db
    .selectFrom('patient_ome')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(column, '=', 1)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function countPatientsWithMedicines(db: Db): Promise<number> {
  const r = await db
    .selectFrom('patient_ome')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function plansByStatus(db: Db) {
  return db
    .selectFrom('taper_plans')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
}

export function omeReductions(db: Db) {
  return db
    .selectFrom('taper_plans')
    .select(['start_ome', 'current_ome'])
    .where('status', 'in', ['active', 'completed', 'paused'])
    .where('start_ome', 'is not', null)
    .execute();
}

export function highestOme(db: Db, limit: number) {
  return db
    .selectFrom('patient_ome')
    .innerJoin('patients', 'patients.id', 'patient_ome.patient_id')
    .select(['patient_ome.patient_id', 'surname', 'forename', 'total_mg_per_24h', 'complete'])
    .orderBy('total_mg_per_24h', 'desc')
    .limit(limit)
    .execute();
}

export function taperConcerns(db: Db, minCount: number, limit: number) {
  return db
    .selectFrom('taper_plans')
    .innerJoin('patients', 'patients.id', 'taper_plans.patient_id')
    .select([
      'taper_plans.id',
      'taper_plans.patient_id',
      'surname',
      'forename',
      'medicine_name',
      'holds',
      'step_backs',
      'status',
    ])
    .where(sql<number>`holds + step_backs`, '>=', minCount)
    .where(sql<number>`holds + step_backs`, '>', 0)
    .orderBy(sql`holds + step_backs`, 'desc')
    .limit(limit)
    .execute();
}
