import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Badge, Button, Checkbox, Group, NativeSelect, Paper, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { formatDateGb } from '../../../../shared/dates';
import {
  CANCEL_KIND_LABELS,
  CANCEL_KINDS,
  type BookingView,
  type RequestDetail,
} from '../../../../shared/domain/interventions';
import { api } from '../../api/client';
import { useFormSubmit } from '../../app/useFormSubmit';
import { DateField, TimeField } from '../../app/DateField';
import { plural } from '../../../../shared/plural';

const daySchema = z.strictObject({
  consentStage2: z.boolean().refine((v) => v, 'Confirm consent stage 2 on the day.'),
  safetyChecklist: z.boolean().refine((v) => v, 'Complete the safety checklist.'),
  inRoomStart: z.string().regex(/^\d{2}:\d{2}$/, 'Enter the in-room start (HH:mm).'),
  inRoomEnd: z.string().regex(/^\d{2}:\d{2}$/, 'Enter the in-room end (HH:mm).'),
});
const outcomeSchema = z.strictObject({
  reliefPercent: z.string().regex(/^(100|\d{1,2})$/, 'Enter the % relief (0 to 100).'),
  reliefDurationWeeks: z.string().regex(/^\d{0,3}$/, 'Whole weeks.'),
  reliefDurationHours: z.string().regex(/^\d{0,3}$/, 'Whole hours.'),
  assessedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date the outcome was assessed.'),
  complications: z.string().max(500),
  pgic: z.string().regex(/^[1-7]$/, 'Choose the PGIC score (1 to 7).'),
});
const cancelSchema = z.strictObject({
  kind: z.enum(CANCEL_KINDS),
  onTheDay: z.boolean(),
  reason: z.string().trim().min(1, 'Enter the reason.').max(500),
});

const PGIC = [
  'Very much improved',
  'Much improved',
  'Minimally improved',
  'No change',
  'Minimally worse',
  'Much worse',
  'Very much worse',
];

/** After a booking change: the request shows the answer, and the follow-up list refreshes. */
function useRefresh(detail: RequestDetail) {
  const qc = useQueryClient();
  return async (d: RequestDetail) => {
    qc.setQueryData(['interventions:get', detail.id], d);
    await qc.invalidateQueries({ queryKey: ['interventions:followUps'] });
  };
}

function DayForm({ detail, booking }: { detail: RequestDetail; booking: BookingView }) {
  const refresh = useRefresh(detail);
  const { register, handleSubmit, formState, setError } = useForm<z.infer<typeof daySchema>>({
    resolver: zodResolver(daySchema),
    defaultValues: { consentStage2: false, safetyChecklist: false, inRoomStart: '', inRoomEnd: '' },
  });
  const save = useFormSubmit({
    setError,
    mutationFn: (v: z.infer<typeof daySchema>) =>
      api.call('interventions:recordDay', {
        bookingId: booking.id,
        consentStage2: true,
        safetyChecklist: true,
        inRoomStart: v.inRoomStart,
        inRoomEnd: v.inRoomEnd,
      }),
    onSuccess: refresh,
  });
  const onSubmit = handleSubmit(save.submit);
  const e = formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate aria-label="On the day">
      {save.formError && <Alert color="red">{save.formError}</Alert>}
      <Group align="end">
        <Checkbox
          label="Consent stage 2 confirmed"
          {...register('consentStage2')}
          error={e.consentStage2?.message}
        />
        <Checkbox
          label="Safety checklist done (sign in, time out, sign out)"
          {...register('safetyChecklist')}
          error={e.safetyChecklist?.message}
        />
        <TimeField label="In-room start" {...register('inRoomStart')} error={e.inRoomStart?.message} />
        <TimeField label="In-room end" {...register('inRoomEnd')} error={e.inRoomEnd?.message} />
        <Button type="submit">Record the day</Button>
      </Group>
    </form>
  );
}

function CancelForm({ detail, booking }: { detail: RequestDetail; booking: BookingView }) {
  const refresh = useRefresh(detail);
  const { register, handleSubmit, formState, setError } = useForm<z.infer<typeof cancelSchema>>({
    resolver: zodResolver(cancelSchema),
    defaultValues: { kind: 'patient', onTheDay: false, reason: '' },
  });
  const save = useFormSubmit({
    setError,
    mutationFn: (v: z.infer<typeof cancelSchema>) =>
      api.call('interventions:cancel', { bookingId: booking.id, ...v }),
    onSuccess: refresh,
  });
  const onSubmit = handleSubmit(save.submit);
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Cancel or record a DNA">
      {save.formError && <Alert color="red">{save.formError}</Alert>}
      <Group align="end">
        <NativeSelect
          label="Cancellation"
          {...register('kind')}
          data={CANCEL_KINDS.map((k) => ({ value: k, label: CANCEL_KIND_LABELS[k] }))}
        />
        <Checkbox label="On the day" {...register('onTheDay')} />
        <TextInput label="Reason" {...register('reason')} error={formState.errors.reason?.message} />
        <Button type="submit" variant="default">
          Cancel booking
        </Button>
      </Group>
    </form>
  );
}

