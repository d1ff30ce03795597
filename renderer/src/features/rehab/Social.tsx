import { zodResolver } from '@hookform/resolvers/zod';
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useParams } from 'react-router';
import type { z } from 'zod';
import { formatDateGb } from '../../../../shared/dates';
import type { Patient } from '../../../../shared/domain/patient';
import {
  SP_ACTIVITY_LABELS,
  SP_ACTIVITY_TYPES,
  SP_OUTCOME_MEASURES,
  SP_ROUTE_LABELS,
  SP_ROUTES,
  SP_STATUS_LABELS,
  SP_STATUSES,
  SP_STOP_REASONS,
  spAttendanceInputSchema,
  spDeclineInputSchema,
  spMeasuresInputSchema,
  spOutcomeInputSchema,
  spReferralInputSchema,
  type MeasureResponse,
  type SpAttendanceInput,
  type SpDeclineInput,
  type SpMeasureLink,
  type SpMeasuresInput,
  type SpOutcomeInput,
  type SpReferral,
  type SpReferralInput,
  type SpStatus,
} from '../../../../shared/domain/rehab';
import { formatNhsNumber } from '../../../../shared/nhs-number';
import { api } from '../../api/client';
import { screenQueries } from '../../api/screenQueries';
import { emptyToNull } from '../../app/forms';
import { useSession } from '../../app/session';
import { FormActions, FormCard, numberOrNull, QueryFallback, useSaveForm } from './kit';
import { DateField } from '../../app/DateField';
import { useVirtualRows } from '../../app/VirtualTable';
import { PatientBannerFor } from '../patients/PatientBanner';
import { plural } from '../../../../shared/plural';
import { ruleSetLabel, ruleSetTitle } from '../../../../shared/domain/rule-set-names';

function useRefreshSocial(patientId: number) {
  const qc = useQueryClient();
  return async () => {
    await qc.invalidateQueries({ queryKey: ['rehab:spReferrals', patientId] });
    await qc.invalidateQueries({ queryKey: ['rehab:spList'] });
  };
}

const STATUS_COLOURS: Record<SpStatus, string> = {
  referred: 'gray.8',
  attending: 'brand',
  completed: 'teal.9',
  stopped: '#9c3600',
  declined: 'red.9',
};

export function StatusBadge({ status }: { status: SpStatus }) {
  return (
    <Badge color={STATUS_COLOURS[status]} variant="filled">
      {SP_STATUS_LABELS[status]}
    </Badge>
  );
}

function ReferForm({ patient, onDone }: { patient: Patient; onDone: () => void }) {
  const refresh = useRefreshSocial(patient.id);
  const { register, handleSubmit, setError, formState, watch } = useForm<
    SpReferralInput,
    unknown,
    z.output<typeof spReferralInputSchema>
  >({
    resolver: zodResolver(spReferralInputSchema),
    defaultValues: {
      patientId: patient.id,
      referredOn: '',
      route: 'community-activity',
      linkWorker: '',
      activityType: '' as never,
      activity: '',
      provider: '',
      frequency: '',
      reason: '',
    },
  });
  const e = formState.errors;
  const { formError, onSubmit } = useSaveForm(handleSubmit, setError, async (data) => {
    await api.call('rehab:spRefer', data);
    await refresh();
    onDone();
  });
  return (
    <FormCard
      label="Social prescribing referral"
      title="Refer to social prescribing"
      titleOrder={4}
      onSubmit={onSubmit}
      formError={formError}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <DateField
          label="Referral date"
          withAsterisk
          {...register('referredOn')}
          error={e.referredOn?.message}
        />
        <NativeSelect
          label="Refer to"
          {...register('route')}
          error={e.route?.message}
          data={SP_ROUTES.map((r) => ({ value: r, label: SP_ROUTE_LABELS[r] }))}
        />
        {watch('route') === 'link-worker' && (
          <TextInput
            label="Link worker or organisation"
            withAsterisk
            {...register('linkWorker')}
            error={e.linkWorker?.message}
          />
        )}
        <NativeSelect
          label="Kind of activity"
          withAsterisk
          {...register('activityType')}
          error={e.activityType?.message}
          data={[
            { value: '', label: 'Choose…' },
            ...SP_ACTIVITY_TYPES.map((a) => ({ value: a, label: SP_ACTIVITY_LABELS[a] })),
          ]}
        />
        <TextInput
          label="Activity (what and where)"
          withAsterisk
          {...register('activity')}
          error={e.activity?.message}
        />
        <TextInput label="Provider" {...register('provider')} error={e.provider?.message} />
        <TextInput
          label="Planned frequency"
          placeholder="e.g. weekly"
          {...register('frequency')}
          error={e.frequency?.message}
        />
      </SimpleGrid>
      <Textarea
        label="Reason for referral (needs and concerns)"
        withAsterisk
        autosize
        minRows={2}
        {...register('reason')}
        error={e.reason?.message}
      />
      <FormActions label="Save referral" submitting={formState.isSubmitting} onCancel={onDone} />
    </FormCard>
  );
}

