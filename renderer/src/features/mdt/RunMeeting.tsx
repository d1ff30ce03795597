import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Grid,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { OUTCOME_KINDS, OUTCOME_KIND_LABELS, type OutcomeKind } from '../../../../shared/clinical/mdt/index';
import { formatDateGb } from '../../../../shared/dates';
import {
  ACTION_TYPE_LABELS,
  ACTION_TYPE_VALUES,
  type ListingView,
  type MeetingDetail,
  type OutcomeView,
} from '../../../../shared/domain/mdt';
import { api, ApiError } from '../../api/client';
import { serverFieldErrors } from '../../app/forms';
import { useSession } from '../../app/session';
import { Attendance } from './Attendance';
import type { DraftActionLinkDetails } from '../../../../shared/domain/mdt-links';
import { ActionLinkFields, DraftCreated, linkPayload, validateActionLinks } from './ActionLinks';
import { CaseRehab, errorText, LateBadge, Loading, localTime, QuorumBadge, usePeople } from './common';
import { DateField } from '../../app/DateField';
import { Notice } from '../../app/Notice';

interface DraftAction {
  description: string;
  type: (typeof ACTION_TYPE_VALUES)[number];
  ownerId: number | null;
  dueDate: string;
  /** What an intervention, medication-change or rehab-goal action asks of its module. */
  link?: DraftActionLinkDetails | undefined;
}
interface Draft {
  kind: OutcomeKind;
  summary: string;
  optionsText: string;
  rationale: string;
  reviewDate: string;
  patientSummary: string;
  patientPreferencesConsidered: boolean;
  noAction: boolean;
  actions: DraftAction[];
}

function fromOutcome(o: OutcomeView | null): Draft {
  return {
    kind: o?.kind ?? 'recommendation',
    summary: o?.summary ?? '',
    optionsText: (o?.options ?? []).join('\n'),
    rationale: o?.rationale ?? '',
    reviewDate: o?.reviewDate ?? '',
    patientSummary: o?.patientSummary ?? '',
    patientPreferencesConsidered: o?.patientPreferencesConsidered ?? false,
    noAction: o?.noAction ?? false,
    actions: (o?.actions ?? []).map((a) => ({
      description: a.description,
      type: a.type,
      ownerId: a.ownerId,
      dueDate: a.dueDate,
      link: a.link ?? undefined,
    })),
  };
}

function toPayload(d: Draft) {
  return {
    kind: d.kind,
    summary: d.summary,
    options: d.optionsText
      .split('\n')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    rationale: d.rationale,
    patientPreferencesConsidered: d.patientPreferencesConsidered,
    reviewDate: d.reviewDate || null,
    patientSummary: d.patientSummary,
    noAction: d.noAction,
  };
}

