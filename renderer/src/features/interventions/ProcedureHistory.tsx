import { Alert, Loader, Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { formatDateGb } from '../../../../shared/dates';
import { api } from '../../api/client';

/**
 * The patient's procedure history (issue 14), on the patient record: each procedure done, earliest first,
 * with the site and side, the day, the outcome at follow-up in words (relief, for how long, the day it was
 * assessed, PGIC) and complications. Opening it is audited as a read of this patient's record.
 */
export function ProcedureHistory({ patientId }: { patientId: number }) {
  const q = useQuery({
    queryKey: ['interventions:procedureHistory', patientId],
    queryFn: () => api.call('interventions:procedureHistory', { patientId }),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="procedure-history-title">
      <Title order={3} size="h4" id="procedure-history-title" mb="xs">
        Procedure history
      </Title>
      {q.isPending && <Loader aria-label="Loading the procedure history" />}
      {q.isError && <Alert color="red">{q.error.message}</Alert>}
      {q.data && q.data.items.length === 0 && (
        <Text size="sm">No procedure has been done for this patient in this service yet.</Text>
      )}
      {q.data && q.data.items.length > 0 && (
        <>
          <Text size="xs" c="dimmed" mb="xs">
            Procedures done, earliest first. Relief is as reported at follow-up; a result of 50% or more
            relief counts as successful.
          </Text>
          <Table aria-label="Procedure history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Date</Table.Th>
                <Table.Th>Procedure</Table.Th>
                <Table.Th>Site and side</Table.Th>
                <Table.Th>Outcome</Table.Th>
                <Table.Th>Complications</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.items.map((i) => (
                <Table.Tr key={i.bookingId}>
                  <Table.Td>
                    {formatDateGb(i.date)}
                    {i.inRoomStart && i.inRoomEnd && (
                      <Text size="xs" c="dimmed">
                        in room {i.inRoomStart}–{i.inRoomEnd}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Link to={`/interventions/requests/${i.requestId}`}>{i.procedureName}</Link>
                    {i.clinicianName && (
                      <Text size="xs" c="dimmed">
                        {i.clinicianName}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{i.site}</Table.Td>
                  <Table.Td>{i.outcomeText}</Table.Td>
                  <Table.Td>{i.complicationsText}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Paper>
  );
}
