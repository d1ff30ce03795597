import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Group, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { formatInstantGb } from '../../../../shared/dates';
import type { EnteredInError, ErrorTarget } from '../../../../shared/domain/rehab-safety';
import { api } from '../../api/client';
import { FormError } from '../../app/FormError';
import { applyServerErrors } from '../../app/forms';

/** The reason every correction and goal status change needs (the server checks it again). */
const reasonSchema = z.object({
  reason: z.string().trim().min(1, 'Enter the reason.').max(1000, 'At most 1,000 characters.'),
});
type ReasonValues = z.input<typeof reasonSchema>;

/**
 * A small action that needs a reason (entered in error, goal achieved or withdrawn): a button that opens a
 * reason box and a confirm button; the reason is saved and audited with the change. react-hook-form + zod
 * like the app's other forms: the message sits beside the field, the server's refusals too.
 */
export function ReasonAction({
  label,
  confirmLabel,
  patientId,
  danger = false,
  run,
}: {
  label: string;
  confirmLabel: string;
  patientId: number;
  danger?: boolean;
  run: (reason: string) => Promise<unknown>;
}) {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, formState } = useForm<ReasonValues>({
    resolver: zodResolver(reasonSchema),
    defaultValues: { reason: '' },
  });
  if (!open)
    return (
      <Button size="compact-xs" variant={danger ? 'default' : 'subtle'} onClick={() => setOpen(true)}>
        {label}
      </Button>
    );
  const onSubmit = handleSubmit(async ({ reason }) => {
    try {
      await run(reason.trim());
      await qc.invalidateQueries({ queryKey: ['rehab:summary', patientId] });
      setFormError(null);
      reset({ reason: '' });
      setOpen(false);
    } catch (err) {
      setFormError(applyServerErrors(err, setError));
    }
  });
  return (
    <form aria-label={label} noValidate onSubmit={(e) => void onSubmit(e)}>
      <FormError message={formError} />
      <Group gap="xs" align="flex-end">
        <TextInput
          size="xs"
          label="Reason"
          {...register('reason')}
          error={formState.errors.reason?.message}
        />
        <Button size="xs" type="submit" loading={formState.isSubmitting} color={danger ? 'red.9' : 'brand'}>
          {confirmLabel}
        </Button>
        <Button size="xs" variant="default" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </Group>
    </form>
  );
}

/** "Entered in error" for a measure, goal or review. */
export function EnteredInErrorAction({
  target,
  id,
  patientId,
}: {
  target: ErrorTarget;
  id: number;
  patientId: number;
}) {
  return (
    <ReasonAction
      label="Entered in error…"
      confirmLabel="Mark entered in error"
      patientId={patientId}
      danger
      run={(reason) => api.call('rehab:enteredInError', { target, id, reason })}
    />
  );
}

/** The note shown under a record marked entered in error. */
export function EnteredInErrorNote({ error }: { error: EnteredInError }) {
  return (
    <Text size="xs" c="red.9" style={{ textDecoration: 'none' }}>
      Entered in error ({formatInstantGb(error.at)}): {error.reason}. Left out of scores and figures.
    </Text>
  );
}

/**
 * A record entered in error: struck through in a darker grey, never faded with opacity (faded text, and the red
 * note inside it, fell below the WCAG AA contrast ratio; found by axe in the issue 15 walk).
 */
export const struck = { textDecoration: 'line-through', color: 'var(--mantine-color-gray-7)' } as const;
