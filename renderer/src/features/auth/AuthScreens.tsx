import { zodResolver } from '@hookform/resolvers/zod';
import { ConnectionChoice } from '../admin/ConnectionPanel';
import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { newPasswordSchema, usernameSchema } from '../../../../shared/domain/user';
import { api } from '../../api/client';
import { applyServerErrors } from '../../app/forms';
import { useSession } from '../../app/session';

function Frame({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Center mih="100vh" bg="gray.1">
      <Paper component="main" shadow="sm" p="xl" radius="md" w={420} withBorder>
        <Stack gap="md">
          <div>
            <Text c="brand.8" fw={700} size="sm">
              Alongside
            </Text>
            <Title order={1} size="h2">
              {title}
            </Title>
          </div>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}

const signInSchema = z.object({
  username: z.string().trim().min(1, 'Enter your username.'),
  password: z.string().min(1, 'Enter your password.'),
});

export function SignIn({
  message,
  hint,
}: {
  message?: string | undefined;
  hint?: string | null | undefined;
}) {
  const session = useSession();
  const [formError, setFormError] = useState<string | null>(message ?? null);
  const { register, handleSubmit, setError, formState } = useForm<z.infer<typeof signInSchema>>({
    resolver: zodResolver(signInSchema),
  });
  const onSubmit = handleSubmit(async (values) => {
    try {
      session.signedIn(await api.call('auth:signIn', values));
    } catch (err) {
      setFormError(applyServerErrors(err, setError));
    }
  });
  return (
    <Frame title="Sign in">
      {formError && (
        <Alert color="red" role="alert" title="Not signed in">
          {formError}
        </Alert>
      )}
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <TextInput
            label="Username"
            autoComplete="username"
            autoFocus
            {...register('username')}
            error={formState.errors.username?.message}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            {...register('password')}
            error={formState.errors.password?.message}
          />
          <Button type="submit" loading={formState.isSubmitting}>
            Sign in
          </Button>
        </Stack>
      </form>
      {hint && (
        <Text size="sm" c="dimmed">
          {hint}
        </Text>
      )}
    </Frame>
  );
}

const firstAdminSchema = z
  .object({
    displayName: z.string().trim().min(1, 'Enter your name.'),
    username: usernameSchema,
    password: newPasswordSchema,
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The passwords do not match.' });

export function FirstRun() {
  const session = useSession();
  // This computer only (create the first administrator here), or the service's server (issue 19).
  const [where, setWhere] = useState<'local' | 'server'>('local');
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<
    z.input<typeof firstAdminSchema>,
    unknown,
    z.output<typeof firstAdminSchema>
  >({
    resolver: zodResolver(firstAdminSchema),
  });
  const onSubmit = handleSubmit(async ({ confirm: _confirm, ...values }) => {
    try {
      session.signedIn(await api.call('setup:createFirstAdmin', values));
    } catch (err) {
      setFormError(applyServerErrors(err, setError));
    }
  });
  return (
    <Frame title="Welcome: set up Alongside">
      <Text size="sm">
        This is a new, empty database. Create the first administrator account; they can then add colleagues.
      </Text>
      <ConnectionChoice onModeChange={setWhere} />
      {formError && (
        <Alert color="red" role="alert">
          {formError}
        </Alert>
      )}
      <form onSubmit={onSubmit} noValidate hidden={where === 'server'}>
        <Stack>
          <TextInput
            label="Your name"
            autoFocus
            {...register('displayName')}
            error={formState.errors.displayName?.message}
          />
          <TextInput
            label="Username"
            autoComplete="username"
            {...register('username')}
            error={formState.errors.username?.message}
          />
          <PasswordInput
            label="Password"
            description="At least 10 characters; three random words work well"
            autoComplete="new-password"
            {...register('password')}
            error={formState.errors.password?.message}
          />
          <PasswordInput
            label="Password again"
            autoComplete="new-password"
            {...register('confirm')}
            error={formState.errors.confirm?.message}
          />
          <Button type="submit" loading={formState.isSubmitting}>
            Create administrator
          </Button>
        </Stack>
      </form>
    </Frame>
  );
}

export function LockScreen({ displayName }: { displayName: string }) {
  const session = useSession();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<{ password: string }>({
    resolver: zodResolver(z.object({ password: z.string().min(1, 'Enter your password.') })),
  });
  const onSubmit = handleSubmit(async (values) => {
    try {
      session.signedIn(await api.call('auth:unlock', values));
    } catch (err) {
      setFormError(applyServerErrors(err, setError));
    }
  });
  return (
    <Frame title="Alongside is locked">
      <Text size="sm">
        Locked after a period of inactivity. {displayName}, enter your password to carry on where you left
        off.
      </Text>
      {formError && (
        <Alert color="red" role="alert">
          {formError}
        </Alert>
      )}
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <PasswordInput
            label="Password"
            autoFocus
            autoComplete="current-password"
            {...register('password')}
            error={formState.errors.password?.message}
          />
          <Button type="submit" loading={formState.isSubmitting}>
            Unlock
          </Button>
          <Button variant="subtle" onClick={() => void session.signOut()}>
            Sign out instead
          </Button>
        </Stack>
      </form>
    </Frame>
  );
}
