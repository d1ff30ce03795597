import type { Kysely } from 'kysely';
import type { Selectable } from 'kysely';
import { can } from '../../shared/domain/roles';
import {
  checkRuleSet,
  RULE_SET_KINDS,
  RULE_SET_REGISTRY,
  ruleSetKind,
  shippedDefault,
  type ActiveRuleSetView,
  type InterventionRules,
  type MedicineRules,
  type RuleSetHeader,
  type RuleSetKind,
  type RuleSetKindSummary,
  type RuleSetSummary,
  type RuleSetValues,
  type RuleSetVersionView,
  type SaveRuleSetVersion,
  type ShippedRuleSet,
} from '../../shared/domain/rule-sets';
import { AppError } from '../../shared/result';
import type { Connection } from '../connection';
import { doseFieldsOf } from '../mappers/medicines';
import * as q from '../queries/rule-sets';
import type { DB } from '../schema';
import type { MedicineEntriesTable } from '../schema-medicines';
import type { RuleSetVersionsTable } from '../schema-rules';
import { compiledWith } from '../compiled';
import { writeAudit } from './audit';
import type { HandlerContext, Trx } from './context';
import { flagColumns, omeSummaryFor } from './medicines-ome';
import { omeThresholdFlags } from '../../shared/clinical/medicines/flags';

/**
 * The clinical rule-set store: versioned, administrator-editable rule sets (shared/domain/rule-sets.ts
 * lists the kinds, their schemas and shipped sets).
 *
 * - The current version of a set is its latest saved row, else the shipped value (code).
 * - The kind's default set is the one whose current row says `is_default`, newest first; else the shipped
 *   default. "Make default" and "restore shipped" save new versions too, so history is one list of rows.
 * - `activeRuleSet` is on hot paths (every OME, every hold plan): an in-memory cache per connection, checked
 *   against the newest row's id and time before each operation (`refreshRuleSets`) and reloaded by a save.
 */

// ------------------------------------------------------------------ active rule sets (the hot path)

export interface ActiveRuleSet<K extends RuleSetKind = RuleSetKind> {
  kind: K;
  setKey: string;
  name: string;
  version: string;
  source: string;
  example: boolean;
  /** True when no version has been saved: the shipped value is in use. */
  shipped: boolean;
  /** The saved row's id (null for the shipped value). */
  id: number | null;
  value: RuleSetValues[K];
}

interface KindCache {
  defaultSetKey: string;
  rows: Map<string, q.CurrentRuleSetRow>;
  values: Map<string, ActiveRuleSet>;
}
interface ConnectionCache {
  stamp: string;
  rows: (q.CurrentRuleSetRow & { kind: string })[];
  kinds: Map<RuleSetKind, KindCache>;
}
const caches = new WeakMap<Connection, ConnectionCache>();

/** Drops the connection's cached rule sets: the next {@link refreshRuleSets} reloads them. */
export function invalidateRuleSetCache(conn: Connection): void {
  const cache = caches.get(conn);
  if (cache) cache.stamp = '\u0000stale';
}

/**
 * Brings the connection's cache of current rule sets up to date: one small read (the newest row's id and
 * time) and, when that changed, one read of every current row. The dispatcher calls it before every
 * operation, so a save made by another request, process or server instance is in use from the next request.
 * `db` may be a transaction (a save reloads inside its own transaction, so what it recomputes uses the new
 * version); `force` reloads even when the stamp is unchanged.
 */
export async function refreshRuleSets(conn: Connection, db: Kysely<DB> | Trx = conn.db, force = false) {
  const stamp = await q.ruleSetStamp(db);
  const cache = caches.get(conn);
  if (cache && cache.stamp === stamp && !force) return;
  const rows = await q.currentRowsEveryKind(db);
  caches.set(conn, { stamp, rows, kinds: new Map() });
}

function cacheOf(conn: Connection): ConnectionCache {
  const cache = caches.get(conn);
  if (!cache)
    throw new Error('Rule sets were not loaded on this connection: call refreshRuleSets(conn) first.');
  return cache;
}

function exampleOf(body: unknown, shipped: ShippedRuleSet | undefined): boolean {
  const b = body as { isExample?: unknown; example?: unknown } | null;
  if (b && typeof b.isExample === 'boolean') return b.isExample;
  if (b && typeof b.example === 'boolean') return b.example;
  return shipped?.example ?? false;
}

