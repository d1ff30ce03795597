import { describeSite } from '../../../../shared/clinical/interventions/sites';
import { zodResolver } from '@hookform/resolvers/zod';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useParams } from 'react-router';
import { z } from 'zod';
import type { ShippedAnticoagulantRuleSet } from '../../../../shared/clinical/interventions/anticoagulant-rule-sets';
import { formatDateGb, formatInstantGb } from '../../../../shared/dates';
import {
  PRIORITY_LABELS,
  REQUEST_STATUS_LABELS,
  SIDE_LABELS,
  type RequestDetail,
  type SlotOption,
  overrideNeedsClinician,
} from '../../../../shared/domain/interventions';
import { api } from '../../api/client';
import { screenQueries } from '../../api/screenQueries';
import { applyServerErrors } from '../../app/forms';
import { useSession } from '../../app/session';
import { FromMdtPanel } from '../mdt/ActionLinks';
import { BookingPanel } from './BookingPanel';
import { ApproveForSession, HoldPlans } from './HoldPlans';
import { ScsTrial } from './ScsTrial';
import { ReadinessForm } from './ReadinessForm';
import { ReapprovalLine } from './Reapproval';
import { StatusBadge } from './shared';
import { DateField } from '../../app/DateField';
import { PatientBannerFor } from '../patients/PatientBanner';

const antiFormSchema = z.strictObject({
  drug: z.string().min(1, 'Choose the anticoagulant or antiplatelet.'),
  dose: z.string().max(60),
  doseTimes: z
    .string()
    .regex(
      /^\s*([01]\d|2[0-3]):[0-5]\d(\s*,\s*([01]\d|2[0-3]):[0-5]\d){0,3}\s*$/,
      'Enter usual dose times as HH:mm, separated by commas.',
    ),
});

function AntithromboticForm({ detail }: { detail: RequestDetail }) {
  const qc = useQueryClient();
  // The drugs of the hold set the service computes plans with (Settings › Clinical rule sets).
  const holds = useQuery({
    queryKey: ['rules:active', 'anticoagulant-holds'],
    queryFn: () => api.call('rules:active', { kind: 'anticoagulant-holds' }),
  });
  const drugs = [
    ...new Set(
      ((holds.data?.value as ShippedAnticoagulantRuleSet | undefined)?.rules ?? []).map((r) => r.drug),
    ),
  ];
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState, reset } = useForm<z.infer<typeof antiFormSchema>>({
    resolver: zodResolver(antiFormSchema),
    defaultValues: { drug: '', dose: '', doseTimes: '08:00' },
  });
  const onSubmit = handleSubmit(async (v) => {
    setFormError(null);
    try {
      const d = await api.call('interventions:addAntithrombotic', {
        requestId: detail.id,
        drug: v.drug,
        dose: v.dose,
        doseTimes: v.doseTimes.split(',').map((t) => t.trim()),
      });
      qc.setQueryData(['interventions:get', detail.id], d);
      reset();
    } catch (err) {
      setFormError(applyServerErrors(err, setError));
    }
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Add an antithrombotic not on the medicines list">
      <Text size="sm" fw={700} mt="md">
        Not on the medicines list?
      </Text>
      <Text size="xs" c="dimmed" mb={4}>
        Record it here for this request only, and add it to the patient’s medicines list (Medicines tab of{' '}
        <Link to={`/patients/${detail.patientId}`}>the patient record</Link>) so every plan reads it from
        there.
      </Text>
      {formError && <Alert color="red">{formError}</Alert>}
      <Group align="end">
        <NativeSelect
          label="Anticoagulant or antiplatelet"
          {...register('drug')}
          error={formState.errors.drug?.message}
          data={[{ value: '', label: 'Choose…' }, ...drugs.map((d) => ({ value: d, label: d }))]}
        />
        <TextInput label="Dose" {...register('dose')} />
        <TextInput
          label="Usual dose times"
          description="e.g. 08:00, 20:00"
          {...register('doseTimes')}
          error={formState.errors.doseTimes?.message}
        />
        <Button type="submit" variant="default" loading={formState.isSubmitting}>
          Add by hand and compute hold plan
        </Button>
      </Group>
    </form>
  );
}

/** Override ONE open readiness item with its own reason (a prescriber signs each item separately). */
function OverrideForm({ detail, itemId, title }: { detail: RequestDetail; itemId: string; title: string }) {
  const qc = useQueryClient();
  const schema = z.strictObject({
    reason: z.string().trim().min(1, 'Give the reason for the override.').max(500),
  });
  const { register, handleSubmit, formState, setError } = useForm<z.infer<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { reason: '' },
  });
  const [formError, setFormError] = useState<string | null>(null);
  const onSubmit = handleSubmit(async (v) => {
    try {
      const d = await api.call('interventions:approveOverride', {
        requestId: detail.id,
        version: detail.version,
        itemId,
        reason: v.reason,
      });
      qc.setQueryData(['interventions:get', detail.id], d);
    } catch (err) {
      setFormError(applyServerErrors(err, setError));
    }
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label={`Override: ${title}`}>
      {formError && <Alert color="red">{formError}</Alert>}
      <Group align="end">
        <Textarea
          label={`Reason to override “${title}” (audited; you are recorded as the signer)`}
          {...register('reason')}
          error={formState.errors.reason?.message}
          style={{ flex: 1 }}
        />
        <Button type="submit" color="#9c3600">
          Override {title}
        </Button>
      </Group>
    </form>
  );
}

