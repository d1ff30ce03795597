import { Badge, Button, Card, Group, SimpleGrid, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { formatDateGb } from '../../../../shared/dates';
import { LIFE_DOMAIN_LABELS, type RehabPlan } from '../../../../shared/domain/rehab';
import { GOAL_STATUS_LABELS } from '../../../../shared/domain/rehab-safety';
import { api } from '../../api/client';
import { EnteredInErrorAction, EnteredInErrorNote, ReasonAction, struck } from './Corrections';
import { GoalForm } from './GoalForm';

/** The plan's goals, each with its GAS levels and its actions: edit (new version), achieved, withdrawn, in error. */
export function Goals({ plan, canWrite }: { plan: RehabPlan; canWrite: boolean }) {
  const [editing, setEditing] = useState<number | null>(null);
  if (plan.goals.length === 0) return <Text c="dimmed">No goals yet.</Text>;
  const lastReview = plan.reviews.filter((r) => r.enteredInError === null).at(-1);
  const editable = canWrite && plan.status === 'active';
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      {plan.goals.map((g, i) => {
        const rating = lastReview?.ratings.find((r) => r.goalId === g.id);
        if (editing === g.id)
          return <GoalForm key={g.id} plan={plan} goal={g} onDone={() => setEditing(null)} />;
        return (
          <Card key={g.id} withBorder component="article" aria-label={`Goal ${i + 1}`}>
            <Group justify="space-between" mb="xs">
              <Text fw={700} style={g.enteredInError ? struck : undefined}>
                Goal {i + 1}: {g.activity}
              </Text>
              <Group gap={4}>
                {g.status !== 'active' && (
                  // Achieved: filled in the brand colour (white on dark teal). "green.9" with the light variant
                  // drew its text in the colour of its fill, so "Achieved" could not be read (issue 15 walk).
                  <Badge
                    color={g.status === 'achieved' ? 'brand' : 'gray'}
                    variant={g.status === 'achieved' ? 'filled' : 'light'}
                  >
                    {GOAL_STATUS_LABELS[g.status]}
                  </Badge>
                )}
                <Badge color="brand" variant="light">
                  {LIFE_DOMAIN_LABELS[g.domain]}
                </Badge>
              </Group>
            </Group>
            {g.enteredInError && <EnteredInErrorNote error={g.enteredInError} />}
            {g.statusReason && (
              <Text size="xs" c="dimmed">
                {GOAL_STATUS_LABELS[g.status]}
                {g.statusOn ? ` on ${formatDateGb(g.statusOn)}` : ''}: {g.statusReason}
              </Text>
            )}
            {editable && !g.enteredInError && g.status === 'active' && (
              <Group gap={4}>
                <Button size="compact-xs" variant="subtle" onClick={() => setEditing(g.id)}>
                  Edit…
                </Button>
                <ReasonAction
                  label="Mark achieved…"
                  confirmLabel="Mark achieved"
                  patientId={plan.patientId}
                  run={(reason) => api.call('rehab:goalStatus', { goalId: g.id, status: 'achieved', reason })}
                />
                <ReasonAction
                  label="Withdraw…"
                  confirmLabel="Withdraw the goal"
                  patientId={plan.patientId}
                  run={(reason) =>
                    api.call('rehab:goalStatus', { goalId: g.id, status: 'withdrawn', reason })
                  }
                />
                <EnteredInErrorAction target="goal" id={g.id} patientId={plan.patientId} />
              </Group>
            )}
            <Text fs="italic">“{g.whatMatters}”</Text>
            <Text size="sm" mt="xs">
              Measure: {g.measure}. Target: {g.target} by {formatDateGb(g.targetDate)}.
              {g.ownerName ? ` Owner: ${g.ownerName}.` : ''}
              {g.weight ? ` Weight ${g.weight}.` : ''}
            </Text>
            <Table mt="xs" fz="sm" withRowBorders={false}>
              <tbody>
                {(
                  [
                    ['+2', g.levels.plus2, 2],
                    ['+1', g.levels.plus1, 1],
                    ['0', g.levels.zero, 0],
                    ['−1', g.levels.minus1, -1],
                    ['−2', g.levels.minus2, -2],
                  ] as const
                ).map(([label, text, level]) => (
                  <tr key={label} style={rating?.level === level ? { background: '#e3eefa' } : undefined}>
                    <td style={{ width: 36, fontWeight: 700 }}>{label}</td>
                    <td>
                      {text}
                      {g.baseline === level ? ' (baseline)' : ''}
                      {rating?.level === level ? ' ← latest review' : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </Card>
        );
      })}
    </SimpleGrid>
  );
}
