import { sql, type Kysely } from 'kysely';
import { BASELINE_STATEMENTS } from './0001_baseline-sql';

/**
 * The PostgreSQL baseline: the same tables, columns, constraints, indexes and shipped rows as the SQLite
 * migrations up to version 200 (0001_baseline-sql.ts, generated from them), dates as ISO text and flags as
 * integers so the queries are the same on both engines, identity columns for ids. The triggers are
 * PostgreSQL's own versions of the SQLite ones. Never edit a shipped migration: add the next number.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of BASELINE_STATEMENTS) await sql.raw(statement).execute(db);

  // A new database's generation (sessions end when it changes: a restore).
  await sql`INSERT INTO database_generation (id, generation, changed_at)
    VALUES (1, md5(random()::text || clock_timestamp()::text),
            to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`.execute(db);

  // The audit trail is append-only for everyone, the owner included (the trigger); the application role
  // is also never granted UPDATE, DELETE or TRUNCATE on it (db/pg-roles.ts), and PUBLIC has nothing.
  await sql`CREATE FUNCTION alongside_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'insufficient_privilege'; END $$`.execute(db);
  await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION alongside_refuse('audit_log is append-only')`.execute(db);
  await sql`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION alongside_refuse('audit_log is append-only')`.execute(db);
  await sql`REVOKE ALL ON audit_log FROM PUBLIC`.execute(db);

  // Rule set versions: immutable, superseded once, never deleted.
  await sql`CREATE TRIGGER rule_set_versions_immutable
    BEFORE UPDATE OF id, kind, set_key, version, name, source, body, is_default, created_at, created_by, reason
    ON rule_set_versions FOR EACH ROW
    EXECUTE FUNCTION alongside_refuse('rule set versions are immutable: save a new version')`.execute(db);
  await sql`CREATE TRIGGER rule_set_versions_superseded_once
    BEFORE UPDATE OF superseded_at, superseded_by_id ON rule_set_versions FOR EACH ROW
    WHEN (OLD.superseded_by_id IS NOT NULL
      OR (OLD.superseded_at IS NOT NULL AND NEW.superseded_at IS DISTINCT FROM OLD.superseded_at))
    EXECUTE FUNCTION alongside_refuse('rule set versions are immutable: this version was already superseded')`.execute(
    db,
  );
  await sql`CREATE TRIGGER rule_set_versions_no_delete BEFORE DELETE ON rule_set_versions FOR EACH ROW
    EXECUTE FUNCTION alongside_refuse('rule set versions are never deleted')`.execute(db);

  // MDT letters: a sent letter is frozen; a template version never changes.
  await sql`CREATE TRIGGER mdt_letters_sent_frozen BEFORE UPDATE ON mdt_letters FOR EACH ROW
    WHEN (OLD.status = 'sent' AND (
      OLD.superseded_at IS NOT NULL
      OR NEW.status IS DISTINCT FROM OLD.status OR NEW.body IS DISTINCT FROM OLD.body
      OR NEW.problem IS DISTINCT FROM OLD.problem OR NEW.outcome_id IS DISTINCT FROM OLD.outcome_id
      OR NEW.patient_id IS DISTINCT FROM OLD.patient_id OR NEW.audience IS DISTINCT FROM OLD.audience
      OR NEW.recipient_name IS DISTINCT FROM OLD.recipient_name
      OR NEW.template_id IS DISTINCT FROM OLD.template_id
      OR NEW.template_version IS DISTINCT FROM OLD.template_version
      OR NEW.generated_at IS DISTINCT FROM OLD.generated_at OR NEW.sent_at IS DISTINCT FROM OLD.sent_at
      OR NEW.sent_by IS DISTINCT FROM OLD.sent_by
      OR NEW.replaces_letter_id IS DISTINCT FROM OLD.replaces_letter_id))
    EXECUTE FUNCTION alongside_refuse('a sent letter cannot be changed')`.execute(db);
  // A template version never changes, except that a clinical lead may mark it approved locally, once.
  await sql`CREATE TRIGGER mdt_letter_templates_frozen BEFORE UPDATE ON mdt_letter_templates FOR EACH ROW
    WHEN (NOT (OLD.approved_at IS NULL AND NEW.approved_at IS NOT NULL AND NEW.approved_by IS NOT NULL
      AND NEW.template_id IS NOT DISTINCT FROM OLD.template_id AND NEW.audience IS NOT DISTINCT FROM OLD.audience
      AND NEW.name IS NOT DISTINCT FROM OLD.name AND NEW.version IS NOT DISTINCT FROM OLD.version
      AND NEW.body IS NOT DISTINCT FROM OLD.body AND NEW.source IS NOT DISTINCT FROM OLD.source
      AND NEW.change_note IS NOT DISTINCT FROM OLD.change_note AND NEW.example IS NOT DISTINCT FROM OLD.example
      AND NEW.created_at IS NOT DISTINCT FROM OLD.created_at))
    EXECUTE FUNCTION alongside_refuse('a letter template version cannot be changed; create a new version')`.execute(
    db,
  );
}
