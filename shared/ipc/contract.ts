import { z } from 'zod';
import type { AuditEntry } from '../domain/audit';
import { patientInputSchema, type Patient, type PatientListItem } from '../domain/patient';
import { ROLES } from '../domain/roles';
import {
  changePasswordSchema,
  settingsChangeSchema,
  userInputSchema,
  type SessionInfo,
  type Settings,
  type User,
} from '../domain/user';

import { auditContract } from './audit';
import { dataContract } from './data';
import { fhirContract } from './fhir';
import { interventionsContract } from './interventions';
import { interventionsHistoryContract } from './interventions-history';
import { mdtContract } from './mdt';
import { mdtLettersContract } from './mdt-letters';
import { medicinesContract } from './medicines';
import { connectionAuditSchema } from '../connection';
import { op, type Operation } from './operation';
import { rehabContract } from './rehab';
import { rulesContract } from './rules';

export { op, type Access, type Operation } from './operation';

/**
 * The one contract between the renderer and the main process: named operations (`domain:action`), each
 * with the zod schema its request must pass (checked in the main process), who may call it, and the type
 * of its answer. Each clinical module declares its operations in its own file beside this one.
 */
const id = z.number().int().positive();
const empty = z.strictObject({});
/** Search pages are sized for people reading a screen, not for export (issue 17): at most 50 rows. */
export const SEARCH_PAGE = 50;
const page = {
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(SEARCH_PAGE, `At most ${SEARCH_PAGE} rows a page.`).default(SEARCH_PAGE),
};

export interface SetupStatus {
  needsFirstAdmin: boolean;
  patientCount: number;
  demoPasswordHint: string | null;
}

export interface PatientPage {
  items: PatientListItem[];
  total: number;
  /** How the query was read: 'nhs-number', 'hospital-number', 'name' or 'all'. */
  matchedBy: 'nhs-number' | 'hospital-number' | 'name' | 'all';
}

const foundationContract = {
  'setup:status': op<SetupStatus>()({
    input: empty,
    access: 'public',
    write: false,
    summary: 'Is this a first run?',
  }),
  'setup:createFirstAdmin': op<SessionInfo>()({
    input: userInputSchema.omit({ role: true }),
    access: 'public',
    write: true,
    summary: 'First run only: create the first administrator and sign them in.',
  }),

  'auth:signIn': op<SessionInfo>()({
    input: z.strictObject({
      username: z.string().trim().toLowerCase().min(1, 'Enter your username.').max(40),
      password: z.string().min(1, 'Enter your password.').max(200),
    }),
    access: 'public',
    write: false,
    summary: 'Sign in.',
  }),
  'auth:session': op<SessionInfo | null>()({
    input: empty,
    access: 'public',
    write: false,
    summary: 'Who is signed in here, if anyone.',
  }),
  'auth:signOut': op<null>()({ input: empty, access: 'session', write: false, summary: 'Sign out.' }),
  'auth:unlock': op<SessionInfo>()({
    input: z.strictObject({ password: z.string().min(1, 'Enter your password.').max(200) }),
    access: 'session',
    write: false,
    summary: 'Unlock after inactivity with the same user’s password.',
  }),
  'auth:changePassword': op<SessionInfo>()({
    input: changePasswordSchema,
    access: 'session',
    write: true,
    summary: 'Change your own password (needs the current one); clears “change at next sign-in”.',
  }),
  'auth:lock': op<null>()({
    input: empty,
    access: 'session',
    write: false,
    summary: 'Lock now (the renderer saw no activity).',
  }),
  'auth:touch': op<{ lockAfterMinutes: number }>()({
    input: empty,
    access: 'session',
    write: false,
    summary: 'The user is active.',
  }),
  'auth:lockTime': op<{ lockAfterMinutes: number; locked: boolean }>()({
    input: empty,
    access: 'session',
    write: false,
    summary:
      'The lock time in force now, asked by a screen left idle (not counted as activity), so a changed lock time reaches it.',
  }),

  'patients:search': op<PatientPage>()({
    input: z.strictObject({ query: z.string().max(100, 'At most 100 characters.').default(''), ...page }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'Find patients by name, NHS number (spaces allowed) or hospital number.',
  }),
  'patients:get': op<Patient>()({
    input: z.strictObject({ id }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'patient', patientId: (i) => i.id },
    summary: 'One patient record.',
  }),
  'patients:create': op<Patient>()({
    input: patientInputSchema,
    access: 'patient.write',
    write: true,
    summary: 'Register a patient.',
  }),
  'patients:update': op<Patient>()({
    input: z.strictObject({ id, version: z.number().int().min(1), patient: patientInputSchema }),
    access: 'patient.write',
    write: true,
    summary: 'Change a patient’s details (refused if someone else changed them first).',
  }),
  'patients:history': op<AuditEntry[]>()({
    input: z.strictObject({ id }),
    access: 'audit.read',
    write: false,
    reads: { kind: 'patient', patientId: (i) => i.id },
    summary: 'Who changed what in this record, and when.',
  }),

  'users:clinicians': op<Pick<User, 'id' | 'displayName' | 'role'>[]>()({
    input: empty,
    access: 'patient.read',
    write: false,
    reads: { kind: 'none', why: 'staff names and roles only' },
    summary: 'Active clinicians, for pickers.',
  }),
  'users:list': op<User[]>()({
    input: empty,
    access: 'user.manage',
    write: false,
    reads: { kind: 'none', why: 'staff accounts only' },
    summary: 'All user accounts.',
  }),
  'users:create': op<User>()({
    input: userInputSchema,
    access: 'user.manage',
    write: true,
    summary: 'Create a user account.',
  }),
  'users:update': op<User>()({
    input: z.strictObject({
      id,
      displayName: z.string().trim().min(1).max(80).optional(),
      role: z.enum(ROLES).optional(),
      active: z.boolean().optional(),
      password: userInputSchema.shape.password.optional(),
      clinicalLead: z.boolean().optional(),
      /**
       * Two administrators changing one account (issue 19): the version the screen showed (User.version); a
       * change made against an older one (a leaver deactivated, a role changed meanwhile) is refused.
       */
      version: z.number().int().min(0),
    }),
    access: 'user.manage',
    write: true,
    summary:
      'Change a name or role, deactivate an account, mark a clinical lead, or reset a password (the user must change it at next sign-in).',
  }),

  'settings:get': op<Settings>()({
    input: empty,
    access: 'session',
    write: false,
    summary: 'Current settings.',
  }),
  'settings:update': op<Settings>()({
    input: settingsChangeSchema,
    access: 'settings.manage',
    write: true,
    summary: 'Change settings.',
  }),
  'settings:connectionChanged': op<null>()({
    input: connectionAuditSchema,
    // Checked in the service: an administrator, or anyone before the first account exists (first run).
    access: 'public',
    write: true,
    summary:
      'Record in the audit that this workstation’s connection is changing (this computer only, or which server), from what to what; asked by the desktop or preview host before it stores the new choice.',
  }),
} as const;

export const contract = {
  ...foundationContract,
  ...medicinesContract,
  ...rehabContract,
  ...mdtContract,
  ...mdtLettersContract,
  ...interventionsContract,
  ...interventionsHistoryContract,
  ...dataContract,
  ...rulesContract,
  ...fhirContract,
  ...auditContract,
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const CHANNELS = Object.keys(contract) as Channel[];
export type RequestOf<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedRequestOf<C extends Channel> = z.output<Contract[C]['input']>;
export type ResponseOf<C extends Channel> = Contract[C] extends Operation<z.ZodType, infer O> ? O : never;

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value);
}
