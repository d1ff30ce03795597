/**
 * The waiting list at thousands of requests (issue 14): paged, searchable by surname or NHS number, each
 * row with its readiness now, the booked date and the weeks waited; a "ready only" filter; booked cases
 * that are no longer ready for their date flagged (an expired MRSA screen, a hold plan needing
 * re-approval). Readiness is the same rule as the request page (evaluateReadiness and the hold coverage
 * for the booked start), evaluated for the rows shown, their facts read for all the rows at once. Also the patient's own requests and the follow-ups due.
 */
import type { z } from 'zod';
import {
  addCalendarDays,
  evaluateReadiness,
  findProcedure,
  reapprovalWhy,
} from '../../shared/clinical/interventions/index';
import type {
  FollowUpItem,
  WaitingListItem,
  WaitingListPage,
  listFilterSchema,
} from '../../shared/domain/interventions';
import { nameKey } from '../../shared/search';
import { AT_RISK_DAYS, toWaitingListItem } from '../mappers/interventions';
import * as q from '../queries/interventions';
import * as qr from '../queries/interventions-readiness';
import * as qf from '../queries/interventions-fill';
import type { HandlerContext } from './context';
import { today } from './interventions-common';
import {
  contextFromFacts,
  readinessFacts,
  readinessInput,
  readinessOrWhy,
  summarise,
} from './interventions-readiness';
import { toProcedureSession } from './interventions-session-views';
import { coverageAt } from './interventions-holds';
import { interventionRules } from './rule-sets';

type Row = Awaited<ReturnType<typeof q.waitingList>>['items'][number];

/**
 * The rows of the list with their readiness now (for the booked session when booked): the facts readiness
 * reads are read for ALL the rows at once, one statement per kind of fact (the requests with the patients'
 * dates of birth, antithrombotics, allergies, procedure history, booked sessions), then each row is
 * evaluated with the same rule and summary as the request page (readinessFacts, readinessInput,
 * summarise, coverageAt). Only waiting and booked requests have a readiness.
 */
async function withReadiness(
  ctx: HandlerContext,
  rows: readonly Row[],
  todayIso: string,
): Promise<WaitingListItem[]> {
  const db = ctx.conn.db;
  const open = rows.filter((r) => r.status === 'waiting' || r.status === 'booked');
  if (open.length === 0) return rows.map((r) => toWaitingListItem(r, todayIso));
  const requestIds = JSON.stringify(open.map((r) => r.id));
  const [facts, booked] = await Promise.all([
    readinessFacts(db, open),
    open.some((r) => r.status === 'booked') ? qr.bookedSessionsForRequests(db, requestIds) : [],
  ]);
  const bookedOf = new Map<number, (typeof booked)[number]>();
  for (const b of booked) if (!bookedOf.has(b.request_id)) bookedOf.set(b.request_id, b);
  const rules = interventionRules(ctx.conn);
  return rows.map((row) => {
    const item = toWaitingListItem(row, todayIso);
    if (row.status !== 'waiting' && row.status !== 'booked') return item;
    const rc = contextFromFacts(facts, row.id, rules);
    if (!rc) return item;
    const bookedRow = row.status === 'booked' ? bookedOf.get(row.id) : undefined;
    let session: q.SessionRow | undefined;
    if (bookedRow) {
      const { request_id: _r, session_date: _d, ...s } = bookedRow;
      session = s;
    }
    const ps = session ? toProcedureSession(session, []) : undefined;
    const result = readinessOrWhy(() =>
      evaluateReadiness(readinessInput(rc, todayIso, ps ? { session: ps } : undefined)),
    );
    if ('why' in result)
      return {
        ...item,
        bookedDate: bookedRow?.session_date ?? null,
        ready: false,
        notReady: [result.why],
        bookedNotReady: row.status === 'booked',
        needsReapproval: [],
      };
    const summary = summarise(rc, result);
    const cov =
      session && rc.antis.length
        ? coverageAt(ctx, rc, `${session.date}T${session.start_time}`, todayIso)
        : [];
    const notReady = [
      ...summary.blocks,
      ...summary.readiness.items
        .filter((i) => summary.openItems.includes(i.id))
        .map((i) => `${i.title}: ${i.message}`),
      ...(session
        ? cov
            .filter((c) => c.coverage.state !== 'approved' && c.coverage.state !== 'no-hold')
            .map((c) => (c.coverage as { message: string }).message)
        : summary.holdsPending.map((d) => {
            const note = rc.antis.find((a) => a.drug === d && a.approved_by === null)?.reapproval_note;
            return note
              ? `The ${d} hold plan needs re-approval: ${reapprovalWhy(note)}`
              : `Hold plan for ${d} awaits a prescriber's approval.`;
          })),
    ];
    // Approved once, then cleared by a change: "needs re-approval" (for the booked start when booked).
    const needsReapproval = session
      ? cov.filter((c) => c.coverage.state === 'needs-reapproval').map((c) => c.drug)
      : rc.antis
          .filter((a) => a.approved_by === null && a.reapproval_note && summary.holdsPending.includes(a.drug))
          .map((a) => a.drug);
    return {
      ...item,
      bookedDate: bookedRow?.session_date ?? null,
      ready: notReady.length === 0,
      notReady,
      bookedNotReady: row.status === 'booked' && notReady.length > 0,
      needsReapproval: [...new Set(needsReapproval)],
    };
  });
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
  if (!f.readyOnly) {
    const { items, total } = await q.waitingList(db, filter, f.offset, f.limit);
    return { items: await withReadiness(ctx, items, todayIso), total, atRiskTotal };
  }
  // Ready only: readiness is evaluated for every request of the filtered list that could be ready, in list
  // order, its facts read for all of them at once (withReadiness). A request without consent stage 1 (nor an
  // override of it) cannot be ready, so it is left out in SQL and never read (consentCovered,
  // db/queries/interventions-fill.ts): at 28,000 waiting, evaluating every one took seconds.
  const couldBeReady = await qf.canBeReadyInOrder(db, filter);
  const all = await withReadiness(ctx, couldBeReady, todayIso);
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
