import type { Kysely, Selectable } from 'kysely';
import { ROLE_PERMISSIONS, type Role } from '../../shared/domain/roles';
import { passwordProblem, type SessionInfo, type User, type UserInput } from '../../shared/domain/user';
import { AppError } from '../../shared/result';
import { serialiseOn } from '../queries/dialect';
import type { DB, UsersTable } from '../schema';
import { writeAudit } from './audit';
import type { HandlerContext } from './context';
import { hashPassword, verifyPassword } from './passwords';
import { readSettings } from './settings';
import { changedByOtherError } from './stale-edit';
import {
  clearFailures,
  LOCK_AFTER_FAILURES,
  LOCK_MINUTES,
  recordFailure,
  waitFor,
  waitMessage,
} from './sign-in-throttle';

function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    active: row.active === 1,
    createdAt: row.created_at,
    mustChangePassword: row.must_change_password === 1,
    clinicalLead: row.clinical_lead === 1,
    version: row.version,
  };
}

/** The audit view of a user never includes the password hash. */
const userSnapshot = (u: User) => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  active: u.active,
  mustChangePassword: u.mustChangePassword,
  clinicalLead: u.clinicalLead,
});

export async function countUsers(db: Kysely<DB>): Promise<number> {
  const { n } = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

export async function listUsers(ctx: HandlerContext): Promise<User[]> {
  const rows = await ctx.conn.db.selectFrom('users').selectAll().orderBy('display_name').execute();
  return rows.map(toUser);
}

export async function listClinicians(ctx: HandlerContext) {
  return ctx.conn.db
    .selectFrom('users')
    .select(['id', 'display_name as displayName', 'role'])
    .where('active', '=', 1)
    .where('role', '!=', 'admin')
    .orderBy('display_name')
    .execute() as Promise<{ id: number; displayName: string; role: Role }[]>;
}

export async function createUser(
  ctx: HandlerContext,
  input: Required<UserInput>,
  options: { firstAdmin?: boolean } = {},
): Promise<User> {
  refuseWeakPassword(input.password, input.username);
  const passwordHash = await hashPassword(input.password, ctx.options.passwordCost);
  return ctx.conn.db.transaction().execute(async (trx) => {
    // Two "create the first administrator" (or two same-name) requests at once: exactly one wins.
    await serialiseOn(trx, 'users.create');
    if (options.firstAdmin && (await countUsers(trx)) > 0) {
      throw new AppError('FORBIDDEN', 'The first administrator has already been created. Sign in instead.');
    }
    const taken = await trx
      .selectFrom('users')
      .select('id')
      .where('username', '=', input.username)
      .executeTakeFirst();
    if (taken)
      throw new AppError('CONFLICT', 'That username is taken.', { username: 'That username is taken.' });
    const at = ctx.now().toISOString();
    const row = await trx
      .insertInto('users')
      .values({
        username: input.username,
        display_name: input.displayName,
        role: input.role,
        password_hash: passwordHash,
        active: 1,
        created_at: at,
        updated_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const user = toUser(row);
    await writeAudit(trx, ctx, {
      action: 'user.create',
      entity: 'user',
      entityId: user.id,
      after: userSnapshot(user),
    });
    return user;
  });
}

export async function updateUser(
  ctx: HandlerContext,
  input: {
    id: number;
    displayName?: string | undefined;
    role?: Role | undefined;
    active?: boolean | undefined;
    password?: string | undefined;
    clinicalLead?: boolean | undefined;
    version: number;
  },
): Promise<User> {
  if (input.password) refuseWeakPassword(input.password, null);
  const passwordHash = input.password
    ? await hashPassword(input.password, ctx.options.passwordCost)
    : undefined;
  const user = await ctx.conn.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('users').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'That user does not exist.');
    const before = toUser(row);
    // Issue 19: a change from a list read before another administrator's (a leaver deactivated, a role
    // changed) is refused, naming who changed the account and when; nothing of it is written.
    if (row.version !== input.version)
      throw await changedByOtherError(
        trx,
        `${row.display_name}’s account changed after you read it: it is now ${row.active === 1 ? 'active' : 'deactivated'}. Yours was not saved.`,
        [{ entity: 'user', entityId: row.id, actions: ['user.update', 'user.update+password-reset'] }],
      );
    if (
      input.id === ctx.session?.userId &&
      (input.active === false || (input.role && input.role !== 'admin'))
    ) {
      throw new AppError('FORBIDDEN', 'You cannot remove your own administrator access.');
    }
    if (input.clinicalLead && (input.role ?? before.role) === 'admin')
      throw new AppError('VALIDATION', 'Only a clinician can be a clinical lead.', {
        clinicalLead: 'Only a clinician can be a clinical lead.',
      });
    if (input.password && input.password.toLowerCase().includes(before.username))
      throw new AppError('VALIDATION', 'The password cannot contain the username.', {
        password: 'The password cannot contain the username.',
      });
    const updated = await trx
      .updateTable('users')
      .set({
        ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
        ...(input.role !== undefined ? { role: input.role } : {}),
        ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
        // An administrator's reset is a temporary password: the user chooses their own at next sign-in.
        ...(passwordHash ? { password_hash: passwordHash, must_change_password: 1 } : {}),
        ...(input.clinicalLead !== undefined ? { clinical_lead: input.clinicalLead ? 1 : 0 } : {}),
        ...(input.role === 'admin' ? { clinical_lead: 0 } : {}),
        updated_at: ctx.now().toISOString(),
        version: row.version + 1,
      })
      .where('id', '=', input.id)
      .where('version', '=', row.version)
      .returningAll()
      .executeTakeFirst();
    if (!updated)
      throw new AppError('CONFLICT', 'This account changed while you were saving. Yours was not saved.');
    const after = toUser(updated);
    await writeAudit(trx, ctx, {
      action: passwordHash ? 'user.update+password-reset' : 'user.update',
      entity: 'user',
      entityId: after.id,
      before: userSnapshot(before),
      after: userSnapshot(after),
    });
    return after;
  });
  // A changed role or a deactivated account takes effect at once, not at the next sign-in.
  if (input.role !== undefined || input.active === false || passwordHash || input.clinicalLead !== undefined)
    ctx.sessions.endAllFor(user.id);
  return user;
}

