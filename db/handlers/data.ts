import type { dataContract } from '../../shared/ipc/data';
import type { HandlersFor } from './types';

/** Handlers for the data operations (see shared/ipc/data.ts). */
export const dataHandlers: HandlersFor<typeof dataContract> = {};
