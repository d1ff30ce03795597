import { z } from 'zod';
import { AUDIT_EVENT_GROUPS, type AuditReviewRow } from '../domain/audit';
import { op } from './operation';

const id = z.number().int().positive();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date.');

export const auditSearchSchema = z.strictObject({
  userId: id.nullable().default(null),
  /** A record number, or an NHS or hospital number (resolved to the record without showing it). */
  patient: z.string().trim().max(20, 'At most 20 characters.').default(''),
  group: z
    .enum(Object.keys(AUDIT_EVENT_GROUPS) as [keyof typeof AUDIT_EVENT_GROUPS], 'Choose an event.')
    .nullable()
    .default(null),
  from: isoDate.nullable().default(null),
  to: isoDate.nullable().default(null),
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(50).default(50),
});

export interface AuditPage {
  items: AuditReviewRow[];
  /** Matching events, counted up to AUDIT_COUNT_CAP + 1 (a million-row count took about a second). */
  total: number;
  /** More events match than were counted: narrow by user, record, event or dates to see them all. */
  more: boolean;
}

/** The audit screen counts matches up to this many (bench/results/read-audit-100k.md). */
export const AUDIT_COUNT_CAP = 10_000;

/** Information governance (issue 17): the audit screen and the subject-access export. */
export const auditContract = {
  'audit:search': op<AuditPage>()({
    input: auditSearchSchema,
    access: 'audit.review',
    write: false,
    reads: { kind: 'none', why: 'who did what and when, by record number; no clinical content' },
    summary: 'Audit events by user, patient record and event, newest first.',
  }),
  'audit:alerts': op<AuditReviewRow[]>()({
    input: z.strictObject({}),
    access: 'audit.review',
    write: false,
    reads: { kind: 'none', why: 'alerts name the user, never a patient' },
    summary: 'Unusual-access alerts of the last 30 days.',
  }),
  'audit:subjectAccessExport': op<{ filename: string; csv: string; rows: number }>()({
    input: z.strictObject({
      patient: z.string().trim().min(1, 'Enter the record, NHS or hospital number.').max(20),
    }),
    access: 'audit.review',
    write: true,
    summary:
      'Everyone who accessed or changed one patient’s record, as CSV, for a subject access request (recorded).',
  }),
} as const;
