/**
 * Creating procedure sessions (lists), one at a time or a term's from a weekly template (issue 14).
 *
 * Every list is checked by the pure rule checkSessionPlan (shared/clinical/interventions/session-plan.ts):
 * an implausible date, a start or end that does not exist in UK time (the clocks going forward) and
 * another list in the same room at the same time are refused with the reason next to the field; a bank
 * holiday and the clinician on another list at the same time warn and need a reason, which is stored on
 * the list and audited. Nothing is half-saved: a term is created in one transaction.
 */
import type { z } from 'zod';
import {
  checkSessionPlan,
  sessionCapacity,
  termDates,
  type BankHolidayRuleSet,
  type ExistingSession,
  type SessionPlanCheck,
} from '../../shared/clinical/interventions/index';
import type {
  SessionView,
  TermResult,
  sessionInputSchema,
  termInputSchema,
} from '../../shared/domain/interventions';
import { AppError } from '../../shared/result';
import { writeAudit } from './audit';
import { clinical } from './clinical-errors';
import type { HandlerContext, Trx } from './context';
import { getSession, sessionViews } from './interventions-session-views';
import { today } from './interventions-common';
import { activeRuleSet } from './rule-sets';

type SessionFields = Omit<z.output<typeof sessionInputSchema>, 'date'>;

/** The bank holidays rule set in use now (England and Wales by default; an administrator can extend it). */
export function bankHolidays(ctx: HandlerContext): BankHolidayRuleSet {
  return activeRuleSet(ctx.conn, 'bank-holidays').value;
}

/** Lists already on these dates (every room and clinician), for the overlap checks. */
async function sessionsOn(trx: Trx | HandlerContext['conn']['db'], from: string, to: string) {
  const rows = await trx
    .selectFrom('intervention_sessions as s')
    .leftJoin('users as u', 'u.id', 's.clinician_id')
    .select(['s.id', 's.date', 's.start_time', 's.end_time', 's.room', 's.clinician_id', 'u.display_name'])
    .where('s.date', '>=', from)
    .where('s.date', '<=', to)
    .execute();
  return rows.map((r): ExistingSession => ({
    id: r.id,
    date: r.date,
    start: r.start_time,
    end: r.end_time,
    room: r.room,
    clinicianId: r.clinician_id,
    clinicianName: r.display_name ?? undefined,
  }));
}

function checkCapacityFields(date: string, input: SessionFields): void {
  clinical(() =>
    sessionCapacity({
      start: `${date}T${input.start}`,
      end: `${date}T${input.end}`,
      unavailableMinutes: input.unavailableMinutes,
      turnaroundMinutes: input.turnaroundMinutes,
      caseMinutes: [],
    }),
  );
}

/** Throws the refusals of a check as a validation error naming each field (nothing saved). */
function refuse(check: SessionPlanCheck): void {
  if (!check.refusals.length) return;
  const fields: Record<string, string> = {};
  for (const r of check.refusals)
    fields[r.field] = fields[r.field] ? `${fields[r.field]} ${r.message}` : r.message;
  throw new AppError('VALIDATION', `Not created. ${check.refusals.map((r) => r.message).join(' ')}`, fields);
}

