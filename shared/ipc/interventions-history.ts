/** Procedure history on the patient record (issue 14). Spread into `contract` in contract.ts. */
import { procedureHistoryInputSchema, type ProcedureHistory } from '../domain/interventions-history';
import { op } from './operation';

export const interventionsHistoryContract = {
  'interventions:procedureHistory': op<ProcedureHistory>()({
    input: procedureHistoryInputSchema,
    access: 'patient.read',
    write: false,
    reads: { kind: 'patient', patientId: (i) => i.patientId },
    summary:
      'A patient’s procedure history: procedures done, earliest first, with site and side, outcome (relief, how long, assessment date, PGIC) and complications.',
  }),
} as const;
