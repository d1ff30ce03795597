import type { Kysely, Selectable } from 'kysely';
import { ROLE_PERMISSIONS, type Role } from '../../shared/domain/roles';
import type { SessionInfo, User, UserInput } from '../../shared/domain/user';
import { AppError } from '../../shared/result';
import type { DB, UsersTable } from '../schema';
import { writeAudit } from './audit';
import type { HandlerContext } from './context';
import { hashPassword, verifyPassword } from './passwords';
import { readSettings } from './settings';

function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    active: row.active === 1,
    createdAt: row.created_at,
  };
}

/** The audit view of a user never includes the password hash. */
const userSnapshot = (u: User) => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  active: u.active,
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
  const passwordHash = await hashPassword(input.password, ctx.options.passwordCost);
  return ctx.conn.db.transaction().execute(async (trx) => {
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
  },
): Promise<User> {
  const passwordHash = input.password
    ? await hashPassword(input.password, ctx.options.passwordCost)
    : undefined;
  const user = await ctx.conn.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('users').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'That user does not exist.');
    const before = toUser(row);
    if (
      input.id === ctx.session?.userId &&
      (input.active === false || (input.role && input.role !== 'admin'))
    ) {
      throw new AppError('FORBIDDEN', 'You cannot remove your own administrator access.');
    }
    const updated = await trx
      .updateTable('users')
      .set({
        ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
        ...(input.role !== undefined ? { role: input.role } : {}),
        ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
        ...(passwordHash ? { password_hash: passwordHash } : {}),
        updated_at: ctx.now().toISOString(),
      })
      .where('id', '=', input.id)
      .returningAll()
      .executeTakeFirstOrThrow();
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
  if (input.role !== undefined || input.active === false || passwordHash) ctx.sessions.endAllFor(user.id);
  return user;
}

async function sessionInfo(ctx: HandlerContext): Promise<SessionInfo> {
  const s = ctx.session!;
  const { lockAfterMinutes } = await readSettings(ctx.conn.db);
  return {
    user: { id: s.userId, username: s.username, displayName: s.displayName, role: s.role },
    permissions: [...ROLE_PERMISSIONS[s.role]],
    lockAfterMinutes,
    locked: s.locked,
  };
}

export async function currentSession(ctx: HandlerContext): Promise<SessionInfo | null> {
  return ctx.session ? sessionInfo(ctx) : null;
}

const BAD_CREDENTIALS = 'That username and password do not match an active account.';

export async function signIn(ctx: HandlerContext, username: string, password: string): Promise<SessionInfo> {
  const row = await ctx.conn.db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst();
  // Verify even for an unknown user, so that timing does not reveal which usernames exist.
  const ok = await verifyPassword(
    password,
    row?.password_hash ??
      `scrypt$${ctx.options.passwordCost?.N ?? 65536}$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`,
  );
  if (!row || !ok || row.active !== 1) {
    await ctx.conn.db
      .transaction()
      .execute((trx) =>
        writeAudit(
          trx,
          { session: null, now: ctx.now },
          { action: 'auth.sign-in-failed', entity: 'user', entityId: row?.id ?? null },
        ),
      );
    throw new AppError('BAD_CREDENTIALS', BAD_CREDENTIALS);
  }
  const now = ctx.now().getTime();
  ctx.session = {
    userId: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    signedInAt: now,
    lastActivityAt: now,
    locked: false,
  };
  ctx.sessions.set(ctx.sessionKey, ctx.session);
  await ctx.conn.db
    .transaction()
    .execute((trx) => writeAudit(trx, ctx, { action: 'auth.sign-in', entity: 'user', entityId: row.id }));
  return sessionInfo(ctx);
}

export async function unlock(ctx: HandlerContext, password: string): Promise<SessionInfo> {
  const s = ctx.session!;
  const row = await ctx.conn.db
    .selectFrom('users')
    .select(['password_hash', 'active'])
    .where('id', '=', s.userId)
    .executeTakeFirst();
  if (!row || row.active !== 1 || !(await verifyPassword(password, row.password_hash))) {
    throw new AppError('BAD_CREDENTIALS', 'That password is not right.', {
      password: 'That password is not right.',
    });
  }
  s.locked = false;
  s.lastActivityAt = ctx.now().getTime();
  return sessionInfo(ctx);
}
