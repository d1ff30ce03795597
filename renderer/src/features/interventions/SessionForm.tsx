import { zodResolver } from '@hookform/resolvers/zod';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Controller, useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import { londonToday } from '../../../../shared/dates';
import {
  EQUIPMENT,
  EQUIPMENT_LABELS,
  SETTING_LABELS,
  SETTINGS,
  sessionInputSchema,
} from '../../../../shared/domain/interventions';
import { api } from '../../api/client';
import { useFormSubmit } from '../../app/useFormSubmit';
import { DateField, TimeField } from '../../app/DateField';
import { BankHolidayMark } from './BankHolidays';
import { mondayOf } from './shared';

type Values = z.input<typeof sessionInputSchema>;

/** Create a procedure session (theatre, day-case or procedure-room list). */
export function SessionForm() {
  const navigate = useNavigate();
  const clinicians = useQuery({
    queryKey: ['users:clinicians'],
    queryFn: () => api.call('users:clinicians', {}),
  });
  const { register, handleSubmit, control, setError, formState, watch } = useForm<
    Values,
    unknown,
    z.output<typeof sessionInputSchema>
  >({
    resolver: zodResolver(sessionInputSchema),
    defaultValues: {
      date: londonToday(),
      start: '08:30',
      end: '12:30',
      room: '',
      setting: 'day-case',
      clinicianId: 0,
      radiographer: '',
      equipment: ['fluoroscopy'],
      unavailableMinutes: 0,
      turnaroundMinutes: 15,
    },
  });
  const e = formState.errors;
  const save = useFormSubmit({
    setError,
    mutationFn: (values: z.output<typeof sessionInputSchema>) =>
      api.call('interventions:createSession', values),
    invalidate: [['interventions:week']],
    // Leaves you on the new list's week.
    onSuccess: (created) => navigate(`/interventions/calendar?week=${mondayOf(created.date)}`),
  });
  const onSubmit = handleSubmit(save.submit);
  return (
    <Paper withBorder p="md" component="form" onSubmit={onSubmit} noValidate aria-label="New session">
      <Title order={2} size="h3" mb="sm">
        New session
      </Title>
      {save.formError && (
        <Alert color="red" mb="sm">
          {save.formError}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <div>
          <DateField label="Date" {...register('date')} error={e.date?.message} />
          <BankHolidayMark date={watch('date') ?? ''} />
        </div>
        <TimeField label="Start" {...register('start')} error={e.start?.message} />
        <TimeField label="End" {...register('end')} error={e.end?.message} />
        <TextInput label="Room" {...register('room')} error={e.room?.message} />
        <NativeSelect
          label="Setting"
          {...register('setting')}
          data={SETTINGS.map((s) => ({ value: s, label: SETTING_LABELS[s] }))}
        />
        <NativeSelect
          label="Clinician"
          {...register('clinicianId', { valueAsNumber: true })}
          error={e.clinicianId?.message}
          data={[
            { value: '0', label: 'Choose…' },
            ...(clinicians.data ?? [])
              .filter((c) => c.role === 'consultant')
              .map((c) => ({ value: String(c.id), label: c.displayName })),
          ]}
        />
        <TextInput label="Radiographer (leave empty if none)" {...register('radiographer')} />
        <TextInput
          label="Reason, if warned (bank holiday, clinician on another list)"
          {...register('overrideReason')}
          error={e.overrideReason?.message}
        />
        <Controller
          control={control}
          name="unavailableMinutes"
          render={({ field }) => (
            <NumberInput
              label="Declared unavailable minutes"
              min={0}
              value={field.value ?? 0}
              onChange={(v) => field.onChange(Number(v) || 0)}
              error={e.unavailableMinutes?.message}
            />
          )}
        />
        <Controller
          control={control}
          name="turnaroundMinutes"
          render={({ field }) => (
            <NumberInput
              label="Turnaround between cases (minutes)"
              min={0}
              value={field.value ?? 0}
              onChange={(v) => field.onChange(Number(v) || 0)}
              error={e.turnaroundMinutes?.message}
            />
          )}
        />
      </SimpleGrid>
      <Controller
        control={control}
        name="equipment"
        render={({ field }) => (
          <Checkbox.Group label="Equipment" value={field.value ?? []} onChange={field.onChange} mt="sm">
            <Group mt={4}>
              {EQUIPMENT.map((q) => (
                <Checkbox key={q} value={q} label={EQUIPMENT_LABELS[q]} />
              ))}
            </Group>
          </Checkbox.Group>
        )}
      />
      <Group justify="flex-end" mt="md">
        <Button type="submit" loading={formState.isSubmitting}>
          Create session
        </Button>
      </Group>
    </Paper>
  );
}
