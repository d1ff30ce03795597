/**
 * MDT actions -> linked drafts in the modules (issue 3 "Actions"): the extra fields an intervention,
 * medication-change or rehab-goal action needs, "Draft created: …" after confirmation, and, for the module
 * screens, "From MDT on <date>: <question>" and each module's list of drafts from the MDT.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { PROCEDURE_CATALOGUE } from '../../../../shared/clinical/interventions/catalogue';
import { formatDateGb, londonToday } from '../../../../shared/dates';
import { PRIORITIES, PRIORITY_LABELS, SIDES, SIDE_LABELS } from '../../../../shared/domain/interventions';
import { formatDose } from '../../../../shared/domain/medicines';
import {
  interventionLinkSchema,
  LINK_MODULE_LABELS,
  MEDICINE_CHANGES,
  MEDICINE_CHANGE_LABELS,
  medicineLinkSchema,
  rehabGoalLinkSchema,
  type DraftActionLinkDetails,
  type DraftKind,
  type DraftLinkView,
  type LinkModule,
} from '../../../../shared/domain/mdt-links';
import { LIFE_DOMAINS, LIFE_DOMAIN_LABELS } from '../../../../shared/domain/rehab';
import { formatNhsNumber } from '../../../../shared/nhs-number';
import { api, ApiError } from '../../api/client';
import { screenQueries } from '../../api/screenQueries';
import { useSession } from '../../app/session';
import { DateField } from '../../app/DateField';

const PROCEDURES = [...PROCEDURE_CATALOGUE.procedures].sort((a, b) => a.name.localeCompare(b.name));

/** The link details in the shape the request schemas take (numbers parsed; empty text left for zod). */
export function linkPayload(type: string, link: DraftActionLinkDetails | undefined) {
  if (type === 'intervention') {
    const i = link?.intervention ?? {};
    return {
      intervention: {
        procedureCode: i.procedureCode ?? '',
        side: (i.side ?? '') as (typeof SIDES)[number],
        site: i.site ?? '',
        indication: i.indication ?? '',
      },
    };
  }
  if (type === 'medication-change') {
    const m = link?.medicine ?? {};
    return {
      medicine: {
        itemId: m.itemId ?? 0,
        change: (m.change ?? '') as (typeof MEDICINE_CHANGES)[number],
        targetDose: m.change === 'reduce' ? (m.targetDose ?? null) : null,
      },
    };
  }
  if (type === 'rehab-goal') {
    const g = link?.rehabGoal ?? {};
    return {
      rehabGoal: {
        wording: g.wording ?? '',
        domain: (g.domain ?? '') as (typeof LIFE_DOMAINS)[number],
        whatMatters: g.whatMatters ?? '',
      },
    };
  }
  return {};
}

/** Checks each linked action's details with the shared schemas; messages keyed like the server's. */
export function validateActionLinks(
  actions: { type: string; link?: DraftActionLinkDetails | undefined }[],
): Record<string, string> {
  const errors: Record<string, string> = {};
  actions.forEach((a, i) => {
    const p = linkPayload(a.type, a.link);
    const [key, schema, value] =
      'intervention' in p
        ? (['intervention', interventionLinkSchema, p.intervention] as const)
        : 'medicine' in p
          ? (['medicine', medicineLinkSchema, p.medicine] as const)
          : 'rehabGoal' in p
            ? (['rehabGoal', rehabGoalLinkSchema, p.rehabGoal] as const)
            : [null, null, null];
    if (!key || !schema) return;
    const r = schema.safeParse(value);
    if (r.success) return;
    for (const issue of r.error.issues)
      errors[`actions.${i}.${key}.${issue.path.join('.')}`] ??= issue.message;
  });
  return errors;
}