function AttendanceForm({ r, onDone }: { r: SpReferral; onDone: () => void }) {
  const refresh = useRefreshSocial(r.patientId);
  const { register, handleSubmit, setError, formState } = useForm<
    SpAttendanceInput,
    unknown,
    z.output<typeof spAttendanceInputSchema>
  >({
    resolver: zodResolver(spAttendanceInputSchema),
    defaultValues: { referralId: r.id, sessionDate: '', attended: true, note: '' },
  });
  const e = formState.errors;
  const { formError, onSubmit } = useSaveForm(handleSubmit, setError, async (data) => {
    await api.call('rehab:spAttendance', data);
    await refresh();
    onDone();
  });
  return (
    <FormCard label="Record attendance" small onSubmit={onSubmit} formError={formError}>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <DateField
          label="Session date"
          withAsterisk
          {...register('sessionDate')}
          error={e.sessionDate?.message}
        />
        <NativeSelect
          label="Attended?"
          {...register('attended', { setValueAs: (v: string | boolean) => v === true || v === 'true' })}
          error={e.attended?.message}
          data={[
            { value: 'true', label: 'Attended' },
            { value: 'false', label: 'Did not attend' },
          ]}
        />
        <TextInput label="Note" {...register('note')} error={e.note?.message} />
      </SimpleGrid>
      <FormActions label="Save attendance" submitting={formState.isSubmitting} onCancel={onDone} small />
    </FormCard>
  );
}

function measureText(m: MeasureResponse | SpMeasureLink): string {
  const date = formatDateGb(m.administeredOn);
  if ('score' in m) {
    if (m.measure === 'SWEMWBS')
      return `${date}: metric ${m.score.metric?.toFixed(2) ?? 'not scored'} (raw ${m.score.total ?? '—'})`;
    return `${date}: profile ${m.score.profile ?? '—'}, EQ VAS ${m.score.total ?? '—'}`;
  }
  if (m.metric !== null) return `${date}: metric ${m.metric.toFixed(2)} (raw ${m.total ?? '—'})`;
  return `${date}: profile ${m.profile ?? '—'}, EQ VAS ${m.total ?? '—'}`;
}

