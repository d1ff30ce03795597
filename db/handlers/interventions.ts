import type { interventionsContract } from '../../shared/ipc/interventions';
import type { HandlersFor } from './types';

/** Handlers for the interventions operations (see shared/ipc/interventions.ts). */
export const interventionsHandlers: HandlersFor<typeof interventionsContract> = {};
