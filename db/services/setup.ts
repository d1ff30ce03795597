import type { SetupStatus } from '../../shared/ipc/contract';
import { DEMO_PASSWORD } from '../demo/generate';
import type { HandlerContext } from './context';
import { countUsers } from './users';

/**
 * First run: the first administrator is created in one transaction that first checks there is no user
 * (services/users.ts createUser with firstAdmin), so two first-run requests at once cannot both succeed.
 * Demonstration data is never offered here (issue 17): only `npm run demo` makes a demo database, by an
 * explicit choice on the command line.
 */
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
