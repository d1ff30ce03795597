import { zodResolver } from '@hookform/resolvers/zod';
import {
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Controller, useFieldArray, useForm, type Control, type FieldErrors } from 'react-hook-form';
import type { z } from 'zod';
import { LETTER_PLACEHOLDERS } from '../../../../shared/clinical/mdt/index';
import { formatDateGb } from '../../../../shared/dates';
import {
  CASE_CATEGORIES,
  CASE_CATEGORY_LABELS,
  LETTER_AUDIENCE_LABELS,
  letterTemplateInputSchema,
  meetingTypeInputSchema,
  QUORUM_DISCIPLINES,
  type LetterTemplateInput,
  type LetterTemplateView,
  type MeetingTypeInput,
  type MeetingTypeView,
} from '../../../../shared/domain/mdt';
import { api } from '../../api/client';
import { FormError } from '../../app/FormError';
import { useSession, useSignedIn } from '../../app/session';
import { useFormSubmit } from '../../app/useFormSubmit';
import { errorText, Loading, useMeetingTypes, usePeople } from './common';
import { DateField, TimeField } from '../../app/DateField';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const DISCIPLINE_NAMES: Record<(typeof QUORUM_DISCIPLINES)[number], string> = {
  consultant: 'Pain consultant',
  nurse: 'Nurse',
  physiotherapist: 'Physiotherapist',
  psychologist: 'Psychologist',
  pharmacist: 'Pharmacist',
  other: 'Other',
};

type TypeValues = z.output<typeof meetingTypeInputSchema>;

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const NTH: Record<string, string> = {
  '1': 'first',
  '2': 'second',
  '3': 'third',
  '4': 'fourth',
  last: 'last',
};

function toInput(t: MeetingTypeView | null): MeetingTypeInput {
  return t
    ? {
        id: t.id,
        // The version this form was opened from (issue 19): a colleague's newer save refuses this one.
        version: t.version,
        code: t.code,
        name: t.name,
        purpose: t.purpose,
        recurrence: t.recurrence as MeetingTypeInput['recurrence'],
        durationMinutes: t.durationMinutes,
        cutOffHours: t.cutOffHours,
        chairId: t.chairId,
        coreMemberIds: t.coreMemberIds,
        defaultMinutesPerCase: t.defaultMinutesPerCase,
        quorumRules: t.quorumRules
          .filter((r) => r.appliesToThisType)
          .map((r) => ({
            label: r.label,
            caseCategories: r.caseCategories as (typeof CASE_CATEGORIES)[number][] | null,
            requirements: r.requirements.map((q) => ({
              disciplines: q.disciplines.filter((d) => d !== 'coordinator'),
              min: q.min,
              label: q.label,
            })),
            enforcement: r.enforcement,
          })),
      }
    : {
        id: null,
        version: null,
        code: '',
        name: '',
        purpose: '',
        recurrence: {
          kind: 'weekly',
          weekday: 'tuesday',
          everyWeeks: 1,
          startsOn: '2026-01-06',
          time: '09:00',
        },
        durationMinutes: 60,
        cutOffHours: 24,
        chairId: null,
        coreMemberIds: [],
        defaultMinutesPerCase: 10,
        quorumRules: [],
      };
}

function Requirements({
  control,
  index,
  errors,
}: {
  control: Control<MeetingTypeInput, unknown, TypeValues>;
  index: number;
  errors: FieldErrors<MeetingTypeInput>;
}) {
  const reqs = useFieldArray({ control, name: `quorumRules.${index}.requirements` });
  const ruleErrors = errors.quorumRules?.[index]?.requirements;
  return (
    <Stack gap={4}>
      {ruleErrors?.message && <Text c="red.9">{ruleErrors.message}</Text>}
      {reqs.fields.map((f, j) => (
        <Group key={f.id} align="flex-end" gap="xs">
          <Controller
            control={control}
            name={`quorumRules.${index}.requirements.${j}.min`}
            render={({ field }) => (
              <NumberInput
                w={90}
                label="At least"
                min={1}
                value={field.value ?? 1}
                onChange={(v) => field.onChange(typeof v === 'number' ? v : Number(v))}
                error={ruleErrors?.[j]?.min?.message}
              />
            )}
          />
          <Controller
            control={control}
            name={`quorumRules.${index}.requirements.${j}.disciplines`}
            render={({ field }) => (
              <Checkbox.Group
                label="from"
                value={field.value ?? []}
                onChange={field.onChange}
                error={ruleErrors?.[j]?.disciplines?.message}
              >
                <Group gap="xs" mt={4}>
                  {QUORUM_DISCIPLINES.map((d) => (
                    <Checkbox key={d} value={d} label={DISCIPLINE_NAMES[d]} />
                  ))}
                </Group>
              </Checkbox.Group>
            )}
          />
          <Controller
            control={control}
            name={`quorumRules.${index}.requirements.${j}.label`}
            render={({ field }) => (
              <TextInput
                label="Wording"
                {...field}
                error={ruleErrors?.[j]?.label?.message}
                placeholder="e.g. psychologist"
              />
            )}
          />
          <Button variant="default" c="red.9" onClick={() => reqs.remove(j)}>
            Remove requirement
          </Button>
        </Group>
      ))}
      <Button
        variant="default"
        size="compact-sm"
        w="fit-content"
        onClick={() => reqs.append({ disciplines: ['consultant'], min: 1, label: 'pain consultant' })}
      >
        Add requirement
      </Button>
    </Stack>
  );
}

