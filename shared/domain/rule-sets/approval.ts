import { z } from 'zod';
import type { RuleSetKind } from './kinds';

// ------------------------------------------------------------------ two-person approval (issue 17)

export type RuleSetChangeAction = 'rules.save' | 'rules.setDefault' | 'rules.restoreShipped';

/**
 * A proposed change to a clinical rule set. It takes effect only when a second person, a clinician marked
 * as clinical lead, approves it; proposer and approver are both audited.
 */
export interface RuleSetProposalView {
  id: number;
  kind: RuleSetKind;
  setKey: string;
  action: RuleSetChangeAction;
  /** What the change would save (the request as proposed). */
  request: { version: string; name?: string; source?: string; body?: unknown; reason: string };
  reason: string;
  proposedBy: string;
  proposedById: number;
  proposedAt: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export const decideProposalSchema = z.strictObject({
  proposalId: z.number().int().positive(),
  note: z.string().trim().max(500, 'At most 500 characters.').default(''),
});
