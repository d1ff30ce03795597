import { zodResolver } from '@hookform/resolvers/zod';
import {
  Button,
  Fieldset,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm, type UseFormRegisterReturn } from 'react-hook-form';
import { MEASURE_IDS, MEASURES, type MeasureId } from '../../../../shared/clinical/rehab/measures';
import type { z } from 'zod';
import {
  GAS_OUTCOME_LABELS,
  GAS_OUTCOMES,
  measureInputSchema,
  planDatesSchema,
  PATHWAY_LABELS,
  PATHWAYS,
  planInputSchema,
  reviewInputSchema,
  type MeasureInput,
  type MeasureResponse,
  type PlanInput,
  type RehabPlan,
  type ReviewInput,
} from '../../../../shared/domain/rehab';
import type { Patient } from '../../../../shared/domain/patient';
import { api } from '../../api/client';
import { FormError } from '../../app/FormError';
import { emptyToNull } from '../../app/forms';
import { FormActions, FormCard, numberOrNull, useSaveForm } from './kit';
import { DateField } from '../../app/DateField';
import { CollectionPointFields, MeasureItemBlock } from './MeasureItems';

function useRefresh(patientId: number) {
  const qc = useQueryClient();
  return async () => {
    await qc.invalidateQueries({ queryKey: ['rehab:summary', patientId] });
    // A form may have raised a risk alert (banner, summary and the team's worklist).
    await qc.invalidateQueries({ queryKey: ['rehab:riskAlerts', patientId] });
    await qc.invalidateQueries({ queryKey: ['rehab:riskWorklist'] });
  };
}

type PlanDateField = 'referralDate' | 'treatmentStartDate' | 'dischargeDate';

/** The plan's pathway dates, as started and as corrected (the collection points hang off them). */
function PlanDateInputs({
  register,
  errors,
}: {
  register: (name: PlanDateField) => UseFormRegisterReturn;
  errors: Partial<Record<PlanDateField, { message?: string | undefined }>>;
}) {
  return (
    <>
      <DateField label="Referral date" {...register('referralDate')} error={errors.referralDate?.message} />
      <DateField
        label="Start of treatment"
        {...register('treatmentStartDate')}
        error={errors.treatmentStartDate?.message}
      />
      <DateField
        label="Discharge date"
        {...register('dischargeDate')}
        error={errors.dischargeDate?.message}
      />
    </>
  );
}

export function StartPlanForm({
  patient,
  newEpisode = false,
  onDone,
}: {
  patient: Patient;
  /** A new episode after a closed plan: the referral date is this episode's, so it starts blank. */
  newEpisode?: boolean;
  onDone?: () => void;
}) {
  const refresh = useRefresh(patient.id);
  const { register, handleSubmit, setError, formState } = useForm<
    PlanInput,
    unknown,
    z.output<typeof planInputSchema>
  >({
    resolver: zodResolver(planInputSchema),
    defaultValues: {
      patientId: patient.id,
      pathway: 'physiotherapy',
      referralDate: newEpisode ? '' : (patient.referralDate ?? ''),
      treatmentStartDate: '',
      dischargeDate: '',
    },
  });
  const e = formState.errors;
  const { formError, onSubmit } = useSaveForm(handleSubmit, setError, async (data) => {
    await api.call('rehab:createPlan', data);
    await refresh();
    onDone?.();
  });
  return (
    <FormCard
      label="Start a rehab plan"
      title={newEpisode ? 'Start a new plan (new episode of care)' : 'Start a rehab plan'}
      titleOrder={2}
      onSubmit={onSubmit}
      formError={formError}
    >
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        <NativeSelect
          label="Pathway"
          {...register('pathway')}
          error={e.pathway?.message}
          data={PATHWAYS.map((p) => ({ value: p, label: PATHWAY_LABELS[p] }))}
        />
        <PlanDateInputs register={register} errors={e} />
      </SimpleGrid>
      <FormActions label="Start rehab plan" submitting={formState.isSubmitting} />
    </FormCard>
  );
}