async function insertSession(
  trx: Trx,
  ctx: HandlerContext,
  date: string,
  input: SessionFields,
  warnings: SessionPlanCheck['warnings'],
  termNote: string | null,
): Promise<number> {
  const reason = input.overrideReason?.trim() || null;
  const row = await trx
    .insertInto('intervention_sessions')
    .values({
      date,
      start_time: input.start,
      end_time: input.end,
      room: input.room.trim(),
      setting: input.setting,
      clinician_id: input.clinicianId,
      radiographer: input.radiographer?.trim() ? input.radiographer.trim() : null,
      equipment: input.equipment.join(','),
      unavailable_minutes: input.unavailableMinutes,
      turnaround_minutes: input.turnaroundMinutes,
      created_at: ctx.now().toISOString(),
      warnings_json: warnings.length ? JSON.stringify(warnings) : null,
      override_reason: warnings.length ? reason : null,
      term_note: termNote,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeAudit(trx, ctx, {
    action: 'interventions.session.create',
    entity: 'intervention_session',
    entityId: row.id,
    after: {
      ...input,
      date,
      warningsAccepted: warnings.length ? warnings : undefined,
      overrideReason: warnings.length ? reason : undefined,
      termNote: termNote ?? undefined,
    },
  });
  return row.id;
}

async function requireClinician(ctx: HandlerContext, clinicianId: number): Promise<void> {
  const clinician = await ctx.conn.db
    .selectFrom('users')
    .select('id')
    .where('id', '=', clinicianId)
    .executeTakeFirst();
  if (!clinician)
    throw new AppError('VALIDATION', 'Choose the clinician.', { clinicianId: 'Choose the clinician.' });
}

/** Creates one list after the checks; warnings need `overrideReason`. */
export async function createSession(
  ctx: HandlerContext,
  input: z.output<typeof sessionInputSchema>,
): Promise<SessionView> {
  await requireClinician(ctx, input.clinicianId);
  const rules = bankHolidays(ctx);
  const todayIso = today(ctx);
  const id = await ctx.conn.db.transaction().execute(async (trx) => {
    const check = checkSessionPlan({
      session: input,
      today: todayIso,
      bankHolidays: rules,
      others: await sessionsOn(trx, input.date, input.date),
    });
    refuse(check);
    checkCapacityFields(input.date, input);
    if (check.warnings.length && !input.overrideReason?.trim()) {
      const message = `${check.warnings.map((w) => w.message).join(' ')} Give a reason to create the list anyway.`;
      throw new AppError('CONFLICT', message, { overrideReason: message });
    }
    return insertSession(trx, ctx, input.date, input, check.warnings, null);
  });
  return getSession(ctx, id);
}

/**
 * A term's lists from a weekly pattern: bank holidays skipped with a note; a date refused (e.g. the room
 * already taken) is not created and is listed with the reason; a date that only warns (the clinician on
 * another list) needs the reason given, as for one list. One transaction: all the lists or none.
 */
export async function createTerm(
  ctx: HandlerContext,
  input: z.output<typeof termInputSchema>,
): Promise<TermResult> {
  await requireClinician(ctx, input.clinicianId);
  const rules = bankHolidays(ctx);
  const todayIso = today(ctx);
  const { dates, skipped } = clinical(() =>
    termDates(
      { from: input.from, to: input.to, weekday: input.weekday, everyWeeks: input.everyWeeks },
      rules,
    ),
  );
  if (dates.length > 60)
    throw new AppError('VALIDATION', 'A term template makes at most 60 lists: choose a shorter term.', {
      to: 'A term template makes at most 60 lists: choose a shorter term.',
    });
  if (!dates.length)
    throw new AppError(
      'VALIDATION',
      'No list falls in those dates: check the day of the week and the dates.',
      {
        weekday: 'No list falls in those dates.',
      },
    );
  const note = skipped.length ? skipped.map((s) => s.note).join(' ') : null;
  const ids = await ctx.conn.db.transaction().execute(async (trx) => {
    const others = await sessionsOn(trx, input.from, input.to);
    const refused: TermResult['refused'] = [];
    const toCreate: { date: string; check: SessionPlanCheck }[] = [];
    for (const date of dates) {
      const check = checkSessionPlan({
        session: { ...input, date },
        today: todayIso,
        bankHolidays: rules,
        others,
      });
      if (check.refusals.length) refused.push({ date, note: check.refusals.map((r) => r.message).join(' ') });
      else toCreate.push({ date, check });
    }
    const warned = toCreate.flatMap((c) => c.check.warnings);
    if (warned.length && !input.overrideReason?.trim()) {
      const message = `${warned.map((w) => w.message).join(' ')} Give a reason to create these lists anyway.`;
      throw new AppError('CONFLICT', message, { overrideReason: message });
    }
    if (toCreate.length) checkCapacityFields(toCreate[0]!.date, input);
    const created: number[] = [];
    for (const c of toCreate)
      created.push(await insertSession(trx, ctx, c.date, input, c.check.warnings, note));
    return { created, refused };
  });
  const rows = ids.created.length
    ? await ctx.conn.db
        .selectFrom('intervention_sessions')
        .selectAll()
        .where('id', 'in', ids.created)
        .execute()
    : [];
  return {
    created: await sessionViews(ctx.conn.db, rows),
    skipped,
    refused: ids.refused,
  };
}
