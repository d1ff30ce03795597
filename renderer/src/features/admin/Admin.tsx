import { zodResolver } from '@hookform/resolvers/zod';
import {
  Alert,
  Badge,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { formatInstantGb } from '../../../../shared/dates';
import { ROLE_LABELS, ROLES, type Role } from '../../../../shared/domain/roles';
import {
  DEFAULT_SETTINGS,
  settingsSchema,
  userInputSchema,
  type Settings,
  type UserInput,
} from '../../../../shared/domain/user';
import { api } from '../../api/client';
import { useFormSubmit } from '../../app/useFormSubmit';

export function UsersPage() {
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: ['users:list'], queryFn: () => api.call('users:list', {}) });
  const { register, handleSubmit, setError, reset, formState } = useForm<UserInput>({
    resolver: zodResolver(userInputSchema),
    defaultValues: { role: 'nurse' },
  });
  const toggle = useMutation({
    mutationFn: (u: {
      id: number;
      /** The account's version as this list showed it (issue 19: a colleague's newer change refuses this). */
      version: number;
      active?: boolean;
      role?: Role;
      clinicalLead?: boolean;
      password?: string;
    }) => api.call('users:update', u),
    // Read again after a refusal too, so the list shows what the other administrator did.
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['users:list'] }),
  });
  const create = useFormSubmit({
    setError,
    mutationFn: (values: UserInput) => api.call('users:create', values),
    onSuccess: async (_, values) => {
      // The role is chosen afresh for every account: the form never remembers "Administrator" (issue 17).
      void values;
      reset({ role: 'nurse', username: '', displayName: '', password: '' });
      await queryClient.invalidateQueries({ queryKey: ['users:list'] });
    },
  });
  const onSubmit = handleSubmit(create.submit);
  return (
    <Stack>
      <Paper p="md" withBorder>
        <Title order={1} size="h2" mb="sm">
          Users
        </Title>
        {toggle.error && <Alert color="red">{toggle.error.message}</Alert>}
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Username</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Since</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(users.data ?? []).map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td>{u.displayName}</Table.Td>
                <Table.Td>{u.username}</Table.Td>
                <Table.Td>
                  <NativeSelect
                    aria-label={`Role of ${u.displayName}`}
                    size="xs"
                    value={u.role}
                    onChange={(e) =>
                      toggle.mutate({ id: u.id, version: u.version, role: e.currentTarget.value as Role })
                    }
                    data={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
                  />
                  {u.role !== 'admin' && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      onClick={() =>
                        toggle.mutate({ id: u.id, version: u.version, clinicalLead: !u.clinicalLead })
                      }
                    >
                      {u.clinicalLead ? 'Clinical lead: remove' : 'Mark as clinical lead'}
                    </Button>
                  )}
                </Table.Td>
                <Table.Td>{formatInstantGb(u.createdAt)}</Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    <Badge color={u.active ? 'brand' : 'gray'}>{u.active ? 'Active' : 'Deactivated'}</Badge>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      onClick={() => toggle.mutate({ id: u.id, version: u.version, active: !u.active })}
                    >
                      {u.active ? 'Deactivate' : 'Reactivate'}
                    </Button>
                    <ResetPassword
                      id={u.id}
                      name={u.displayName}
                      onReset={(password) => toggle.mutate({ id: u.id, version: u.version, password })}
                    />
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Paper p="md" withBorder component="form" onSubmit={onSubmit} noValidate aria-label="Add a user">
        <Title order={2} size="h3" mb="sm">
          Add a user
        </Title>
        {create.formError && (
          <Alert color="red" role="alert" mb="sm">
            {create.formError}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, md: 4 }}>
          <TextInput
            label="Name"
            {...register('displayName')}
            error={formState.errors.displayName?.message}
          />
          <TextInput label="Username" {...register('username')} error={formState.errors.username?.message} />
          <NativeSelect
            label="Role"
            {...register('role')}
            data={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
            error={formState.errors.role?.message}
          />
          <PasswordInput
            label="First password"
            autoComplete="new-password"
            {...register('password')}
            error={formState.errors.password?.message}
          />
        </SimpleGrid>
        <Button type="submit" mt="md" loading={formState.isSubmitting}>
          Add user
        </Button>
      </Paper>
    </Stack>
  );
}