function kindCache(conn: Connection, kind: RuleSetKind): KindCache {
  const cache = cacheOf(conn);
  let k = cache.kinds.get(kind);
  if (!k) {
    const rows = cache.rows.filter((r) => r.kind === kind);
    const byKey = new Map(rows.map((r) => [r.set_key, r]));
    // Newest current row that says it is the default; else the shipped default.
    const chosen = [...rows].reverse().find((r) => r.is_default === 1);
    k = { defaultSetKey: chosen?.set_key ?? shippedDefault(kind).setKey, rows: byKey, values: new Map() };
    cache.kinds.set(kind, k);
  }
  return k;
}

/**
 * The rule set a computation must use now: the current version of `setKey` (default: the kind's default
 * set). Synchronous, from the cache that {@link refreshRuleSets} keeps up to date (the dispatcher
 * refreshes it before every operation).
 *
 * @throws AppError NOT_FOUND for an unknown set; CONFLICT when a saved body no longer passes the kind's
 * checks (an administrator must save a new version; nothing is guessed).
 */
export function activeRuleSet<K extends RuleSetKind>(
  conn: Connection,
  kind: K,
  setKey?: string,
): ActiveRuleSet<K> {
  const k = kindCache(conn, kind);
  const key = setKey ?? k.defaultSetKey;
  const hit = k.values.get(key);
  if (hit) return hit as ActiveRuleSet<K>;
  const def = ruleSetKind(kind);
  const shipped = def.shipped.find((s) => s.setKey === key);
  const row = k.rows.get(key);
  let active: ActiveRuleSet<K>;
  if (row) {
    const header: RuleSetHeader = { setKey: key, name: row.name, version: row.version, source: row.source };
    const checked = checkRuleSet(kind, header, JSON.parse(row.body) as unknown);
    if (!checked.ok)
      throw new AppError(
        'CONFLICT',
        `The saved ${def.label.toLowerCase()} "${row.name}" version ${row.version} no longer passes the app's ` +
          'checks. An administrator must save a corrected version in Settings › Clinical rule sets.',
      );
    active = {
      kind,
      setKey: key,
      name: row.name,
      version: row.version,
      source: row.source,
      example: exampleOf(checked.body, shipped),
      shipped: false,
      id: row.id,
      value: checked.value,
    };
  } else if (shipped) {
    active = {
      kind,
      setKey: key,
      name: shipped.name,
      version: shipped.version,
      source: shipped.source,
      example: shipped.example,
      shipped: true,
      id: null,
      value: def.compose(shipped, shipped.body),
    };
  } else {
    throw new AppError('NOT_FOUND', `There is no ${def.label.toLowerCase()} set "${key}".`);
  }
  k.values.set(key, active as ActiveRuleSet);
  return active;
}

/** The OME factors, thresholds and combination flags in use now, for one calculation. */
export function medicineRules(conn: Connection): MedicineRules {
  return {
    ome: activeRuleSet(conn, 'ome-factors').value,
    thresholds: activeRuleSet(conn, 'ome-thresholds').value,
    combinations: activeRuleSet(conn, 'combination-flags').value,
    formulary: activeRuleSet(conn, 'formulary').value,
    taper: activeRuleSet(conn, 'taper-defaults').value,
    entryWarnings: activeRuleSet(conn, 'entry-warnings').value,
    checks: activeRuleSet(conn, 'medicine-checks').value,
    specialistFlags: activeRuleSet(conn, 'specialist-opioid-flags').value,
    taperClasses: activeRuleSet(conn, 'taper-class-defaults').value,
    taperLetter: activeRuleSet(conn, 'taper-letter').value,
    ashton: activeRuleSet(conn, 'benzodiazepine-taper').value,
  };
}

/** The anticoagulant holds (the default set, or the one named), commissioner rules and catalogue in use now. */
export function interventionRules(conn: Connection, holdSetKey?: string): InterventionRules {
  return {
    holds: activeRuleSet(conn, 'anticoagulant-holds', holdSetKey).value,
    commissioner: activeRuleSet(conn, 'commissioner-rules').value,
    catalogue: activeRuleSet(conn, 'procedure-catalogue').value,
    serotonergic: activeRuleSet(conn, 'serotonergic-procedures').value,
  };
}

// ------------------------------------------------------------------ reading for Settings

type Row = Awaited<ReturnType<typeof q.versionsOfSet>>[number];

