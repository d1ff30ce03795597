import { Alert, Button, Group, Loader, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { formatDateGb } from '../../../../shared/dates';
import { formatDose, type WorklistRow } from '../../../../shared/domain/medicines';
import { formatNhsNumber } from '../../../../shared/nhs-number';
import { api } from '../../api/client';
import { useSignedIn } from '../../app/session';
import { MdtDraftList } from '../mdt/ActionLinks';
import { useVirtualRows } from '../../app/VirtualTable';

function Rows({ title, rows }: { title: string; rows: WorklistRow[] }) {
  const navigate = useNavigate();
  const [tbodyRef, virtualRows] = useVirtualRows(rows, 7);
  return (
    <Stack gap="xs">
      <Title order={2} size="h3">
        {title} ({rows.length})
      </Title>
      {rows.length === 0 ? (
        <Text c="dimmed">None.</Text>
      ) : (
        <Table withTableBorder striped aria-label={title}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Review</Table.Th>
              <Table.Th>Patient</Table.Th>
              <Table.Th>Medicine</Table.Th>
              <Table.Th>Now on</Table.Th>
              <Table.Th>Nurse</Table.Th>
              <Table.Th>Held / stepped back</Table.Th>
              <Table.Th>
                <span style={{ position: 'absolute', left: -9999 }}>Action</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody ref={tbodyRef}>
            {virtualRows((r) => (
              <Table.Tr key={r.planId}>
                <Table.Td>{formatDateGb(r.nextReviewDate)}</Table.Td>
                <Table.Td>
                  {r.patientName}
                  {r.nhsNumber ? (
                    <Text size="xs" c="dimmed">
                      {formatNhsNumber(r.nhsNumber)}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>{r.medicineName}</Table.Td>
                <Table.Td>
                  {formatDose(r.currentDose)} {r.unit}
                </Table.Td>
                <Table.Td>{r.nurseName ?? '—'}</Table.Td>
                <Table.Td>
                  {r.holds} / {r.stepBacks}
                  {r.needsReview && <div>Needs review: dose changed outside the plan</div>}
                </Table.Td>
                <Table.Td>
                  <Button
                    size="compact-sm"
                    color="brand"
                    onClick={() => void navigate(`/medicines/plans/${r.planId}#review`)}
                    aria-label={`Record review for ${r.patientName}`}
                  >
                    Record review
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

/** The nurse's worklist: taper reviews overdue, due today and upcoming. */
export function Worklist() {
  const me = useSignedIn();
  const [nurse, setNurse] = useState<string>(me.user.role === 'nurse' ? String(me.user.id) : '');
  const clinicians = useQuery({
    queryKey: ['users:clinicians'],
    queryFn: () => api.call('users:clinicians', {}),
  });
  const q = useQuery({
    queryKey: ['meds:worklist', nurse],
    queryFn: () => api.call('meds:worklist', { nurseId: nurse === '' ? null : Number(nurse) }),
  });
  return (
    <Stack>
      <MdtDraftList module="medicines" />
      <Group>
        <NativeSelect label="Nurse" value={nurse} onChange={(e) => setNurse(e.currentTarget.value)} w={280}>
          <option value="">All nurses</option>
          {(clinicians.data ?? [])
            .filter((c) => c.role === 'nurse' || c.role === 'pharmacist' || c.role === 'consultant')
            .map((c) => (
              <option key={c.id} value={c.id}>
                {c.displayName}
              </option>
            ))}
        </NativeSelect>
      </Group>
      {q.isPending && <Loader aria-label="Loading worklist" />}
      {q.isError && (
        <Alert color="red" variant="outline" c="red.9">
          {q.error.message}
        </Alert>
      )}
      {q.data && (
        <>
          <Rows title="Overdue" rows={q.data.overdue} />
          <Rows title="Due today" rows={q.data.dueToday} />
          <Rows title="Upcoming (next 14 days)" rows={q.data.upcoming} />
        </>
      )}
    </Stack>
  );
}
