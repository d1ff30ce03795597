import { Alert, Button, Checkbox, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  ASHTON_BENZODIAZEPINE_TAPER,
  ashtonEquivalent,
  diazepamSwitch,
  type AshtonRuleSet,
  type DiazepamSwitch,
} from '../../../../shared/clinical/medicines/benzo-ashton';
import type { MedicineEntry } from '../../../../shared/domain/medicines';
import { api } from '../../api/client';
import { serverFieldErrors } from '../../app/forms';

/** Whether a line may be offered the switch: a regular benzodiazepine other than diazepam, in the Ashton table. */
export function canSwitchToDiazepam(e: MedicineEntry): boolean {
  return (
    e.drugClass === 'benzodiazepine-z-drug' &&
    e.doseKind === 'regular' &&
    e.generic !== 'diazepam' &&
    ashtonEquivalent(e.generic) !== null
  );
}

function preview(e: MedicineEntry, rules: AshtonRuleSet): DiazepamSwitch | string {
  const admins = e.administrationsMg;
  const daily = admins ? admins.reduce((a, b) => a + b, 0) : (e.doseMg ?? 0) * (e.timesPerDay ?? 1);
  try {
    return diazepamSwitch(e.generic, daily, admins?.length ?? e.timesPerDay ?? 1, rules);
  } catch (err) {
    return err instanceof Error ? err.message : 'This medicine cannot be switched.';
  }
}

/**
 * Switch a short-acting benzodiazepine to the equivalent diazepam (Ashton), before a diazepam taper: shows
 * the equivalence, the working and the diazepam products, takes a reason, and (if the new dose raises an
 * entry warning) a confirmed reason for going ahead.
 */
export function SwitchToDiazepamForm({ entry, onDone }: { entry: MedicineEntry; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [confirm, setConfirm] = useState(false);
  const [confirmReason, setConfirmReason] = useState('');
  // The rule set in use (Settings › Clinical rule sets), so the preview is what the service will do.
  const active = useQuery({
    queryKey: ['rules:active', 'benzodiazepine-taper'],
    queryFn: () => api.call('rules:active', { kind: 'benzodiazepine-taper' }),
  });
  const rules = (active.data?.value as AshtonRuleSet | undefined) ?? ASHTON_BENZODIAZEPINE_TAPER;
  const p = preview(entry, rules);
  const switchIt = useMutation({
    mutationFn: (codes: string[]) =>
      api.call('meds:switchToDiazepam', {
        patientId: entry.patientId,
        itemId: entry.itemId,
        version: entry.version,
        reason,
        ...(confirm && codes.length > 0 ? { confirmWarnings: { codes, reason: confirmReason } } : {}),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['meds:patient', entry.patientId] });
      onDone();
    },
  });
  const fields = serverFieldErrors(switchIt.error);
  const warnings = Object.entries(fields).filter(([k]) => k.startsWith('medicine.warning.'));
  const codes = warnings.map(([k]) => k.replace('medicine.warning.', ''));
  const meta = rules.meta;
  return (
    <Stack gap="xs" aria-label={`Switch ${entry.name} to diazepam`}>
      <Title order={3} size="h5">
        Switch to diazepam before tapering
      </Title>
      {typeof p === 'string' ? (
        <Text c="red.9">{p}</Text>
      ) : (
        <>
          <Text size="sm">
            Equivalence: {p.equivalence}. {p.working}.
          </Text>
          <Text size="sm" fw={600}>
            Diazepam {p.diazepamMgPer24h} mg a day: {p.products}
          </Text>
          <Text size="sm" c="dimmed">
            {entry.name} is stopped today and diazepam started. Equivalence is approximate: review at 5 to 7
            days. Source: {meta.source} ({meta.name} v{meta.version}).
          </Text>
        </>
      )}
      {warnings.length > 0 && (
        <Alert color="orange" variant="outline" c="#8f3b00">
          <Stack gap={4}>
            {warnings.map(([k, v]) => (
              <Text key={k} size="sm">
                {v}
              </Text>
            ))}
            <Checkbox
              label="I have checked this and the switch should go ahead"
              checked={confirm}
              onChange={(e) => setConfirm(e.currentTarget.checked)}
            />
            {confirm && (
              <TextInput
                label="Reason for going ahead"
                value={confirmReason}
                onChange={(e) => setConfirmReason(e.currentTarget.value)}
              />
            )}
          </Stack>
        </Alert>
      )}
      <Group align="flex-end">
        <TextInput
          label="Reason for the switch"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fields.reason}
        />
        <Button
          onClick={() => switchIt.mutate(codes)}
          loading={switchIt.isPending}
          disabled={typeof p === 'string'}
        >
          Switch to diazepam
        </Button>
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
      </Group>
      {switchIt.error && warnings.length === 0 && !fields.reason && (
        <Text c="red.9">{fields.itemId ?? switchIt.error.message}</Text>
      )}
    </Stack>
  );
}