/** The fields an action of a linked type needs, under its row in the outcome form. */
export function ActionLinkFields({
  index,
  type,
  link,
  patientId,
  readOnly,
  err,
  onChange,
}: {
  index: number;
  type: string;
  link: DraftActionLinkDetails | undefined;
  patientId: number;
  readOnly: boolean;
  err: (key: string) => string | undefined;
  onChange: (link: DraftActionLinkDetails) => void;
}) {
  const n = index + 1;
  const meds = useQuery({
    queryKey: ['meds:patient', patientId],
    queryFn: () => api.call('meds:patient', { patientId }),
    enabled: type === 'medication-change',
  });
  const e = (k: string) => err(`actions.${index}.${k}`);
  if (type === 'intervention') {
    const i = link?.intervention ?? {};
    const set = (patch: Partial<typeof i>) => onChange({ intervention: { ...i, ...patch } });
    return (
      <Group grow align="flex-start" pl="md" data-testid={`action-${n}-intervention`}>
        <NativeSelect
          label={`Procedure for action ${n}`}
          disabled={readOnly}
          value={i.procedureCode ?? ''}
          onChange={(ev) => set({ procedureCode: ev.currentTarget.value })}
          data={[
            { value: '', label: 'Choose…' },
            ...PROCEDURES.map((p) => ({ value: p.code, label: p.name })),
          ]}
          error={e('intervention.procedureCode')}
        />
        <NativeSelect
          label={`Side for action ${n}`}
          disabled={readOnly}
          value={i.side ?? ''}
          onChange={(ev) => set({ side: ev.currentTarget.value })}
          data={[{ value: '', label: 'Choose…' }, ...SIDES.map((s) => ({ value: s, label: SIDE_LABELS[s] }))]}
          error={e('intervention.side')}
        />
        <TextInput
          label={`Level or target for action ${n}`}
          placeholder="e.g. L4-5"
          readOnly={readOnly}
          value={i.site ?? ''}
          onChange={(ev) => set({ site: ev.currentTarget.value })}
          error={e('intervention.site')}
        />
        <TextInput
          label={`Indication for action ${n}`}
          readOnly={readOnly}
          value={i.indication ?? ''}
          onChange={(ev) => set({ indication: ev.currentTarget.value })}
          error={e('intervention.indication')}
        />
      </Group>
    );
  }
  if (type === 'medication-change') {
    const m = link?.medicine ?? {};
    const set = (patch: Partial<typeof m>) => onChange({ medicine: { ...m, ...patch } });
    const current = (meds.data?.current ?? []).filter((x) => x.doseKind !== 'prn');
    const chosen = current.find((x) => x.itemId === m.itemId);
    return (
      <Group grow align="flex-start" pl="md" data-testid={`action-${n}-medicine`}>
        <NativeSelect
          label={`Medicine for action ${n}`}
          disabled={readOnly}
          value={m.itemId ? String(m.itemId) : ''}
          onChange={(ev) => set({ itemId: ev.currentTarget.value ? Number(ev.currentTarget.value) : null })}
          data={[
            {
              value: '',
              label: meds.data && current.length === 0 ? 'No regular medicines on the list' : 'Choose…',
            },
            ...current.map((x) => ({ value: String(x.itemId), label: `${x.name} (${x.strength})` })),
          ]}
          error={e('medicine.itemId')}
        />
        <NativeSelect
          label={`Change for action ${n}`}
          disabled={readOnly}
          value={m.change ?? ''}
          onChange={(ev) => set({ change: ev.currentTarget.value })}
          data={[
            { value: '', label: 'Choose…' },
            ...MEDICINE_CHANGES.map((c) => ({ value: c, label: MEDICINE_CHANGE_LABELS[c] })),
          ]}
          error={e('medicine.change')}
        />
        {m.change === 'reduce' && (
          <TextInput
            label={`Dose to reduce to, action ${n}`}
            description={
              chosen?.doseKind === 'patch'
                ? `In mcg/h; now ${formatDose(chosen.patchMcgPerHour ?? 0)} mcg/h`
                : chosen?.doseMg && chosen.timesPerDay
                  ? `In mg a day; now ${formatDose(chosen.doseMg * chosen.timesPerDay)} mg a day`
                  : 'In mg a day (mcg/h for a patch)'
            }
            type="number"
            inputMode="decimal"
            readOnly={readOnly}
            value={m.targetDose ?? ''}
            onChange={(ev) =>
              set({ targetDose: ev.currentTarget.value === '' ? null : Number(ev.currentTarget.value) })
            }
            error={e('medicine.targetDose')}
          />
        )}
      </Group>
    );
  }
  if (type === 'rehab-goal') {
    const g = link?.rehabGoal ?? {};
    const set = (patch: Partial<typeof g>) => onChange({ rehabGoal: { ...g, ...patch } });
    return (
      <Group grow align="flex-start" pl="md" data-testid={`action-${n}-goal`}>
        <TextInput
          label={`Goal for action ${n}, as the MDT agreed it`}
          readOnly={readOnly}
          value={g.wording ?? ''}
          onChange={(ev) => set({ wording: ev.currentTarget.value })}
          error={e('rehabGoal.wording')}
        />
        <NativeSelect
          label={`Life domain for action ${n}`}
          disabled={readOnly}
          value={g.domain ?? ''}
          onChange={(ev) => set({ domain: ev.currentTarget.value })}
          data={[
            { value: '', label: 'Choose…' },
            ...LIFE_DOMAINS.map((d) => ({ value: d, label: LIFE_DOMAIN_LABELS[d] })),
          ]}
          error={e('rehabGoal.domain')}
        />
        <Textarea
          label={`What matters to the patient, action ${n}`}
          description="Left empty: taken from the referral"
          autosize
          minRows={1}
          readOnly={readOnly}
          value={g.whatMatters ?? ''}
          onChange={(ev) => set({ whatMatters: ev.currentTarget.value })}
          error={e('rehabGoal.whatMatters')}
        />
      </Group>
    );
  }
  return null;
}

