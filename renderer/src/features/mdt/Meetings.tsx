import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { memo, useCallback, useState, type DragEvent } from 'react';
import { Link, useParams } from 'react-router';
import { formatDateGb, formatInstantGb } from '../../../../shared/dates';
import {
  LISTING_CATEGORIES,
  LISTING_CATEGORY_LABELS,
  listingStatusText,
  type ListingView,
} from '../../../../shared/domain/mdt';
import { api } from '../../api/client';
import { screenQueries } from '../../api/screenQueries';
import { caseSummariesQuery } from './caseSummaries';
import { Suggestions } from './MeetingSuggestions';
import { ListingControls, ListingReadiness } from './ListingControls';
import { useSession } from '../../app/session';
import { errorText, LateBadge, Loading, localTime, useMeetingTypes, usePeople } from './common';
import { plural } from '../../../../shared/plural';

export function MeetingsHome() {
  const session = useSession();
  const qc = useQueryClient();
  const types = useMeetingTypes();
  const meetings = useQuery({
    queryKey: ['mdt:meetings'],
    queryFn: () => api.call('mdt:meetings:list', { from: null, limit: 30 }),
  });
  const create = useMutation({
    mutationFn: (meetingTypeId: number) => api.call('mdt:meetings:createNext', { meetingTypeId }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mdt:meetings'] }),
  });
  return (
    <Stack gap="md">
      {session.can('mdt.manage') && (
        <Group>
          {(types.data ?? []).map((t) => (
            <Button
              key={t.id}
              variant="default"
              color="brand.9"
              onClick={() => create.mutate(t.id)}
              loading={create.isPending}
            >
              Create next: {t.name}
            </Button>
          ))}
        </Group>
      )}
      {create.error && <Alert color="red.9">{errorText(create.error)}</Alert>}
      {!meetings.data ? (
        <Loading error={meetings.error} />
      ) : meetings.data.length === 0 ? (
        <Text c="dimmed">
          No meetings yet. Refer a patient from their record, or create the next meeting.
        </Text>
      ) : (
        <Table striped aria-label="Meetings">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Date</Table.Th>
              <Table.Th>Meeting</Table.Th>
              <Table.Th>Cases</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>List closes</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {meetings.data.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/mdt/meetings/${m.id}`}>
                    {formatDateGb(m.date)} {localTime(m.startLocal)}
                  </Anchor>
                </Table.Td>
                <Table.Td>{m.meetingTypeName}</Table.Td>
                <Table.Td>{m.caseCount}</Table.Td>
                <Table.Td>
                  <Badge variant="filled" color={m.status === 'closed' ? 'dark' : 'brand.9'}>
                    {m.status}
                  </Badge>
                </Table.Td>
                <Table.Td>{formatInstantGb(m.cutOffAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

/**
 * One case on the list. Memoised (issue 18): the case summaries and the people arriving after the meeting, or
 * another row's change, redraw only what shows them, not every row with its inputs.
 */
const ListingRow = memo(function ListingRow({
  l,
  index,
  count,
  meetingId,
  editable,
  onDragStart,
  onDrop,
}: {
  l: ListingView;
  index: number;
  count: number;
  meetingId: number;
  editable: boolean;
  onDragStart: (id: number) => void;
  onDrop: (id: number) => void;
}) {
  const qc = useQueryClient();
  const session = useSession();
  const refresh = () => qc.invalidateQueries({ queryKey: ['mdt:meeting', meetingId] });
  const update = useMutation({
    mutationFn: (p: {
      plannedMinutes?: number;
      category?: ListingView['category'];
      presenterId?: number | null;
    }) => api.call('mdt:listing:update', { listingId: l.id, ...p }),
    onSuccess: refresh,
  });
  const move = useMutation({
    mutationFn: (direction: 'up' | 'down') => api.call('mdt:listing:move', { listingId: l.id, direction }),
    onSuccess: refresh,
  });
  const approve = useMutation({
    mutationFn: () => api.call('mdt:listing:approveLate', { listingId: l.id }),
    onSuccess: refresh,
  });
  const inactive = l.status === 'withdrawn' || l.status === 'deferred';
  return (
    <Table.Tr
      draggable={editable}
      onDragStart={() => onDragStart(l.id)}
      onDragOver={(e: DragEvent) => e.preventDefault()}
      onDrop={() => onDrop(l.id)}
      bg={inactive ? 'gray.0' : 'white'}
    >
      <Table.Td>{localTime(l.plannedStartLocal)}</Table.Td>
      <Table.Td>
        <Stack gap={2}>
          <Anchor component={Link} to={`/patients/${l.patientId}`} fw={600}>
            {l.patientName}
          </Anchor>
          <Text size="sm">{l.questions.join(' · ')}</Text>
          <Text size="xs" c="dimmed">
            {l.requesters.length > 0 ? `Requested by ${l.requesters.map((r) => r.name).join(' and ')}` : ''}
            {l.presenterName ? ` · Presenter ${l.presenterName}` : ''}
          </Text>
          <Group gap={4}>
            {l.source === 'carried' && (
              <Badge color={l.escalate ? 'red.9' : 'dark'} variant="filled">
                Carried over ({l.deferralCount}×){l.escalate ? ': flag to chair' : ''}: {l.deferReason}
              </Badge>
            )}
            {l.source === 'suggested' && (
              <Badge color="grape.9" variant="filled">
                Suggested
              </Badge>
            )}
            {l.urgency !== 'routine' && (
              <Badge color="red.9" variant="filled">
                {l.urgency}
              </Badge>
            )}
            <LateBadge listing={l} />
            <Badge color={inactive ? 'dark' : 'gray.8'} variant={inactive ? 'filled' : 'outline'}>
              {listingStatusText(l)}
            </Badge>
          </Group>
          {inactive && l.deferReason && (
            <Text size="xs">
              {l.status === 'withdrawn' ? 'Reason' : 'Carried'}: {l.deferReason}
            </Text>
          )}
          {!inactive && <ListingReadiness meetingId={meetingId} listingId={l.id} />}
          {editable && <ListingControls l={l} />}
          {l.lateState === 'awaiting-chair-approval' && session.can('mdt.chair') && editable && (
            <Button
              size="compact-sm"
              color="brand.8"
              w="fit-content"
              onClick={() => approve.mutate()}
              loading={approve.isPending}
            >
              Approve late addition for {l.patientName}
            </Button>
          )}
          {approve.error && (
            <Text c="red.9" size="sm">
              {errorText(approve.error)}
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        <NativeSelect
          miw={180}
          aria-label={`Category for ${l.patientName}`}
          disabled={!editable}
          data={LISTING_CATEGORIES.map((c) => ({ value: c, label: LISTING_CATEGORY_LABELS[c] }))}
          value={l.category}
          onChange={(e) => update.mutate({ category: e.currentTarget.value as ListingView['category'] })}
        />
        <PresenterSelect
          l={l}
          editable={editable}
          onChange={(presenterId) => update.mutate({ presenterId })}
        />
      </Table.Td>
      <Table.Td>
        <NumberInput
          // Shows the saved minutes again when they change (here or at another desk); only this box starts
          // again, never the row, whose question editor may hold text being typed (issue 19).
          key={l.plannedMinutes}
          aria-label={`Minutes for ${l.patientName}`}
          disabled={!editable}
          w={80}
          min={0}
          max={120}
          defaultValue={l.plannedMinutes}
          onBlur={(e) => {
            const n = Number(e.currentTarget.value);
            if (Number.isInteger(n) && n !== l.plannedMinutes) update.mutate({ plannedMinutes: n });
          }}
        />
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={l.fitsInMeeting === false ? 'red.9' : 'dark.9'}>
          {l.runningTotalMinutes ?? '—'} min{l.fitsInMeeting === false ? ' (over time)' : ''}
        </Text>
      </Table.Td>
      <Table.Td>
        {editable && (
          <Group gap={4} wrap="nowrap">
            <ActionIcon
              variant="light"
              color="dark"
              aria-label={`Move ${l.patientName} up`}
              disabled={index === 0}
              onClick={() => move.mutate('up')}
            >
              ↑
            </ActionIcon>
            <ActionIcon
              variant="light"
              color="dark"
              aria-label={`Move ${l.patientName} down`}
              disabled={index === count - 1}
              onClick={() => move.mutate('down')}
            >
              ↓
            </ActionIcon>
          </Group>
        )}
      </Table.Td>
    </Table.Tr>
  );
});

/** The presenter of a case, chosen from the MDT's people (read apart, so their arrival redraws only this). */
function PresenterSelect({
  l,
  editable,
  onChange,
}: {
  l: ListingView;
  editable: boolean;
  onChange: (presenterId: number | null) => void;
}) {
  const people = usePeople();
  return (
    <NativeSelect
      mt={4}
      miw={180}
      aria-label={`Presenter for ${l.patientName}`}
      disabled={!editable}
      data={[
        { value: '', label: 'No presenter' },
        ...(people.data ?? []).map((p) => ({ value: String(p.id), label: p.name })),
      ]}
      value={l.presenterId ? String(l.presenterId) : ''}
      onChange={(e) => onChange(e.currentTarget.value ? Number(e.currentTarget.value) : null)}
    />
  );
}

export function MeetingPage() {
  const { id } = useParams();
  const meetingId = Number(id);
  const session = useSession();
  const qc = useQueryClient();
  const [dragging, setDragging] = useState<number | null>(null);
  const q = useQuery(screenQueries.mdtMeeting(meetingId));
  // Every case's summary in one read, asked for beside the meeting rather than after it (issue 18).
  useQuery(caseSummariesQuery(meetingId));
  const reorder = useMutation({
    mutationFn: (order: number[]) => api.call('mdt:listing:reorder', { meetingId, order }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mdt:meeting', meetingId] }),
  });
  // The same function until a drag starts or the list changes (the rows are memoised).
  const send = reorder.mutate;
  const order = q.data?.listings;
  const drop = useCallback(
    (targetId: number) => {
      if (!order || dragging === null || dragging === targetId) return;
      const ids = order.map((l) => l.id).filter((x) => x !== dragging);
      ids.splice(ids.indexOf(targetId), 0, dragging);
      send(ids);
      setDragging(null);
    },
    [order, dragging, send],
  );
  if (!q.data) return <Loading error={q.error} />;
  const { meeting, listings, plan, type } = q.data;
  const editable = session.can('mdt.manage') && meeting.status !== 'closed';
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <div>
          <Title order={2} size="h3">
            {meeting.meetingTypeName}, {formatDateGb(meeting.date)} at {localTime(meeting.startLocal)}
          </Title>
          <Text size="sm">
            {meeting.durationMinutes} minutes · chair {meeting.chairName ?? 'not named yet'} · list closes{' '}
            {formatInstantGb(meeting.cutOffAt)} · quorum rules: {type.quorumRuleSet.name} v
            {type.quorumRuleSet.version}
          </Text>
        </div>
        <Group>
          <Button component={Link} to={`/mdt/meetings/${meetingId}/print`} variant="light" color="dark">
            Print the list
          </Button>
          {meeting.status !== 'closed' ? (
            <Button component={Link} to={`/mdt/meetings/${meetingId}/run`} color="brand.8">
              Run the meeting
            </Button>
          ) : (
            <>
              <Button component={Link} to={`/mdt/meetings/${meetingId}/minutes`} variant="light" color="dark">
                Minutes
              </Button>
              <Button component={Link} to={`/mdt/meetings/${meetingId}/letters`} color="brand.8">
                Letters
              </Button>
            </>
          )}
        </Group>
      </Group>
      <Text aria-live="polite" fw={600} c={plan.overrunMinutes > 0 ? 'red.9' : 'dark.9'}>
        Planned: {plan.totalMinutes} of {plan.durationMinutes} minutes
        {plan.overrunMinutes > 0
          ? `: over by ${plural(plan.overrunMinutes, 'minute')}`
          : `, ${plan.spareMinutes} spare`}{' '}
        · planned finish {localTime(plan.plannedFinishLocal)}
      </Text>
      <Paper withBorder>
        <Table aria-label="Meeting list" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Start</Table.Th>
              <Table.Th>Patient and question</Table.Th>
              <Table.Th>Listing</Table.Th>
              <Table.Th>Minutes</Table.Th>
              <Table.Th>Running total</Table.Th>
              <Table.Th>Order</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {listings.map((l, i) => (
              <ListingRow
                key={l.id}
                l={l}
                index={i}
                count={listings.length}
                meetingId={meetingId}
                editable={editable}
                onDragStart={setDragging}
                onDrop={drop}
              />
            ))}
          </Table.Tbody>
        </Table>
        {listings.length === 0 && (
          <Text p="md" c="dimmed">
            No cases yet.
          </Text>
        )}
      </Paper>
      {meeting.status !== 'closed' && <Suggestions meetingId={meetingId} editable={editable} />}
    </Stack>
  );
}
