import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatInstantGb } from '../../../../shared/dates';
import { BACKUP_KIND_LABELS, backupDirSchema, type BackupPreview } from '../../../../shared/domain/data';
import { api } from '../../api/client';
import { formatBytes } from './bytes';
import { TeamServerDatabase } from './TeamServerDatabase';

export { formatBytes };

/** Backups: where they go, take one now, and restore a chosen one after seeing what it holds. */
export function BackupsPanel() {
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: ['data:status'], queryFn: () => api.call('data:status', {}) });
  const [chosen, setChosen] = useState<BackupPreview | null>(null);
  const [confirm, setConfirm] = useState(false);
  const [foreign, setForeign] = useState(false);
  const [dir, setDir] = useState<string | null>(null);
  const [dirError, setDirError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['data:status'] });

  const backupNow = useMutation({ mutationFn: () => api.call('data:backupNow', {}), onSuccess: refresh });
  const preview = useMutation({
    mutationFn: (name: string) => api.call('data:backupPreview', { name }),
    onSuccess: (p) => {
      setChosen(p);
      setConfirm(false);
      setForeign(false);
    },
  });
  const restore = useMutation({
    mutationFn: (name: string) =>
      api.call('data:restore', { name, confirm: true, ...(foreign ? { foreign: true } : {}) }),
    // Everyone was signed out by the restore: after a moment to read the message, the next request
    // answers UNAUTHENTICATED and the app shows the sign-in screen.
    onSuccess: () => setTimeout(() => void queryClient.invalidateQueries(), 2500),
  });
  const saveDir = useMutation({
    mutationFn: (value: string | null) => api.call('data:setBackupDir', { dir: value }),
    onSuccess: () => {
      setDir(null);
      void refresh();
    },
    onError: (err) => setDirError(err.message),
  });

  const s = status.data;
  if (s?.teamServer) return <TeamServerDatabase team={s.teamServer} />;
  return (
    <Paper p="md" withBorder>
      <Stack>
        <Title order={1} size="h2">
          Backups and restore
        </Title>
        {status.error && (
          <Alert color="red" variant="outline" c="red.9">
            {status.error.message}
          </Alert>
        )}
        {s?.alerts.map((a) => (
          <Alert key={a.kind} color="red" variant="outline" role="alert">
            <Text fw={700}>
              {a.kind === 'backup-failed' ? 'The daily backup failed' : 'The database check found a problem'}{' '}
              ({formatInstantGb(a.at)})
            </Text>
            <Text>{a.message}</Text>
          </Alert>
        ))}
        {s?.networkWarning && (
          <Alert color="orange" variant="outline">
            <Text fw={700}>The database is on a network drive</Text>
            <Text>{s.networkWarning}</Text>
          </Alert>
        )}
        {s && (
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <div>
              <Text fw={600}>Database</Text>
              <Text size="sm" style={{ wordBreak: 'break-all' }}>
                {s.databaseFile}
              </Text>
              <Text size="sm" c="dimmed">
                {formatBytes(s.databaseBytes)}
              </Text>
            </div>
            <div>
              <Text fw={600}>Last backup</Text>
              <Text size="sm">{s.lastBackupAt ? formatInstantGb(s.lastBackupAt) : 'None yet'}</Text>
              <Text size="sm" c="dimmed">
                Automatic every day; kept: {s.rotation.daily} daily, {s.rotation.weekly} weekly,{' '}
                {s.rotation.monthly} monthly
              </Text>
            </div>
            <div>
              <Text fw={600}>Backup folder</Text>
              <Text size="sm" style={{ wordBreak: 'break-all' }}>
                {s.backupDir}
              </Text>
              <Text size="sm" c="dimmed">
                {s.backupDirSource === 'default'
                  ? 'Beside the database (default)'
                  : s.backupDirSource === 'setting'
                    ? 'Chosen here'
                    : 'Set by IT (ALONGSIDE_BACKUP_DIR)'}
              </Text>
            </div>
          </SimpleGrid>
        )}
        <Group align="flex-end">
          <TextInput
            label="Change the backup folder"
            description="A network folder is fine for backups, e.g. \\server\share\alongside-backups"
            value={dir ?? ''}
            onChange={(e) => {
              setDir(e.currentTarget.value);
              setDirError(null);
            }}
            error={dirError}
            style={{ flex: 1 }}
          />
          <Button
            variant="default"
            disabled={!dir}
            loading={saveDir.isPending}
            onClick={() => {
              const parsed = backupDirSchema.safeParse(dir);
              if (!parsed.success) setDirError(parsed.error.issues[0]?.message ?? 'Enter a folder.');
              else saveDir.mutate(parsed.data);
            }}
          >
            Use this folder
          </Button>
          {s?.backupDirSource === 'setting' && (
            <Button variant="subtle" onClick={() => saveDir.mutate(null)}>
              Back to the default
            </Button>
          )}
        </Group>
        <Group>
          <Button onClick={() => backupNow.mutate()} loading={backupNow.isPending}>
            Back up now
          </Button>
          {backupNow.data && (
            <Text role="status" c="teal.9">
              Backed up and checked: {backupNow.data.name}
            </Text>
          )}
          {backupNow.error && <Text c="red.9">{backupNow.error.message}</Text>}
        </Group>

        <Table striped highlightOnHover aria-label="Backups, newest first">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Taken</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Size</Table.Th>
              <Table.Th>
                <VisuallyHidden>Action</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {s?.backups.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>No backups yet.</Table.Td>
              </Table.Tr>
            )}
            {s?.backups.slice(0, 50).map((b) => (
              <Table.Tr key={b.name}>
                <Table.Td>{formatInstantGb(b.takenAt)}</Table.Td>
                <Table.Td>
                  <Badge variant="outline" color="gray.9" c="dark.9">
                    {BACKUP_KIND_LABELS[b.kind]}
                  </Badge>
                </Table.Td>
                <Table.Td>{formatBytes(b.bytes)}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => preview.mutate(b.name)}
                    loading={preview.isPending && preview.variables === b.name}
                  >
                    Check and restore…
                    <VisuallyHidden> the backup taken {formatInstantGb(b.takenAt)}</VisuallyHidden>
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {preview.error && (
          <Alert color="red" variant="outline" c="red.9">
            {preview.error.message}
          </Alert>
        )}

        {chosen && (
          <Paper p="md" withBorder aria-labelledby="restore-title">
            <Stack>
              <Title order={2} size="h3" id="restore-title">
                Restore the backup taken {formatInstantGb(chosen.takenAt)}
              </Title>
              <Table aria-label="What the backup holds" w="auto">
                <Table.Tbody>
                  <Table.Tr>
                    <Table.Th>Patients</Table.Th>
                    <Table.Td>{chosen.patients.toLocaleString('en-GB')}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>Users</Table.Th>
                    <Table.Td>{chosen.users.toLocaleString('en-GB')}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>Audit rows</Table.Th>
                    <Table.Td>{chosen.auditRows.toLocaleString('en-GB')}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>Check</Table.Th>
                    <Table.Td>
                      {chosen.integrity === 'ok' ? 'Passed' : `Failed: ${chosen.integrity}`}
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>Made by</Table.Th>
                    <Table.Td>
                      {chosen.signature === 'valid'
                        ? 'Alongside on this computer, unchanged since'
                        : chosen.signature === 'unsigned'
                          ? 'Not signed: not made by Alongside on this computer'
                          : 'Signature does not match: changed since it was taken, or made elsewhere'}
                    </Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
              <Alert color="orange" variant="outline">
                <Text fw={700}>Everything entered after this backup will be replaced</Text>
                <Text>
                  The database as it is now is backed up first, so this can be undone. Everyone will need to
                  sign in again.
                </Text>
              </Alert>
              {chosen.signature !== 'valid' && chosen.integrity === 'ok' && (
                <Alert color="red" variant="outline">
                  <Text fw={700}>This backup was not made by Alongside on this computer</Text>
                  <Text>
                    Restore it only if you know where it came from (for example a copy from the old computer).
                    A file someone has changed could hold false records. The restore is recorded in the audit
                    trail as a foreign import.
                  </Text>
                  <Checkbox
                    mt="xs"
                    label="I know where this file came from: import it as a foreign backup"
                    checked={foreign}
                    onChange={(e) => setForeign(e.currentTarget.checked)}
                  />
                </Alert>
              )}
              <Checkbox
                label="I understand: replace the database with this backup"
                checked={confirm}
                onChange={(e) => setConfirm(e.currentTarget.checked)}
              />
              <Group>
                <Button
                  color="red.9"
                  disabled={
                    !confirm || chosen.integrity !== 'ok' || (chosen.signature !== 'valid' && !foreign)
                  }
                  loading={restore.isPending}
                  onClick={() => restore.mutate(chosen.name)}
                >
                  Restore this backup
                </Button>
                <Button variant="default" onClick={() => setChosen(null)}>
                  Cancel
                </Button>
              </Group>
              {restore.error && (
                <Alert color="red" variant="outline" c="red.9">
                  {restore.error.message}
                </Alert>
              )}
              {restore.data && (
                <Alert color="teal" variant="outline" c="teal.9" role="status">
                  Restored. The previous database is kept as {restore.data.safetyBackup}. Sign in again to
                  carry on.
                </Alert>
              )}
            </Stack>
          </Paper>
        )}
      </Stack>
    </Paper>
  );
}
