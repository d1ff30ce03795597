import type { Kysely } from 'kysely';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/domain/user';
import type { DB } from '../schema';
import { writeAudit } from './audit';
import { changedByOtherError } from './stale-edit';
import type { HandlerContext } from './context';

export async function readSettings(db: Kysely<DB>): Promise<Settings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  return { ...DEFAULT_SETTINGS, ...(stored as Partial<Settings>) };
}

export async function updateSettings(
  ctx: HandlerContext,
  change: { [K in keyof Settings]?: Settings[K] | undefined } & { version: number },
): Promise<Settings> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const before = await readSettings(trx);
    // Issue 19: a save from a screen read before another administrator's is refused, naming who saved
    // theirs and when; nothing of it is written. The version is kept as a settings row of its own.
    if (before.version !== change.version)
      throw await changedByOtherError(
        trx,
        'The settings changed after you opened them. Yours were not saved: check their change, and make yours again if it is still needed.',
        [{ entity: 'settings', entityId: null, actions: ['settings.update'] }],
      );
    const { version: _read, ...fields } = change;
    for (const [key, value] of Object.entries({ ...fields, version: before.version + 1 })) {
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