export function ReviewForm({ plan, onDone }: { plan: RehabPlan; onDone: () => void }) {
  const refresh = useRefresh(plan.patientId);
  const { register, handleSubmit, setError, formState } = useForm<
    ReviewInput,
    unknown,
    z.output<typeof reviewInputSchema>
  >({
    resolver: zodResolver(reviewInputSchema),
    defaultValues: {
      planId: plan.id,
      reviewDate: '',
      notes: '',
      patientView: '',
      ratings: plan.goals.map((g) => ({ goalId: g.id, outcome: null, note: '' })),
    },
  });
  const e = formState.errors;
  const { formError, onSubmit } = useSaveForm(handleSubmit, setError, async (data) => {
    await api.call('rehab:review', data);
    await refresh();
    onDone();
  });
  return (
    <FormCard label="Review goals" title="Review goals" onSubmit={onSubmit} formError={formError}>
      <DateField
        label="Review date"
        withAsterisk
        w={220}
        {...register('reviewDate')}
        error={e.reviewDate?.message}
      />
      {plan.goals.map((g, i) => (
        <Fieldset key={g.id} legend={`Goal ${i + 1}: ${g.activity}`}>
          <Text size="sm" mb="xs">
            Baseline {g.baseline === -2 ? '−2' : '−1'}. Expected outcome (0): {g.levels.zero}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect
              label={`How did goal ${i + 1} come out?`}
              {...register(`ratings.${i}.outcome`, { setValueAs: emptyToNull })}
              error={e.ratings?.[i]?.outcome?.message}
              data={[
                { value: '', label: 'Not rated at this review' },
                ...GAS_OUTCOMES.map((o) => ({ value: o, label: GAS_OUTCOME_LABELS[o] })),
              ]}
            />
            <TextInput label={`Note on goal ${i + 1}`} {...register(`ratings.${i}.note`)} />
          </SimpleGrid>
        </Fieldset>
      ))}
      <Textarea label="Review notes" autosize minRows={2} {...register('notes')} error={e.notes?.message} />
      <Textarea
        label="The patient’s view"
        autosize
        minRows={2}
        {...register('patientView')}
        error={e.patientView?.message}
      />
      <FormActions label="Save review" submitting={formState.isSubmitting} onCancel={onDone} />
    </FormCard>
  );
}

const measureResolver = zodResolver(measureInputSchema);

/** PSFS: rows left wholly blank (no activity, no rating) are not part of the administration. */
const psfsResolver: typeof measureResolver = (values, context, options) => {
  const keep = values.answers
    .map((a, i) => ((values.activities?.[i] ?? '').trim() !== '' || (a !== null && a !== undefined) ? i : -1))
    .filter((i) => i >= 0);
  return measureResolver(
    {
      ...values,
      answers: keep.map((i) => values.answers[i] ?? null),
      activities: keep.map((i) => values.activities?.[i] ?? ''),
    },
    context,
    options,
  );
};

