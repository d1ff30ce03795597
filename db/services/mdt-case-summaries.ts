/** Every case summary of one meeting at once (issue 18: the meeting screen read them one request per case). */
import { groupBy } from '../../shared/group-by';
import type { CaseSummary } from '../../shared/domain/mdt';
import { AppError } from '../../shared/result';
import { toPatient } from '../mappers/patients';
import { meetingRowById, referralRowsForListings } from '../queries/mdt';
import {
  allergyRowsOfPatients,
  currentMedicineRowsOfPatients,
  latestOutcomeRowsOfPatients,
  listingRowsOfMeeting,
  omeRowsOfPatients,
  openActionRowsOfPatients,
  outcomeRowsOfPatients,
  patientRowsByIds,
  rehabMeasureRowsOfPatients,
  rehabStatusRowsOfPatients,
  requestRowsOfPatients,
  taperRowsOfPatients,
} from '../queries/mdt-case-batch';
import { interventionsText, medicinesText, toRehab } from './mdt-case-sections';
import { toCaseSummary } from './mdt-case-summary';
import type { HandlerContext } from './context';

const RUNNING = new Set(['draft', 'active', 'paused']);
const OPEN = new Set(['waiting', 'booked']);

/**
 * The summary of every listing of the meeting, in list order: the same answer as `mdt:case:summary` for
 * each listing (the same text builders and readiness, db/services/mdt-case-summary.ts), from one statement
 * per table whatever the number of cases.
 */
export async function caseSummaries(ctx: HandlerContext, meetingId: number): Promise<CaseSummary[]> {
  const db = ctx.conn.db;
  const [meeting, listings] = await Promise.all([
    meetingRowById(db, meetingId),
    listingRowsOfMeeting(db, meetingId),
  ]);
  if (!meeting) throw new AppError('NOT_FOUND', 'That meeting does not exist.');
  if (listings.length === 0) return [];
  const ids = [...new Set(listings.map((l) => l.patient_id))];
  const [
    patients,
    allergies,
    referrals,
    actions,
    previous,
    omes,
    medicines,
    tapers,
    requests,
    outcomes,
    statuses,
    measures,
  ] = await Promise.all([
    patientRowsByIds(db, ids),
    allergyRowsOfPatients(db, ids),
    referralRowsForListings(
      db,
      listings.map((l) => l.id),
    ),
    openActionRowsOfPatients(db, ids),
    outcomeRowsOfPatients(db, ids),
    omeRowsOfPatients(db, ids),
    currentMedicineRowsOfPatients(db, ids),
    taperRowsOfPatients(db, ids),
    requestRowsOfPatients(db, ids),
    latestOutcomeRowsOfPatients(db, ids),
    rehabStatusRowsOfPatients(db, ids),
    rehabMeasureRowsOfPatients(db, ids),
  ]);
  const patientById = new Map(patients.map((p) => [p.id, p]));
  const allergiesOf = groupBy(allergies, (a) => a.patient_id);
  const referralsOf = groupBy(referrals, (r) => r.listing_id);
  const actionsOf = groupBy(actions, (a) => a.patient_id);
  // As the single summary's reads: confirmed outcomes; running taper plans; waiting or booked requests.
  const confirmedOf = groupBy(
    previous.filter((o) => o.status === 'confirmed'),
    (o) => o.patient_id,
  );
  const previousOf = (listingId: number, patientId: number) =>
    (confirmedOf.get(patientId) ?? []).filter((o) => o.listing_id !== listingId).slice(0, 3);
  const omeOf = new Map(omes.map((o) => [o.patient_id, o]));
  const medicinesOf = groupBy(medicines, (m) => m.patient_id);
  const tapersOf = groupBy(
    tapers.filter((t) => RUNNING.has(t.status)),
    (t) => t.patient_id,
  );
  const requestsOf = groupBy(
    requests.filter((r) => OPEN.has(r.status)),
    (r) => r.patient_id,
  );
  const outcomesOf = groupBy(outcomes, (o) => o.patient_id);
  const statusOf = new Map(statuses.map((s) => [s.patient_id, s]));
  const measuresOf = groupBy(measures, (m) => m.patient_id);
  return listings.map((l) => {
    const pid = l.patient_id;
    const row = patientById.get(pid);
    return toCaseSummary(
      ctx,
      l,
      row ? toPatient(row, allergiesOf.get(pid) ?? []) : null,
      referralsOf.get(l.id) ?? [],
      actionsOf.get(pid) ?? [],
      previousOf(l.id, pid),
      medicinesText(omeOf.get(pid), medicinesOf.get(pid) ?? [], tapersOf.get(pid) ?? []),
      interventionsText(requestsOf.get(pid) ?? [], outcomesOf.get(pid) ?? []),
      toRehab(statusOf.get(pid), measuresOf.get(pid) ?? []),
    );
  });
}
