import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { newPasswordSchema } from '../../../../shared/domain/user';
import { api } from '../../api/client';
import { applyServerErrors } from '../../app/forms';
import { useSession } from '../../app/session';

const schema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password.'),
    newPassword: newPasswordSchema,
    confirm: z.string(),
  })
  .refine((v) => v.newPassword === v.confirm, { path: ['confirm'], message: 'The passwords do not match.' });

/**
 * Change your own password: the current one first (issue 17). Shown on its own after an administrator's
 * reset ("change at next sign-in"), and from Account at any time.
 */
export function ChangePassword({ forced = false }: { forced?: boolean }) {
  const session = useSession();
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const { register, handleSubmit, setError, reset, formState } = useForm<z.input<typeof schema>>({
    resolver: zodResolver(schema),
  });
  const onSubmit = handleSubmit(async ({ currentPassword, newPassword }) => {
    try {
      const info = await api.call('auth:changePassword', { currentPassword, newPassword });
      setFormError(null);
      setDone(true);
      reset({ currentPassword: '', newPassword: '', confirm: '' });
      session.signedIn(info);
    } catch (err) {
      setFormError(applyServerErrors(err, setError));
    }
  });
  return (
    <Paper
      p="md"
      withBorder
      maw={480}
      component="form"
      onSubmit={onSubmit}
      noValidate
      aria-label="Change your password"
    >
      <Stack>
        <Title order={forced ? 1 : 2} size="h3">
          {forced ? 'Choose a new password' : 'Change your password'}
        </Title>
        {forced && (
          <Text size="sm">
            An administrator reset your password. Choose your own before carrying on; only you will know it.
          </Text>
        )}
        {formError && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        {done && !forced && (
          <Alert color="brand" role="status">
            Your password was changed. Other sign-ins with the old password have ended.
          </Alert>
        )}
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          {...register('currentPassword')}
          error={formState.errors.currentPassword?.message}
        />
        <PasswordInput
          label="New password"
          description="At least 10 characters; three random words work well. Common passwords are refused."
          autoComplete="new-password"
          {...register('newPassword')}
          error={formState.errors.newPassword?.message}
        />
        <PasswordInput
          label="New password again"
          autoComplete="new-password"
          {...register('confirm')}
          error={formState.errors.confirm?.message}
        />
        <Button type="submit" loading={formState.isSubmitting}>
          Change password
        </Button>
      </Stack>
    </Paper>
  );
}
