import { checkTemplateBody, type LetterTemplate } from '../../shared/clinical/mdt/index';
import { ClinicalInputError } from '../../shared/clinical/errors';
import type { LetterTemplateInput, LetterTemplateView } from '../../shared/domain/mdt';
import { AppError } from '../../shared/result';
import { writeAudit } from './audit';
import type { HandlerContext } from './context';
import { nowInstant, userId } from './mdt';
import { currentTemplateRow, toTemplate, type Audience } from './mdt-letter-writing';

/**
 * Letter templates: versioned, written by a clinical lead (saving a new version is their approval), and the
 * shipped examples marked approved locally by a clinical lead (issue 16) before letters stop carrying the
 * "example template" warning.
 */

function templatePlaceholdersSafe(t: LetterTemplate): string[] {
  try {
    return checkTemplateBody(t);
  } catch {
    return [];
  }
}

export async function listTemplates(ctx: HandlerContext): Promise<LetterTemplateView[]> {
  const rows = await ctx.conn.db
    .selectFrom('mdt_letter_templates as t')
    .leftJoin('users as u', 'u.id', 't.approved_by')
    .selectAll('t')
    .select('u.display_name as approved_by_name')
    .orderBy('t.audience')
    .orderBy('t.id', 'desc')
    .execute();
  const newest = new Map<string, number>();
  for (const r of rows) if (!newest.has(r.audience)) newest.set(r.audience, r.id);
  return rows.map((r) => ({
    id: r.id,
    templateId: r.template_id,
    audience: r.audience as Audience,
    name: r.name,
    version: r.version,
    body: r.body,
    source: r.source,
    changeNote: r.change_note,
    example: r.example === 1,
    createdAt: r.created_at,
    approvedByName: r.approved_by_name,
    approvedAt: r.approved_at,
    current: newest.get(r.audience) === r.id,
    placeholders: templatePlaceholdersSafe(toTemplate(r)),
  }));
}

/** "1.0.0" → "1.1.0"; anything else gets ".1" appended. */
function nextVersion(v: string): string {
  const m = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(v);
  return m ? `${m[1]}.${Number(m[2]) + 1}.0` : `${v}.1`;
}

/**
 * A clinical lead (a consultant holding mdt.chair) writes a new version of a template; saving it is their
 * approval, recorded with their name. Versions never change: letters keep the version they were written from.
 */
export async function saveTemplate(ctx: HandlerContext, input: LetterTemplateInput) {
  const id = await ctx.conn.db.transaction().execute(async (trx) => {
    const current = await currentTemplateRow(trx, input.audience);
    if (current.id !== input.basedOnId) {
      throw new AppError(
        'CONFLICT',
        'Someone approved a newer version of this template meanwhile. Reload and start from it.',
      );
    }
    const version = nextVersion(current.version);
    try {
      checkTemplateBody({ id: current.template_id, version, body: input.body });
    } catch (err) {
      if (err instanceof ClinicalInputError) {
        throw new AppError('VALIDATION', err.message, { body: err.message });
      }
      throw err;
    }
    const me = userId(ctx);
    const signer = await trx
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', me)
      .executeTakeFirstOrThrow();
    const at = nowInstant(ctx);
    const row = await trx
      .insertInto('mdt_letter_templates')
      .values({
        template_id: current.template_id,
        audience: input.audience,
        name: input.name,
        version,
        body: input.body,
        source: `Written and approved by ${signer.display_name} (clinical lead) on ${at.slice(0, 10)}, from version ${current.version}.`,
        change_note: input.changeNote,
        example: 0,
        created_at: at,
        approved_by: me,
        approved_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, {
      action: 'mdt.letter-template.approve',
      entity: 'mdt_letter_template',
      entityId: row.id,
      before: { version: current.version },
      after: { templateId: current.template_id, version, changeNote: input.changeNote },
    });
    return row.id;
  });
  return (await listTemplates(ctx)).find((t) => t.id === id)!;
}

/**
 * A clinical lead (a user marked as clinical lead, holding mdt.chair) marks a template version approved
 * locally, as it stands: once, audited. Letters written from it then stop carrying the example warning.
 */
export async function approveTemplate(ctx: HandlerContext, templateRowId: number) {
  await ctx.conn.db.transaction().execute(async (trx) => {
    const me = userId(ctx);
    const row = await trx
      .selectFrom('mdt_letter_templates')
      .selectAll()
      .where('id', '=', templateRowId)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'That template version does not exist.');
    const current = await currentTemplateRow(trx, row.audience as Audience);
    if (current.id !== row.id)
      throw new AppError('CONFLICT', 'Only the version new letters use can be approved. Reload the list.');
    if (row.approved_at !== null)
      throw new AppError('CONFLICT', 'This template version is already approved.');
    const lead = await trx
      .selectFrom('users')
      .select(['clinical_lead', 'display_name'])
      .where('id', '=', me)
      .executeTakeFirstOrThrow();
    if (lead.clinical_lead !== 1)
      throw new AppError('FORBIDDEN', 'Only a clinical lead can approve a letter template for local use.');
    const at = nowInstant(ctx);
    await trx
      .updateTable('mdt_letter_templates')
      .set({ approved_by: me, approved_at: at })
      .where('id', '=', templateRowId)
      .execute();
    await writeAudit(trx, ctx, {
      action: 'mdt.letter-template.approve-local',
      entity: 'mdt_letter_template',
      entityId: templateRowId,
      before: { approvedAt: null },
      after: {
        templateId: row.template_id,
        version: row.version,
        approvedBy: lead.display_name,
        approvedAt: at,
      },
    });
  });
  return (await listTemplates(ctx)).find((t) => t.id === templateRowId)!;
}
