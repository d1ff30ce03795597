import { zodResolver } from '@hookform/resolvers/zod';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Loader,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { londonToday } from '../../../../shared/dates';
import {
  DOSE_KIND_LABELS,
  DOSE_KINDS,
  medicineInputSchema,
  PRESCRIBER_LABELS,
  PRESCRIBERS,
  type MedicineData,
  type MedicineEntry,
  type MedicineInput,
} from '../../../../shared/domain/medicines';
import { formularyEntryIn, type Formulary } from '../../../../shared/domain/rule-sets';
import { api, ApiError } from '../../api/client';
import { applyServerErrors } from '../../app/forms';
import { DateField } from '../../app/DateField';

const num = {
  setValueAs: (v: unknown) => (v === '' || v === null || v === undefined ? undefined : Number(v)),
};

/** "20, 10" → [20, 10]; empty → undefined (equal doses). */
const numList = {
  setValueAs: (v: unknown) => {
    if (Array.isArray(v)) return v as number[];
    const text = typeof v === 'string' ? v.trim() : '';
    return text === ''
      ? undefined
      : text
          .split(/[,;\s]+/)
          .filter(Boolean)
          .map(Number);
  },
};

interface MedicineFormProps {
  patientId: number;
  entry?: MedicineEntry;
  onDone: () => void;
}

/**
 * Add a medicine from the formulary in use (Settings › Clinical rule sets, so products an administrator
 * adds can be chosen) with a structured dose, or change one (a new version, with a reason).
 */
export function MedicineForm(props: MedicineFormProps) {
  const active = useQuery({
    queryKey: ['rules:active', 'formulary'],
    queryFn: () => api.call('rules:active', { kind: 'formulary' }),
  });
  if (active.isPending) return <Loader size="sm" aria-label="Loading the formulary" />;
  if (active.isError)
    return (
      <Alert color="red" variant="outline" c="red.9">
        {active.error.message}
      </Alert>
    );
  return <MedicineFormWith {...props} formulary={active.data.value as Formulary} />;
}

