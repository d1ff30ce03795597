import type { interventionsHistoryContract } from '../../shared/ipc/interventions-history';
import { procedureHistory } from '../services/interventions-history';
import type { HandlersFor } from './types';

/** Handlers for the procedure-history operation (see shared/ipc/interventions-history.ts). */
export const interventionsHistoryHandlers: HandlersFor<typeof interventionsHistoryContract> = {
  'interventions:procedureHistory': (ctx, input) => procedureHistory(ctx, input.patientId),
};
