import { z } from 'zod';
import { confirmWarningsSchema, type MedicineEntry } from './medicines';

/**
 * Switching a short-acting benzodiazepine to diazepam (Ashton, issue 13): the request, and what is recorded
 * (the line stopped, the diazepam line started, the equivalence and the working), which the GP letter of a
 * later diazepam taper names.
 */
const id = z.number().int().positive();

export const switchToDiazepamSchema = z.strictObject({
  patientId: id,
  itemId: id,
  version: z.number().int().min(1),
  reason: z.string().trim().min(1, 'Enter the reason for the switch.').max(500, 'At most 500 characters.'),
  /** Entry warnings on the new diazepam line (e.g. above the maximum daily dose), confirmed with a reason. */
  confirmWarnings: confirmWarningsSchema.optional(),
});
export type SwitchToDiazepamInput = z.input<typeof switchToDiazepamSchema>;

/** A recorded switch, as the letter and the medicines screen show it. */
export interface DiazepamSwitchRecord {
  /** "Lorazepam tablets 1 mg twice a day" */
  fromText: string;
  fromMgPer24h: number;
  workedMgPer24h: number;
  diazepamMgPer24h: number;
  /** "lorazepam 1 mg ≈ diazepam 10 mg" */
  equivalence: string;
  /** "2 mg a day × 10 ÷ 1 = 20 mg a day" */
  working: string;
  /** The rule set used, with its source. */
  ruleSet: { id: string; version: string; name: string; source: string };
  switchedOn: string;
  reason: string;
}

export interface DiazepamSwitchResult {
  stopped: MedicineEntry;
  diazepam: MedicineEntry;
  switch: DiazepamSwitchRecord;
}