function MeasuresForm({
  r,
  measures,
  onDone,
}: {
  r: SpReferral;
  measures: MeasureResponse[];
  onDone: () => void;
}) {
  const refresh = useRefreshSocial(r.patientId);
  const { register, handleSubmit, setError, formState, watch } = useForm<
    SpMeasuresInput,
    unknown,
    z.output<typeof spMeasuresInputSchema>
  >({
    resolver: zodResolver(spMeasuresInputSchema),
    defaultValues: {
      referralId: r.id,
      version: r.version,
      measure: r.outcomeMeasure ?? 'SWEMWBS',
      beforeMeasureId: r.before?.id ?? null,
      afterMeasureId: r.after?.id ?? null,
    },
  });
  const e = formState.errors;
  const chosen = watch('measure');
  const options = [
    { value: '', label: 'Not linked' },
    ...measures
      .filter((m) => m.measure === chosen)
      .map((m) => ({ value: String(m.id), label: measureText(m) })),
  ];
  const { formError, onSubmit } = useSaveForm(handleSubmit, setError, async (data) => {
    await api.call('rehab:spLinkMeasures', data);
    await refresh();
    onDone();
  });
  return (
    <FormCard label="Before and after measures" small onSubmit={onSubmit} formError={formError}>
      <Text size="sm" c="dimmed">
        Choose measures already recorded for this patient (record them under Outcome measures first). SWEMWBS
        is the wellbeing measure the reference suggests for social prescribing; EQ-5D-5L is the generic one.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NativeSelect
          label="Outcome measure"
          {...register('measure')}
          error={e.measure?.message}
          data={SP_OUTCOME_MEASURES.map((m) => ({ value: m, label: m }))}
        />
        <NativeSelect
          label="Before (on or before the first session)"
          {...register('beforeMeasureId', { setValueAs: numberOrNull })}
          error={e.beforeMeasureId?.message}
          data={options}
        />
        <NativeSelect
          label="After"
          {...register('afterMeasureId', { setValueAs: numberOrNull })}
          error={e.afterMeasureId?.message}
          data={options}
        />
      </SimpleGrid>
      <FormActions label="Save measures" submitting={formState.isSubmitting} onCancel={onDone} small />
    </FormCard>
  );
}

function OutcomeForm({ r, onDone }: { r: SpReferral; onDone: () => void }) {
  const refresh = useRefreshSocial(r.patientId);
  const { register, handleSubmit, setError, formState, watch } = useForm<
    SpOutcomeInput,
    unknown,
    z.output<typeof spOutcomeInputSchema>
  >({
    resolver: zodResolver(spOutcomeInputSchema),
    defaultValues: {
      referralId: r.id,
      version: r.version,
      status: 'completed',
      endedOn: '',
      endReason: null,
      outcomeNotes: '',
      patientExperience: '',
    },
  });
  const e = formState.errors;
  const { formError, onSubmit } = useSaveForm(handleSubmit, setError, async (data) => {
    await api.call('rehab:spOutcome', data);
    await refresh();
    onDone();
  });
  return (
    <FormCard label="Record the outcome" small onSubmit={onSubmit} formError={formError}>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NativeSelect
          label="Outcome"
          {...register('status')}
          error={e.status?.message}
          data={[
            { value: 'completed', label: 'Completed' },
            { value: 'stopped', label: 'Stopped' },
          ]}
        />
        <DateField label="End date" withAsterisk {...register('endedOn')} error={e.endedOn?.message} />
        {watch('status') === 'stopped' && (
          <NativeSelect
            label="Why did they stop?"
            withAsterisk
            {...register('endReason', { setValueAs: emptyToNull })}
            error={e.endReason?.message}
            data={[{ value: '', label: 'Choose…' }, ...SP_STOP_REASONS.map((s) => ({ value: s, label: s }))]}
          />
        )}
      </SimpleGrid>
      <Textarea
        label="Outcome notes"
        autosize
        minRows={2}
        {...register('outcomeNotes')}
        error={e.outcomeNotes?.message}
      />
      <Textarea
        label="The patient’s experience, in their words"
        autosize
        minRows={2}
        {...register('patientExperience')}
        error={e.patientExperience?.message}
      />
      <FormActions label="Save outcome" submitting={formState.isSubmitting} onCancel={onDone} small />
    </FormCard>
  );
}

