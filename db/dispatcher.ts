import type { z } from 'zod';
import {
  contract,
  isChannel,
  type Channel,
  type ParsedRequestOf,
  type ResponseOf,
} from '../shared/ipc/contract';
import { ClinicalInputError } from '../shared/clinical/errors';
import { can } from '../shared/domain/roles';
import { AppError, type AppErrorShape, type Result } from '../shared/result';
import type { Connection } from './connection';
import { FILE_REPLACED_MESSAGE, fileIdentity, fileReplaced } from './file-identity';
import { auditRead } from './services/access-audit';
import { writeAudit } from './services/audit';
import type { HandlerContext, ServiceOptions } from './services/context';
import { createPatient, openPatient, patientHistory, updatePatient } from './services/patients';
import { SessionStore, type SessionChange } from './services/sessions';
import type { DatabaseSessions } from './services/session-storage';
import { refreshRuleSets } from './services/rule-sets';
import { readSettings, updateSettings } from './services/settings';
import { setupStatus } from './services/setup';
import {
  changeOwnPassword,
  createUser,
  currentSession,
  listClinicians,
  listUsers,
  signIn,
  unlock,
  updateUser,
} from './services/users';
import { auditHandlers } from './handlers/audit';
import { dataHandlers } from './handlers/data';
import { fhirHandlers } from './handlers/fhir';
import { interventionsHandlers } from './handlers/interventions';
import { interventionsHistoryHandlers } from './handlers/interventions-history';
import { mdtHandlers } from './handlers/mdt';
import { mdtLettersHandlers } from './handlers/mdt-letters';
import { medicinesHandlers } from './handlers/medicines';
import { rehabHandlers } from './handlers/rehab';
import { rulesHandlers } from './handlers/rules';
import { searchPatients } from './queries/patients';
import '../shared/zod-en-gb';
import { forPeople } from '../shared/messages';
import {
  countTransactions,
  isSerializationFailure,
  pauseBeforeAttempt,
  SERIALIZATION_ATTEMPTS,
} from './transaction-retry';
import { recordConnectionChange } from './services/connection-audit';

/**
 * A handler answers with a promise, or directly when it can (a read on an idle connection: see
 * db/compiled.ts), which spares the most frequent requests their promise hops.
 */
