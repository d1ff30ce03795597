import { Alert, Button, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { formatDateGb, londonToday } from '../../../../shared/dates';
import { SETTING_LABELS, type SessionView } from '../../../../shared/domain/interventions';
import { screenQueries } from '../../api/screenQueries';
import { BankHolidayMark } from './BankHolidays';
import { FillSession } from './FillSession';
import { addDays, mondayOf, UtilisationBar } from './shared';
import { plural } from '../../../../shared/plural';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function SessionCard({
  s,
  onFill,
  procedureName,
}: {
  s: SessionView;
  onFill: (s: SessionView) => void;
  /** The procedure's name from the catalogue (a case is named by it, never by its code). */
  procedureName: (code: string) => string;
}) {
  return (
    <Paper withBorder p="xs" aria-label={`Session ${s.room} ${s.start}-${s.end}`} component="article">
      <Text fw={700} size="sm">
        {s.start}–{s.end} · {s.room}
      </Text>
      <Text size="xs">{s.clinicianName}</Text>
      <Text size="xs" c="dimmed">
        {SETTING_LABELS[s.setting]}
        {s.radiographer ? ` · radiographer ${s.radiographer}` : ' · no radiographer'}
      </Text>
      <UtilisationBar percent={s.utilisationPercent} label={`${s.room} ${s.start}`} />
      <Text size="xs" data-testid={`utilisation-${s.id}`}>
        {s.utilisationPercent}% used ({s.usedMinutes} of {s.bookableMinutes} min; {s.freeMinutes} free)
      </Text>
      <Stack gap={2} mt={4}>
        {s.cases.map((c) => (
          <Text key={c.bookingId} size="xs">
            {c.patientName} · {procedureName(c.procedureCode)} · {c.minutes} min
            {c.status === 'done' ? ' (done)' : ''}
          </Text>
        ))}
      </Stack>
      <Button size="compact-xs" variant="default" mt={4} onClick={() => onFill(s)}>
        Fill this session
      </Button>
    </Paper>
  );
}

/** A week of sessions with their utilisation (used / bookable minutes). */
export function Calendar() {
  const [params] = useSearchParams();
  const [weekStart, setWeekStart] = useState(() => {
    const week = params.get('week');
    return mondayOf(week && /^\d{4}-\d{2}-\d{2}$/.test(week) ? week : londonToday());
  });
  const [filling, setFilling] = useState<SessionView | null>(null);
  // Both started at the navigation (api/screenQueries.ts), the week for the week it opens on.
  const catalogue = useQuery(screenQueries.interventionsCatalogue());
  const names = new Map((catalogue.data?.procedures ?? []).map((p) => [p.code, p.name]));
  // Until the catalogue is read (or for a code no longer in it) the case says "procedure", not the code.
  const procedureName = (code: string) => names.get(code) ?? 'procedure';
  const week = useQuery(screenQueries.interventionsWeek(weekStart));
  const sessions = week.data ?? [];
  const bookable = sessions.reduce((s, x) => s + x.bookableMinutes, 0);
  const used = sessions.reduce((s, x) => s + Math.min(x.usedMinutes, x.bookableMinutes), 0);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h3">
          Week of {formatDateGb(weekStart)}
        </Title>
        <Group>
          <Button variant="default" onClick={() => setWeekStart(addDays(weekStart, -7))}>
            Previous week
          </Button>
          <Button variant="default" onClick={() => setWeekStart(mondayOf(londonToday()))}>
            This week
          </Button>
          <Button variant="default" onClick={() => setWeekStart(addDays(weekStart, 7))}>
            Next week
          </Button>
        </Group>
      </Group>
      {week.isPending && <Loader aria-label="Loading sessions" />}
      {week.isError && <Alert color="red">{week.error.message}</Alert>}
      <Text data-testid="week-utilisation">
        {plural(sessions.length, 'session')} · utilisation{' '}
        {bookable ? Math.round((used / bookable) * 100) : 0}% ({used} of {bookable} bookable minutes) (NHS
        target ≥ 85%)
      </Text>
      <SimpleGrid cols={7} spacing="xs">
        {DAYS.map((d, i) => {
          const date = addDays(weekStart, i);
          return (
            <Stack key={d} gap="xs">
              <Text fw={700} size="sm">
                <Link to={`/interventions/day/${date}`} title={`Theatre list for ${formatDateGb(date)}`}>
                  {d} {formatDateGb(date).slice(0, 6)}
                </Link>
              </Text>
              <BankHolidayMark date={date} />
              {sessions
                .filter((s) => s.date === date)
                .map((s) => (
                  <SessionCard key={s.id} s={s} onFill={setFilling} procedureName={procedureName} />
                ))}
            </Stack>
          );
        })}
      </SimpleGrid>
      {filling && <FillSession session={filling} onClose={() => setFilling(null)} />}
    </Stack>
  );
}