function CaseTimer({ startedAt, planned }: { startedAt: string | null; planned: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  if (!startedAt) return <Text size="sm">Not started</Text>;
  const secs = Math.max(0, Math.floor((now - new Date(startedAt).getTime()) / 1000));
  const over = secs > planned * 60;
  return (
    <Text size="sm" fw={700} c={over ? 'red.9' : 'dark.9'} aria-label="Time on this case">
      {Math.floor(secs / 60)}:{String(secs % 60).padStart(2, '0')} of {planned}:00{over ? ' (over)' : ''}
    </Text>
  );
}

function OutcomeForm({ listing, detail }: { listing: ListingView; detail: MeetingDetail }) {
  const existing = useQuery({
    queryKey: ['mdt:outcome', listing.id],
    queryFn: () => api.call('mdt:outcome:get', { listingId: listing.id }),
    staleTime: Infinity,
  });
  const [message, setMessage] = useState<string | null>(null);
  if (existing.data === undefined) return <Loading error={existing.error} />;
  return (
    <OutcomeEditor
      message={message}
      setMessage={setMessage}
      key={`${existing.data?.status ?? 'none'}-${existing.data?.version ?? 0}`}
      listing={listing}
      detail={detail}
      existing={existing.data}
    />
  );
}

function OutcomeEditor({
  listing,
  detail,
  existing,
  message,
  setMessage,
}: {
  listing: ListingView;
  detail: MeetingDetail;
  existing: OutcomeView | null;
  message: string | null;
  setMessage: (m: string | null) => void;
}) {
  const session = useSession();
  const people = usePeople();
  const qc = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => fromOutcome(existing));
  const [saved, setSaved] = useState<string>('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const confirmed = existing?.status === 'confirmed';
  const saveNow = useCallback(
    async (d: Draft) => {
      await api.call('mdt:outcome:saveDraft', {
        listingId: listing.id,
        ...toPayload(d),
        actions: d.actions.map((a) => ({
          description: a.description,
          type: a.type,
          ownerId: a.ownerId,
          dueDate: a.dueDate,
          ...a.link,
        })),
      });
      setSaved(`Draft saved ${new Date().toLocaleTimeString('en-GB')}`);
    },
    [listing.id],
  );
  const change = (patch: Partial<Draft>) => {
    if (confirmed) return;
    const next = { ...draft, ...patch };
    setDraft(next);
    setSaved('Saving…');
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void saveNow(next).catch((e: unknown) => setSaved(errorText(e))), 400);
  };
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const confirm = useMutation({
    mutationFn: (d: Draft) => {
      const linkErrors = validateActionLinks(d.actions);
      if (Object.keys(linkErrors).length > 0)
        throw new ApiError({
          code: 'VALIDATION',
          message: 'Complete the details each action needs (marked below).',
          fields: linkErrors,
        });
      return api.call('mdt:outcome:confirm', {
        listingId: listing.id,
        outcome: {
          ...toPayload(d),
          actions: d.actions.map((a) => ({
            description: a.description,
            type: a.type,
            ownerId: a.ownerId ?? 0,
            dueDate: a.dueDate,
            ...linkPayload(a.type, a.link),
          })),
        },
      });
    },
    onSuccess: async (r) => {
      setErrors({});
      setMessage(
        r.warnings.length > 0
          ? `Confirmed with a warning: ${r.warnings.map((w) => w.message).join(' ')}`
          : 'Outcome confirmed.',
      );
      await qc.invalidateQueries({ queryKey: ['mdt:outcome', listing.id] });
      await qc.invalidateQueries({ queryKey: ['mdt:meeting', detail.meeting.id] });
    },
    onError: (e) => {
      setErrors(serverFieldErrors(e));
      setMessage(errorText(e));
    },
  });
  const ro = confirmed || detail.meeting.status === 'closed';
  const err = (k: string) => errors[k] ?? errors[`outcome.${k}`];
  return (
    <Paper withBorder p="md" component="section" aria-label="Outcome">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Outcome {confirmed ? `(confirmed, version ${existing?.version})` : ''}
        </Title>
        <Text size="sm" c="dimmed" aria-live="polite">
          {saved}
        </Text>
      </Group>
      {message && (
        <Notice
          kind={
            confirm.isError ? 'error' : message.startsWith('Confirmed with a warning') ? 'warning' : 'success'
          }
          mt="xs"
        >
          {message}
        </Notice>
      )}
      <Stack gap="xs" mt="xs">
        <NativeSelect
          label="Outcome"
          disabled={ro}
          data={OUTCOME_KINDS.map((k) => ({ value: k, label: OUTCOME_KIND_LABELS[k] }))}
          value={draft.kind}
          onChange={(e) => change({ kind: e.currentTarget.value as OutcomeKind })}
        />
        <Textarea
          label="Outcome in the MDT's words"
          autosize
          minRows={2}
          readOnly={ro}
          value={draft.summary}
          onChange={(e) => change({ summary: e.currentTarget.value })}
          error={err('summary')}
        />
        {draft.kind === 'options-to-discuss' && (
          <Textarea
            label="Options to discuss with the patient (one per line, at least two)"
            autosize
            minRows={2}
            readOnly={ro}
            value={draft.optionsText}
            onChange={(e) => change({ optionsText: e.currentTarget.value })}
            error={err('options')}
          />
        )}
        <Textarea
          label="Rationale"
          autosize
          minRows={1}
          readOnly={ro}
          value={draft.rationale}
          onChange={(e) => change({ rationale: e.currentTarget.value })}
        />
        <Group grow>
          <DateField
            label="Review date"
            readOnly={ro}
            value={draft.reviewDate}
            onChange={(e) => change({ reviewDate: e.currentTarget.value })}
            error={err('reviewDate')}
          />
          <Checkbox
            mt="lg"
            label="Patient's preferences considered"
            disabled={ro}
            checked={draft.patientPreferencesConsidered}
            onChange={(e) => change({ patientPreferencesConsidered: e.currentTarget.checked })}
          />
        </Group>
        <Textarea
          label="Plain-English summary for the patient letter"
          autosize
          minRows={1}
          readOnly={ro}
          value={draft.patientSummary}
          onChange={(e) => change({ patientSummary: e.currentTarget.value })}
        />
        <Title order={3} size="h5">
          Actions
        </Title>
        {draft.actions.map((a, i) => (
          <Stack key={i} gap={4}>
            <Group grow align="flex-start">
              <TextInput
                label={`Action ${i + 1}`}
                readOnly={ro}
                value={a.description}
                onChange={(e) =>
                  change({
                    actions: draft.actions.map((x, j) =>
                      j === i ? { ...x, description: e.currentTarget.value } : x,
                    ),
                  })
                }
                error={err(`actions[${i}]`) ?? err(`actions.${i}.ownerId`)}
              />
              <NativeSelect
                label={`Type of action ${i + 1}`}
                disabled={ro}
                data={ACTION_TYPE_VALUES.map((t) => ({ value: t, label: ACTION_TYPE_LABELS[t] }))}
                value={a.type}
                onChange={(e) =>
                  change({
                    actions: draft.actions.map((x, j) =>
                      j === i ? { ...x, type: e.currentTarget.value as DraftAction['type'] } : x,
                    ),
                  })
                }
              />
              <NativeSelect
                label={`Owner of action ${i + 1}`}
                disabled={ro}
                data={[
                  { value: '', label: 'Choose…' },
                  ...(people.data ?? []).map((p) => ({ value: String(p.id), label: p.name })),
                ]}
                value={a.ownerId ? String(a.ownerId) : ''}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  change({
                    actions: draft.actions.map((x, j) =>
                      j === i ? { ...x, ownerId: v ? Number(v) : null } : x,
                    ),
                  });
                }}
              />
              <DateField
                label={`Due date of action ${i + 1}`}
                readOnly={ro}
                value={a.dueDate}
                onChange={(e) =>
                  change({
                    actions: draft.actions.map((x, j) =>
                      j === i ? { ...x, dueDate: e.currentTarget.value } : x,
                    ),
                  })
                }
              />
            </Group>
            <ActionLinkFields
              index={i}
              type={a.type}
              link={a.link}
              patientId={listing.patientId}
              readOnly={ro}
              err={err}
              onChange={(link) =>
                change({ actions: draft.actions.map((x, j) => (j === i ? { ...x, link } : x)) })
              }
            />
            {existing?.actions[i]?.draft && (
              <DraftCreated
                draft={existing.actions[i].draft}
                index={i}
                actionStatus={existing.actions[i].status}
                completionNote={existing.actions[i].completionNote}
              />
            )}
          </Stack>
        ))}
        {!ro && (
          <Group>
            <Button
              variant="default"
              color="brand.9"
              onClick={() =>
                change({
                  actions: [...draft.actions, { description: '', type: 'other', ownerId: null, dueDate: '' }],
                  noAction: false,
                })
              }
            >
              Add an action
            </Button>
            <Checkbox
              label="No action needed"
              checked={draft.noAction}
              onChange={(e) => change({ noAction: e.currentTarget.checked })}
              error={err('actions') ?? err('noAction')}
            />
          </Group>
        )}
        {err('quorum') && <Alert color="red.9">{err('quorum')}</Alert>}
        {!ro && session.can('mdt.chair') && (
          <Button
            color="brand.8"
            onClick={() => confirm.mutate(draft)}
            loading={confirm.isPending}
            w="fit-content"
          >
            Confirm outcome
          </Button>
        )}
      </Stack>
    </Paper>
  );
}

