/** One row of the append-only audit trail, as the renderer sees it. */
export interface AuditEntry {
  id: number;
  at: string;
  userId: number | null;
  userName: string | null;
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
