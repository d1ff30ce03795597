import type { dataContract } from '../../shared/ipc/data';
import { backupNow, backupPreview, dataStatus, restore, setBackupDir } from '../services/data';
import { importCommit, importPreview } from '../services/data-import';
import { recordPrint } from '../services/print';
import { dataAlerts } from '../health';
import type { HandlersFor } from './types';

/** Handlers for the data operations (see shared/ipc/data.ts). */
export const dataHandlers: HandlersFor<typeof dataContract> = {
  'data:status': (ctx) => dataStatus(ctx),
  // On the team server there is no file beside the database to hold alerts (its health: data:status).
  'data:alerts': async (ctx) => (ctx.conn.engine === 'postgres' ? [] : dataAlerts(ctx.conn.file)),
  'data:backupNow': (ctx) => backupNow(ctx),
  'data:setBackupDir': (ctx, input) => setBackupDir(ctx, input.dir),
  'data:backupPreview': (ctx, input) => backupPreview(ctx, input.name),
  'data:restore': (ctx, input) => restore(ctx, input.name, input.foreign ?? false),
  'data:importPreview': (ctx, input) => importPreview(ctx, input),
  'data:importCommit': (ctx, input) => importCommit(ctx, input.importId),
  'audit:print': (ctx, input) => recordPrint(ctx, input),
};