function viewOfRow(
  kind: RuleSetKind,
  r: Row | (Selectable<RuleSetVersionsTable> & { created_by_name?: string | null }),
): RuleSetVersionView {
  const body = JSON.parse(r.body) as unknown;
  const shipped = ruleSetKind(kind).shipped.find((s) => s.setKey === r.set_key);
  return {
    kind,
    setKey: r.set_key,
    version: r.version,
    name: r.name,
    source: r.source,
    isDefault: r.is_default === 1,
    example: exampleOf(body, shipped),
    body,
    id: r.id,
    shipped: false,
    savedAt: r.created_at,
    savedBy: ('created_by_name' in r ? r.created_by_name : null) ?? null,
    reason: r.reason,
    supersededAt: r.superseded_at,
  };
}

function viewOfShipped(
  kind: RuleSetKind,
  s: ShippedRuleSet,
  supersededAt: string | null,
): RuleSetVersionView {
  return {
    kind,
    setKey: s.setKey,
    version: s.version,
    name: s.name,
    source: s.source,
    isDefault: s.isDefault,
    example: s.example,
    body: s.body,
    id: null,
    shipped: true,
    savedAt: null,
    savedBy: null,
    reason: null,
    supersededAt,
  };
}

function requireKind(kind: string): RuleSetKind {
  if (!(RULE_SET_KINDS as readonly string[]).includes(kind))
    throw new AppError('NOT_FOUND', 'There is no such kind of rule set.');
  return kind as RuleSetKind;
}

/** Every kind with its sets: current name, version, source, who saved it and when, and the default. */
export async function listRuleSets(ctx: HandlerContext): Promise<RuleSetKindSummary[]> {
  const db = ctx.conn.db;
  const [rows, counts] = await Promise.all([q.currentRowsAll(db), q.versionCounts(db)]);
  const countOf = new Map(counts.map((c) => [`${c.kind}|${c.set_key}`, Number(c.n)]));
  return RULE_SET_KINDS.map((kind) => {
    const def = RULE_SET_REGISTRY[kind];
    const defaultSetKey = activeRuleSet(ctx.conn, kind).setKey;
    const saved = rows.filter((r) => r.kind === kind);
    const keys = [...new Set([...def.shipped.map((s) => s.setKey), ...saved.map((r) => r.set_key)])];
    const sets: RuleSetSummary[] = keys.map((setKey) => {
      const shipped = def.shipped.find((s) => s.setKey === setKey);
      const row = saved.find((r) => r.set_key === setKey);
      const n = countOf.get(`${kind}|${setKey}`) ?? 0;
      const base = {
        setKey,
        isDefault: setKey === defaultSetKey,
        shippedVersion: shipped?.version ?? null,
        versions: n + (shipped ? 1 : 0),
      };
      if (row) {
        const v = viewOfRow(kind, row);
        return {
          ...base,
          name: v.name,
          version: v.version,
          source: v.source,
          example: v.example,
          shipped: false,
          savedAt: v.savedAt,
          savedBy: v.savedBy,
          reason: v.reason,
        };
      }
      const s = shipped!;
      return {
        ...base,
        name: s.name,
        version: s.version,
        source: s.source,
        example: s.example,
        shipped: true,
        savedAt: null,
        savedBy: null,
        reason: null,
      };
    });
    return {
      kind,
      label: def.label,
      area: def.area,
      description: def.description,
      editor: def.editor,
      multipleSets: def.multipleSets,
      defaultSetKey,
      sets,
    };
  });
}

/** Every version of a set, newest first; the shipped version (if the set is shipped) last. */
export async function ruleSetHistory(
  ctx: HandlerContext,
  input: { kind: RuleSetKind; setKey: string },
): Promise<RuleSetVersionView[]> {
  const kind = requireKind(input.kind);
  const rows = await q.versionsOfSet(ctx.conn.db, kind, input.setKey);
  const shipped = RULE_SET_REGISTRY[kind].shipped.find((s) => s.setKey === input.setKey);
  if (!shipped && rows.length === 0) throw new AppError('NOT_FOUND', 'There is no such rule set.');
  const views = rows.map((r) => viewOfRow(kind, r));
  if (shipped) {
    const oldest = rows[rows.length - 1];
    views.push(viewOfShipped(kind, shipped, oldest ? oldest.created_at : null));
  }
  return views;
}

