import {
  Alert,
  Anchor,
  Badge,
  Box,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { formatDateGb, londonToday } from '../../../../shared/dates';
import type { TheatreCase, TheatreSession } from '../../../../shared/domain/interventions';
import { api } from '../../api/client';
import { DateField } from '../../app/DateField';

/**
 * Pixels per minute on the day's time axis: the least height of a case or list. A box grows to show all it
 * holds (name, procedure, site and side, flags), so nothing a team reads is ever clipped; the start time on
 * each case is the time, the axis a guide.
 */
const PX = 1.6;
const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function CaseFlags({ c }: { c: TheatreCase }) {
  return (
    <Group gap={4}>
      {c.allergies.length > 0 && (
        <Badge color="red.9" size="xs" title={c.allergies.join('; ')}>
          Allergy
        </Badge>
      )}
      {c.antithrombotics.length > 0 && (
        <Badge color="orange.9" size="xs" title={c.antithrombotics.join('; ')}>
          Anticoagulant
        </Badge>
      )}
      {c.holdNeedsReapproval && (
        <Badge color="red.9" size="xs" title={c.antithrombotics.join('; ')}>
          Hold needs re-approval
        </Badge>
      )}
      {c.clashes.length > 0 && (
        <Badge color="red.9" variant="outline" size="xs">
          Clash
        </Badge>
      )}
    </Group>
  );
}

/**
 * One room's lists down the time axis, in order: each list starts after the gap since the one before, each
 * case after the gap since the case before (turnaround), at least as tall as its minutes. Boxes grow with
 * their content (issue 14, walked as a coordinator: short cases had their procedure and their allergy and
 * anticoagulant flags cut off).
 */
function RoomColumn({ room, sessions, first }: { room: string; sessions: TheatreSession[]; first: number }) {
  const ordered = [...sessions].sort((a, b) => a.start.localeCompare(b.start));
  return (
    <Paper withBorder p="xs" aria-label={`Room ${room}`} component="section">
      <Title order={3} size="h5" mb="xs">
        {room}
      </Title>
      {ordered.map((s, i) => {
        const before = i === 0 ? first : minutesOf(ordered[i - 1]!.end);
        let caseEnd = minutesOf(s.start);
        return (
          <Box
            key={s.id}
            mt={Math.max(0, minutesOf(s.start) - before) * PX}
            mih={(minutesOf(s.end) - minutesOf(s.start)) * PX}
            pb={4}
            data-testid="theatre-list-session"
            style={{
              border: s.clashes.length
                ? '2px solid var(--mantine-color-red-9)'
                : '1px solid var(--mantine-color-gray-5)',
              borderRadius: 4,
              background: 'var(--mantine-color-gray-0)',
            }}
          >
            <Text size="xs" px={4}>
              {s.start}-{s.end} · {s.clinicianName} ·{' '}
              <Anchor component={Link} to={`/interventions/sessions/${s.id}/print`} size="xs">
                Print list
              </Anchor>
            </Text>
            {s.cases.map((c) => {
              const gap = Math.max(0, minutesOf(c.start) - caseEnd) * PX;
              caseEnd = minutesOf(c.end);
              return (
                <Box
                  key={c.bookingId}
                  mt={Math.max(gap, 2)}
                  mx={4}
                  mih={Math.max(c.minutes * PX - 2, 16)}
                  p={2}
                  data-testid="theatre-case"
                  style={{
                    background: c.clashes.length
                      ? 'var(--mantine-color-red-0)'
                      : 'var(--mantine-color-blue-0)',
                    borderLeft: `3px solid var(--mantine-color-${c.clashes.length ? 'red' : 'blue'}-8)`,
                  }}
                >
                  <Text size="xs" fw={600}>
                    {c.start} {c.patientName}
                  </Text>
                  <Text size="xs">
                    {c.procedureName}: {c.siteText}
                  </Text>
                  <CaseFlags c={c} />
                </Box>
              );
            })}
          </Box>
        );
      })}
    </Paper>
  );
}

/** The theatre list for one day: every room, with a time axis, and the day's clashes (route /interventions/day/:date). */
export function TheatreDayPage() {
  const date = useParams().date ?? londonToday();
  const navigate = useNavigate();
  const q = useQuery({
    queryKey: ['interventions:theatreDay', date],
    queryFn: () => api.call('interventions:theatreDay', { date }),
  });
  return (
    <Stack>
      <Group align="end">
        <Title order={2} size="h3">
          Theatre list: {formatDateGb(date)}
        </Title>
        <DateField
          label="Day"
          value={date}
          onChange={(e) => {
            const v = e.currentTarget.value;
            if (/^\d{4}-\d{2}-\d{2}$/.test(v)) void navigate(`/interventions/day/${v}`);
          }}
        />
      </Group>
      {q.isPending && <Loader aria-label="Loading the theatre list" />}
      {q.isError && (
        <Alert color="red" variant="outline" c="red.9">
          {q.error.message}
        </Alert>
      )}
      {q.data && q.data.clashes.length > 0 && (
        <Alert color="red" variant="outline" c="red.9" title="Clashes" role="alert">
          <ul>
            {q.data.clashes.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </Alert>
      )}
      {q.data && q.data.rooms.length === 0 && <Text>No lists on this day.</Text>}
      {q.data && q.data.rooms.length > 0 && (
        <Group align="start" wrap="nowrap" gap="xs">
          <Box
            pos="relative"
            w={48}
            h={(minutesOf(q.data.hours.at(-1)!) - minutesOf(q.data.hours[0]!)) * PX}
            mt={34}
            aria-hidden
          >
            {q.data.hours.map((h) => (
              <Text key={h} size="xs" pos="absolute" top={(minutesOf(h) - minutesOf(q.data.hours[0]!)) * PX}>
                {h}
              </Text>
            ))}
          </Box>
          <SimpleGrid cols={q.data.rooms.length} style={{ flex: 1 }}>
            {q.data.rooms.map((r) => (
              <RoomColumn
                key={r.room}
                room={r.room}
                sessions={r.sessions}
                first={minutesOf(q.data.hours[0]!)}
              />
            ))}
          </SimpleGrid>
        </Group>
      )}
    </Stack>
  );
}
