import { Text } from '@mantine/core';
import { normaliseDrugKey } from '../../../../shared/clinical/interventions/holds';
import type { RequestDetail } from '../../../../shared/domain/interventions';

/**
 * Why a hold plan's readiness item needs re-approval (issue 14: a change of date, list, cancellation or
 * medicines list makes an approval "needs re-approval" everywhere it shows, the readiness checklist
 * included), or null when it does not.
 */
export function reapprovalFor(detail: RequestDetail, itemId: string): string | null {
  const a = detail.antithrombotics.find((x) => `hold-plan-${normaliseDrugKey(x.drug)}` === itemId);
  if (!a || a.approved || !a.plan.needsApproval || !a.reapprovalNote) return null;
  return a.reapprovalNote.replace(/^Re-approval needed:\s*/, '');
}

/** The re-approval line under a readiness item (nothing when it does not apply). */
export function ReapprovalLine({ detail, itemId }: { detail: RequestDetail; itemId: string }) {
  const why = reapprovalFor(detail, itemId);
  if (!why) return null;
  return (
    <Text size="sm" fw={700} c="#9c3600">
      Needs prescriber re-approval: {why}
    </Text>
  );
}
