import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { formatDateGb } from '../../../../shared/dates';
import {
  ANALGESIA_CHANGES,
  ANALGESIA_LABELS,
  IMPLANT_DECISIONS,
  IMPLANT_DECISION_LABELS,
  type ScsTrialEpisode,
} from '../../../../shared/domain/interventions-scs';
import { api } from '../../api/client';
import { useApiQuery } from '../../api/queries';
import { DateField } from '../../app/DateField';
import { useSession } from '../../app/session';
import { useFormSubmit } from '../../app/useFormSubmit';

const optionalDate = z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date.')]);
const schema = z.object({
  insertedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date the trial leads were inserted.'),
  leadsRemovedOn: optionalDate,
  reliefPercent: z.union([
    z.literal(''),
    z.string().regex(/^(100|\d{1,2})$/, 'Enter the % relief with activity (0 to 100).'),
  ]),
  analgesia: z.union([z.literal(''), z.enum(ANALGESIA_CHANGES)]),
  patientSatisfied: z.enum(['', 'yes', 'no']),
  decision: z.union([z.literal(''), z.enum(IMPLANT_DECISIONS)]),
  decisionOn: optionalDate,
  decisionReason: z.string().max(500, 'Keep the reason under 500 characters.'),
});
type Fields = z.infer<typeof schema>;

const blank = (v: string) => (v === '' ? null : v);

function defaults(e: ScsTrialEpisode | null): Fields {
  return {
    insertedOn: e?.insertedOn ?? '',
    leadsRemovedOn: e?.leadsRemovedOn ?? '',
    reliefPercent: e?.reliefPercent === null || !e ? '' : String(e.reliefPercent),
    analgesia: e?.analgesia ?? '',
    patientSatisfied: e?.patientSatisfied === null || !e ? '' : e.patientSatisfied ? 'yes' : 'no',
    decision: e?.decision ?? '',
    decisionOn: e?.decisionOn ?? '',
    decisionReason: e?.decisionReason ?? '',
  };
}

function EpisodeForm({ requestId, episode }: { requestId: number; episode: ScsTrialEpisode | null }) {
  const { register, handleSubmit, formState, setError } = useForm<Fields>({
    resolver: zodResolver(schema),
    defaultValues: defaults(episode),
  });
  const save = useFormSubmit({
    setError,
    mutationFn: (v: Fields) =>
      api.call('interventions:recordScsTrial', {
        requestId,
        version: episode?.version ?? 0,
        insertedOn: v.insertedOn,
        leadsRemovedOn: blank(v.leadsRemovedOn),
        reliefPercent: v.reliefPercent === '' ? null : Number(v.reliefPercent),
        analgesia: v.analgesia === '' ? null : v.analgesia,
        patientSatisfied: v.patientSatisfied === '' ? null : v.patientSatisfied === 'yes',
        decision: v.decision === '' ? null : v.decision,
        decisionOn: blank(v.decisionOn),
        decisionReason: blank(v.decisionReason.trim()),
      }),
  });
  const e = formState.errors;
  return (
    <form onSubmit={handleSubmit(save.submit)} noValidate aria-label="SCS trial episode">
      <Stack gap="xs">
        {save.formError && <Alert color="red">{save.formError}</Alert>}
        <Group align="start">
          <DateField
            label="Trial leads inserted on"
            {...register('insertedOn')}
            error={e.insertedOn?.message}
          />
          <DateField
            label="Leads removed on"
            {...register('leadsRemovedOn')}
            error={e.leadsRemovedOn?.message}
          />
        </Group>
        <Group align="start">
          <TextInput
            label="Pain relief with activity (%)"
            inputMode="numeric"
            {...register('reliefPercent')}
            error={e.reliefPercent?.message}
          />
          <NativeSelect
            label="Analgesia during the trial"
            {...register('analgesia')}
            error={e.analgesia?.message}
            data={[
              { value: '', label: 'Choose…' },
              ...ANALGESIA_CHANGES.map((a) => ({ value: a, label: ANALGESIA_LABELS[a] })),
            ]}
          />
          <NativeSelect
            label="Patient satisfied with the trial"
            {...register('patientSatisfied')}
            error={e.patientSatisfied?.message}
            data={[
              { value: '', label: 'Choose…' },
              { value: 'yes', label: 'Yes' },
              { value: 'no', label: 'No' },
            ]}
          />
        </Group>
        <Group align="start">
          <NativeSelect
            label="Decision"
            {...register('decision')}
            error={e.decision?.message}
            data={[
              { value: '', label: 'Not decided yet' },
              ...IMPLANT_DECISIONS.map((d) => ({ value: d, label: IMPLANT_DECISION_LABELS[d] })),
            ]}
          />
          <DateField label="Decided on" {...register('decisionOn')} error={e.decisionOn?.message} />
          <TextInput
            label="Reason for the decision"
            {...register('decisionReason')}
            error={e.decisionReason?.message}
          />
        </Group>
        <Group>
          <Button type="submit">Save the trial</Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The SCS trial episode on a trial request: insertion, removal, outcome and the implant decision. */
export function ScsTrial({ requestId }: { requestId: number }) {
  const session = useSession();
  const trial = useApiQuery('interventions:scsTrial', { requestId });
  if (!trial.data) return null;
  const e = trial.data.episode;
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h4" mb="xs">
        Stimulator trial
      </Title>
      {e ? (
        <Stack gap={2} mb="sm">
          <Text size="sm">
            Leads in {formatDateGb(e.insertedOn)}
            {e.leadsRemovedOn
              ? `; removed ${formatDateGb(e.leadsRemovedOn)} (${e.trialDays} days)`
              : '; not yet removed'}
          </Text>
          {e.successWhy && <Text size="sm">{e.successWhy}</Text>}
          {e.decision && e.decisionOn && (
            <Text size="sm">
              {IMPLANT_DECISION_LABELS[e.decision]} (decided {formatDateGb(e.decisionOn)}
              {e.decidedBy ? ` by ${e.decidedBy}` : ''}){e.decisionReason ? `: ${e.decisionReason}` : ''}
            </Text>
          )}
        </Stack>
      ) : (
        <Text size="sm" mb="sm">
          No trial recorded yet.
        </Text>
      )}
      <Text size="xs" c="dimmed" mb="sm">
        Success: at least 50% relief with activity, analgesia stable or reduced, patient satisfied (
        {trial.data.source}).
      </Text>
      {session.can('interventions.clinical') && (
        <EpisodeForm key={e?.version ?? 0} requestId={requestId} episode={e} />
      )}
    </Paper>
  );
}
