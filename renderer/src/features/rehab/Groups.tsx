import { zodResolver } from '@hookform/resolvers/zod';
import {
  Anchor,
  Badge,
  Button,
  Card,
  Fieldset,
  Group,
  Loader,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useFieldArray, useForm } from 'react-hook-form';
import { Link, useNavigate, useParams } from 'react-router';
import type { z } from 'zod';
import { addCalendarDays } from '../../../../shared/clinical/calendar';
import { formatGasTScore } from '../../../../shared/clinical/rehab/gas';
import { formatDateGb, londonToday } from '../../../../shared/dates';
import type { Patient } from '../../../../shared/domain/patient';
import {
  DEFAULT_COMPLETION_PERCENT,
  programmeInputSchema,
  type AttendanceStatus,
  type CohortReport,
  type Programme,
  type ProgrammeInput,
} from '../../../../shared/domain/rehab';
import { formatNhsNumber } from '../../../../shared/nhs-number';
import { api } from '../../api/client';
import { screenQueries } from '../../api/screenQueries';
import { useVirtualRows } from '../../app/VirtualTable';
import { FormError } from '../../app/FormError';
import { useSession } from '../../app/session';
import { PercentBars } from './Charts';
import { RegisterForm } from './GroupRegister';
import { FormActions, FormCard, numberOrNull, QueryFallback, useActionForm, useSaveForm } from './kit';
import { DateField } from '../../app/DateField';
import { plural } from '../../../../shared/plural';
import { ruleSetLabel, ruleSetTitle } from '../../../../shared/domain/rule-set-names';

const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);
const signed = (v: number) => `${v >= 0 ? '+' : '−'}${formatGasTScore(Math.abs(v))}`;

function CreateProgrammeForm({ onDone }: { onDone: (id: number | null) => void }) {
  const qc = useQueryClient();
  const [firstDate, setFirstDate] = useState('');
  const [weeks, setWeeks] = useState('8');
  const { register, handleSubmit, setError, formState, control } = useForm<
    ProgrammeInput,
    unknown,
    z.output<typeof programmeInputSchema>
  >({
    resolver: zodResolver(programmeInputSchema),
    defaultValues: {
      name: '',
      facilitators: '',
      location: '',
      capacity: 12,
      completionPercent: DEFAULT_COMPLETION_PERCENT,
      sessions: [],
    },
  });
  const sessions = useFieldArray({ control, name: 'sessions' });
  const e = formState.errors;
  const fillWeekly = () => {
    const n = Math.min(30, Math.max(1, Number(weeks) || 0));
    if (!/^\d{4}-\d{2}-\d{2}$/.test(firstDate)) return;
    sessions.replace(
      Array.from({ length: n }, (_, i) => ({ date: addCalendarDays(firstDate, 7 * i), topic: '' })),
    );
  };
  const { formError, onSubmit } = useSaveForm(handleSubmit, setError, async (data) => {
    const g = await api.call('rehab:groupCreate', data);
    await qc.invalidateQueries({ queryKey: ['rehab:groups'] });
    onDone(g.id);
  });
  return (
    <FormCard
      label="New programme"
      title="New pain management programme"
      titleOrder={2}
      onSubmit={onSubmit}
      formError={formError}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="Programme name" withAsterisk {...register('name')} error={e.name?.message} />
        <TextInput
          label="Facilitators"
          withAsterisk
          description="Names and disciplines"
          {...register('facilitators')}
          error={e.facilitators?.message}
        />
        <TextInput label="Location" {...register('location')} error={e.location?.message} />
        <TextInput
          label="Places"
          inputMode="numeric"
          {...register('capacity', { setValueAs: numberOrNull })}
          error={e.capacity?.message}
        />
        <TextInput
          label="Completion: share of sessions attended (%)"
          description="A participant who attends at least this share of the sessions completed the programme"
          inputMode="numeric"
          {...register('completionPercent', { setValueAs: (v: string | number) => Number(v) })}
          error={e.completionPercent?.message}
        />
      </SimpleGrid>
      <Fieldset legend="Sessions">
        <Stack gap="xs">
          <Group align="end">
            <DateField
              label="First session"
              value={firstDate}
              onChange={(ev) => setFirstDate(ev.currentTarget.value)}
            />
            <TextInput
              label="Number of weekly sessions"
              inputMode="numeric"
              w={260}
              value={weeks}
              onChange={(ev) => setWeeks(ev.currentTarget.value)}
            />
            <Button variant="light" onClick={fillWeekly}>
              Fill in weekly dates
            </Button>
          </Group>
          {e.sessions?.message && (
            <Text c="red.9" size="sm">
              {e.sessions.message}
            </Text>
          )}
          {sessions.fields.map((f, i) => (
            <SimpleGrid key={f.id} cols={{ base: 1, sm: 3 }}>
              <DateField
                label={`Session ${i + 1} date`}
                {...register(`sessions.${i}.date`)}
                error={e.sessions?.[i]?.date?.message}
              />
              <TextInput label={`Session ${i + 1} topic`} {...register(`sessions.${i}.topic`)} />
              <Button variant="subtle" mt={24} onClick={() => sessions.remove(i)}>
                Remove session {i + 1}
              </Button>
            </SimpleGrid>
          ))}
        </Stack>
      </Fieldset>
      <FormActions
        label="Create programme"
        submitting={formState.isSubmitting}
        onCancel={() => onDone(null)}
      />
    </FormCard>
  );
}