function DeclineForm({ r, onDone }: { r: SpReferral; onDone: () => void }) {
  const refresh = useRefreshSocial(r.patientId);
  const { register, handleSubmit, setError, formState } = useForm<
    SpDeclineInput,
    unknown,
    z.output<typeof spDeclineInputSchema>
  >({
    resolver: zodResolver(spDeclineInputSchema),
    defaultValues: { referralId: r.id, version: r.version, declinedOn: '', reason: '' },
  });
  const e = formState.errors;
  const { formError, onSubmit } = useSaveForm(handleSubmit, setError, async (data) => {
    await api.call('rehab:spDecline', data);
    await refresh();
    onDone();
  });
  return (
    <FormCard label="Record that the patient declined" small onSubmit={onSubmit} formError={formError}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <DateField
          label="Date declined"
          withAsterisk
          {...register('declinedOn')}
          error={e.declinedOn?.message}
        />
        <TextInput label="Reason given" withAsterisk {...register('reason')} error={e.reason?.message} />
      </SimpleGrid>
      <FormActions
        label="Record as declined"
        submitting={formState.isSubmitting}
        onCancel={onDone}
        small
        danger
      />
    </FormCard>
  );
}

type Mode = 'none' | 'attendance' | 'measures' | 'outcome' | 'decline';

