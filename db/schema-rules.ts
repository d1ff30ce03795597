import type { Generated } from 'kysely';

/**
 * One version of one clinical rule set (db/services/rule-sets.ts). Rows never change once written
 * (triggers refuse UPDATE of their content and DELETE); only `superseded_at` / `superseded_by_id` are set,
 * once, when a newer version of the same set is saved. The shipped versions live in code
 * (shared/domain/rule-sets.ts), not here.
 */
export interface RuleSetVersionsTable {
  id: Generated<number>;
  /** The kind of rule set, e.g. `ome-thresholds` (shared/domain/rule-sets.ts). */
  kind: string;
  /** Which set of that kind, e.g. `asra-esra-pain-2018`. */
  set_key: string;
  /** The version label, unique per set (shipped labels included), e.g. `1.1.0`. */
  version: string;
  name: string;
  source: string;
  /** The rule set's body as JSON (checked against the kind's schema before saving). */
  body: string;
  /** 1 when this set is the kind's default as of this version. */
  is_default: number;
  created_at: string;
  created_by: number | null;
  reason: string;
  /** Set once, when the next version of this set is saved (null: the current version). */
  superseded_at: string | null;
  superseded_by_id: number | null;
}

export interface RuleSetTables {
  rule_set_versions: RuleSetVersionsTable;
}
