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
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { londonToday } from '../../../../shared/dates';
import {
  DOSE_KIND_LABELS,
  DOSE_KINDS,
  medicineInputSchema,
  NOT_ON_FORMULARY,
  PRESCRIBER_LABELS,
  PRESCRIBERS,
  type MedicineData,
  type MedicineEntry,
  type MedicineInput,
} from '../../../../shared/domain/medicines';
import { formularyEntryIn, type Formulary } from '../../../../shared/domain/rule-sets';
import {
  productLines,
  searchProducts,
  writtenDose,
  type ProductLine,
  type WrittenDose,
} from '../../../../shared/clinical/medicines/written-dose';
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

type EntryMode = 'written' | 'mg' | 'unlisted';

/** Only the fields of the chosen way of entering the medicine. */
function forMode<T extends MedicineData | MedicineInput>(v: T, mode: EntryMode): T {
  const common = {
    formularyId: v.formularyId,
    strength: v.strength ?? '',
    doseKind: v.doseKind,
    startDate: v.startDate,
    prescriber: v.prescriber,
    indication: v.indication,
    ...(v.confirmWarnings ? { confirmWarnings: v.confirmWarnings } : {}),
  };
  if (mode === 'unlisted')
    return {
      ...common,
      formularyId: NOT_ON_FORMULARY,
      strength: '',
      unlistedName: v.unlistedName ?? '',
      asWritten: v.asWritten ?? '',
    } as T;
  if (mode === 'written') {
    const w = v.written;
    return {
      ...common,
      ...(v.doseKind === 'prn' && v.timesPerDay !== undefined ? { timesPerDay: v.timesPerDay } : {}),
      written: {
        productId: w?.productId ?? '',
        strength: w?.strength ?? '',
        ...(w?.units !== undefined ? { units: w.units } : {}),
        frequency: w?.frequency ?? '',
      },
    } as T;
  }
  const { written: _w, unlistedName: _n, asWritten: _a, ...rest } = v;
  return rest as T;
}

/** The "How it is taken" choices, the same in every way of entering a medicine. */
const DOSE_KIND_OPTIONS = DOSE_KINDS.map((k) => (
  <option key={k} value={k}>
    {DOSE_KIND_LABELS[k]}
  </option>
));

function unitsLabel(product: ProductLine | undefined): string {
  switch (product?.unit) {
    case 'mL':
      return 'mL each time';
    case 'patch':
      return 'Patches (one per line)';
    case 'capsule':
      return 'Capsules each time';
    case 'spray':
      return 'Sprays each time';
    default:
      return 'Tablets each time';
  }
}

/** The live "means" line: every component per dose, and per day for regular doses. */
function previewText(w: WrittenDose, doseKind: string, mostDoses: number | undefined): string {
  if (w.patchMcgPerHour !== null)
    return `${w.patchMcgPerHour} micrograms/hour, changed every ${w.patchChangeEveryDays} days`;
  const amount = (n: number, unit: 'mg' | 'mcg') =>
    `${Math.round(n * 1000) / 1000} ${unit === 'mcg' ? 'micrograms' : 'mg'}`;
  return w.components
    .map((c) => {
      const day =
        c.per24h !== null
          ? ` (${amount(c.per24h, c.unit)} a day)`
          : doseKind === 'prn' && mostDoses
            ? ` (at most ${amount(c.perDose * mostDoses, c.unit)} in 24 hours)`
            : '';
      return `${c.generic} ${amount(c.perDose, c.unit)} a dose${day}`;
    })
    .join(' + ');
}

