import { Alert, Badge, Loader, Paper, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { formatDateGb } from '../../../../shared/dates';
import { screenQueries } from '../../api/screenQueries';
import { useVirtualRows } from '../../app/VirtualTable';

/** Follow-ups due: procedures done without a recorded outcome, by due date. */
export function FollowUps() {
  const q = useQuery(screenQueries.followUps());
  // Up to 100 follow-ups: only the rows in view are drawn (issue 18, the benchmark's 100 rows of Mantine
  // cells and badges at 100,000 patients).
  const [tbodyRef, virtualRows] = useVirtualRows(q.data ?? [], 4, 45);
  if (q.isPending) return <Loader aria-label="Loading follow-ups" />;
  if (q.isError) return <Alert color="red">{q.error.message}</Alert>;
  return (
    <Paper withBorder p="md">
      {q.data.length === 0 ? (
        <Text>No follow-ups are due.</Text>
      ) : (
        <Table striped aria-label="Follow-ups due">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Due</Table.Th>
              <Table.Th>Patient</Table.Th>
              <Table.Th>Procedure</Table.Th>
              <Table.Th>Done on</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody ref={tbodyRef}>
            {virtualRows((f) => (
              <Table.Tr key={f.bookingId}>
                <Table.Td>
                  {formatDateGb(f.followUpDue)}{' '}
                  {f.overdue && (
                    <Badge color="red.9" variant="filled">
                      Overdue
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Link to={`/interventions/requests/${f.requestId}`}>{f.patientName}</Link>
                </Table.Td>
                <Table.Td>{f.procedureName}</Table.Td>
                <Table.Td>{formatDateGb(f.procedureDate)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
