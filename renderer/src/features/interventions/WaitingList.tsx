import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  Loader,
  NativeSelect,
  Paper,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { memo, useState, type Ref } from 'react';
import { Link } from 'react-router';
import { formatDateGb } from '../../../../shared/dates';
import { PRIORITIES, type Priority, type WaitingListItem } from '../../../../shared/domain/interventions';
import { formatNhsNumber } from '../../../../shared/nhs-number';
import { plural } from '../../../../shared/plural';
import {
  screenQueries,
  WAITING_LIST_PAGE,
  waitingListQuery,
  type WaitingListFilter,
} from '../../api/screenQueries';
import { useVirtualRows } from '../../app/VirtualTable';
import { MdtDraftList } from '../mdt/ActionLinks';
import { PriorityBadge } from './shared';

const COLUMNS = 9;

type Shown = 'waiting' | 'booked';

/** Readiness now (for the booked date when booked), in words, with why not. */
function Readiness({ item }: { item: WaitingListItem }) {
  if (item.ready === null) return <Text size="sm">—</Text>;
  if (item.ready)
    return (
      <Badge color="green.9" variant="filled">
        Ready
      </Badge>
    );
  return (
    <div>
      {item.bookedNotReady ? (
        <Badge color="red.9" variant="filled">
          Booked, no longer ready
        </Badge>
      ) : (
        <Badge color="gray.8" variant="filled">
          Not ready
        </Badge>
      )}
      {item.needsReapproval.length > 0 && (
        <Badge
          color="#9c3600"
          variant="filled"
          mt={4}
          h="auto"
          style={{ whiteSpace: 'normal' }}
          data-testid="needs-reapproval"
        >
          Hold plan needs re-approval: {item.needsReapproval.join(', ')}
        </Badge>
      )}
      <List size="xs" mt={4}>
        {item.notReady.slice(0, 3).map((r) => (
          <List.Item key={r}>{r}</List.Item>
        ))}
        {item.notReady.length > 3 && (
          <List.Item>and {plural(item.notReady.length - 3, 'more item')}</List.Item>
        )}
      </List>
    </div>
  );
}

/**
 * One row of the list. Memoised (issue 18): the virtualised table renders again as it measures its rows and
 * as the page scrolls, and a row whose request has not changed is not drawn again. `ref` and the data
 * attributes come from the virtualiser (useVirtualRows) and go on the <tr>.
 */
const WaitingRow = memo(function WaitingRow({
  item: i,
  ref,
  ...virtual
}: {
  item: WaitingListItem;
  ref?: Ref<HTMLTableRowElement>;
  'data-index'?: number;
  'aria-rowindex'?: number;
}) {
  return (
    <Table.Tr ref={ref} {...virtual} data-testid="waiting-row">
      <Table.Td>
        <PriorityBadge priority={i.priority} />
      </Table.Td>
      <Table.Td>
        <Link to={`/interventions/requests/${i.id}`}>{i.patientName}</Link>
        {i.nhsNumber && (
          <Text size="xs" c="dimmed">
            NHS No. {formatNhsNumber(i.nhsNumber)}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{i.procedureName}</Table.Td>
      <Table.Td>
        {i.side} · {i.site}
      </Table.Td>
      <Table.Td>{i.clinicianName ?? '—'}</Table.Td>
      <Table.Td>{plural(i.weeksWaited, 'week')}</Table.Td>
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
      <Table.Td>{i.bookedDate ? formatDateGb(i.bookedDate) : '—'}</Table.Td>
      <Table.Td>
        <Readiness item={i} />
      </Table.Td>
    </Table.Tr>
  );
});

/**
 * The waiting list at thousands of requests (issue 14): by priority then RTT breach date; searchable by
 * surname or NHS number; each row with its readiness, booked date and weeks waited; "ready only"; booked
 * cases no longer ready flagged. Pages of 200 are fetched as asked for ("Show the next …") and the rows are
 * virtualised, so the table stays a real table that Tab walks row by row.
 */
export function WaitingList() {
  const [priority, setPriority] = useState<Priority | ''>('');
  const [procedureCode, setProcedure] = useState('');
  const [atRiskOnly, setAtRisk] = useState(false);
  const [readyOnly, setReadyOnly] = useState(false);
  const [status, setStatus] = useState<Shown>('waiting');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  // The same queries as prefetchScreen starts at the navigation (api/screenQueries.ts): already on their way.
  const catalogue = useQuery(screenQueries.interventionsCatalogue());
  const filter: WaitingListFilter = {
    status,
    ...(priority ? { priority } : {}),
    ...(procedureCode ? { procedureCode } : {}),
    ...(debounced ? { search: debounced } : {}),
    atRiskOnly,
    readyOnly,
  };
  const list = useInfiniteQuery({ ...waitingListQuery(filter), placeholderData: keepPreviousData });
  const pages = list.data?.pages ?? [];
  const items = pages.flatMap((p) => p.items);
  const total = pages[0]?.total ?? 0;
  const atRiskTotal = pages[0]?.atRiskTotal ?? 0;
  const [tbodyRef, virtualRows] = useVirtualRows(items, COLUMNS, 72);
  const remaining = total - items.length;
  const what = readyOnly ? 'ready' : atRiskOnly ? 'at risk' : status === 'booked' ? 'booked' : 'waiting';

  return (
    <Paper withBorder p="md">
      <MdtDraftList module="interventions" />
      <Group align="end" mb="md">
        <TextInput
          label="Find on the list"
          description="Surname (or its start), or NHS number"
          placeholder="e.g. smith   or   943 476 5919"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={260}
        />
        <NativeSelect
          label="Show"
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value as Shown)}
          data={[
            { value: 'waiting', label: 'Waiting (not booked)' },
            { value: 'booked', label: 'Booked' },
          ]}
        />
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
      </Group>
      <Group mb="md">
        <Checkbox
          label="Ready only"
          checked={readyOnly}
          onChange={(e) => setReadyOnly(e.currentTarget.checked)}
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
            <Text size="sm" c="dimmed" aria-live="polite" data-testid="waiting-count">
              {total.toLocaleString('en-GB')} {what}
              {items.length < total ? `, first ${items.length.toLocaleString('en-GB')} shown` : ''} · sorted
              by priority, then RTT breach date
            </Text>
            {atRiskTotal > 0 && (
              <Badge color="red.9" variant="filled" data-testid="at-risk-total">
                {atRiskTotal.toLocaleString('en-GB')} at risk of breaching (within 6 weeks or past)
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
                <Table.Th>Waited</Table.Th>
                <Table.Th>RTT breach</Table.Th>
                <Table.Th>Booked for</Table.Th>
                <Table.Th>Readiness</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody ref={tbodyRef}>
              {virtualRows((i) => (
                <WaitingRow key={i.id} item={i} />
              ))}
            </Table.Tbody>
          </Table>
          {total === 0 && (
            <Text size="sm" mt="sm">
              {!debounced
                ? 'Nobody on this list.'
                : /^\d/.test(debounced) && debounced.replace(/\s+/g, '').length !== 10
                  ? 'Nobody matches: enter all 10 digits of the NHS number.'
                  : 'Nobody on this list matches that search.'}
            </Text>
          )}
          {list.hasNextPage && (
            <Group mt="md">
              <Button
                variant="default"
                loading={list.isFetchingNextPage}
                onClick={() => void list.fetchNextPage()}
              >
                Show the next {Math.min(WAITING_LIST_PAGE, remaining).toLocaleString('en-GB')} (
                {remaining.toLocaleString('en-GB')} more)
              </Button>
            </Group>
          )}
        </>
      )}
    </Paper>
  );
}