/** One version of a set (saved or shipped). */
export async function ruleSetVersion(
  ctx: HandlerContext,
  input: { kind: RuleSetKind; setKey: string; version: string },
): Promise<RuleSetVersionView> {
  const all = await ruleSetHistory(ctx, input);
  const v = all.find((x) => x.version === input.version);
  if (!v) throw new AppError('NOT_FOUND', `Version ${input.version} of this rule set is not on record.`);
  return v;
}

/** The rule set in use now (for screens that show or prefill from it, e.g. taper defaults). */
export async function activeRuleSetView(
  ctx: HandlerContext,
  input: { kind: RuleSetKind; setKey?: string | undefined },
): Promise<ActiveRuleSetView> {
  const a = activeRuleSet(ctx.conn, requireKind(input.kind), input.setKey);
  return {
    kind: a.kind,
    setKey: a.setKey,
    name: a.name,
    version: a.version,
    source: a.source,
    example: a.example,
    shipped: a.shipped,
    value: a.value,
  };
}

// ------------------------------------------------------------------ writing (administrators only)

function requireManager(ctx: HandlerContext): number | null {
  if (!ctx.session || !can(ctx.session.role, 'rules.manage'))
    throw new AppError('FORBIDDEN', 'Your role may not propose clinical rule-set changes.');
  return ctx.session.userId;
}

function refuse(fields: Record<string, string>): never {
  const messages = Object.values(fields);
  throw new AppError(
    'VALIDATION',
    messages.length === 1 ? messages[0]! : `${messages.length} fields need attention; nothing was saved.`,
    fields,
  );
}

interface NewVersion {
  kind: RuleSetKind;
  header: RuleSetHeader;
  body: unknown;
  reason: string;
  /** Force the default flag (make default); otherwise the set keeps its current standing. */
  makeDefault?: boolean;
  action: 'rules.save' | 'rules.setDefault' | 'rules.restoreShipped';
  /** Set when a clinical lead approves someone's proposal (db/services/rule-approvals.ts): the proposer. */
  createdBy?: number;
}

/** What a save recomputed in the same transaction (stored aggregates that depend on the rules). */
export interface RecomputeReport {
  patientOmeRows: number;
  patientOmeChanged: number;
  ms: number;
}

/**
 * Saves one new version in one transaction: checks (schema + pure validator; the version must be new for
 * the set, shipped label included), inserts the row, marks the previous one superseded, recomputes what
 * depends on the rules, and writes the audit row. Nothing is saved if any step fails.
 */
async function saveNewVersion(ctx: HandlerContext, v: NewVersion): Promise<RuleSetVersionView> {
  const userId = v.createdBy ?? requireManager(ctx);
  const def = ruleSetKind(v.kind);
  const shipped = def.shipped.find((s) => s.setKey === v.header.setKey);
  if (!shipped && !def.multipleSets)
    refuse({ setKey: `${def.label} has one set (${def.shipped[0]!.setKey}); save a new version of it.` });
  const checked = checkRuleSet(v.kind, v.header, v.body);
  if (!checked.ok) refuse(checked.fields);

  try {
    return await ctx.conn.db.transaction().execute(async (trx) => {
      const previous = await q.currentRowOfSet(trx, v.kind, v.header.setKey);
      if (!previous && !shipped && v.action !== 'rules.save')
        throw new AppError('NOT_FOUND', 'There is no such rule set.');
      if (
        shipped?.version === v.header.version ||
        (await q.versionTaken(trx, v.kind, v.header.setKey, v.header.version))
      )
        refuse({
          version: `Version ${v.header.version} is already used for this set; choose a new version.`,
        });
      const before = activeRuleSet(ctx.conn, v.kind);
      const wasDefault = before.setKey === v.header.setKey;
      if (v.makeDefault && wasDefault)
        throw new AppError('CONFLICT', `${v.header.name} is already the default ${def.label.toLowerCase()}.`);
      const at = ctx.now().toISOString();
      if (previous) await q.markSuperseded(trx, previous.id, at);
      const id = await q.insertVersion(trx, {
        kind: v.kind,
        set_key: v.header.setKey,
        version: v.header.version,
        name: v.header.name,
        source: v.header.source,
        body: JSON.stringify(checked.body),
        is_default: v.makeDefault || wasDefault ? 1 : 0,
        created_at: at,
        created_by: userId,
        reason: v.reason,
        superseded_at: null,
        superseded_by_id: null,
      });
      if (previous) await q.linkSuccessor(trx, previous.id, id);
      await refreshRuleSets(ctx.conn, trx, true);
      const recomputed = await recomputeDependants(trx, ctx.conn, v.kind, at);
      await writeAudit(trx, ctx, {
        action: v.action,
        entity: 'rule_set',
        entityId: id,
        before: previous
          ? { kind: v.kind, setKey: previous.set_key, version: previous.version, name: previous.name }
          : shipped
            ? {
                kind: v.kind,
                setKey: shipped.setKey,
                version: shipped.version,
                name: shipped.name,
                shipped: true,
              }
            : null,
        after: {
          kind: v.kind,
          setKey: v.header.setKey,
          version: v.header.version,
          name: v.header.name,
          source: v.header.source,
          isDefault: v.makeDefault || wasDefault,
          reason: v.reason,
          ...(recomputed ? { recomputed } : {}),
        },
      });
      const saved = (await q.versionsOfSet(trx, v.kind, v.header.setKey)).find((r) => r.id === id)!;
      return viewOfRow(v.kind, saved);
    });
  } finally {
    // Also after a rollback: the cache may have read the uncommitted row.
    await refreshRuleSets(ctx.conn, ctx.conn.db, true);
  }
}

