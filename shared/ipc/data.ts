import { z } from 'zod';
import {
  backupDirSchema,
  backupNameSchema,
  importCommitSchema,
  importPreviewSchema,
  type BackupInfo,
  type BackupPreview,
  type DataAlert,
  type DataStatus,
  type ImportPreview,
  type ImportResult,
} from '../domain/data';
import { printAuditSchema } from '../print';
import { op } from './operation';

/** Data safety: backups, restore, import (issue 7): this module's named operations. Spread into `contract` in contract.ts. */
export const dataContract = {
  'data:status': op<DataStatus>()({
    input: z.strictObject({}),
    access: 'data.backup',
    write: false,
    reads: { kind: 'none', why: 'backup status: no patient data' },
    summary: 'Where the database and its backups are, and the backups on hand.',
  }),
  'data:alerts': op<DataAlert[]>()({
    input: z.strictObject({}),
    access: 'data.backup',
    write: false,
    reads: { kind: 'none', why: 'data-health alerts: no patient data' },
    summary: 'The data-health alerts administrators must see on every screen (failed backup, failed check).',
  }),
  'data:backupNow': op<BackupInfo>()({
    input: z.strictObject({}),
    access: 'data.backup',
    write: true,
    summary: 'Take a backup now (online, integrity-checked).',
  }),
  'data:setBackupDir': op<DataStatus>()({
    input: z.strictObject({ dir: backupDirSchema.nullable() }),
    access: 'data.backup',
    write: true,
    summary: 'Choose the backup folder (a network folder is fine); null returns to the default.',
  }),
  'data:backupPreview': op<BackupPreview>()({
    input: z.strictObject({ name: backupNameSchema }),
    access: 'data.backup',
    write: false,
    reads: { kind: 'none', why: 'counts only' },
    summary: 'What a backup holds: its date and counts of patients, users and audit rows.',
  }),
  'data:restore': op<{ restored: BackupPreview; safetyBackup: string }>()({
    input: z.strictObject({
      name: backupNameSchema,
      confirm: z.literal(true, 'Confirm the restore.'),
      /** An administrator's explicit choice to restore a backup not signed by this installation. */
      foreign: z.boolean().optional(),
    }),
    access: 'data.backup',
    write: true,
    summary:
      "Replace the database with a backup (checked against the app's own schema, signed by this installation unless imported as foreign; the current one is backed up first); everyone signs in again.",
  }),
  'data:importPreview': op<ImportPreview>()({
    input: importPreviewSchema,
    access: 'data.import',
    write: false,
    reads: { kind: 'none', why: 'the file the user is importing, checked' },
    summary: 'Send a patient-list CSV in parts; the last part returns a preview with line-level errors.',
  }),
  'data:importCommit': op<ImportResult>()({
    input: importCommitSchema,
    access: 'data.import',
    write: true,
    summary: 'Save a previewed import: all patients or none.',
  }),
  'audit:print': op<{ recorded: true }>()({
    input: printAuditSchema,
    access: 'patient.read',
    write: true,
    summary: 'Record in the audit trail that a letter or list was printed or saved as a PDF.',
  }),
} as const;
