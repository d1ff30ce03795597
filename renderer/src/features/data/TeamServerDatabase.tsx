import { Alert, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { formatInstantGb } from '../../../../shared/dates';
import type { TeamDatabaseStatus } from '../../../../shared/domain/data';
import { formatBytes } from './bytes';

/**
 * Backups and restore when Alongside runs on the team server (issue 19): the server's database is backed
 * up and restored by the trust's IT team with pg_dump, so this screen says so and shows the database it is
 * connected to, instead of the single-computer backup folder.
 */
export function TeamServerDatabase({ team }: { team: TeamDatabaseStatus }) {
  const behind = team.schemaVersion < team.latestSchemaVersion;
  return (
    <Paper p="md" withBorder>
      <Stack>
        <Title order={1} size="h2">
          Backups and restore
        </Title>
        <Alert color="blue" variant="outline" c="dark.9">
          <Text fw={700}>Alongside is using your service&apos;s team server</Text>
          <Text>
            Backups of the team server are made by your IT team with pg_dump, on their own schedule, and they
            restore it if that is ever needed (everyone then signs in again). This screen cannot take or
            restore backups of the team server. Ask your IT team when the last backup was checked by a test
            restore.
          </Text>
        </Alert>
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <div>
            <Text fw={600}>Team server database</Text>
            <Text size="sm">Connected</Text>
            <Text size="sm" c="dimmed" style={{ wordBreak: 'break-all' }}>
              {team.database} (PostgreSQL {team.serverVersion})
            </Text>
          </div>
          <div>
            <Text fw={600}>Size and last change</Text>
            <Text size="sm">{formatBytes(team.bytes)}</Text>
            <Text size="sm" c="dimmed">
              {team.lastChangeAt
                ? `Last saved change ${formatInstantGb(team.lastChangeAt)}`
                : 'Nothing saved yet'}
            </Text>
          </div>
          <div>
            <Text fw={600}>Database version</Text>
            <Text size="sm">{team.schemaVersion}</Text>
            <Text size="sm" c={behind ? 'red.9' : 'dimmed'}>
              {behind
                ? `This server expects version ${team.latestSchemaVersion}: ask your IT team to finish the upgrade.`
                : 'Up to date'}
            </Text>
          </div>
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
