import type { Browser, Page } from 'playwright-core';
import type { PreviewFixture } from './harness';

/** Seeding people and signing in, shared by the end-to-end scenarios. */

/** The password seeded accounts use unless a scenario gives its own. */
export const PASSWORD = 'correct horse battery';

/** A new page in its own en-GB, Europe/London browser context, 1366 x 900. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  return context.newPage();
}

export interface StaffMember {
  username: string;
  displayName: string;
  role: string;
  /** PASSWORD unless given. */
  password?: string;
}

/**
 * Creates the first admin ('admin', `adminName`, PASSWORD) and then each member through the dispatcher,
 * and signs the members named in `signIn` (username -> session key) in on those sessions.
 * Returns the members' user ids by username.
 */
export async function seedStaff(
  preview: PreviewFixture,
  staff: readonly StaffMember[],
  options: { adminName?: string; signIn?: Record<string, string> } = {},
): Promise<Record<string, number>> {
  await preview.seed('setup:createFirstAdmin', {
    username: 'admin',
    displayName: options.adminName ?? 'Admin',
    password: PASSWORD,
  });
  const ids: Record<string, number> = {};
  for (const m of staff)
    ids[m.username] = (await preview.seed('users:create', { ...m, password: m.password ?? PASSWORD })).id;
  for (const [username, session] of Object.entries(options.signIn ?? {})) {
    const password = staff.find((m) => m.username === username)?.password ?? PASSWORD;
    await preview.seed('auth:signIn', { username, password }, session);
  }
  return ids;
}

/**
 * Opens the preview and signs in through the sign-in screen, waiting until signed in. With
 * `waitForForm`, first waits for the "Sign in" heading.
 */
export async function signInThroughUi(
  page: Page,
  preview: PreviewFixture,
  username: string,
  password: string,
  options: { waitForForm?: boolean } = {},
): Promise<void> {
  await page.goto(preview.server.url);
  if (options.waitForForm) await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** The nurse most scenarios seed, with her own password. */
export const SAM_JONES: StaffMember = {
  username: 'sjones',
  displayName: 'Sam Jones',
  role: 'nurse',
  password: 'sam jones password',
};

/** The physiotherapist most rehab scenarios seed, with his own password. */
export const TOM_NOWAK: StaffMember = {
  username: 'tnowak',
  displayName: 'Tom Nowak',
  role: 'physiotherapist',
  password: 'tom nowak password',
};

/** Signs in through the sign-in screen and waits for the Patients page (the landing page). */
export async function signInToPatients(
  page: Page,
  preview: PreviewFixture,
  username: string,
  password: string,
): Promise<void> {
  await page.goto(preview.server.url);
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Patients' }).waitFor();
}

/** Closes the browser and the preview server (either may be missing if the set-up failed part way). */
export async function closeAll(browser: Browser | undefined, preview: PreviewFixture | undefined) {
  await browser?.close();
  await preview?.close();
}

/**
 * A case referred after its meeting's cut-off is a late addition and cannot be started until the chair
 * approves it. Whether a seeded referral is late depends on the weekday the tests run, so the seeding
 * approves it as the chair would (through the dispatcher), only when it is late.
 */
export async function approveIfLate(
  preview: PreviewFixture,
  listingId: number,
  chairSession: string,
): Promise<void> {
  const row = preview.dispatcher.conn.sqlite
    .prepare('SELECT is_late_addition, late_approved_by FROM mdt_listings WHERE id = ?')
    .get(listingId) as { is_late_addition: number; late_approved_by: number | null } | undefined;
  if (row?.is_late_addition === 1 && row.late_approved_by === null)
    await preview.seed('mdt:listing:approveLate', { listingId }, chairSession);
}
