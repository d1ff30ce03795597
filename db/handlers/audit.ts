import type { auditContract } from '../../shared/ipc/audit';
import { accessAlerts, searchAudit, subjectAccessExport } from '../services/audit-review';
import type { HandlersFor } from './types';

export const auditHandlers: HandlersFor<typeof auditContract> = {
  'audit:search': (ctx, input) => searchAudit(ctx, input),
  'audit:alerts': (ctx) => accessAlerts(ctx),
  'audit:subjectAccessExport': (ctx, input) => subjectAccessExport(ctx, input.patient),
};