/** The frequency words to show again when a written line is changed. */
function writtenFrequencyWords(e: MedicineEntry): string {
  const f = e.written?.frequency ?? '';
  const words: Record<string, string> = {
    'once a day': 'od',
    'twice a day': 'bd',
    'three times a day': 'tds',
    'four times a day': 'qds',
    'at night': 'nocte',
    'each morning': 'mane',
  };
  return words[f] ?? f;
}

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
  // How the dose is entered: as written (product, units × strength, frequency), in mg, or not on the formulary.
  const [mode, setMode] = useState<EntryMode>(
    editing?.notOnFormulary ? 'unlisted' : editing && !editing.written ? 'mg' : 'written',
  );
  const modeRef = useRef<EntryMode>(mode);
  const lines = useMemo(() => productLines(formulary.entries), [formulary]);
  const [query, setQuery] = useState('');
  const { register, handleSubmit, setError, setValue, watch, formState } = useForm<
    MedicineInput,
    unknown,
    MedicineData
  >({
    // The fields of the other entry modes are left out before checking (they are not on screen).
    resolver: (values, context, options) =>
      zodResolver(medicineInputSchema)(forMode(values as MedicineData, modeRef.current), context, options),
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
          ...(editing.written
            ? {
                written: {
                  productId: editing.written.productId,
                  strength: editing.written.strength,
                  units: editing.written.units,
                  frequency: writtenFrequencyWords(editing),
                },
              }
            : {}),
          ...(editing.notOnFormulary
            ? { unlistedName: editing.name, asWritten: editing.asWritten ?? '' }
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
  const productId = watch('written.productId');
  const product = lines.find((l) => l.id === productId);
  const found = mode === 'written' && query.trim().length >= 2 ? searchProducts(lines, query) : [];
  const writtenStrength = watch('written.strength');
  const writtenUnits = watch('written.units');
  const writtenFrequency = watch('written.frequency');
  const preview =
    mode === 'written' && product && writtenStrength && writtenUnits
      ? writtenDose({
          line: product,
          strength: writtenStrength,
          units: writtenUnits,
          doseKind,
          frequency: writtenFrequency,
        })
      : null;
  const choose = (l: ProductLine) => {
    setValue('written.productId', l.id);
    setValue('formularyId', l.formularyId);
    setValue('written.strength', l.strengths.length === 1 ? l.strengths[0]!.label : '');
    setValue('doseKind', l.unit === 'patch' ? 'patch' : doseKind === 'patch' ? 'regular' : doseKind);
    setQuery('');
  };
  const warningCodes = Object.keys(warnings);
  const save = useMutation({
    mutationFn: (raw: MedicineData) => {
      const input = forMode(raw, mode);
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
          {!editing && (
            <NativeSelect
              label="How the medicine is entered"
              value={mode}
              onChange={(e) => {
                const next = e.currentTarget.value as EntryMode;
                setMode(next);
                modeRef.current = next;
                setValue('formularyId', next === 'unlisted' ? NOT_ON_FORMULARY : '');
                setValue('written.productId', '');
              }}
            >
              <option value="written">As written: product, strength, how many and how often</option>
              <option value="mg">Dose in mg</option>
              <option value="unlisted">Not on the formulary (recorded as written, not counted)</option>
            </NativeSelect>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {mode === 'written' && (
              <>
                <Stack gap={4}>
                  <TextInput
                    label="Find the medicine (generic or brand name)"
                    description={
                      product
                        ? `Chosen: ${product.label}`
                        : 'Type at least two letters, e.g. OxyContin or co-codamol'
                    }
                    value={query}
                    onChange={(e) => setQuery(e.currentTarget.value)}
                    error={errors.written?.productId?.message ?? errors.formularyId?.message}
                  />
                  {found.length > 0 && (
                    <Stack gap={2} role="group" aria-label="Matching medicines">
                      {found.map((l) => (
                        <Button
                          key={l.id}
                          variant="subtle"
                          justify="flex-start"
                          size="compact-sm"
                          onClick={() => choose(l)}
                        >
                          {l.label}
                        </Button>
                      ))}
                    </Stack>
                  )}
                  {query.trim().length >= 2 && found.length === 0 && (
                    <Text size="sm" c="dark.6">
                      Nothing on the formulary matches. To record it anyway, choose &quot;Not on the
                      formulary&quot;.
                    </Text>
                  )}
                </Stack>
                <NativeSelect
                  label="Strength"
                  {...register('written.strength')}
                  error={errors.written?.strength?.message}
                >
                  <option value="">Choose the strength…</option>
                  {(product?.strengths ?? []).map((st) => (
                    <option key={st.label} value={st.label}>
                      {st.label}
                    </option>
                  ))}
                </NativeSelect>
                <NativeSelect
                  label="How it is taken"
                  {...register('doseKind')}
                  error={errors.doseKind?.message}
                >
                  {DOSE_KIND_OPTIONS}
                </NativeSelect>
                <TextInput
                  label={unitsLabel(product)}
                  inputMode="decimal"
                  {...register('written.units', num)}
                  error={
                    errors.written?.units?.message ??
                    errors.doseMg?.message ??
                    errors.patchMcgPerHour?.message
                  }
                />
                <TextInput
                  label={doseKind === 'prn' ? 'Shortest time between doses' : 'How often'}
                  description={
                    doseKind === 'patch'
                      ? 'e.g. every 3 days, every 7 days'
                      : doseKind === 'prn'
                        ? 'e.g. every 4 hours'
                        : 'od, bd, tds, qds, nocte, or every 6 hours'
                  }
                  {...register('written.frequency')}
                  error={
                    errors.written?.frequency?.message ??
                    errors.timesPerDay?.message ??
                    errors.prnMinIntervalHours?.message
                  }
                />
                {doseKind === 'prn' && (
                  <TextInput
                    label="Most doses in 24 hours"
                    inputMode="numeric"
                    {...register('timesPerDay', num)}
                    error={errors.timesPerDay?.message ?? errors.prnMaxMgPer24h?.message}
                  />
                )}
                {preview && (
                  <Text size="sm" data-testid="written-means" c={preview.ok ? 'dark.9' : 'red.9'}>
                    {preview.ok
                      ? `Means: ${previewText(preview.value, doseKind, watch('timesPerDay'))}`
                      : preview.message}
                  </Text>
                )}
              </>
            )}
            {mode === 'unlisted' && (
              <>
                <TextInput
                  label="Medicine as written"
                  {...register('unlistedName')}
                  error={errors.unlistedName?.message}
                />
                <TextInput
                  label="Dose as written"
                  description="e.g. 1 capsule twice a day"
                  {...register('asWritten')}
                  error={errors.asWritten?.message}
                />
                <NativeSelect
                  label="How it is taken"
                  {...register('doseKind')}
                  error={errors.doseKind?.message}
                >
                  {DOSE_KIND_OPTIONS}
                </NativeSelect>
                <Text size="sm" c="#8f3b00">
                  Recorded so the list is complete. It is not counted in the OME, and the total names it.
                </Text>
              </>
            )}
            {mode === 'mg' && (
              <>
                <NativeSelect
                  label="Medicine"
                  {...register('formularyId')}
                  error={errors.formularyId?.message}
                >
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
                <NativeSelect
                  label="How it is taken"
                  {...register('doseKind')}
                  error={errors.doseKind?.message}
                >
                  {DOSE_KIND_OPTIONS}
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
