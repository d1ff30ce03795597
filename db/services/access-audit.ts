import type { ReadAudit } from '../../shared/ipc/operation';
import { writeAudit } from './audit';
import type { HandlerContext } from './context';
import { readSettings } from './settings';

/** The audit actions of "who looked at whom". */
export const RECORD_VIEW = 'record.view';
export const RECORDS_LIST = 'records.list';
export const ACCESS_UNUSUAL = 'access.unusual';

/**
 * Writes the access row of a successful read (issue 17): which operation, by whom (name and role as they
 * are now), when, and whose record, or the terms of a list or search. Runs in the dispatcher for every
 * operation that declares `reads`, so no read of patient data goes unrecorded; if the row cannot be
 * written the read fails (nothing is shown unaudited).
 */
export async function auditRead(
  ctx: HandlerContext,
  channel: string,
  reads: ReadAudit<unknown, unknown>,
  input: unknown,
  output: unknown,
): Promise<void> {
  if (reads.kind === 'none' || !ctx.session) return;
  const patientId = reads.kind === 'patient' ? reads.patientId(input, output) : null;
  await ctx.conn.db.transaction().execute(async (trx) => {
    if (patientId !== null) {
      await writeAudit(trx, ctx, { action: RECORD_VIEW, entity: channel, entityId: null, patientId });
      return;
    }
    // Lists and searches: the terms, as asked (a search's words are part of what was looked for).
    await writeAudit(trx, ctx, { action: RECORDS_LIST, entity: channel, entityId: null, after: input });
  });
  if (patientId !== null) await checkUnusualAccess(ctx);
}

/**
 * The unusual-access rule: one user opening at least `accessAlertRecords` different patients' records
 * within `accessAlertMinutes` raises one alert for the administrators (an `access.unusual` audit row, shown
 * on the audit screen) per window. Thresholds are settings.
 */
async function checkUnusualAccess(ctx: HandlerContext): Promise<void> {
  const session = ctx.session!;
  const { accessAlertRecords, accessAlertMinutes } = await readSettings(ctx.conn.db);
  const since = new Date(ctx.now().getTime() - accessAlertMinutes * 60_000).toISOString();
  const { n } = await ctx.conn.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.count<number>('patient_id').distinct().as('n'))
    .where('user_id', '=', session.userId)
    .where('action', '=', RECORD_VIEW)
    .where('at', '>=', since)
    .executeTakeFirstOrThrow();
  if (Number(n) < accessAlertRecords) return;
  await ctx.conn.db.transaction().execute(async (trx) => {
    const already = await trx
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', ACCESS_UNUSUAL)
      .where('entity_id', '=', session.userId)
      .where('at', '>=', since)
      .executeTakeFirst();
    if (already) return;
    await writeAudit(trx, ctx, {
      action: ACCESS_UNUSUAL,
      entity: 'user',
      entityId: session.userId,
      after: {
        records: Number(n),
        minutes: accessAlertMinutes,
        threshold: accessAlertRecords,
      },
    });
  });
}