export async function saveRuleSetVersion(
  ctx: HandlerContext,
  input: SaveRuleSetVersion,
  approvedFor?: number,
): Promise<RuleSetVersionView> {
  return saveNewVersion(ctx, {
    ...(approvedFor !== undefined ? { createdBy: approvedFor } : {}),
    kind: input.kind,
    header: { setKey: input.setKey, name: input.name, version: input.version, source: input.source },
    body: input.body,
    reason: input.reason,
    action: 'rules.save',
  });
}

/** Makes a set the kind's default: a new version of it (same body) that says so. */
export async function setDefaultRuleSet(
  ctx: HandlerContext,
  input: { kind: RuleSetKind; setKey: string; version: string; reason: string },
  approvedFor?: number,
): Promise<RuleSetVersionView> {
  if (approvedFor === undefined) requireManager(ctx);
  const current = activeRuleSet(ctx.conn, input.kind, input.setKey);
  const body = (await ruleSetHistory(ctx, input))[0]!.body;
  return saveNewVersion(ctx, {
    kind: input.kind,
    header: { setKey: input.setKey, name: current.name, version: input.version, source: current.source },
    body,
    reason: input.reason,
    makeDefault: true,
    action: 'rules.setDefault',
    ...(approvedFor !== undefined ? { createdBy: approvedFor } : {}),
  });
}

/** "Restore shipped version": a new version whose name, source and body are the shipped ones. */
export async function restoreShippedRuleSet(
  ctx: HandlerContext,
  input: { kind: RuleSetKind; setKey: string; version: string; reason: string },
  approvedFor?: number,
): Promise<RuleSetVersionView> {
  if (approvedFor === undefined) requireManager(ctx);
  const shipped = ruleSetKind(input.kind).shipped.find((s) => s.setKey === input.setKey);
  if (!shipped)
    throw new AppError('NOT_FOUND', 'This set was not shipped with the app; there is nothing to restore.');
  return saveNewVersion(ctx, {
    kind: input.kind,
    header: { setKey: input.setKey, name: shipped.name, version: input.version, source: shipped.source },
    body: shipped.body,
    reason: input.reason,
    action: 'rules.restoreShipped',
    ...(approvedFor !== undefined ? { createdBy: approvedFor } : {}),
  });
}

// ------------------------------------------------------------------ stored results that depend on the rules

/**
 * When OME factors or thresholds change, every patient's stored OME total and flags (patient_ome, which the
 * worklists, service view and MDT suggestions read) is recomputed in the save's own transaction with the
 * new version, so they never silently disagree with it. Only rows that change are written. Each row then
 * records the OME rule set version used. (Medicine lines keep the OME they were recorded with, and the OME
 * chart keeps its dated history: those are records of what was computed at the time.)
 */
async function recomputeDependants(
  trx: Trx,
  conn: Connection,
  kind: RuleSetKind,
  at: string,
): Promise<RecomputeReport | null> {
  if (kind === 'ome-factors') return recomputeAllPatientOme(trx, conn, medicineRules(conn), at);
  if (kind === 'ome-thresholds') return recomputeThresholdFlags(trx, conn, medicineRules(conn), at);
  // Combination flags change only their wording (the triggers are fixed): nothing stored changes.
  return null;
}

