import { zodResolver } from '@hookform/resolvers/zod';
import {
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { formatDateGb, formatInstantGb, londonToday } from '../../../../shared/dates';
import {
  REFERRAL_REASONS,
  REFERRAL_REASON_LABELS,
  SERVICE_REFERRAL_SOURCES,
  SERVICE_REFERRAL_SOURCE_LABELS,
  serviceReferralInputSchema,
  TRIAGE_PATHWAYS,
  TRIAGE_PATHWAY_LABELS,
  triageDecisionSchema,
  triageReopenSchema,
  type ServiceReferralInput,
  type ServiceReferralView,
  type TriageDecisionInput,
  type TriagePathway,
  type TriageReopenInput,
  type TriageStatus,
} from '../../../../shared/domain/mdt';
import { formatNhsNumber } from '../../../../shared/nhs-number';
import { api } from '../../api/client';
import { FormError } from '../../app/FormError';
import { useSession } from '../../app/session';
import { useFormSubmit } from '../../app/useFormSubmit';
import { ReferrerFields } from './ReferrerFields';
import { Loading, useMeetingTypes } from './common';
import { DateField } from '../../app/DateField';

const QUEUE_KEY = ['mdt:triage:list'] as const;

type AddValues = z.output<typeof serviceReferralInputSchema>;
type DecideValues = z.output<typeof triageDecisionSchema>;
type ReopenValues = z.output<typeof triageReopenSchema>;

/** Why a triaged referral offers no Reopen (the service refuses it once the MDT has started on it). */
const REOPEN_REFUSED =
  'Cannot be reopened: the MDT has already started on this referral. Change the plan through the MDT outcome.';

function AddReferralForm({ onDone }: { onDone: () => void }) {
  const [query, setQuery] = useState('');
  const found = useQuery({
    queryKey: ['patients:search', 'triage', query],
    queryFn: () => api.call('patients:search', { query, limit: 20 }),
    enabled: query.trim().length >= 2,
  });
  const options = found.data?.items ?? [];
  const { register, handleSubmit, setError, control, formState, reset } = useForm<
    ServiceReferralInput,
    unknown,
    AddValues
  >({
    resolver: zodResolver(serviceReferralInputSchema),
    defaultValues: {
      patientId: 0,
      receivedOn: londonToday(),
      source: 'gp',
      referrerName: '',
      referrerRole: '',
      referrerOrganisation: '',
      referrerAddress: '',
      referralReason: '',
      urgency: 'routine',
    },
  });
  const save = useFormSubmit({
    setError,
    mutationFn: (v: AddValues) => api.call('mdt:triage:add', v),
    invalidate: [QUEUE_KEY],
    onSuccess: () => {
      reset();
      setQuery('');
      onDone();
    },
  });
  const errors = formState.errors;
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      aria-label="Add a referral to the queue"
      onSubmit={handleSubmit(save.submit, save.notSaved)}
    >
      <Stack gap="sm">
        <Title order={2} size="h4">
          Add a referral to the queue
        </Title>
        <FormError message={save.formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Find a patient"
            description="Surname, NHS number or hospital number"
            value={query}
            onChange={(ev) => setQuery(ev.currentTarget.value)}
          />
          <Controller
            control={control}
            name="patientId"
            render={({ field }) => (
              <NativeSelect
                label="Patient"
                withAsterisk
                data={[
                  { value: '0', label: options.length ? 'Choose…' : 'Type to find a patient' },
                  ...options.map((p) => ({
                    value: String(p.id),
                    label: `${p.surname.toUpperCase()}, ${p.forename} (born ${formatDateGb(p.dateOfBirth)}${p.nhsNumber ? `, ${formatNhsNumber(p.nhsNumber)}` : ''})`,
                  })),
                ]}
                value={String(field.value ?? 0)}
                onChange={(e) => field.onChange(Number(e.currentTarget.value))}
                error={errors.patientId?.message}
              />
            )}
          />
          <DateField
            label="Received on"
            withAsterisk
            {...register('receivedOn')}
            error={errors.receivedOn?.message}
          />
          <NativeSelect
            label="Referred by"
            data={SERVICE_REFERRAL_SOURCES.map((s) => ({
              value: s,
              label: SERVICE_REFERRAL_SOURCE_LABELS[s],
            }))}
            {...register('source')}
            error={errors.source?.message}
          />
          <NativeSelect
            label="Urgency"
            data={[
              { value: 'routine', label: 'Routine' },
              { value: 'urgent', label: 'Urgent' },
            ]}
            {...register('urgency')}
            error={errors.urgency?.message}
          />
        </SimpleGrid>
        <ReferrerFields
          register={register}
          errors={errors}
          description="The clinician who referred the patient; if the case goes to the MDT, its referrer letter goes to them."
        />
        <Textarea
          label="Reason for referral"
          withAsterisk
          autosize
          minRows={2}
          {...register('referralReason')}
          error={errors.referralReason?.message}
        />
        <Group>
          <Button type="submit" color="brand.8" loading={save.mutation.isPending}>
            Add to queue
          </Button>
          <Button variant="subtle" color="dark" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function DecisionForm({ referral, onDone }: { referral: ServiceReferralView; onDone: () => void }) {
  const types = useMeetingTypes();
  const { register, handleSubmit, setError, control, formState, watch } = useForm<
    TriageDecisionInput,
    unknown,
    DecideValues
  >({
    resolver: zodResolver(triageDecisionSchema),
    defaultValues: {
      serviceReferralId: referral.id,
      version: referral.version,
      pathway: 'clinic',
      meetingTypeId: null,
      reason: '',
      question: '',
      mdtReason: 'new-complex',
      patientAware: false,
    },
  });
  const save = useFormSubmit({
    setError,
    mutationFn: (v: DecideValues) => api.call('mdt:triage:decide', v),
    invalidate: [QUEUE_KEY],
    onSuccess: onDone,
  });
  const errors = formState.errors;
  const pathway = watch('pathway');
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      aria-label={`Triage decision for ${referral.patientName}`}
      onSubmit={handleSubmit(save.submit, save.notSaved)}
    >
      <Stack gap="sm">
        <Title order={3} size="h5">
          Triage decision for {referral.patientName}
        </Title>
        <FormError message={save.formError} />
        <Controller
          control={control}
          name="pathway"
          render={({ field }) => (
            <Radio.Group
              label="Pathway"
              withAsterisk
              value={field.value}
              onChange={(v) => field.onChange(v as TriagePathway)}
              error={errors.pathway?.message}
            >
              <Group mt="xs">
                {TRIAGE_PATHWAYS.map((p) => (
                  <Radio key={p} value={p} label={TRIAGE_PATHWAY_LABELS[p]} />
                ))}
              </Group>
            </Radio.Group>
          )}
        />
        {pathway === 'mdt' && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Controller
              control={control}
              name="meetingTypeId"
              render={({ field }) => (
                <NativeSelect
                  label="MDT"
                  withAsterisk
                  data={[
                    { value: '', label: 'Choose…' },
                    ...(types.data ?? []).map((t) => ({ value: String(t.id), label: t.name })),
                  ]}
                  value={field.value ? String(field.value) : ''}
                  onChange={(e) =>
                    field.onChange(e.currentTarget.value ? Number(e.currentTarget.value) : null)
                  }
                  error={errors.meetingTypeId?.message}
                />
              )}
            />
            <NativeSelect
              label="Reason for MDT discussion"
              data={REFERRAL_REASONS.map((r) => ({ value: r, label: REFERRAL_REASON_LABELS[r] }))}
              {...register('mdtReason')}
              error={errors.mdtReason?.message}
            />
          </SimpleGrid>
        )}
        <Textarea
          label="Reason for this decision"
          withAsterisk
          autosize
          minRows={2}
          {...register('reason')}
          error={errors.reason?.message}
        />
        {pathway === 'mdt' && (
          <>
            <Textarea
              label="Question for the MDT"
              description="Leave blank to use the reason above"
              autosize
              minRows={2}
              {...register('question')}
              error={errors.question?.message}
            />
            <Checkbox label="The patient knows they are being discussed" {...register('patientAware')} />
          </>
        )}
        <Group>
          <Button type="submit" color="brand.8" loading={save.mutation.isPending}>
            Save decision
          </Button>
          <Button variant="subtle" color="dark" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Puts a triaged referral back in the queue (sent to the wrong pathway), with a reason. */
function ReopenForm({ referral, onDone }: { referral: ServiceReferralView; onDone: () => void }) {
  const { register, handleSubmit, setError, formState } = useForm<TriageReopenInput, unknown, ReopenValues>({
    resolver: zodResolver(triageReopenSchema),
    defaultValues: { serviceReferralId: referral.id, version: referral.version, reason: '' },
  });
  const save = useFormSubmit({
    setError,
    mutationFn: (v: ReopenValues) => api.call('mdt:triage:reopen', v),
    invalidate: [QUEUE_KEY],
    onSuccess: onDone,
  });
  const errors = formState.errors;
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      aria-label={`Reopen the triage decision for ${referral.patientName}`}
      onSubmit={handleSubmit(save.submit, save.notSaved)}
    >
      <Stack gap="sm">
        <Title order={3} size="h5">
          Reopen the triage decision for {referral.patientName}
        </Title>
        <Text size="sm">
          The referral goes back in the queue to be triaged again. The decision to send it to{' '}
          {decisionText(referral)} stays in the audit trail.
          {referral.pathway === 'mdt' &&
            ' The MDT referral it created is withdrawn from the meeting list, unless the MDT has already started on it.'}
        </Text>
        <FormError message={save.formError} />
        <Textarea
          label="Reason for reopening"
          withAsterisk
          autosize
          minRows={2}
          {...register('reason')}
          error={errors.reason?.message}
        />
        <Group>
          <Button type="submit" color="brand.8" loading={save.mutation.isPending}>
            Reopen decision
          </Button>
          <Button variant="subtle" color="dark" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function decisionText(r: ServiceReferralView): string {
  if (!r.pathway) return '';
  const where =
    r.pathway === 'mdt' && r.meetingTypeName ? `${r.meetingTypeName}` : TRIAGE_PATHWAY_LABELS[r.pathway];
  return where;
}

/** Referral sifting: the queue of new referrals into the service and each one's pathway decision. */
export function Triage() {
  const session = useSession();
  const [status, setStatus] = useState<TriageStatus | ''>('awaiting');
  const [pathway, setPathway] = useState<TriagePathway | ''>('');
  const [adding, setAdding] = useState(false);
  // The open form, by referral and version (a saved decision or reopen closes it on the refresh).
  const [deciding, setDeciding] = useState<string | null>(null);
  const queue = useQuery({
    queryKey: [...QUEUE_KEY, status, pathway],
    queryFn: () =>
      api.call('mdt:triage:list', {
        status: status === '' ? null : status,
        pathway: pathway === '' ? null : pathway,
      }),
  });
  const canTriage = session.can('referrals.triage');
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Group gap="md" align="flex-end">
          <NativeSelect
            label="Show"
            value={status}
            onChange={(e) => setStatus(e.currentTarget.value as TriageStatus | '')}
            data={[
              { value: 'awaiting', label: 'Awaiting triage' },
              { value: 'triaged', label: 'Triaged' },
              { value: '', label: 'All' },
            ]}
          />
          <NativeSelect
            label="Pathway"
            value={pathway}
            onChange={(e) => setPathway(e.currentTarget.value as TriagePathway | '')}
            data={[
              { value: '', label: 'Any' },
              ...TRIAGE_PATHWAYS.map((p) => ({ value: p, label: TRIAGE_PATHWAY_LABELS[p] })),
            ]}
          />
        </Group>
        {session.can('mdt.refer') && !adding && (
          <Button color="brand.8" onClick={() => setAdding(true)}>
            Add a referral
          </Button>
        )}
      </Group>
      {adding && <AddReferralForm onDone={() => setAdding(false)} />}
      {!queue.data ? (
        <Loading error={queue.error} />
      ) : (
        <>
          <Text aria-live="polite">
            <strong>{queue.data.awaitingCount}</strong> awaiting triage
            {queue.data.urgentAwaitingCount > 0 && <>, of which {queue.data.urgentAwaitingCount} urgent</>}
          </Text>
          {queue.data.rows.length === 0 ? (
            <Text c="dimmed">No referrals to show.</Text>
          ) : (
            <Table striped aria-label="Referral triage queue">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Patient</Table.Th>
                  <Table.Th>Received</Table.Th>
                  <Table.Th>Waiting</Table.Th>
                  <Table.Th>From</Table.Th>
                  <Table.Th>Reason for referral</Table.Th>
                  <Table.Th>Decision</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {queue.data.rows.map((r) => (
                  <TriageRow
                    key={r.id}
                    r={r}
                    canTriage={canTriage}
                    open={deciding === `${r.id}:${r.version}`}
                    onOpen={() => setDeciding(`${r.id}:${r.version}`)}
                    onClose={() => setDeciding(null)}
                  />
                ))}
              </Table.Tbody>
            </Table>
          )}
        </>
      )}
    </Stack>
  );
}

function TriageRow({
  r,
  canTriage,
  open,
  onOpen,
  onClose,
}: {
  r: ServiceReferralView;
  canTriage: boolean;
  open: boolean;
  onOpen: () => void;
  onClose: () => void;
}) {
  return (
    <>
      <Table.Tr>
        <Table.Td>
          <Text fw={600}>{r.patientName}</Text>
          {r.nhsNumber && <Text size="sm">NHS {formatNhsNumber(r.nhsNumber)}</Text>}
          {r.urgency === 'urgent' && (
            <Badge color="red.9" variant="filled">
              Urgent
            </Badge>
          )}
        </Table.Td>
        <Table.Td>{formatDateGb(r.receivedOn)}</Table.Td>
        <Table.Td>
          {r.daysWaiting} {r.daysWaiting === 1 ? 'day' : 'days'}
        </Table.Td>
        <Table.Td>
          {SERVICE_REFERRAL_SOURCE_LABELS[r.source]}
          {r.referrerName && <Text size="sm">{r.referrerName}</Text>}
        </Table.Td>
        <Table.Td maw={360}>{r.referralReason}</Table.Td>
        <Table.Td>
          {r.status === 'triaged' ? (
            <Stack gap={2}>
              <Text fw={600}>{decisionText(r)}</Text>
              <Text size="sm">{r.decisionReason}</Text>
              <Text size="sm" c="dimmed">
                {r.triagedByName}
                {r.triagedAt ? `, ${formatInstantGb(r.triagedAt)}` : ''}
              </Text>
              {canTriage && !open && r.mdtStarted && (
                <Text size="sm" c="dimmed" fs="italic">
                  {REOPEN_REFUSED}
                </Text>
              )}
              {canTriage && !open && !r.mdtStarted && (
                <Button
                  size="xs"
                  variant="outline"
                  color="brand.8"
                  w="fit-content"
                  onClick={onOpen}
                  aria-label={`Reopen the triage decision for ${r.patientName}`}
                >
                  Reopen
                </Button>
              )}
            </Stack>
          ) : canTriage && !open ? (
            <Button size="xs" color="brand.8" onClick={onOpen} aria-label={`Triage ${r.patientName}`}>
              Triage
            </Button>
          ) : (
            <Text c="dimmed">Awaiting triage</Text>
          )}
        </Table.Td>
      </Table.Tr>
      {open && (
        <Table.Tr>
          <Table.Td colSpan={6}>
            {r.status === 'triaged' ? (
              <ReopenForm referral={r} onDone={onClose} />
            ) : (
              <DecisionForm referral={r} onDone={onClose} />
            )}
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}
