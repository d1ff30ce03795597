import { auditActionLabel } from '../../shared/audit-actions';
import { formatInstantGb } from '../../shared/dates';
import { AppError } from '../../shared/result';
import type { Trx } from './context';

/**
 * Two people saving the same thing (issue 19): the second save, made against what was on screen before the
 * first was saved, is refused and told WHO changed it, WHEN and WHAT (from the audit trail, written in the
 * same transaction as every change), never silently written over the first. `theirs` is the other person's
 * change in words when the caller can show it (e.g. the draft outcome's summary as it now reads).
 */
export async function staleEditError(
  trx: Trx,
  o: {
    entity: string;
    entityId: number;
    /** What it is, in words: "draft outcome", "taper plan". */
    thing: string;
    /** Their text as it now reads (quoted, shortened). */
    theirs?: string | null;
    /** Or their change as a sentence of its own. */
    shown?: string | null;
    /** What to do now (default: reopen, check, make yours again). */
    next?: string;
  },
): Promise<AppError> {
  const last = await trx
    .selectFrom('audit_log')
    .select(['at', 'user_name', 'action'])
    .where('entity', '=', o.entity)
    .where('entity_id', '=', o.entityId)
    .where('action', '!=', 'record.view')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const next = o.next ?? 'reopen it, check their change, and make yours again if it is still needed.';
  const tail = `Their change is kept and yours was not saved: ${next}`;
  const theirs = o.theirs?.trim()
    ? ` It now reads: “${clip(o.theirs.trim(), 300)}”.`
    : o.shown
      ? ` ${o.shown}`
      : '';
  if (!last)
    return new AppError(
      'CONFLICT',
      `Someone else changed this ${o.thing} while you were editing.${theirs} ${tail}`,
    );
  const [date, time] = formatInstantGb(last.at).split(' ');
  const what = auditActionLabel(last.action);
  return new AppError(
    'CONFLICT',
    `${last.user_name ?? 'Someone else'} changed this ${o.thing} at ${time} on ${date} while you were editing (${lowerFirst(what)}).${theirs} ${tail}`,
  );
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

function lowerFirst(s: string): string {
  return s && /^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}
