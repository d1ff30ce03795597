/** MDT people and meeting types (recurrence, quorum rules). */
import {
  nextMeetingDate,
  parseQuorumRuleSet,
  type QuorumRuleSet,
  type Recurrence,
} from '../../shared/clinical/mdt/index';
import { type MdtPerson, type MeetingTypeInput, type MeetingTypeView } from '../../shared/domain/mdt';
import { can } from '../../shared/domain/roles';
import { AppError } from '../../shared/result';
import { disciplineOf, parseJson, toMeetingType } from '../mappers/mdt';
import { meetingTypeRow } from '../queries/mdt';
import { writeAudit } from './audit';
import { changedByOtherError } from './stale-edit';
import type { HandlerContext, Trx } from './context';
import { rule, userId, nowInstant } from './mdt-common';

// ---------------- people and meeting types ----------------

export async function listPeople(ctx: HandlerContext): Promise<MdtPerson[]> {
  const rows = await ctx.conn.db
    .selectFrom('users')
    .select(['id', 'display_name', 'role'])
    .where('active', '=', 1)
    .where('role', '!=', 'admin')
    .orderBy('display_name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.display_name,
    role: r.role,
    discipline: disciplineOf(r.role),
  }));
}

export async function listMeetingTypes(ctx: HandlerContext): Promise<MeetingTypeView[]> {
  const rows = await ctx.conn.db.selectFrom('mdt_meeting_types').selectAll().orderBy('id').execute();
  return rows.map(toMeetingType);
}

export async function saveMeetingType(
  ctx: HandlerContext,
  input: MeetingTypeInput & { id: number | null; version: number | null },
) {
  return ctx.conn.db.transaction().execute(async (trx) => {
    rule(() => nextMeetingDate(input.recurrence as Recurrence, '2000-01-01T00:00:00Z'));
    const at = nowInstant(ctx);
    const values = {
      code: input.code,
      name: input.name,
      purpose: input.purpose ?? '',
      recurrence_json: JSON.stringify(input.recurrence),
      duration_minutes: input.durationMinutes,
      cut_off_hours: input.cutOffHours,
      chair_id: input.chairId ?? null,
      core_member_ids_json: JSON.stringify(input.coreMemberIds ?? []),
      default_minutes_per_case: input.defaultMinutesPerCase ?? 10,
      updated_at: at,
    };
    let id = input.id;
    let before: unknown = undefined;
    const old = id === null ? null : await meetingTypeRow(trx, id);
    if (id !== null && !old) throw new AppError('NOT_FOUND', 'That meeting type does not exist.');
    // Issue 19: a save from a screen read before a colleague's (their quorum rule, time or chair) is refused,
    // before anything of it (its quorum rules included) is looked at, naming who saved theirs and when.
    if (old && old.version !== input.version)
      throw await changedByOtherError(
        trx,
        'This meeting type changed after you opened it. Yours was not saved: open it again, check their change, and make yours again if it is still needed.',
        [{ entity: 'mdt_meeting_type', entityId: old.id, actions: ['mdt.meeting-type.save'] }],
      );
    const quorumJson = input.quorumRules
      ? await quorumRulesJson(
          ctx,
          trx,
          input.code,
          input.name,
          input.quorumRules,
          old?.quorum_rules_json ?? null,
        )
      : null;
    if (id === null) {
      const dup = await trx
        .selectFrom('mdt_meeting_types')
        .select('id')
        .where('code', '=', input.code)
        .executeTakeFirst();
      if (dup)
        throw new AppError('CONFLICT', 'A meeting type with this code exists.', {
          code: 'A meeting type with this code exists.',
        });
      const rules = await trx
        .selectFrom('mdt_meeting_types')
        .select('quorum_rules_json')
        .orderBy('id')
        .executeTakeFirst();
      const row = await trx
        .insertInto('mdt_meeting_types')
        .values({
          ...values,
          quorum_rules_json: quorumJson ?? rules?.quorum_rules_json ?? '{"rules":[]}',
          example: 0,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
    } else {
      before = toMeetingType(old!);
      const written = await trx
        .updateTable('mdt_meeting_types')
        .set({
          ...(quorumJson ? { ...values, quorum_rules_json: quorumJson } : values),
          version: old!.version + 1,
        })
        .where('id', '=', id)
        .where('version', '=', old!.version)
        .executeTakeFirst();
      if (Number(written.numUpdatedRows) !== 1)
        throw new AppError(
          'CONFLICT',
          'This meeting type changed while you were saving. Yours was not saved.',
        );
    }
    const after = toMeetingType((await meetingTypeRow(trx, id))!);
    await writeAudit(trx, ctx, {
      action: 'mdt.meeting-type.save',
      entity: 'mdt_meeting_type',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

/**
 * The quorum rule set of a meeting type written from the screen: versioned, labelled with who approved it.
 * Quorum rules are a clinical lead's decision (the service's clinical decisions (clinical lead), MDT 1): changing them needs mdt.chair
 * (a consultant); a coordinator can change the rest of a meeting type. Unchanged rules keep their version.
 */
async function quorumRulesJson(
  ctx: HandlerContext,
  trx: Trx,
  code: string,
  name: string,
  rules: NonNullable<MeetingTypeInput['quorumRules']>,
  previousJson: string | null,
): Promise<string | null> {
  const previous = previousJson ? parseJson<QuorumRuleSet | null>(previousJson, null) : null;
  const normalised = rules.map((r, i) => ({
    id: `rule-${i + 1}`,
    label: r.label,
    meetingTypeIds: null,
    caseCategories: r.caseCategories,
    requirements: r.requirements.map((q) => ({
      disciplines: [...q.disciplines],
      min: q.min,
      label: q.label,
    })),
    enforcement: r.enforcement,
  }));
  const comparable = (list: QuorumRuleSet['rules']) =>
    JSON.stringify(
      list.map((r) => ({
        label: r.label,
        caseCategories: r.caseCategories,
        requirements: r.requirements,
        enforcement: r.enforcement,
      })),
    );
  if (previous && comparable(previous.rules) === comparable(normalised)) return null;
  const role = ctx.session?.role;
  if (!role || !can(role, 'mdt.chair')) {
    throw new AppError(
      'FORBIDDEN',
      'Quorum rules are approved by a clinical lead (a consultant who chairs).',
      {
        quorumRules: 'Quorum rules are approved by a clinical lead (a consultant who chairs).',
      },
    );
  }
  const signer = await trx
    .selectFrom('users')
    .select('display_name')
    .where('id', '=', userId(ctx))
    .executeTakeFirstOrThrow();
  const prevVersion = previous && /^\d+$/.test(previous.version) ? Number(previous.version) : 0;
  const at = nowInstant(ctx);
  const set = rule(() =>
    parseQuorumRuleSet({
      id: `quorum-${code}`,
      name: `${name}: quorum rules`,
      version: String(prevVersion + 1),
      source: `Approved by ${signer.display_name} (clinical lead) on ${at.slice(0, 10)}.`,
      example: false,
      rules: normalised,
    }),
  );
  return JSON.stringify(set);
}
