import type { mdtContract } from '../../shared/ipc/mdt';
import type { HandlersFor } from './types';

/** Handlers for the mdt operations (see shared/ipc/mdt.ts). */
export const mdtHandlers: HandlersFor<typeof mdtContract> = {};
