import { Alert, Loader, Modal, Table } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { formatDateGb } from '../../../../shared/dates';
import type { SessionView } from '../../../../shared/domain/interventions';
import { api } from '../../api/client';
import { PriorityBadge } from './shared';

/** "Fill this session": waiting patients who fit it, by priority then breach date. */
export function FillSession({ session, onClose }: { session: SessionView; onClose: () => void }) {
  const q = useQuery({
    queryKey: ['interventions:fillSession', session.id],
    queryFn: () => api.call('interventions:fillSession', { sessionId: session.id }),
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Fill ${session.room}, ${formatDateGb(session.date)} ${session.start}`}
      size="xl"
    >
      {q.isPending && <Loader aria-label="Finding patients" />}
      {q.isError && <Alert color="red">{q.error.message}</Alert>}
      {q.data && (
        <Table aria-label="Patients who fit this session">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Priority</Table.Th>
              <Table.Th>Patient</Table.Th>
              <Table.Th>Procedure</Table.Th>
              <Table.Th>Breach</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {q.data.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>
                  <PriorityBadge priority={i.priority} />
                </Table.Td>
                <Table.Td>
                  <Link to={`/interventions/requests/${i.id}`} onClick={onClose}>
                    {i.patientName}
                  </Link>
                </Table.Td>
                <Table.Td>{i.procedureName}</Table.Td>
                <Table.Td>{formatDateGb(i.rttBreachDate)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Modal>
  );
}
