import { zodResolver } from '@hookform/resolvers/zod';
import { Checkbox, Fieldset, Stack, Text } from '@mantine/core';
import { useForm, useWatch } from 'react-hook-form';
import { z } from 'zod';
import { MEASURE_IDS, MEASURES, type MeasureId } from '../../../../shared/clinical/rehab/measures';
import { describeScore } from '../../../../shared/clinical/rehab/display';
import { isoDate } from '../../../../shared/domain/patient';
import { TIME_POINT_IDS, type RehabPlan } from '../../../../shared/domain/rehab';
import { ANCHOR_SET, type MeasureSetResult } from '../../../../shared/domain/rehab-set';
import { api, ApiError } from '../../api/client';
import { CollectionPointFields, MeasureItemBlock } from './MeasureItems';
import { FormActions, FormCard, numberOrNull, useSaveForm } from './kit';

/** PSFS is entered on its own form (its activities are carried forward from the last one). */
const SET_MEASURES = MEASURE_IDS.filter((m) => m !== 'PSFS');

const setFormValues = z
  .object({
    timePoint: z.enum(TIME_POINT_IDS, 'Choose the collection point.'),
    administeredOn: isoDate('The date completed'),
    forms: z.array(
      z.object({
        measure: z.string(),
        include: z.boolean(),
        answers: z.array(
          z.number('Each answer is a number.').int('Each answer is a whole number.').nullable(),
        ),
      }),
    ),
  })
  .refine((v) => v.forms.some((f) => f.include), {
    message: 'Tick at least one questionnaire the patient completed.',
    path: ['root'],
  });
type SetValues = z.input<typeof setFormValues>;

/**
 * A collection point's questionnaires on one screen: one collection point, one date, one save. Every ticked
 * questionnaire is saved, or none is; each one's problems are shown beside its own items.
 */
export function MeasureSetForm({
  plan,
  onDone,
}: {
  plan: RehabPlan;
  onDone: (result: MeasureSetResult | null) => void;
}) {
  const { register, handleSubmit, setError, formState, control } = useForm<SetValues, unknown, SetValues>({
    resolver: zodResolver(setFormValues),
    defaultValues: {
      timePoint: '' as never,
      administeredOn: '',
      forms: SET_MEASURES.map((m) => ({
        measure: m,
        include: ANCHOR_SET.includes(m),
        answers: Array.from({ length: MEASURES[m].itemCount }, () => null),
      })),
    },
  });
  const included = useWatch({ control, name: 'forms' }).map((f) => f.include);
  const e = formState.errors;
  const { formError, onSubmit } = useSaveForm(handleSubmit, setError, async (values) => {
    const chosen = values.forms.map((f, i) => ({ f, i })).filter(({ f }) => f.include);
    try {
      const result = await api.call('rehab:recordMeasureSet', {
        patientId: plan.patientId,
        planId: plan.id,
        timePoint: values.timePoint,
        administeredOn: values.administeredOn,
        forms: chosen.map(({ f }) => ({ measure: f.measure as MeasureId, answers: f.answers })),
      });
      onDone(result);
    } catch (err) {
      // The server numbers the forms it was sent; the screen numbers every questionnaire on it.
      if (!(err instanceof ApiError)) throw err;
      const fields: Record<string, string> = {};
      for (const [field, message] of Object.entries(err.fields ?? {})) {
        const m = /^forms\.(\d+)\.(.*)$/.exec(field);
        const at = m ? chosen[Number(m[1])]?.i : undefined;
        fields[m && at !== undefined ? `forms.${at}.${m[2] === 'answers' ? 'answers.0' : m[2]}` : field] =
          message;
      }
      throw new ApiError({ code: err.code, message: err.message, fields });
    }
  });
  return (
    <FormCard
      label="Record a collection point’s questionnaires"
      title="Record a collection point’s questionnaires"
      intro={
        <Text size="sm">
          One collection point and one date for every questionnaire the patient completed. Tick the ones
          completed and enter their answers: all are saved together, or none is.
        </Text>
      }
      onSubmit={onSubmit}
      formError={formError}
    >
      <CollectionPointFields
        timePoint={register('timePoint')}
        administeredOn={register('administeredOn')}
        errors={{ timePoint: e.timePoint?.message, administeredOn: e.administeredOn?.message }}
      />
      {e.root?.message && (
        <Text c="red.9" size="sm">
          {e.root.message}
        </Text>
      )}
      {SET_MEASURES.map((m, n) => (
        <Fieldset key={m} legend={MEASURES[m].name}>
          <Stack gap="xs">
            <Checkbox label={`The patient completed the ${m}`} {...register(`forms.${n}.include`)} />
            {included[n] && (
              <MeasureItemBlock
                measure={m}
                field={(i) => register(`forms.${n}.answers.${i}`, { setValueAs: numberOrNull })}
                error={(i) => e.forms?.[n]?.answers?.[i]?.message}
              />
            )}
          </Stack>
        </Fieldset>
      ))}
      <FormActions
        label="Save the questionnaires"
        submitting={formState.isSubmitting}
        onCancel={() => onDone(null)}
      />
    </FormCard>
  );
}

/** What was saved, one line a questionnaire, with its score as the measure's manual reports it. */
export function MeasureSetSaved({ result }: { result: MeasureSetResult }) {
  return (
    <Stack gap={2}>
      {result.saved.map((m) => (
        <Text key={m.id} size="sm">
          {MEASURES[m.measure].name}:{' '}
          {m.score.total === null && !m.score.profile
            ? `not scored (${m.score.reason})`
            : describeScore(m.measure, m.score)}
          {m.score.prompts?.map((p) => ` ${p}`)}
        </Text>
      ))}
    </Stack>
  );
}
