import type { Kysely } from 'kysely';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/domain/user';
import type { DB } from '../schema';
import { writeAudit } from './audit';
import type { HandlerContext } from './context';

export async function readSettings(db: Kysely<DB>): Promise<Settings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  return { ...DEFAULT_SETTINGS, ...(stored as Partial<Settings>) };
}

export async function updateSettings(
  ctx: HandlerContext,
  change: { [K in keyof Settings]?: Settings[K] | undefined },
): Promise<Settings> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const before = await readSettings(trx);
    for (const [key, value] of Object.entries(change)) {
      if (value === undefined) continue;
      await trx
        .insertInto('settings')
        .values({
          key,
          value: JSON.stringify(value),
          updated_at: ctx.now().toISOString(),
          updated_by: ctx.session?.userId ?? null,
        })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            value: JSON.stringify(value),
            updated_at: ctx.now().toISOString(),
            updated_by: ctx.session?.userId ?? null,
          }),
        )
        .execute();
    }
    const after = await readSettings(trx);
    await writeAudit(trx, ctx, {
      action: 'settings.update',
      entity: 'settings',
      entityId: null,
      before,
      after,
    });
    return after;
  });
}