/**
 * "Draft created: <link>" under a confirmed action; once the draft is completed in its module (which
 * completes the action, db/services/mdt-actions.ts), how the action was done beside its status.
 */
export function DraftCreated({
  draft,
  index,
  actionStatus,
  completionNote,
}: {
  draft: DraftLinkView;
  index: number;
  actionStatus?: string;
  completionNote?: string | null;
}) {
  return (
    <Text size="sm" pl="md" data-testid={`action-${index + 1}-draft`}>
      {draft.isDraft ? 'Draft created' : 'Created'} in {LINK_MODULE_LABELS[draft.module]}:{' '}
      <Anchor component={Link} to={draft.href}>
        {draft.label}
      </Anchor>{' '}
      <Text span c="dimmed" size="sm">
        ({draft.statusLabel}
        {actionStatus === 'done'
          ? `; MDT action ${completionNote ? completionNote.replace(/^Done/, 'done') : 'done'}`
          : ''}
        )
      </Text>
    </Text>
  );
}

export function FromMdtBadge() {
  return (
    <Badge color="indigo.9" variant="filled">
      Draft from MDT
    </Badge>
  );
}

/** Completing a draft request from the MDT: priority, requested clinician and the RTT clock. */
function CompleteRequest({ requestId, clockStart }: { requestId: number; clockStart: string }) {
  const qc = useQueryClient();
  const clinicians = useQuery({
    queryKey: ['users:clinicians'],
    queryFn: () => api.call('users:clinicians', {}),
  });
  const [priority, setPriority] = useState('');
  const [clinician, setClinician] = useState('');
  const [clock, setClock] = useState(clockStart);
  const [trialReason, setTrialReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const session = useSession();
  // An SCS implant refused for want of a successful trial (NICE TA159): a clinician may give the reason.
  const askTrialReason =
    session.can('interventions.clinical') &&
    Boolean(errors.procedureCode || errors.trialOverrideReason || trialReason);
  const m = useMutation({
    mutationFn: () =>
      api.call('mdt:links:completeRequest', {
        requestId,
        priority: priority as (typeof PRIORITIES)[number],
        requestedClinicianId: clinician ? Number(clinician) : null,
        rttClockStart: clock,
        ...(trialReason.trim() ? { trialOverrideReason: trialReason } : {}),
      }),
    onSuccess: async () => {
      setErrors({});
      await qc.invalidateQueries();
    },
    onError: (e) => setErrors(e instanceof ApiError ? { ...(e.fields ?? {}), _: e.message } : {}),
  });
  return (
    <Stack gap="xs" mt="sm">
      <Text size="sm">
        Complete the draft to put it on the waiting list: the MDT named the procedure; choose the clinical
        priority and confirm the RTT clock start (the MDT&apos;s decision to treat).
      </Text>
      <Group align="flex-start" grow>
        <NativeSelect
          label="Clinical priority"
          value={priority}
          onChange={(e) => setPriority(e.currentTarget.value)}
          data={[
            { value: '', label: 'Choose…' },
            ...PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] })),
          ]}
          error={errors.priority}
        />
        <NativeSelect
          label="Requested clinician"
          value={clinician}
          onChange={(e) => setClinician(e.currentTarget.value)}
          data={[
            { value: '', label: 'Any clinician' },
            ...(clinicians.data ?? [])
              .filter((c) => c.role === 'consultant')
              .map((c) => ({ value: String(c.id), label: c.displayName })),
          ]}
          error={errors.requestedClinicianId}
        />
        <DateField
          label="RTT clock start"
          value={clock}
          max={londonToday()}
          onChange={(e) => setClock(e.currentTarget.value)}
          error={errors.rttClockStart}
        />
      </Group>
      {errors._ && (
        <Alert color="red.9" role="alert">
          {errors._}
        </Alert>
      )}
      {askTrialReason && (
        <Textarea
          label="Reason to list without a successful trial"
          autosize
          minRows={2}
          value={trialReason}
          onChange={(e) => setTrialReason(e.currentTarget.value)}
          error={errors.trialOverrideReason}
        />
      )}
      <Button w="fit-content" color="brand.8" onClick={() => m.mutate()} loading={m.isPending}>
        Put on the waiting list
      </Button>
    </Stack>
  );
}