type Handlers = {
  [C in Channel]: (ctx: HandlerContext, input: ParsedRequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>;
};

/** Every contract name has exactly one handler: a missing one is a type error. */
const handlers: Handlers = {
  ...medicinesHandlers,
  ...rehabHandlers,
  ...mdtHandlers,
  ...mdtLettersHandlers,
  ...interventionsHandlers,
  ...interventionsHistoryHandlers,
  ...dataHandlers,
  ...rulesHandlers,
  ...fhirHandlers,
  ...auditHandlers,
  'setup:status': (ctx) => setupStatus(ctx),
  'setup:createFirstAdmin': async (ctx, input) => {
    await createUser(ctx, { ...input, role: 'admin' }, { firstAdmin: true });
    return signIn(ctx, input.username, input.password);
  },
  'auth:signIn': (ctx, input) => signIn(ctx, input.username, input.password),
  'auth:session': (ctx) => currentSession(ctx),
  'auth:signOut': async (ctx) => {
    ctx.sessions.delete(ctx.sessionKey);
    return null;
  },
  'auth:unlock': (ctx, input) => unlock(ctx, input.password),
  'auth:changePassword': (ctx, input) => changeOwnPassword(ctx, input.currentPassword, input.newPassword),
  'auth:lock': async (ctx) => {
    if (ctx.session) ctx.session.locked = true;
    return null;
  },
  'auth:touch': async (ctx) => ({ lockAfterMinutes: (await readSettings(ctx.conn.db)).lockAfterMinutes }),
  'auth:lockTime': async (ctx) => ({
    lockAfterMinutes: (await readSettings(ctx.conn.db)).lockAfterMinutes,
    locked: ctx.session?.locked ?? false,
  }),
  'patients:search': (ctx, input) => searchPatients(ctx.conn.db, input.query, input.offset, input.limit),
  'patients:get': (ctx, input) => openPatient(ctx, input.id),
  'patients:create': (ctx, input) => createPatient(ctx, input),
  'patients:update': (ctx, input) => updatePatient(ctx, input.id, input.version, input.patient),
  'patients:history': (ctx, input) => patientHistory(ctx, input.id),
  'users:clinicians': (ctx) => listClinicians(ctx),
  'users:list': (ctx) => listUsers(ctx),
  'users:create': (ctx, input) => createUser(ctx, input),
  'users:update': (ctx, input) => updateUser(ctx, input),
  'settings:get': (ctx) => readSettings(ctx.conn.db),
  'settings:update': (ctx, input) => updateSettings(ctx, input),
  'settings:connectionChanged': (ctx, input) => recordConnectionChange(ctx, input),
};

/**
 * A transaction PostgreSQL refuses under overlap (serialization failure or deadlock) is run again by the
 * transaction itself (db/transaction-retry.ts), never the whole operation: an operation with two transactions
 * would run its first, committed one twice. Only an operation refused before it started any transaction (a
 * read outside a transaction) is run again whole, which repeats nothing that was saved.
 */
function serializationFailure(conn: Connection, err: unknown): boolean {
  return conn.engine === 'postgres' && isSerializationFailure(err);
}

/** Field path → first message, for showing next to each field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    fields[key] ??= forPeople(issue.message);
  }
  return fields;
}

/** Turns anything thrown into the error envelope, without leaking SQL or patient data. */
export function toErrorShape(err: unknown, channel: string): AppErrorShape {
  if (err instanceof AppError) {
    // Services write for people; this is the last guard (en-GB dates, no leading field names).
    const shape = err.toShape();
    return {
      ...shape,
      message: forPeople(shape.message),
      ...(shape.fields
        ? { fields: Object.fromEntries(Object.entries(shape.fields).map(([k, v]) => [k, forPeople(v)])) }
        : {}),
    };
  }
  // A clinical rule refused its input (services normally turn these into field messages themselves).
  if (err instanceof ClinicalInputError) {
    const message = forPeople(err.message);
    return { code: 'VALIDATION', message, fields: { [err.field ?? '_']: message } };
  }
  const code = (err as { code?: unknown })?.code;
  // PostgreSQL (team mode): someone else's change at the same moment, or a rule of the database refused it.
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && (err as { severity?: unknown }).severity) {
    if (code === '40001' || code === '40P01')
      return {
        code: 'CONFLICT',
        message:
          'Someone else saved a change here at the same moment, so nothing was saved. Check and save again.',
      };
    if (code.startsWith('23'))
      return {
        code: 'CONFLICT',
        message: 'That change conflicts with data already saved; nothing was saved.',
      };
  }
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    if (code.startsWith('SQLITE_CONSTRAINT'))
      return {
        code: 'CONFLICT',
        message: 'That change conflicts with data already saved; nothing was saved.',
      };
    if (code === 'SQLITE_FULL')
      return {
        code: 'READ_ONLY',
        message:
          'The disk is full, so nothing was saved. Ask IT to free space; everything saved before is safe.',
      };
    if (code.startsWith('SQLITE_READONLY'))
      return {
        code: 'READ_ONLY',
        message:
          'The database cannot be written (read-only), so nothing was saved. Everything saved before is safe.',
      };
    if (code.startsWith('SQLITE_BUSY'))
      return {
        code: 'INTERNAL',
        message: 'The database was busy for too long; nothing was saved. Try again.',
      };
  }
  // Only the channel and the error's class go to the log: never payloads (they hold patient data).
  console.error(
    `[alongside] ${channel} failed: ${(err as Error)?.name ?? 'Error'} ${typeof code === 'string' ? code : ''}`,
  );
  return {
    code: 'INTERNAL',
    message: 'Something went wrong and nothing was saved. Try again; if it keeps happening, tell IT.',
  };
}

async function currentGeneration(conn: Connection): Promise<string> {
  const row = await conn.db
    .selectFrom('database_generation')
    .select('generation')
    .where('id', '=', 1)
    .executeTakeFirst();
  return row?.generation ?? '';
}

export interface Dispatcher {
  readonly conn: Connection;
  /** The in-memory sessions (the desktop app's; empty when sessions are kept in the database). */
  readonly sessions: SessionStore;
  /**
   * Validates, authorises and runs one named operation. Never throws. `meta.workstation` (team server only):
   * which workstation sent it, recorded in its audit rows.
   */
  dispatch(
    sessionKey: string,
    channel: unknown,
    payload: unknown,
    meta?: { workstation?: string | null },
  ): Promise<Result<unknown>>;
  /**
   * Forgets what this dispatcher keeps between requests (the lock time from Settings, the rule sets' stamp):
   * the team server calls it when another instance says it changed them.
   */
  forgetCached(): void;
}

/** How the dispatcher is hosted: the team server keeps sessions in the database. */
export interface HostOptions {
  /** Sessions in the database, keyed by bearer token (team mode); absent: in memory (the desktop). */
  databaseSessions?: DatabaseSessions;
  /** Told after a request that ended sessions (sign-out, a user's sessions ended, all ended). */
  onSessionsEnded?: (changes: SessionChange[]) => void;
}

/**
 * The request dispatcher. It knows nothing of Electron or HTTP: the Electron main process, the browser
 * preview, the tests and the benchmarks all call `dispatch` with a connection key and a payload.
 */
