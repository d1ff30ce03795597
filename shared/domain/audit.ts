/** One row of the append-only audit trail, as the renderer sees it. */
export interface AuditEntry {
  id: number;
  at: string;
  userId: number | null;
  /** The user's name and role as they were when the row was written (older rows: the account's name now). */
  userName: string | null;
  userRole: string | null;
  action: string;
  entity: string;
  entityId: number | null;
  patientId: number | null;
  /** Field → [before, after] for the fields that changed. */
  changes: { field: string; before: unknown; after: unknown }[];
}

/** Field-by-field difference of two flat records, for the audit view. */
export function diffRecords(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): { field: string; before: unknown; after: unknown }[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const out: { field: string; before: unknown; after: unknown }[] = [];
  for (const key of keys) {
    if (key === 'updatedAt' || key === 'version') continue;
    const b = before?.[key] ?? null;
    const a = after?.[key] ?? null;
    if (JSON.stringify(b) !== JSON.stringify(a)) out.push({ field: key, before: b, after: a });
  }
  return out;
}

/**
 * One row of the information-governance audit screen: who, when, what, on which record (by record number,
 * never by name), and a detail only for events that carry no clinical content (sign-ins, accounts,
 * settings, rule sets, refusals, restores, alerts). The IT administrator reads this, never the record.
 */
export interface AuditReviewRow {
  id: number;
  at: string;
  userId: number | null;
  userName: string | null;
  userRole: string | null;
  action: string;
  entity: string;
  entityId: number | null;
  patientId: number | null;
  detail: Record<string, unknown> | null;
  /** Team mode: the workstation that made the request (declared name and the address the server saw). */
  workstation: string | null;
}

/** The audit screen's event groups (what an information-governance review asks for). */
export const AUDIT_EVENT_GROUPS = {
  access: {
    label: 'Record access',
    actions: ['record.view', 'records.list', 'print.pdf', 'print.browser', 'audit.export'],
  },
  'sign-in-failed': {
    label: 'Failed sign-ins and unlocks',
    actions: ['auth.sign-in-failed', 'auth.unlock-failed', 'auth.locked-out'],
  },
  refusals: { label: 'Refusals', actions: ['access.denied'] },
  alerts: { label: 'Unusual access alerts', actions: ['access.unusual'] },
  restores: { label: 'Restores and recoveries', actions: ['data.restore', 'data.recover', 'data.recovery'] },
  accounts: {
    label: 'Accounts and passwords',
    actions: [
      'user.create',
      'user.update',
      'user.update+password-reset',
      'auth.password-change',
      'auth.sign-in',
    ],
  },
  rules: {
    label: 'Clinical rule sets',
    actions: [
      'rules.propose',
      'rules.approve',
      'rules.reject',
      'rules.save',
      'rules.setDefault',
      'rules.restoreShipped',
    ],
  },
} as const;
export type AuditEventGroup = keyof typeof AUDIT_EVENT_GROUPS;

/** Actions whose stored detail carries no clinical content, so the audit screen may show it. */
export function detailIsSafe(action: string): boolean {
  return /^(auth\.|user\.|settings\.|rules\.|access\.|data\.)/.test(action);
}

/**
 * A CSV cell that a spreadsheet cannot run: text starting with = + - @ (or a tab or carriage return) is
 * prefixed with an apostrophe (OWASP "CSV injection"); quotes are doubled and the cell quoted.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Words a field's own name is written in, said the way the service says them. */
const FIELD_WORDS: Record<string, string> = {
  mg: 'mg',
  mcg: 'micrograms',
  ml: 'mL',
  id: 'number',
  ids: 'numbers',
  ome: 'OME',
  nhs: 'NHS',
  gp: 'GP',
  mdt: 'MDT',
  prn: 'as-needed',
  gas: 'GAS',
  rtt: 'RTT',
  scs: 'SCS',
  rf: 'RF',
  '24h': '24 hours',
  json: '',
};

/**
 * A changed field's name in words for the record's history, for a field no screen has a label for:
 * "doseMg" reads "Dose mg", "planId" "Plan number", "omeMgPer24h" "OME mg per 24 hours", never the name in
 * the code (issue 18: no developer text on screen).
 */
export function auditFieldWords(key: string): string {
  const words = key
    .replace(/_/g, ' ')
    .replace(/([a-z])(\d)/g, '$1 $2')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => FIELD_WORDS[w] ?? w)
    .filter(Boolean);
  const text = words.join(' ');
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : 'Detail';
}