/** "From MDT on <date>: <question>" with a link back, on an item's own page (nothing if not from an MDT). */
export function FromMdtPanel({ kind, itemId }: { kind: DraftKind; itemId: number }) {
  const session = useSession();
  const q = useQuery({
    queryKey: ['mdt:links:source', kind, itemId],
    queryFn: () => api.call('mdt:links:source', { kind, itemId }),
  });
  const s = q.data;
  if (!s) return null;
  return (
    <Paper withBorder p="md" component="section" aria-label="From the MDT" data-testid="from-mdt">
      <Group gap="xs">
        {s.item?.isDraft && <FromMdtBadge />}
        <Text fw={600}>
          From MDT on {formatDateGb(s.meetingDate)}: {s.questions[0] ?? s.actionDescription}
        </Text>
      </Group>
      <Text size="sm">
        Action: {s.actionDescription} · owner {s.ownerName} · due {formatDateGb(s.dueDate)} ·{' '}
        <Anchor component={Link} to={s.href}>
          Open the {s.meetingTypeName} of {formatDateGb(s.meetingDate)}
        </Anchor>
      </Text>
      {s.item && (
        <Text size="sm" c="dimmed">
          {s.item.statusLabel}
        </Text>
      )}
      {kind === 'intervention-request' && s.item?.isDraft && session.can('interventions.manage') && (
        <CompleteRequest
          requestId={itemId}
          clockStart={s.meetingDate <= londonToday() ? s.meetingDate : londonToday()}
        />
      )}
    </Paper>
  );
}

