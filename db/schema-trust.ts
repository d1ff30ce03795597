/**
 * Issue 17 (migration 0060): the database generation (changed by every restore and recovery), and the
 * two audit_log columns a restore fills for rows carried over from the replaced database. Those columns
 * are written only by the restore (db/backup-restore.ts, raw SQL), so the audit writer's row type
 * (AuditLogTable) does not list them.
 */
export interface DatabaseGenerationTable {
  id: number;
  generation: string;
  changed_at: string;
}

export interface AuditCarryColumns {
  /** null: written here; 'replaced-database': carried from the database a restore replaced; 'backup': a backup row given a new id. */
  carried_over: string | null;
  /** The row's id before it was carried over. */
  original_id: number | null;
}

/** Migration 0200: team-mode sessions (the server's; the desktop keeps its sessions in memory). */
export interface SessionsTable {
  token_hash: string;
  user_id: number;
  username: string;
  display_name: string;
  role: string;
  clinical_lead: number;
  must_change_password: number;
  locked: number;
  generation: string;
  signed_in_at: string;
  last_activity_at: string;
  expires_at: string;
}

export interface TrustTables {
  database_generation: DatabaseGenerationTable;
  sessions: SessionsTable;
}