function SlotFinder({ detail }: { detail: RequestDetail }) {
  const qc = useQueryClient();
  const session = useSession();
  const [agreed, setAgreed] = useState(false);
  const [reason, setReason] = useState('');
  const [slots, setSlots] = useState<SlotOption[] | null>(null);
  const [day, setDay] = useState('');
  const dayList = useQuery({
    queryKey: ['interventions:week', day],
    queryFn: () => api.call('interventions:week', { weekStart: day }),
    enabled: /^\d{4}-\d{2}-\d{2}$/.test(day),
  });
  const find = useMutation({
    mutationFn: () =>
      api.call('interventions:findSlot', { requestId: detail.id, patientAgreedShortNotice: agreed }),
    onSuccess: setSlots,
  });
  const book = useMutation({
    mutationFn: (sessionId: number) =>
      api.call('interventions:book', {
        requestId: detail.id,
        sessionId,
        patientAgreedShortNotice: agreed,
        ...(reason.trim() ? { overrideReason: reason.trim() } : {}),
      }),
    onSuccess: async () => {
      setSlots(null);
      await qc.invalidateQueries({ queryKey: ['interventions:get', detail.id] });
      await qc.invalidateQueries({ queryKey: ['interventions:week'] });
    },
  });
  return (
    <Stack>
      <Group align="end">
        <Checkbox
          label="Patient agrees to less than 3 weeks’ notice"
          checked={agreed}
          onChange={(e) => setAgreed(e.currentTarget.checked)}
        />
        <Button onClick={() => find.mutate()} loading={find.isPending}>
          Find a slot
        </Button>
      </Group>
      <TextInput
        label="Override reason (only if booking despite a warning)"
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
      />
      {find.isError && <Alert color="red">{find.error.message}</Alert>}
      {book.isError && (
        <Alert color="red" title="Booking refused" role="alert">
          {book.error.message}
        </Alert>
      )}
      <Group align="end">
        <DateField
          label="Or choose a session on"
          value={day}
          onChange={(e) => setDay(e.currentTarget.value)}
        />
      </Group>
      {dayList.data && dayList.data.filter((s) => s.date === day).length > 0 && (
        <Table aria-label={`Sessions on ${formatDateGb(day)}`}>
          <Table.Tbody>
            {dayList.data
              .filter((s) => s.date === day)
              .map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    {s.start}–{s.end} · {s.room} · {s.clinicianName}
                  </Table.Td>
                  <Table.Td>
                    {s.freeMinutes} min free ({s.utilisationPercent}% used)
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="default" onClick={() => book.mutate(s.id)}>
                      Book onto {s.room} {s.start}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
      )}
      {slots && slots.length === 0 && <Text>No session in the next 6 months can take this case.</Text>}
      {slots && slots.length > 0 && (
        <Table aria-label="Available sessions, best first">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Session</Table.Th>
              <Table.Th>Free</Table.Th>
              <Table.Th>Warnings</Table.Th>
              <Table.Th>Book</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {slots.map((o) => (
              <Table.Tr key={o.session.id}>
                <Table.Td>
                  {formatDateGb(o.session.date)} {o.session.start}–{o.session.end} · {o.session.room} ·{' '}
                  {o.session.clinicianName}
                </Table.Td>
                <Table.Td>{o.session.freeMinutes} min</Table.Td>
                <Table.Td>
                  {o.warnings.length ? o.warnings.map((w) => w.message).join(' ') : 'None'}
                  {o.warnings.some((w) => w.code === 'HOLD_NOT_APPROVED') && session.can('hold.approve') && (
                    <ApproveForSession detail={detail} sessionId={o.session.id} />
                  )}
                </Table.Td>
                <Table.Td>
                  <Button size="xs" onClick={() => book.mutate(o.session.id)} loading={book.isPending}>
                    Book {formatDateGb(o.session.date)} {o.session.start}
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

/** One request: readiness checklist (gates A-D), hold plans, override, slots, bookings and outcomes. */
export function RequestPage() {
  const { id } = useParams();
  const requestId = Number(id);
  const session = useSession();
  // Started at the navigation, and the patient's banner the moment it arrives (api/screenQueries.ts).
  const q = useQuery(screenQueries.interventionRequest(requestId));
  if (q.isPending) return <Loader aria-label="Loading the request" />;
  if (q.isError) return <Alert color="red">{q.error.message}</Alert>;
  const d = q.data;
  const manage = session.can('interventions.manage');
  const blocks = d.readiness.items.filter((i) => i.gate !== 'D' && i.status === 'block');
  return (
    <Stack>
      <PatientBannerFor patientId={d.patientId} />
      <FromMdtPanel kind="intervention-request" itemId={requestId} />
      <Paper withBorder p="md">
        <Group justify="space-between">
          <div>
            <Title order={2} size="h3">
              {d.procedureName}
            </Title>
            <Text>
              <Link to={`/patients/${d.patientId}`}>{d.patientName}</Link> · {SIDE_LABELS[d.side]} · {d.site}{' '}
              · {d.indication}
            </Text>
            <Text size="sm">
              Site:{' '}
              {d.structuredSite ? (
                describeSite(d.structuredSite)
              ) : (
                <strong>site not structured (region and levels could not be read)</strong>
              )}
            </Text>
            <Text size="sm">
              {PRIORITY_LABELS[d.priority] ?? 'Priority to set (draft from the MDT)'} · RTT clock start{' '}
              {formatDateGb(d.rttClockStart)} · breach date <strong>{formatDateGb(d.rttBreachDate)}</strong>
              {d.rebookBy ? ` · must be rebooked by ${formatDateGb(d.rebookBy)} (cancelled on the day)` : ''}
            </Text>
            <Text size="sm" c="dimmed">
              Planned {d.plannedMinutes} min ({d.durationSource}) · {d.ruleSets}
            </Text>
          </div>
          <Stack gap={4} align="end">
            <Badge size="lg" color="gray.8">
              {REQUEST_STATUS_LABELS[d.status] ?? 'Draft from MDT'}
            </Badge>
            <Badge size="lg" color={d.ready ? '#1e6b30' : 'red.9'} data-testid="ready-badge">
              {d.ready ? 'Ready to book' : 'Not ready'}
            </Badge>
          </Stack>
        </Group>
        {blocks.length > 0 && (
          <Alert color="red" title="Hard block" mt="sm">
            {blocks.map((b) => b.message).join(' ')}
          </Alert>
        )}
      </Paper>

      <Paper withBorder p="md">
        <Title order={3} size="h4" mb="xs">
          Readiness checklist
        </Title>
        <Table aria-label="Readiness checklist">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Gate</Table.Th>
              <Table.Th>Check</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Detail</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.readiness.items
              .filter((i) => i.gate !== 'D')
              .map((i) => (
                <Table.Tr key={i.id} data-testid={`readiness-${i.id}`}>
                  <Table.Td>{i.gate}</Table.Td>
                  <Table.Td>{i.title}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={i.status} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{i.message}</Text>
                    <ReapprovalLine detail={d} itemId={i.id} />
                  </Table.Td>
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
        {d.overrides.map((o) => (
          <Text size="sm" mt="xs" key={o.itemId}>
            {o.title}: override approved by {o.by} on {formatInstantGb(o.at)}: “{o.reason}”
          </Text>
        ))}
        {d.openItems.length > 0 && blocks.length === 0 && session.can('hold.approve') && (
          <Paper withBorder p="sm" mt="sm">
            <Stack gap="xs">
              {d.readiness.items
                .filter((i) => d.openItems.includes(i.id))
                .map((i) =>
                  overrideNeedsClinician(i.id) && !session.can('interventions.clinical') ? (
                    <Text size="sm" key={i.id}>
                      {i.title}: a clinical gate; only a consultant may override it.
                    </Text>
                  ) : (
                    <OverrideForm key={i.id} detail={d} itemId={i.id} title={i.title} />
                  ),
                )}
            </Stack>
          </Paper>
        )}
      </Paper>

      <Paper withBorder p="md">
        <Title order={3} size="h4" mb="xs">
          Anticoagulants and antiplatelets
        </Title>
        <Text size="xs" c="dimmed" mb="xs">
          Read from the patient’s medicines list each time this request is opened; a medicine started, changed
          or stopped after approval needs re-approval. Plans are proposals computed in hours from the last
          dose to the planned start; a prescriber must approve them. This app never tells a patient to stop a
          medicine.
        </Text>
        <HoldPlans detail={d} />
        {manage && <AntithromboticForm detail={d} />}
      </Paper>

      {manage && (
        <Paper withBorder p="md">
          <Title order={3} size="h4" mb="xs">
            Readiness record
          </Title>
          <ReadinessForm key={d.version} detail={d} />
        </Paper>
      )}

      {(manage || session.can('hold.approve')) && d.status === 'waiting' && (
        <Paper withBorder p="md">
          <Title order={3} size="h4" mb="xs">
            Book a session
          </Title>
          <SlotFinder detail={d} />
        </Paper>
      )}

      {d.procedureCode === 'SCS_TRIAL' && <ScsTrial requestId={d.id} />}

      {d.bookings.length > 0 && (
        <Paper withBorder p="md">
          <Title order={3} size="h4" mb="xs">
            Bookings and outcomes
          </Title>
          <Stack>
            {d.bookings.map((b) => (
              <BookingPanel key={b.id} detail={d} booking={b} manage={manage} />
            ))}
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
