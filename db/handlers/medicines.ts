import type { medicinesContract } from '../../shared/ipc/medicines';
import type { HandlersFor } from './types';

/** Handlers for the medicines operations (see shared/ipc/medicines.ts). */
export const medicinesHandlers: HandlersFor<typeof medicinesContract> = {};