function MeasureAnswers({
  measure,
  patientId,
  planId,
  onSaved,
  psfsActivities = [],
}: {
  measure: MeasureId;
  patientId: number;
  planId: number;
  onSaved: (r: MeasureResponse) => void;
  psfsActivities?: readonly string[];
}) {
  const def = MEASURES[measure];
  const refresh = useRefresh(patientId);
  const isPsfs = measure === 'PSFS';
  const slots = isPsfs ? 5 : def.itemCount;
  const { register, handleSubmit, setError, formState } = useForm<
    MeasureInput,
    unknown,
    z.output<typeof measureInputSchema>
  >({
    resolver: isPsfs ? psfsResolver : zodResolver(measureInputSchema),
    defaultValues: {
      patientId,
      planId,
      measure,
      timePoint: '' as never,
      administeredOn: '',
      answers: Array.from({ length: slots }, () => null),
      // PSFS: the activities of the last PSFS carried forward (compare like with like), still editable.
      activities: isPsfs ? Array.from({ length: slots }, (_, i) => psfsActivities[i] ?? '') : [],
    },
  });
  const e = formState.errors;
  const { formError, onSubmit } = useSaveForm(handleSubmit, setError, async (data) => {
    let payload = data;
    if (isPsfs) {
      // Keep only the rows where the patient named an activity.
      const keep = data.activities.map((a, i) => (a.trim() !== '' ? i : -1)).filter((i) => i >= 0);
      payload = {
        ...data,
        activities: keep.map((i) => data.activities[i]!),
        answers: keep.map((i) => data.answers[i] ?? null),
      };
    }
    const saved = await api.call('rehab:recordMeasure', payload);
    await refresh();
    onSaved(saved);
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label={`Record ${measure}`}>
      <Stack>
        <FormError message={formError} />
        <CollectionPointFields
          timePoint={register('timePoint')}
          administeredOn={register('administeredOn')}
          errors={{ timePoint: e.timePoint?.message, administeredOn: e.administeredOn?.message }}
        />
        {e.answers?.message && (
          <Text c="red.9" size="sm">
            {e.answers.message}
          </Text>
        )}
        {isPsfs ? (
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              {def.stem}
            </Text>
            {psfsActivities.length > 0 && (
              <Text size="sm">
                The activities from the last PSFS are filled in so the ratings compare like with like; change
                one only if the patient names a different activity.
              </Text>
            )}
            {Array.from({ length: slots }, (_, i) => (
              <SimpleGrid key={i} cols={2}>
                <TextInput
                  label={`Activity ${i + 1}`}
                  {...register(`activities.${i}`)}
                  error={e.activities?.[i]?.message}
                />
                <NativeSelect
                  label={`Activity ${i + 1} rating (0 unable – 10 as before)`}
                  {...register(`answers.${i}`, { setValueAs: numberOrNull })}
                  error={e.answers?.[i]?.message}
                  data={[
                    { value: '', label: '—' },
                    ...Array.from({ length: 11 }, (_, v) => ({ value: String(v), label: String(v) })),
                  ]}
                />
              </SimpleGrid>
            ))}
          </Stack>
        ) : (
          <MeasureItemBlock
            measure={measure}
            field={(i) => register(`answers.${i}`, { setValueAs: numberOrNull })}
            error={(i) => e.answers?.[i]?.message}
          />
        )}
        {def.attribution && (
          <Text size="xs" c="dimmed">
            {def.attribution}
          </Text>
        )}
        <FormActions label={`Save ${measure}`} submitting={formState.isSubmitting} />
      </Stack>
    </form>
  );
}

export function MeasureForm({
  plan,
  onDone,
  psfsActivities = [],
}: {
  plan: RehabPlan;
  onDone: (r: MeasureResponse | null) => void;
  /** The activities of the patient's last PSFS, carried forward into the next one. */
  psfsActivities?: readonly string[];
}) {
  const [measure, setMeasure] = useState<MeasureId | ''>('');
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={3} size="h4">
          Record an outcome measure
        </Title>
        <NativeSelect
          label="Measure"
          w={320}
          value={measure}
          onChange={(ev) => setMeasure(ev.currentTarget.value as MeasureId | '')}
          data={[
            { value: '', label: 'Choose…' },
            ...MEASURE_IDS.map((m) => ({ value: m, label: MEASURES[m].name })),
          ]}
        />
        {measure && (
          <MeasureAnswers
            key={measure}
            measure={measure}
            patientId={plan.patientId}
            planId={plan.id}
            onSaved={onDone}
            psfsActivities={psfsActivities}
          />
        )}
        <Group>
          <Button variant="default" onClick={() => onDone(null)}>
            Close
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Record or correct the plan's pathway dates (the collection points hang off them); version-checked. */
export function PlanDatesForm({ plan, onDone }: { plan: RehabPlan; onDone: () => void }) {
  const refresh = useRefresh(plan.patientId);
  const { register, handleSubmit, setError, formState } = useForm<
    z.input<typeof planDatesSchema>,
    unknown,
    z.output<typeof planDatesSchema>
  >({
    resolver: zodResolver(planDatesSchema),
    defaultValues: {
      planId: plan.id,
      version: plan.version,
      referralDate: plan.referralDate ?? '',
      treatmentStartDate: plan.treatmentStartDate ?? '',
      dischargeDate: plan.dischargeDate ?? '',
    },
  });
  const e = formState.errors;
  const { formError, onSubmit } = useSaveForm(handleSubmit, setError, async (data) => {
    await api.call('rehab:updatePlanDates', data);
    await refresh();
    onDone();
  });
  return (
    <FormCard label="Plan dates" title="Plan dates" onSubmit={onSubmit} formError={formError}>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <PlanDateInputs register={register} errors={e} />
      </SimpleGrid>
      <FormActions label="Save dates" submitting={formState.isSubmitting} onCancel={onDone} />
    </FormCard>
  );
}
