import {
  Badge,
  Button,
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
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDateGb, formatInstantGb, londonToday } from '../../../../shared/dates';
import {
  PREGNANCY_STATUS_LABELS,
  PREGNANCY_STATUSES,
  type MedicineCheckView,
  type MedicineChecksView,
  type PregnancyStatusValue,
} from '../../../../shared/domain/medicine-checks';
import { api } from '../../api/client';
import { serverFieldErrors } from '../../app/forms';
import { DateField } from '../../app/DateField';

const DARK_ORANGE = '#a63f00';

const SEVERITY: Record<MedicineCheckView['severity'], { label: string; color: string }> = {
  // Filled, dark shades: white text at 4.5:1 or better (axe in the e2e tests).
  serious: { label: 'Serious', color: 'red.9' },
  warning: { label: 'Warning', color: DARK_ORANGE },
  ask: { label: 'Information needed', color: 'grape.9' },
  prompt: { label: 'Prompt', color: 'brand.9' },
};

function useRefresh(patientId: number) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['meds:patient', patientId] });
}

/** A reason (warning) or what was done (prompt), for one check. */
function AcknowledgeForm({ patientId, check }: { patientId: number; check: MedicineCheckView }) {
  const refresh = useRefresh(patientId);
  const [reason, setReason] = useState('');
  const save = useMutation({
    mutationFn: () => api.call('meds:acknowledgeCheck', { patientId, key: check.key, reason }),
    onSuccess: async () => {
      setReason('');
      await refresh();
    },
  });
  const errs = serverFieldErrors(save.error);
  const label = check.needsReason ? 'Reason (prescriber’s judgement)' : 'What was done';
  return (
    <form
      aria-label={`${check.title}: record ${check.needsReason ? 'a reason' : 'what was done'}`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Group align="flex-end">
        <Textarea
          label={label}
          autosize
          minRows={1}
          style={{ flex: 1 }}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={errs.reason}
        />
        <Button type="submit" variant="default" loading={save.isPending}>
          {check.needsReason ? 'Record reason' : 'Record'}
        </Button>
      </Group>
      {save.error && !errs.reason && <Text c="red.9">{save.error.message}</Text>}
    </form>
  );
}

/** Weight, serum creatinine and the result date (the app works out Cockcroft-Gault). */
function RenalForm({ patientId }: { patientId: number }) {
  const refresh = useRefresh(patientId);
  const [weight, setWeight] = useState('');
  const [creatinine, setCreatinine] = useState('');
  const [date, setDate] = useState(londonToday());
  const save = useMutation({
    mutationFn: () =>
      api.call('meds:recordFacts', {
        patientId,
        renal: { weightKg: Number(weight), creatinineUmolPerL: Number(creatinine), resultDate: date },
      }),
    onSuccess: refresh,
  });
  const errs = serverFieldErrors(save.error);
  return (
    <form
      aria-label="Record kidney function"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <SimpleGrid cols={{ base: 1, sm: 4 }}>
        <TextInput
          label="Weight (kg)"
          inputMode="decimal"
          value={weight}
          onChange={(e) => setWeight(e.currentTarget.value)}
          error={errs['renal.weightKg']}
        />
        <TextInput
          label="Serum creatinine (micromol/L)"
          inputMode="decimal"
          value={creatinine}
          onChange={(e) => setCreatinine(e.currentTarget.value)}
          error={errs['renal.creatinineUmolPerL']}
        />
        <DateField
          label="Date of the result"
          value={date}
          onChange={(e) => setDate(e.currentTarget.value)}
          error={errs['renal.resultDate']}
        />
        <Button type="submit" mt="xl" variant="default" loading={save.isPending}>
          Save kidney function
        </Button>
      </SimpleGrid>
      {save.error && Object.keys(errs).length === 0 && <Text c="red.9">{save.error.message}</Text>}
    </form>
  );
}

function PregnancyForm({ patientId }: { patientId: number }) {
  const refresh = useRefresh(patientId);
  const [status, setStatus] = useState<PregnancyStatusValue | ''>('');
  const save = useMutation({
    mutationFn: () =>
      api.call('meds:recordFacts', {
        patientId,
        pregnancy: (status || undefined) as PregnancyStatusValue,
      }),
    onSuccess: refresh,
  });
  const errs = serverFieldErrors(save.error);
  return (
    <form
      aria-label="Record pregnancy or breastfeeding"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Group align="flex-end">
        <NativeSelect
          label="Pregnancy or breastfeeding"
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value as PregnancyStatusValue)}
          error={errs.pregnancy ?? errs.renal}
          data={[
            { value: '', label: 'Choose…' },
            ...PREGNANCY_STATUSES.map((s) => ({ value: s, label: PREGNANCY_STATUS_LABELS[s] })),
          ]}
        />
        <Button type="submit" variant="default" loading={save.isPending}>
          Save
        </Button>
      </Group>
    </form>
  );
}

