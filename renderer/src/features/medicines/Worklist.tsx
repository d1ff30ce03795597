import { Alert, Button, Group, Loader, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { memo, useState, type Ref } from 'react';
import { useNavigate } from 'react-router';
import { formatDateGb } from '../../../../shared/dates';
import { formatDose, type WorklistRow } from '../../../../shared/domain/medicines';
import { formatNhsNumber } from '../../../../shared/nhs-number';
import { defaultWorklistNurse, screenQueries } from '../../api/screenQueries';
import { useSignedIn } from '../../app/session';
import { MdtDraftList } from '../mdt/ActionLinks';
import { useVirtualRows } from '../../app/VirtualTable';

/**
 * One worklist row. Memoised (issue 18): the virtualised table re-renders as it measures and scrolls, and
 * rows whose plan has not changed are not drawn again. `ref` and the data attributes come from the
 * virtualiser (useVirtualRows) and go on the <tr>.
 */
const PlanRow = memo(function PlanRow({
  r,
  onReview,
  ref,
  ...virtual
}: {
  r: WorklistRow;
  onReview: (planId: number) => void;
  ref?: Ref<HTMLTableRowElement>;
  'data-index'?: number;
  'aria-rowindex'?: number;
}) {
  return (
    <Table.Tr ref={ref} {...virtual}>
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
          onClick={() => onReview(r.planId)}
          aria-label={`Record review for ${r.patientName}`}
        >
          Record review
        </Button>
      </Table.Td>
    </Table.Tr>
  );
});

const Rows = memo(function Rows({
  title,
  rows,
  onReview,
}: {
  title: string;
  rows: WorklistRow[];
  onReview: (planId: number) => void;
}) {
  // Rows are about 58 px high (the name over its NHS number): the estimate keeps the first draw close.
  const [tbodyRef, virtualRows] = useVirtualRows(rows, 7, 58);
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
              <PlanRow key={r.planId} r={r} onReview={onReview} />
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
});

/** The nurse's worklist: taper reviews overdue, due today and upcoming. */
export function Worklist() {
  const me = useSignedIn();
  const navigate = useNavigate();
  const [nurse, setNurse] = useState<string>(() => String(defaultWorklistNurse(me) ?? ''));
  // The same queries as prefetchScreen starts at the navigation (api/screenQueries.ts): already on their way.
  const clinicians = useQuery(screenQueries.clinicians());
  const q = useQuery(screenQueries.medsWorklist(nurse === '' ? null : Number(nurse)));
  const [onReview] = useState(() => (planId: number) => void navigate(`/medicines/plans/${planId}#review`));
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
          <Rows title="Overdue" rows={q.data.overdue} onReview={onReview} />
          <Rows title="Due today" rows={q.data.dueToday} onReview={onReview} />
          <Rows title="Upcoming (next 14 days)" rows={q.data.upcoming} onReview={onReview} />
        </>
      )}
    </Stack>
  );
}
