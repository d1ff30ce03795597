import { sql, type Kysely } from 'kysely';
import { parseSite, type SiteSide } from '../../shared/clinical/interventions/sites';

/**
 * Issue 14: structured procedure sites. Each request gets a region and levels beside its side (the side
 * column already exists), so prerequisites and repeat intervals compare region, levels and side instead of
 * free text. Existing free-text sites are read where they can be ('L4-5' → lumbar L4-L5; 'right knee' →
 * knee); a site that cannot be read keeps `site_region` null and shows as "site not structured" until a
 * clinician records the region and levels.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('intervention_requests').addColumn('site_region', 'text').execute();
  /** Normalised levels, comma-separated ('L4-L5,L5-S1'); '' for a whole region. */
  await db.schema.alterTable('intervention_requests').addColumn('site_levels', 'text').execute();
  const rows = await sql<{ id: number; site: string; side: string }>`
    select id, site, side from intervention_requests`.execute(db);
  for (const r of rows.rows) {
    const s = parseSite(r.site, r.side as SiteSide);
    if (!s) continue;
    await sql`update intervention_requests set site_region = ${s.region}, site_levels = ${s.levels.join(',')}
      where id = ${r.id}`.execute(db);
  }
}
