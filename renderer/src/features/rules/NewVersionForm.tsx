import {
  Alert,
  Button,
  Group,
  List,
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
import { get, useForm, type FieldErrors } from 'react-hook-form';
import {
  checkRuleSet,
  saveRuleSetVersionSchema,
  suggestNextVersion,
  type RuleSetKindSummary,
  type RuleSetVersionView,
} from '../../../../shared/domain/rule-sets';
import { api, ApiError } from '../../api/client';
import { FormError } from '../../app/FormError';
import { NOT_SAVED } from '../../app/forms';
import { describePath } from './BodyView';

type Values = Record<string, unknown>;

const errorAt = (errors: FieldErrors<Values>, path: string): string | undefined =>
  (get(errors, path) as { message?: string } | undefined)?.message;

/**
 * "New version" of a rule set: name, version, source and a reason (required), and the rules themselves —
 * a structured form for the small kinds (thresholds, taper defaults, GAS ρ), a JSON editor for the tables.
 * The kind's own schema checks the body here first and again in the main process; each message shows next
 * to its field, or (JSON) in a list naming the table row.
 */
export function NewVersionForm({
  kind,
  current,
  taken,
  onDone,
}: {
  kind: RuleSetKindSummary;
  current: RuleSetVersionView;
  taken: string[];
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const structured = kind.editor !== 'json';
  const { register, handleSubmit, setError, clearErrors, formState } = useForm<Values>({
    defaultValues: {
      version: suggestNextVersion(current.version, taken),
      name: current.name,
      source: current.source,
      reason: '',
      body: structuredClone(current.body),
      bodyText: JSON.stringify(current.body, null, 2),
    },
  });
  const [formError, setFormError] = useState<string | null>(null);
  const [bodyErrors, setBodyErrors] = useState<{ path: string; message: string; where: string }[]>([]);
  const errors = formState.errors;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setBodyErrors([]);
    clearErrors();
    let body: unknown = values.body;
    if (!structured) {
      try {
        body = JSON.parse(String(values.bodyText)) as unknown;
      } catch (err) {
        setError('bodyText', { message: `This is not valid JSON: ${(err as Error).message}` });
        setFormError(NOT_SAVED);
        return;
      }
    }
    const payload = {
      kind: kind.kind,
      setKey: current.setKey,
      version: String(values.version ?? ''),
      name: String(values.name ?? ''),
      source: String(values.source ?? ''),
      reason: String(values.reason ?? ''),
      body,
    };
    const show = (fields: Record<string, string>) => {
      const listed: { path: string; message: string; where: string }[] = [];
      for (const [path, message] of Object.entries(fields)) {
        if (path.startsWith('body') && !structured)
          listed.push({ path, message, where: describePath(body, path) });
        else setError(path, { type: 'server', message });
      }
      setBodyErrors(listed);
    };
    // The same checks the main process runs, for earlier feedback.
    const header = saveRuleSetVersionSchema.safeParse(payload);
    const checked = checkRuleSet(kind.kind, { ...payload }, body);
    const fields: Record<string, string> = {};
    if (!header.success)
      for (const i of header.error.issues) fields[i.path.map(String).join('.')] ??= i.message;
    if (!checked.ok) Object.assign(fields, checked.fields);
    if (Object.keys(fields).length > 0) {
      show(fields);
      setFormError(NOT_SAVED);
      return;
    }
    try {
      await api.call('rules:save', payload);
      await queryClient.invalidateQueries({ queryKey: ['rules:list'] });
      await queryClient.invalidateQueries({ queryKey: ['rules:history', kind.kind, current.setKey] });
      await queryClient.invalidateQueries({ queryKey: ['rules:active'] });
      onDone();
    } catch (err) {
      if (err instanceof ApiError) {
        show(err.fields ?? {});
        setFormError(err.message);
      } else setFormError('Something went wrong; nothing was saved.');
    }
  });

  return (
    <Paper p="md" withBorder component="form" onSubmit={(e) => void onSubmit(e)} noValidate>
      <Title order={2} size="h3" mb="xs">
        New version of {current.name}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Saved as a new version: the current one stays in the history, and results already computed keep the
        version they were computed with. Every computation from now on uses the new version.
      </Text>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Version" required {...register('version')} error={errorAt(errors, 'version')} />
          <TextInput label="Name" required {...register('name')} error={errorAt(errors, 'name')} />
        </SimpleGrid>
        <Textarea
          label="Source"
          required
          autosize
          minRows={2}
          {...register('source')}
          error={errorAt(errors, 'source')}
        />
        <TextInput
          label="Reason for this version"
          description="Kept in the history and the audit trail."
          required
          {...register('reason')}
          error={errorAt(errors, 'reason')}
        />
        {kind.editor === 'thresholds' && (
          <ThresholdsEditor current={current} register={register} errors={errors} />
        )}
        {kind.editor === 'taper' && (
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NativeSelect
              label="Mode"
              data={[
                { value: 'percent-of-start', label: '% of the starting dose' },
                { value: 'percent-of-current', label: '% of the current dose' },
              ]}
              {...register('body.mode')}
              error={errorAt(errors, 'body.mode')}
            />
            <TextInput
              label="Reduction per step (%)"
              inputMode="decimal"
              {...register('body.percent', { valueAsNumber: true })}
              error={errorAt(errors, 'body.percent')}
            />
            <TextInput
              label="Days between steps"
              inputMode="numeric"
              {...register('body.intervalDays', { valueAsNumber: true })}
              error={errorAt(errors, 'body.intervalDays')}
            />
          </SimpleGrid>
        )}
        {kind.editor === 'gas' && (
          <TextInput
            label="Correlation between goals (ρ)"
            description="At least 0 and less than 1; 0.3 is the published default."
            inputMode="decimal"
            maw={320}
            {...register('body.rho', { valueAsNumber: true })}
            error={errorAt(errors, 'body.rho')}
          />
        )}
        {!structured && (
          <Stack gap={4}>
            <Textarea
              label="Rules (JSON)"
              description="Edit the table as JSON; it is checked against this kind's rules before saving."
              autosize
              minRows={12}
              maxRows={30}
              styles={{ input: { fontFamily: 'monospace', fontSize: 13 } }}
              spellCheck={false}
              {...register('bodyText')}
              error={errorAt(errors, 'bodyText')}
            />
            {bodyErrors.length > 0 && (
              <Alert color="red" title="Rows that need attention" role="alert">
                <List size="sm">
                  {bodyErrors.map((e) => (
                    <List.Item key={e.path}>
                      <strong>{e.where || 'The rules'}</strong>: {e.message}
                    </List.Item>
                  ))}
                </List>
              </Alert>
            )}
          </Stack>
        )}
        <FormError message={formError} />
        <Group>
          <Button type="submit" loading={formState.isSubmitting}>
            Save new version
          </Button>
          <Button variant="subtle" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function ThresholdsEditor({
  current,
  register,
  errors,
}: {
  current: RuleSetVersionView;
  register: ReturnType<typeof useForm<Values>>['register'];
  errors: FieldErrors<Values>;
}) {
  const rows = ((current.body as { thresholds?: { code: string }[] }).thresholds ?? []).map((t) => t.code);
  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        Thresholds (mg OME per 24 hours, inclusive)
      </Title>
      {rows.map((code, i) => (
        <Paper key={code} withBorder p="sm">
          <Text fw={600} size="sm" mb={4}>
            {code}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label={`${code}: mg OME/24 h`}
              inputMode="decimal"
              {...register(`body.thresholds.${i}.mgPer24h`, { valueAsNumber: true })}
              error={errorAt(errors, `body.thresholds.${i}.mgPer24h`)}
            />
            <TextInput
              label={`${code}: label`}
              {...register(`body.thresholds.${i}.label`)}
              error={errorAt(errors, `body.thresholds.${i}.label`)}
            />
            <TextInput
              label={`${code}: source`}
              {...register(`body.thresholds.${i}.source`)}
              error={errorAt(errors, `body.thresholds.${i}.source`)}
            />
          </SimpleGrid>
        </Paper>
      ))}
    </Stack>
  );
}