function ReferralCard({
  r,
  measures,
  canWrite,
}: {
  r: SpReferral;
  measures: MeasureResponse[];
  canWrite: boolean;
}) {
  const [mode, setMode] = useState<Mode>('none');
  const open = r.status === 'referred' || r.status === 'attending';
  const title = `${SP_ACTIVITY_LABELS[r.activityType]}: ${r.activity}`;
  return (
    <Card withBorder component="article" aria-label={title}>
      <Group justify="space-between" mb="xs">
        <Text fw={700}>{title}</Text>
        <StatusBadge status={r.status} />
      </Group>
      <Text size="sm">
        Referred {formatDateGb(r.referredOn)}
        {r.referrerName ? ` by ${r.referrerName}` : ''} to{' '}
        {r.route === 'link-worker' ? `link worker: ${r.linkWorker ?? ''}` : 'the activity directly'}
        {r.provider ? ` · provider ${r.provider}` : ''}
        {r.frequency ? ` · ${r.frequency}` : ''}. Reason: {r.reason}
      </Text>
      <Text size="xs" c="dimmed">
        SNOMED CT {r.snomed.code} {r.snomed.term}
      </Text>
      {r.status === 'declined' && (
        <Text size="sm" mt="xs">
          Declined on {formatDateGb(r.declinedOn ?? r.referredOn)}: {r.declinedReason}
        </Text>
      )}
      {r.attendance.length > 0 && (
        <Table fz="sm" mt="xs" aria-label={`Attendance: ${r.activity}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Session</Table.Th>
              <Table.Th>Attended</Table.Th>
              <Table.Th>Note</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.attendance.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>{formatDateGb(a.sessionDate)}</Table.Td>
                <Table.Td>{a.attended ? 'Attended' : 'Did not attend'}</Table.Td>
                <Table.Td>{a.note ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {r.attendance.length > 0 && (
        <Text size="sm">
          Attended {r.attendedCount} of {plural(r.attendance.length, 'session')} recorded.
        </Text>
      )}
      {r.outcomeMeasure && (r.before || r.after) && (
        <Stack gap={2} mt="xs">
          <Text size="sm">
            {r.outcomeMeasure} before: {r.before ? measureText(r.before) : 'not linked'}; after:{' '}
            {r.after ? measureText(r.after) : 'not linked'}
          </Text>
          {r.change && (
            <Text size="sm">
              {r.change.meaningful && (
                <Badge color={r.change.improved ? 'brand' : 'red.9'} mr={4}>
                  {r.change.improved ? 'Meaningful improvement' : 'Meaningful deterioration'}
                </Badge>
              )}
              {r.change.explanation} (rule set{' '}
              <span title={ruleSetTitle(r.ruleSet)}>{ruleSetLabel(r.ruleSet)}</span>)
            </Text>
          )}
        </Stack>
      )}
      {(r.status === 'completed' || r.status === 'stopped') && (
        <Text size="sm" mt="xs">
          {r.status === 'completed' ? 'Completed' : `Stopped (${r.endReason ?? 'no reason'})`} on{' '}
          {formatDateGb(r.endedOn ?? r.referredOn)}.{r.outcomeNotes ? ` ${r.outcomeNotes}` : ''}
          {r.patientExperience ? ` Patient: “${r.patientExperience}”` : ''}
        </Text>
      )}
      <Group mt="sm" gap="xs">
        {canWrite && open && (
          <Button size="compact-sm" variant="light" onClick={() => setMode('attendance')}>
            Record attendance
          </Button>
        )}
        {canWrite && r.status !== 'declined' && (
          <Button size="compact-sm" variant="light" onClick={() => setMode('measures')}>
            Before and after measures
          </Button>
        )}
        {canWrite && open && (
          <Button size="compact-sm" variant="light" onClick={() => setMode('outcome')}>
            Record the outcome
          </Button>
        )}
        {canWrite && r.status === 'referred' && r.attendance.length === 0 && (
          <Button size="compact-sm" variant="light" color="red.9" onClick={() => setMode('decline')}>
            Patient declined
          </Button>
        )}
        <Button size="compact-sm" variant="default" component={Link} to={`/rehab/social/${r.id}/gp-message`}>
          Message to the GP
        </Button>
      </Group>
      {mode === 'attendance' && <AttendanceForm r={r} onDone={() => setMode('none')} />}
      {mode === 'measures' && <MeasuresForm r={r} measures={measures} onDone={() => setMode('none')} />}
      {mode === 'outcome' && <OutcomeForm r={r} onDone={() => setMode('none')} />}
      {mode === 'decline' && <DeclineForm r={r} onDone={() => setMode('none')} />}
    </Card>
  );
}

/** The social prescribing section of the patient's Rehab tab. */
export function PatientSocial({ patient, measures }: { patient: Patient; measures: MeasureResponse[] }) {
  const session = useSession();
  const canWrite = session.can('rehab.write');
  const [referring, setReferring] = useState(false);
  const q = useQuery({
    queryKey: ['rehab:spReferrals', patient.id],
    queryFn: () => api.call('rehab:spReferrals', { patientId: patient.id }),
  });
  return (
    <Stack component="section" aria-label="Social prescribing">
      <Group justify="space-between">
        <Title order={3} size="h4">
          Social prescribing
        </Title>
        {canWrite && !referring && (
          <Button variant="light" onClick={() => setReferring(true)}>
            Refer to social prescribing
          </Button>
        )}
      </Group>
      {referring && <ReferForm patient={patient} onDone={() => setReferring(false)} />}
      <QueryFallback q={q} loading="Loading social prescribing" />
      {q.data?.length === 0 && <Text c="dimmed">No social prescribing referrals.</Text>}
      {q.data?.map((r) => (
        <ReferralCard key={r.id} r={r} measures={measures} canWrite={canWrite} />
      ))}
    </Stack>
  );
}

/** The service-level list of social prescribing referrals, by status. */
export function SocialServiceList() {
  const [status, setStatus] = useState<SpStatus | ''>('');
  const q = useQuery(screenQueries.socialPrescribing(status));
  // Up to 200 referrals: only the rows in view are rendered (issue 18: 200 rows of Mantine cells took
  // 300-800 ms of rendering at 100,000 patients).
  const [tbodyRef, virtualRows] = useVirtualRows(q.data?.items ?? [], 6);
  return (
    <Stack>
      {q.data && (
        <Table w="fit-content" aria-label="Social prescribing referrals by status">
          <Table.Thead>
            <Table.Tr>
              {SP_STATUSES.map((s) => (
                <Table.Th key={s}>{SP_STATUS_LABELS[s]}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <Table.Tr>
              {SP_STATUSES.map((s) => (
                <Table.Td key={s}>{q.data.byStatus[s]}</Table.Td>
              ))}
            </Table.Tr>
          </Table.Tbody>
        </Table>
      )}
      <NativeSelect
        label="Status"
        w={320}
        value={status}
        onChange={(e) => setStatus(e.currentTarget.value as SpStatus | '')}
        data={[
          { value: '', label: 'All' },
          ...SP_STATUSES.map((s) => ({ value: s, label: SP_STATUS_LABELS[s] })),
        ]}
      />
      {q.isPending && <Loader aria-label="Loading referrals" />}
      {q.data && (
        <>
          <Text size="sm" c="dimmed">
            {q.data.total} referral{q.data.total === 1 ? '' : 's'}
            {q.data.total > q.data.items.length ? `; the newest ${q.data.items.length} shown` : ''}.
          </Text>
          <Table striped aria-label="Social prescribing referrals">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Patient</Table.Th>
                <Table.Th>NHS number</Table.Th>
                <Table.Th>Referred</Table.Th>
                <Table.Th>Activity</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Attended</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody ref={tbodyRef}>
              {virtualRows((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td>
                    <Link to={`/patients/${i.patientId}`}>{i.patientName}</Link>
                  </Table.Td>
                  <Table.Td>{i.nhsNumber ? formatNhsNumber(i.nhsNumber) : '—'}</Table.Td>
                  <Table.Td>{formatDateGb(i.referredOn)}</Table.Td>
                  <Table.Td>
                    {SP_ACTIVITY_LABELS[i.activityType]}: {i.activity}
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={i.status} />
                  </Table.Td>
                  <Table.Td>
                    {i.sessionCount === 0 ? '—' : `${i.attendedCount} of ${i.sessionCount}`}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}

const PRINT_CSS = `
.sp-letter { max-width: 760px; margin: 0 auto; padding: 32px; background: white; color: #111; font-size: 15px; line-height: 1.5; }
.sp-letter h1 { font-size: 20px; margin: 16px 0 12px; }
@media print {
  @page { size: A4; margin: 18mm; }
  header, nav, .no-print, .mantine-AppShell-header, .mantine-AppShell-navbar { display: none !important; }
  .mantine-AppShell-main { padding: 0 !important; background: white !important; }
  .sp-letter { padding: 0; max-width: none; font-size: 12pt; }
}
`;

function longDate(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${iso}T00:00:00Z`));
}

/** The printable message back to the GP (route /rehab/social/:id/gp-message). */
export function GpMessagePrint() {
  const referralId = Number(useParams().id);
  const q = useQuery({
    queryKey: ['rehab:spGpMessage', referralId],
    queryFn: () => api.call('rehab:spGpMessage', { referralId }),
  });
  if (!q.isSuccess) return <QueryFallback q={q} loading="Loading the message" />;
  const m = q.data;
  return (
    <div>
      <style>{PRINT_CSS}</style>
      <div className="no-print">
        <PatientBannerFor patientId={m.patientId} />
      </div>
      <Group className="no-print" p="md">
        <Anchor component={Link} to={`/patients/${m.patientId}`}>
          Back to the patient
        </Anchor>
        <Button color="brand" onClick={() => window.print()}>
          Print
        </Button>
      </Group>
      <article className="sp-letter" aria-label="Message to the GP">
        <p>Pain Management Service</p>
        <p>To: the GP{m.patient.gpPractice ? `, ${m.patient.gpPractice}` : ''}</p>
        <p>{longDate(m.writtenOn)}</p>
        <h1>{m.subject}</h1>
        <p>Dear colleague,</p>
        {m.paragraphs.map((p, i) => (
          <p key={i}>{p}</p>
        ))}
        <p>
          Yours sincerely,
          <br />
          {m.from}
          <br />
          Pain Management Service
        </p>
      </article>
    </div>
  );
}