function MedicineFormWith({
  patientId,
  entry: editing,
  onDone,
  formulary,
}: MedicineFormProps & { formulary: Formulary }) {
  const [reason, setReason] = useState('');
  const inFlight = useRef(false);
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const [reasonError, setReasonError] = useState<string | null>(null);
  // Entry warnings from the service (code → message); saving again needs a confirmed reason.
  const [warnings, setWarnings] = useState<Record<string, string>>({});
  const [warningReason, setWarningReason] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const { register, handleSubmit, setError, watch, formState } = useForm<
    MedicineInput,
    unknown,
    MedicineData
  >({
    resolver: zodResolver(medicineInputSchema),
    defaultValues: editing
      ? {
          formularyId: editing.formularyId,
          strength: editing.strength,
          doseKind: editing.doseKind,
          ...(editing.doseMg !== null ? { doseMg: editing.doseMg } : {}),
          ...(editing.timesPerDay !== null ? { timesPerDay: editing.timesPerDay } : {}),
          ...(editing.prnMaxMgPer24h !== null ? { prnMaxMgPer24h: editing.prnMaxMgPer24h } : {}),
          ...(editing.prnMinIntervalHours !== null
            ? { prnMinIntervalHours: editing.prnMinIntervalHours }
            : {}),
          ...(editing.patchMcgPerHour !== null ? { patchMcgPerHour: editing.patchMcgPerHour } : {}),
          ...(editing.administrationsMg !== null ? { administrationsMg: editing.administrationsMg } : {}),
          ...(editing.patchChangeEveryDays !== null
            ? { patchChangeEveryDays: editing.patchChangeEveryDays }
            : {}),
          startDate: editing.startDate,
          prescriber: editing.prescriber,
          indication: editing.indication,
        }
      : {
          formularyId: '',
          strength: '',
          doseKind: 'regular',
          startDate: londonToday(),
          prescriber: 'gp',
          indication: '',
        },
  });
  const errors = formState.errors;
  const formularyId = watch('formularyId');
  const doseKind = watch('doseKind');
  const entry = formularyEntryIn({ formulary }, formularyId);
  const warningCodes = Object.keys(warnings);
  const save = useMutation({
    mutationFn: (input: MedicineData) => {
      const medicine: MedicineData =
        confirmed && warningCodes.length > 0
          ? { ...input, confirmWarnings: { codes: warningCodes, reason: warningReason } }
          : input;
      return editing
        ? api.call('meds:change', { itemId: editing.itemId, version: editing.version, medicine, reason })
        : api.call('meds:add', { patientId, medicine });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['meds:patient', patientId] });
      onDone();
    },
    onError: (e) => {
      setReasonError(e instanceof ApiError ? (e.fields?.reason ?? null) : null);
      const found: Record<string, string> = {};
      if (e instanceof ApiError)
        for (const [k, v] of Object.entries(e.fields ?? {}))
          if (k.startsWith('medicine.warning.')) found[k.slice('medicine.warning.'.length)] = v;
      if (Object.keys(found).length > 0) {
        setWarnings(found);
        setFormError(null);
        return;
      }
      setFormError(applyServerErrors(e, setError, 'medicine.'));
    },
  });
  return (
    <Paper withBorder p="md">
      <form
        aria-label={editing ? `Change ${editing.name}` : 'Add a medicine'}
        onSubmit={(e) => {
          e.preventDefault();
          // One save at a time: a second click while the first is checked or sent does nothing.
          if (inFlight.current) return;
          inFlight.current = true;
          setFormError(null);
          void handleSubmit((v) => save.mutateAsync(v).catch(() => undefined))(e).finally(() => {
            inFlight.current = false;
          });
        }}
      >
        <Stack gap="sm">
          <Title order={3}>{editing ? `Change ${editing.name}` : 'Add a medicine'}</Title>
          {formError && (
            <Alert color="red" variant="outline" c="red.9" title="Not saved">
              {formError}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect label="Medicine" {...register('formularyId')} error={errors.formularyId?.message}>
              <option value="">Choose from the formulary…</option>
              {formulary.entries.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </NativeSelect>
            <NativeSelect label="Strength" {...register('strength')} error={errors.strength?.message}>
              <option value="">—</option>
              {(entry?.strengths ?? []).map((s) => (
                <option key={`${s.value}${s.unit}`} value={`${s.value} ${s.unit}`}>
                  {s.value} {s.unit}
                </option>
              ))}
            </NativeSelect>
            <NativeSelect label="How it is taken" {...register('doseKind')} error={errors.doseKind?.message}>
              {DOSE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {DOSE_KIND_LABELS[k]}
                </option>
              ))}
            </NativeSelect>
            {doseKind === 'patch' ? (
              <>
                <TextInput
                  label="Patch strength (micrograms/hour)"
                  inputMode="decimal"
                  {...register('patchMcgPerHour', num)}
                  error={errors.patchMcgPerHour?.message}
                />
                <TextInput
                  label="Patch changed every (days)"
                  inputMode="numeric"
                  {...register('patchChangeEveryDays', num)}
                  error={errors.patchChangeEveryDays?.message}
                />
              </>
            ) : (
              <>
                <TextInput
                  label="Dose each time (mg)"
                  inputMode="decimal"
                  {...register('doseMg', num)}
                  error={errors.doseMg?.message}
                />
                <TextInput
                  label={doseKind === 'prn' ? 'Most doses in 24 hours' : 'Times a day'}
                  inputMode="numeric"
                  {...register('timesPerDay', num)}
                  error={errors.timesPerDay?.message}
                />
                {doseKind === 'regular' && (
                  <TextInput
                    label="Or different doses through the day (mg)"
                    description="In order, e.g. 20, 10 for 20 mg morning and 10 mg evening; leave the dose above empty"
                    {...register('administrationsMg', numList)}
                    error={
                      errors.administrationsMg?.message ??
                      (Array.isArray(errors.administrationsMg)
                        ? (errors.administrationsMg as ({ message?: string } | undefined)[]).find(
                            (x) => x?.message,
                          )?.message
                        : undefined)
                    }
                  />
                )}
                {doseKind === 'prn' && (
                  <TextInput
                    label="At least this many hours between doses"
                    inputMode="decimal"
                    {...register('prnMinIntervalHours', num)}
                    error={errors.prnMinIntervalHours?.message}
                  />
                )}
                {doseKind === 'prn' && (
                  <TextInput
                    label="Most in 24 hours (mg)"
                    description={
                      watch('doseMg') && watch('timesPerDay')
                        ? `Worked out: ${Math.round((watch('doseMg') ?? 0) * (watch('timesPerDay') ?? 0) * 1000) / 1000} mg (leave empty)`
                        : 'Worked out from the dose × most doses in 24 hours; leave empty'
                    }
                    inputMode="decimal"
                    {...register('prnMaxMgPer24h', num)}
                    error={errors.prnMaxMgPer24h?.message}
                  />
                )}
              </>
            )}
            <DateField label="Start date" {...register('startDate')} error={errors.startDate?.message} />
            <NativeSelect label="Prescriber" {...register('prescriber')} error={errors.prescriber?.message}>
              {PRESCRIBERS.map((p) => (
                <option key={p} value={p}>
                  {PRESCRIBER_LABELS[p]}
                </option>
              ))}
            </NativeSelect>
            <TextInput label="Indication" {...register('indication')} error={errors.indication?.message} />
            {editing && (
              <TextInput
                label="Reason for the change"
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                error={reasonError}
              />
            )}
          </SimpleGrid>
          {warningCodes.length > 0 && (
            <Alert color="orange" variant="outline" title="Check before saving" role="alert">
              <Stack gap="xs">
                {warningCodes.map((code) => (
                  <div key={code}>{warnings[code]}</div>
                ))}
                <Checkbox
                  label="I have checked this and want to save it"
                  checked={confirmed}
                  onChange={(e) => setConfirmed(e.currentTarget.checked)}
                />
                <TextInput
                  label="Reason for going ahead (recorded)"
                  value={warningReason}
                  onChange={(e) => setWarningReason(e.currentTarget.value)}
                  error={errors.confirmWarnings?.message}
                />
              </Stack>
            </Alert>
          )}
          <Group>
            <Button type="submit" color="brand" loading={save.isPending}>
              {warningCodes.length > 0 ? 'Confirm and save' : 'Save medicine'}
            </Button>
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