async function sessionInfo(ctx: HandlerContext): Promise<SessionInfo> {
  const s = ctx.session!;
  const { lockAfterMinutes } = await readSettings(ctx.conn.db);
  return {
    user: {
      id: s.userId,
      username: s.username,
      displayName: s.displayName,
      role: s.role,
      clinicalLead: s.clinicalLead,
    },
    mustChangePassword: s.mustChangePassword,
    permissions: s.mustChangePassword ? [] : [...ROLE_PERMISSIONS[s.role]],
    lockAfterMinutes,
    locked: s.locked,
  };
}

export async function currentSession(ctx: HandlerContext): Promise<SessionInfo | null> {
  return ctx.session ? sessionInfo(ctx) : null;
}

const BAD_CREDENTIALS = 'That username and password do not match an active account.';
const DUMMY_HASH = (N: number) =>
  `scrypt$${N}$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`;

async function auditAuth(
  ctx: HandlerContext,
  action: string,
  entityId: number | null,
  after: Record<string, unknown>,
  asUser = false,
): Promise<void> {
  await ctx.conn.db.transaction().execute((trx) =>
    writeAudit(trx, asUser ? ctx : { session: null, now: ctx.now }, {
      action,
      entity: 'user',
      entityId,
      after,
    }),
  );
}

/**
 * Sign-in, throttled per attempted name (db/services/sign-in-throttle.ts): while a delay or the temporary
 * lock runs, the password is not even checked. Every failure is audited with the name that was tried.
 */
export async function signIn(ctx: HandlerContext, username: string, password: string): Promise<SessionInfo> {
  const wait = await waitFor(ctx, username);
  if (wait > 0) {
    await auditAuth(ctx, 'auth.sign-in-failed', null, {
      attemptedName: username,
      refused: 'too many attempts',
    });
    throw new AppError('TOO_MANY_ATTEMPTS', waitMessage(wait));
  }
  const row = await ctx.conn.db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst();
  // Verify even for an unknown user, so that timing does not reveal which usernames exist.
  const ok = await verifyPassword(
    password,
    row?.password_hash ?? DUMMY_HASH(ctx.options.passwordCost?.N ?? 65536),
  );
  if (!row || !ok || row.active !== 1) {
    const { failures, waitMs } = await recordFailure(ctx, username);
    await auditAuth(ctx, 'auth.sign-in-failed', row?.id ?? null, { attemptedName: username, failures });
    if (failures === LOCK_AFTER_FAILURES)
      await auditAuth(ctx, 'auth.locked-out', row?.id ?? null, {
        attemptedName: username,
        minutes: LOCK_MINUTES,
      });
    throw new AppError(
      waitMs > 0 ? 'TOO_MANY_ATTEMPTS' : 'BAD_CREDENTIALS',
      waitMs > 0 ? `${BAD_CREDENTIALS} ${waitMessage(waitMs)}` : BAD_CREDENTIALS,
    );
  }
  await clearFailures(ctx, username);
  const now = ctx.now().getTime();
  ctx.session = {
    userId: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    signedInAt: now,
    lastActivityAt: now,
    locked: false,
    mustChangePassword: row.must_change_password === 1,
    clinicalLead: row.clinical_lead === 1,
  };
  ctx.sessions.set(ctx.sessionKey, ctx.session);
  await ctx.conn.db
    .transaction()
    .execute((trx) => writeAudit(trx, ctx, { action: 'auth.sign-in', entity: 'user', entityId: row.id }));
  return sessionInfo(ctx);
}

