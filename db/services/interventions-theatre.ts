/**
 * The theatre list (issue 14): one day's lists per room with a time axis, each case in order with its
 * start time, procedure with side and levels, allergy and anticoagulant flags, sedation and equipment, and
 * the clashes marked. The same data prints as the list for the team brief and the WHO checklist.
 */
import {
  dayClashes,
  describeSite,
  requiredEquipment,
  sedationWords,
  timeCases,
  reapprovalWhy,
  type HoldPlan,
  type ListCase,
  type ListSession,
} from '../../shared/clinical/interventions/index';
import type { SETTINGS } from '../../shared/domain/interventions';
import {
  EQUIPMENT_LABELS,
  type Side,
  type TheatreCase,
  type TheatreDay,
  type TheatreSession,
} from '../../shared/domain/interventions';
import { formatDateGb } from '../../shared/dates';
import { AppError } from '../../shared/result';
import { parseReadiness } from '../mappers/interventions';
import * as t from '../queries/interventions-theatre';
import type { HandlerContext } from './context';
import { requireProcedure, rowSite } from './interventions-common';
import { interventionRules } from './rule-sets';

type EquipmentKey = keyof typeof EQUIPMENT_LABELS;

/**
 * What the list says of one antithrombotic: approved, not approved, or (an approval that a change of date,
 * cancellation or medicines cleared) NEEDS RE-APPROVAL with why (issue 14: everywhere a hold plan shows).
 */
function antithromboticLine(
  drug: string,
  planJson: string,
  approved: boolean,
  reapprovalNote: string | null,
): string {
  const plan = JSON.parse(planJson) as HoldPlan;
  if (plan.status === 'no-hold') return `${drug}: continue`;
  const reapproval =
    !approved && reapprovalNote ? ` (${reapprovalWhy(reapprovalNote).replace(/\.$/, '')})` : '';
  if (plan.status === 'blocked')
    return `${drug}: ${approved ? 'clinician decision recorded' : reapproval ? `NEEDS A NEW CLINICIAN DECISION${reapproval}` : 'NO AGREED PLAN, clinician decision needed'}`;
  return `${drug}: hold ${approved ? 'approved' : reapproval ? `NEEDS RE-APPROVAL${reapproval}` : 'NOT APPROVED'}${plan.latestLastDoseAt ? ` (last dose by ${formatDateGb(plan.latestLastDoseAt.slice(0, 10))} ${plan.latestLastDoseAt.slice(11, 16)})` : ''}`;
}