/** An administrator's reset: a temporary password the user must change at their next sign-in. */
function ResetPassword({ name, onReset }: { id: number; name: string; onReset: (password: string) => void }) {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setErrorText] = useState<string | null>(null);
  if (!open)
    return (
      <Button size="compact-xs" variant="subtle" onClick={() => setOpen(true)}>
        Reset password
      </Button>
    );
  return (
    <Group gap="xs" align="end">
      <PasswordInput
        size="xs"
        label={`Temporary password for ${name}`}
        description="They choose their own at next sign-in"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
        error={error}
      />
      <Button
        size="compact-xs"
        onClick={() => {
          const r = userInputSchema.shape.password.safeParse(password);
          if (!r.success) return setErrorText(r.error.issues[0]?.message ?? 'Choose another password.');
          onReset(password);
          setOpen(false);
          setPassword('');
          setErrorText(null);
        }}
      >
        Reset
      </Button>
    </Group>
  );
}

export function SettingsPage() {
  const settings = useQuery({ queryKey: ['settings:get'], queryFn: () => api.call('settings:get', {}) });
  const [saved, setSaved] = useState(false);
  const { control, handleSubmit, setError, formState } = useForm<Settings>({
    resolver: zodResolver(settingsSchema),
    values: settings.data ?? DEFAULT_SETTINGS,
  });
  const save = useFormSubmit({
    setError,
    mutationFn: (values: Settings) => api.call('settings:update', values),
    invalidate: [['settings:get']],
    onSuccess: () => setSaved(true),
  });
  const onSubmit = handleSubmit(save.submit);
  const message = save.formError
    ? { ok: false, text: save.formError }
    : saved
      ? { ok: true, text: 'Saved.' }
      : null;
  return (
    <Paper p="md" withBorder component="form" onSubmit={onSubmit} noValidate maw={520}>
      <Title order={1} size="h2" mb="sm">
        Settings
      </Title>
      {message && (
        <Alert color={message.ok ? 'brand' : 'red'} role={message.ok ? 'status' : 'alert'} mb="sm">
          {message.text}
        </Alert>
      )}
      <Controller
        control={control}
        name="lockAfterMinutes"
        render={({ field }) => (
          <NumberInput
            label="Lock after inactivity (minutes)"
            description="Every signed-in screen locks after this long without keyboard or mouse use. Default 10."
            min={1}
            max={120}
            value={field.value}
            onChange={(v) => field.onChange(typeof v === 'number' ? v : Number(v))}
            error={formState.errors.lockAfterMinutes?.message}
          />
        )}
      />
      <Title order={2} size="h4" mt="md">
        Unusual access
      </Title>
      <Text size="sm" c="dimmed">
        One person opening this many different patients’ records within this many minutes alerts the
        administrators on the Audit screen.
      </Text>
      <SimpleGrid cols={2} mt="xs">
        <Controller
          control={control}
          name="accessAlertRecords"
          render={({ field }) => (
            <NumberInput
              label="Different records"
              min={5}
              max={1000}
              value={field.value}
              onChange={(v) => field.onChange(typeof v === 'number' ? v : Number(v))}
              error={formState.errors.accessAlertRecords?.message}
            />
          )}
        />
        <Controller
          control={control}
          name="accessAlertMinutes"
          render={({ field }) => (
            <NumberInput
              label="Within (minutes)"
              min={5}
              max={1440}
              value={field.value}
              onChange={(v) => field.onChange(typeof v === 'number' ? v : Number(v))}
              error={formState.errors.accessAlertMinutes?.message}
            />
          )}
        />
      </SimpleGrid>
      <Title order={2} size="h4" mt="md">
        Letters
      </Title>
      <Controller
        control={control}
        name="serviceContactNumber"
        render={({ field }) => (
          <TextInput
            label="Service contact number"
            description="Printed on taper letters and patient calendars, for the GP and the patient to call."
            value={field.value}
            onChange={(e) => field.onChange(e.currentTarget.value)}
            error={formState.errors.serviceContactNumber?.message}
          />
        )}
      />
      <Button type="submit" mt="md">
        Save settings
      </Button>
    </Paper>
  );
}