function CaseSummaryPanel({ listingId }: { listingId: number }) {
  const q = useQuery({
    queryKey: ['mdt:summary', listingId],
    queryFn: () => api.call('mdt:case:summary', { listingId }),
  });
  if (!q.data) return <Loading error={q.error} />;
  const s = q.data;
  return (
    <Paper withBorder p="md" component="section" aria-label="Case summary">
      <Stack gap={4}>
        <Text>
          <b>Question:</b> {s.questions.join(' · ') || '—'}
        </Text>
        <Text>
          <b>What matters to the patient:</b> {s.whatMatters || 'Not recorded'}
        </Text>
        <Text>
          <b>Diagnosis:</b> {s.diagnosis ?? 'Not recorded'}
        </Text>
        <Text>
          <b>Allergies:</b>{' '}
          {s.allergies.length
            ? s.allergies.map((a) => `${a.agent} (${a.reaction})`).join(', ')
            : 'None recorded'}
        </Text>
        <Text>
          <b>Open actions:</b>{' '}
          {s.openActions.length
            ? s.openActions
                .map(
                  (a) =>
                    `${a.description} (${a.ownerName}, due ${formatDateGb(a.dueDate)}${a.overdue ? ', overdue' : ''})`,
                )
                .join('; ')
            : 'None'}
        </Text>
        {s.previousDiscussions.map((p) => (
          <Text key={p.date} size="sm">
            <b>Discussed {formatDateGb(p.date)}:</b> {OUTCOME_KIND_LABELS[p.kind]}: {p.summary}
          </Text>
        ))}
        {s.sections
          .filter((x) => x.title !== 'Rehabilitation')
          .map((x) => (
            <Text key={x.title} size="sm">
              <b>{x.title}:</b> {x.text ?? 'Not recorded yet'}
            </Text>
          ))}
        <CaseRehab rehab={s.rehab} />
        {!s.readiness.ready && (
          <Alert color="red.9" title="Missing before the meeting" p="xs">
            {s.readiness.missing.join('; ')}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

export function RunMeeting() {
  const { id } = useParams();
  const meetingId = Number(id);
  const navigate = useNavigate();
  const session = useSession();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['mdt:meeting', meetingId],
    queryFn: () => api.call('mdt:meeting:get', { meetingId }),
    refetchInterval: 30_000,
  });
  const [index, setIndex] = useState(0);
  const cases = (q.data?.listings ?? []).filter((l) => l.status !== 'withdrawn' && l.status !== 'deferred');
  const current = cases[Math.min(index, Math.max(0, cases.length - 1))];
  const start = useMutation({
    mutationFn: (listingId: number) => api.call('mdt:case:start', { listingId }),
    onSuccess: (d) => qc.setQueryData(['mdt:meeting', meetingId], d),
  });
  const finish = useMutation({
    mutationFn: () => api.call('mdt:meeting:finish', { meetingId, reasons: {} }),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: ['mdt:meeting', meetingId] });
      void navigate(`/mdt/meetings/${r.meetingId}/letters`);
    },
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (
        t &&
        (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)
      )
        return;
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'n' || e.key === 'N' || e.key === 'ArrowRight')
        setIndex((i) => Math.min(i + 1, Math.max(0, cases.length - 1)));
      if (e.key === 'p' || e.key === 'P' || e.key === 'ArrowLeft') setIndex((i) => Math.max(0, i - 1));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [cases.length]);
  if (!q.data) return <Loading error={q.error} />;
  const d = q.data;
  const closed = d.meeting.status === 'closed';
  const undiscussed = cases.filter((l) => l.status === 'proposed' || l.status === 'accepted');
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h3">
          Presentation: {d.meeting.meetingTypeName}, {formatDateGb(d.meeting.date)}
        </Title>
        <Text aria-live="polite">
          {d.forecast
            ? `Forecast finish ${localTime(d.forecast.finishLocal)}${d.forecast.overrunMinutes ? ` (${d.forecast.overrunMinutes} min over)` : ''}`
            : `Planned finish ${localTime(d.plan.plannedFinishLocal)}`}
        </Text>
      </Group>
      <Text size="sm" c="dimmed">
        Keys: N or → next case, P or ← previous case (when not typing).
      </Text>
      {cases.length === 0 ? (
        <Text c="dimmed">No cases on this list.</Text>
      ) : current ? (
        <Grid>
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="sm">
              <Paper withBorder p="md">
                <Group justify="space-between">
                  <div>
                    <Text size="sm">
                      Case {Math.min(index, cases.length - 1) + 1} of {cases.length}
                    </Text>
                    <Title order={2} size="h3" aria-live="polite">
                      {current.patientName}
                    </Title>
                    <Group gap={4}>
                      <LateBadge listing={current} />
                      <QuorumBadge q={d.quorum[current.id]} />
                      <Badge variant="filled" color="dark">
                        {current.status}
                      </Badge>
                    </Group>
                  </div>
                  <Stack gap={4} align="flex-end">
                    <CaseTimer startedAt={current.startedAt} planned={current.plannedMinutes} />
                    {!closed && !current.startedAt && session.can('mdt.manage') && (
                      <Button
                        color="brand.8"
                        onClick={() => start.mutate(current.id)}
                        loading={start.isPending}
                      >
                        Start discussing {current.patientName}
                      </Button>
                    )}
                  </Stack>
                </Group>
                {d.quorum[current.id] && !d.quorum[current.id]!.met && (
                  <Text size="sm" mt={4}>
                    {d.quorum[current.id]!.explanation}
                  </Text>
                )}
                {start.error && <Alert color="red.9">{errorText(start.error)}</Alert>}
              </Paper>
              <CaseSummaryPanel listingId={current.id} />
              <OutcomeForm key={current.id} listing={current} detail={d} />
              <Group>
                <Button
                  variant="light"
                  color="dark"
                  onClick={() => setIndex((i) => Math.max(0, i - 1))}
                  disabled={index === 0}
                >
                  Previous case
                </Button>
                <Button
                  variant="light"
                  color="dark"
                  onClick={() => setIndex((i) => Math.min(cases.length - 1, i + 1))}
                  disabled={index >= cases.length - 1}
                >
                  Next case
                </Button>
              </Group>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Stack gap="sm">
              <Attendance detail={d} />
              {!closed && session.can('mdt.chair') && (
                <Paper withBorder p="sm">
                  <Text size="sm">
                    {undiscussed.length} case(s) not yet discussed will be carried to the next meeting.
                  </Text>
                  <Button mt="xs" color="red.9" onClick={() => finish.mutate()} loading={finish.isPending}>
                    Finish meeting
                  </Button>
                  {finish.error && <Text c="red.9">{errorText(finish.error)}</Text>}
                </Paper>
              )}
            </Stack>
          </Grid.Col>
        </Grid>
      ) : null}
    </Stack>
  );
}
