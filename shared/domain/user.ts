import { z } from 'zod';
import { ROLES, type Permission, type Role } from './roles';

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, 'A username has at least 3 characters.')
  .max(40, 'A username has at most 40 characters.')
  .regex(/^[a-z0-9._-]+$/, 'Use letters, digits, dots, hyphens or underscores.');

/** NCSC guidance: length over complexity rules. */
export const newPasswordSchema = z
  .string()
  .min(10, 'Use at least 10 characters (three random words work well).')
  .max(200, 'At most 200 characters.');

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
}

export interface SessionInfo {
  user: Pick<User, 'id' | 'username' | 'displayName' | 'role'>;
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
});
/** A settings change names only what changes; the rest stays as it is. */
export const settingsChangeSchema = settingsSchema.partial();
/**
 * Unusual access default: 50 different records within 60 minutes (a clinic list rarely exceeds 20 patients
 * a session; a local information-governance lead should set the service's own figure).
 */
export const DEFAULT_SETTINGS: Settings = {
  lockAfterMinutes: 10,
  accessAlertRecords: 50,
  accessAlertMinutes: 60,
};
