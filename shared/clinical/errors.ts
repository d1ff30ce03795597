/**
 * The one error type thrown by the pure clinical calculations in `shared/clinical`.
 *
 * Callers (services, the UI, independent checks) can branch on `code` and show `message` to a clinician;
 * `field` names the input that was wrong where there is one.
 */
export type ClinicalInputErrorCode =
  | 'INVALID_DOSE'
  | 'INVALID_ROUTE'
  | 'INVALID_DATE'
  | 'INVALID_ITEMS'
  | 'INVALID_INPUT'
  | 'UNKNOWN_DRUG'
  | 'UNKNOWN_MEASURE';

export class ClinicalInputError extends Error {
  readonly code: ClinicalInputErrorCode;
  readonly field: string | undefined;

  constructor(code: ClinicalInputErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'ClinicalInputError';
    this.code = code;
    this.field = field;
  }
}

/**
 * A clinical rule set is data: a name, a version and the source it comes from. Every computed result
 * records which rule set and version produced it.
 */
export interface RuleSetMeta {
  /** Stable identifier, e.g. `opioids-aware-2020`. */
  id: string;
  name: string;
  version: string;
  /** Where the numbers come from (publication, date, URL or section). */
  source: string;
}
