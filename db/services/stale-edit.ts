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
    /** Records whose changes also change this one (audited under their own entity, e.g. its attendances). */
    related?: readonly AuditedRecord[];
  },
): Promise<AppError> {
  const last = await lastAudit(trx, [{ entity: o.entity, entityId: o.entityId }, ...(o.related ?? [])]);
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
  const { who, time, date, what } = inWords(last);
  return new AppError(
    'CONFLICT',
    `${who} changed this ${o.thing} at ${time} on ${date} while you were editing (${what}).${theirs} ${tail}`,
  );
}

/** An audit row as a refusal names it: who, the London time and date, and what they did in words. */
function inWords(last: { at: string; user_name: string | null; action: string }) {
  const [date, time] = formatInstantGb(last.at).split(' ');
  return {
    who: last.user_name ?? 'Someone else',
    time,
    date,
    what: lowerFirst(auditActionLabel(last.action)),
  };
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

function lowerFirst(s: string): string {
  return s && /^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/** A record whose audit rows say who last changed it (its entity and id, as written to the audit). */
export interface AuditedRecord {
  entity: string;
  /** Null for a record audited without an id (the service's settings, one set). */
  entityId: number | null;
  /**
   * Only these audit actions count as a change of what the person was editing (e.g. a listing's question,
   * not the list being reordered meanwhile); all of the record's changes when absent.
   */
  actions?: readonly string[];
  /**
   * Only audit rows about this part of the record (e.g. one person's attendance among a meeting's, all
   * audited under the meeting): told each row's before and after as written; every row when absent.
   */
  about?: (row: { before: unknown; after: unknown }) => boolean;
}

/**
 * Who last changed any of these records, and when, in words: "Sam Carter changed it at 10:15 on
 * 24-Nov-2026 (booking cancelled)." (from the audit trail, written in the same transaction as every change);
 * an empty string when the audit holds nothing for them.
 */
export async function lastChangeSentence(trx: Trx, records: readonly AuditedRecord[]): Promise<string> {
  const last = await lastAudit(trx, records);
  if (!last) return '';
  const { who, time, date, what } = inWords(last);
  return `${who} changed it at ${time} on ${date} (${what}).`;
}

/**
 * A save refused because the record is no longer in the state the person saw (already cancelled, already
 * booked, replaced by an edited version...): the refusal says so and names who changed it and when, so that
 * the person knows whom to ask. `field` puts the refusal itself beside that field (the form's message says who).
 */
export async function changedByOtherError(
  trx: Trx,
  message: string,
  records: readonly AuditedRecord[],
  field?: string,
): Promise<AppError> {
  const who = await lastChangeSentence(trx, records);
  const full = who ? `${message} ${who}` : message;
  return new AppError('CONFLICT', full, field ? { [field]: message } : undefined);
}

/** The newest audit row (not a read) of any of these records. */
async function lastAudit(trx: Trx, records: readonly AuditedRecord[]) {
  if (!records.length) return undefined;
  const rows = auditRowsOf(trx, records);
  if (!records.some((r) => r.about)) return rows.limit(1).executeTakeFirst();
  // A record told apart by what its rows say: newest first, the first row about it (or about a record
  // without that test).
  for (const row of await rows.select(['entity', 'entity_id', 'before_json', 'after_json']).execute()) {
    const parsed = { before: parseOrNull(row.before_json), after: parseOrNull(row.after_json) };
    const of = records.filter((r) => r.entity === row.entity && r.entityId === Number(row.entity_id));
    if (
      of.some((r) => (!r.actions?.length || r.actions.includes(row.action)) && (!r.about || r.about(parsed)))
    )
      return { at: row.at, user_name: row.user_name, action: row.action };
  }
  return undefined;
}

function parseOrNull(json: string | null): unknown {
  if (json === null) return null;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return null;
  }
}

function auditRowsOf(trx: Trx, records: readonly AuditedRecord[]) {
  return trx
    .selectFrom('audit_log')
    .select(['at', 'user_name', 'action'])
    .where((eb) =>
      eb.or(
        records.map((r) =>
          eb.and([
            eb('entity', '=', r.entity),
            r.entityId === null ? eb('entity_id', 'is', null) : eb('entity_id', '=', r.entityId),
            ...(r.actions?.length ? [eb('action', 'in', [...r.actions])] : []),
          ]),
        ),
      ),
    )
    .where('action', '!=', 'record.view')
    .orderBy('id', 'desc');
}
