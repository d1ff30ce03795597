/**
 * The outcome editor of presentation mode (issue 16): a react-hook-form form that never loses text.
 * - Every change is remembered at once (per listing, for this window) and autosaved 400 ms later; saves run
 *   one after another, and each saved answer is written into the query cache, so coming back to the case
 *   shows what was typed and later keystrokes add to it rather than overwrite it.
 * - Leaving the case (N, P, another screen) flushes a pending save; it is never cancelled.
 */
import {
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import {
  useCallback,
  useEffect,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type Ref,
} from 'react';
import { Controller, useFieldArray, useForm, useWatch, type Control } from 'react-hook-form';
import {
  OUTCOME_KINDS,
  OUTCOME_KIND_LABELS,
  PATIENT_ACTION_DEFAULTS,
  type OutcomeKind,
} from '../../../../shared/clinical/mdt/index';
import {
  ACTION_TYPE_LABELS,
  ACTION_TYPE_VALUES,
  type ListingView,
  type MeetingDetail,
  type OutcomeView,
} from '../../../../shared/domain/mdt';
import { patientLetterSeal, type PatientLetterAsShown } from '../../../../shared/domain/letter-seal';
import type { DraftActionLinkDetails } from '../../../../shared/domain/mdt-links';
import { api, ApiError } from '../../api/client';
import { screenQueries } from '../../api/screenQueries';
import { DateField } from '../../app/DateField';
import { applyServerErrors } from '../../app/forms';
import { Notice } from '../../app/Notice';
import { useSession } from '../../app/session';
import { ActionLinkFields, DraftCreated, linkPayload, validateActionLinks } from './ActionLinks';
import { errorText, Loading, usePeople } from './common';
import { ConfirmWithPatientLetter } from './PatientLetterPreview';

interface DraftAction {
  description: string;
  type: (typeof ACTION_TYPE_VALUES)[number];
  /** '' until an owner is chosen (select values are strings). */
  ownerId: string;
  dueDate: string;
  /** The action in the patient's words, for the patient letter ('' uses a plain default for its type). */
  patientWording?: string;
  /** What an intervention, medication-change or rehab-goal action asks of its module. */
  link?: DraftActionLinkDetails | undefined;
}
export interface Draft {
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

/** What the chair's keys can ask of the editor (RunMeeting's shortcuts). */
export interface EditorCommands {
  focusOutcome(): void;
  addAction(): void;
  confirm(): void;
}

const outcomeKey = (listingId: number) => screenQueries.mdtOutcome(listingId).queryKey;

/**
 * Text typed but not yet acknowledged by the database, per listing. An editor that mounts while a save of
 * its listing is still on the way starts from this, never from an older cached answer.
 */
const unsaved = new Map<number, Draft>();
/** One save at a time per listing, in the order typed. */
const saving = new Map<number, Promise<unknown>>();
/**
 * The draft each listing's editor started from (its saved time; null: no draft yet), sent with every save so
 * that someone else's draft saved meanwhile is never written over (issue 19): the server refuses and says
 * who changed it and what it now reads. Moves on with each of this window's own saves.
 */
const basedOn = new Map<number, string | null>();

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
      ownerId: a.ownerId ? String(a.ownerId) : '',
      dueDate: a.dueDate,
      patientWording: a.patientWording ?? '',
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

/** Queues a draft save for the listing after any save already on its way; the answer goes into the cache. */
function queueSave(qc: QueryClient, listingId: number, d: Draft): Promise<OutcomeView> {
  const previous = saving.get(listingId) ?? Promise.resolve();
  const next = previous
    .catch(() => undefined)
    .then(() =>
      api.call('mdt:outcome:saveDraft', {
        listingId,
        ...(basedOn.has(listingId) ? { basedOn: basedOn.get(listingId) ?? null } : {}),
        ...toPayload(d),
        actions: d.actions.map((a) => ({
          description: a.description,
          type: a.type,
          ownerId: a.ownerId ? Number(a.ownerId) : null,
          dueDate: a.dueDate,
          ...(a.patientWording?.trim() ? { patientWording: a.patientWording } : {}),
          ...a.link,
        })),
      }),
    )
    .then(
      (view) => {
        basedOn.set(listingId, view.updatedAt);
        qc.setQueryData(outcomeKey(listingId), view);
        if (unsaved.get(listingId) === d) unsaved.delete(listingId);
        return view;
      },
      async (e: unknown) => {
        // Someone else's draft: nothing was written over it. Coming back to the case shows theirs.
        if (e instanceof ApiError && e.code === 'CONFLICT') {
          unsaved.delete(listingId);
          await qc.invalidateQueries({ queryKey: outcomeKey(listingId) });
        }
        throw e;
      },
    );
  saving.set(listingId, next);
  void next.finally(() => {
    if (saving.get(listingId) === next) saving.delete(listingId);
  });
  return next;
}

interface SaveStatus {
  get(): string;
  set(text: string): void;
  subscribe(onChange: () => void): () => void;
}

function createSaveStatus(): SaveStatus {
  let text = '';
  const listeners = new Set<() => void>();
  return {
    get: () => text,
    set: (next) => {
      if (next === text) return;
      text = next;
      for (const l of listeners) l();
    },
    subscribe: (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
  };
}

function SaveStatusText({ status }: { status: SaveStatus }) {
  const text = useSyncExternalStore(status.subscribe, status.get);
  return (
    <Text size="sm" c="dimmed" aria-live="polite">
      {text}
    </Text>
  );
}

/** Each action's type (for its patient-letter default and its link fields), watched on its own. */
function useActionTypes(control: Control<Draft>, count: number): (DraftAction['type'] | undefined)[] {
  const names = useMemo(() => Array.from({ length: count }, (_, i) => `actions.${i}.type` as const), [count]);
  const types = useWatch({ control, name: names }) as (DraftAction['type'] | undefined)[];
  return count === 0 ? [] : types;
}

export function OutcomeForm({
  listing,
  detail,
  commands,
}: {
  listing: ListingView;
  detail: MeetingDetail;
  commands?: Ref<EditorCommands | null>;
}) {
  // The same query presentation mode reads ahead for the first case and each neighbour (api/screenQueries.ts).
  const existing = useQuery(screenQueries.mdtOutcome(listing.id));
  const [message, setMessage] = useState<string | null>(null);
  if (existing.data === undefined) return <Loading error={existing.error} />;
  const confirmed = existing.data?.status === 'confirmed';
  return (
    <OutcomeEditor
      message={message}
      setMessage={setMessage}
      // A draft's saves update the cache without remounting (the chair keeps typing); a confirmation does.
      key={confirmed ? `confirmed-${existing.data?.version ?? 0}` : 'draft'}
      listing={listing}
      detail={detail}
      existing={existing.data}
      commands={commands}
    />
  );
}

function OutcomeEditor({
  listing,
  detail,
  existing,
  message,
  setMessage,
  commands,
}: {
  listing: ListingView;
  detail: MeetingDetail;
  existing: OutcomeView | null;
  message: string | null;
  setMessage: (m: string | null) => void;
  commands?: Ref<EditorCommands | null> | undefined;
}) {
  const session = useSession();
  const people = usePeople();
  const qc = useQueryClient();
  const confirmed = existing?.status === 'confirmed';
  const ro = confirmed || detail.meeting.status === 'closed';
  const { register, control, watch, getValues, setValue, setError, clearErrors, formState, setFocus, reset } =
    useForm<Draft>({ defaultValues: (!ro && unsaved.get(listing.id)) || fromOutcome(existing) });
  const actions = useFieldArray({ control, name: 'actions' });
  // The save status has its own small store and component: a keystroke redraws that line, not the form.
  const [saveStatus] = useState(createSaveStatus);
  /** Someone else's draft was saved while this one was being typed (the server's words: who, when, what). */
  const [conflict, setConflict] = useState<string | null>(null);
  // The draft this editor starts from, unless this window's own save of it is still on the way.
  useState(() => {
    if (!ro && !saving.has(listing.id))
      basedOn.set(listing.id, existing?.status === 'draft' ? existing.updatedAt : null);
    return null;
  });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef<Draft | null>(null);

  const flush = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const d = pending.current;
    pending.current = null;
    if (!d) return;
    queueSave(qc, listing.id, d).then(
      () => {
        setConflict(null);
        saveStatus.set(`Draft saved ${new Date().toLocaleTimeString('en-GB')}`);
      },
      (e: unknown) => {
        if (e instanceof ApiError && e.code === 'CONFLICT') {
          saveStatus.set('Not saved');
          setConflict(e.message);
        } else saveStatus.set(errorText(e));
      },
    );
  }, [qc, listing.id, saveStatus]);
  // The confirm step: the patient letter written from what is typed, shown before Confirm exists.
  const letter = useMutation({
    mutationFn: async () => {
      flush();
      await saving.get(listing.id)?.catch(() => undefined);
      return api.call('mdt:outcome:previewPatientLetter', { listingId: listing.id });
    },
  });
  // Closing a letter that is not open would still redraw the whole editor (a new mutation state): skipped.
  const closeLetter = useRef(letter.reset);
  closeLetter.current = letter.isIdle ? () => undefined : letter.reset;

  useEffect(() => {
    if (ro) return;
    const sub = watch(() => {
      const d = structuredClone(getValues());
      unsaved.set(listing.id, d);
      pending.current = d;
      // The letter on screen must be the one Confirm writes: a change closes it.
      closeLetter.current();
      saveStatus.set('Saving…');
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(flush, 400);
    });
    return () => sub.unsubscribe();
  }, [watch, getValues, flush, listing.id, ro, saveStatus]);
  // Leaving the case: the last keystrokes are saved, not dropped.
  useEffect(() => () => flush(), [flush]);

  const confirm = useMutation({
    // `shown`: the patient letter on screen; its seal tells the server which letter the chair read.
    mutationFn: async ({ d, shown }: { d: Draft; shown: PatientLetterAsShown }) => {
      const linkErrors = validateActionLinks(d.actions);
      if (Object.keys(linkErrors).length > 0)
        throw new ApiError({
          code: 'VALIDATION',
          message: 'Complete the details each action needs (marked below).',
          fields: linkErrors,
        });
      flush();
      await saving.get(listing.id)?.catch(() => undefined);
      return api.call('mdt:outcome:confirm', {
        listingId: listing.id,
        patientLetterSeal: patientLetterSeal(shown),
        outcome: {
          ...toPayload(d),
          actions: d.actions.map((a) => ({
            description: a.description,
            type: a.type,
            ownerId: a.ownerId ? Number(a.ownerId) : 0,
            dueDate: a.dueDate,
            ...(a.patientWording?.trim() ? { patientWording: a.patientWording.trim() } : {}),
            ...linkPayload(a.type, a.link),
          })),
        },
      });
    },
    onSuccess: async (r) => {
      clearErrors();
      unsaved.delete(listing.id);
      setMessage(
        r.warnings.length > 0
          ? `Confirmed with a warning: ${r.warnings.map((w) => w.message).join(' ')}`
          : 'Outcome confirmed.',
      );
      qc.setQueryData(outcomeKey(listing.id), r.outcome);
      await qc.invalidateQueries({ queryKey: ['mdt:meeting', detail.meeting.id] });
    },
    onError: (e) => {
      // The letter changed since it was read (someone else's change, or the patient's details): nothing was
      // confirmed; the letter is written again on screen for the chair to read before confirming.
      if (e instanceof ApiError && e.fields?.patientLetter) {
        setMessage(e.fields.patientLetter);
        letter.mutate();
        return;
      }
      setMessage(applyServerErrors(e, setError, 'outcome.'));
    },
  });

  const addAction = () => {
    actions.append({ description: '', type: 'other', ownerId: '', dueDate: '', patientWording: '' });
    setValue('noAction', false);
  };
  useImperativeHandle(
    commands,
    () => ({
      focusOutcome: () => setFocus('summary'),
      addAction: () => {
        if (ro) return;
        addAction();
        setTimeout(() => setFocus(`actions.${getValues('actions').length - 1}.description`), 0);
      },
      // Ctrl+Enter: the first press shows the patient letter; only with the letter on screen does it confirm.
      confirm: () => {
        if (ro || !session.can('mdt.chair')) return;
        if (letter.data) confirm.mutate({ d: getValues(), shown: letter.data });
        else if (!letter.isPending) letter.mutate();
      },
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ro, setFocus, getValues, session, letter.data, letter.isPending],
  );

  /** The message at a server or client field path ("summary", "actions[0]", "actions.0.intervention.site"). */
  const err = (k: string): string | undefined => {
    let node: unknown = formState.errors;
    for (const part of k.replace(/\[(\d+)\]/g, '.$1').split('.')) {
      if (node === null || typeof node !== 'object') return undefined;
      node = (node as Record<string, unknown>)[part];
    }
    const m = (node as { message?: unknown } | undefined)?.message;
    return typeof m === 'string' ? m : undefined;
  };
  // Watched here, not with watch(): a keystroke in an action's text does not redraw the whole editor, only a
  // change of the outcome's kind or of an action's type (issue 18).
  const kind = useWatch({ control, name: 'kind' });
  const actionTypes = useActionTypes(control, actions.fields.length);

  return (
    <Paper withBorder p="md" component="section" aria-label="Outcome">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Outcome {confirmed ? `(confirmed, version ${existing?.version})` : ''}
        </Title>
        <SaveStatusText status={saveStatus} />
      </Group>
      {conflict && (
        <Notice kind="error" title="Someone else changed this draft" mt="xs">
          <Stack gap="xs">
            <Text size="sm">{conflict}</Text>
            <Group>
              <Button
                size="xs"
                variant="light"
                onClick={async () => {
                  const theirs = await qc.fetchQuery({
                    queryKey: outcomeKey(listing.id),
                    queryFn: () => api.call('mdt:outcome:get', { listingId: listing.id }),
                  });
                  basedOn.set(listing.id, theirs?.status === 'draft' ? theirs.updatedAt : null);
                  unsaved.delete(listing.id);
                  pending.current = null;
                  reset(fromOutcome(theirs));
                  setConflict(null);
                  saveStatus.set('');
                }}
              >
                Show their draft
              </Button>
            </Group>
          </Stack>
        </Notice>
      )}
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
          {...register('kind')}
        />
        <Textarea
          label="Outcome in the MDT's words"
          autosize
          minRows={2}
          readOnly={ro}
          {...register('summary')}
          error={err('summary')}
        />
        {kind === 'options-to-discuss' && (
          <Textarea
            label="Options to discuss with the patient (one per line, at least two)"
            autosize
            minRows={2}
            readOnly={ro}
            {...register('optionsText')}
            error={err('options')}
          />
        )}
        <Textarea label="Rationale" autosize minRows={1} readOnly={ro} {...register('rationale')} />
        <Group grow>
          <DateField
            label="Review date"
            readOnly={ro}
            {...register('reviewDate')}
            error={err('reviewDate')}
          />
          <Checkbox
            mt="lg"
            label="Patient's preferences considered"
            disabled={ro}
            {...register('patientPreferencesConsidered')}
          />
        </Group>
        <Textarea
          label="Plain-English summary for the patient letter"
          description="Written to the patient: for example “You told us that walking is hard. We suggest…”"
          autosize
          minRows={1}
          readOnly={ro}
          {...register('patientSummary')}
        />
        <Title order={3} size="h5">
          Actions
        </Title>
        {actions.fields.map((field, i) => {
          const a = { type: actionTypes[i] };
          return (
            <Stack key={field.id} gap={4}>
              <Group grow align="flex-start">
                <TextInput
                  label={`Action ${i + 1}`}
                  readOnly={ro}
                  {...register(`actions.${i}.description`)}
                  error={
                    err(`actions[${i}]`) ?? err(`actions.${i}.ownerId`) ?? err(`actions.${i}.description`)
                  }
                />
                <NativeSelect
                  label={`Type of action ${i + 1}`}
                  disabled={ro}
                  data={ACTION_TYPE_VALUES.map((t) => ({ value: t, label: ACTION_TYPE_LABELS[t] }))}
                  {...register(`actions.${i}.type`)}
                />
                <NativeSelect
                  label={`Owner of action ${i + 1}`}
                  disabled={ro}
                  data={[
                    { value: '', label: 'Choose…' },
                    ...(people.data ?? []).map((p) => ({ value: String(p.id), label: p.name })),
                  ]}
                  {...register(`actions.${i}.ownerId`)}
                />
                <DateField
                  label={`Due date of action ${i + 1}`}
                  readOnly={ro}
                  {...register(`actions.${i}.dueDate`)}
                  error={err(`actions.${i}.dueDate`)}
                />
              </Group>
              <TextInput
                label={`Action ${i + 1} in the patient’s words (optional)`}
                description={
                  PATIENT_ACTION_DEFAULTS[a?.type ?? 'other']
                    ? `Left blank, the patient letter says: “${PATIENT_ACTION_DEFAULTS[a?.type ?? 'other']}”`
                    : 'Left blank, the patient letter leaves this action out and says the team will talk the rest of the plan through.'
                }
                readOnly={ro}
                {...register(`actions.${i}.patientWording`)}
              />
              <Controller
                control={control}
                name={`actions.${i}.link`}
                render={({ field: f }) => (
                  <ActionLinkFields
                    index={i}
                    type={a?.type ?? 'other'}
                    link={f.value}
                    patientId={listing.patientId}
                    readOnly={ro}
                    err={err}
                    onChange={f.onChange}
                  />
                )}
              />
              {!ro && (
                <Button variant="default" size="compact-sm" w="fit-content" onClick={() => actions.remove(i)}>
                  Remove action {i + 1}
                </Button>
              )}
              {existing?.actions[i]?.draft && (
                <DraftCreated
                  draft={existing.actions[i].draft}
                  index={i}
                  actionStatus={existing.actions[i].status}
                  completionNote={existing.actions[i].completionNote}
                />
              )}
            </Stack>
          );
        })}
        {!ro && (
          <Group>
            <Button variant="default" color="brand.9" onClick={addAction}>
              Add an action
            </Button>
            <Checkbox
              label="No action needed"
              {...register('noAction')}
              error={err('actions') ?? err('noAction')}
            />
          </Group>
        )}
        {err('quorum') && <Alert color="red.9">{err('quorum')}</Alert>}
        {err('meeting') && <Alert color="red.9">{err('meeting')}</Alert>}
        {!ro && session.can('mdt.chair') && (
          <ConfirmWithPatientLetter
            letter={letter.data}
            opening={letter.isPending}
            openError={letter.error}
            confirming={confirm.isPending}
            onOpen={() => letter.mutate()}
            onConfirm={() => letter.data && confirm.mutate({ d: getValues(), shown: letter.data })}
            onBack={() => letter.reset()}
          />
        )}
      </Stack>
    </Paper>
  );
}
