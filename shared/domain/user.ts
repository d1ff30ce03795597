import { z } from 'zod';
import { ROLES, type Permission, type Role } from './roles';

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, 'A username has at least 3 characters.')
  .max(40, 'A username has at most 40 characters.')
  .regex(/^[a-z0-9._-]+$/, 'Use letters, digits, dots, hyphens or underscores.');

/**
 * Passwords that are refused whatever their length (NCSC password guidance, 2018 onward: length over
 * complexity, block the most common passwords). The app's own published demonstration password is here,
 * so it can never guard real data. Compared after lower-casing and removing spaces.
 */
export const DENIED_PASSWORDS: readonly string[] = [
  'alongside-demo',
  'alongsidedemo',
  'password12',
  'password123',
  'password1234',
  'password12345',
  'passw0rd12',
  'passw0rd123',
  'p@ssword123',
  '1234567890',
  '12345678910',
  '0987654321',
  '1111111111',
  '0000000000',
  'qwertyuiop',
  'qwerty1234',
  'qwerty12345',
  '1q2w3e4r5t',
  'abcdefghij',
  'abcd123456',
  'letmein123',
  'iloveyou12',
  'welcome123',
  'welcome1234',
  'changeme123',
  'administrator',
  'admin12345',
  'sunshine123',
  'football123',
  'monkey12345',
  'princess123',
  'correcthorsebatterystaple',
  'nhspassword',
  'painclinic1',
];

/** Characters nobody can see or type on purpose: controls, zero-width and other format characters. */
const INVISIBLE = /[\p{Cc}\p{Cf}\u115F\u1160\u3164\uFFA0\u2800]/u;

/** The one rule for a new password, in the form and in the main process. */
export function passwordProblem(password: string): string | null {
  if (password.trim().length === 0) return 'A password cannot be only spaces.';
  if (INVISIBLE.test(password)) return 'Remove the invisible characters from the password.';
  const squashed = password.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  if (DENIED_PASSWORDS.includes(squashed) || /^(.)\1+$/.test(squashed) || /^(.{1,3})\1+$/.test(squashed))
    return 'That password is too common or too easy to guess: three random words work well.';
  return null;
}

/** NCSC guidance: length over complexity rules, a deny-list, nothing invisible. */
export const newPasswordSchema = z
  .string()
  .min(10, 'Use at least 10 characters (three random words work well).')
  .max(200, 'At most 200 characters.')
  .superRefine((value, ctx) => {
    const problem = value.length >= 10 ? passwordProblem(value) : null;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Changing one's own password: the current one, then the new one. */
export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1, 'Enter your current password.').max(200),
  newPassword: newPasswordSchema,
});

export const userInputSchema = z.strictObject({
  username: usernameSchema,
  displayName: z
    .string()
    .trim()
    .min(1, 'Enter the name shown to colleagues.')
    .max(80, 'At most 80 characters.'),
  role: z.enum(ROLES, 'Choose a role.'),
  password: newPasswordSchema,
});
export type UserInput = z.input<typeof userInputSchema>;

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
  createdAt: string;
  /** The next sign-in must choose a new password (after an administrator's reset). */
  mustChangePassword: boolean;
  /** A clinician who may approve clinical rule-set changes. */
  clinicalLead: boolean;
  /** Moved on by every administrator's change; sent back when changing the account (issue 19). */
  version: number;
}

export interface SessionInfo {
  user: Pick<User, 'id' | 'username' | 'displayName' | 'role' | 'clinicalLead'>;
  /** Nothing but choosing a new password is allowed until this is false. */
  mustChangePassword: boolean;
  permissions: Permission[];
  lockAfterMinutes: number;
  locked: boolean;
}

export interface Settings {
  /** Minutes of inactivity before the app locks (default 10). */
  lockAfterMinutes: number;
  /** Unusual access: this many different patients' records opened by one user... */
  accessAlertRecords: number;
  /** ...within this many minutes alerts the administrators. */
  accessAlertMinutes: number;
  /** The service's telephone number, printed on taper letters and patient calendars (empty: not set). */
  serviceContactNumber: string;
  /** Moved on by every save of the settings; sent back when saving them (issue 19). */
  version: number;
}
export const settingsSchema = z.strictObject({
  lockAfterMinutes: z
    .number()
    .int('Whole minutes only.')
    .min(1, 'At least 1 minute.')
    .max(120, 'At most 120 minutes.'),
  accessAlertRecords: z
    .number()
    .int('A whole number of records.')
    .min(5, 'At least 5 records.')
    .max(1000, 'At most 1,000 records.'),
  accessAlertMinutes: z
    .number()
    .int('Whole minutes only.')
    .min(5, 'At least 5 minutes.')
    .max(1440, 'At most 1,440 minutes (a day).'),
  serviceContactNumber: z
    .string()
    .trim()
    .max(40, 'At most 40 characters.')
    .regex(
      /^[0-9 +()-]*$/,
      'Enter the number with digits, spaces and brackets only (for example 0114 271 1900).',
    ),
  version: z.number().int().min(0),
});
/**
 * A settings change names only what changes; the rest stays as it is. It always carries `version`, the
 * Settings.version the screen showed: a save made against an older one (another administrator saved since)
 * is refused (issue 19).
 */
export const settingsChangeSchema = settingsSchema.partial().required({ version: true });
/**
 * Unusual access default: 50 different records within 60 minutes (a clinic list rarely exceeds 20 patients
 * a session; a local information-governance lead should set the service's own figure).
 */
export const DEFAULT_SETTINGS: Settings = {
  lockAfterMinutes: 10,
  accessAlertRecords: 50,
  accessAlertMinutes: 60,
  serviceContactNumber: '',
  version: 0,
};