function OutcomeForm({ detail, booking }: { detail: RequestDetail; booking: BookingView }) {
  const refresh = useRefresh(detail);
  const { register, handleSubmit, formState, setError } = useForm<z.infer<typeof outcomeSchema>>({
    resolver: zodResolver(outcomeSchema),
    defaultValues: {
      reliefPercent: '',
      reliefDurationWeeks: '',
      reliefDurationHours: '',
      // Today in the UK (the follow-up is usually recorded on the day it is done); change it if not.
      assessedOn: new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' }),
      complications: '',
      pgic: '',
    },
  });
  const save = useFormSubmit({
    setError,
    mutationFn: (v: z.infer<typeof outcomeSchema>) =>
      api.call('interventions:recordOutcome', {
        bookingId: booking.id,
        reliefPercent: Number(v.reliefPercent),
        reliefDurationWeeks: v.reliefDurationWeeks ? Number(v.reliefDurationWeeks) : null,
        reliefDurationHours: v.reliefDurationHours ? Number(v.reliefDurationHours) : null,
        assessedOn: v.assessedOn,
        complications: v.complications,
        pgic: Number(v.pgic),
      }),
    onSuccess: refresh,
  });
  const onSubmit = handleSubmit(save.submit);
  const e = formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Outcome at follow-up">
      {save.formError && <Alert color="red">{save.formError}</Alert>}
      <Group align="end">
        <TextInput
          label="Pain relief (%)"
          inputMode="numeric"
          {...register('reliefPercent')}
          error={e.reliefPercent?.message}
        />
        <TextInput
          label="Duration of relief (weeks)"
          inputMode="numeric"
          {...register('reliefDurationWeeks')}
          error={e.reliefDurationWeeks?.message}
        />
        <TextInput
          label="Relief lasted (hours, diagnostic block)"
          inputMode="numeric"
          {...register('reliefDurationHours')}
          error={e.reliefDurationHours?.message}
        />
        <DateField label="Assessed on" {...register('assessedOn')} error={e.assessedOn?.message} />
        <TextInput label="Complications" {...register('complications')} />
        <NativeSelect
          label="PGIC"
          {...register('pgic')}
          error={e.pgic?.message}
          data={[
            { value: '', label: 'Choose…' },
            ...PGIC.map((l, i) => ({ value: String(i + 1), label: `${i + 1}: ${l}` })),
          ]}
        />
        <Button type="submit">Record outcome</Button>
      </Group>
    </form>
  );
}

export function BookingPanel({
  detail,
  booking: b,
  manage,
}: {
  detail: RequestDetail;
  booking: BookingView;
  manage: boolean;
}) {
  return (
    <Paper withBorder p="sm" aria-label={`Booking ${formatDateGb(b.date)}`} component="section">
      <Group justify="space-between">
        <Text fw={700}>
          {formatDateGb(b.date)} {b.start} · {b.room} · planned {b.plannedMinutes} min
        </Text>
        <Badge color={b.status === 'done' ? '#1e6b30' : b.status === 'booked' ? 'blue.9' : 'gray.8'}>
          {b.status}
        </Badge>
      </Group>
      {b.cancelKind && (
        <Text size="sm">
          {CANCEL_KIND_LABELS[b.cancelKind]}: {b.cancelReason}
          {b.rebookBy ? ` · must be rebooked by ${formatDateGb(b.rebookBy)}` : ''}
        </Text>
      )}
      {b.inRoomStart && (
        <Text size="sm">
          In room {b.inRoomStart}–{b.inRoomEnd}
          {b.followUpDue ? ` · follow-up due ${formatDateGb(b.followUpDue)}` : ''}
        </Text>
      )}
      {b.outcome && (
        <Text size="sm" data-testid="outcome">
          Outcome{b.outcome.assessedOn ? ` (assessed ${formatDateGb(b.outcome.assessedOn)})` : ''}:{' '}
          {b.outcome.reliefPercent}% relief
          {b.outcome.reliefDurationWeeks !== null
            ? ` for ${plural(b.outcome.reliefDurationWeeks, 'week')}`
            : ''}
          {b.outcome.reliefDurationHours !== null
            ? ` for ${plural(b.outcome.reliefDurationHours, 'hour')}`
            : ''}{' '}
          · PGIC {b.outcome.pgic} · {b.outcome.successful ? 'successful (≥50% relief)' : 'not successful'}
          {b.outcome.complications ? ` · complications: ${b.outcome.complications}` : ''}
        </Text>
      )}
      {manage && b.status === 'booked' && (
        <>
          <DayForm detail={detail} booking={b} />
          <CancelForm detail={detail} booking={b} />
        </>
      )}
      {manage && b.status === 'done' && !b.outcome && <OutcomeForm detail={detail} booking={b} />}
    </Paper>
  );
}
