import { Alert, Anchor, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink } from 'react-router';
import { formatInstantGb } from '../../../shared/dates';
import { api } from '../api/client';

/** How often the banner looks again (a failed daily backup or background check is written to the alerts). */
const EVERY_MINUTES = 5;

/**
 * The data-health alerts (a failed daily backup, a failed background integrity check) on every screen for the
 * people who look after the data, not only on the Data and backups screen (issue 17).
 */
export function DataHealthBanner() {
  const alerts = useQuery({
    queryKey: ['data:alerts'],
    queryFn: () => api.call('data:alerts', {}),
    refetchInterval: EVERY_MINUTES * 60_000,
  });
  if (!alerts.data || alerts.data.length === 0) return null;
  return (
    <Alert color="red" variant="outline" role="alert" title="The data needs attention" mb="md">
      {alerts.data.map((a) => (
        <Text key={a.kind} size="sm">
          {a.kind === 'backup-failed' ? 'The daily backup failed' : 'The database check found a problem'} (
          {formatInstantGb(a.at)}): {a.message}
        </Text>
      ))}
      <Anchor component={RouterLink} to="/admin/data" size="sm">
        Open Data and backups
      </Anchor>
    </Alert>
  );
}
