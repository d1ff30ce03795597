import { zodResolver } from '@hookform/resolvers/zod';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { Link } from 'react-router';
import { OUTCOME_KIND_LABELS } from '../../../../shared/clinical/mdt/index';
import { formatDateGb } from '../../../../shared/dates';
import {
  referralInputSchema,
  REFERRAL_REASONS,
  REFERRAL_REASON_LABELS,
  URGENCIES,
  URGENCY_LABELS,
  type OutcomeView,
  type ReferralInput,
} from '../../../../shared/domain/mdt';
import type { Patient } from '../../../../shared/domain/patient';
import { api } from '../../api/client';
import { serverFieldErrors } from '../../app/forms';
import { useSession } from '../../app/session';
import { useFormSubmit } from '../../app/useFormSubmit';
import { Loading, usePeople, useMeetingTypes } from './common';
import { ReferrerFields } from './ReferrerFields';

type Values = z.output<typeof referralInputSchema>;

function ReferralForm({ patient, onDone }: { patient: Patient; onDone: () => void }) {
  const people = usePeople();
  const types = useMeetingTypes();
  const { register, handleSubmit, setError, control, formState } = useForm<ReferralInput, unknown, Values>({
    resolver: zodResolver(referralInputSchema),
    defaultValues: {
      patientId: patient.id,
      question: '',
      reason: 'new-complex',
      urgency: 'routine',
      presenterId: null,
      patientAware: false,
      whatMatters: patient.whatMatters ?? '',
      meetingTypeId: 0,
      meetingId: null,
      referrerName: '',
      referrerRole: '',
      referrerOrganisation: '',
      referrerAddress: '',
    },
  });
  const save = useFormSubmit({
    setError,
    mutationFn: (v: Values) => api.call('mdt:referral:create', v),
    invalidate: [['mdt:patient', patient.id]],
    onSuccess: onDone,
  });
  const errors = formState.errors;
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      aria-label="Refer to the MDT"
      onSubmit={handleSubmit(save.submit)}
    >
      <Stack gap="sm">
        <Title order={3} size="h4">
          Refer to the MDT
        </Title>
        {save.formError && <Alert color="red.9">{save.formError}</Alert>}
        <Textarea
          label="Question for the MDT"
          withAsterisk
          autosize
          minRows={2}
          {...register('question')}
          error={errors.question?.message}
        />
        <NativeSelect
          label="Reason"
          data={REFERRAL_REASONS.map((r) => ({ value: r, label: REFERRAL_REASON_LABELS[r] }))}
          {...register('reason')}
          error={errors.reason?.message}
        />
        <Group grow>
          <NativeSelect
            label="Urgency"
            data={URGENCIES.map((u) => ({ value: u, label: URGENCY_LABELS[u] }))}
            {...register('urgency')}
          />
          <Controller
            control={control}
            name="meetingTypeId"
            render={({ field }) => (
              <NativeSelect
                label="Meeting"
                withAsterisk
                data={[
                  { value: '0', label: 'Choose…' },
                  ...(types.data ?? []).map((t) => ({ value: String(t.id), label: t.name })),
                ]}
                value={String(field.value ?? 0)}
                onChange={(e) => field.onChange(Number(e.currentTarget.value))}
                error={errors.meetingTypeId?.message}
              />
            )}
          />
          <Controller
            control={control}
            name="presenterId"
            render={({ field }) => (
              <NativeSelect
                label="Presenter"
                data={[
                  { value: '', label: 'Not yet known' },
                  ...(people.data ?? []).map((p) => ({ value: String(p.id), label: p.name })),
                ]}
                value={field.value ? String(field.value) : ''}
                onChange={(e) => field.onChange(e.currentTarget.value ? Number(e.currentTarget.value) : null)}
              />
            )}
          />
        </Group>
        <Textarea
          label="What matters to the patient"
          autosize
          minRows={2}
          {...register('whatMatters')}
          error={errors.whatMatters?.message}
        />
        <Checkbox label="The patient knows they are being discussed" {...register('patientAware')} />
        <ReferrerFields
          register={register}
          errors={errors}
          description="The clinician who asked for this discussion; the referrer letter goes to them. Leave blank if not known: the letter will ask for it."
        />
        <Group>
          <Button type="submit" color="brand.8" loading={save.mutation.isPending}>
            Refer
          </Button>
          <Button variant="subtle" color="dark" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function AmendOutcome({ outcome, patientId }: { outcome: OutcomeView; patientId: number }) {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [summary, setSummary] = useState(outcome.summary);
  const [patientSummary, setPatientSummary] = useState(outcome.patientSummary);
  const [reason, setReason] = useState('');
  const amend = useMutation({
    mutationFn: () =>
      api.call('mdt:outcome:amend', {
        outcomeId: outcome.id,
        reason,
        change: {
          kind: outcome.kind,
          summary,
          options: outcome.options,
          rationale: outcome.rationale,
          reviewDate: outcome.reviewDate,
          patientSummary,
        },
      }),
    onSuccess: async () => {
      setOpen(false);
      await qc.invalidateQueries({ queryKey: ['mdt:patient', patientId] });
    },
  });
  if (!open) {
    return (
      <Button size="compact-xs" variant="default" color="brand.9" onClick={() => setOpen(true)}>
        Amend outcome
      </Button>
    );
  }
  const fields = serverFieldErrors(amend.error);
  return (
    <Stack gap={4} mt={4}>
      <Textarea
        label="Amended outcome"
        autosize
        value={summary}
        onChange={(e) => setSummary(e.currentTarget.value)}
        error={fields['change.summary'] ?? fields.summary}
      />
      <Textarea
        label="Plain-English summary for the patient letter"
        autosize
        value={patientSummary}
        onChange={(e) => setPatientSummary(e.currentTarget.value)}
        error={fields['change.patientSummary']}
      />
      <Textarea
        label="Reason for the amendment"
        withAsterisk
        autosize
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={fields.reason}
      />
      {amend.error && !fields.reason && (
        <Text c="red.9" size="sm">
          {amend.error.message}
        </Text>
      )}
      <Group>
        <Button size="compact-sm" color="brand.8" onClick={() => amend.mutate()} loading={amend.isPending}>
          Save new version
        </Button>
        <Button size="compact-sm" variant="subtle" color="dark" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </Group>
    </Stack>
  );
}

/** The MDT tab of a patient record: referrals, discussions, outcomes, and "Refer to the MDT". */
export function PatientTab({ patient }: { patient: Patient }) {
  const session = useSession();
  const [referring, setReferring] = useState(false);
  const q = useQuery({
    queryKey: ['mdt:patient', patient.id],
    queryFn: () => api.call('mdt:patient:overview', { patientId: patient.id }),
  });
  return (
    <Stack gap="md" p="sm">
      {session.can('mdt.refer') && !referring && (
        <Group>
          <Button color="brand.8" onClick={() => setReferring(true)}>
            Refer to the MDT
          </Button>
        </Group>
      )}
      {referring && <ReferralForm patient={patient} onDone={() => setReferring(false)} />}
      {!q.data ? (
        <Loading error={q.error} />
      ) : (
        <>
          <Title order={3} size="h4">
            Discussions
          </Title>
          {q.data.listings.length === 0 ? (
            <Text c="dimmed">Not listed for an MDT yet.</Text>
          ) : (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Meeting</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Outcome</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.listings.map((l) => (
                  <Table.Tr key={l.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/mdt/meetings/${l.meetingId}`}>
                        {l.meetingTypeName}, {formatDateGb(l.meetingDate)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="filled" color="dark">
                        {l.status}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {l.outcome
                        ? `${OUTCOME_KIND_LABELS[l.outcome.kind]} (v${l.outcome.version}, ${l.outcome.status}): ${l.outcome.summary}`
                        : '—'}
                      {l.outcome?.amendReason && (
                        <Text size="xs" c="dimmed">
                          Amended {l.outcome.amendedAt ? formatDateGb(l.outcome.amendedAt.slice(0, 10)) : ''}{' '}
                          by {l.outcome.amendedByName}: {l.outcome.amendReason}
                        </Text>
                      )}
                      {l.outcome?.status === 'confirmed' && session.can('mdt.chair') && (
                        <AmendOutcome outcome={l.outcome} patientId={patient.id} />
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Title order={3} size="h4">
            Referrals
          </Title>
          {q.data.referrals.length === 0 ? (
            <Text c="dimmed">No referrals to the MDT.</Text>
          ) : (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Referred</Table.Th>
                  <Table.Th>By</Table.Th>
                  <Table.Th>Reason</Table.Th>
                  <Table.Th>Question</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.referrals.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>{r.meetingDate ? formatDateGb(r.meetingDate) : '—'}</Table.Td>
                    <Table.Td>{r.requestedByName}</Table.Td>
                    <Table.Td>{REFERRAL_REASON_LABELS[r.reason]}</Table.Td>
                    <Table.Td>{r.question}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </>
      )}
    </Stack>
  );
}
