import { zodResolver } from '@hookform/resolvers/zod';
import { Checkbox, NativeSelect, SimpleGrid, Table, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Controller, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { formatDateGb } from '../../../../shared/dates';
import {
  carryPlanSchema,
  PATHWAY_LABELS,
  PATHWAYS,
  type RehabGoal,
  type RehabPlan,
} from '../../../../shared/domain/rehab';
import { api } from '../../api/client';
import { FormActions, FormCard, useSaveForm } from './kit';
import { DateField } from '../../app/DateField';

const level = (v: number) => (v > 0 ? `+${v}` : v < 0 ? `−${-v}` : '0');

/** Where each goal stood at its latest rated review (the new plan's baseline follows it). */
export function latestLevel(plan: RehabPlan, goal: RehabGoal): number | null {
  for (let i = plan.reviews.length - 1; i >= 0; i--) {
    const r = plan.reviews[i]!.ratings.find((x) => x.goalId === goal.id);
    if (r && r.level !== null) return r.level;
  }
  return null;
}

/** The new baseline a carried goal starts from: −2 stays −2, anything better starts at −1 (as the service does). */
export const carriedBaseline = (plan: RehabPlan, goal: RehabGoal): -1 | -2 =>
  (latestLevel(plan, goal) ?? goal.baseline) <= -2 ? -2 : -1;

/** A goal that can be carried: not entered in error, withdrawn or replaced by an edited version (as the server checks). */
export const carryable = (g: RehabGoal): boolean =>
  g.enteredInError === null && (g.status === 'active' || g.status === 'achieved');

/** Close the active plan and start a new one, choosing which goals carry forward. */
export function CarryPlanForm({
  plan,
  onDone,
}: {
  plan: RehabPlan;
  onDone: (next: RehabPlan | null) => void;
}) {
  const qc = useQueryClient();
  const { register, handleSubmit, setError, formState, control } = useForm<
    z.input<typeof carryPlanSchema>,
    unknown,
    z.output<typeof carryPlanSchema>
  >({
    resolver: zodResolver(carryPlanSchema),
    defaultValues: {
      fromPlanId: plan.id,
      pathway: plan.pathway,
      treatmentStartDate: '',
      // Only goals that still count are offered (issue 15: withdrawn, replaced and in-error goals stay behind).
      goalIds: plan.goals.filter(carryable).map((g) => g.id),
    },
  });
  const e = formState.errors;
  const { formError, onSubmit } = useSaveForm(handleSubmit, setError, async (data) => {
    const next = await api.call('rehab:carryPlan', data);
    await qc.invalidateQueries({ queryKey: ['rehab:summary', plan.patientId] });
    onDone(next);
  });
  return (
    <FormCard
      label="Carry goals into a new plan"
      title="Carry goals into a new plan"
      intro={
        <Text size="sm">
          This plan will be closed (its goals and reviews stay in the record). Each goal you carry restarts in
          the new plan with its wording and GAS levels; its baseline is where it stood at its latest review
          (−2 stays −2, anything better starts at −1).
        </Text>
      }
      onSubmit={onSubmit}
      formError={formError}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NativeSelect
          label="Pathway of the new plan"
          {...register('pathway')}
          error={e.pathway?.message}
          data={PATHWAYS.map((p) => ({ value: p, label: PATHWAY_LABELS[p] }))}
        />
        <DateField
          label="Start of treatment (new plan)"
          {...register('treatmentStartDate')}
          error={e.treatmentStartDate?.message}
        />
      </SimpleGrid>
      <Controller
        control={control}
        name="goalIds"
        render={({ field }) => (
          <Table aria-label="Goals to carry">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Carry</Table.Th>
                <Table.Th>Goal</Table.Th>
                <Table.Th>Latest review</Table.Th>
                <Table.Th>New baseline</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {plan.goals.map((g, i) => {
                if (!carryable(g)) return null;
                const last = latestLevel(plan, g);
                const checked = field.value.includes(g.id);
                // The server names a refused goal by its place in the list sent (goalIds.n).
                const error = checked ? e.goalIds?.[field.value.indexOf(g.id)]?.message : undefined;
                return (
                  <Table.Tr key={g.id}>
                    <Table.Td>
                      <Checkbox
                        aria-label={`Carry goal ${i + 1}: ${g.activity}`}
                        checked={checked}
                        onChange={(ev) =>
                          field.onChange(
                            ev.currentTarget.checked
                              ? [...field.value, g.id]
                              : field.value.filter((x) => x !== g.id),
                          )
                        }
                      />
                    </Table.Td>
                    <Table.Td>
                      Goal {i + 1}: {g.activity}
                      <Text size="xs" c="dimmed">
                        Set {formatDateGb(g.setOn)}; baseline {level(g.baseline)}; target date{' '}
                        {formatDateGb(g.targetDate)}
                      </Text>
                      {error && (
                        <Text size="sm" c="red.9" role="alert">
                          {error}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{last === null ? 'Not rated' : `Level ${level(last)}`}</Table.Td>
                    <Table.Td>{checked ? level(carriedBaseline(plan, g)) : '—'}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      />
      {e.goalIds?.message && (
        <Text c="red.9" size="sm">
          {e.goalIds.message}
        </Text>
      )}
      <FormActions
        label="Close this plan and start the new one"
        submitting={formState.isSubmitting}
        onCancel={() => onDone(null)}
      />
    </FormCard>
  );
}
