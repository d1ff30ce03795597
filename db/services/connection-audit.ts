import type { ConnectionAuditInput } from '../../shared/connection';
import { can } from '../../shared/domain/roles';
import { AppError } from '../../shared/result';
import { writeAudit } from './audit';
import type { HandlerContext } from './context';
import { countUsers } from './users';

/**
 * A workstation's connection choice changed (issue 19): "This computer only" <-> "Connect to our service's
 * server", or another server address or certificate authority. Asked for by the host (desktop main process,
 * browser preview) on the backend it is LEAVING, before the new choice is stored: that is where the person
 * who changed it is signed in. Leaving this computer's database, the row stays in that database, which goes
 * to the server with its audit trail when IT moves it in (`npm run server:import-sqlite`). Leaving the
 * server, the row is in the service's shared audit. Who, when (the row's own time) and from what to what:
 * the address and the CA file's place, never a certificate, password or session (none is given here).
 * Only an administrator, or anyone before the first account exists (first run), the same rule as the host's.
 */
export async function recordConnectionChange(
  ctx: HandlerContext,
  input: ConnectionAuditInput,
): Promise<null> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const firstRun = (await countUsers(trx)) === 0;
    const admin = ctx.session !== null && can(ctx.session.role, 'settings.manage');
    if (!firstRun && !admin)
      throw new AppError(
        'FORBIDDEN',
        'Only an administrator can change where this workstation’s data is kept.',
      );
    await writeAudit(trx, ctx, {
      action: 'settings.connection',
      entity: 'workstation',
      entityId: null,
      before: input.from,
      after: input.to,
    });
    return null;
  });
}
