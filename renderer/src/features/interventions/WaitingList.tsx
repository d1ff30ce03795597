import { Alert, Badge, Checkbox, Group, Loader, NativeSelect, Paper, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatDateGb } from '../../../../shared/dates';
import { PRIORITIES, type Priority } from '../../../../shared/domain/interventions';
import { api } from '../../api/client';
import { MdtDraftList } from '../mdt/ActionLinks';
import { PriorityBadge } from './shared';
import { plural } from '../../../../shared/plural';

/** The waiting list: by priority then RTT breach date, with filters; patients at risk of breaching flagged. */
export function WaitingList() {
  const [priority, setPriority] = useState<Priority | ''>('');
  const [procedureCode, setProcedure] = useState('');
  const [atRiskOnly, setAtRisk] = useState(false);
  const catalogue = useQuery({
    queryKey: ['interventions:catalogue'],
    queryFn: () => api.call('interventions:catalogue', {}),
  });
  const list = useQuery({
    queryKey: ['interventions:list', priority, procedureCode, atRiskOnly],
    queryFn: () =>
      api.call('interventions:list', {
        ...(priority ? { priority } : {}),
        ...(procedureCode ? { procedureCode } : {}),
        atRiskOnly,
        limit: 200,
      }),
  });
  return (
    <Paper withBorder p="md">
      <MdtDraftList module="interventions" />
      <Group align="end" mb="md">
        <NativeSelect
          label="Priority"
          value={priority}
          onChange={(e) => setPriority(e.currentTarget.value as Priority | '')}
          data={[{ value: '', label: 'All priorities' }, ...PRIORITIES.map((p) => ({ value: p, label: p }))]}
        />
        <NativeSelect
          label="Procedure"
          value={procedureCode}
          onChange={(e) => setProcedure(e.currentTarget.value)}
          data={[
            { value: '', label: 'All procedures' },
            ...(catalogue.data?.procedures ?? []).map((p) => ({ value: p.code, label: p.name })),
          ]}
        />
        <Checkbox
          label="At risk of breaching (within 6 weeks or past)"
          checked={atRiskOnly}
          onChange={(e) => setAtRisk(e.currentTarget.checked)}
        />
      </Group>
      {list.isPending && <Loader aria-label="Loading the waiting list" />}
      {list.isError && <Alert color="red">{list.error.message}</Alert>}
      {list.data && (
        <>
          <Group gap="xs" mb="xs">
            <Text size="sm" c="dimmed">
              {list.data.total.toLocaleString('en-GB')} {atRiskOnly ? 'at risk' : 'waiting'} · sorted by
              priority, then RTT breach date
            </Text>
            {list.data.atRiskTotal > 0 && (
              <Badge color="red.9" variant="filled" data-testid="at-risk-total">
                {list.data.atRiskTotal.toLocaleString('en-GB')} at risk of breaching (within 6 weeks or past)
              </Badge>
            )}
          </Group>
          <Table striped highlightOnHover aria-label="Waiting list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Priority</Table.Th>
                <Table.Th>Patient</Table.Th>
                <Table.Th>Procedure</Table.Th>
                <Table.Th>Side / level</Table.Th>
                <Table.Th>Clinician</Table.Th>
                <Table.Th>RTT breach</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td>
                    <PriorityBadge priority={i.priority} />
                  </Table.Td>
                  <Table.Td>
                    <Link to={`/interventions/requests/${i.id}`}>{i.patientName}</Link>
                  </Table.Td>
                  <Table.Td>{i.procedureName}</Table.Td>
                  <Table.Td>
                    {i.side} · {i.site}
                  </Table.Td>
                  <Table.Td>{i.clinicianName ?? '—'}</Table.Td>
                  <Table.Td>
                    <Group gap={6}>
                      <Text size="sm">{formatDateGb(i.rttBreachDate)}</Text>
                      {i.atRisk && (
                        <Badge color="red.9" variant="filled">
                          {i.daysToBreach < 0
                            ? `Breached ${plural(-i.daysToBreach, 'day')} ago`
                            : `At risk: ${plural(i.daysToBreach, 'day')}`}
                        </Badge>
                      )}
                      {i.rebookBy && (
                        <Badge color="#9c3600" variant="filled">
                          Rebook by {formatDateGb(i.rebookBy)}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Paper>
  );
}
