import { z } from 'zod';
import type { MedicineCheck } from '../clinical/medicines/checks';
import { isoDate, requiredText } from './patient';

/** Pregnancy and breastfeeding as the medicine checks record them. */
export const PREGNANCY_STATUSES = ['pregnant', 'breastfeeding', 'neither'] as const;
export type PregnancyStatusValue = (typeof PREGNANCY_STATUSES)[number];
export const PREGNANCY_STATUS_LABELS: Record<PregnancyStatusValue, string> = {
  pregnant: 'Pregnant or planning pregnancy',
  breastfeeding: 'Breastfeeding',
  neither: 'Neither pregnant nor breastfeeding',
};

const id = z.number().int().positive();

/** Facts the checks ask for: weight and serum creatinine with the result date, and/or pregnancy status. */
export const recordMedicineFactsSchema = z
  .strictObject({
    patientId: id,
    renal: z
      .strictObject({
        weightKg: z
          .number('Enter the weight in kg.')
          .min(20, 'Enter a weight between 20 and 400 kg.')
          .max(400, 'Enter a weight between 20 and 400 kg.'),
        creatinineUmolPerL: z
          .number('Enter the serum creatinine in micromol/L.')
          .min(10, 'Enter a serum creatinine between 10 and 3000 micromol/L.')
          .max(3000, 'Enter a serum creatinine between 10 and 3000 micromol/L.'),
        resultDate: isoDate('The date of the creatinine result'),
      })
      .optional(),
    pregnancy: z.enum(PREGNANCY_STATUSES, 'Choose pregnant, breastfeeding or neither.').optional(),
  })
  .refine((v) => v.renal !== undefined || v.pregnancy !== undefined, {
    message: 'Record the kidney function or the pregnancy status.',
    path: ['renal'],
  });
export type RecordMedicineFacts = z.infer<typeof recordMedicineFactsSchema>;

/** A reason (for a warning) or a note of what was done (for a prompt), for one check as it stands now. */
export const acknowledgeCheckSchema = z.strictObject({
  patientId: id,
  key: z.string().min(1).max(500),
  reason: requiredText(1000, 'Reason'),
});
export type AcknowledgeCheck = z.infer<typeof acknowledgeCheckSchema>;

/** A check with the reason recorded for it (null: none yet). */
export type MedicineCheckView = MedicineCheck & {
  acknowledged: { reason: string; by: string | null; at: string; ruleSetVersion: string } | null;
};

export interface MedicineChecksView {
  checks: MedicineCheckView[];
  facts: {
    renal: {
      weightKg: number;
      creatinineUmolPerL: number;
      resultDate: string;
      /** Cockcroft-Gault, or null when it cannot be worked out (under 18). */
      creatinineClearance: { mlPerMin: number; explanation: string } | null;
      recordedAt: string;
    } | null;
    pregnancy: { status: PregnancyStatusValue; recordedAt: string } | null;
  };
  ruleSet: { id: string; name: string; version: string; source: string };
}
