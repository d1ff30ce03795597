import type { rehabContract } from '../../shared/ipc/rehab';
import type { HandlersFor } from './types';

/** Handlers for the rehab operations (see shared/ipc/rehab.ts). */
export const rehabHandlers: HandlersFor<typeof rehabContract> = {};
