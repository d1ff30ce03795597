import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatInstantGb } from '../../../../shared/dates';
import { ruleSetKind } from '../../../../shared/domain/rule-sets';
import { api } from '../../api/client';
import { useSession, useSignedIn } from '../../app/session';

const CHANGE: Record<string, string> = {
  'rules.save': 'New version',
  'rules.setDefault': 'Make default',
  'rules.restoreShipped': 'Restore the shipped version',
};

/**
 * Proposed rule-set changes (issue 17): nothing changes until a second person, a clinician marked as
 * clinical lead, approves. Leads see Approve and Reject; everyone sees what is waiting and who decided.
 */
export function Proposals() {
  const session = useSession();
  const me = useSignedIn();
  const queryClient = useQueryClient();
  const proposals = useQuery({
    queryKey: ['rules:proposals'],
    queryFn: () => api.call('rules:proposals', {}),
  });
  const decide = useMutation({
    mutationFn: async (v: { id: number; approve: boolean }) => {
      if (v.approve) await api.call('rules:approve', { proposalId: v.id });
      else await api.call('rules:reject', { proposalId: v.id });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['rules:proposals'] });
      await queryClient.invalidateQueries({ queryKey: ['rules:list'] });
      await queryClient.invalidateQueries({ queryKey: ['rules:active'] });
      await queryClient.invalidateQueries({ queryKey: ['rules:history'] });
    },
  });
  const pending = (proposals.data ?? []).filter((p) => p.status === 'pending');
  if (pending.length === 0) return null;
  const canDecide = session.can('rules.approve') && me.user.clinicalLead;
  return (
    <Paper p="md" withBorder>
      <Title order={2} size="h3" mb="xs">
        Waiting for a clinical lead’s approval
      </Title>
      {decide.error && (
        <Alert color="red" role="alert" mb="xs">
          {decide.error.message}
        </Alert>
      )}
      <Stack gap="xs">
        {pending.map((p) => (
          <Group key={p.id} justify="space-between" wrap="nowrap">
            <div>
              <Text size="sm" fw={600}>
                {ruleSetKind(p.kind).label}: {CHANGE[p.action] ?? p.action} {p.request.version}{' '}
                <Badge color="orange" variant="light">
                  Not in effect
                </Badge>
              </Text>
              <Text size="sm">
                Proposed by {p.proposedBy}, {formatInstantGb(p.proposedAt)}: {p.reason}
              </Text>
            </div>
            {canDecide && p.proposedById !== me.user.id && (
              <Group gap="xs" wrap="nowrap">
                <Button size="xs" onClick={() => decide.mutate({ id: p.id, approve: true })}>
                  Approve
                </Button>
                <Button
                  size="xs"
                  variant="light"
                  color="red"
                  onClick={() => decide.mutate({ id: p.id, approve: false })}
                >
                  Reject
                </Button>
              </Group>
            )}
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
