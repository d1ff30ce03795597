/** SCS trial episodes (issue 14; migration 0210): the SQL of db/services/interventions-scs.ts. */
import type { Kysely } from 'kysely';
import type { DB } from '../schema';

type Db = Kysely<DB>;

/** The episode of a trial request, with the name of who decided on the implant. */
export function scsTrialFor(db: Db, requestId: number) {
  return db
    .selectFrom('intervention_scs_trials as t')
    .leftJoin('users as u', 'u.id', 't.decided_by')
    .selectAll('t')
    .select('u.display_name as decided_by_name')
    .where('t.request_id', '=', requestId)
    .executeTakeFirst();
}

/** Every trial episode of a patient (the implant listing rule reads the latest). */
export function scsTrialsForPatient(db: Db, patientId: number) {
  return db
    .selectFrom('intervention_scs_trials')
    .select([
      'request_id',
      'inserted_on',
      'leads_removed_on',
      'relief_percent',
      'analgesia',
      'patient_satisfied',
      'decision',
      'decision_on',
    ])
    .where('patient_id', '=', patientId)
    .execute();
}
