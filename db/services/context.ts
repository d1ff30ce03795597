import type { Transaction } from 'kysely';
import type { Connection } from '../connection';
import type { DB } from '../schema';
import type { Session, SessionStore } from './sessions';

export interface ServiceOptions {
  /** Where pre-migration and scheduled backups go. */
  backupDir?: string;
  /** Where service-wide exports go (default: `exports/` beside the database file). */
  exportDir?: string;
  /** scrypt cost override (tests use a cheaper N). */
  passwordCost?: { N?: number };
  /** Clock, for tests of the inactivity lock and of dates. */
  now?: () => Date;
}

/** What every handler receives: the database, who is asking, and the clock. */
export interface HandlerContext {
  conn: Connection;
  sessions: SessionStore;
  sessionKey: string;
  session: Session | null;
  now: () => Date;
  options: ServiceOptions;
  /** Team mode: the workstation that sent this request (its declared name and the address the server saw). */
  workstation?: string | null;
}

export type Trx = Transaction<DB>;

export function nowIso(ctx: Pick<HandlerContext, 'now'>): string {
  return ctx.now().toISOString();
}