/** Dismissing a draft goal, or marking it written as one of the patient's goals. */
function ResolveGoal({ draftId, patientId }: { draftId: number; patientId: number }) {
  const qc = useQueryClient();
  const summary = useQuery({
    queryKey: ['rehab:summary', patientId],
    queryFn: () => api.call('rehab:summary', { patientId }),
  });
  const [goalId, setGoalId] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const m = useMutation({
    mutationFn: (resolution: 'completed' | 'dismissed') =>
      api.call('mdt:links:resolveGoalDraft', {
        draftId,
        resolution,
        goalId: goalId ? Number(goalId) : null,
        note,
      }),
    onSuccess: async () => {
      setErrors({});
      await qc.invalidateQueries({ queryKey: ['mdt:links:drafts'] });
    },
    onError: (e) => setErrors(e instanceof ApiError ? { ...(e.fields ?? {}), _: e.message } : {}),
  });
  const goals = (summary.data?.plans ?? []).flatMap((p) => p.goals);
  return (
    <Group align="flex-end" gap="xs">
      <NativeSelect
        size="xs"
        label="Written as goal"
        value={goalId}
        onChange={(e) => setGoalId(e.currentTarget.value)}
        data={[
          { value: '', label: 'Choose…' },
          ...goals.map((g) => ({ value: String(g.id), label: g.activity })),
        ]}
        error={errors.goalId}
      />
      <Button size="xs" variant="default" onClick={() => m.mutate('completed')}>
        Link goal
      </Button>
      <TextInput
        size="xs"
        label="Or not taken forward, because"
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        error={errors.note}
      />
      <Button size="xs" variant="default" onClick={() => m.mutate('dismissed')}>
        Dismiss
      </Button>
    </Group>
  );
}

/** A module's items from MDT actions still to complete (drafts), shown distinctly above its own list. */
export function MdtDraftList({ module, patientId }: { module: LinkModule; patientId?: number }) {
  const session = useSession();
  // Started with the module's screen (api/screenQueries.ts), so the key and request are written there once.
  const q = useQuery(screenQueries.mdtDrafts(module, patientId ?? null));
  if (!q.data || q.data.length === 0) return null;
  return (
    <Paper
      withBorder
      p="md"
      mb="md"
      component="section"
      aria-label="Drafts from the MDT"
      data-testid="mdt-drafts"
    >
      <Group gap="xs" mb="xs">
        <Title order={3} size="h5">
          Drafts from the MDT
        </Title>
        <Badge color="indigo.9" variant="filled">
          {q.data.length}
        </Badge>
        <Text size="sm" c="dimmed">
          not active until a clinician completes them
        </Text>
      </Group>
      <Table aria-label="Drafts from the MDT">
        <Table.Thead>
          <Table.Tr>
            {patientId === undefined && <Table.Th>Patient</Table.Th>}
            <Table.Th>Draft</Table.Th>
            <Table.Th>From MDT</Table.Th>
            <Table.Th>Owner, due</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {q.data.map((d) => (
            <Table.Tr key={`${d.kind}-${d.itemId}`}>
              {patientId === undefined && (
                <Table.Td>
                  <Anchor component={Link} to={`/patients/${d.patientId}`}>
                    {d.patientName}
                  </Anchor>
                  {d.nhsNumber && (
                    <Text size="xs" c="dimmed">
                      {formatNhsNumber(d.nhsNumber)}
                    </Text>
                  )}
                </Table.Td>
              )}
              <Table.Td>
                <Group gap={6}>
                  <FromMdtBadge />
                  {d.kind === 'rehab-goal-draft' ? (
                    <Text span>{d.label}</Text>
                  ) : (
                    <Anchor component={Link} to={d.href}>
                      {d.label}
                    </Anchor>
                  )}
                </Group>
                {d.detail && <Text size="sm">{d.detail}</Text>}
                <Text size="xs" c="dimmed">
                  {d.statusLabel}
                </Text>
                {d.kind === 'rehab-goal-draft' && session.can('rehab.write') && (
                  <ResolveGoal draftId={d.itemId} patientId={d.patientId} />
                )}
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/mdt/meetings/${d.meetingId}`}>
                  {formatDateGb(d.meetingDate)}
                </Anchor>
                : {d.question || d.actionDescription}
              </Table.Td>
              <Table.Td>
                {d.ownerName}, {formatDateGb(d.dueDate)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