/** The list of programmes (Rehab → Group programmes). */
export function GroupsHome() {
  const session = useSession();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const q = useQuery(screenQueries.rehabGroups());
  // Up to 200 programmes: only the rows in view are drawn (issue 18).
  const [tbodyRef, virtualRows] = useVirtualRows(q.data ?? [], 5);
  return (
    <Stack>
      {session.can('rehab.write') && !creating && (
        <Group>
          <Button onClick={() => setCreating(true)}>New programme</Button>
        </Group>
      )}
      {creating && (
        <CreateProgrammeForm
          onDone={(id) => {
            setCreating(false);
            if (id !== null) void navigate(`/rehab/groups/${id}`);
          }}
        />
      )}
      {q.isPending && <Loader aria-label="Loading programmes" />}
      {q.data?.length === 0 && <Text c="dimmed">No programmes yet.</Text>}
      {q.data && q.data.length > 0 && (
        <Table striped aria-label="Pain management programmes">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Programme</Table.Th>
              <Table.Th>Dates</Table.Th>
              <Table.Th>Facilitators</Table.Th>
              <Table.Th>Sessions</Table.Th>
              <Table.Th>Enrolled</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody ref={tbodyRef}>
            {virtualRows((g) => (
              <Table.Tr key={g.id}>
                <Table.Td>
                  <Link to={`/rehab/groups/${g.id}`}>{g.name}</Link>
                </Table.Td>
                <Table.Td>
                  {formatDateGb(g.startDate)} to {formatDateGb(g.endDate)}
                </Table.Td>
                <Table.Td>{g.facilitators}</Table.Td>
                <Table.Td>{g.sessionCount}</Table.Td>
                <Table.Td>{g.enrolled}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function EnrolForm({ programme }: { programme: Programme }) {
  const qc = useQueryClient();
  const [query, setQuery] = useState('');
  const [patientId, setPatientId] = useState('');
  const [enrolledOn, setEnrolledOn] = useState(londonToday());
  const { formError: error, fieldErrors, busy, submit: run } = useActionForm();
  const found = useQuery({
    queryKey: ['patients:search', 'enrol', query],
    queryFn: () => api.call('patients:search', { query, limit: 20 }),
    enabled: query.trim().length >= 2,
  });
  const enrolledIds = new Set(programme.enrolments.map((e) => e.patientId));
  const options = (found.data?.items ?? []).filter((p) => !enrolledIds.has(p.id));
  const submit = () =>
    run(patientId ? {} : { patientId: 'Choose a patient.' }, async () => {
      await api.call('rehab:groupEnrol', {
        programmeId: programme.id,
        patientId: Number(patientId),
        enrolledOn,
      });
      await qc.invalidateQueries({ queryKey: ['rehab:group', programme.id] });
      setPatientId('');
      setQuery('');
    });
  return (
    <Paper withBorder p="md" component="section" aria-label="Enrol a patient">
      <Stack gap="xs">
        <Title order={3} size="h5">
          Enrol a patient
        </Title>
        <FormError message={error} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label="Find a patient"
            description="Surname, NHS number or hospital number"
            value={query}
            onChange={(ev) => setQuery(ev.currentTarget.value)}
          />
          <NativeSelect
            label="Patient"
            value={patientId}
            onChange={(ev) => setPatientId(ev.currentTarget.value)}
            error={fieldErrors.patientId}
            data={[
              { value: '', label: options.length ? 'Choose…' : 'Type to find a patient' },
              ...options.map((p) => ({
                value: String(p.id),
                label: `${p.surname.toUpperCase()}, ${p.forename} (born ${formatDateGb(p.dateOfBirth)}${p.nhsNumber ? `, ${formatNhsNumber(p.nhsNumber)}` : ''})`,
              })),
            ]}
          />
          <DateField
            label="Enrolled on"
            value={enrolledOn}
            onChange={(ev) => setEnrolledOn(ev.currentTarget.value)}
            error={fieldErrors.enrolledOn}
          />
        </SimpleGrid>
        <Group>
          <Button onClick={() => void submit()} loading={busy}>
            Enrol
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function WithdrawForm({ programme }: { programme: Programme }) {
  const qc = useQueryClient();
  const enrolled = programme.enrolments.filter((e) => e.status === 'enrolled');
  const [enrolmentId, setEnrolmentId] = useState('');
  const [withdrawnOn, setWithdrawnOn] = useState(londonToday());
  const [reason, setReason] = useState('');
  const { formError: error, fieldErrors: fields, busy, submit: run } = useActionForm();
  if (enrolled.length === 0) return null;
  const submit = () => {
    const local: Record<string, string> = {};
    if (!enrolmentId) local.enrolmentId = 'Choose the participant.';
    if (!reason.trim()) local.reason = 'Enter the reason.';
    return run(local, async () => {
      await api.call('rehab:groupWithdraw', { enrolmentId: Number(enrolmentId), withdrawnOn, reason });
      await qc.invalidateQueries({ queryKey: ['rehab:group', programme.id] });
      setEnrolmentId('');
      setReason('');
    });
  };
  return (
    <Paper withBorder p="md" component="section" aria-label="A participant left the programme">
      <Stack gap="xs">
        <Title order={3} size="h5">
          A participant left the programme
        </Title>
        <FormError message={error} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NativeSelect
            label="Participant"
            value={enrolmentId}
            onChange={(ev) => setEnrolmentId(ev.currentTarget.value)}
            error={fields.enrolmentId}
            data={[
              { value: '', label: 'Choose…' },
              ...enrolled.map((e) => ({ value: String(e.id), label: e.patientName })),
            ]}
          />
          <DateField
            label="Left on"
            value={withdrawnOn}
            onChange={(ev) => setWithdrawnOn(ev.currentTarget.value)}
            error={fields.withdrawnOn}
          />
          <TextInput
            label="Reason"
            value={reason}
            onChange={(ev) => setReason(ev.currentTarget.value)}
            error={fields.reason}
          />
        </SimpleGrid>
        <Group>
          <Button variant="default" onClick={() => void submit()} loading={busy}>
            Record that they left
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

const MARK: Record<AttendanceStatus, string> = { attended: '✓ Attended', apologies: 'Apologies', dna: 'DNA' };

/** One programme: details, participants with the attendance grid, enrolment and the register. */
export function GroupPage() {
  const programmeId = Number(useParams().id);
  const session = useSession();
  const canWrite = session.can('rehab.write');
  const q = useQuery({
    queryKey: ['rehab:group', programmeId],
    queryFn: () => api.call('rehab:group', { programmeId }),
  });
  if (!q.isSuccess) return <QueryFallback q={q} loading="Loading programme" />;
  const g = q.data;
  const total = g.sessions.length;
  const toComplete = Math.ceil((g.completionPercent * total) / 100 - 1e-9);
  return (
    <Stack>
      <Anchor component={Link} to="/rehab/groups">
        All programmes
      </Anchor>
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">
            {g.name}
          </Title>
          <Text size="sm" c="dimmed">
            {formatDateGb(g.startDate)} to {formatDateGb(g.endDate)} · {plural(total, 'session')} ·
            facilitators {g.facilitators}
            {g.location ? ` · ${g.location}` : ''}
            {g.capacity ? ` · ${g.capacity} places` : ''}
          </Text>
          <Text size="sm">
            Completion rule: attended at least {g.completionPercent}% of the {total} sessions ({toComplete} or
            more).
          </Text>
        </div>
        <Button component={Link} to={`/rehab/groups/${g.id}/report`}>
          Cohort report
        </Button>
      </Group>
      <Title order={2} size="h4">
        Participants and attendance
      </Title>
      {g.enrolments.length === 0 ? (
        <Text c="dimmed">Nobody is enrolled yet.</Text>
      ) : (
        <Table striped withTableBorder aria-label="Attendance register" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Participant</Table.Th>
              {g.sessions.map((s) => (
                <Table.Th key={s.id} title={s.topic ?? undefined}>
                  {s.sessionNo}. {formatDateGb(s.date)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {g.enrolments.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>
                  <Link to={`/patients/${e.patientId}`}>{e.patientName}</Link>
                  {e.status === 'withdrawn' && (
                    <Badge color="#9c3600" ml="xs">
                      Left {e.withdrawnOn ? formatDateGb(e.withdrawnOn) : ''}
                    </Badge>
                  )}
                </Table.Td>
                {g.sessions.map((s) => {
                  const m = e.attendance[s.id];
                  return <Table.Td key={s.id}>{m ? MARK[m] : '—'}</Table.Td>;
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canWrite && <RegisterForm programme={g} />}
      {canWrite && <EnrolForm programme={g} />}
      {canWrite && <WithdrawForm programme={g} />}
    </Stack>
  );
}

/** Bars of signed values (GAS change), centred on zero; the table beside it carries the numbers. */
function SignedBars({ title, bars }: { title: string; bars: { label: string; value: number | null }[] }) {
  const rowH = 22;
  const labelW = 200;
  const width = 560;
  const half = (width - labelW - 60) / 2;
  const maxAbs = Math.max(10, ...bars.map((b) => Math.abs(b.value ?? 0)));
  const zero = labelW + half;
  const h = bars.length * rowH + 24;
  return (
    <svg viewBox={`0 0 ${width} ${h}`} width="100%" style={{ maxWidth: width }} role="img" aria-label={title}>
      <line x1={zero} x2={zero} y1={0} y2={h - 20} stroke="#555" />
      {bars.map((b, i) => {
        const v = b.value ?? 0;
        const w = (Math.abs(v) / maxAbs) * half;
        return (
          <g key={`${b.label}-${i}`} transform={`translate(0, ${i * rowH + 4})`}>
            <text x={labelW - 6} y={14} fontSize="11" textAnchor="end" fill="#222">
              {b.label}
            </text>
            <rect
              x={v >= 0 ? zero : zero - w}
              y={3}
              width={w}
              height={14}
              fill={v >= 0 ? '#1c5d99' : '#b02a2a'}
            />
            <text
              x={v >= 0 ? zero + w + 4 : zero - w - 4}
              y={14}
              fontSize="11"
              fill="#222"
              textAnchor={v >= 0 ? 'start' : 'end'}
            >
              {b.value === null ? 'no review' : signed(b.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function ReportBody({ r }: { r: CohortReport }) {
  const n = r.participants.length;
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            Sessions held
          </Text>
          <Text fw={700} size="xl">
            {r.sessionsHeld} of {r.programme.sessions.length}
          </Text>
        </Card>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            Attendance
          </Text>
          <Text fw={700} size="xl">
            {pct(r.attendancePercent)}
          </Text>
          <Text size="xs" c="dimmed">
            sessions attended ÷ (participants × sessions held)
          </Text>
        </Card>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            Completers
          </Text>
          <Text fw={700} size="xl">
            {r.completers} of {n}
          </Text>
          <Text size="xs" c="dimmed">
            {r.completionRule}
          </Text>
        </Card>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            GAS change (mean)
          </Text>
          <Text fw={700} size="xl">
            {r.gas.meanChange === null ? '—' : signed(r.gas.meanChange)}
          </Text>
          <Text size="xs" c="dimmed">
            {r.gas.withReview} of {n} with a goal review; {r.gas.atOrAboveExpected} at T 50 or above (goals
            met as expected)
          </Text>
        </Card>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Card withBorder>
          <Title order={2} size="h5" mb="xs">
            Attendance by participant
          </Title>
          <PercentBars
            title="Percentage of sessions held that each participant attended"
            bars={r.participants.map((p) => ({ label: p.patientName, percent: p.attendancePercent }))}
          />
        </Card>
        <Card withBorder>
          <Title order={2} size="h5" mb="xs">
            GAS change since baseline, by participant
          </Title>
          <SignedBars
            title="GAS T-score change since baseline for each participant"
            bars={r.participants.map((p) => ({ label: p.patientName, value: p.gas?.change ?? null }))}
          />
        </Card>
        <Card withBorder>
          <Title order={2} size="h5" mb="xs">
            Participants with a meaningful improvement, by measure
          </Title>
          {r.measures.length === 0 ? (
            <Text c="dimmed">No participant has both a start and an end score yet.</Text>
          ) : (
            <PercentBars
              title="Percentage of participants with paired scores who improved meaningfully, by measure"
              bars={r.measures.map((m) => ({
                label: `${m.measure} (n = ${m.paired})`,
                percent: m.percentImproved,
              }))}
            />
          )}
        </Card>
      </SimpleGrid>
      <Table striped aria-label="Cohort measures">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Measure</Table.Th>
            <Table.Th>Participants with start and end scores</Table.Th>
            <Table.Th>Meaningful improvement</Table.Th>
            <Table.Th>Meaningful deterioration</Table.Th>
            <Table.Th>% improved</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {r.measures.map((m) => (
            <Table.Tr key={m.measure}>
              <Table.Td>{m.measure}</Table.Td>
              <Table.Td>{m.paired}</Table.Td>
              <Table.Td>{m.improved}</Table.Td>
              <Table.Td>{m.deteriorated}</Table.Td>
              <Table.Td>{pct(m.percentImproved)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Table striped withTableBorder aria-label="Cohort participants" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Participant</Table.Th>
            <Table.Th>Attended</Table.Th>
            <Table.Th>Apologies</Table.Th>
            <Table.Th>DNA</Table.Th>
            <Table.Th>Not recorded</Table.Th>
            <Table.Th>Attendance</Table.Th>
            <Table.Th>Completer</Table.Th>
            <Table.Th>GAS (latest review)</Table.Th>
            <Table.Th>GAS change</Table.Th>
            <Table.Th>Measures, start → end</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {r.participants.map((p) => (
            <Table.Tr key={p.enrolmentId}>
              <Table.Td>
                <Link to={`/patients/${p.patientId}`}>{p.patientName}</Link>
                {p.status === 'withdrawn' ? ' (left)' : ''}
              </Table.Td>
              <Table.Td>{p.attended}</Table.Td>
              <Table.Td>{p.apologies}</Table.Td>
              <Table.Td>{p.dna}</Table.Td>
              <Table.Td>{p.notRecorded}</Table.Td>
              <Table.Td>{pct(p.attendancePercent)}</Table.Td>
              <Table.Td>{p.completer ? 'Yes' : 'No'}</Table.Td>
              <Table.Td>
                {p.gas ? `${p.gas.label} (${formatDateGb(p.gas.reviewDate)})` : 'No review'}
              </Table.Td>
              <Table.Td>
                {p.gas?.change === null || p.gas?.change === undefined ? '—' : signed(p.gas.change)}
              </Table.Td>
              <Table.Td>
                {p.measures.length === 0
                  ? '—'
                  : p.measures.map((m) => (
                      <Text key={m.measure} size="xs">
                        {m.measure} {m.start.total ?? '—'} ({formatDateGb(m.start.date)}) →{' '}
                        {m.end.total ?? '—'} ({formatDateGb(m.end.date)}):{' '}
                        {m.change.meaningful
                          ? m.change.improved
                            ? 'meaningful improvement'
                            : 'meaningful deterioration'
                          : 'no meaningful change'}
                      </Text>
                    ))}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" c="dimmed">
        {r.measureRule} Rule sets:{' '}
        {r.ruleSets.map((s, i) => (
          <span key={s.id}>
            {i > 0 && ', '}
            <span title={ruleSetTitle(s)}>{ruleSetLabel(s)}</span>
          </span>
        ))}
        . Figures as of {formatDateGb(r.asOf)}.
      </Text>
    </Stack>
  );
}

/** The cohort report of one programme (route /rehab/groups/:id/report). */
export function CohortReportPage() {
  const programmeId = Number(useParams().id);
  const q = useQuery({
    queryKey: ['rehab:cohortReport', programmeId],
    queryFn: () => api.call('rehab:cohortReport', { programmeId }),
  });
  if (!q.isSuccess) return <QueryFallback q={q} loading="Loading the cohort report" />;
  return (
    <Stack>
      <Anchor component={Link} to={`/rehab/groups/${programmeId}`}>
        Back to the programme
      </Anchor>
      <Title order={1} size="h2">
        Cohort report: {q.data.programme.name}
      </Title>
      <Text size="sm" c="dimmed">
        {formatDateGb(q.data.programme.startDate)} to {formatDateGb(q.data.programme.endDate)} · facilitators{' '}
        {q.data.programme.facilitators}
      </Text>
      <ReportBody r={q.data} />
    </Stack>
  );
}

/** The programmes a patient is in (Rehab tab). */
export function PatientGroups({ patient }: { patient: Patient }) {
  const q = useQuery({
    queryKey: ['rehab:patientGroups', patient.id],
    queryFn: () => api.call('rehab:patientGroups', { patientId: patient.id }),
  });
  if (!q.data || q.data.length === 0) return null;
  return (
    <Stack component="section" aria-label="Group programmes">
      <Title order={3} size="h4">
        Group programmes
      </Title>
      <Table aria-label="Group programmes for this patient">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Programme</Table.Th>
            <Table.Th>Dates</Table.Th>
            <Table.Th>Attended</Table.Th>
            <Table.Th>Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {q.data.map((g) => (
            <Table.Tr key={g.enrolmentId}>
              <Table.Td>
                <Link to={`/rehab/groups/${g.programmeId}`}>{g.name}</Link>
              </Table.Td>
              <Table.Td>
                {formatDateGb(g.startDate)} to {formatDateGb(g.endDate)}
              </Table.Td>
              <Table.Td>
                {g.attended} of {plural(g.sessionCount, 'session')}
              </Table.Td>
              <Table.Td>{g.status === 'withdrawn' ? 'Left the programme' : 'Enrolled'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
