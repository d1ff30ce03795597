import { Badge, Button, Group, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { memo, useState } from 'react';
import { DISCIPLINE_LABELS } from '../../../../shared/clinical/mdt/index';
import {
  ATTENDANCE_LABELS,
  ATTENDANCE_STATUSES,
  type AttendanceView,
  type MeetingDetail,
} from '../../../../shared/domain/mdt';
import { api } from '../../api/client';
import { errorText, QuorumBadge, usePeople } from './common';

const time = (iso: string) =>
  new Date(iso).toLocaleTimeString('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    minute: '2-digit',
  });

/** "09:00–09:20, 09:40 onwards" (null join: from the start). */
function intervalsText(a: AttendanceView): string {
  return a.intervals
    .map((i) => {
      const from = i.joinedAt ? time(i.joinedAt) : 'start';
      return i.leftAt ? `${from}–${time(i.leftAt)}` : `${from} onwards`;
    })
    .join(', ');
}

const COUNTING: readonly AttendanceView['status'][] = ['present', 'remote', 'deputy'];

/**
 * Attendance for a meeting: present, remote, apologies, absent, or deputy for a core member (counting for
 * that member's discipline while they are away); each person's join/leave intervals (leaving and rejoining
 * adds one); and quorum live per case.
 */
/** Memoised: moving between cases (N/P) does not change the meeting, so the attendance is not redrawn. */
export const Attendance = memo(function Attendance({ detail }: { detail: MeetingDetail }) {
  const people = usePeople();
  const qc = useQueryClient();
  const meetingId = detail.meeting.id;
  const [choosingDeputy, setChoosingDeputy] = useState<number | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['mdt:meeting', meetingId] });
  const byUser = new Map(detail.attendance.map((a) => [a.userId, a]));
  const set = useMutation({
    mutationFn: (p: { userId: number; status: AttendanceView['status']; deputyForUserId?: number }) => {
      const existing = byUser.get(p.userId);
      const firstTime = !existing || existing.intervals.length === 0;
      return api.call('mdt:attendance:set', {
        meetingId,
        userId: p.userId,
        status: p.status,
        deputyForUserId: p.deputyForUserId ?? null,
        // Only a person's first arrival is timed here; later changes keep their join/leave intervals.
        joinedAt: firstTime && COUNTING.includes(p.status) ? new Date().toISOString() : null,
        // What this screen showed (none recorded: null): a colleague's newer entry is not written over.
        version: existing?.version ?? null,
      });
    },
    onSuccess: () => {
      setChoosingDeputy(null);
      return refresh();
    },
    // Refused (a colleague changed it meanwhile): the screen is read again, so it shows their entry.
    onError: refresh,
  });
  const leave = useMutation({
    mutationFn: (userId: number) => api.call('mdt:attendance:leave', { meetingId, userId }),
    onSuccess: refresh,
  });
  const rejoin = useMutation({
    mutationFn: (userId: number) => api.call('mdt:attendance:rejoin', { meetingId, userId }),
    onSuccess: refresh,
  });
  const core = new Set(detail.type.coreMemberIds);
  const members = (people.data ?? []).filter((p) => p.discipline !== 'other');
  const principals = members.filter((p) => core.size === 0 || core.has(p.id));
  const active = detail.listings.filter((l) => l.status !== 'withdrawn' && l.status !== 'deferred');
  const error = set.error ?? leave.error ?? rejoin.error;
  return (
    <Paper withBorder p="sm" component="section" aria-label="Attendance and quorum">
      <Title order={2} size="h5" mb={4}>
        Attendance
      </Title>
      <Table aria-label="Attendance">
        <Table.Tbody>
          {members.map((p) => {
            const a = byUser.get(p.id);
            const deputyOpen = choosingDeputy === p.id;
            return (
              <Table.Tr key={p.id}>
                <Table.Td>
                  <Group gap={4}>
                    <Text size="sm">{p.name}</Text>
                    {core.has(p.id) && (
                      <Badge size="xs" variant="outline" color="dark">
                        core
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {DISCIPLINE_LABELS[p.discipline]}
                    {a && a.intervals.length > 0 ? ` · ${intervalsText(a)}` : ''}
                  </Text>
                  {a?.status === 'deputy' && a.deputyForName && (
                    <Text size="xs">
                      Deputy for {a.deputyForName}
                      {a.deputyForDiscipline
                        ? ` (counts as ${DISCIPLINE_LABELS[a.deputyForDiscipline].toLowerCase()} while they are away)`
                        : ''}
                    </Text>
                  )}
                  {deputyOpen && (
                    <NativeSelect
                      mt={4}
                      size="xs"
                      label={`${p.name} is deputy for`}
                      data={[
                        { value: '', label: 'Choose a core member' },
                        ...principals
                          .filter((x) => x.id !== p.id)
                          .map((x) => ({ value: String(x.id), label: `${x.name} (${x.discipline})` })),
                      ]}
                      value=""
                      onChange={(e) =>
                        e.currentTarget.value &&
                        set.mutate({
                          userId: p.id,
                          status: 'deputy',
                          deputyForUserId: Number(e.currentTarget.value),
                        })
                      }
                    />
                  )}
                </Table.Td>
                <Table.Td>
                  <NativeSelect
                    w={140}
                    size="xs"
                    aria-label={`Attendance of ${p.name}`}
                    data={[
                      { value: '', label: 'Not recorded' },
                      ...ATTENDANCE_STATUSES.map((s) => ({ value: s, label: ATTENDANCE_LABELS[s] })),
                    ]}
                    value={deputyOpen ? 'deputy' : (a?.status ?? '')}
                    onChange={(e) => {
                      const status = e.currentTarget.value as AttendanceView['status'] | '';
                      if (status === 'deputy') setChoosingDeputy(p.id);
                      else if (status) {
                        setChoosingDeputy(null);
                        set.mutate({ userId: p.id, status });
                      }
                    }}
                  />
                </Table.Td>
                <Table.Td>
                  {a && COUNTING.includes(a.status) && a.inRoom && (
                    <Button
                      size="compact-xs"
                      variant="light"
                      color="dark"
                      aria-label={`${p.name} left now`}
                      onClick={() => leave.mutate(p.id)}
                    >
                      Left now
                    </Button>
                  )}
                  {a && COUNTING.includes(a.status) && !a.inRoom && (
                    <Button
                      size="compact-xs"
                      variant="light"
                      color="dark"
                      aria-label={`${p.name} rejoined now`}
                      onClick={() => rejoin.mutate(p.id)}
                    >
                      Rejoined
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {error && (
        <Text c="red.9" role="alert">
          {errorText(error)}
        </Text>
      )}
      <Title order={3} size="h6" mt="sm" mb={4}>
        Quorum per case
      </Title>
      <Stack gap={4} aria-live="polite">
        {active.map((l) => {
          const q = detail.quorum[l.id];
          const counted = (q?.present ?? [])
            .map((m) =>
              m.countedAs && m.countedAs !== m.discipline
                ? `${m.name ?? ''} as ${m.countedAs}`
                : `${m.name ?? ''} (${m.discipline})`,
            )
            .join(', ');
          return (
            <div key={l.id}>
              <Group gap={4}>
                <Text size="sm" fw={l.id === detail.currentListingId ? 700 : 400}>
                  {l.patientName}
                </Text>
                <QuorumBadge q={q} />
              </Group>
              <Text size="xs" c="dimmed">
                {l.startedAt ? `At ${time(l.startedAt)}` : 'Now'}: {counted || 'nobody counted'}
              </Text>
            </div>
          );
        })}
      </Stack>
    </Paper>
  );
});