function CheckCard({
  patientId,
  check,
  canWrite,
}: {
  patientId: number;
  check: MedicineCheckView;
  canWrite: boolean;
}) {
  const look = SEVERITY[check.severity];
  const open = check.needsReason && !check.acknowledged;
  return (
    <Paper withBorder p="sm" data-testid={`check-${check.code}`}>
      <Stack gap={4}>
        <Group gap="xs">
          <Badge color={look.color} variant="filled">
            {look.label}
          </Badge>
          <Text fw={700}>{check.title}</Text>
          {open && (
            <Badge color={DARK_ORANGE} variant="outline">
              Needs a reason
            </Badge>
          )}
        </Group>
        <Text size="sm" fw={600}>
          {check.detail}
        </Text>
        <Text size="sm">{check.message}</Text>
        <Text size="sm">
          <Text span fw={600}>
            What to do:{' '}
          </Text>
          {check.action}
        </Text>
        <Text size="xs" c="dark.6">
          Source: {check.source}
        </Text>
        {check.acknowledged && (
          <Text size="sm" data-testid="check-acknowledged">
            Recorded by {check.acknowledged.by ?? 'a former user'} on {formatInstantGb(check.acknowledged.at)}
            : {check.acknowledged.reason}
          </Text>
        )}
        {canWrite && check.asks === 'creatinine-clearance' && <RenalForm patientId={patientId} />}
        {canWrite && check.asks === 'pregnancy' && <PregnancyForm patientId={patientId} />}
        {canWrite && !check.asks && !check.acknowledged && (
          <AcknowledgeForm patientId={patientId} check={check} />
        )}
      </Stack>
    </Paper>
  );
}

/** The interactions and prompts a UK pain MDT checks, on the patient's medicines screen. */
export function MedicineChecksPanel({
  patientId,
  view,
  canWrite,
}: {
  patientId: number;
  view: MedicineChecksView;
  canWrite: boolean;
}) {
  const renal = view.facts.renal;
  const open = view.checks.filter((c) => c.needsReason && !c.acknowledged).length;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="medicine-checks-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h3" id="medicine-checks-title">
            Interactions and prompts
          </Title>
          {open > 0 && (
            <Badge color={DARK_ORANGE} variant="outline">
              {open} need{open === 1 ? 's' : ''} a reason
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dark.6">
          {view.ruleSet.name}, version {view.ruleSet.version}.
        </Text>
        {renal && (
          <Text size="sm" data-testid="crcl">
            Kidney function: weight {renal.weightKg} kg, creatinine {renal.creatinineUmolPerL} micromol/L on{' '}
            {formatDateGb(renal.resultDate)}
            {renal.creatinineClearance
              ? `: creatinine clearance ${renal.creatinineClearance.explanation}.`
              : '.'}
          </Text>
        )}
        {view.facts.pregnancy && (
          <Text size="sm">
            Pregnancy: {PREGNANCY_STATUS_LABELS[view.facts.pregnancy.status]} (recorded{' '}
            {formatInstantGb(view.facts.pregnancy.recordedAt)}).
          </Text>
        )}
        {view.checks.length === 0 && <Text c="dimmed">No interactions or prompts for these medicines.</Text>}
        {view.checks.map((c) => (
          <CheckCard key={c.key} patientId={patientId} check={c} canWrite={canWrite} />
        ))}
        {canWrite && renal && (
          <details>
            <summary>
              <Text span size="sm">
                Record a newer kidney function result
              </Text>
            </summary>
            <RenalForm patientId={patientId} />
          </details>
        )}
      </Stack>
    </Paper>
  );
}
