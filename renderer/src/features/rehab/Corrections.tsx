import { Button, Group, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatInstantGb } from '../../../../shared/dates';
import type { EnteredInError, ErrorTarget } from '../../../../shared/domain/rehab-safety';
import { api } from '../../api/client';
import { FormError } from '../../app/FormError';
import { useActionForm } from './kit';

/**
 * A small action that needs a reason (entered in error, goal achieved or withdrawn): a button that opens a
 * reason box and a confirm button; the reason is saved and audited with the change.
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
  const [reason, setReason] = useState('');
  const { formError, fieldErrors, busy, submit } = useActionForm();
  if (!open)
    return (
      <Button size="compact-xs" variant={danger ? 'default' : 'subtle'} onClick={() => setOpen(true)}>
        {label}
      </Button>
    );
  return (
    <form
      aria-label={label}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit(reason.trim() ? {} : { reason: 'Enter the reason.' }, async () => {
          await run(reason);
          await qc.invalidateQueries({ queryKey: ['rehab:summary', patientId] });
          setOpen(false);
          setReason('');
        });
      }}
    >
      <FormError message={formError} />
      <Group gap="xs" align="flex-end">
        <TextInput
          size="xs"
          label="Reason"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fieldErrors.reason}
        />
        <Button size="xs" type="submit" loading={busy} color={danger ? 'red.9' : 'brand'}>
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

export const struck = { textDecoration: 'line-through', opacity: 0.7 } as const;