const OME_COLUMNS = [
  'total_mg_per_24h',
  'complete',
  'estimated',
  'high_dose',
  'harm_rises',
  'flag_opioid_benzo',
  'flag_opioid_gabapentinoid',
  'flag_multiple_opioids',
  'flag_gabapentin_pregabalin',
  'rule_set_id',
  'rule_set_version',
] as const;

/** Every patient's OME total and flags from their current medicines (after an OME factor change). */
export async function recomputeAllPatientOme(
  trx: Kysely<DB> | Trx,
  conn: Connection,
  rules: MedicineRules,
  at: string,
): Promise<RecomputeReport> {
  const started = performance.now();
  const lines = await q.allActiveMedicineLines(trx);
  const stored = await q.allPatientOme(trx);
  const byPatient = new Map<number, typeof lines>();
  for (const l of lines) {
    let list = byPatient.get(l.patient_id);
    if (!list) byPatient.set(l.patient_id, (list = []));
    list.push(l);
  }
  let changed = 0;
  // Many patients share the same regimen: the stored columns depend only on the set of lines, so each
  // distinct set is computed once.
  const memo = new Map<string, ReturnType<typeof flagColumns>>();
  for (const row of stored) {
    const active = (byPatient.get(row.patient_id) ?? []).map((l) =>
      doseFieldsOf(l as Selectable<MedicineEntriesTable>),
    );
    const key = active
      .map((f) => JSON.stringify(f))
      .sort()
      .join('\n');
    let cols = memo.get(key);
    if (!cols) memo.set(key, (cols = flagColumns(omeSummaryFor(active, rules))));
    if (OME_COLUMNS.every((c) => cols[c] === row[c])) continue;
    await updateOme.execute(trx, { ...cols, computed_at: at, patient_id: row.patient_id });
    changed++;
  }
  return {
    patientOmeRows: stored.length,
    patientOmeChanged: changed,
    ms: Math.round(performance.now() - started),
  };
}

/**
 * After a thresholds change only the threshold flags can change, and they depend only on the stored total:
 * each is worked out again by the shared rule (`omeThresholdFlags`) from that total.
 */
export async function recomputeThresholdFlags(
  trx: Kysely<DB> | Trx,
  conn: Connection,
  rules: MedicineRules,
  at: string,
): Promise<RecomputeReport> {
  const started = performance.now();
  const stored = await q.allPatientOmeTotals(trx);
  let changed = 0;
  for (const row of stored) {
    const codes = omeThresholdFlags(row.total_mg_per_24h, rules.thresholds).map((f) => f.code);
    const high = codes.includes('OME_HIGH_DOSE') ? 1 : 0;
    const harm = codes.includes('OME_HARM_RISES') ? 1 : 0;
    if (high === row.high_dose && harm === row.harm_rises) continue;
    await updateThresholdFlags.execute(trx, { high, harm, at, patientId: row.patient_id });
    changed++;
  }
  return {
    patientOmeRows: stored.length,
    patientOmeChanged: changed,
    ms: Math.round(performance.now() - started),
  };
}

type OmeColumns = ReturnType<typeof flagColumns>;
type OmeUpdate = { [C in (typeof OME_COLUMNS)[number]]: OmeColumns[C] } & {
  computed_at: string;
  patient_id: number;
};
/** One patient's stored OME total and flags (compiled once: a factor change may update 100,000 rows). */
const updateOme = compiledWith<OmeUpdate>()((db, p) =>
  db
    .updateTable('patient_ome')
    .set({
      total_mg_per_24h: p('total_mg_per_24h'),
      complete: p('complete'),
      estimated: p('estimated'),
      high_dose: p('high_dose'),
      harm_rises: p('harm_rises'),
      flag_opioid_benzo: p('flag_opioid_benzo'),
      flag_opioid_gabapentinoid: p('flag_opioid_gabapentinoid'),
      flag_multiple_opioids: p('flag_multiple_opioids'),
      flag_gabapentin_pregabalin: p('flag_gabapentin_pregabalin'),
      rule_set_id: p('rule_set_id'),
      rule_set_version: p('rule_set_version'),
      computed_at: p('computed_at'),
    })
    .where('patient_id', '=', p('patient_id')),
);
const updateThresholdFlags = compiledWith<{ high: number; harm: number; at: string; patientId: number }>()(
  (db, p) =>
    db
      .updateTable('patient_ome')
      .set({ high_dose: p('high'), harm_rises: p('harm'), computed_at: p('at') })
      .where('patient_id', '=', p('patientId')),
);
