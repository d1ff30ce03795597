import { PRINT_VIEWS, type PrintAuditRequest } from '../../shared/print';
import { assertPrintableLetter } from './mdt-letters';
import { AppError } from '../../shared/result';
import { writeAudit } from './audit';
import type { HandlerContext } from './context';

/**
 * Records that a print view was printed (browser preview) or saved as a PDF (desktop host), with the
 * patient it concerns, so the record's history shows who printed which letter and when.
 * The printed thing must exist; nothing is written otherwise.
 */
export async function recordPrint(
  ctx: HandlerContext,
  input: PrintAuditRequest,
): Promise<{ recorded: true }> {
  const entity = PRINT_VIEWS[input.kind].entity;
  let patientId: number | null = null;
  if (entity === 'intervention_sessions') {
    const row = await ctx.conn.db
      .selectFrom('intervention_sessions')
      .select('id')
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'That list no longer exists.');
  } else if (entity === 'mdt_meetings') {
    const row = await ctx.conn.db
      .selectFrom('mdt_meetings')
      .select('id')
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'That meeting no longer exists.');
  } else {
    const row = await ctx.conn.db
      .selectFrom(entity)
      .select('patient_id')
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'That letter no longer exists.');
    // A superseded MDT letter is never printed as current (issue 16).
    if (input.kind === 'mdt-letter') await assertPrintableLetter(ctx, input.id);
    patientId = row.patient_id;
  }
  await ctx.conn.db.transaction().execute((trx) =>
    writeAudit(trx, ctx, {
      action: input.output === 'pdf' ? 'print.pdf' : 'print.browser',
      entity,
      entityId: input.id,
      patientId,
      after: { view: input.kind },
    }),
  );
  return { recorded: true };
}
