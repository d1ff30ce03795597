import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../schema';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * What the readiness of a page of waiting-list rows reads, for all the rows in five statements (one per
 * table) instead of five per row: at 100,000 patients on the team server the per-row reads were most of a
 * waiting-list page's time (bench/results/server-100k.md). Each statement uses the same index as its
 * one-row twin in queries/interventions.ts (primary keys, intervention_antithrombotics_request,
 * allergies' patient index, intervention_bookings_patient).
 */
export async function readinessSources(db: Db, requestIds: readonly number[], patientIds: readonly number[]) {
  if (!requestIds.length) return { requests: [], antis: [], allergies: [], history: [], patients: [] };
  const ids = [...new Set(requestIds)];
  const pids = [...new Set(patientIds)];
  const [requests, antis, allergies, history, patients] = await Promise.all([
    db.selectFrom('intervention_requests').selectAll().where('id', 'in', ids).execute(),
    db
      .selectFrom('intervention_antithrombotics as a')
      .leftJoin('users as u', 'u.id', 'a.approved_by')
      .selectAll('a')
      .select('u.display_name as approver_name')
      .where('a.request_id', 'in', ids)
      .orderBy('a.id')
      .execute(),
    db
      .selectFrom('allergies')
      .select(['patient_id', 'agent', 'reaction', 'recorded_on'])
      .where('patient_id', 'in', pids)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('intervention_bookings as b')
      .innerJoin('intervention_requests as r', 'r.id', 'b.request_id')
      .leftJoin('intervention_outcomes as o', 'o.booking_id', 'b.id')
      .select([
        'b.patient_id',
        'b.procedure_code',
        'b.session_date',
        'r.site',
        'r.side',
        'r.site_region',
        'r.site_levels',
        'o.relief_percent',
        'o.successful',
      ])
      .where('b.patient_id', 'in', pids)
      .where('b.status', '=', 'done')
      .execute(),
    db.selectFrom('patients').select(['id', 'date_of_birth']).where('id', 'in', pids).execute(),
  ]);
  return { requests, antis, allergies, history, patients };
}
