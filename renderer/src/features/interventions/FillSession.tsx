import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatDateGb, londonToday } from '../../../../shared/dates';
import {
  FILL_NOT_READY_LIMIT,
  FILL_READY_LIMIT,
  type FillCandidate,
  type SessionView,
} from '../../../../shared/domain/interventions';
import { plural } from '../../../../shared/plural';
import { api } from '../../api/client';
import { PriorityBadge, addDays } from './shared';

/**
 * What was found, in words: how many are ready to book and whether the whole waiting list was checked, so
 * that a table of patients who are not ready does not read as "nobody further down was looked at".
 */
export function fillSummary(items: readonly FillCandidate[]): string {
  const ready = items.filter((i) => i.ready).length;
  const notReady = items.length - ready;
  const found =
    ready === 0
      ? 'Nobody whose procedure fits this session is ready to book; the whole waiting list was checked.'
      : ready >= FILL_READY_LIMIT
        ? `The first ${ready} patients ready to book, in list order (more may be ready further down the list).`
        : `${plural(ready, 'patient')} ready to book; the whole waiting list was checked.`;
  if (notReady === 0) return found;
  return `${found} ${notReady >= FILL_NOT_READY_LIMIT ? `Then the first ${notReady} who are not ready, in list order,` : `Then ${plural(notReady, 'patient')} not ready,`} with what is missing.`;
}

/**
 * "Fill this session": waiting patients who fit it, ready patients first, each group by priority then RTT
 * breach date, with what stops the others and the warnings booking would ask a reason for. Ready patients
 * can be booked from here (every check runs again on booking).
 */
export function FillSession({ session, onClose }: { session: SessionView; onClose: () => void }) {
  const qc = useQueryClient();
  const [agreed, setAgreed] = useState(false);
  const [reason, setReason] = useState('');
  const shortNotice = session.date < addDays(londonToday(), 21);
  const q = useQuery({
    queryKey: ['interventions:fillSession', session.id],
    queryFn: () => api.call('interventions:fillSession', { sessionId: session.id }),
  });
  const book = useMutation({
    mutationFn: (requestId: number) =>
      api.call('interventions:book', {
        requestId,
        sessionId: session.id,
        patientAgreedShortNotice: agreed,
        ...(reason.trim() ? { overrideReason: reason.trim() } : {}),
      }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['interventions:fillSession', session.id] });
      await qc.invalidateQueries({ queryKey: ['interventions:week'] });
    },
  });
  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={{ 'aria-label': 'Close' }}
      title={`Fill ${session.room}, ${formatDateGb(session.date)} ${session.start} (${session.freeMinutes} min free)`}
      size="90%"
    >
      <Stack>
        <Text size="sm" c="dimmed">
          Ready patients first, then by priority and RTT breach date. A reasonable offer gives at least 3
          weeks’ notice unless the patient agrees to sooner.
        </Text>
        {shortNotice && (
          <Checkbox
            label="Patient agrees to less than 3 weeks’ notice"
            checked={agreed}
            onChange={(e) => setAgreed(e.currentTarget.checked)}
          />
        )}
        <TextInput
          label="Override reason (only if booking despite a warning)"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        {book.isError && (
          <Alert color="red" title="Booking refused" role="alert">
            {book.error.message}
          </Alert>
        )}
        {book.isSuccess && <Alert color="green">Booked.</Alert>}
        {q.isPending && (
          <Group gap="xs">
            <Loader size="sm" aria-label="Finding patients" />
            <Text size="sm">Checking the whole waiting list for patients who fit this session…</Text>
          </Group>
        )}
        {q.isError && <Alert color="red">{q.error.message}</Alert>}
        {q.data && q.data.length === 0 && <Text>No waiting patient’s procedure fits this session.</Text>}
        {q.data && q.data.length > 0 && (
          <Text role="status" data-testid="fill-summary">
            {fillSummary(q.data)}
          </Text>
        )}
        {q.data && q.data.length > 0 && (
          <Table aria-label="Patients who fit this session">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Priority</Table.Th>
                <Table.Th>Patient</Table.Th>
                <Table.Th>Procedure</Table.Th>
                <Table.Th>Breach</Table.Th>
                <Table.Th>Readiness</Table.Th>
                <Table.Th>Book</Table.Th>
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
                  <Table.Td>
                    {i.procedureName} · {i.plannedMinutes} min
                  </Table.Td>
                  <Table.Td>
                    {formatDateGb(i.rttBreachDate)}
                    {i.atRisk && (
                      <Badge color="red.9" ml={4} size="sm">
                        {i.daysToBreach < 0 ? 'Breached' : 'At risk'}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {i.ready ? (
                      <Badge color="#1e6b30">Ready</Badge>
                    ) : (
                      <Text size="xs">{i.notReady.join(' ')}</Text>
                    )}
                    {i.warnings.map((w) => (
                      <Text key={w.code} size="xs" c="#9c3600">
                        {w.message}
                      </Text>
                    ))}
                  </Table.Td>
                  <Table.Td>
                    {i.ready && (
                      <Button size="xs" onClick={() => book.mutate(i.id)} loading={book.isPending}>
                        Book {i.patientName}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Modal>
  );
}
