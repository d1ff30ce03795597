import { Button, Checkbox, Group, NumberInput, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { londonToday } from '../../../../shared/dates';
import { formatDose, type TaperPlan } from '../../../../shared/domain/medicines';
import { api } from '../../api/client';
import { DateField } from '../../app/DateField';
import { serverFieldErrors } from '../../app/forms';

/** How plan events are named to clinicians. */
export const PLAN_EVENT_LABELS: Record<string, string> = {
  'signed-off': 'Signed off',
  pause: 'Paused',
  resume: 'Resumed',
  abandon: 'Abandoned',
  'needs-review': 'Dose changed outside the plan',
  revised: 'Plan changed (new version)',
};

/**
 * A prescriber changes an active or paused plan with a reason (issue 13): the steps still to come are planned
 * again from the medicine's current dose, as a new version; the letter for it replaces the old one.
 */
export function PlanRevise({ plan }: { plan: TaperPlan }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [startDate, setStartDate] = useState(londonToday());
  const [percent, setPercent] = useState<number | ''>('');
  const [interval, setInterval] = useState<number | ''>('');
  const [avoidWeekends, setAvoidWeekends] = useState(plan.avoidWeekends);
  const revise = useMutation({
    mutationFn: () =>
      api.call('meds:revisePlan', {
        planId: plan.id,
        version: plan.version,
        reason,
        startDate,
        avoidWeekends,
        ...(percent === '' ? {} : { percent }),
        ...(interval === '' ? {} : { intervalDays: interval }),
      }),
    onSuccess: async (p) => {
      setReason('');
      queryClient.setQueryData(['meds:plan', plan.id], p);
      await queryClient.invalidateQueries({ queryKey: ['meds:patient', p.patientId] });
      await queryClient.invalidateQueries({ queryKey: ['meds:worklist'] });
      await queryClient.invalidateQueries({ queryKey: ['meds:planLetter', plan.id] });
    },
  });
  const errs = serverFieldErrors(revise.error);
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={3} size="h4">
          Change the plan (new version)
        </Title>
        <Text size="sm">
          The steps still to come are planned again from the dose the patient takes now, from the date below.
          Steps already taken stay. The GP letter for the new version replaces version {plan.planVersion}.
          Leave the reduction and interval empty to use the class default.
        </Text>
        <Textarea
          label="Reason for the change (it goes in the letter)"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={errs.reason}
        />
        <Group align="flex-start">
          <DateField
            label="Changed plan starts on"
            value={startDate}
            onChange={(e) => setStartDate(e.currentTarget.value)}
            error={errs.startDate}
          />
          <NumberInput
            label="Reduction per step (% of the new starting dose)"
            value={percent}
            onChange={(v) => setPercent(typeof v === 'number' ? v : '')}
            min={1}
            max={100}
            error={errs.percent}
            w={260}
          />
          <NumberInput
            label="Days between steps"
            value={interval}
            onChange={(v) => setInterval(typeof v === 'number' ? v : '')}
            min={1}
            max={90}
            error={errs.intervalDays}
            w={180}
          />
        </Group>
        <Checkbox
          label="Step dates avoid weekends and bank holidays"
          checked={avoidWeekends}
          onChange={(e) => setAvoidWeekends(e.currentTarget.checked)}
        />
        <Group>
          <Button onClick={() => revise.mutate()} loading={revise.isPending}>
            Change the plan from {formatDose(plan.currentDose)}{' '}
            {plan.asNeeded ? 'mg in 24 hours at most' : plan.unit}
          </Button>
          {revise.error && !errs.reason && !errs.startDate && <Text c="red.9">{revise.error.message}</Text>}
        </Group>
      </Stack>
    </Paper>
  );
}
