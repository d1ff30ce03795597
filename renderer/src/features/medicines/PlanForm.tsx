import {
  TAPER_CLASS_DEFAULTS,
  taperClassRule,
  type TaperClassRuleSet,
} from '../../../../shared/clinical/medicines/taper-products';
import { zodResolver } from '@hookform/resolvers/zod';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Loader,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import { TAPER_DEFAULTS, type TaperDefaults } from '../../../../shared/clinical/medicines/taper';
import { londonToday } from '../../../../shared/dates';
import {
  createPlanSchema,
  type CreatePlanInput,
  type MedicineEntry,
} from '../../../../shared/domain/medicines';
import { api } from '../../api/client';
import { useFormSubmit } from '../../app/useFormSubmit';
import { DateField } from '../../app/DateField';
import { ruleSetLabel, ruleSetTitle } from '../../../../shared/domain/rule-set-names';

const num = {
  setValueAs: (v: unknown) => (v === '' || v === null || v === undefined ? undefined : Number(v)),
};

/**
 * Draft a deprescribing plan for one medicine, starting from the taper defaults in use (Settings › Clinical
 * rule sets; shipped: 10% of the starting dose every 2 weeks).
 */
export function PlanForm(props: { patientId: number; entry: MedicineEntry; onDone: () => void }) {
  const active = useQuery({
    queryKey: ['rules:active', 'taper-defaults'],
    queryFn: () => api.call('rules:active', { kind: 'taper-defaults' }),
  });
  const classes = useQuery({
    queryKey: ['rules:active', 'taper-class-defaults'],
    queryFn: () => api.call('rules:active', { kind: 'taper-class-defaults' }),
  });
  if (active.isPending || classes.isPending)
    return <Loader size="sm" aria-label="Loading the taper defaults" />;
  const defaults = (active.data?.value as TaperDefaults | undefined) ?? TAPER_DEFAULTS;
  const classRules = (classes.data?.value as TaperClassRuleSet | undefined) ?? TAPER_CLASS_DEFAULTS;
  return <PlanFormWith {...props} defaults={defaults} classRules={classRules} />;
}

function PlanFormWith({
  patientId,
  entry,
  onDone,
  defaults,
  classRules,
}: {
  patientId: number;
  entry: MedicineEntry;
  onDone: () => void;
  defaults: TaperDefaults;
  classRules: TaperClassRuleSet;
}) {
  const navigate = useNavigate();
  const clinicians = useQuery({
    queryKey: ['users:clinicians'],
    queryFn: () => api.call('users:clinicians', {}),
  });
  const { register, handleSubmit, setError, watch, formState } = useForm<
    CreatePlanInput,
    unknown,
    z.output<typeof createPlanSchema>
  >({
    resolver: zodResolver(createPlanSchema),
    defaultValues: {
      patientId,
      itemId: entry.itemId,
      goal: 'stop',
      reason: '',
      startDate: londonToday(),
      nurseId: null,
      avoidWeekends: false,
    },
  });
  const errors = formState.errors;
  const create = useFormSubmit({
    setError,
    mutationFn: (v: z.output<typeof createPlanSchema>) => api.call('meds:createPlan', v),
    onSuccess: (plan) => void navigate(`/medicines/plans/${plan.id}`),
  });
  const unit =
    entry.doseKind === 'patch'
      ? 'micrograms/hour'
      : entry.doseKind === 'prn'
        ? 'mg in 24 hours at most'
        : 'mg a day';
  const rule = taperClassRule(entry.generic, entry.drugClass, classRules);
  const classDefault = rule
    ? `${rule.label}; ${rule.source}`
    : `${defaults.percent}% every ${defaults.intervalDays} days`;
  return (
    <form
      aria-label={`Plan a taper of ${entry.name}`}
      onSubmit={handleSubmit(create.submit, () => create.setFormError(null))}
    >
      <Stack gap="sm">
        <Title order={3} size="h4">
          Plan a taper: {entry.name}
        </Title>
        <Text size="sm" c="dimmed">
          Default: <span title={ruleSetTitle(defaults.meta)}>{ruleSetLabel(defaults.meta)}</span>. Steps are
          rounded to doses the formulary strengths can give; you can edit them before the plan starts.
        </Text>
        {entry.doseKind === 'prn' && (
          <Text size="sm">
            Taken as needed: the plan counts it at the most allowed in 24 hours and lowers that maximum step
            by step, with fewer doses in 24 hours and/or a smaller dose each time (never more of either),
            keeping the time between doses as prescribed.
          </Text>
        )}
        {create.formError && (
          <Alert color="red" variant="outline" c="red.9">
            {create.formError}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NativeSelect label="Goal" {...register('goal')} error={errors.goal?.message}>
            <option value="stop">Stop</option>
            <option value="reduce">Reduce to a dose</option>
          </NativeSelect>
          {watch('goal') === 'reduce' && (
            <TextInput
              label={`Target dose (${unit})`}
              inputMode="decimal"
              {...register('targetDose', num)}
              error={errors.targetDose?.message}
            />
          )}
          <TextInput label="Reason for the plan" {...register('reason')} error={errors.reason?.message} />
          <TextInput
            label="Reduction per step (% of the starting dose)"
            description={`Empty: the default for this class of medicine (${classDefault})`}
            inputMode="decimal"
            {...register('percent', num)}
            error={errors.percent?.message}
          />
          <TextInput
            label="Days between steps"
            description="Empty: the class default"
            inputMode="numeric"
            {...register('intervalDays', num)}
            error={errors.intervalDays?.message}
          />
          <DateField label="Start date" {...register('startDate')} error={errors.startDate?.message} />
          <NativeSelect
            label="Reviewing nurse"
            {...register('nurseId', {
              setValueAs: (v: string) => (v === '' || v === null ? null : Number(v)),
            })}
          >
            <option value="">Not assigned</option>
            {(clinicians.data ?? [])
              .filter((c) => c.role === 'nurse' || c.role === 'pharmacist' || c.role === 'consultant')
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {c.displayName}
                </option>
              ))}
          </NativeSelect>
          <Checkbox
            label="Step dates avoid weekends and bank holidays"
            description="A step due on a Saturday, Sunday or bank holiday moves to the next working day, and the later steps with it."
            {...register('avoidWeekends')}
          />
        </SimpleGrid>
        <Group>
          <Button type="submit" color="brand" loading={create.mutation.isPending}>
            Create draft plan
          </Button>
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
