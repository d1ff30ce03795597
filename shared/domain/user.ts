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
}
export const settingsSchema = z.strictObject({
  lockAfterMinutes: z
    .number()
    .int('Whole minutes only.')
    .min(1, 'At least 1 minute.')
    .max(120, 'At most 120 minutes.'),
});
export const DEFAULT_SETTINGS: Settings = { lockAfterMinutes: 10 };
