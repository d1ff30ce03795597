/**
 * The open risk alerts a patient banner shows beside the allergies (for example a safeguarding concern or a
 * suicide-risk flag raised in rehabilitation). One place fills this slot for every banner: the module that
 * records alerts replaces the body of `usePatientRiskAlerts` with its query. Until then there are none.
 */
export interface RiskAlert {
  /** Stable key for the list. */
  key: string;
  /** What the banner shows, written for clinicians: 'Suicide risk: reviewed 07-Mar-2026'. */
  label: string;
  /** Longer text for the tooltip. */
  detail?: string;
}

export function usePatientRiskAlerts(_patientId: number): readonly RiskAlert[] {
  return NONE;
}
const NONE: readonly RiskAlert[] = [];
