import { Alert, Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDateGb, londonToday } from '../../../../shared/dates';
import {
  ATTENDANCE_LABELS,
  ATTENDANCE_STATUSES,
  type AttendanceStatus,
  type Programme,
} from '../../../../shared/domain/rehab';
import { api, ApiError } from '../../api/client';
import { FormError } from '../../app/FormError';
import { applyServerErrors } from '../../app/forms';

type Mark = AttendanceStatus | '';

/**
 * Taking (or correcting) one session's register. The register's version is the one read when the person
 * began marking (the screen may refresh under the form with a colleague's register meanwhile): a register
 * someone else saved since is refused by the server, naming who and when (issue 19). The person's marks stay
 * on the form, each beside what is saved now, to compare; saving again then saves over what they have seen.
 */
export function RegisterForm({ programme }: { programme: Programme }) {
  const qc = useQueryClient();
  const today = londonToday();
  const held = programme.sessions.filter((s) => s.date <= today);
  const [sessionId, setSessionId] = useState(String(held[held.length - 1]?.id ?? ''));
  const session = programme.sessions.find((s) => String(s.id) === sessionId);
  const active = programme.enrolments.filter(
    (e) => e.status === 'enrolled' || (e.withdrawnOn !== null && session && e.withdrawnOn >= session.date),
  );
  const [marks, setMarks] = useState<Record<number, Mark>>({});
  /** The register's version when this person began marking it (null: not begun). */
  const [readVersion, setReadVersion] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (held.length === 0)
    return (
      <Text c="dimmed">
        The register opens on the day of the first session ({formatDateGb(programme.startDate)}).
      </Text>
    );
  const savedOf = (enrolmentId: number): Mark =>
    session ? (programme.enrolments.find((e) => e.id === enrolmentId)?.attendance[session.id] ?? '') : '';
  const markOf = (enrolmentId: number): Mark => marks[enrolmentId] ?? savedOf(enrolmentId);
  const mark = (enrolmentId: number, value: Mark) => {
    if (readVersion === null && session) setReadVersion(session.registerVersion);
    setMarks({ ...marks, [enrolmentId]: value });
    setSaved(null);
  };
  const submit = async () => {
    setError(null);
    setSaved(null);
    const entries = active
      .map((e) => ({ enrolmentId: e.id, status: markOf(e.id) }))
      .filter((x): x is { enrolmentId: number; status: AttendanceStatus } => x.status !== '');
    if (!session || entries.length === 0) {
      setError('Mark at least one participant. Nothing has been saved.');
      return;
    }
    setBusy(true);
    try {
      await api.call('rehab:groupRegister', {
        sessionId: session.id,
        version: readVersion ?? session.registerVersion,
        entries,
      });
      await qc.invalidateQueries({ queryKey: ['rehab:group', programme.id] });
      setMarks({});
      setReadVersion(null);
      setSaved(`Register saved for session ${session.sessionNo} (${formatDateGb(session.date)}).`);
    } catch (err) {
      setError(applyServerErrors(err, () => undefined));
      if (err instanceof ApiError && err.code === 'CONFLICT') {
        // Their register is read now and shown beside each mark; the next save is made against it.
        await qc.invalidateQueries({ queryKey: ['rehab:group', programme.id] });
        const now = qc.getQueryData<Programme>(['rehab:group', programme.id]);
        setReadVersion(now?.sessions.find((s) => s.id === session.id)?.registerVersion ?? null);
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="md" component="section" aria-label="Take the register">
      <Stack gap="xs">
        <Title order={3} size="h5">
          Take the register
        </Title>
        <FormError message={error} />
        {saved && (
          <Alert color="brand" role="status">
            {saved}
          </Alert>
        )}
        <NativeSelect
          label="Session"
          w={480}
          maw="100%"
          value={sessionId}
          onChange={(ev) => {
            setSessionId(ev.currentTarget.value);
            setMarks({});
            setReadVersion(null);
            setSaved(null);
          }}
          data={held.map((s) => ({
            value: String(s.id),
            label: `Session ${s.sessionNo}: ${formatDateGb(s.date)}${s.topic ? ` (${s.topic})` : ''}`,
          }))}
        />
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {active.map((e) => {
            const now = savedOf(e.id);
            const differs = marks[e.id] !== undefined && now !== '' && marks[e.id] !== now;
            return (
              <NativeSelect
                key={e.id}
                label={e.patientName}
                description={
                  differs ? `Saved register: ${ATTENDANCE_LABELS[now as AttendanceStatus]}` : undefined
                }
                value={markOf(e.id)}
                onChange={(ev) => mark(e.id, ev.currentTarget.value as Mark)}
                data={[
                  { value: '', label: 'Not recorded' },
                  ...ATTENDANCE_STATUSES.map((s) => ({ value: s, label: ATTENDANCE_LABELS[s] })),
                ]}
              />
            );
          })}
        </SimpleGrid>
        <Group>
          <Button onClick={() => void submit()} loading={busy} disabled={active.length === 0}>
            Save register
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