/**
 * Unlock after inactivity: the same throttle as sign-in (the same name's count), audited; at the lock the
 * session ends and the user must sign in again once the lock has run out.
 */
export async function unlock(ctx: HandlerContext, password: string): Promise<SessionInfo> {
  const s = ctx.session!;
  const wait = await waitFor(ctx, s.username);
  if (wait > 0) {
    await auditAuth(
      ctx,
      'auth.unlock-failed',
      s.userId,
      { attemptedName: s.username, refused: 'too many attempts' },
      true,
    );
    throw new AppError('TOO_MANY_ATTEMPTS', waitMessage(wait));
  }
  const row = await ctx.conn.db
    .selectFrom('users')
    .select(['password_hash', 'active'])
    .where('id', '=', s.userId)
    .executeTakeFirst();
  if (!row || row.active !== 1 || !(await verifyPassword(password, row.password_hash))) {
    const { failures, waitMs } = await recordFailure(ctx, s.username);
    await auditAuth(ctx, 'auth.unlock-failed', s.userId, { attemptedName: s.username, failures }, true);
    if (failures >= LOCK_AFTER_FAILURES) {
      await auditAuth(
        ctx,
        'auth.locked-out',
        s.userId,
        { attemptedName: s.username, minutes: LOCK_MINUTES },
        true,
      );
      ctx.sessions.delete(ctx.sessionKey);
      throw new AppError('UNAUTHENTICATED', waitMessage(waitMs));
    }
    const message =
      waitMs > 0 ? `That password is not right. ${waitMessage(waitMs)}` : 'That password is not right.';
    throw new AppError(waitMs > 0 ? 'TOO_MANY_ATTEMPTS' : 'BAD_CREDENTIALS', message, { password: message });
  }
  await clearFailures(ctx, s.username);
  s.locked = false;
  s.lastActivityAt = ctx.now().getTime();
  await auditAuth(ctx, 'auth.unlock', s.userId, { attemptedName: s.username }, true);
  return sessionInfo(ctx);
}

/** The main-process half of the password rule (the schema checks the rest): not the username. */
function refuseWeakPassword(password: string, username: string | null): void {
  const problem =
    passwordProblem(password) ??
    (username && password.toLowerCase().includes(username)
      ? 'The password cannot contain the username.'
      : null);
  if (problem) throw new AppError('VALIDATION', problem, { password: problem });
}

/**
 * Changing one's own password needs the current one (a wrong one counts as a failed attempt); it clears
 * "change at next sign-in" and ends the user's other sessions.
 */
export async function changeOwnPassword(
  ctx: HandlerContext,
  currentPassword: string,
  newPassword: string,
): Promise<SessionInfo> {
  const s = ctx.session!;
  if (s.locked)
    throw new AppError('LOCKED', 'Alongside locked after inactivity. Enter your password to carry on.');
  const wait = await waitFor(ctx, s.username);
  if (wait > 0) throw new AppError('TOO_MANY_ATTEMPTS', waitMessage(wait));
  const row = await ctx.conn.db
    .selectFrom('users')
    .select(['password_hash', 'active'])
    .where('id', '=', s.userId)
    .executeTakeFirstOrThrow();
  if (row.active !== 1 || !(await verifyPassword(currentPassword, row.password_hash))) {
    const { failures } = await recordFailure(ctx, s.username);
    await auditAuth(ctx, 'auth.password-change-failed', s.userId, { failures }, true);
    const message = 'That is not your current password.';
    throw new AppError('BAD_CREDENTIALS', message, { currentPassword: message });
  }
  if (newPassword === currentPassword)
    throw new AppError('VALIDATION', 'Choose a password different from the current one.', {
      newPassword: 'Choose a password different from the current one.',
    });
  const problem = newPassword.toLowerCase().includes(s.username)
    ? 'The password cannot contain the username.'
    : null;
  if (problem) throw new AppError('VALIDATION', problem, { newPassword: problem });
  const hash = await hashPassword(newPassword, ctx.options.passwordCost);
  await ctx.conn.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: hash, must_change_password: 0, updated_at: ctx.now().toISOString() })
      .where('id', '=', s.userId)
      .execute();
    await writeAudit(trx, ctx, { action: 'auth.password-change', entity: 'user', entityId: s.userId });
  });
  await clearFailures(ctx, s.username);
  ctx.sessions.endAllFor(s.userId);
  s.mustChangePassword = false;
  ctx.sessions.set(ctx.sessionKey, s);
  return sessionInfo(ctx);
}