function MeetingTypeForm({ type, onDone }: { type: MeetingTypeView | null; onDone: () => void }) {
  const people = usePeople();
  const session = useSession();
  const { register, handleSubmit, setError, control, formState, watch } = useForm<
    MeetingTypeInput,
    unknown,
    TypeValues
  >({ resolver: zodResolver(meetingTypeInputSchema), defaultValues: toInput(type) });
  const rules = useFieldArray({ control, name: 'quorumRules' });
  const save = useFormSubmit({
    setError,
    mutationFn: (v: TypeValues) => api.call('mdt:meetingTypes:save', v),
    invalidate: [['mdt:meetingTypes']],
    onSuccess: onDone,
  });
  const errors = formState.errors;
  const kind = watch('recurrence.kind');
  const recurrenceErrors = errors.recurrence as FieldErrors<{ startsOn: string; time: string }> | undefined;
  const clinicians = (people.data ?? []).filter((p) => p.discipline !== 'other');
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      aria-label={type ? `Edit ${type.name}` : 'New meeting type'}
      onSubmit={handleSubmit(save.submit, save.notSaved)}
    >
      <Stack gap="sm">
        <Title order={3} size="h4">
          {type ? `Edit ${type.name}` : 'New meeting type'}
        </Title>
        <FormError message={save.formError} />
        <Group grow>
          <TextInput label="Name" withAsterisk {...register('name')} error={errors.name?.message} />
          <TextInput
            label="Code"
            withAsterisk
            description="Lower-case letters, digits and hyphens"
            {...register('code')}
            error={errors.code?.message}
          />
        </Group>
        <TextInput label="Purpose" {...register('purpose')} error={errors.purpose?.message} />
        <Group grow align="flex-start">
          <NativeSelect
            label="Recurrence"
            data={[
              { value: 'weekly', label: 'Every n weeks' },
              { value: 'monthly-nth-weekday', label: 'A weekday of the month' },
            ]}
            {...register('recurrence.kind')}
          />
          <NativeSelect
            label="Weekday"
            data={WEEKDAYS.map((d) => ({ value: d, label: d[0]!.toUpperCase() + d.slice(1) }))}
            {...register('recurrence.weekday')}
          />
          {kind === 'weekly' ? (
            <TextInput
              label="Every (weeks)"
              type="number"
              {...register('recurrence.everyWeeks', { valueAsNumber: true })}
            />
          ) : (
            <>
              <NativeSelect
                label="Which"
                data={[
                  { value: '1', label: 'First' },
                  { value: '2', label: 'Second' },
                  { value: '3', label: 'Third' },
                  { value: '4', label: 'Fourth' },
                  { value: 'last', label: 'Last' },
                ]}
                {...register('recurrence.nth', { setValueAs: (v: string) => (v === 'last' ? v : Number(v)) })}
              />
              <TextInput
                label="Every (months)"
                type="number"
                {...register('recurrence.everyMonths', { valueAsNumber: true })}
              />
            </>
          )}
        </Group>
        <Group grow align="flex-start">
          <DateField
            label="First meeting"
            {...register('recurrence.startsOn')}
            error={recurrenceErrors?.startsOn?.message}
          />
          <TimeField
            label="Start time"
            {...register('recurrence.time')}
            error={recurrenceErrors?.time?.message}
          />
          <TextInput
            label="Length (minutes)"
            type="number"
            {...register('durationMinutes', { valueAsNumber: true })}
            error={errors.durationMinutes?.message}
          />
          <TextInput
            label="List cut-off (hours before)"
            type="number"
            {...register('cutOffHours', { valueAsNumber: true })}
            error={errors.cutOffHours?.message}
          />
          <TextInput
            label="Minutes per case"
            type="number"
            {...register('defaultMinutesPerCase', { valueAsNumber: true })}
            error={errors.defaultMinutesPerCase?.message}
          />
        </Group>
        <Controller
          control={control}
          name="chairId"
          render={({ field }) => (
            <NativeSelect
              label="Chair"
              data={[
                { value: '', label: 'No fixed chair' },
                ...clinicians
                  .filter((p) => p.role === 'consultant')
                  .map((p) => ({ value: String(p.id), label: p.name })),
              ]}
              value={field.value === null || field.value === undefined ? '' : String(field.value)}
              onChange={(e) => field.onChange(e.currentTarget.value ? Number(e.currentTarget.value) : null)}
            />
          )}
        />
        <Controller
          control={control}
          name="coreMemberIds"
          render={({ field }) => (
            <Checkbox.Group
              label="Core members (their attendance is counted against the 2/3 threshold; deputies stand in for them)"
              value={(field.value ?? []).map(String)}
              onChange={(v) => field.onChange(v.map(Number))}
            >
              <Group gap="sm" mt={4}>
                {clinicians.map((p) => (
                  <Checkbox key={p.id} value={String(p.id)} label={`${p.name} (${p.discipline})`} />
                ))}
              </Group>
            </Checkbox.Group>
          )}
        />
        <Title order={4} size="h5">
          Quorum rules
        </Title>
        <Text size="sm" c="dimmed">
          Local policy, approved by a clinical lead: only a consultant who chairs can change them (the rest of
          the meeting type can be changed by the coordinator). A rule applies to every case, or to the case
          categories chosen; failing it either blocks confirming the outcome or warns.
        </Text>
        {errors.quorumRules?.message && <Text c="red.9">{errors.quorumRules.message}</Text>}
        {rules.fields.map((f, i) => (
          <Paper key={f.id} withBorder p="sm">
            <Stack gap="xs">
              <Group grow align="flex-start">
                <TextInput
                  label={`Rule ${i + 1}`}
                  {...register(`quorumRules.${i}.label`)}
                  error={errors.quorumRules?.[i]?.label?.message}
                />
                <NativeSelect
                  label="If not met"
                  data={[
                    { value: 'block', label: 'Block confirming the outcome' },
                    { value: 'warn', label: 'Warn' },
                  ]}
                  {...register(`quorumRules.${i}.enforcement`)}
                />
              </Group>
              <Controller
                control={control}
                name={`quorumRules.${i}.caseCategories`}
                render={({ field }) => (
                  <Checkbox.Group
                    label="Applies to (none ticked: every case)"
                    value={field.value ?? []}
                    onChange={(v) => field.onChange(v.length === 0 ? null : v)}
                  >
                    <Group gap="xs" mt={4}>
                      {CASE_CATEGORIES.map((c) => (
                        <Checkbox key={c} value={c} label={CASE_CATEGORY_LABELS[c]} />
                      ))}
                    </Group>
                  </Checkbox.Group>
                )}
              />
              <Requirements control={control} index={i} errors={errors} />
              <Button variant="default" c="red.9" w="fit-content" onClick={() => rules.remove(i)}>
                Remove rule {i + 1}
              </Button>
            </Stack>
          </Paper>
        ))}
        <Group>
          <Button
            variant="default"
            onClick={() =>
              rules.append({
                label: '',
                caseCategories: null,
                requirements: [{ disciplines: ['consultant'], min: 1, label: 'pain consultant' }],
                enforcement: 'warn',
              })
            }
          >
            Add quorum rule
          </Button>
          <Button type="submit" color="brand.8" loading={save.mutation.isPending}>
            Save meeting type
          </Button>
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          {!session.can('mdt.chair') && (
            <Text size="sm" c="dimmed">
              Changes to quorum rules need a clinical lead.
            </Text>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

/** Meeting types: recurrence, length, cut-off, chair, core members and quorum rules. */
export function MeetingTypes() {
  const types = useMeetingTypes();
  const people = usePeople();
  const session = useSession();
  const [editing, setEditing] = useState<MeetingTypeView | 'new' | null>(null);
  if (!types.data) return <Loading error={types.error} />;
  const name = (id: number | null) => (people.data ?? []).find((p) => p.id === id)?.name ?? '—';
  if (editing) {
    return (
      <MeetingTypeForm
        key={editing === 'new' ? 'new' : editing.id}
        type={editing === 'new' ? null : editing}
        onDone={() => setEditing(null)}
      />
    );
  }
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h3">
          Meeting types
        </Title>
        {session.can('mdt.manage') && (
          <Button color="brand.8" onClick={() => setEditing('new')}>
            New meeting type
          </Button>
        )}
      </Group>
      <Table aria-label="Meeting types">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Meeting type</Table.Th>
            <Table.Th>When</Table.Th>
            <Table.Th>Chair and core members</Table.Th>
            <Table.Th>Quorum rules</Table.Th>
            <Table.Th>Change</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {types.data.map((t) => (
            <Table.Tr key={t.id}>
              <Table.Td>
                <Text fw={600}>{t.name}</Text>
                {t.example && (
                  <Badge variant="outline" color="dark" size="sm">
                    example
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {t.recurrence.kind === 'weekly'
                    ? `Every ${t.recurrence.everyWeeks > 1 ? `${t.recurrence.everyWeeks} weeks` : 'week'} on ${cap(t.recurrence.weekday)}`
                    : `The ${NTH[String(t.recurrence.nth)] ?? String(t.recurrence.nth)} ${cap(t.recurrence.weekday)} of the month`}{' '}
                  at {t.recurrence.time}; {t.durationMinutes} min; list closes {t.cutOffHours} h before
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  Chair: {name(t.chairId)}. Core: {t.coreMemberIds.map(name).join(', ') || 'none named'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed">
                  {t.quorumRuleSet.name} v{t.quorumRuleSet.version}
                </Text>
                {t.quorumRules
                  .filter((r) => r.appliesToThisType)
                  .map((r) => (
                    <Text key={r.id} size="sm">
                      {r.label} ({r.enforcement === 'block' ? 'blocks' : 'warns'})
                    </Text>
                  ))}
              </Table.Td>
              <Table.Td>
                {session.can('mdt.manage') && (
                  <Button size="compact-sm" variant="default" onClick={() => setEditing(t)}>
                    Edit {t.name}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

type TemplateValues = z.output<typeof letterTemplateInputSchema>;

function TemplateEditor({ template, onDone }: { template: LetterTemplateView; onDone: () => void }) {
  const { register, handleSubmit, setError, formState } = useForm<
    LetterTemplateInput,
    unknown,
    TemplateValues
  >({
    resolver: zodResolver(letterTemplateInputSchema),
    defaultValues: {
      audience: template.audience,
      name: template.name,
      body: template.body,
      changeNote: '',
      basedOnId: template.id,
    },
  });
  const save = useFormSubmit({
    setError,
    mutationFn: (v: TemplateValues) => api.call('mdt:letterTemplates:save', v),
    invalidate: [['mdt:letterTemplates']],
    onSuccess: onDone,
  });
  const errors = formState.errors;
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      aria-label="New template version"
      onSubmit={handleSubmit(save.submit, save.notSaved)}
    >
      <Stack gap="sm">
        <Title order={3} size="h4">
          New version of {template.name} (from v{template.version})
        </Title>
        <FormError message={save.formError} />
        <TextInput label="Name" withAsterisk {...register('name')} error={errors.name?.message} />
        <Textarea
          label="Letter text"
          description="Placeholders in double braces, e.g. {{patientName}}; sections {{#actions}} … {{/actions}}."
          withAsterisk
          autosize
          minRows={12}
          styles={{ input: { fontFamily: 'monospace' } }}
          {...register('body')}
          error={errors.body?.message}
        />
        <TextInput
          label="What changed in this version"
          withAsterisk
          {...register('changeNote')}
          error={errors.changeNote?.message}
        />
        <Group>
          <Button type="submit" color="brand.8" loading={save.mutation.isPending}>
            Approve and save version
          </Button>
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          Saving records you as the clinical lead who approved this version. Letters already written keep the
          version they were written from; new letters use this one.
        </Text>
      </Stack>
    </Paper>
  );
}

/** Versioned letter templates: every version with who approved it, and a new version from the current. */
export function LetterTemplates() {
  const session = useSession();
  const me = useSignedIn();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['mdt:letterTemplates'],
    queryFn: () => api.call('mdt:letterTemplates:list', {}),
  });
  /** A clinical lead approves the version in use for local letters (issue 16); audited by the service. */
  const approving = useRef(false); // a double click sends one approval (state updates too late to stop it)
  const approve = useMutation({
    mutationFn: (templateId: number) => api.call('mdt:letterTemplates:approve', { templateId }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mdt:letterTemplates'] }),
    onSettled: () => {
      approving.current = false;
    },
  });
  const [editing, setEditing] = useState<LetterTemplateView | null>(null);
  const [shown, setShown] = useState<number | null>(null);
  if (!q.data) return <Loading error={q.error} />;
  const canApprove = session.can('mdt.chair') && me.user.clinicalLead;
  const waiting = q.data.filter((t) => t.current && !t.approvedAt);
  return (
    <Stack>
      <Title order={2} size="h3">
        Letter templates
      </Title>
      {waiting.length > 0 && (
        <Text size="sm">
          {waiting.length === 1 ? 'One template in use is' : `${waiting.length} templates in use are`} an
          example not yet approved by your service: letters written from it say so.{' '}
          {canApprove
            ? 'As a clinical lead you can approve it once you have read it.'
            : 'A clinical lead who chairs the MDT can approve it.'}
        </Text>
      )}
      {approve.error && <Text c="red.9">{errorText(approve.error)}</Text>}
      {editing && <TemplateEditor key={editing.id} template={editing} onDone={() => setEditing(null)} />}
      <Table aria-label="Letter template versions">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>For</Table.Th>
            <Table.Th>Version</Table.Th>
            <Table.Th>Approved</Table.Th>
            <Table.Th>Change</Table.Th>
            <Table.Th>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {q.data.map((t) => (
            <Table.Tr key={t.id}>
              <Table.Td>
                {LETTER_AUDIENCE_LABELS[t.audience]}
                <Text size="xs" c="dimmed">
                  {t.name}
                </Text>
              </Table.Td>
              <Table.Td>
                v{t.version}{' '}
                {t.current && (
                  <Badge color="teal.9" variant="filled" size="sm">
                    in use
                  </Badge>
                )}{' '}
                {t.example && (
                  <Badge color="dark" variant="outline" size="sm">
                    example
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                {t.approvedByName
                  ? `${t.approvedByName}, ${formatDateGb((t.approvedAt ?? '').slice(0, 10))}`
                  : 'Shipped example (not yet approved locally)'}
              </Table.Td>
              <Table.Td>{t.changeNote}</Table.Td>
              <Table.Td>
                <Group gap="xs">
                  <Button
                    size="compact-sm"
                    variant="default"
                    onClick={() => setShown(shown === t.id ? null : t.id)}
                    aria-expanded={shown === t.id}
                  >
                    {shown === t.id ? 'Hide' : 'Show'} v{t.version} ({LETTER_AUDIENCE_LABELS[t.audience]})
                  </Button>
                  {t.current && !t.approvedAt && canApprove && (
                    <Button
                      size="compact-sm"
                      color="brand.8"
                      loading={approve.isPending && approve.variables === t.id}
                      onClick={() => {
                        if (approving.current) return;
                        approving.current = true;
                        approve.mutate(t.id);
                      }}
                    >
                      Approve v{t.version} ({LETTER_AUDIENCE_LABELS[t.audience]}) for local use
                    </Button>
                  )}
                  {t.current && session.can('mdt.chair') && (
                    <Button size="compact-sm" color="brand.8" onClick={() => setEditing(t)}>
                      New version ({LETTER_AUDIENCE_LABELS[t.audience]})
                    </Button>
                  )}
                </Group>
                {shown === t.id && (
                  <Code block mt="xs" aria-label={`Text of v${t.version}`}>
                    {t.body}
                  </Code>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={3} size="h4">
        Placeholders
      </Title>
      <Table aria-label="Placeholders a template may use">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Placeholder</Table.Th>
            <Table.Th>What it holds</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {LETTER_PLACEHOLDERS.map((p) => (
            <Table.Tr key={p.name}>
              <Table.Td>
                <Code>{`{{${p.name}}}`}</Code>
              </Table.Td>
              <Table.Td>
                {p.description}
                {p.in ? ` (inside ${p.in})` : ''}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