/** The day's lists (sessions) by room, in time order, with each case timed and flagged. */
export async function theatreDay(ctx: HandlerContext, date: string): Promise<TheatreDay> {
  const db = ctx.conn.db;
  const rules = interventionRules(ctx.conn);
  const sessions = await t.sessionsOn(db, date);
  const cases = await t.casesOn(
    db,
    sessions.map((s) => s.id),
  );
  const [allergies, antis] = await Promise.all([
    t.allergiesOf(db, [...new Set(cases.map((c) => c.patient_id))]),
    t.antithromboticsOf(db, [...new Set(cases.map((c) => c.request_id))]),
  ]);
  const listSessions: ListSession[] = sessions.map((s) => ({
    id: s.id,
    room: s.room,
    clinicianId: s.clinician_id,
    clinicianName: s.clinician_name,
    start: s.start_time,
    end: s.end_time,
    unavailableMinutes: s.unavailable_minutes,
    turnaroundMinutes: s.turnaround_minutes,
  }));
  const name = (c: (typeof cases)[number]): string => `${c.surname.toUpperCase()}, ${c.forename}`;
  const listCases: ListCase[] = cases.map((c) => ({
    bookingId: c.id,
    sessionId: c.session_id,
    patientId: c.patient_id,
    patientName: name(c),
    minutes: c.planned_minutes,
  }));
  const clashes = dayClashes(listSessions, listCases);

  const views: TheatreSession[] = sessions.map((s, i) => {
    const own = cases.filter((c) => c.session_id === s.id);
    const timed = timeCases(
      listSessions[i]!,
      listCases.filter((c) => c.sessionId === s.id),
    );
    const sessionEquipment = s.equipment ? (s.equipment.split(',') as EquipmentKey[]) : [];
    return {
      id: s.id,
      date: s.date,
      start: s.start_time,
      end: s.end_time,
      room: s.room,
      setting: s.setting as (typeof SETTINGS)[number],
      clinicianName: s.clinician_name,
      radiographer: s.radiographer,
      equipment: sessionEquipment.map((e) => EQUIPMENT_LABELS[e] ?? e),
      clashes: clashes
        .filter((x) => x.bookingIds.length === 0 && x.sessionIds.includes(s.id))
        .map((x) => x.message),
      cases: own.map((c, j): TheatreCase => {
        const procedure = requireProcedure(c.procedure_code, rules.catalogue);
        const structured = rowSite(c);
        const record = parseReadiness(c.readiness_json);
        const sedation = record.sedationPlanned
          ? `${sedationWords(procedure.sedation)}; sedation planned`
          : sedationWords(procedure.sedation);
        return {
          bookingId: c.id,
          requestId: c.request_id,
          patientId: c.patient_id,
          patientName: name(c),
          nhsNumber: c.nhs_number,
          dateOfBirth: c.date_of_birth,
          start: timed[j]!.start,
          end: timed[j]!.end,
          minutes: c.planned_minutes,
          procedureName: procedure.name,
          side: c.side as Side,
          siteText: structured
            ? `${describeSite(structured)} (${c.site})`
            : `${c.site}, ${c.side} (site not structured)`,
          allergies: allergies
            .filter((a) => a.patient_id === c.patient_id)
            .map((a) => (a.reaction.trim() ? `${a.agent} (${a.reaction})` : a.agent)),
          antithrombotics: antis
            .filter((a) => a.request_id === c.request_id)
            .map((a) => antithromboticLine(a.drug, a.plan_json, a.approved_by !== null, a.reapproval_note)),
          holdNeedsReapproval: antis.some(
            (a) => a.request_id === c.request_id && a.approved_by === null && Boolean(a.reapproval_note),
          ),
          sedation,
          equipment: requiredEquipment(procedure, procedure.imaging).map((e) => EQUIPMENT_LABELS[e] ?? e),
          clashes: clashes.filter((x) => x.bookingIds.includes(c.id)).map((x) => x.message),
        };
      }),
    };
  });

  const rooms: TheatreDay['rooms'] = [];
  for (const v of views) {
    const room = rooms.find((r) => r.room === v.room);
    if (room) room.sessions.push(v);
    else rooms.push({ room: v.room, sessions: [v] });
  }
  const hours: string[] = [];
  if (sessions.length > 0) {
    const first = Math.min(...sessions.map((s) => Number(s.start_time.slice(0, 2))));
    const last = Math.max(
      ...sessions.map((s) => Number(s.end_time.slice(0, 2)) + (s.end_time.endsWith(':00') ? 0 : 1)),
    );
    for (let h = first; h <= last; h++) hours.push(`${String(h).padStart(2, '0')}:00`);
  }
  return { date, rooms, clashes: clashes.map((x) => x.message), hours };
}

/** The printed list of one session: the day's data for that session only. */
export async function theatreSessionList(ctx: HandlerContext, id: number): Promise<TheatreDay> {
  const row = await t.sessionDate(ctx.conn.db, id);
  if (!row) throw new AppError('NOT_FOUND', 'That list does not exist.');
  const day = await theatreDay(ctx, row.date);
  const rooms = day.rooms
    .map((r) => ({ room: r.room, sessions: r.sessions.filter((s) => s.id === id) }))
    .filter((r) => r.sessions.length > 0);
  return { ...day, rooms };
}
