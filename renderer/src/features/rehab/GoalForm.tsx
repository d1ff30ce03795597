import { zodResolver } from '@hookform/resolvers/zod';
import { Fieldset, NativeSelect, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import {
  goalInputSchema,
  LIFE_DOMAIN_LABELS,
  LIFE_DOMAINS,
  type GoalInput,
  type RehabGoal,
  type RehabPlan,
} from '../../../../shared/domain/rehab';
import { api } from '../../api/client';
import { DateField } from '../../app/DateField';
import { FormActions, FormCard, numberOrNull, useSaveForm } from './kit';

const goalAddSchema = goalInputSchema.extend({ reason: z.string() });
const goalEditSchema = goalInputSchema.extend({
  reason: z.string().trim().min(1, 'Enter the reason for the change.').max(1000),
});
type GoalFormInput = GoalInput & { reason: string };

const EMPTY_GOAL: GoalFormInput = {
  whatMatters: '',
  activity: '',
  measure: '',
  target: '',
  setOn: '',
  targetDate: '',
  domain: '' as never,
  ownerId: null,
  baseline: -1,
  levelMinus2: '',
  levelMinus1: '',
  levelZero: '',
  levelPlus1: '',
  levelPlus2: '',
  weight: null,
  reason: '',
};

/** A saved goal as the form's starting values (an edit starts from what is there). */
function goalValues(g: RehabGoal): GoalFormInput {
  return {
    whatMatters: g.whatMatters,
    activity: g.activity,
    measure: g.measure,
    target: g.target,
    setOn: g.setOn,
    targetDate: g.targetDate,
    domain: g.domain,
    ownerId: g.ownerId,
    baseline: g.baseline,
    levelMinus2: g.levels.minus2,
    levelMinus1: g.levels.minus1,
    levelZero: g.levels.zero,
    levelPlus1: g.levels.plus1,
    levelPlus2: g.levels.plus2,
    weight: g.weight,
    reason: '',
  };
}

function useRefresh(patientId: number) {
  const qc = useQueryClient();
  return async () => {
    await qc.invalidateQueries({ queryKey: ['rehab:summary', patientId] });
  };
}

/**
 * Add a goal, or edit one: an edit saves a new version that replaces the goal (the earlier version is kept and
 * shown as replaced) and needs the reason for the change, which is audited.
 */
export function GoalForm({
  plan,
  goal,
  onDone,
}: {
  plan: RehabPlan;
  /** The goal being edited; absent when adding. */
  goal?: RehabGoal;
  onDone: () => void;
}) {
  const refresh = useRefresh(plan.patientId);
  const clinicians = useQuery({
    queryKey: ['users:clinicians'],
    queryFn: () => api.call('users:clinicians', {}),
  });
  const { register, handleSubmit, setError, formState } = useForm<
    GoalFormInput,
    unknown,
    z.output<typeof goalAddSchema>
  >({
    resolver: zodResolver(goal ? goalEditSchema : goalAddSchema),
    defaultValues: goal ? goalValues(goal) : EMPTY_GOAL,
  });
  const e = formState.errors;
  const { formError, onSubmit } = useSaveForm(
    handleSubmit,
    setError,
    async ({ reason, ...values }) => {
      if (goal) await api.call('rehab:editGoal', { goalId: goal.id, goal: values, reason });
      else await api.call('rehab:addGoal', { planId: plan.id, goal: values });
      await refresh();
      onDone();
    },
    'goal.',
  );
  return (
    <FormCard
      label={goal ? `Edit goal: ${goal.activity}` : 'Add a goal'}
      title={goal ? `Edit goal: ${goal.activity}` : 'Add a goal'}
      intro={
        goal && (
          <Text size="sm">
            Saving makes a new version of this goal; the earlier version is kept in the plan, marked as
            replaced, with your reason.
          </Text>
        )
      }
      onSubmit={onSubmit}
      formError={formError}
    >
      <Textarea
        label="What matters to me (in the patient’s own words)"
        withAsterisk
        autosize
        minRows={2}
        {...register('whatMatters')}
        error={e.whatMatters?.message}
      />
      <Fieldset legend="SMART goal">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Specific activity"
            withAsterisk
            {...register('activity')}
            error={e.activity?.message}
          />
          <TextInput
            label="Measure (how we will know)"
            withAsterisk
            {...register('measure')}
            error={e.measure?.message}
          />
          <TextInput label="Target" withAsterisk {...register('target')} error={e.target?.message} />
          <DateField
            label="Date set with the patient"
            withAsterisk
            {...register('setOn')}
            error={e.setOn?.message}
          />
          <DateField
            label="Target date"
            withAsterisk
            {...register('targetDate')}
            error={e.targetDate?.message}
          />
          <NativeSelect
            label="Life domain"
            withAsterisk
            {...register('domain')}
            error={e.domain?.message}
            data={[
              { value: '', label: 'Choose…' },
              ...LIFE_DOMAINS.map((d) => ({ value: d, label: LIFE_DOMAIN_LABELS[d] })),
            ]}
          />
          <NativeSelect
            label="Owner (clinician)"
            {...register('ownerId', { setValueAs: numberOrNull })}
            error={e.ownerId?.message}
            data={[
              { value: '', label: 'Not assigned' },
              ...(clinicians.data ?? []).map((c) => ({ value: String(c.id), label: c.displayName })),
            ]}
          />
          <NativeSelect
            label="Baseline level"
            {...register('baseline', { setValueAs: (v: string | number) => Number(v) })}
            error={e.baseline?.message}
            data={[
              { value: '-1', label: '−1: some ability towards the goal' },
              { value: '-2', label: '−2: no ability yet' },
            ]}
          />
          <NativeSelect
            label="Importance weight (optional)"
            description="Leave unweighted unless the team uses weights"
            {...register('weight', { setValueAs: numberOrNull })}
            error={e.weight?.message}
            data={[
              { value: '', label: 'Unweighted' },
              { value: '1', label: '1: important' },
              { value: '2', label: '2: very important' },
              { value: '3', label: '3: extremely important' },
            ]}
          />
        </SimpleGrid>
      </Fieldset>
      <Fieldset legend="GAS levels, written with the patient">
        <Stack gap="xs">
          <TextInput
            label="+2 Much more than expected"
            withAsterisk
            {...register('levelPlus2')}
            error={e.levelPlus2?.message}
          />
          <TextInput
            label="+1 Somewhat more than expected"
            withAsterisk
            {...register('levelPlus1')}
            error={e.levelPlus1?.message}
          />
          <TextInput
            label="0 Expected outcome (the goal)"
            withAsterisk
            {...register('levelZero')}
            error={e.levelZero?.message}
          />
          <TextInput
            label="−1 Somewhat less than expected"
            withAsterisk
            {...register('levelMinus1')}
            error={e.levelMinus1?.message}
          />
          <TextInput
            label="−2 Much less than expected"
            withAsterisk
            {...register('levelMinus2')}
            error={e.levelMinus2?.message}
          />
        </Stack>
      </Fieldset>
      {goal && (
        <Textarea
          label="Reason for the change"
          withAsterisk
          autosize
          minRows={2}
          {...register('reason')}
          error={e.reason?.message}
        />
      )}
      <FormActions
        label={goal ? 'Save the new version' : 'Save goal'}
        submitting={formState.isSubmitting}
        onCancel={onDone}
      />
    </FormCard>
  );
}
