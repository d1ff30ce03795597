/**
 * The waiting list at thousands of requests (issue 14): paged, searchable by surname or NHS number, each
 * row with its readiness now, the booked date and the weeks waited; a "ready only" filter; booked cases
 * that are no longer ready for their date flagged (an expired MRSA screen, a hold plan needing
 * re-approval). Readiness is the same rule as the request page (evaluateReadiness and the hold coverage
 * for the booked start), evaluated for the rows shown. Also the patient's own requests and the follow-ups due.
 */
import type { z } from 'zod';
import { addCalendarDays, evaluateReadiness, findProcedure } from '../../shared/clinical/interventions/index';
import type {
  FollowUpItem,
  WaitingListItem,
  WaitingListPage,
  listFilterSchema,
} from '../../shared/domain/interventions';
import { nameKey } from '../../shared/search';
import { AT_RISK_DAYS, toWaitingListItem } from '../mappers/interventions';
import * as q from '../queries/interventions';
import { clinical } from './clinical-errors';
import type { HandlerContext } from './context';
import { today } from './interventions-common';
import { loadRequest, readinessInput, summarise } from './interventions-readiness';
import { toProcedureSession } from './interventions-session-views';
import { coverageAt } from './interventions-holds';
import { interventionRules } from './rule-sets';

/** The "ready only" filter evaluates at most this many requests of the filtered list. */
export const READY_ONLY_LIMIT = 20_000;

type Row = Awaited<ReturnType<typeof q.listInOrder>>[number];

/** A row of the list with its readiness now (for the booked session when booked). */
async function withReadiness(
  ctx: HandlerContext,
  row: Row,
  todayIso: string,
  booked: { session_id: number; session_date: string } | undefined,
): Promise<WaitingListItem> {
  const item = toWaitingListItem(row, todayIso);
  if (row.status !== 'waiting' && row.status !== 'booked') return item;
  const db = ctx.conn.db;
  const rc = await loadRequest(db, row.id, interventionRules(ctx.conn));
  const session = booked ? await q.sessionById(db, booked.session_id) : undefined;
  const ps = session ? toProcedureSession(session, []) : undefined;
  const summary = summarise(
    rc,
    clinical(() => evaluateReadiness(readinessInput(rc, todayIso, ps ? { session: ps } : undefined))),
  );
  const cov =
    session && rc.antis.length ? coverageAt(ctx, rc, `${session.date}T${session.start_time}`, todayIso) : [];
  const notReady = [
    ...summary.blocks,
    ...summary.readiness.items
      .filter((i) => summary.openItems.includes(i.id))
      .map((i) => `${i.title}: ${i.message}`),
    ...(session
      ? cov
          .filter((c) => c.coverage.state !== 'approved' && c.coverage.state !== 'no-hold')
          .map((c) => (c.coverage as { message: string }).message)
      : summary.holdsPending.map((d) => `Hold plan for ${d} awaits a prescriber's approval.`)),
  ];
  return {
    ...item,
    bookedDate: booked?.session_date ?? null,
    ready: notReady.length === 0,
    notReady,
    bookedNotReady: row.status === 'booked' && notReady.length > 0,
  };
}

function filterOf(f: z.output<typeof listFilterSchema>, breachBy: string): q.ListFilter {
  const search = f.search?.trim() ?? '';
  const digits = search.replace(/\s+/g, '');
  return {
    status: f.status,
    priority: f.priority,
    procedureCode: f.procedureCode,
    clinicianId: f.clinicianId,
    breachBy: f.atRiskOnly ? breachBy : undefined,
    nhsNumber: /^\d{10}$/.test(digits) ? digits : undefined,
    surnameKeyPrefix: search && !/^\d/.test(search) ? nameKey(search) : undefined,
  };
}

export async function waitingList(
  ctx: HandlerContext,
  f: z.output<typeof listFilterSchema>,
): Promise<WaitingListPage> {
  const db = ctx.conn.db;
  const todayIso = today(ctx);
  const breachBy = addCalendarDays(todayIso, AT_RISK_DAYS);
  const filter = filterOf(f, breachBy);
  const atRiskTotal = await q.atRiskCount(db, breachBy);
  // A search that is neither a surname nor a whole NHS number (e.g. "943 476") matches nobody, rather than
  // silently showing the whole list.
  if (f.search?.trim() && !filter.nhsNumber && !filter.surnameKeyPrefix)
    return { items: [], total: 0, atRiskTotal };
  const readinessOf = async (rows: readonly Row[]) => {
    const out: WaitingListItem[] = [];
    for (const r of rows) {
      // One indexed read per booked row (intervention_bookings_request).
      const booked =
        r.status === 'booked'
          ? (await q.bookingsForRequest(db, r.id)).find((b) => b.status === 'booked')
          : undefined;
      out.push(await withReadiness(ctx, r, todayIso, booked));
    }
    return out;
  };
  if (!f.readyOnly) {
    const { items, total } = await q.waitingList(db, filter, f.offset, f.limit);
    return { items: await readinessOf(items), total, atRiskTotal };
  }
  // Ready only: readiness is evaluated for each request of the filtered list, in list order.
  const all = await readinessOf(await q.listInOrder(db, filter, READY_ONLY_LIMIT));
  const ready = all.filter((i) => i.ready);
  return { items: ready.slice(f.offset, f.offset + f.limit), total: ready.length, atRiskTotal };
}

export async function patientRequests(ctx: HandlerContext, patientId: number): Promise<WaitingListItem[]> {
  const todayIso = today(ctx);
  return (await q.requestsForPatient(ctx.conn.db, patientId)).map((r) => toWaitingListItem(r, todayIso));
}

export async function followUps(ctx: HandlerContext, limit: number): Promise<FollowUpItem[]> {
  const todayIso = today(ctx);
  return (await q.followUpsDue(ctx.conn.db, limit)).map((r) => ({
    bookingId: r.id,
    requestId: r.request_id,
    patientId: r.patient_id,
    patientName: `${r.surname.toUpperCase()}, ${r.forename}`,
    procedureCode: r.procedure_code,
    procedureName: findProcedure(r.procedure_code)?.name ?? r.procedure_code,
    procedureDate: r.session_date,
    followUpDue: r.follow_up_due ?? r.session_date,
    overdue: (r.follow_up_due ?? '') < todayIso,
  }));
}