export function createDispatcher(
  conn: Connection,
  options: ServiceOptions = {},
  host: HostOptions = {},
): Dispatcher {
  const sessions = new SessionStore();
  const stored = host.databaseSessions;
  const now = options.now ?? (() => new Date());
  let cachedLockAfterMinutes: number | null = null;
  let forceRuleSets = false;
  // The file this connection opened: a file replaced on disk underneath is detected on every request.
  const opened = fileIdentity(conn.file);
  let replaced = false;

  async function dispatch(
    sessionKey: string,
    channel: unknown,
    payload: unknown,
    meta: { workstation?: string | null } = {},
  ): Promise<Result<unknown>> {
    const workstation = meta.workstation ?? null;
    if (!isChannel(channel))
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'Unknown operation.' } };
    const op = contract[channel];
    const parsed = op.input.safeParse(payload ?? {});
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error);
      const first = Object.values(fields)[0] ?? 'The request was not valid.';
      const message = Object.keys(fields).length > 1 ? 'Some fields need attention.' : first;
      return { ok: false, error: { code: 'VALIDATION', message, fields } };
    }

    // A database file replaced on disk under the open connection: the connection still holds the old file,
    // so nothing may be read from or saved to it any more. Every session ends with a clear message.
    if (opened && (replaced || (await fileReplaced(conn.file, opened)))) {
      if (!replaced) {
        replaced = true;
        sessions.endAll();
        console.error('[alongside] the database file was replaced on disk; every request is now refused');
      }
      return { ok: false, error: { code: 'UNAUTHENTICATED', message: FILE_REPLACED_MESSAGE } };
    }
    cachedLockAfterMinutes ??= (await readSettings(conn.db)).lockAfterMinutes;
    // Every session ends when the database underneath changes (a restore here, from the command line or
    // from another process): the generation is read on each request (issue 17).
    const generation = await currentGeneration(conn);
    if (sessions.generation !== generation) {
      if (sessions.generation !== null) {
        sessions.endAll();
        cachedLockAfterMinutes = (await readSettings(conn.db)).lockAfterMinutes;
      }
      sessions.generation = generation;
    }
    // The clinical rule sets in use: reloaded when anyone (any request, process or server) saved a version.
    await refreshRuleSets(conn, undefined, forceRuleSets);
    forceRuleSets = false;
    const lockAfterMinutes = cachedLockAfterMinutes ?? (await readSettings(conn.db)).lockAfterMinutes;
    if (!stored) return run(sessions, sessionKey, channel, parsed.data, lockAfterMinutes, workstation);

    // Team mode: this request's session is read from the database and what the request did is written back.
    const store = new SessionStore({ record: true });
    const loaded = sessionKey ? await stored.load(conn, sessionKey, generation, now().getTime()) : null;
    if (loaded) store.load(sessionKey, loaded);
    try {
      return await run(store, sessionKey, channel, parsed.data, lockAfterMinutes, workstation);
    } finally {
      const ended = await stored.save(conn, sessionKey, store, generation);
      if (ended.length) host.onSessionsEnded?.(ended);
    }
  }

  async function run(
    sessions: SessionStore,
    sessionKey: string,
    channel: Channel,
    data: unknown,
    lockAfterMinutes: number,
    workstation: string | null,
  ): Promise<Result<unknown>> {
    const op = contract[channel];
    const session = sessions.refresh(sessionKey, now().getTime(), lockAfterMinutes);
    const ctx: HandlerContext = { conn, sessions, sessionKey, session, now, options, workstation };
    if (op.access !== 'public') {
      if (!session)
        return {
          ok: false,
          error: {
            code: 'UNAUTHENTICATED',
            message: sessions.takeEndedByChange(sessionKey)
              ? 'The database was restored or replaced, so everyone has been signed out. Please sign in again.'
              : 'Please sign in.',
          },
        };
      if (op.access !== 'session') {
        if (session.mustChangePassword)
          return {
            ok: false,
            error: {
              code: 'FORBIDDEN',
              message: 'Choose a new password first: an administrator reset yours.',
            },
          };
        if (session.locked)
          return {
            ok: false,
            error: {
              code: 'LOCKED',
              message: 'Alongside locked after inactivity. Enter your password to carry on.',
            },
          };
        if (!can(session.role, op.access)) {
          await conn.db
            .transaction()
            .execute((trx) =>
              writeAudit(trx, ctx, { action: 'access.denied', entity: channel, entityId: null }),
            );
          return { ok: false, error: { code: 'FORBIDDEN', message: 'Your role does not allow this.' } };
        }
      }
      // Locking, and an idle screen asking for the lock time, are not activity.
      if (!session.locked && channel !== 'auth:lock' && channel !== 'auth:lockTime')
        session.lastActivityAt = now().getTime();
    }

    for (let attempt = 1; ; attempt++) {
      const run = await countTransactions(async () => {
        const answer = (handlers[channel] as (c: HandlerContext, i: unknown) => unknown)(ctx, data);
        const value = answer instanceof Promise ? await answer : answer;
        if (channel === 'settings:update') cachedLockAfterMinutes = null;
        // Who looked at whom: the read's access row, written before the answer leaves (see ReadAudit).
        if (op.reads) await auditRead(ctx, channel, op.reads, data, value);
        return value;
      });
      if ('value' in run) return { ok: true, value: run.value };
      const err = run.error;
      if (attempt < SERIALIZATION_ATTEMPTS && run.transactions === 0 && serializationFailure(conn, err)) {
        await pauseBeforeAttempt(attempt);
        continue;
      }
      return { ok: false, error: toErrorShape(err, channel) };
    }
  }

  function forgetCached(): void {
    cachedLockAfterMinutes = null;
    forceRuleSets = true;
  }

  return { conn, sessions, dispatch, forgetCached };
}
