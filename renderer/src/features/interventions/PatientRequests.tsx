import { zodResolver } from '@hookform/resolvers/zod';
import {
  Alert,
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { Link, useNavigate } from 'react-router';
import type { z } from 'zod';
import { formatDateGb, londonToday } from '../../../../shared/dates';
import {
  PRIORITIES,
  PRIORITY_LABELS,
  REQUEST_STATUS_LABELS,
  SIDE_LABELS,
  SIDES,
  requestInputSchema,
} from '../../../../shared/domain/interventions';
import { SCS_IMPLANT_PROCEDURES } from '../../../../shared/domain/interventions-scs';
import type { Patient } from '../../../../shared/domain/patient';
import { SITE_REGIONS, SITE_REGION_LABELS } from '../../../../shared/clinical/interventions/sites';
import { api } from '../../api/client';
import { useFormSubmit } from '../../app/useFormSubmit';
import { useSession } from '../../app/session';
import { MdtDraftList } from '../mdt/ActionLinks';
import { PriorityBadge } from './shared';
import { DateField } from '../../app/DateField';

type Values = z.input<typeof requestInputSchema>;

function RequestForm({ patient }: { patient: Patient }) {
  const navigate = useNavigate();
  const catalogue = useQuery({
    queryKey: ['interventions:catalogue'],
    queryFn: () => api.call('interventions:catalogue', {}),
  });
  const clinicians = useQuery({
    queryKey: ['users:clinicians'],
    queryFn: () => api.call('users:clinicians', {}),
  });
  const session = useSession();
  const { register, handleSubmit, setError, formState, watch } = useForm<
    Values,
    unknown,
    z.output<typeof requestInputSchema>
  >({
    resolver: zodResolver(requestInputSchema),
    defaultValues: {
      patientId: patient.id,
      procedureCode: '',
      side: 'midline',
      site: '',
      indication: '',
      priority: 'P3',
      requestedClinicianId: null,
      source: 'clinic',
      rttClockStart: patient.referralDate ?? londonToday(),
    },
  });
  const e = formState.errors;
  // An implant needs a successful trial (NICE TA159); a clinician may list it anyway with the reason.
  const implant = (SCS_IMPLANT_PROCEDURES as readonly string[]).includes(watch('procedureCode'));
  const save = useFormSubmit({
    setError,
    mutationFn: (values: z.output<typeof requestInputSchema>) => api.call('interventions:request', values),
    invalidate: [['interventions:patientRequests', patient.id]],
    onSuccess: (r) => navigate(`/interventions/requests/${r.id}`),
  });
  const onSubmit = handleSubmit(save.submit);
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      onSubmit={onSubmit}
      noValidate
      aria-label="List for a procedure"
    >
      <Title order={3} size="h4" mb="sm">
        List for a procedure
      </Title>
      {save.formError && (
        <Alert color="red" mb="sm">
          {save.formError}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NativeSelect
          label="Procedure"
          {...register('procedureCode')}
          error={e.procedureCode?.message}
          data={[
            { value: '', label: 'Choose…' },
            ...(catalogue.data?.procedures ?? []).map((p) => ({ value: p.code, label: p.name })),
          ]}
        />
        <NativeSelect
          label="Side"
          {...register('side')}
          data={SIDES.map((s) => ({ value: s, label: SIDE_LABELS[s] }))}
        />
        <NativeSelect
          label="Region"
          description="Blank: read from the level or target"
          {...register('region', { setValueAs: (v: string) => (v ? v : undefined) })}
          error={e.region?.message}
          data={[
            { value: '', label: 'Read from the level or target' },
            ...SITE_REGIONS.map((r) => ({ value: r, label: SITE_REGION_LABELS[r] })),
          ]}
        />
        <TextInput
          label="Levels"
          description="e.g. L4-5, or L4/5 and L5/S1; blank for the whole region"
          {...register('levels', { setValueAs: (v: string) => (v ? v : undefined) })}
          error={e.levels?.message}
        />
        <TextInput label="Level or target" {...register('site')} error={e.site?.message} />
        <TextInput label="Indication" {...register('indication')} error={e.indication?.message} />
        <NativeSelect
          label="Clinical priority"
          {...register('priority')}
          data={PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] }))}
        />
        <NativeSelect
          label="Requested clinician"
          {...register('requestedClinicianId', { setValueAs: (v: string) => (v ? Number(v) : null) })}
          data={[
            { value: '', label: 'Any' },
            ...(clinicians.data ?? [])
              .filter((c) => c.role === 'consultant')
              .map((c) => ({ value: String(c.id), label: c.displayName })),
          ]}
        />
        <DateField
          label="RTT clock start"
          description="The breach date is 18 weeks (126 days) later"
          {...register('rttClockStart')}
          error={e.rttClockStart?.message}
        />
        <NativeSelect
          label="Listed from"
          {...register('source')}
          data={[
            { value: 'clinic', label: 'Clinic' },
            { value: 'mdt', label: 'MDT action' },
          ]}
        />
      </SimpleGrid>
      {implant && session.can('interventions.clinical') && (
        <TextInput
          mt="sm"
          label="Reason to list without a successful trial"
          description="Only if the latest stimulator trial was not successful or is not recorded here (NICE TA159, 2008); audited"
          {...register('trialOverrideReason', { setValueAs: (v: string) => (v ? v : undefined) })}
          error={e.trialOverrideReason?.message}
        />
      )}
      <Group justify="flex-end" mt="md">
        <Button type="submit" loading={formState.isSubmitting}>
          Add to the waiting list
        </Button>
      </Group>
    </Paper>
  );
}

/** A patient's procedure requests, and listing them for a new one. */
export function PatientRequests({ patient }: { patient: Patient }) {
  const session = useSession();
  const q = useQuery({
    queryKey: ['interventions:patientRequests', patient.id],
    queryFn: () => api.call('interventions:patientRequests', { patientId: patient.id }),
  });
  return (
    <Stack>
      <MdtDraftList module="interventions" patientId={patient.id} />
      {q.isError && <Alert color="red">{q.error.message}</Alert>}
      {q.data && q.data.length === 0 && <Text>No procedure requests.</Text>}
      {q.data && q.data.length > 0 && (
        <Table aria-label="Procedure requests">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Procedure</Table.Th>
              <Table.Th>Priority</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>RTT breach</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {q.data.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <Link to={`/interventions/requests/${r.id}`}>{r.procedureName}</Link> ({r.side}, {r.site})
                </Table.Td>
                <Table.Td>{r.priority ? <PriorityBadge priority={r.priority} /> : 'To set'}</Table.Td>
                <Table.Td>{REQUEST_STATUS_LABELS[r.status] ?? 'Draft from MDT'}</Table.Td>
                <Table.Td>{formatDateGb(r.rttBreachDate)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {session.can('interventions.manage') && <RequestForm patient={patient} />}
    </Stack>
  );
}
