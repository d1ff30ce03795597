import { Alert, Button, Group, Loader, Paper, Stack, Title } from '@mantine/core';
import { useState, type FormEventHandler, type ReactNode } from 'react';
import { FormError } from '../../app/FormError';
import { applyServerErrors, NOT_SAVED } from '../../app/forms';
export { useSaveForm } from '../../app/useFormSubmit';

/** The pieces every rehab form shares (plans, social prescribing, group programmes). */

/** Select and number inputs give strings; empty means "not recorded". */
export const numberOrNull = (v: string | number | null) => (v === '' || v === null ? null : Number(v));

/** The submit button of a form, and Cancel when the form can be closed. */
export function FormActions({
  label,
  submitting,
  onCancel,
  small = false,
  danger = false,
}: {
  label: string;
  submitting: boolean;
  onCancel?: () => void;
  small?: boolean;
  danger?: boolean;
}) {
  const size = small ? { size: 'sm' } : {};
  return (
    <Group>
      <Button type="submit" {...size} {...(danger ? { color: 'red.9' } : {})} loading={submitting}>
        {label}
      </Button>
      {onCancel && (
        <Button variant="default" {...size} onClick={onCancel}>
          Cancel
        </Button>
      )}
    </Group>
  );
}

/** What a query shows until it has its data: a loader, or its error. */
export function QueryFallback({
  q,
  loading,
}: {
  q: { isPending: boolean; isError: boolean; error: Error | null };
  loading: string;
}) {
  if (q.isPending) return <Loader aria-label={loading} />;
  if (q.isError)
    return (
      <Alert color="red" role="alert">
        {q.error?.message}
      </Alert>
    );
  return null;
}

/** The frame of a rehab form: a bordered form with its heading and the form-level message. */
export function FormCard({
  label,
  title,
  titleOrder = 3,
  small = false,
  intro,
  onSubmit,
  formError,
  children,
}: {
  /** The form's accessible name. */
  label: string;
  title?: string;
  titleOrder?: 2 | 3 | 4;
  /** The compact frame of a form inside a card. */
  small?: boolean;
  /** Shown between the heading and the form-level message. */
  intro?: ReactNode;
  onSubmit: FormEventHandler<HTMLFormElement>;
  formError: string | null;
  children: ReactNode;
}) {
  return (
    <Paper
      withBorder
      p={small ? 'sm' : 'md'}
      component="form"
      onSubmit={onSubmit}
      noValidate
      aria-label={label}
    >
      <Stack {...(small ? { gap: 'xs' } : {})}>
        {title && (
          <Title order={titleOrder} size={titleOrder === 4 ? 'h5' : 'h4'}>
            {title}
          </Title>
        )}
        {intro}
        <FormError message={formError} />
        {children}
      </Stack>
    </Paper>
  );
}

/**
 * A form kept in plain state: `submit(local, save)` refuses when the form's own checks found problems (field →
 * message), else runs `save`; the server's messages go beside the fields and above the form.
 */
export function useActionForm() {
  const [formError, setFormError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const submit = async (local: Record<string, string>, save: () => Promise<void>) => {
    setFormError(null);
    setFieldErrors(local);
    if (Object.keys(local).length > 0) {
      setFormError(NOT_SAVED);
      return;
    }
    setBusy(true);
    try {
      await save();
    } catch (err) {
      const server: Record<string, string> = {};
      setFormError(applyServerErrors(err, (name, e) => (server[String(name)] = e.message ?? '')));
      setFieldErrors(server);
    } finally {
      setBusy(false);
    }
  };
  return { formError, fieldErrors, busy, submit };
}
