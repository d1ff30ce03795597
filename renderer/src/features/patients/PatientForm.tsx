import { zodResolver } from '@hookform/resolvers/zod';
import {
  ActionIcon,
  Button,
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useFieldArray, useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { CHRONIC_PAIN_CATEGORIES, PAIN_SITES } from '../../../../shared/domain/icd11';
import {
  patientInputSchema,
  REFERRAL_SOURCE_LABELS,
  REFERRAL_SOURCES,
  SEX_LABELS,
  SEXES,
  type Patient,
  type PatientData,
  type PatientInput,
} from '../../../../shared/domain/patient';
import { formatNhsNumber } from '../../../../shared/nhs-number';
import { api } from '../../api/client';
import { FormError } from '../../app/FormError';
import { emptyToNull } from '../../app/forms';
import { useFormSubmit } from '../../app/useFormSubmit';
import { DateField } from '../../app/DateField';

type FormValues = PatientInput;

function toFormValues(p: Patient | null): FormValues {
  return {
    nhsNumber: p?.nhsNumber ? formatNhsNumber(p.nhsNumber) : '',
    hospitalNumber: p?.hospitalNumber ?? '',
    surname: p?.surname ?? '',
    forename: p?.forename ?? '',
    dateOfBirth: p?.dateOfBirth ?? '',
    sex: p?.sex ?? ('' as never),
    postcode: p?.postcode ?? '',
    gpPractice: p?.gpPractice ?? '',
    referralDate: p?.referralDate ?? '',
    referralSource: p?.referralSource ?? null,
    leadClinicianId: p?.leadClinicianId ?? null,
    diagnosisCode: (p?.diagnosisCode as FormValues['diagnosisCode']) ?? null,
    diagnosisSite: p?.diagnosisSite ?? '',
    diagnosisNotes: p?.diagnosisNotes ?? '',
    whatMatters: p?.whatMatters ?? '',
    allergies: (p?.allergies ?? []).map((a) => ({
      agent: a.agent,
      reaction: a.reaction,
      recordedOn: a.recordedOn ?? '',
    })),
    noKnownAllergies: p?.noKnownAllergies ?? false,
  };
}

/**
 * Register or edit a patient. The same zod schema checks the form here (early feedback) and the request in
 * the main process (the authority); the main process's messages land next to the same fields.
 */
export function PatientForm({ patient }: { patient: Patient | null }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const clinicians = useQuery({
    queryKey: ['users:clinicians'],
    queryFn: () => api.call('users:clinicians', {}),
  });
  const { register, handleSubmit, setError, control, formState } = useForm<FormValues, unknown, PatientData>({
    resolver: zodResolver(patientInputSchema),
    defaultValues: toFormValues(patient),
  });
  const allergies = useFieldArray({ control, name: 'allergies' });
  const e = formState.errors;

  const save = useFormSubmit({
    setError,
    prefix: patient ? 'patient.' : '',
    mutationFn: (data: PatientData) =>
      patient
        ? api.call('patients:update', { id: patient.id, version: patient.version, patient: data })
        : api.call('patients:create', data),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['patients:search'] });
      queryClient.setQueryData(['patients:get', saved.id], saved);
      await queryClient.invalidateQueries({ queryKey: ['patients:history', saved.id] });
      navigate(`/patients/${saved.id}`);
    },
  });
  const onSubmit = handleSubmit(save.submit, save.notSaved);

  return (
    <Paper
      p="md"
      withBorder
      component="form"
      onSubmit={onSubmit}
      noValidate
      aria-label={patient ? 'Edit patient' : 'Register a patient'}
    >
      <Stack>
        <Title order={1} size="h2">
          {patient ? 'Edit patient details' : 'Register a patient'}
        </Title>
        <FormError message={save.formError} />
        <Fieldset legend="Identity">
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            <TextInput
              label="NHS number"
              description="10 digits; spaces are fine"
              inputMode="numeric"
              {...register('nhsNumber')}
              error={e.nhsNumber?.message}
            />
            <TextInput
              label="Hospital number"
              {...register('hospitalNumber')}
              error={e.hospitalNumber?.message}
            />
            <TextInput label="Surname" withAsterisk {...register('surname')} error={e.surname?.message} />
            <TextInput label="Forename" withAsterisk {...register('forename')} error={e.forename?.message} />
            <DateField
              label="Date of birth"
              withAsterisk
              {...register('dateOfBirth')}
              error={e.dateOfBirth?.message}
            />
            <NativeSelect
              label="Sex"
              withAsterisk
              {...register('sex')}
              error={e.sex?.message}
              data={[
                { value: '', label: 'Choose…' },
                ...SEXES.map((s) => ({ value: s, label: SEX_LABELS[s] })),
              ]}
            />
            <TextInput label="Postcode" {...register('postcode')} error={e.postcode?.message} />
            <TextInput label="GP practice" {...register('gpPractice')} error={e.gpPractice?.message} />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="Referral and care">
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            <DateField label="Referral date" {...register('referralDate')} error={e.referralDate?.message} />
            <NativeSelect
              label="Referral source"
              {...register('referralSource', { setValueAs: emptyToNull })}
              error={e.referralSource?.message}
              data={[
                { value: '', label: 'Not recorded' },
                ...REFERRAL_SOURCES.map((s) => ({ value: s, label: REFERRAL_SOURCE_LABELS[s] })),
              ]}
            />
            <NativeSelect
              label="Lead clinician"
              {...register('leadClinicianId', {
                setValueAs: (v: string) => (v === '' || v === null ? null : Number(v)),
              })}
              error={e.leadClinicianId?.message}
              data={[
                { value: '', label: 'Not assigned' },
                ...(clinicians.data ?? []).map((c) => ({ value: String(c.id), label: c.displayName })),
              ]}
            />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="Pain diagnosis (ICD-11 chronic pain)">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect
              label="Category"
              {...register('diagnosisCode', { setValueAs: emptyToNull })}
              error={e.diagnosisCode?.message}
              data={[
                { value: '', label: 'Not yet classified' },
                {
                  group: 'Chronic primary pain',
                  items: CHRONIC_PAIN_CATEGORIES.filter((c) => c.group === 'primary').map((c) => ({
                    value: c.code,
                    label: `${c.code} ${c.title}`,
                  })),
                },
                {
                  group: 'Chronic secondary pain',
                  items: CHRONIC_PAIN_CATEGORIES.filter((c) => c.group === 'secondary').map((c) => ({
                    value: c.code,
                    label: `${c.code} ${c.title}`,
                  })),
                },
              ]}
            />
            <NativeSelect
              label="Main site"
              {...register('diagnosisSite')}
              error={e.diagnosisSite?.message}
              data={[{ value: '', label: 'Not recorded' }, ...PAIN_SITES]}
            />
          </SimpleGrid>
          <Textarea
            mt="sm"
            label="Diagnosis notes"
            autosize
            minRows={2}
            {...register('diagnosisNotes')}
            error={e.diagnosisNotes?.message}
          />
        </Fieldset>
        <Fieldset legend="Allergies">
          <Stack gap="xs">
            <Checkbox
              label="No known allergies (asked, and the patient reports none)"
              description="Leave unticked with no allergies listed when nobody has asked yet: the banner then says the allergies are not recorded."
              {...register('noKnownAllergies')}
              error={e.noKnownAllergies?.message}
            />
            {allergies.fields.map((field, i) => (
              <Group key={field.id} align="flex-start" grow>
                <TextInput
                  label="Agent"
                  {...register(`allergies.${i}.agent`)}
                  error={e.allergies?.[i]?.agent?.message}
                />
                <TextInput
                  label="Reaction"
                  {...register(`allergies.${i}.reaction`)}
                  error={e.allergies?.[i]?.reaction?.message}
                />
                <DateField
                  label="Date recorded"
                  {...register(`allergies.${i}.recordedOn`)}
                  error={e.allergies?.[i]?.recordedOn?.message}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  mt={26}
                  style={{ flexGrow: 0 }}
                  aria-label={`Remove allergy ${i + 1}`}
                  onClick={() => allergies.remove(i)}
                >
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Button
              variant="light"
              w="fit-content"
              onClick={() => allergies.append({ agent: '', reaction: '', recordedOn: '' })}
            >
              Add an allergy
            </Button>
          </Stack>
        </Fieldset>
        <Textarea
          label="What matters to me"
          description="In the patient’s own words"
          autosize
          minRows={2}
          {...register('whatMatters')}
          error={e.whatMatters?.message}
        />
        <Group>
          <Button type="submit" loading={formState.isSubmitting}>
            {patient ? 'Save changes' : 'Register patient'}
          </Button>
          <Button
            variant="default"
            onClick={() => navigate(patient ? `/patients/${patient.id}` : '/patients')}
          >
            Cancel
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
