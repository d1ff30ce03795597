import { Alert, Anchor, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { PLAN_STATUS_LABELS } from '../../../../shared/domain/medicines';
import { screenQueries } from '../../api/screenQueries';
import { BarChart } from './charts';

/** The service view: patients at each OME threshold and combination flag, plans by status, median reduction. */
export function ServiceView() {
  const q = useQuery(screenQueries.medsServiceView());
  if (q.isPending) return <Loader aria-label="Loading service view" />;
  if (q.isError)
    return (
      <Alert color="red" variant="outline" c="red.9">
        {q.error.message}
      </Alert>
    );
  const v = q.data;
  return (
    <Stack>
      <Text>
        {v.patientsWithMedicines.toLocaleString('en-GB')} patients with medicines recorded. Median OME
        reduction achieved on plans:{' '}
        <b>{v.medianOmeReduction.mgPer24h === null ? '—' : `${v.medianOmeReduction.mgPer24h} mg/24h`}</b> (
        {v.medianOmeReduction.plans.toLocaleString('en-GB')} started plans).
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            Patients at or above each OME threshold
          </Title>
          <BarChart
            title="Threshold"
            valueLabel="Patients"
            rows={v.thresholds.map((t) => ({ label: `≥ ${t.mgPer24h} mg: ${t.label}`, value: t.patients }))}
          />
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            Patients with each combination flag
          </Title>
          <BarChart
            title="Combination"
            valueLabel="Patients"
            rows={v.combinations.map((c) => ({ label: c.label, value: c.patients }))}
          />
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            Plans by status
          </Title>
          <BarChart
            title="Status"
            valueLabel="Plans"
            rows={v.plansByStatus.map((s) => ({ label: PLAN_STATUS_LABELS[s.status], value: s.plans }))}
          />
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            Highest opioid loads
          </Title>
          <Table striped aria-label="Highest opioid loads">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Patient</Table.Th>
                <Table.Th>OME mg/24h</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {v.highest.map((h) => (
                <Table.Tr key={h.patientId}>
                  <Table.Td>
                    <Anchor href={`#/patients/${h.patientId}`}>{h.patientName}</Anchor>
                  </Table.Td>
                  <Table.Td>
                    {h.totalMgPer24h.toFixed(1)}
                    {h.complete ? '' : ' (incomplete)'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
