import type { SetupStatus } from '../../shared/ipc/contract';
import { AppError } from '../../shared/result';
import { DEMO_PASSWORD, generateDemo } from '../demo/generate';
import type { HandlerContext } from './context';
import { hashPassword } from './passwords';
import { countUsers } from './users';

export async function setupStatus(ctx: HandlerContext): Promise<SetupStatus> {
  const users = await countUsers(ctx.conn.db);
  const { n } = await ctx.conn.db
    .selectFrom('patients')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const demo = await ctx.conn.db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', 'demo')
    .executeTakeFirst();
  return {
    needsFirstAdmin: users === 0,
    patientCount: Number(n),
    demoPasswordHint: demo
      ? `Demonstration data: sign in as apatel (consultant), sjones (nurse), tnowak (physiotherapist), lmills (coordinator) or admin; password ${DEMO_PASSWORD}`
      : null,
  };
}

/** The first-run alternative to creating an administrator: synthetic data to explore. */
export async function loadDemoIntoEmptyDatabase(ctx: HandlerContext, patients: number) {
  if ((await countUsers(ctx.conn.db)) > 0)
    throw new AppError('FORBIDDEN', 'Demonstration data can only be loaded into a new, empty database.');
  const passwordHash = await hashPassword(DEMO_PASSWORD, ctx.options.passwordCost);
  return generateDemo(ctx.conn.sqlite, { patients, passwordHash, now: ctx.now() });
}
