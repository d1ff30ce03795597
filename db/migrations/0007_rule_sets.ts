import { sql, type Kysely } from 'kysely';

/**
 * Versioned, administrator-editable clinical rule sets. Each row is one version of one set, immutable once
 * written: a trigger refuses UPDATE of anything but the one-time `superseded_*` marks, and DELETE. The
 * current version of a set is its row with `superseded_at IS NULL` (at most one, by a partial unique
 * index); a set with no rows uses the shipped value from the app's code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rule_set_versions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('set_key', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('superseded_at', 'text')
    .addColumn('superseded_by_id', 'integer', (c) => c.references('rule_set_versions.id'))
    .addUniqueConstraint('rule_set_versions_kind_set_version', ['kind', 'set_key', 'version'])
    .execute();
  // The current version of each set: one at most, found by index.
  await sql`CREATE UNIQUE INDEX rule_set_versions_current ON rule_set_versions (kind, set_key) WHERE superseded_at IS NULL`.execute(
    db,
  );
  await db.schema
    .createIndex('rule_set_versions_created_by')
    .on('rule_set_versions')
    .column('created_by')
    .execute();
  await db.schema
    .createIndex('rule_set_versions_superseded_by')
    .on('rule_set_versions')
    .column('superseded_by_id')
    .execute();
  await sql`
    CREATE TRIGGER rule_set_versions_immutable
    BEFORE UPDATE OF id, kind, set_key, version, name, source, body, is_default, created_at, created_by, reason
    ON rule_set_versions
    BEGIN
      SELECT RAISE(ABORT, 'rule set versions are immutable: save a new version');
    END`.execute(db);
  await sql`
    CREATE TRIGGER rule_set_versions_superseded_once
    BEFORE UPDATE OF superseded_at, superseded_by_id ON rule_set_versions
    WHEN OLD.superseded_by_id IS NOT NULL
      OR (OLD.superseded_at IS NOT NULL AND NEW.superseded_at IS NOT OLD.superseded_at)
    BEGIN
      SELECT RAISE(ABORT, 'rule set versions are immutable: this version was already superseded');
    END`.execute(db);
  await sql`
    CREATE TRIGGER rule_set_versions_no_delete
    BEFORE DELETE ON rule_set_versions
    BEGIN
      SELECT RAISE(ABORT, 'rule set versions are never deleted');
    END`.execute(db);
}
